package org.slicewise.core.seg.djl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory this process holds outside the Java heap (Linux /proc), for native-leak tests. */
public final class NativeMemory {
    private NativeMemory() {
    }

    /**
     * Resident set size minus the committed Java heap, after a GC. The committed heap can grow or
     * shrink by hundreds of MiB between two readings (large float[] tensors copied per call are
     * humongous G1 allocations), which says nothing about native leaks; subtracting it leaves what
     * ONNX Runtime / libtorch and the JVM itself hold.
     */
    public static long nonHeapResidentBytes() {
        System.gc();
        long heap = Runtime.getRuntime().totalMemory();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024 - heap;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
