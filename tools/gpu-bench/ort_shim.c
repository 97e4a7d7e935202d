/*
 * Measurement-only: forwards the two versioned entry points that ONNX Runtime 1.21.1's Java JNI
 * (libonnxruntime4j_jni.so) binds to (OrtGetApiBase@VERS_1.21.1 and
 * OrtSessionOptionsAppendExecutionProvider_CPU@VERS_1.21.1) to another ONNX Runtime build named by
 * $ORT_REAL_LIB (the lent GPU machine has ORT 1.30, whose C API serves API version 21). Built with
 * ort_shim.map as libonnxruntime.so (soname libonnxruntime.so.1). See README.md.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static void *real;

static void *sym(const char *name) {
    if (!real) {
        const char *path = getenv("ORT_REAL_LIB");
        real = path ? dlopen(path, RTLD_NOW | RTLD_GLOBAL) : NULL;
        if (!real) {
            fprintf(stderr, "ort shim: cannot open ORT_REAL_LIB (%s): %s\n", path ? path : "unset", dlerror());
            abort();
        }
    }
    return dlsym(real, name);
}

const void *OrtGetApiBase(void) {
    return ((const void *(*)(void)) sym("OrtGetApiBase"))();
}

void *OrtSessionOptionsAppendExecutionProvider_CPU(void *options, int useArena) {
    return ((void *(*)(void *, int)) sym("OrtSessionOptionsAppendExecutionProvider_CPU"))(options, useArena);
}
