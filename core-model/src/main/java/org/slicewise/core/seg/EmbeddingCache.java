package org.slicewise.core.seg;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * In-memory LRU cache of embeddings bounded in bytes, optionally storing fp16. A key that is being
 * computed is never computed a second time concurrently: later callers wait for the first one.
 * Thread-safe.
 */
public final class EmbeddingCache {
    private final long maxBytes;
    private final boolean half;
    private final LinkedHashMap<EmbeddingKey, Embedding> lru = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<EmbeddingKey, CompletableFuture<Embedding>> inFlight = new HashMap<>();
    private long bytes;
    private long hits;
    private long misses;

    /**
     * @param maxBytes byte bound of the stored embeddings (at least one entry is always kept)
     * @param half     store embeddings as fp16
     */
    public EmbeddingCache(long maxBytes, boolean half) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cache size must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.half = half;
    }

    /** Default bound: a quarter of the JVM's max heap, between 64 MiB and 2 GiB. */
    public static long defaultMaxBytes() {
        long heap = Runtime.getRuntime().maxMemory();
        return Math.max(64L << 20, Math.min(2048L << 20, heap / 4));
    }

    /** The cached value, or null (counts neither hit nor miss). */
    public synchronized Embedding peek(EmbeddingKey key) {
        return lru.get(key);
    }

    /**
     * The cached embedding, or the result of {@code loader} (run in the calling thread; concurrent
     * callers of the same key wait for it instead of running it again).
     */
    public Embedding get(EmbeddingKey key, Supplier<Embedding> loader) {
        CompletableFuture<Embedding> mine;
        CompletableFuture<Embedding> theirs;
        synchronized (this) {
            Embedding e = lru.get(key);
            if (e != null) {
                hits++;
                return e;
            }
            theirs = inFlight.get(key);
            if (theirs == null) {
                misses++;
                mine = new CompletableFuture<>();
                inFlight.put(key, mine);
            } else {
                mine = null;
            }
        }
        if (theirs != null) {
            return await(theirs);
        }
        try {
            Embedding e = loader.get();
            Embedding stored = half ? e.toHalf() : e;
            synchronized (this) {
                put(key, stored);
                inFlight.remove(key);
            }
            mine.complete(stored);
            return stored;
        } catch (RuntimeException | Error t) {
            synchronized (this) {
                inFlight.remove(key);
            }
            mine.completeExceptionally(t);
            throw t;
        }
    }

    private static Embedding await(CompletableFuture<Embedding> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for an embedding");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new CompletionException(c);
        }
    }

    /** Stores a value (replacing any old one) and evicts least-recently-used entries over the bound. */
    public synchronized void put(EmbeddingKey key, Embedding e) {
        Embedding old = lru.put(key, e);
        if (old != null) {
            bytes -= old.bytes();
        }
        bytes += e.bytes();
        Iterator<Map.Entry<EmbeddingKey, Embedding>> it = lru.entrySet().iterator();
        while (bytes > maxBytes && lru.size() > 1 && it.hasNext()) {
            Map.Entry<EmbeddingKey, Embedding> eldest = it.next();
            if (eldest.getKey().equals(key)) {
                continue;
            }
            bytes -= eldest.getValue().bytes();
            it.remove();
        }
    }

    /** Drops every entry of a volume (e.g. when it is closed). */
    public synchronized void invalidateVolume(String volumeId) {
        Iterator<Map.Entry<EmbeddingKey, Embedding>> it = lru.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<EmbeddingKey, Embedding> e = it.next();
            if (e.getKey().volumeId().equals(volumeId)) {
                bytes -= e.getValue().bytes();
                it.remove();
            }
        }
    }

    public synchronized void clear() {
        lru.clear();
        bytes = 0;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized int size() {
        return lru.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public boolean storesHalf() {
        return half;
    }
}
