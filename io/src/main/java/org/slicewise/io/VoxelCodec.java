package org.slicewise.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.ZipException;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.VoxelType;

/**
 * Bulk conversion between raw voxel bytes and per-slice primitive arrays. Slices are allocated one at
 * a time while data arrives, so a truncated or hostile file never costs more memory than the data it
 * really holds, and no partly filled volume ever escapes (the caller builds the volume only at the end).
 */
public final class VoxelCodec {
    private VoxelCodec() {
    }

    /**
     * Reads {@code nz} slices of {@code sliceVoxels} voxels of the stored {@code type} from {@code in}.
     *
     * @param file named in error messages
     */
    public static Object[] readSlices(InputStream in, VoxelType type, int sliceVoxels, int nz, ByteOrder order,
                                      Object file, Progress progress) throws IOException {
        Object[] slices = new Object[nz];
        int sliceBytes = Math.multiplyExact(sliceVoxels, type.bytes());
        byte[] raw = type.bytes() == 1 ? null : new byte[sliceBytes];
        long expected = (long) sliceBytes * nz;
        try {
            for (int z = 0; z < nz; z++) {
                byte[] target = raw != null ? raw : new byte[sliceBytes];
                int got = in.readNBytes(target, 0, sliceBytes);
                if (got < sliceBytes) {
                    throw truncated(file, (long) z * sliceBytes + got, expected);
                }
                slices[z] = raw != null ? decode(raw, sliceVoxels, type, order) : target;
                if ((z & 7) == 7) {
                    progress.checkCancelled();
                    progress.update((z + 1) / (double) nz, "reading");
                }
            }
        } catch (EOFException e) {
            throw BadInputException.of(file, "truncated compressed data (" + e.getMessage() + ")");
        } catch (ZipException e) {
            throw BadInputException.of(file, "corrupt gzip stream (" + e.getMessage() + ")");
        }
        return slices;
    }

    /**
     * Reads a compressed stream to its end so that the gzip trailer (CRC-32 and length) is verified;
     * a corrupt stream becomes a one-line error naming the file.
     */
    public static void drainCompressed(InputStream in, Object file) throws IOException {
        byte[] sink = new byte[1 << 14];
        long extra = 0;
        try {
            int n;
            while ((n = in.read(sink)) > 0) {
                extra += n;
                if (extra > (64L << 20)) {
                    return; // trailing junk of that size is not ours to check
                }
            }
        } catch (EOFException e) {
            throw BadInputException.of(file, "truncated compressed data (" + e.getMessage() + ")");
        } catch (ZipException e) {
            throw BadInputException.of(file, "corrupt gzip stream (" + e.getMessage() + ")");
        }
    }

    /** Decodes {@code nz} slices from one byte array (bounds already checked), slices in parallel. */
    public static Object[] decodeSlices(byte[] all, int offset, VoxelType type, int sliceVoxels, int nz, ByteOrder order) {
        Object[] slices = new Object[nz];
        int sliceBytes = sliceVoxels * type.bytes();
        java.util.stream.IntStream.range(0, nz).parallel().forEach(z -> {
            ByteBuffer bb = ByteBuffer.wrap(all, offset + z * sliceBytes, sliceBytes).slice().order(order);
            slices[z] = switch (type) {
                case UINT8, INT8 -> java.util.Arrays.copyOfRange(all, offset + z * sliceBytes, offset + (z + 1) * sliceBytes);
                case UINT16, INT16 -> {
                    short[] a = new short[sliceVoxels];
                    bb.asShortBuffer().get(a);
                    yield a;
                }
                case INT32, UINT32 -> {
                    int[] a = new int[sliceVoxels];
                    bb.asIntBuffer().get(a);
                    yield a;
                }
                case FLOAT32 -> {
                    float[] a = new float[sliceVoxels];
                    bb.asFloatBuffer().get(a);
                    yield a;
                }
                case FLOAT64 -> {
                    double[] a = new double[sliceVoxels];
                    bb.asDoubleBuffer().get(a);
                    yield a;
                }
            };
        });
        return slices;
    }

