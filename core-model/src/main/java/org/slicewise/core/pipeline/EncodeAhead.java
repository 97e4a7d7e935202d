package org.slicewise.core.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.volume.Volume;

/**
 * Throughput mode of one pipeline run ({@link PipelineOptions#encoders()} ≥ 2): {@code n} encoder threads take
 * the run's slices in the order the run needs them and fetch their embeddings through the
 * {@link SliceSegmenter} (its cache's single flight: one encode per slice whatever the number of callers),
 * while the run's thread decodes. At most {@code lookahead} slices are encoded ahead of the slice the run is
 * at, so the embeddings waiting for the decoder stay few (the cache cannot evict them before they are used).
 * Each slice's embedding is handed to the run once; a later fetch of the same slice goes to the segmenter
 * (a cache hit), as in the serial mode. {@link #close} stops the threads at their next slice (an encode in
 * progress finishes).
 */
final class EncodeAhead implements AutoCloseable {
    private final SliceSegmenter segmenter;
    private final Volume volume;
    private final InputWindow window;
    private final int[] order;
    private final Map<Integer, Integer> index = new HashMap<>();
    /** Per order index: the embedding's future (kept by the threads until completed). */
    private final List<CompletableFuture<Embedding>> futures = new ArrayList<>();
    /** Guarded by this: per order index, whether the run has been handed that future. */
    private final List<Boolean> handed = new ArrayList<>();
    private final int lookahead;
    /** Guarded by this: next index a thread takes; indexes below {@code consumed} were handed to the run. */
    private int next;
    private int consumed;
    private boolean closed;

    /**
     * @param order     slices in the order the run first needs them (no duplicates)
     * @param encoders  encoder threads
     * @param lookahead how many slices beyond the run's position may be encoded (at least {@code encoders})
     */
    EncodeAhead(SliceSegmenter segmenter, Volume volume, InputWindow window, List<Integer> order, int encoders, int lookahead) {
        this.segmenter = segmenter;
        this.volume = volume;
        this.window = window;
        this.order = order.stream().mapToInt(Integer::intValue).toArray();
        this.lookahead = Math.max(encoders, lookahead);
        for (int i = 0; i < this.order.length; i++) {
            index.put(this.order[i], i);
            futures.add(new CompletableFuture<>());
            handed.add(false);
        }
        for (int t = 0; t < encoders; t++) {
            Thread th = new Thread(this::work, "slicewise-encode-" + t);
            th.setDaemon(true);
            th.start();
        }
    }

    private void work() {
        while (true) {
            int i;
            CompletableFuture<Embedding> f;
            synchronized (this) {
                while (!closed && next < order.length && next >= consumed + lookahead) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed || next >= order.length) {
                    return;
                }
                i = next++;
                f = futures.get(i);
            }
            if (f == null) {
                continue; // the run got there first and fetched it itself
            }
            try {
                f.complete(segmenter.embedding(volume, order[i], window));
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e); // the run reports it when it needs this slice
            }
        }
    }

    /** The embedding of slice z: from the encoder threads the first time, else from the segmenter. */
    Embedding embedding(int z) {
        Integer i = index.get(z);
        CompletableFuture<Embedding> f;
        synchronized (this) {
            f = i == null || handed.get(i) || i >= next ? null : futures.get(i);
            if (i != null && !handed.get(i)) {
                // once: a later fetch goes to the segmenter (its cache bounds what is kept); a slice no thread
                // has taken yet is fetched by the run itself (the threads skip it)
                handed.set(i, true);
                futures.set(i, null);
                consumed = Math.max(consumed, i + 1);
                notifyAll();
            }
        }
        if (f == null) {
            return segmenter.embedding(volume, z, window);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the embedding of slice " + z);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops the encoder threads: none starts another slice (an encode in progress finishes). */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
