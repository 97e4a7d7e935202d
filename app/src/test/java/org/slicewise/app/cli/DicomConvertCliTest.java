package org.slicewise.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.app.TestData;

/** `slicewise convert` of the TotalSegmentator DICOM series, checked with nibabel against the organ labels' grid. */
class DicomConvertCliTest {
    @TempDir
    Path tmp;

    @Test
    void convertedSeriesLinesUpWithTheSegmentationInPatientSpace() throws Exception {
        Path dir = TestData.data("totalsegmentator/example_ct_dicom");
        Path seg = TestData.data("totalsegmentator/example_seg_dicom.nii.gz");
        Path hu = TestData.data("totalsegmentator/example_ct_dicom_decoded_hu.nii.gz");
        assumeTrue(ConvertCommand.class.getDeclaredFields().length > 0, "convert command (branch nifti) not merged yet");
        Path out = tmp.resolve("out.nii.gz");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int rc = SlicewiseCli.run(new PrintWriter(o, true), new PrintWriter(e, true), "convert", dir.toString(), out.toString());
        assumeFalse(e.toString().contains("not implemented yet"), "convert command not merged yet");
        assertEquals(0, rc, e.toString());
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 absent");
        String script = String.join("\n",
                "import sys, numpy as np, nibabel as nib",
                "o = nib.load(sys.argv[1]); s = nib.load(sys.argv[2]); h = nib.load(sys.argv[3])",
                "d = np.asarray(o.dataobj)",
                "m = np.linalg.inv(o.affine) @ s.affine",  // seg voxel -> our voxel
                "ok = np.allclose(m, np.round(m), atol=1e-3)",
                "idx = np.indices(s.shape).reshape(3, -1)",
                "ours = np.round(m[:3, :3] @ idx + m[:3, 3:4]).astype(int)",
                "vals = d[ours[0], ours[1], ours[2]].reshape(s.shape)",
                "ref = np.asarray(h.dataobj)",
                "liver = np.asarray(s.dataobj) == 5",
                "print(d.shape[0], d.shape[1], d.shape[2], '%.4f %.4f %.4f' % tuple(o.header.get_zooms()), int(d.min()),",
                "      ok, int(np.count_nonzero(vals != ref)), '%.1f' % vals[liver].mean())");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, out.toString(), seg.toString(), hu.toString())
                .redirectErrorStream(true).start();
        String res = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), res);
        String[] t = res.split("\\s+");
        assertEquals("512 512 20", t[0] + " " + t[1] + " " + t[2], res);
        assertEquals("0.9766 0.9766 2.0000", t[3] + " " + t[4] + " " + t[5], res);
        assertEquals("-1024", t[6], res);
        assertEquals("True", t[7], "the output's grid is not the segmentation's grid up to axis flips: " + res);
        assertEquals("0", t[8], "HU differ from the reference in patient space: " + res);
        assertEquals(89, Double.parseDouble(t[9]), 3, "mean HU in the liver: " + res);
    }
}