    public static BadInputException truncated(Object file, long got, long expected) {
        return BadInputException.of(file, "truncated voxel data: " + got + " of " + expected + " bytes present");
    }

    /** Converts {@code n} voxels of raw bytes to a fresh slice array of {@code type}. */
    public static Object decode(byte[] raw, int n, VoxelType type, ByteOrder order) {
        ByteBuffer bb = ByteBuffer.wrap(raw, 0, n * type.bytes()).order(order);
        return switch (type) {
            case UINT8, INT8 -> java.util.Arrays.copyOf(raw, n);
            case UINT16, INT16 -> {
                short[] s = new short[n];
                bb.asShortBuffer().get(s);
                yield s;
            }
            case INT32, UINT32 -> {
                int[] s = new int[n];
                bb.asIntBuffer().get(s);
                yield s;
            }
            case FLOAT32 -> {
                float[] s = new float[n];
                bb.asFloatBuffer().get(s);
                yield s;
            }
            case FLOAT64 -> {
                double[] s = new double[n];
                bb.asDoubleBuffer().get(s);
                yield s;
            }
        };
    }

    /** Encodes one slice into {@code out} (at least n*bytes long); returns the byte count. */
    public static int encode(Object slice, int n, VoxelType type, ByteOrder order, byte[] out) {
        ByteBuffer bb = ByteBuffer.wrap(out).order(order);
        switch (type) {
            case UINT8, INT8 -> System.arraycopy(slice, 0, out, 0, n);
            case UINT16, INT16 -> bb.asShortBuffer().put((short[]) slice, 0, n);
            case INT32, UINT32 -> bb.asIntBuffer().put((int[]) slice, 0, n);
            case FLOAT32 -> bb.asFloatBuffer().put((float[]) slice, 0, n);
            case FLOAT64 -> bb.asDoubleBuffer().put((double[]) slice, 0, n);
        }
        return n * type.bytes();
    }

    /** Writes all slices (little or big endian) to {@code out}. */
    public static void writeSlices(OutputStream out, Object[] slices, VoxelType type, int sliceVoxels, ByteOrder order,
                                   Progress progress) throws IOException {
        byte[] buf = new byte[sliceVoxels * type.bytes()];
        for (int z = 0; z < slices.length; z++) {
            if (type.bytes() == 1) {
                out.write((byte[]) slices[z], 0, sliceVoxels);
            } else {
                out.write(buf, 0, encode(slices[z], sliceVoxels, type, order, buf));
            }
            if ((z & 7) == 7) {
                progress.checkCancelled();
                progress.update((z + 1) / (double) slices.length, "writing");
            }
        }
    }

    /**
     * Checks that a volume of this size can be held at all (before anything is allocated): one slice
     * must fit a Java array and the whole volume must fit the heap.
     */
    public static void checkAllocatable(Object file, long nx, long ny, long nz, VoxelType type) {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw BadInputException.of(file, "invalid dimensions " + nx + "x" + ny + "x" + nz);
        }
        if (nx > Integer.MAX_VALUE || ny > Integer.MAX_VALUE || nz > Integer.MAX_VALUE) {
            throw BadInputException.of(file, "dimensions " + nx + "x" + ny + "x" + nz + " are too large");
        }
        long slice = nx * ny;
        if (slice > Integer.MAX_VALUE - 16 || slice * type.bytes() > Integer.MAX_VALUE - 16) {
            throw BadInputException.of(file, "slice of " + nx + "x" + ny + " voxels is too large");
        }
        double bytes = (double) slice * nz * type.bytes() + nz * 32.0;
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max * 0.9) {
            throw BadInputException.of(file, String.format("dimensions %dx%dx%d (%s) need %.0f MiB, more than the"
                    + " Java heap allows (%d MiB)", nx, ny, nz, type.id(), bytes / (1 << 20), max >> 20));
        }
    }
}
