package org.slicewise.core.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

class EmbeddingCacheTest {
    static Embedding emb(int n) {
        return new Embedding("m", new long[] {n}, new float[n], null, 1, 1);
    }

    static EmbeddingKey key(int z) {
        return new EmbeddingKey("v", 2, z, "W", "m");
    }

    static Volume volume() {
        Volume v = Volume.allocate(Geometry.axisAligned(40, 30, 8, 1, 1, 1), VoxelType.INT16, null);
        for (int z = 0; z < 8; z++) {
            for (int i = 0; i < 40 * 30; i++) {
                v.set(i % 40, i / 40, z, (i * 7 + z * 13) % 500);
            }
        }
        return v;
    }

    @Test
    void lruEvictsLeastRecentlyUsedWithinTheByteBound() {
        EmbeddingCache c = new EmbeddingCache(4 * 300, false); // three entries of 100 floats
        for (int z = 0; z < 3; z++) {
            int zz = z;
            c.get(key(z), () -> emb(100));
        }
        assertEquals(1200, c.bytes());
        c.get(key(0), () -> { throw new AssertionError("cached"); }); // touch 0: 1 is now eldest
        c.get(key(3), () -> emb(100));
        assertEquals(3, c.size());
        assertNull(c.peek(key(1)));
        assertNotNull(c.peek(key(0)));
        assertEquals(1200, c.bytes());
        assertEquals(1, c.hits());
        assertEquals(4, c.misses());
    }

    @Test
    void fp16StorageHalvesBytesAndKeepsValues() {
        EmbeddingCache c = new EmbeddingCache(1 << 20, true);
        float[] d = {0.1f, -2.5f, 1000f, 3.14159f};
        Embedding e = c.get(key(0), () -> new Embedding("m", new long[] {4}, d, null, 1, 1));
        assertEquals(8, e.bytes());
        assertNull(e.data());
        float[] back = e.asFloats();
        for (int i = 0; i < d.length; i++) {
            assertEquals(d[i], back[i], Math.abs(d[i]) * 1e-3);
        }
    }

