package org.slicewise.core.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.ModelInfo;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.sim.BoxEllipseSegmenter;
import org.slicewise.core.volume.Volume;

/**
 * Test segmenter: masks come from {@link BoxEllipseSegmenter#ellipse} (the ellipse inscribed in the
 * box, logit 1 - r²; for a point-only prompt a disk of radius 4 around the first positive point). Caches
 * embeddings by (volume, slice, window) and counts encoder runs, decode calls and decoded objects.
 */
public final class FakeSegmenter implements SliceSegmenter {
    public final AtomicLong encodes = new AtomicLong();
    public final AtomicLong decodes = new AtomicLong();
    public final AtomicLong decodedObjects = new AtomicLong();
    /** (slice, label) of every decoded object, in order. */
    public final List<int[]> decodedPairs = new ArrayList<>();
    private final Set<String> cached = new HashSet<>();

    @Override
    public ModelInfo info() {
        return new ModelInfo("fake", "ellipse-in-box", "fake", "cpu", false, "none", "test");
    }

    @Override
    public synchronized Embedding embedding(Volume volume, int z, InputWindow window) {
        if (cached.add(volume.id() + "/" + z + "/" + window.key())) {
            encodes.incrementAndGet();
        }
        return new Embedding("fake", new long[] {1, 1, 1, 1}, new float[] {z}, null, volume.nx(), volume.ny());
    }

    @Override
    public synchronized List<ObjectMask> decode(Embedding e, List<ObjectPrompt> objects) {
        decodes.incrementAndGet();
        List<ObjectMask> out = new ArrayList<>();
        int z = (int) e.data()[0];
        for (ObjectPrompt p : objects) {
            decodedObjects.incrementAndGet();
            decodedPairs.add(new int[] {z, p.label()});
            out.add(mask(p, e.imageWidth(), e.imageHeight()));
        }
        return out;
    }

    /** The baseline's inscribed ellipse, with a size-dependent IoU and a dummy low-res mask. */
    static ObjectMask mask(ObjectPrompt p, int nx, int ny) {
        ObjectMask m = BoxEllipseSegmenter.ellipse(p, nx, ny);
        float iou = (float) Math.min(1, 0.5 + 0.01 * Math.min(m.w(), m.h()));
        return new ObjectMask(m.label(), m.x0(), m.y0(), m.w(), m.h(), m.logits(), iou, new float[16], 4);
    }

    @Override
    public long encoderCalls() {
        return encodes.get();
    }

    @Override
    public long decoderCalls() {
        return decodes.get();
    }
}
