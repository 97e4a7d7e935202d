package org.slicewise.core.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.ModelInfo;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.volume.Volume;

/**
 * Test segmenter that "sees" a known object: the mask of a box is the true object inside the box
 * (so a box that cuts the object returns a mask running along its edge), with a constant predicted
 * IoU; the low-res mask is the full-slice mask at 1:1 (square slices only). Ignores mask prompts.
 * Counts encodes, decode calls and decoded prompts per (slice, label).
 */
final class TruthSegmenter implements SliceSegmenter {
    interface Truth {
        boolean inside(int x, int y, int z);
    }

    final Truth truth;
    final AtomicLong encodes = new AtomicLong();
    final AtomicLong decodes = new AtomicLong();
    final List<int[]> decodedPairs = new ArrayList<>();
    /** Every decoded prompt with its slice, in decode order. */
    final List<Decoded> decodedPrompts = new ArrayList<>();
    private final Set<Integer> cached = new HashSet<>();

    record Decoded(int z, ObjectPrompt prompt) {
    }

    TruthSegmenter(Truth truth) {
        this.truth = truth;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("truth", "truth-in-box", "fake", "cpu", false, "none", "test");
    }

    @Override
    public synchronized Embedding embedding(Volume volume, int z, InputWindow window) {
        if (cached.add(z)) {
            encodes.incrementAndGet();
        }
        return new Embedding("truth", new long[] {1}, new float[] {z}, null, volume.nx(), volume.ny());
    }

    @Override
    public synchronized List<ObjectMask> decode(Embedding e, List<ObjectPrompt> objects) {
        decodes.incrementAndGet();
        int z = (int) e.data()[0], nx = e.imageWidth(), ny = e.imageHeight();
        List<ObjectMask> out = new ArrayList<>();
        for (ObjectPrompt p : objects) {
            decodedPairs.add(new int[] {z, p.label()});
            decodedPrompts.add(new Decoded(z, p));
            BoxPrompt b = p.box();
            float[] full = new float[nx * ny];
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    boolean in = x >= b.x0() && x <= b.x1() && y >= b.y0() && y <= b.y1() && truth.inside(x, y, z);
                    full[y * nx + x] = in ? 1 : -1;
                }
            }
            out.add(new ObjectMask(p.label(), 0, 0, nx, ny, full, 0.9f, full.clone(), nx));
        }
        return out;
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
