package org.slicewise.app.ui.render;

import org.slicewise.core.volume.Geometry;

/**
 * Maps the pixels of one MPR plane to voxels. Axial: columns = i, rows = j; coronal: columns = i,
 * rows = k; sagittal: columns = j, rows = k. Each axis may be flipped so that, for the usual
 * scanner orientations, the image is shown in radiological convention (patient left on screen
 * right, anterior up in axial, superior up in coronal/sagittal). Orientation letters are computed
 * from the direction matrix after the flips, so oblique or unusual data is still labelled correctly.
 */
public final class ViewMapping {
    private final Geometry g;
    private final Orientation o;
    private final boolean flipCol;
    private final boolean flipRow;
    private final int colAxis;
    private final int rowAxis;
    private final int sliceAxis;

    public ViewMapping(Geometry g, Orientation o) {
        this.g = g;
        this.o = o;
        double[] d = g.direction();
        switch (o) {
            case AXIAL -> { colAxis = 0; rowAxis = 1; sliceAxis = 2; }
            case CORONAL -> { colAxis = 0; rowAxis = 2; sliceAxis = 1; }
            default -> { colAxis = 1; rowAxis = 2; sliceAxis = 0; }
        }
        // desired screen-right / screen-down LPS axis and sign
        int wantCol = o == Orientation.SAGITTAL ? 1 : 0; // L (x+) or P (y+) to the right
        int wantRow = o == Orientation.AXIAL ? 1 : 2;    // P (y+) down in axial; S (z+) ... up
        double colComp = d[wantCol * 3 + colAxis];
        double rowComp = d[wantRow * 3 + rowAxis];
        flipCol = colComp < 0;
        // axial: rows should run towards +y (posterior down); coronal/sagittal: superior up => rows towards -z
        flipRow = o == Orientation.AXIAL ? rowComp < 0 : rowComp > 0;
    }

    public Orientation orientation() { return o; }

    public Geometry geometry() { return g; }

    public int width() { return g.dims()[colAxis]; }

    public int height() { return g.dims()[rowAxis]; }

    public int sliceCount() { return g.dims()[sliceAxis]; }

    public double colSpacing() { return g.spacing(colAxis); }

    public double rowSpacing() { return g.spacing(rowAxis); }

    public int sliceAxis() { return sliceAxis; }

    public int colAxis() { return colAxis; }

    public int rowAxis() { return rowAxis; }

    public boolean flipCol() { return flipCol; }

    public boolean flipRow() { return flipRow; }

    /** Voxel index along the column axis for screen column c. */
    public int colToVoxel(int c) { return flipCol ? width() - 1 - c : c; }

    public int rowToVoxel(int r) { return flipRow ? height() - 1 - r : r; }

    /** Continuous variants (pixel centres at .0). */
    public double colToVoxel(double c) { return flipCol ? width() - 1 - c : c; }

    public double rowToVoxel(double r) { return flipRow ? height() - 1 - r : r; }

    /** Voxel (x, y, z) of pixel (col, row) on slice {@code index}. */
    public int[] toVoxel(int col, int row, int index) {
        int[] v = new int[3];
        v[colAxis] = colToVoxel(col);
        v[rowAxis] = rowToVoxel(row);
        v[sliceAxis] = index;
        return v;
    }

    /** Screen (col, row) of a voxel; inverse of {@link #toVoxel} (same formula: the flips are involutions). */
    public double[] toPixel(double x, double y, double z) {
        double[] v = {x, y, z};
        return new double[] {colToVoxel(v[colAxis]), rowToVoxel(v[rowAxis])};
    }

    public int sliceOf(int x, int y, int z) {
        return sliceAxis == 0 ? x : (sliceAxis == 1 ? y : z);
    }

    /** Letters at the [left, right, top, bottom] edges, from the direction matrix. */
    public String[] edgeLetters() {
        double[] d = g.direction();
        double[] right = new double[3], down = new double[3];
        for (int r = 0; r < 3; r++) {
            right[r] = d[r * 3 + colAxis] * (flipCol ? -1 : 1);
            down[r] = d[r * 3 + rowAxis] * (flipRow ? -1 : 1);
        }
        String rl = letter(right), dl = letter(down);
        return new String[] {opposite(rl), rl, opposite(dl), dl};
    }

    static String letter(double[] v) {
        int a = 0;
        for (int i = 1; i < 3; i++) {
            if (Math.abs(v[i]) > Math.abs(v[a])) {
                a = i;
            }
        }
        boolean pos = v[a] > 0;
        return switch (a) {
            case 0 -> pos ? "L" : "R";
            case 1 -> pos ? "P" : "A";
            default -> pos ? "S" : "I";
        };
    }

    static String opposite(String l) {
        return switch (l) {
            case "L" -> "R";
            case "R" -> "L";
            case "P" -> "A";
            case "A" -> "P";
            case "S" -> "I";
            default -> "S";
        };
    }
}
