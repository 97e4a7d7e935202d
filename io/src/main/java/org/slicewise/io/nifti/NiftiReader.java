package org.slicewise.io.nifti;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.core.volume.VoxelType;
import org.slicewise.io.BlockGzip;
import org.slicewise.io.GzipFiles;
import org.slicewise.io.VoxelCodec;

/**
 * Reads NIfTI-1 and NIfTI-2 single files ({@code .nii}, {@code .nii.gz}, either byte order). Voxels are
 * inflated straight into per-slice arrays; scl_slope/scl_inter are applied (see {@link NiftiScaling}).
 */
public final class NiftiReader {
    private NiftiReader() {
    }

    /** True when these leading bytes (at least 348) hold an uncompressed NIfTI-1 or NIfTI-2 header. */
    public static boolean isNiftiHeaderStart(byte[] head) {
        int size = head.length >= 4 ? NiftiHeader.headerSize(head) : -1;
        if (size == NiftiHeader.NIFTI1_SIZE) {
            String m = new String(head, 344, 3, java.nio.charset.StandardCharsets.ISO_8859_1);
            return m.equals("n+1") || m.equals("ni1");
        }
        if (size == NiftiHeader.NIFTI2_SIZE && head.length >= 8) {
            String m = new String(head, 4, 3, java.nio.charset.StandardCharsets.ISO_8859_1);
            return m.equals("n+2") || m.equals("ni2");
        }
        return false;
    }

    public static Volume read(Path file, Progress progress) throws IOException {
        Progress p = progress == null ? Progress.NONE : progress;
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        long fileSize = Files.size(file);
        boolean gz = GzipFiles.isGzip(file);
        if (gz) {
            byte[] all = BlockGzip.readIndexed(file, 0, (long) (Runtime.getRuntime().maxMemory() * 0.3));
            if (all != null) {
                int size = all.length >= 4 ? NiftiHeader.headerSize(all) : -1;
                if (size < 0 || all.length < size) {
                    throw BadInputException.of(file, "not a NIfTI file (sizeof_hdr is neither 348 nor 540)");
                }
                return readBody(file, NiftiHeader.parse(all, file), null, all, fileSize, p);
            }
        }
        try (InputStream in = gz ? new GZIPInputStream(new FileInputStream(file.toFile()), 1 << 16)
                : new BufferedInputStream(new FileInputStream(file.toFile()), 1 << 16)) {
            byte[] first = in.readNBytes(4);
            int size = first.length == 4 ? NiftiHeader.headerSize(first) : -1;
            if (size < 0) {
                throw BadInputException.of(file, "not a NIfTI file (sizeof_hdr is neither 348 nor 540)");
            }
            byte[] raw = new byte[size];
            System.arraycopy(first, 0, raw, 0, 4);
            if (in.readNBytes(raw, 4, size - 4) < size - 4) {
                throw BadInputException.of(file, "truncated NIfTI header");
            }
            NiftiHeader h = NiftiHeader.parse(raw, file);
            return readBody(file, h, in, null, gz ? -1 : fileSize, p);
        } catch (ZipException e) {
            throw BadInputException.of(file, "corrupt gzip stream (" + e.getMessage() + ")");
        } catch (java.io.EOFException e) {
            throw BadInputException.of(file, "truncated compressed data (" + e.getMessage() + ")");
        }
    }

    /**
     * @param in       the stream positioned after the header, or null when {@code all} holds the whole file
     * @param all      the whole uncompressed file (parallel-inflated), or null
     * @param fileSize size of an uncompressed file, -1 for a gzip stream
     */
    private static Volume readBody(Path file, NiftiHeader h, InputStream in, byte[] all, long fileSize, Progress p)
            throws IOException {
        List<String> warnings = new ArrayList<>();
        long nd = h.dim[0];
        if (nd < 1 || nd > 7) {
            throw BadInputException.of(file, "invalid NIfTI dim[0] = " + nd + " (must be 1..7)");
        }
        long[] d = {1, 1, 1};
        long extra = 1;
        for (int i = 1; i <= nd; i++) {
            if (h.dim[i] < 1) {
                throw BadInputException.of(file, "invalid NIfTI dim[" + i + "] = " + h.dim[i]);
            }
            if (i <= 3) {
                d[i - 1] = h.dim[i];
            } else {
                extra = Math.multiplyHigh(extra, h.dim[i]) != 0 ? Long.MAX_VALUE : extra * h.dim[i];
            }
        }
        if (extra > 1) {
            throw BadInputException.of(file, "4D/5D NIfTI (" + extra + " volumes or components) is not supported;"
                    + " extract one 3D volume first");
        }
        VoxelType type = h.storedType(file);
        if (h.bitpix != type.bytes() * 8) {
            warnings.add("bitpix " + h.bitpix + " does not match datatype " + type.id() + "; datatype used");
        }
        VoxelCodec.checkAllocatable(file, d[0], d[1], d[2], type);
        int headerSize = h.version == 1 ? NiftiHeader.NIFTI1_SIZE : NiftiHeader.NIFTI2_SIZE;
        long offset = h.voxOffset;
        if (offset - headerSize > (1 << 20)) {
            throw BadInputException.of(file, "implausible vox_offset " + offset);
        }
        if (offset < headerSize) {
            warnings.add("vox_offset " + offset + " is inside the header; using " + (headerSize + 4));
            offset = headerSize + 4;
        }
        long dataBytes = d[0] * d[1] * d[2] * type.bytes();
        long available = all != null ? all.length : fileSize;
        if (available >= 0 && available < offset + dataBytes) {
            throw BadInputException.of(file, String.format("file too short for its header: %dx%dx%d %s needs %d bytes"
                    + " from offset %d, the file has %d", d[0], d[1], d[2], type.id(), dataBytes, offset, available));
        }
        Object[] slices;
        if (all != null) {
            slices = VoxelCodec.decodeSlices(all, (int) offset, type, (int) (d[0] * d[1]), (int) d[2], h.order);
        } else {
            long skip = offset - headerSize;
            if (skip > 0 && in.readNBytes((int) Math.min(skip, 1 << 20)).length < skip) {
                throw BadInputException.of(file, "truncated before vox_offset " + offset);
            }
            slices = VoxelCodec.readSlices(in, type, (int) (d[0] * d[1]), (int) d[2], h.order, file, p);
            if (fileSize < 0) {
                VoxelCodec.drainCompressed(in, file);
            }
        }
        Geometry g = NiftiGeometry.toGeometry(h, new int[] {(int) d[0], (int) d[1], (int) d[2]}, warnings);
        int spaceUnits = h.xyztUnits & 7;
        if (spaceUnits == 1 || spaceUnits == 3) {
            warnings.add("xyzt_units says " + (spaceUnits == 1 ? "metres" : "microns") + "; values used as mm");
        }
        NiftiScaling.Scaled s = NiftiScaling.apply(g, type, slices, h.sclSlope, h.sclInter);
        DisplayWindow window = h.calMax > h.calMin && Double.isFinite(h.calMin) && Double.isFinite(h.calMax)
                ? DisplayWindow.fromRange(h.calMin, h.calMax) : null;
        String description = h.descrip.isEmpty() ? file.getFileName().toString() : h.descrip;
        VolumeMetadata meta = new VolumeMetadata("OT", description, window, file.toString(), s.applied(), warnings);
        return new Volume(g, s.type(), s.slices(), meta);
    }
}
