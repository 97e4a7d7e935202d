package org.slicewise.core.sim;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.PointPrompt;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.ModelInfo;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.volume.Volume;

/**
 * A model-free baseline: the mask of a box is the ellipse inscribed in it (logit 1 − r²), of a
 * point-only prompt a disk of radius 4 voxels around the first positive point; it never looks at
 * the image. The simulate table reports it next to the real model to show what the model adds over
 * the prompts alone; the CLI offers it as {@code --model baseline}.
 */
public final class BoxEllipseSegmenter implements SliceSegmenter {
    private final AtomicLong encodes = new AtomicLong();
    private final AtomicLong decodes = new AtomicLong();

    @Override
    public ModelInfo info() {
        return new ModelInfo("baseline-ellipse", "Inscribed-ellipse baseline (no model)", "none", "cpu", false, "n/a",
                "built in");
    }

    @Override
    public Embedding embedding(Volume volume, int z, InputWindow window) {
        encodes.incrementAndGet();
        return new Embedding("baseline-ellipse", new long[] {1}, new float[] {z}, null, volume.nx(), volume.ny());
    }

    @Override
    public List<ObjectMask> decode(Embedding e, List<ObjectPrompt> objects) {
        decodes.incrementAndGet();
        return objects.stream().map(p -> ellipse(p, e.imageWidth(), e.imageHeight())).toList();
    }

    /** The ellipse inscribed in the prompt's box (or a disk around its first positive point). */
    public static ObjectMask ellipse(ObjectPrompt p, int nx, int ny) {
        BoxPrompt b = p.box();
        if (b == null) {
            PointPrompt q = p.points().stream().filter(PointPrompt::positive).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("object " + p.label() + " has no positive point"));
            b = new BoxPrompt(q.x() - 4, q.y() - 4, q.x() + 4, q.y() + 4);
        }
        int x0 = Math.max(0, (int) Math.floor(b.x0())), y0 = Math.max(0, (int) Math.floor(b.y0()));
        int x1 = Math.min(nx - 1, (int) Math.ceil(b.x1())), y1 = Math.min(ny - 1, (int) Math.ceil(b.y1()));
        int w = Math.max(0, x1 - x0 + 1), h = Math.max(0, y1 - y0 + 1);
        float[] l = new float[w * h];
        double cx = (b.x0() + b.x1()) / 2, cy = (b.y0() + b.y1()) / 2;
        double rx = (b.width() + 1) / 2, ry = (b.height() + 1) / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x0 + x - cx) / rx, dy = (y0 + y - cy) / ry;
                l[y * w + x] = (float) (1 - dx * dx - dy * dy);
            }
        }
        return new ObjectMask(p.label(), x0, y0, w, h, l, 0.5f, null, 0);
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
