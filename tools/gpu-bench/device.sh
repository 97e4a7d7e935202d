# Sourced on the lent GPU machine from the bundle folder's parent (see README.md): unpacks the bundle to
# /tmp/sw, points the stand-ins at the machine's own libtorch (PyTorch wheel) and ONNX Runtime, builds the
# stand-in JNI against that libtorch, and sets $BENCH ("$BENCH bench seg ..." runs the CLI).
G="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; S=/tmp/sw
mkdir -p $S/model
[ -d $S/jre ] || tar -C $S -xJf "$G/jre.tar.xz"
[ -d $S/cp ] || tar -C $S -xJf "$G/app.tar.xz"
cp "$G/model/model.json" $S/model/
for f in encoder.onnx sam.onnx; do [ -s $S/model/$f ] || xz -dc "$G/model/$f.xz" > $S/model/$f; done
PY=$(python3 -c "import torch,os;print(os.path.dirname(os.path.dirname(torch.__file__)))")
TL=$PY/torch/lib
# DJL loads every library in PYTORCH_LIBRARY_PATH: give it only libtorch's own (the CUDA runtime comes by LD_LIBRARY_PATH)
mkdir -p /tmp/lt && for f in libc10.so libc10_cuda.so libtorch_cpu.so libtorch_cuda.so libtorch.so libgomp.so.1 libcaffe2_nvrtc.so; do
  [ -e $TL/$f ] && ln -sf $TL/$f /tmp/lt/$f; done
export LD_LIBRARY_PATH=$TL:$(ls -d $PY/nvidia/*/lib 2>/dev/null | tr '\n' ':')${LD_LIBRARY_PATH:-}
cp "$G/ort-shim.so" $S/ort/libonnxruntime.so
export ORT_REAL_LIB=$(ls $PY/onnxruntime/capi/libonnxruntime.so.1.* | head -1)
if [ ! -s $S/libdjl_torch.so ]; then
  ABI=$(python3 -c "import torch;print(int(torch._C._GLIBCXX_USE_CXX11_ABI))")
  g++ -O2 -shared -fPIC -std=c++17 -D_GLIBCXX_USE_CXX11_ABI=$ABI -I$PY/torch/include -I$PY/torch/include/torch/csrc/api/include \
    -I"$G/jni" "$G/jni/djl_torch_standin.cc" -o $S/libdjl_torch.so -L$TL -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10 \
    $( [ -e $TL/libtorch_cuda.so ] && echo -ltorch_cuda -lc10_cuda )
fi
FLAVOR=$(python3 -c "import torch;print('cu128' if torch.cuda.is_available() else 'cpu')")
export BENCH="$S/run.sh $S /tmp/lt $FLAVOR" DATA="$G/data" MODEL=$S/model
echo "bundle ready: torch $(python3 -c 'import torch;print(torch.__version__)'), ORT $ORT_REAL_LIB, flavor $FLAVOR"
