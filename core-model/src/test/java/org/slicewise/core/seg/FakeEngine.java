package org.slicewise.core.seg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slicewise.core.prompt.BoxPrompt;

/**
 * Test double of a SAM-family engine: the "embedding" is a small digest of the input image, the
 * decoder returns logits that are positive inside the box (16×16 low-res over a 64 frame). Counts calls
 * and can hold encodes at a latch to provoke concurrent requests.
 */
public final class FakeEngine implements SegmentationEngine {
    public final AtomicInteger encodes = new AtomicInteger();
    public final AtomicInteger decodes = new AtomicInteger();
    public volatile CountDownLatch gate;
    private final ModelSpec spec;

    public FakeEngine() {
        spec = ModelSpec.parse(null, "fake/model.json", """
                {"id":"fake","engine":"PyTorch","encoder":{"file":"e.pt"},"decoder":{"file":"d.pt","batch":true},
                 "inputSize":64,"resize":"longest-side-pad","normalization":"minmax01","prompt":"box-tensor",
                 "embeddingShape":[4,4,4],"lowResSize":16,"medical":false,"licence":"none","provenance":"test"}""");
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("fake", "Fake", "fake", "cpu", false, "none", "test double");
    }

    @Override
    public Embedding encode(SliceImage image) {
        encodes.incrementAndGet();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        float[] d = new float[64];
        float[] px = image.pixels();
        for (int i = 0; i < image.width() * image.height(); i++) {
            d[i % 64] += px[i];
        }
        return new Embedding("fake", new long[] {1, 4, 4, 4}, d, null, image.width(), image.height());
    }

    @Override
    public List<ObjectMask> decode(Embedding embedding, List<ObjectPrompt> objects) {
        decodes.incrementAndGet();
        InputFrame f = InputFrame.of(spec, embedding.imageWidth(), embedding.imageHeight());
        List<ObjectMask> out = new ArrayList<>();
        for (ObjectPrompt o : objects) {
            BoxPrompt b = o.box();
            float[] low = new float[256];
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    double fx = (x + 0.5) * 4 - 0.5, fy = (y + 0.5) * 4 - 0.5;
                    double d = Math.min(Math.min(fx - f.toFrameX(b.x0()), f.toFrameX(b.x1()) - fx),
                            Math.min(fy - f.toFrameY(b.y0()), f.toFrameY(b.y1()) - fy));
                    low[y * 16 + x] = (float) d;
                }
            }
            out.add(MaskPostprocess.toObjectMask(o.label(), low, 16, 0.9f, f, b));
        }
        return out;
    }

    @Override
    public void close() {
    }
}
