package org.slicewise.io.dicom;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * One shared pool (daemon threads, one per core) for header parsing and pixel decoding, so worker
 * threads and their reusable read buffers survive between loads.
 */
final class Workers {
    private Workers() {
    }

    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
            p -> {
                ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                t.setDaemon(true);
                t.setName("slicewise-dicom-" + t.getPoolIndex());
                return t;
            }, null, false);

    /** Runs {@code r} (which may use parallel streams) inside the pool and waits for it. */
    static void run(Runnable r) throws IOException {
        try {
            POOL.submit(r).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }
}
