package org.slicewise.core.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * Test segmenter: the mask of a box is the ellipse inscribed in it (logit 1 - r², r the normalised
 * radius), of a point-only prompt a disk of radius 4 around the positive points. Caches
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

    static ObjectMask mask(ObjectPrompt p, int nx, int ny) {
        BoxPrompt b = p.box();
        if (b == null) {
            PointPrompt q = p.points().stream().filter(PointPrompt::positive).findFirst().orElseThrow();
            b = new BoxPrompt(q.x() - 4, q.y() - 4, q.x() + 4, q.y() + 4);
        }
        int x0 = Math.max(0, (int) Math.floor(b.x0())), y0 = Math.max(0, (int) Math.floor(b.y0()));
        int x1 = Math.min(nx - 1, (int) Math.ceil(b.x1())), y1 = Math.min(ny - 1, (int) Math.ceil(b.y1()));
        int w = x1 - x0 + 1, h = y1 - y0 + 1;
        float[] l = new float[w * h];
        double cx = (b.x0() + b.x1()) / 2, cy = (b.y0() + b.y1()) / 2;
        double rx = (b.width() + 1) / 2, ry = (b.height() + 1) / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x0 + x - cx) / rx, dy = (y0 + y - cy) / ry;
                l[y * w + x] = (float) (1 - dx * dx - dy * dy);
            }
        }
        float iou = (float) Math.min(1, 0.5 + 0.01 * Math.min(w, h));
        return new ObjectMask(p.label(), x0, y0, w, h, l, iou, new float[16], 4);
    }

    @Override
    public void prefetch(Volume volume, int[] slices, InputWindow window) {
    }

    @Override
    public long encoderCalls() {
        return encodes.get();
    }

    @Override
    public long decoderCalls() {
        return decodes.get();
    }

    @Override
    public void close() {
    }
}
