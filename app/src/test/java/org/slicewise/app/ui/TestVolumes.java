package org.slicewise.app.ui;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.core.volume.VoxelType;
import org.slicewise.io.VolumeIO;

/**
 * Test-side access to volumes: VolumeIO when the io module implements the format, else a minimal
 * NRRD reader / NIfTI-1 writer (only what the shared pyradiomics files and label export need), so
 * the UI tests run before the io branches land. Results are verified against nibabel regardless.
 */
public final class TestVolumes {
    private TestVolumes() {
    }

    public static Volume read(Path p, Progress progress) throws IOException {
        try {
            return VolumeIO.read(p, progress);
        } catch (UnsupportedOperationException e) {
            return readNrrdFallback(p);
        }
    }

    public static void write(Volume v, Path p) throws IOException {
        try {
            VolumeIO.write(v, p);
        } catch (UnsupportedOperationException e) {
            writeNiftiFallback(v, p);
        }
    }

    /** True when VolumeIO itself can read (otherwise tests read back with nibabel only). */
    public static boolean volumeIoReads(Path p) {
        try {
            VolumeIO.read(p, Progress.NONE);
            return true;
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    static Volume readNrrdFallback(Path p) throws IOException {
        byte[] all = Files.readAllBytes(p);
        int hdrEnd = -1;
        for (int i = 0; i + 1 < all.length; i++) {
            if (all[i] == '\n' && all[i + 1] == '\n') {
                hdrEnd = i + 2;
                break;
            }
        }
        if (hdrEnd < 0) {
            throw new IOException(p + ": not a NRRD file");
        }
        Map<String, String> h = new HashMap<>();
        for (String line : new String(all, 0, hdrEnd, StandardCharsets.US_ASCII).split("\n")) {
            int c = line.indexOf(": ");
            if (c > 0 && !line.startsWith("#")) {
                h.put(line.substring(0, c).trim(), line.substring(c + 2).trim());
            }
        }
        if (!"short".equals(h.get("type")) || !"3".equals(h.get("dimension"))) {
            throw new IOException(p + ": fallback reader only handles 3D short NRRD");
        }
        String[] sz = h.get("sizes").split("\\s+");
        int nx = Integer.parseInt(sz[0]), ny = Integer.parseInt(sz[1]), nz = Integer.parseInt(sz[2]);
        double[][] dirs = new double[3][];
        String[] vecs = h.get("space directions").replace("(", "").split("\\)\\s*");
        for (int i = 0; i < 3; i++) {
            String[] c = vecs[i].replace(")", "").split(",");
            dirs[i] = new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2])};
        }
        String[] o = h.get("space origin").replace("(", "").replace(")", "").split(",");
        double[] spacing = new double[3], dir = new double[9];
        for (int c = 0; c < 3; c++) {
            spacing[c] = Math.sqrt(dirs[c][0] * dirs[c][0] + dirs[c][1] * dirs[c][1] + dirs[c][2] * dirs[c][2]);
            for (int r = 0; r < 3; r++) {
                dir[r * 3 + c] = dirs[c][r] / spacing[c];
            }
        }
        double[] origin = {Double.parseDouble(o[0]), Double.parseDouble(o[1]), Double.parseDouble(o[2])};
        InputStream in = new java.io.ByteArrayInputStream(all, hdrEnd, all.length - hdrEnd);
        if ("gzip".equals(h.get("encoding")) || "gz".equals(h.get("encoding"))) {
            in = new GZIPInputStream(in);
        }
        byte[] raw = in.readAllBytes();
        ByteBuffer bb = ByteBuffer.wrap(raw).order("big".equals(h.get("endian")) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        Object[] slices = new Object[nz];
        for (int z = 0; z < nz; z++) {
            short[] s = new short[nx * ny];
            bb.asShortBuffer().position(z * nx * ny).get(s);
            slices[z] = s;
        }
        return new Volume(new Geometry(new int[] {nx, ny, nz}, spacing, origin, dir), VoxelType.INT16, slices,
                new VolumeMetadata("MR", p.getFileName().toString(), null, p.toString(), false, java.util.List.of()));
    }

    /** Minimal NIfTI-1 (gzip) writer: uint8/int16/uint16, qform = sform = the LPS affine converted to RAS. */
    static void writeNiftiFallback(Volume v, Path p) throws IOException {
        Geometry g = v.geometry();
        ByteBuffer hdr = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
        hdr.putInt(0, 348);
        short datatype = switch (v.type()) {
            case UINT8 -> 2;
            case INT16 -> 4;
            case UINT16 -> 512;
            default -> throw new IOException("fallback writer: unsupported type " + v.type());
        };
        int bits = v.type().bytes() * 8;
        hdr.putShort(40, (short) 3);
        hdr.putShort(42, (short) g.nx());
        hdr.putShort(44, (short) g.ny());
        hdr.putShort(46, (short) g.nz());
        hdr.putShort(48, (short) 1);
        hdr.putShort(50, (short) 1);
        hdr.putShort(52, (short) 1);
        hdr.putShort(54, (short) 1);
        hdr.putShort(70, datatype);
        hdr.putShort(72, (short) bits);
        hdr.putFloat(76, -1); // qfac
        hdr.putFloat(80, (float) g.spacing(0));
        hdr.putFloat(84, (float) g.spacing(1));
        hdr.putFloat(88, (float) g.spacing(2));
        hdr.putFloat(108, 352);
        hdr.putFloat(112, 1);
        hdr.put(123, (byte) 10);
        hdr.putShort(252, (short) 0);
        hdr.putShort(254, (short) 2);
        double[] a = g.affineLps();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                double val = a[r * 4 + c] * (r < 2 ? -1 : 1); // LPS -> RAS
                hdr.putFloat(280 + r * 16 + c * 4, (float) val);
            }
        }
        hdr.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(p)))) {
            out.write(hdr.array());
            for (int z = 0; z < g.nz(); z++) {
                Object s = v.slice(z);
                if (s instanceof byte[] b) {
                    out.write(b);
                } else {
                    short[] sh = (short[]) s;
                    ByteBuffer b = ByteBuffer.allocate(sh.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                    b.asShortBuffer().put(sh);
                    out.write(b.array());
                }
            }
        }
    }
}
