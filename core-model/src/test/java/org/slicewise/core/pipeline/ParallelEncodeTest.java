package org.slicewise.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slicewise.core.Progress;
import org.slicewise.core.prompt.MarginPolicy;
import org.slicewise.core.seg.CachedSliceSegmenter;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.FakeEngine;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.ModelInfo;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SegmentationEngine;
import org.slicewise.core.seg.SliceImage;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

/**
 * The throughput mode ({@link PipelineOptions#encoders()} ≥ 2): through the real {@link CachedSliceSegmenter}
 * (its embedding cache's single flight) every needed slice is encoded exactly once, by the encoder threads, and
 * the proposal is the serial run's.
 */
class ParallelEncodeTest {
    static final PipelineOptions MODEL = new PipelineOptions(MarginPolicy.NONE, null, Propagation.NONE,
            InputWindow.percentiles()).withSelection(Selection.MODEL);

    /** FakeEngine's encoder and decoder, recording which thread ran each encode (and how many ran at once). */
    static final class Recording implements SegmentationEngine {
        final FakeEngine fake = new FakeEngine();
        final Set<String> encodeThreads = ConcurrentHashMap.newKeySet();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();

        @Override
        public ModelInfo info() {
            return fake.info();
        }

        @Override
        public Embedding encode(SliceImage image) {
            encodeThreads.add(Thread.currentThread().getName());
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5); // long enough for the other encoder thread to start one too
                return fake.encode(image);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public List<ObjectMask> decode(Embedding embedding, List<ObjectPrompt> objects) {
            return fake.decode(embedding, objects);
        }

        @Override
        public void close() {
        }
    }

    static Volume volume() {
        Volume v = Volume.allocate(Geometry.axisAligned(64, 64, 30, 1, 1, 2), VoxelType.INT16, null);
        for (int z = 0; z < 30; z++) {
            for (int i = 0; i < 64 * 64; i++) {
                v.set(i % 64, i / 64, z, (i * 7 + z * 13) % 500);
            }
        }
        return v;
    }

    static Proposal run(Volume v, Recording engine, PipelineOptions opt, List<Double> progress) {
        CachedSliceSegmenter seg = new CachedSliceSegmenter(engine, CachedSliceSegmenter.Options.defaults()
                .withPost(false, false, false), null);
        Progress p = new Progress() {
            @Override
            public void update(double fraction, String message) {
                progress.add(fraction);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        Proposal r = new SegmentationPipeline(seg, v).run(SegmentationPipelineTest.twoObjects().snapshot(), opt, p);
        assertEquals(engine.fake.encodes.get(), seg.encoderCalls());
        return r;
    }

    @Test
    void twoEncoderThreadsEncodeEachSliceOnceAndGiveTheSerialResult() {
        Volume v = volume();
        Recording serialEngine = new Recording();
        List<Double> serialProgress = new ArrayList<>();
        Proposal serial = run(v, serialEngine, MODEL, serialProgress);
        assertEquals(16, serialEngine.fake.encodes.get());
        assertEquals(Set.of(Thread.currentThread().getName()), serialEngine.encodeThreads);

        for (int n : new int[] {2, 3}) {
            Recording engine = new Recording();
            List<Double> progress = Collections.synchronizedList(new ArrayList<>());
            Proposal par = run(v, engine, MODEL.withEncoders(n), progress);
            assertEquals(16, engine.fake.encodes.get(), "each of the 16 slices encoded exactly once");
            assertEquals(16, par.stats().slicesEncoded());
            assertEquals(serial.stats().promptsDecoded(), par.stats().promptsDecoded());
            // the run's thread encodes only a slice it reaches before any encoder thread took it (at most the first)
            assertTrue(engine.encodeThreads.stream().anyMatch(t -> t.startsWith("slicewise-encode-")), engine.encodeThreads.toString());
            assertTrue(engine.maxRunning.get() >= 2, "encodes overlapped: " + engine.maxRunning.get());
            assertTrue(engine.maxRunning.get() <= n + 1, "n threads and at most the run itself");
            assertEquals(serial.slices().keySet(), par.slices().keySet());
            for (int z : serial.slices().keySet()) {
                assertArrayEquals(serial.slices().get(z).labels(), par.slices().get(z).labels(), "slice " + z);
                assertEquals(serial.slices().get(z).iou(), par.slices().get(z).iou(), "slice " + z);
            }
            assertEquals(serialProgress, progress, "progress reported per slice as in the serial run");
        }
    }

    @Test
    void withPropagationEverySliceStillOnce() {
        Recording engine = new Recording();
        Proposal p = run(volume(), engine, MODEL.withPropagation(Propagation.BOTH).withEncoders(2), new ArrayList<>());
        assertEquals(16, engine.fake.encodes.get());
        assertEquals(21, p.stats().objectSlicesDecoded());
    }

    static boolean encoderThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith("slicewise-encode-"));
    }

    @Test
    void cancellationStopsTheEncoderThreads() throws InterruptedException {
        Recording engine = new Recording();
        CachedSliceSegmenter seg = new CachedSliceSegmenter(engine);
        AtomicInteger updates = new AtomicInteger();
        Progress cancelAfterTwo = new Progress() {
            @Override
            public void update(double fraction, String message) {
                updates.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return updates.get() >= 2;
            }
        };
        SegmentationPipeline pipe = new SegmentationPipeline(seg, volume());
        assertThrows(CancellationException.class, () -> pipe.run(SegmentationPipelineTest.twoObjects().snapshot(), MODEL.withEncoders(2), cancelAfterTwo));
        // the encoder threads end (an encode in progress finishes, no new one starts)
        for (int i = 0; i < 1000 && encoderThreadsAlive(); i++) {
            Thread.sleep(10);
        }
        assertFalse(encoderThreadsAlive(), "the encoder threads stopped");
        // at most the lookahead (2 × 2 + 2 slices beyond the 2 decoded) and the two that were in progress
        int after = engine.fake.encodes.get();
        assertTrue(after <= 2 + 6 + 2, "encodes after cancelling: " + after);
        // the next run encodes only what is missing, each slice once in all
        pipe.run(SegmentationPipelineTest.twoObjects().snapshot(), MODEL.withEncoders(2), Progress.NONE);
        assertEquals(16, engine.fake.encodes.get());
    }
}
