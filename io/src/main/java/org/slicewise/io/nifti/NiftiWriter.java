package org.slicewise.io.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.io.GzipFiles;
import org.slicewise.io.ParallelGzipOutputStream;
import org.slicewise.io.VoxelCodec;

/**
 * Writes NIfTI-1 (NIfTI-2 when a dimension exceeds 32767), little endian, {@code .nii} or
 * {@code .nii.gz} (parallel gzip, default level 1). Both qform (quaternion + qfac) and sform are set,
 * code 1 (scanner anatomical), so ITK, 3D Slicer, ITK-SNAP, nibabel and FSL all agree on the grid.
 */
public final class NiftiWriter {
    private NiftiWriter() {
    }

    public static void write(Volume v, Path file) throws IOException {
        write(v, file, ParallelGzipOutputStream.DEFAULT_LEVEL, Progress.NONE);
    }

    public static void write(Volume v, Path file, int gzipLevel, Progress progress) throws IOException {
        boolean gz = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
        if (!GzipFiles.baseName(file).endsWith(".nii")) {
            throw new IllegalArgumentException(file + ": a NIfTI file name must end in .nii or .nii.gz");
        }
        byte[] header = header(v);
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        long expected = header.length + v.geometry().voxelCount() * v.type().bytes();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream fo = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
             OutputStream out = gz ? new ParallelGzipOutputStream(fo, gzipLevel, ch, 0, expected) : fo) {
            out.write(header);
            Object[] slices = new Object[v.nz()];
            for (int z = 0; z < slices.length; z++) {
                slices[z] = v.slice(z);
            }
            VoxelCodec.writeSlices(out, slices, v.type(), v.geometry().sliceSize(), ByteOrder.LITTLE_ENDIAN,
                    progress == null ? Progress.NONE : progress);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The header plus the 4-byte extension flag (all zero): 352 bytes for NIfTI-1, 544 for NIfTI-2. */
    static byte[] header(Volume v) {
        Geometry g = v.geometry();
        boolean two = g.nx() > Short.MAX_VALUE || g.ny() > Short.MAX_VALUE || g.nz() > Short.MAX_VALUE;
        double[] sp = g.spacing();
        double[] dir = g.direction();
        double[] o = g.origin();
        double[] ras = new double[9];
        for (int i = 0; i < 9; i++) {
            ras[i] = i < 6 ? -dir[i] : dir[i];
        }
        double[] originRas = {-o[0], -o[1], o[2]};
        double[] q = NiftiGeometry.rotationToQuatern(NiftiGeometry.orthonormalize(ras));
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                srow[r][c] = ras[r * 3 + c] * sp[c] + 0.0;
            }
            srow[r][3] = originRas[r] + 0.0;
        }
        double[] pixdim = {q[3], sp[0], sp[1], sp[2], 1, 1, 1, 1};
        long[] dim = {3, g.nx(), g.ny(), g.nz(), 1, 1, 1, 1};
        int code = NiftiHeader.codeOf(v.type());
        int bitpix = v.type().bytes() * 8;
        DisplayWindow w = v.metadata().suggestedWindow();
        double calMin = w == null ? 0 : w.lower(), calMax = w == null ? 0 : w.upper();
        byte[] descrip = ascii(v.metadata().description(), 79);
        ByteBuffer b;
        if (!two) {
            b = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0, 348);
            b.put(38, (byte) 'r');
            for (int i = 0; i < 8; i++) {
                b.putShort(40 + 2 * i, (short) dim[i]);
                b.putFloat(76 + 4 * i, (float) pixdim[i]);
            }
            b.putShort(70, (short) code);
            b.putShort(72, (short) bitpix);
            b.putFloat(108, 352);
            b.putFloat(112, 1);
            b.putFloat(116, 0);
            b.put(123, (byte) 2); // mm, no time unit
            b.putFloat(124, (float) calMax);
            b.putFloat(128, (float) calMin);
            b.put(148, descrip);
            b.putShort(252, (short) 1);
            b.putShort(254, (short) 1);
            b.putFloat(256, (float) q[0]);
            b.putFloat(260, (float) q[1]);
            b.putFloat(264, (float) q[2]);
            for (int i = 0; i < 3; i++) {
                b.putFloat(268 + 4 * i, (float) originRas[i]);
            }
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    b.putFloat(280 + 16 * r + 4 * c, (float) srow[r][c]);
                }
            }
            b.put(344, "n+1\0".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            b = ByteBuffer.allocate(544).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0, 540);
            b.put(4, "n+2\0\r\n\032\n".getBytes(StandardCharsets.ISO_8859_1));
            b.putShort(12, (short) code);
            b.putShort(14, (short) bitpix);
            for (int i = 0; i < 8; i++) {
                b.putLong(16 + 8 * i, dim[i]);
                b.putDouble(104 + 8 * i, pixdim[i]);
            }
            b.putLong(168, 544);
            b.putDouble(176, 1);
            b.putDouble(184, 0);
            b.putDouble(192, calMax);
            b.putDouble(200, calMin);
            b.put(240, descrip);
            b.putInt(344, 1);
            b.putInt(348, 1);
            b.putDouble(352, q[0]);
            b.putDouble(360, q[1]);
            b.putDouble(368, q[2]);
            for (int i = 0; i < 3; i++) {
                b.putDouble(376 + 8 * i, originRas[i]);
            }
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    b.putDouble(400 + 32 * r + 8 * c, srow[r][c]);
                }
            }
            b.putInt(500, 2);
        }
        return b.array();
    }

    private static byte[] ascii(String s, int max) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (sb.length() >= max) {
                break;
            }
            sb.append(c >= 32 && c < 127 ? c : '_');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
