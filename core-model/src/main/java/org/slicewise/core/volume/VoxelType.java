package org.slicewise.core.volume;

/** Voxel storage types. Each slice of a {@link Volume} is one primitive array of the matching Java type. */
public enum VoxelType {
    UINT8("uint8", 1, true, false), INT8("int8", 1, true, true),
    UINT16("uint16", 2, true, false), INT16("int16", 2, true, true),
    INT32("int32", 4, true, true), UINT32("uint32", 4, true, false),
    FLOAT32("float32", 4, false, true), FLOAT64("float64", 8, false, true);

    private final String id;
    private final int bytes;
    private final boolean integral;
    private final boolean signed;

    VoxelType(String id, int bytes, boolean integral, boolean signed) {
        this.id = id;
        this.bytes = bytes;
        this.integral = integral;
        this.signed = signed;
    }

    /** Lower-case numpy-style name ("int16", "float32", ...). */
    public String id() { return id; }

    public int bytes() { return bytes; }

    public boolean integral() { return integral; }

    public boolean signed() { return signed; }

    /** Smallest representable value (for integral types). */
    public double minValue() {
        return switch (this) {
            case UINT8, UINT16, UINT32 -> 0;
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case FLOAT32 -> -Float.MAX_VALUE;
            case FLOAT64 -> -Double.MAX_VALUE;
        };
    }

    public double maxValue() {
        return switch (this) {
            case UINT8 -> 255;
            case INT8 -> Byte.MAX_VALUE;
            case UINT16 -> 65535;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 4294967295.0;
            case FLOAT32 -> Float.MAX_VALUE;
            case FLOAT64 -> Double.MAX_VALUE;
        };
    }

    /** Allocates one slice of {@code n} voxels: byte[], short[], int[], float[] or double[]. */
    public Object newSlice(int n) {
        return switch (this) {
            case UINT8, INT8 -> new byte[n];
            case UINT16, INT16 -> new short[n];
            case INT32, UINT32 -> new int[n];
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
        };
    }

    public static VoxelType fromId(String id) {
        for (VoxelType t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown voxel type: " + id);
    }
}
