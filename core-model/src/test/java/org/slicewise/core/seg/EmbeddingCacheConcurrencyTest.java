package org.slicewise.core.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Races of the embedding cache, made deterministic with latches. */
class EmbeddingCacheConcurrencyTest {
    private static Embedding emb(int n) {
        return EmbeddingCacheTest.emb(n);
    }

    private static final EmbeddingKey K = EmbeddingCacheTest.key(4);

    /** Runs get(K) on a thread; the result or failure lands in the references. */
    private static Thread caller(EmbeddingCache c, Supplier<Embedding> loader, AtomicReference<Embedding> result,
                                 AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                result.set(c.get(K, loader));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        return t;
    }

    /** A loader that signals {@code started}, then blocks until {@code release} before returning emb(n). */
    private static Supplier<Embedding> heldEncode(CountDownLatch started, CountDownLatch release, int n) {
        return () -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return emb(n);
        };
    }

    /**
     * Caller A starts the encode, B waits for it, then A ends as {@code endA} says; returns B's
     * outcome and whether B's own loader ran.
     */
    private static Object[] waiterAfter(EmbeddingCache c, boolean interruptA, RuntimeException aThrows) throws Exception {
        CountDownLatch aStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bWaiting = new CountDownLatch(1);
        c.setWaitHook(bWaiting::countDown);
        AtomicReference<Embedding> aResult = new AtomicReference<>(), bResult = new AtomicReference<>();
        AtomicReference<Throwable> aFail = new AtomicReference<>(), bFail = new AtomicReference<>();
        AtomicBoolean bLoaded = new AtomicBoolean();
        Thread a = caller(c, () -> {
            aStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("encoder aborted", e); // what an engine does when interrupted
            }
            throw aThrows;
        }, aResult, aFail);
        aStarted.await();
        Thread b = caller(c, () -> {
            bLoaded.set(true);
            return emb(7);
        }, bResult, bFail);
        bWaiting.await(); // B found A's load in flight and waits for it
        if (interruptA) {
            a.interrupt();
        } else {
            release.countDown();
        }
        a.join();
        b.join();
        assertNull(aResult.get());
        assertNotNull(aFail.get(), "A fails");
        return new Object[] {bResult.get(), bFail.get(), bLoaded.get()};
    }

    @Test
    void waiterRetriesWhenTheEncodingCallerWasCancelled() throws Exception {
        EmbeddingCache c = new EmbeddingCache(1 << 20, false);
        Object[] b = waiterAfter(c, false, new CancellationException("A's task was cancelled"));
        assertNull(b[1], "B must not inherit A's cancellation: " + b[1]);
        assertEquals(7, ((Embedding) b[0]).shape()[0]);
        assertEquals(Boolean.TRUE, b[2], "B encoded itself");
        assertSame(b[0], c.peek(K), "B's result is cached");
    }

    @Test
    void waiterRetriesWhenTheEncodingCallerWasInterrupted() throws Exception {
        EmbeddingCache c = new EmbeddingCache(1 << 20, false);
        Object[] b = waiterAfter(c, true, null);
        assertNull(b[1], "B must not inherit A's interrupt: " + b[1]);
        assertEquals(7, ((Embedding) b[0]).shape()[0]);
        assertEquals(Boolean.TRUE, b[2]);
    }

    @Test
    void realEncoderErrorReachesTheWaiters() throws Exception {
        EmbeddingCache c = new EmbeddingCache(1 << 20, false);
        Object[] b = waiterAfter(c, false, new IllegalStateException("model weights corrupt"));
        assertInstanceOf(IllegalStateException.class, b[1]);
        assertEquals("model weights corrupt", ((Throwable) b[1]).getMessage());
        assertEquals(Boolean.FALSE, b[2], "a real encoder error is not retried by every waiter");
        assertNull(c.peek(K));
    }

    @Test
    void encodeInFlightDuringInvalidationIsReturnedButNotCached() throws Exception {
        EmbeddingCache c = new EmbeddingCache(1 << 20, false);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Embedding> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread a = caller(c, heldEncode(started, release, 3), result, failure);
        started.await();
        c.invalidateVolume(K.volumeId()); // the volume's pixels changed while A encodes the old ones
        release.countDown();
        a.join();
        assertNull(failure.get());
        assertEquals(3, result.get().shape()[0], "the caller still gets its result");
        assertNull(c.peek(K), "stale embedding cached after invalidateVolume");
        assertEquals(0, c.size());
        AtomicBoolean reloaded = new AtomicBoolean();
        assertEquals(5, c.get(K, () -> {
            reloaded.set(true);
            return emb(5);
        }).shape()[0]);
        assertEquals(true, reloaded.get());
        assertSame(c.peek(K), c.get(K, () -> emb(6)), "later loads are cached again");
    }

    @Test
    void invalidatingAnotherVolumeDoesNotDropAnEncodeInFlight() throws Exception {
        EmbeddingCache c = new EmbeddingCache(1 << 20, false);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Embedding> result = new AtomicReference<>();
        Thread a = caller(c, heldEncode(started, release, 3), result, new AtomicReference<>());
        started.await();
        c.invalidateVolume("some-other-volume");
        release.countDown();
        a.join();
        assertSame(result.get(), c.peek(K));
    }

    @Test
    void encodeInFlightDuringClearIsNotCached() throws Exception {
        EmbeddingCache c = new EmbeddingCache(1 << 20, false);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Embedding> result = new AtomicReference<>();
        Thread a = caller(c, heldEncode(started, release, 3), result, new AtomicReference<>());
        started.await();
        c.clear();
        release.countDown();
        a.join();
        assertNotNull(result.get());
        assertNull(c.peek(K));
        assertFalse(c.bytes() > 0);
    }

    @Test
    void readerDeletingACorruptEntryKeepsTheGoodOneAWriterJustStored(@TempDir Path dir) throws Exception {
        DiskEmbeddingStore store = new DiskEmbeddingStore(dir, 1L << 30);
        String key = "ab" + "0".repeat(62);
        Path f = dir.resolve("ab").resolve(key + ".emb");
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[] {1, 2, 3}); // corrupt (e.g. a crash mid-write by an old version)
        Embedding good = new Embedding("m", new long[] {2}, new float[] {1.5f, -2f}, null, 4, 4);
        // the reader has found the entry corrupt; before it deletes it, a writer moves a good one in
        store.setBeforeCorruptDelete(() -> store.write(key, good));
        assertNull(store.read(key), "the corrupt content is a miss");
        store.setBeforeCorruptDelete(null);
        Embedding back = store.read(key);
        assertNotNull(back, "the reader deleted the writer's fresh entry");
        assertEquals(-2f, back.data()[1]);
        // a corrupt entry nobody replaced is still deleted
        Files.write(f, new byte[] {9});
        assertNull(store.read(key));
        assertFalse(Files.exists(f));
    }
}
