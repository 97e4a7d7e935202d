#!/bin/bash
# Runs Slicewise (CLI, or the class in $MAIN) from an unpacked bundle with a given libtorch and the
# stand-in JNI (see README.md). usage: run.sh BUNDLE TORCHLIB FLAVOR slicewise-args...
set -u
B=$1; TL=$2; FL=$3; shift 3
export DJL_CACHE_DIR=/tmp/djlc ENGINE_CACHE_DIR=/tmp/djlc
# DJL's LibUtils takes the JNI library from its cache when one is there for this version/flavor
mkdir -p /tmp/djlc/pytorch/2.7.1-$FL-linux-x86_64
cp "$B/libdjl_torch.so" /tmp/djlc/pytorch/2.7.1-$FL-linux-x86_64/0.35.1-libdjl_torch.so
export PYTORCH_LIBRARY_PATH=$TL PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=$FL
# the same native settings as ./slicewise
export OMP_WAIT_POLICY=PASSIVE MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=67108864
exec "$B/jre/bin/java" -Xmx16g -XX:MaxDirectMemorySize=4g -Dai.djl.offline=true -Donnxruntime.native.path="$B/ort" \
  -Dslicewise.home="$B" -cp "$B/cp/*" ${MAIN:-org.slicewise.app.Main} "$@"
