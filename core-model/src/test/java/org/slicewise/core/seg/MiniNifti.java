package org.slicewise.core.seg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.core.volume.VoxelType;

/** Test-only minimal NIfTI-1 reader (little-endian int16/uint8/int32/float32; no scaling, axis-aligned geometry). */
public final class MiniNifti {
    private MiniNifti() {
    }

    public static Volume read(Path p) throws IOException {
        byte[] all;
        try (InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(p)) : Files.newInputStream(p)) {
            all = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 348) {
            throw new IOException(p + ": not little-endian NIfTI-1");
        }
        int nx = b.getShort(42), ny = b.getShort(44), nz = b.getShort(46);
        int dt = b.getShort(70);
        float sx = b.getFloat(80), sy = b.getFloat(84), sz = b.getFloat(88);
        int off = (int) b.getFloat(108);
        VoxelType t = switch (dt) {
            case 2 -> VoxelType.UINT8;
            case 4 -> VoxelType.INT16;
            case 8 -> VoxelType.INT32;
            case 16 -> VoxelType.FLOAT32;
            default -> throw new IOException(p + ": datatype " + dt + " not supported by the test reader");
        };
        Object[] slices = new Object[nz];
        int n = nx * ny;
        b.position(off);
        for (int z = 0; z < nz; z++) {
            switch (t) {
                case UINT8 -> { byte[] a = new byte[n]; b.get(a); slices[z] = a; }
                case INT16 -> { short[] a = new short[n]; b.asShortBuffer().get(a); b.position(b.position() + 2 * n); slices[z] = a; }
                case INT32 -> { int[] a = new int[n]; b.asIntBuffer().get(a); b.position(b.position() + 4 * n); slices[z] = a; }
                default -> { float[] a = new float[n]; b.asFloatBuffer().get(a); b.position(b.position() + 4 * n); slices[z] = a; }
            }
        }
        return new Volume(Geometry.axisAligned(nx, ny, nz, sx, sy, sz), t, slices, VolumeMetadata.of("MR", p.toString()));
    }
}