    @Test
    void concurrentRequestsForOneKeyEncodeOnce() throws Exception {
        FakeEngine fake = new FakeEngine();
        fake.gate = new CountDownLatch(1);
        Volume v = volume();
        try (CachedSliceSegmenter s = new CachedSliceSegmenter(fake)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Embedding>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(pool.submit(() -> s.embedding(v, 3, InputWindow.percentiles())));
            }
            Thread.sleep(200); // let all eight block on the one in-flight encode
            fake.gate.countDown();
            Embedding first = fs.get(0).get(10, TimeUnit.SECONDS);
            for (Future<Embedding> f : fs) {
                assertSame(first, f.get(10, TimeUnit.SECONDS));
            }
            pool.shutdown();
            assertEquals(1, fake.encodes.get());
            assertEquals(1, s.encoderCalls());
            // cache hit: no encoder call; another window or slice is another key
            s.embedding(v, 3, InputWindow.percentiles());
            assertEquals(1, s.encoderCalls());
            s.embedding(v, 3, InputWindow.fixed(DisplayWindow.CT_SOFT_TISSUE));
            s.embedding(v, 4, InputWindow.percentiles());
            assertEquals(3, s.encoderCalls());
            assertEquals(3, fake.encodes.get());
        }
    }

    @Test
    void failedEncodeIsNotCachedAndIsRetried() {
        EmbeddingCache c = new EmbeddingCache(1 << 20, false);
        try {
            c.get(key(0), () -> { throw new IllegalStateException("boom"); });
        } catch (IllegalStateException expected) {
            assertEquals("boom", expected.getMessage());
        }
        assertEquals(5, c.get(key(0), () -> emb(5)).data().length);
    }

    @Test
    void prefetchEncodesInBackgroundAndLatestRequestWins() throws Exception {
        FakeEngine fake = new FakeEngine();
        Volume v = volume();
        try (CachedSliceSegmenter s = new CachedSliceSegmenter(fake)) {
            fake.gate = new CountDownLatch(1);
            s.prefetch(v, new int[] {0, 1, 2, 3}, InputWindow.percentiles());
            Thread.sleep(100); // the first prefetch is now blocked inside encode(slice 0)
            s.prefetch(v, new int[] {6, 7}, InputWindow.percentiles());
            fake.gate.countDown();
            fake.gate = null;
            s.prefetchTask().get(10, TimeUnit.SECONDS);
            assertNotNull(s.cache().peek(new EmbeddingKey(v.id(), 2, 6, InputWindow.percentiles().key(), "fake")));
            assertNotNull(s.cache().peek(new EmbeddingKey(v.id(), 2, 7, InputWindow.percentiles().key(), "fake")));
            // the superseded request stopped after the slice it was encoding
            assertNull(s.cache().peek(new EmbeddingKey(v.id(), 2, 1, InputWindow.percentiles().key(), "fake")));
            assertEquals(3, s.encoderCalls());
            long before = s.encoderCalls();
            s.embedding(v, 7, InputWindow.percentiles());
            assertEquals(before, s.encoderCalls(), "prefetched slice is a cache hit");
        }
    }

    @Test
    void diskStoreSurvivesReopenAndInvalidatesOnContentChange(@TempDir Path dir) throws IOException {
        Volume v = volume();
        DiskEmbeddingStore disk = new DiskEmbeddingStore(dir, 1 << 20);
        CachedSliceSegmenter.Options o = CachedSliceSegmenter.Options.defaults().withDisk(disk);
        FakeEngine f1 = new FakeEngine();
        Embedding first;
        try (CachedSliceSegmenter s = new CachedSliceSegmenter(f1, o, "fake@1")) {
            first = s.embedding(v, 2, InputWindow.percentiles());
            assertEquals(1, s.encoderCalls());
        }
        FakeEngine f2 = new FakeEngine();
        try (CachedSliceSegmenter s = new CachedSliceSegmenter(f2, o, "fake@1")) {
            Embedding again = s.embedding(v, 2, InputWindow.percentiles());
            assertEquals(0, s.encoderCalls(), "reopened: served from disk");
            assertEquals(1, s.diskHits());
            assertArrayEquals(first.asFloats(), again.asFloats());
            v.set(5, 5, 2, 499); // edit the slice: the content key changes
            s.cache().clear();
            s.embedding(v, 2, InputWindow.percentiles());
            assertEquals(1, s.encoderCalls());
        }
        try (CachedSliceSegmenter s = new CachedSliceSegmenter(new FakeEngine(), o, "fake@2")) {
            s.embedding(v, 2, InputWindow.percentiles());
            assertEquals(1, s.encoderCalls(), "other weights fingerprint: no stale hit");
        }
        // corrupt files are misses and get replaced
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".emb")).toList()) {
                Files.write(p, new byte[] {1, 2, 3});
            }
        }
        try (CachedSliceSegmenter s = new CachedSliceSegmenter(new FakeEngine(), o, "fake@1")) {
            s.embedding(v, 2, InputWindow.percentiles());
            assertEquals(1, s.encoderCalls());
        }
        // size cap
        DiskEmbeddingStore small = new DiskEmbeddingStore(dir.resolve("small"), 300);
        try (CachedSliceSegmenter s = new CachedSliceSegmenter(new FakeEngine(), o.withDisk(small), "fake@1")) {
            for (int z = 0; z < 8; z++) {
                s.embedding(v, z, InputWindow.percentiles());
            }
        }
        assertTrue(small.usedBytes() <= 300, "disk cache over its cap: " + small.usedBytes());
        assertTrue(small.usedBytes() > 0);
    }

    @Test
    void decodeCountsAndResolvesOverlapsByLogit() {
        FakeEngine fake = new FakeEngine();
        Volume v = volume();
        try (CachedSliceSegmenter s = new CachedSliceSegmenter(fake)) {
            Embedding e = s.embedding(v, 0, InputWindow.percentiles());
            List<ObjectMask> m = s.decode(e, List.of(ObjectPrompt.box(1, new BoxPrompt(2, 2, 20, 20)),
                    ObjectPrompt.box(2, new BoxPrompt(12, 4, 36, 26))));
            assertEquals(1, s.decoderCalls());
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    assertTrue(!(m.get(0).inside(x, y) && m.get(1).inside(x, y)), "overlap at " + x + "," + y);
                }
            }
            assertTrue(m.get(0).inside(5, 10));
            assertTrue(m.get(1).inside(30, 10));
        }
    }
}
