package org.slicewise.io.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;
import org.slicewise.io.TestData;
import org.slicewise.io.VolumeIO;

/** DICOM -> NIfTI through VolumeIO, checked by nibabel and against dcm2niix's conversion. */
class DicomToNiftiTest {
    @TempDir
    Path tmp;

    private static String python(String script, String... args) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 absent");
        String[] cmd = new String[3 + args.length];
        cmd[0] = "/usr/bin/python3";
        cmd[1] = "-c";
        cmd[2] = script;
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String res = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), res);
        return res;
    }

    /** Prints: aligned (grid equal up to axis flips/permutation), voxels differing, and the mean of label 5. */
    static final String COMPARE = String.join("\n",
            "import sys, numpy as np, nibabel as nib",
            "o = nib.load(sys.argv[1]); r = nib.load(sys.argv[2])",
            "d = np.asarray(o.dataobj)",
            "m = np.linalg.inv(o.affine) @ r.affine",
            "ok = np.allclose(m, np.round(m), atol=1e-3)",
            "idx = np.indices(r.shape).reshape(3, -1)",
            "ours = np.round(m[:3, :3] @ idx + m[:3, 3:4]).astype(int)",
            "vals = d[ours[0], ours[1], ours[2]].reshape(r.shape)",
            "print(ok, int(np.count_nonzero(vals != np.asarray(r.dataobj))), d.shape, int(d.min()))");

    @Test
    void totalSegmentatorSeriesWrittenAsNiftiAlignsWithTheReferences() throws Exception {
        Volume v = VolumeIO.read(TestData.data("totalsegmentator/example_ct_dicom"), Progress.NONE);
        Path out = tmp.resolve("ct.nii.gz");
        VolumeIO.write(v, out);
        String res = python(COMPARE, out.toString(), TestData.data("totalsegmentator/example_ct_dicom_decoded_hu.nii.gz").toString());
        assertEquals("True 0 (512, 512, 20) -1024", res);
    }

    @Test
    void mosaicWrittenAsNiftiEqualsDcm2niixOutput() throws Exception {
        Volume v = VolumeIO.read(TestData.data("dcm_qa_ts/In/1.dcm"), Progress.NONE);
        Path out = tmp.resolve("mosaic.nii");
        VolumeIO.write(v, out);
        String res = python(COMPARE, out.toString(), TestData.data("dcm_qa_ts/Ref/1.nii").toString());
        assertEquals("True 0 (64, 64, 35) 0", res);
    }

    @Test
    void agreesWithDcm2niixRunNow() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dcm2niix")), "dcm2niix absent");
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.copy(TestData.data("pydicom/CT_small.dcm"), in.resolve("ct.dcm"));
        Process p = new ProcessBuilder("/usr/bin/dcm2niix", "-z", "n", "-b", "n", "-o", tmp.toString(), "-f", "ref", in.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        Volume v = VolumeIO.read(in, Progress.NONE);
        Path out = tmp.resolve("ours.nii");
        VolumeIO.write(v, out);
        // dcm2niix keeps stored values and puts the rescale in scl_slope/scl_inter; nibabel applies it
        String res = python(String.join("\n",
                "import sys, numpy as np, nibabel as nib",
                "o = nib.load(sys.argv[1]); r = nib.load(sys.argv[2])",
                "a = o.get_fdata(); b = r.get_fdata()",
                "a = a.reshape(a.shape[0], a.shape[1], -1); b = b.reshape(b.shape[0], b.shape[1], -1)",
                "m = np.linalg.inv(o.affine) @ r.affine",
                "idx = np.indices(b.shape).reshape(3, -1)",
                "ours = np.round(m[:3, :3] @ idx + m[:3, 3:4]).astype(int)",
                "vals = a[ours[0], ours[1], ours[2]].reshape(b.shape)",
                "print(np.allclose(m, np.round(m), atol=1e-3), int(np.count_nonzero(np.abs(vals - b) > 1e-3)), b.size)"),
                out.toString(), tmp.resolve("ref.nii").toString());
        assertEquals("True 0 16384", res);
    }
}
