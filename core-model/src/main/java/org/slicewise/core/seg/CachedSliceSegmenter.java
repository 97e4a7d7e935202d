package org.slicewise.core.seg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slicewise.core.volume.Volume;

/**
 * The {@link SliceSegmenter} used by the CLI, pipeline and UI: MedSAM preprocessing, an in-memory
 * LRU embedding cache (bytes-bounded, optional fp16), an optional disk store, background prefetch
 * (latest request wins) and encoder/decoder call counters over a {@link SegmentationEngine}.
 * Thread-safe. Closing it closes the engine.
 */
public final class CachedSliceSegmenter implements SliceSegmenter {
    /** Axis id of axial slices in cache keys. */
    public static final int AXIAL = 2;

    /**
     * Options.
     *
     * @param cacheBytes       in-memory cache bound in bytes
     * @param half             store embeddings as fp16
     * @param disk             disk store, or null
     * @param fillHoles        fill holes of each decoded mask
     * @param keepLargest      keep only the largest component of each decoded mask
     * @param resolveOverlaps  resolve overlapping objects of one decode by the larger logit
     */
    public record Options(long cacheBytes, boolean half, DiskEmbeddingStore disk, boolean fillHoles, boolean keepLargest,
                          boolean resolveOverlaps) {
        public static Options defaults() {
            return new Options(EmbeddingCache.defaultMaxBytes(), true, null, false, false, true);
        }

        public Options withDisk(DiskEmbeddingStore d) {
            return new Options(cacheBytes, half, d, fillHoles, keepLargest, resolveOverlaps);
        }

        public Options withCacheBytes(long b) {
            return new Options(b, half, disk, fillHoles, keepLargest, resolveOverlaps);
        }

        public Options withHalf(boolean h) {
            return new Options(cacheBytes, h, disk, fillHoles, keepLargest, resolveOverlaps);
        }

        public Options withPost(boolean fill, boolean largest, boolean overlaps) {
            return new Options(cacheBytes, half, disk, fill, largest, overlaps);
        }
    }

    private final SegmentationEngine engine;
    private final Options options;
    private final String fingerprint;
    private final EmbeddingCache cache;
    private final SlicePreprocessor pre = new SlicePreprocessor();
    private final AtomicLong encoderCalls = new AtomicLong();
    private final AtomicLong decoderCalls = new AtomicLong();
    private final AtomicLong diskHits = new AtomicLong();
    private final AtomicLong prefetchGeneration = new AtomicLong();
    private final ExecutorService prefetcher;
    private volatile Future<?> prefetchTask;

    public CachedSliceSegmenter(SegmentationEngine engine) {
        this(engine, Options.defaults(), null);
    }

    /**
     * @param fingerprint identity of the model weights for the disk store (defaults to the model id)
     */
    public CachedSliceSegmenter(SegmentationEngine engine, Options options, String fingerprint) {
        this.engine = engine;
        this.options = options;
        this.fingerprint = fingerprint != null ? fingerprint : engine.info().id();
        this.cache = new EmbeddingCache(options.cacheBytes(), options.half());
        this.prefetcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "slicewise-prefetch");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    @Override
    public ModelInfo info() {
        return engine.info();
    }

    public EmbeddingCache cache() {
        return cache;
    }

    public SlicePreprocessor preprocessor() {
        return pre;
    }

    public SegmentationEngine engine() {
        return engine;
    }

    @Override
    public Embedding embedding(Volume volume, int z, InputWindow window) {
        EmbeddingKey key = new EmbeddingKey(volume.id(), AXIAL, z, window.key(), engine.info().id());
        return embedding(key, () -> pre.slice(volume, z, window));
    }

    /** Cached embedding for any slice (other axes, or an image prepared by the caller). */
    public Embedding embedding(EmbeddingKey key, Supplier<SliceImage> image) {
        return cache.get(key, () -> {
            SliceImage img = image.get();
            DiskEmbeddingStore disk = options.disk();
            String contentKey = null;
            if (disk != null) {
                contentKey = DiskEmbeddingStore.contentKey(fingerprint, key.windowKey(), key.axis(), img);
                Embedding e = disk.read(contentKey);
                if (e != null && e.modelId().equals(engine.info().id())
                        && e.imageWidth() == img.width() && e.imageHeight() == img.height()) {
                    diskHits.incrementAndGet();
                    return e;
                }
            }
            encoderCalls.incrementAndGet();
            Embedding e = engine.encode(img);
            if (disk != null) {
                disk.write(contentKey, options.half() ? e.toHalf() : e);
            }
            return e;
        });
    }

    @Override
    public List<ObjectMask> decode(Embedding embedding, List<ObjectPrompt> objects) {
        return decode(embedding, objects, false);
    }

    @Override
    public List<ObjectMask> decode(Embedding embedding, List<ObjectPrompt> objects, boolean fullLowRes) {
        if (objects.isEmpty()) {
            return List.of();
        }
        decoderCalls.incrementAndGet();
        List<ObjectMask> masks = engine.decode(embedding, objects, fullLowRes);
        if (options.fillHoles() || options.keepLargest()) {
            List<ObjectMask> post = new ArrayList<>(masks.size());
            for (ObjectMask m : masks) {
                if (options.keepLargest()) {
                    m = MaskPostprocess.keepLargestComponent(m);
                }
                if (options.fillHoles()) {
                    m = MaskPostprocess.fillHoles(m);
                }
                post.add(m);
            }
            masks = post;
        }
        if (options.resolveOverlaps() && masks.size() > 1) {
            masks = MaskPostprocess.resolveOverlaps(masks);
        }
        return masks;
    }

    @Override
    public void prefetch(Volume volume, int[] slices, InputWindow window) {
        long gen = prefetchGeneration.incrementAndGet();
        Future<?> previous = prefetchTask;
        if (previous != null) {
            previous.cancel(false);
        }
        int[] order = slices.clone();
        prefetchTask = prefetcher.submit(() -> {
            for (int z : order) {
                if (prefetchGeneration.get() != gen || Thread.currentThread().isInterrupted()) {
                    return;
                }
                if (z < 0 || z >= volume.nz()) {
                    continue;
                }
                try {
                    embedding(volume, z, window);
                } catch (RuntimeException e) {
                    return; // prefetch is best effort; the foreground call reports errors
                }
            }
        });
    }

    /** Cancels background prefetching (a running encode finishes; no new one starts). */
    public void cancelPrefetch() {
        prefetchGeneration.incrementAndGet();
        Future<?> f = prefetchTask;
        if (f != null) {
            f.cancel(false);
        }
    }

    /** The latest prefetch task (for tests and progress display), or null. */
    public Future<?> prefetchTask() {
        return prefetchTask;
    }

    @Override
    public long encoderCalls() {
        return encoderCalls.get();
    }

    @Override
    public long decoderCalls() {
        return decoderCalls.get();
    }

    /** Embeddings served from the disk store. */
    public long diskHits() {
        return diskHits.get();
    }

    @Override
    public void close() {
        cancelPrefetch();
        prefetcher.shutdownNow();
        try {
            // a running encode must finish before the native session is closed (closing under it aborts the JVM)
            prefetcher.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        engine.close();
    }
}
