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
 * computed is never computed a second time concurrently: later callers wait for the first one
 * (and retry if the first one was cancelled). Invalidation is generation-checked, so an encode in
 * flight during {@link #invalidateVolume} cannot put a stale entry back. Thread-safe.
 */
public final class EmbeddingCache {
    private final long maxBytes;
    private final boolean half;
    private final LinkedHashMap<EmbeddingKey, Embedding> lru = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<EmbeddingKey, CompletableFuture<Embedding>> inFlight = new HashMap<>();
    /** Per-volume invalidation counters (see {@link #generation}); only volumes ever invalidated. */
    private final Map<String, Long> volumeGenerations = new HashMap<>();
    private long clears;
    private volatile Runnable waitHook;
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
     * callers of the same key wait for it instead of running it again). When the caller running
     * the loader fails, the waiters get its error, except when it was cancelled or interrupted (its
     * own cancellation, not a problem of the encode): then each waiter retries (one of them runs
     * the loader, the others wait for it). A result computed across an {@link #invalidateVolume} or
     * {@link #clear} of its volume is returned to its callers but not cached.
     */
    public Embedding get(EmbeddingKey key, Supplier<Embedding> loader) {
        while (true) {
            CompletableFuture<Embedding> mine = null;
            CompletableFuture<Embedding> theirs;
            long gen;
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
                }
                gen = generation(key.volumeId());
            }
            if (theirs == null) {
                return load(key, loader, mine, gen);
            }
            Runnable hook = waitHook;
            if (hook != null) {
                hook.run();
            }
            Embedding e = await(theirs);
            if (e != null) {
                return e;
            }
            // the loader's caller was cancelled: try again (load it, or wait for whoever does)
        }
    }

    private Embedding load(EmbeddingKey key, Supplier<Embedding> loader, CompletableFuture<Embedding> mine, long gen) {
        try {
            Embedding e = loader.get();
            Embedding stored = half ? e.toHalf() : e;
            synchronized (this) {
                inFlight.remove(key, mine);
                if (generation(key.volumeId()) == gen) {
                    put(key, stored); // not when the volume was invalidated meanwhile: that would be stale
                }
            }
            mine.complete(stored);
            return stored;
        } catch (RuntimeException | Error t) {
            synchronized (this) {
                inFlight.remove(key, mine);
            }
            boolean cancelled = Thread.currentThread().isInterrupted() || isCancellation(t);
            mine.completeExceptionally(cancelled ? new LoaderCancelled(t) : t);
            throw t;
        }
    }

    /** True for a cancellation or interrupt anywhere in the cause chain. */
    static boolean isCancellation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CancellationException || c instanceof InterruptedException
                    || c instanceof java.io.InterruptedIOException || c instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** Marks, for the waiters, a loader failure that was its caller's cancellation. */
    private static final class LoaderCancelled extends RuntimeException {
        LoaderCancelled(Throwable cause) {
            super(cause);
        }
    }

    /** The value, or null when the loader's caller was cancelled (the waiter should retry). */
    private static Embedding await(CompletableFuture<Embedding> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for an embedding");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof LoaderCancelled) {
                return null;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new CompletionException(c);
        }
    }

    /** Invalidation generation of a volume's entries (changes on invalidateVolume and clear). Holds the lock. */
    private long generation(String volumeId) {
        return clears + volumeGenerations.getOrDefault(volumeId, 0L);
    }

    /** Test hook: run by a caller about to wait for another caller's load. */
    void setWaitHook(Runnable hook) {
        waitHook = hook;
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

    /**
     * Drops every entry of a volume (e.g. when it is closed or its pixels changed). Loads of that
     * volume in flight still return their result to their callers but do not cache it, and later
     * callers do not join them (they load afresh).
     */
    public synchronized void invalidateVolume(String volumeId) {
        volumeGenerations.merge(volumeId, 1L, Long::sum);
        inFlight.keySet().removeIf(k -> k.volumeId().equals(volumeId));
        Iterator<Map.Entry<EmbeddingKey, Embedding>> it = lru.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<EmbeddingKey, Embedding> e = it.next();
            if (e.getKey().volumeId().equals(volumeId)) {
                bytes -= e.getValue().bytes();
                it.remove();
            }
        }
    }

    /** Drops every entry; loads in flight are not cached (as for {@link #invalidateVolume}). */
    public synchronized void clear() {
        clears++;
        inFlight.clear();
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
