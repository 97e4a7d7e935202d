package org.slicewise.io.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Test-only minimal NIfTI-1 reader (sform only) used as an independent reference for DICOM tests. */
final class NiftiRef {
    final int[] dims;
    final double[] data;
    /** 4x4 row-major voxel -> LPS. */
    final double[] affineLps;

    private NiftiRef(int[] dims, double[] data, double[] affineLps) {
        this.dims = dims;
        this.data = data;
        this.affineLps = affineLps;
    }

    double get(int i, int j, int k) {
        return data[i + dims[0] * (j + dims[1] * k)];
    }

    static NiftiRef read(Path p) throws IOException {
        byte[] all;
        try (InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(p)) : Files.newInputStream(p)) {
            all = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 348) {
            throw new IOException("not a little-endian NIfTI-1: " + p);
        }
        int[] dims = {b.getShort(42), b.getShort(44), b.getShort(46)};
        int datatype = b.getShort(70);
        int voxOffset = Math.max(352, (int) b.getFloat(108));
        float slope = b.getFloat(112), inter = b.getFloat(116);
        if (b.getShort(254) <= 0) {
            throw new IOException("test reader needs an sform: " + p);
        }
        double[] a = new double[16];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                a[r * 4 + c] = b.getFloat(280 + 16 * r + 4 * c);
            }
        }
        a[15] = 1;
        for (int c = 0; c < 4; c++) { // RAS -> LPS
            a[c] = -a[c];
            a[4 + c] = -a[4 + c];
        }
        int n = dims[0] * dims[1] * dims[2];
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double v = switch (datatype) {
                case 2 -> all[voxOffset + i] & 0xFF;
                case 4 -> b.getShort(voxOffset + 2 * i);
                case 512 -> b.getShort(voxOffset + 2 * i) & 0xFFFF;
                case 8 -> b.getInt(voxOffset + 4 * i);
                case 16 -> b.getFloat(voxOffset + 4 * i);
                default -> throw new IOException("datatype " + datatype);
            };
            d[i] = slope != 0 && !Float.isNaN(slope) ? v * slope + inter : v;
        }
        return new NiftiRef(dims, d, a);
    }
}
