package org.slicewise.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.slicewise.core.volume.Volume;

/** Reference reads through nibabel ({@code /usr/bin/python3}); tests skip when it is absent. */
public final class Nibabel {
    private static final String PY = "/usr/bin/python3";
    private static final String SCRIPT = String.join("\n",
            "import sys, json, hashlib, numpy as np, nibabel as nib",
            "out = []",
            "for f in sys.argv[1:]:",
            "    img = nib.load(f)",
            "    raw = np.asanyarray(img.dataobj)",
            "    h = img.header",
            "    out.append(dict(file=f, shape=list(img.shape), dtype=str(h.get_data_dtype().newbyteorder('=')),",
            "        affine=img.affine.tolist(), qform=img.get_qform().tolist(), sform=img.get_sform().tolist(),",
            "        qcode=int(h['qform_code']), scode=int(h['sform_code']),",
            "        sum=float(img.get_fdata(dtype=np.float64).sum()),",
            "        sha=hashlib.sha256(raw.astype(raw.dtype.newbyteorder('<')).tobytes(order='F')).hexdigest()))",
            "print(json.dumps(out))");

    private Nibabel() {
    }

    public static JsonObject load(Path file) {
        return loadAll(file).get(0).getAsJsonObject();
    }

    public static com.google.gson.JsonArray loadAll(Path... files) {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PY)), "/usr/bin/python3 with nibabel is absent: test skipped");
        try {
            String[] cmd = new String[files.length + 3];
            cmd[0] = PY;
            cmd[1] = "-c";
            cmd[2] = SCRIPT;
            for (int i = 0; i < files.length; i++) {
                cmd[i + 3] = files[i].toString();
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("nibabel failed: " + out);
            }
            return JsonParser.parseString(out.trim()).getAsJsonArray();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run nibabel: " + e, e);
        }
    }

    /** Voxel→RAS affine (row-major 4x4) of nibabel's reply. */
    public static double[] affine(JsonObject o, String key) {
        double[] m = new double[16];
        var rows = o.getAsJsonArray(key);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                m[r * 4 + c] = rows.get(r).getAsJsonArray().get(c).getAsDouble();
            }
        }
        return m;
    }

    /** Our volume's voxel→RAS affine (LPS with x and y rows negated). */
    public static double[] rasAffine(Volume v) {
        double[] m = v.geometry().affineLps();
        for (int i = 0; i < 8; i++) {
            m[i] = -m[i];
        }
        return m;
    }

    /** sha256 of the voxels as little-endian bytes, x fastest (the same as nibabel's F-order bytes). */
    public static String sha256(Volume v) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[v.geometry().sliceSize() * v.type().bytes()];
            for (int z = 0; z < v.nz(); z++) {
                int n = VoxelCodec.encode(v.slice(z), v.geometry().sliceSize(), v.type(), java.nio.ByteOrder.LITTLE_ENDIAN, buf);
                md.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static double sum(Volume v) {
        double s = 0;
        float[] buf = null;
        for (int z = 0; z < v.nz(); z++) {
            if (v.type() == org.slicewise.core.volume.VoxelType.FLOAT64) {
                for (double d : (double[]) v.slice(z)) {
                    s += d;
                }
                continue;
            }
            buf = v.sliceAsFloat(z, buf);
            for (int i = 0; i < v.geometry().sliceSize(); i++) {
                s += buf[i];
            }
        }
        return s;
    }
}
