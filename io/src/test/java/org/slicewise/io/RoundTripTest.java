package org.slicewise.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;

/** Every shared NRRD/NIfTI file: read → write .nii.gz, .nii and .nrrd → read gives identical voxels and geometry; nibabel agrees. */
class RoundTripTest {
    @TempDir
    Path tmp;

    static List<Path> allInputs() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(TestData.data("pyradiomics"))) {
            s.filter(p -> p.toString().endsWith(".nrrd")).sorted().forEach(files::add);
        }
        try (Stream<Path> s = Files.list(TestData.data("pyradiomics/nifti"))) {
            s.filter(p -> p.toString().endsWith(".nii.gz") || p.toString().endsWith(".nii")).sorted().forEach(files::add);
        }
        files.addAll(RealDataReadTest.totalSegmentatorNifti());
        return files;
    }

    @Test
    void everyFileRoundTripsThroughNiftiAndNrrd() throws IOException {
        List<Path> written = new ArrayList<>();
        List<Volume> sources = new ArrayList<>();
        int i = 0;
        for (Path f : allInputs()) {
            Volume v = VolumeIO.read(f, Progress.NONE);
            for (String ext : List.of(".nii.gz", ".nrrd", ".nii")) {
                if (ext.equals(".nii") && i % 4 != 0) {
                    continue; // plain .nii for a few files is enough
                }
                Path out = tmp.resolve(i + "_" + f.getFileName() + "_rt" + ext);
                VolumeIO.write(v, out);
                Volume back = VolumeIO.read(out, Progress.NONE);
                VolumeAssert.identical(v, back, f.getFileName() + " via " + ext);
                VolumeAssert.sameGeometry(v.geometry(), back.geometry(), 1e-4, f.getFileName() + " via " + ext);
                if (!ext.equals(".nrrd")) {
                    written.add(out);
                    sources.add(v);
                }
            }
            i++;
        }
        var ref = Nibabel.loadAll(written.toArray(Path[]::new));
        for (int k = 0; k < written.size(); k++) {
            JsonObject o = ref.get(k).getAsJsonObject();
            Volume v = sources.get(k);
            String what = written.get(k).getFileName().toString();
            assertEquals(1, o.get("qcode").getAsInt(), what + " qform_code");
            assertEquals(1, o.get("scode").getAsInt(), what + " sform_code");
            assertArrayEquals(Nibabel.rasAffine(v), Nibabel.affine(o, "affine"), 1e-4, what + " nibabel affine");
            assertArrayEquals(Nibabel.affine(o, "sform"), Nibabel.affine(o, "qform"), 1e-4, what + " qform = sform");
            assertEquals(v.type().id(), o.get("dtype").getAsString(), what + " dtype");
            assertEquals(Nibabel.sha256(v), o.get("sha").getAsString(), what + " voxel sha256 seen by nibabel");
        }
    }
}
