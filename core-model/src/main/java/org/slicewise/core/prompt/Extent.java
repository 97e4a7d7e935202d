package org.slicewise.core.prompt;

/** An object's slice range [zmin, zmax] (inclusive), beyond which no slice is segmented. */
public record Extent(int zmin, int zmax) {
    public Extent {
        if (zmax < zmin) {
            throw new IllegalArgumentException("extent needs zmin <= zmax: [" + zmin + "," + zmax + "]");
        }
    }

    public boolean contains(int z) {
        return z >= zmin && z <= zmax;
    }
}
