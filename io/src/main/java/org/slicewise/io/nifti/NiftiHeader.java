package org.slicewise.io.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.slicewise.core.BadInputException;
import org.slicewise.core.volume.VoxelType;

/** The fields of a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header that Slicewise uses. */
final class NiftiHeader {
    static final int NIFTI1_SIZE = 348;
    static final int NIFTI2_SIZE = 540;

    int version;
    ByteOrder order;
    int datatype;
    int bitpix;
    long[] dim = new long[8];
    double[] pixdim = new double[8];
    long voxOffset;
    double sclSlope;
    double sclInter;
    double calMin;
    double calMax;
    String descrip = "";
    int qformCode;
    int sformCode;
    double quaternB;
    double quaternC;
    double quaternD;
    double[] qoffset = new double[3];
    double[][] srow = new double[3][4];
    int xyztUnits;

    /** Header size given the first 4 bytes (sizeof_hdr in either byte order), or -1 if not NIfTI. */
    static int headerSize(byte[] first4) {
        ByteBuffer bb = ByteBuffer.wrap(first4, 0, 4);
        int le = bb.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        int be = bb.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (le == NIFTI1_SIZE || be == NIFTI1_SIZE) {
            return NIFTI1_SIZE;
        }
        if (le == NIFTI2_SIZE || be == NIFTI2_SIZE) {
            return NIFTI2_SIZE;
        }
        return -1;
    }

    static NiftiHeader parse(byte[] raw, Object file) {
        int size = headerSize(raw);
        if (size < 0 || raw.length < size) {
            throw BadInputException.of(file, "not a NIfTI file (sizeof_hdr is neither 348 nor 540)");
        }
        ByteBuffer bb = ByteBuffer.wrap(raw, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        if (bb.getInt(0) != size) {
            bb.order(ByteOrder.BIG_ENDIAN);
        }
        NiftiHeader h = new NiftiHeader();
        h.order = bb.order();
        if (size == NIFTI1_SIZE) {
            h.parse1(bb, raw, file);
        } else {
            h.parse2(bb, raw, file);
        }
        return h;
    }

    private void parse1(ByteBuffer bb, byte[] raw, Object file) {
        version = 1;
        String magic = new String(raw, 344, 4, StandardCharsets.ISO_8859_1);
        if (magic.equals("ni1\0")) {
            throw BadInputException.of(file, "NIfTI header/image pairs (.hdr/.img) are not supported; use a single .nii file");
        }
        if (!magic.equals("n+1\0")) {
            throw BadInputException.of(file, "not a NIfTI-1 file (bad magic at byte 344)");
        }
        for (int i = 0; i < 8; i++) {
            dim[i] = bb.getShort(40 + 2 * i);
            pixdim[i] = bb.getFloat(76 + 4 * i);
        }
        datatype = bb.getShort(70);
        bitpix = bb.getShort(72);
        voxOffset = (long) bb.getFloat(108);
        sclSlope = bb.getFloat(112);
        sclInter = bb.getFloat(116);
        xyztUnits = raw[123] & 0xFF;
        calMax = bb.getFloat(124);
        calMin = bb.getFloat(128);
        descrip = cString(raw, 148, 80);
        qformCode = bb.getShort(252);
        sformCode = bb.getShort(254);
        quaternB = bb.getFloat(256);
        quaternC = bb.getFloat(260);
        quaternD = bb.getFloat(264);
        for (int i = 0; i < 3; i++) {
            qoffset[i] = bb.getFloat(268 + 4 * i);
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = bb.getFloat(280 + 16 * r + 4 * c);
            }
        }
    }

    private void parse2(ByteBuffer bb, byte[] raw, Object file) {
        version = 2;
        String magic = new String(raw, 4, 8, StandardCharsets.ISO_8859_1);
        if (magic.startsWith("ni2\0")) {
            throw BadInputException.of(file, "NIfTI header/image pairs (.hdr/.img) are not supported; use a single .nii file");
        }
        if (!magic.equals("n+2\0\r\n\032\n")) {
            throw BadInputException.of(file, "not a NIfTI-2 file (bad magic at byte 4)");
        }
        datatype = bb.getShort(12);
        bitpix = bb.getShort(14);
        for (int i = 0; i < 8; i++) {
            dim[i] = bb.getLong(16 + 8 * i);
            pixdim[i] = bb.getDouble(104 + 8 * i);
        }
        voxOffset = bb.getLong(168);
        sclSlope = bb.getDouble(176);
        sclInter = bb.getDouble(184);
        calMax = bb.getDouble(192);
        calMin = bb.getDouble(200);
        descrip = cString(raw, 240, 80);
        qformCode = bb.getInt(344);
        sformCode = bb.getInt(348);
        quaternB = bb.getDouble(352);
        quaternC = bb.getDouble(360);
        quaternD = bb.getDouble(368);
        for (int i = 0; i < 3; i++) {
            qoffset[i] = bb.getDouble(376 + 8 * i);
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = bb.getDouble(400 + 32 * r + 8 * c);
            }
        }
        xyztUnits = bb.getInt(500);
    }

    private static String cString(byte[] raw, int off, int len) {
        int n = 0;
        while (n < len && raw[off + n] != 0) {
            n++;
        }
        return new String(raw, off, n, StandardCharsets.ISO_8859_1).trim();
    }

    /** The stored voxel type, or a one-line error naming the unsupported datatype. */
    VoxelType storedType(Object file) {
        VoxelType t = typeOf(datatype);
        if (t == null) {
            throw BadInputException.of(file, "unsupported NIfTI datatype " + datatype + " (" + datatypeName(datatype)
                    + "); supported: uint8, int8, int16, uint16, int32, uint32, float32, float64");
        }
        return t;
    }

    static VoxelType typeOf(int code) {
        return switch (code) {
            case 2 -> VoxelType.UINT8;
            case 256 -> VoxelType.INT8;
            case 4 -> VoxelType.INT16;
            case 512 -> VoxelType.UINT16;
            case 8 -> VoxelType.INT32;
            case 768 -> VoxelType.UINT32;
            case 16 -> VoxelType.FLOAT32;
            case 64 -> VoxelType.FLOAT64;
            default -> null;
        };
    }

    static int codeOf(VoxelType t) {
        return switch (t) {
            case UINT8 -> 2;
            case INT8 -> 256;
            case INT16 -> 4;
            case UINT16 -> 512;
            case INT32 -> 8;
            case UINT32 -> 768;
            case FLOAT32 -> 16;
            case FLOAT64 -> 64;
        };
    }

    private static String datatypeName(int code) {
        return switch (code) {
            case 1 -> "binary";
            case 32 -> "complex64";
            case 128 -> "rgb24";
            case 1024 -> "int64";
            case 1280 -> "uint64";
            case 1536 -> "float128";
            case 1792 -> "complex128";
            case 2048 -> "complex256";
            case 2304 -> "rgba32";
            default -> "unknown";
        };
    }
}
