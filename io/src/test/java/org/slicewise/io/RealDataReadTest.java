package org.slicewise.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VoxelType;

/** Reads the shared real data: NRRD vs NIfTI of the pyradiomics cases, TotalSegmentator NIfTI vs nibabel. */
class RealDataReadTest {

    @ParameterizedTest
    @ValueSource(strings = {"brain1_image", "brain1_label", "brain2_image", "brain2_label", "breast1_image", "breast1_label"})
    void nrrdAndNiftiOfOneCaseAgree(String name) throws IOException {
        Volume nrrd = VolumeIO.read(TestData.data("pyradiomics/" + name + ".nrrd"), Progress.NONE);
        Volume nii = VolumeIO.read(TestData.data("pyradiomics/nifti/" + name + ".nii.gz"), Progress.NONE);
        VolumeAssert.sameValues(nrrd, nii, name);
        VolumeAssert.sameGeometry(nrrd.geometry(), nii.geometry(), 1e-4, name);
        assertTrue(nii.metadata().warnings().isEmpty(), "no warnings expected: " + nii.metadata().warnings());
    }

    @Test
    void brain1HasTheDocumentedGeometry() throws IOException {
        for (String f : List.of("pyradiomics/brain1_image.nrrd", "pyradiomics/nifti/brain1_image.nii.gz",
                "pyradiomics/nifti/brain1_image.nii")) {
            Volume v = VolumeIO.read(TestData.data(f), Progress.NONE);
            Geometry g = v.geometry();
            assertArrayEquals(new int[] {256, 256, 25}, g.dims(), f);
            assertArrayEquals(new double[] {0.78125, 0.78125, 6.5}, g.spacing(), 1e-9, f);
            assertArrayEquals(new double[] {-99.609375, 99.609375, -78}, g.origin(), 1e-9, f);
            assertArrayEquals(new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1}, g.direction(), 1e-12, f);
            assertEquals(VoxelType.INT16, v.type(), f);
        }
        Volume plain = VolumeIO.read(TestData.data("pyradiomics/nifti/brain1_image.nii"), Progress.NONE);
        Volume gz = VolumeIO.read(TestData.data("pyradiomics/nifti/brain1_image.nii.gz"), Progress.NONE);
        VolumeAssert.identical(plain, gz, "brain1 .nii vs .nii.gz");
    }

    @Test
    void labelVoxelCountsMatchTheDataReadme() throws IOException {
        assertEquals(4137, count(VolumeIO.read(TestData.data("pyradiomics/brain1_label.nrrd"), null)));
        assertEquals(453, count(VolumeIO.read(TestData.data("pyradiomics/nifti/brain2_label.nii.gz"), null)));
        assertEquals(143, count(VolumeIO.read(TestData.data("pyradiomics/breast1_label.nrrd"), null)));
    }

    private static long count(Volume v) {
        long n = 0;
        for (int z = 0; z < v.nz(); z++) {
            for (float f : v.sliceAsFloat(z, null)) {
                n += f != 0 ? 1 : 0;
            }
        }
        return n;
    }

    static List<Path> totalSegmentatorNifti() throws IOException {
        try (Stream<Path> s = Files.list(TestData.data("totalsegmentator"))) {
            return s.filter(p -> p.toString().endsWith(".nii.gz")).sorted().toList();
        }
    }

    @Test
    void totalSegmentatorMatchesNibabel() throws IOException {
        List<Path> files = totalSegmentatorNifti();
        assertTrue(files.size() >= 7, "expected the TotalSegmentator NIfTI files");
        var ref = Nibabel.loadAll(files.toArray(Path[]::new));
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            JsonObject o = ref.get(i).getAsJsonObject();
            assertEquals(2, o.get("scode").getAsInt(), f + " sform_code");
            assertEquals(0, o.get("qcode").getAsInt(), f + " qform_code");
            Volume v = VolumeIO.read(f, Progress.NONE);
            var shape = o.getAsJsonArray("shape");
            assertArrayEquals(new int[] {shape.get(0).getAsInt(), shape.get(1).getAsInt(), shape.get(2).getAsInt()},
                    v.geometry().dims(), f + " dims");
            assertEquals(o.get("dtype").getAsString(), v.type().id(), f + " dtype");
            assertArrayEquals(Nibabel.affine(o, "affine"), Nibabel.rasAffine(v), 1e-4, f + " affine (RAS)");
            assertEquals(o.get("sha").getAsString(), Nibabel.sha256(v), f + " voxel sha256");
            assertEquals(o.get("sum").getAsDouble(), Nibabel.sum(v), 1e-6 * Math.abs(o.get("sum").getAsDouble()), f + " sum");
        }
    }
}
