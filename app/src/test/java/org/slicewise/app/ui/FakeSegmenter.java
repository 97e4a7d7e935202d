package org.slicewise.app.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slicewise.core.prompt.PointPrompt;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.ModelInfo;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.volume.Volume;

/**
 * A fast, deterministic test double for the segmentation core: the "embedding" is the slice
 * itself; decoding marks voxels inside the (slightly grown) box that are brighter than the box's
 * mean + 0.5 SD, adds disks at positive points and removes disks at negative points. Predicted IoU
 * is 0.5 + 0.45 × the fraction of the box area that came out inside, clamped to [0.5, 0.95].
 * An optional delay per decode makes runs long enough to observe progress and cancel.
 */
public final class FakeSegmenter implements SliceSegmenter {
    private final long decodeDelayMs;
    private final AtomicLong decodes = new AtomicLong();
    private final Set<String> encoded = ConcurrentHashMap.newKeySet();
    private final List<Integer> decodedSlices = java.util.Collections.synchronizedList(new ArrayList<>());

    public FakeSegmenter(long decodeDelayMs) {
        this.decodeDelayMs = decodeDelayMs;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("fake-threshold", "Fake threshold model", "fake", "cpu", false, "test only", "unit-test double");
    }

    @Override
    public Embedding embedding(Volume volume, int z, InputWindow window) {
        encoded.add(volume.id() + "/" + z + "/" + window.key());
        float[] px = volume.sliceAsFloat(z, null);
        return new Embedding(info().id(), new long[] {1, 1, volume.ny(), volume.nx()}, px, null, volume.nx(), volume.ny());
    }

    @Override
    public List<ObjectMask> decode(Embedding e, List<ObjectPrompt> objects) {
        decodes.incrementAndGet();
        if (decodeDelayMs > 0) {
            try {
                Thread.sleep(decodeDelayMs);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        List<ObjectMask> out = new ArrayList<>();
        int nx = e.imageWidth(), ny = e.imageHeight();
        float[] px = e.data();
        for (ObjectPrompt o : objects) {
            double bx0, by0, bx1, by1;
            if (o.box() != null) {
                bx0 = o.box().x0();
                by0 = o.box().y0();
                bx1 = o.box().x1();
                by1 = o.box().y1();
            } else {
                bx0 = by0 = Double.MAX_VALUE;
                bx1 = by1 = -Double.MAX_VALUE;
                for (PointPrompt p : o.points()) {
                    bx0 = Math.min(bx0, p.x() - 10);
                    by0 = Math.min(by0, p.y() - 10);
                    bx1 = Math.max(bx1, p.x() + 10);
                    by1 = Math.max(by1, p.y() + 10);
                }
            }
            int x0 = Math.max(0, (int) Math.floor(bx0)), y0 = Math.max(0, (int) Math.floor(by0));
            int x1 = Math.min(nx - 1, (int) Math.ceil(bx1)), y1 = Math.min(ny - 1, (int) Math.ceil(by1));
            int w = x1 - x0 + 1, h = y1 - y0 + 1;
            double sum = 0, sq = 0;
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    double v = px[x + y * nx];
                    sum += v;
                    sq += v * v;
                }
            }
            double mean = sum / (w * h), sd = Math.sqrt(Math.max(0, sq / (w * h) - mean * mean));
            double thr = mean + 0.5 * sd;
            float[] logits = new float[w * h];
            long inside = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float lg = (float) (px[(x0 + x) + (y0 + y) * nx] - thr);
                    for (PointPrompt p : o.points()) {
                        double d = Math.hypot(x0 + x - p.x(), y0 + y - p.y());
                        if (d <= 3) {
                            lg = p.positive() ? 100 : -100;
                        }
                    }
                    logits[y * w + x] = lg;
                    if (lg > 0) {
                        inside++;
                    }
                }
            }
            float iou = (float) Math.max(0.5, Math.min(0.95, 0.5 + 0.45 * inside / (double) (w * h) * 2));
            out.add(new ObjectMask(o.label(), x0, y0, w, h, logits, iou, null, 0));
        }
        return out;
    }

    @Override
    public void prefetch(Volume volume, int[] slices, InputWindow window) {
        for (int z : slices) {
            encoded.add(volume.id() + "/" + z + "/" + window.key());
        }
    }

    @Override
    public long encoderCalls() { return encoded.size(); }

    @Override
    public long decoderCalls() { return decodes.get(); }

    public List<Integer> decodedSlices() { return decodedSlices; }
}
