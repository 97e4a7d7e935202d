package org.slicewise.core.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.slicewise.core.TestData;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

class SlicePreprocessorTest {
    @Test
    void volumePercentilesMatchNumpyOnRealMr() throws IOException {
        Volume v = MiniNifti.read(TestData.data("pyradiomics/nifti/brain1_image.nii.gz"));
        // numpy.percentile(brain1, [0.5, 99.5]) = 0, 1784; [37.1, 99.9, 99.99] = 34, 2058, 2293
        assertArrayEquals(new double[] {0, 1784}, SlicePreprocessor.percentiles(v, 0.5, 99.5), 1e-9);
        assertArrayEquals(new double[] {34, 2058}, SlicePreprocessor.percentiles(v, 37.1, 99.9), 1e-9);
        assertEquals(2293, SlicePreprocessor.percentiles(v, 99.99, 99.99)[0], 1e-9);
        // slice 12 scaled to 0..255 as numpy: clip((a - lo) / (hi - lo), 0, 1) * 255
        SlicePreprocessor p = new SlicePreprocessor();
        SliceImage s = p.slice(v, 12, InputWindow.percentiles());
        assertEquals(71.46860986547085, s.pixels()[100 + 120 * 256], 1e-3); // numpy a[100,120,12] (x=100, y=120)
        assertEquals(75.18497757847534, s.pixels()[128 + 128 * 256], 1e-3);
        double sum = 0;
        for (float f : s.pixels()) {
            sum += f;
        }
        assertEquals(3915371.4854260087, sum, 5.0);
    }

    @Test
    void percentilesInterpolateLikeNumpyForIntsAndFloats() {
        short[] a = {9, 0, 8, 1, 7, 2, 6, 3, 5, 4};
        float[] f = {9, 0, 8, 1, 7, 2, 6, 3, 5, 4};
        Volume vi = new Volume(Geometry.axisAligned(5, 2, 1, 1, 1, 1), VoxelType.INT16, new Object[] {a}, null);
        Volume vf = new Volume(Geometry.axisAligned(5, 2, 1, 1, 1, 1), VoxelType.FLOAT32, new Object[] {f}, null);
        // numpy.percentile(range(10), [33, 99.5]) = 2.97, 8.955
        assertArrayEquals(new double[] {2.97, 8.955}, SlicePreprocessor.percentiles(vi, 33, 99.5), 1e-9);
        assertArrayEquals(new double[] {2.97, 8.955}, SlicePreprocessor.percentiles(vf, 33, 99.5), 1e-6);
    }

    @Test
    void ctWindowMapsToByteRangeAndPercentilesAreComputedOncePerVolume() throws IOException {
        Volume v = MiniNifti.read(TestData.data("totalsegmentator/example_ct_sm.nii.gz"));
        SlicePreprocessor p = new SlicePreprocessor();
        SliceImage s = p.slice(v, 10, InputWindow.fixed(DisplayWindow.CT_SOFT_TISSUE));
        for (int i = 0; i < 50; i++) {
            double hu = v.get(i, 40, 10);
            double want = Math.min(255, Math.max(0, (hu - (-160)) / 400 * 255));
            assertEquals(want, s.pixels()[i + 40 * v.nx()], 1e-3, "voxel " + i);
        }
        assertEquals(0, p.percentileComputations());
        double[] r1 = p.range(v, InputWindow.percentiles());
        for (int z = 0; z < v.nz(); z++) {
            p.slice(v, z, InputWindow.percentiles());
        }
        assertSame(r1, p.range(v, InputWindow.percentiles()));
        assertEquals(1, p.percentileComputations());
        // numpy.percentile(example_ct_sm, [0.5, 99.5]) = -1023, 269
        assertArrayEquals(new double[] {-1023, 269}, r1, 1e-9);
    }

    @Test
    void inputFrameFollowsSamResizeLongestSide() {
        ModelSpec sam = ModelSpec.parse(null, "m", ModelSpecTest.GOOD);
        InputFrame f = InputFrame.of(sam, 512, 400);
        assertEquals(1024, f.newW());
        assertEquals(800, f.newH());
        assertEquals(200.0, f.toFrameX(100), 1e-12);
        // ImageNet normalisation and zero padding below the image
        float[] t = f.tensor(new SliceImage(512, 400, new float[512 * 400]), ModelSpec.Normalization.IMAGENET);
        assertEquals(-123.675f / 58.395f, t[0], 1e-6f);
        assertEquals(0f, t[1024 * 900], 0f);
        InputFrame g = InputFrame.of(sam, 250, 333); // int(250 * 1024/333 + 0.5) = 769
        assertEquals(769, g.newW());
        assertEquals(1024, g.newH());
    }
}
