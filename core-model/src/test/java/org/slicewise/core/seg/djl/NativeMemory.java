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
        // Tensors handed to ONNX Runtime/libtorch live in direct ByteBuffers, whose native memory is
        // freed by a Cleaner some time AFTER the GC that found them unreachable. Reading right after
        // System.gc() can still count hundreds of MiB of garbage buffers, so wait until it settles.
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 30; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = rss() - Runtime.getRuntime().totalMemory();
            if (Math.abs(last - now) < (1L << 20)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
