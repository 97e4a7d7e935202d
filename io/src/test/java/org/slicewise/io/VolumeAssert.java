package org.slicewise.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;

/** Assertions on voxels and geometry. */
public final class VolumeAssert {
    private VolumeAssert() {
    }

    /** Same values voxel by voxel (types may differ, e.g. a NRRD short label vs a NIfTI uint8 label). */
    public static void sameValues(Volume a, Volume b, String what) {
        assertArrayEquals(a.geometry().dims(), b.geometry().dims(), what + ": dims");
        float[] fa = null, fb = null;
        for (int z = 0; z < a.nz(); z++) {
            fa = a.sliceAsFloat(z, fa);
            fb = b.sliceAsFloat(z, fb);
            assertArrayEquals(fa, fb, what + ": slice " + z);
        }
    }

    /** Same type and bit-identical slices. */
    public static void identical(Volume a, Volume b, String what) {
        assertEquals(a.type(), b.type(), what + ": type");
        sameValues(a, b, what);
        assertEquals(Nibabel.sha256(a), Nibabel.sha256(b), what + ": voxel sha256");
    }

    public static void sameGeometry(Geometry a, Geometry b, double tol, String what) {
        assertArrayEquals(a.dims(), b.dims(), what + ": dims");
        assertArrayEquals(a.spacing(), b.spacing(), tol, what + ": spacing");
        assertArrayEquals(a.origin(), b.origin(), tol, what + ": origin");
        assertArrayEquals(a.direction(), b.direction(), 1e-5, what + ": direction");
        assertTrue(a.sameGrid(b, tol), what + ": sameGrid");
    }
}
