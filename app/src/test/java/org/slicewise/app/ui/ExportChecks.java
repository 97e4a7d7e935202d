package org.slicewise.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slicewise.app.TestData;
import org.slicewise.app.ui.io.ExportService;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;

/** Verifies an exported label file against the image: nibabel (external reference) and VolumeIO when it can read. */
final class ExportChecks {
    private ExportChecks() {
    }

    static void verify(Path out, Path image, Document d) throws Exception {
        // 1) nibabel: same affine as the reference NIfTI of the image, same voxel counts, voxels at known points
        Path refNifti = TestData.data("pyradiomics/nifti/brain1_image.nii.gz");
        long n1 = d.labels().count(1);
        int[] probe = firstLabelled(d);
        String py = String.join("\n",
                "import nibabel as nib, numpy as np, sys",
                "l = nib.load(sys.argv[1]); i = nib.load(sys.argv[2])",
                "a = np.asarray(l.dataobj)",
                "print(int(np.allclose(l.affine, i.affine, atol=1e-4)), a.shape[0], a.shape[1], a.shape[2], int((a == 1).sum()),"
                        + " int(a[int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])]))");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", py, out.toString(), refNifti.toString(),
                String.valueOf(probe[0]), String.valueOf(probe[1]), String.valueOf(probe[2])).redirectErrorStream(true).start();
        String res = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), res);
        String[] f = res.split("\\s+");
        assertEquals("1", f[0], "exported affine equals the image's (nibabel): " + res);
        assertEquals("256 256 25", f[1] + " " + f[2] + " " + f[3]);
        assertEquals(n1, Long.parseLong(f[4]), "label-1 voxel count (nibabel)");
        assertEquals("1", f[5], "voxel " + probe[0] + "," + probe[1] + "," + probe[2] + " is label 1 in nibabel's view");
        // 2) VolumeIO read-back when the io module can read NIfTI
        if (TestVolumes.volumeIoReads(out)) {
            Volume back = org.slicewise.io.VolumeIO.read(out, Progress.NONE);
            assertTrue(back.geometry().sameGrid(d.volume().geometry(), 1e-3), back.geometry() + " vs " + d.volume().geometry());
            for (int z = 0; z < back.nz(); z++) {
                for (int y = 0; y < back.ny(); y++) {
                    for (int x = 0; x < back.nx(); x++) {
                        if ((int) back.get(x, y, z) != d.labels().get(x, y, z)) {
                            throw new AssertionError("voxel " + x + "," + y + "," + z + " differs after read-back");
                        }
                    }
                }
            }
        }
        // 3) sidecar
        JsonObject side = JsonParser.parseString(Files.readString(ExportService.sidecarOf(out))).getAsJsonObject();
        assertEquals(d.table().labels().size(), side.getAsJsonArray("labels").size());
        assertEquals(d.annotations().all().size(), side.getAsJsonArray("prompts").size());
        JsonObject m = side.getAsJsonArray("measurements").get(0).getAsJsonObject();
        assertEquals(n1, m.get("voxels").getAsLong());
        assertEquals(n1 * 0.78125 * 0.78125 * 6.5 / 1000, m.get("volume_ml").getAsDouble(), 1e-6);
        assertTrue(image.toString().length() > 0);
    }

    private static int[] firstLabelled(Document d) throws IOException {
        var g = d.volume().geometry();
        for (int z = 0; z < g.nz(); z++) {
            for (int y = 0; y < g.ny(); y++) {
                for (int x = 0; x < g.nx(); x++) {
                    if (d.labels().get(x, y, z) == 1) {
                        return new int[] {x, y, z};
                    }
                }
            }
        }
        throw new IOException("no labelled voxel");
    }
}
