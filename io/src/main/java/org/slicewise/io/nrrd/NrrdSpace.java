package org.slicewise.io.nrrd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slicewise.core.BadInputException;
import org.slicewise.core.volume.Geometry;

/** NRRD orientation fields → LPS {@link Geometry}. */
final class NrrdSpace {
    private NrrdSpace() {
    }

    /** Sign of the x and y rows to go from the NRRD space to LPS; null when the space is not 3D anatomical. */
    static double[] toLps(String space, Object file, List<String> warnings) {
        if (space == null) {
            return new double[] {1, 1};
        }
        String s = space.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "left-posterior-superior", "lps" -> new double[] {1, 1};
            case "right-anterior-superior", "ras" -> new double[] {-1, -1};
            case "left-anterior-superior", "las" -> new double[] {1, -1};
            case "scanner-xyz", "3d-right-handed", "3d-left-handed" -> {
                warnings.add("NRRD space '" + space + "' is not anatomical; treated as LPS");
                yield new double[] {1, 1};
            }
            default -> throw BadInputException.of(file, "unsupported NRRD space '" + space
                    + "' (time-varying or unknown; supported: LPS, RAS, LAS)");
        };
    }

    static Geometry geometry(NrrdHeader h, Object file, List<String> warnings) {
        int dimension = (int) NrrdHeader.longs(h.require(file, "dimension"), file, "dimension")[0];
        long[] sizes = NrrdHeader.longs(h.require(file, "sizes"), file, "sizes");
        if (dimension < 2 || dimension > 4) {
            throw BadInputException.of(file, "NRRD dimension " + dimension + " is not supported (need a 2D or 3D image)");
        }
        if (sizes.length != dimension) {
            throw BadInputException.of(file, "NRRD 'sizes' has " + sizes.length + " entries for dimension " + dimension);
        }
        for (long s : sizes) {
            if (s < 1 || s > Integer.MAX_VALUE) {
                throw BadInputException.of(file, "invalid NRRD size " + s);
            }
        }
        String kinds = h.get("kinds");
        if (kinds != null) {
            String[] k = kinds.trim().split("\\s+");
            for (int a = 0; a < Math.min(k.length, dimension); a++) {
                String kind = k[a].toLowerCase(Locale.ROOT);
                boolean spatial = kind.equals("domain") || kind.equals("space") || kind.equals("???") || kind.equals("none");
                if (!spatial && sizes[a] > 1) {
                    throw BadInputException.of(file, "NRRD axis " + a + " of kind '" + k[a] + "' and size " + sizes[a]
                            + " (4D, vector or colour data) is not supported; extract one 3D scalar volume first");
                }
            }
        }
        double[] flip = toLps(h.get("space"), file, warnings);
        String sd = h.get("space directions");
        List<double[]> cols = new ArrayList<>();
        List<Long> spatialSizes = new ArrayList<>();
        if (sd != null) {
            List<double[]> dirs = NrrdHeader.vectors(sd, file, "space directions");
            if (dirs.size() != dimension) {
                throw BadInputException.of(file, "NRRD 'space directions' has " + dirs.size()
                        + " entries for dimension " + dimension);
            }
            for (int a = 0; a < dimension; a++) {
                double[] v = dirs.get(a);
                if (v == null) {
                    if (sizes[a] != 1) {
                        throw BadInputException.of(file, "4D, vector or multi-component NRRD (non-spatial axis " + a
                                + " of size " + sizes[a] + ") is not supported; extract one 3D volume first");
                    }
                    continue;
                }
                if (v.length != 3) {
                    throw BadInputException.of(file, "NRRD space direction with " + v.length + " components; need 3");
                }
                cols.add(v);
                spatialSizes.add(sizes[a]);
            }
        } else {
            if (dimension == 4) {
                throw BadInputException.of(file, "4D NRRD without 'space directions' is not supported");
            }
            double[] sp = new double[dimension];
            String spacings = h.get("spacings");
            List<String> parts = spacings == null ? List.of() : List.of(spacings.trim().split("\\s+"));
            for (int a = 0; a < dimension; a++) {
                double v = a < parts.size() ? NrrdHeader.number(parts.get(a), file, "spacings") : 1;
                sp[a] = Double.isFinite(v) && v != 0 ? Math.abs(v) : 1;
                double[] c = new double[3];
                c[a] = sp[a];
                cols.add(c);
                spatialSizes.add(sizes[a]);
            }
            warnings.add("NRRD has no 'space directions': identity orientation assumed");
        }
        if (cols.size() < 2 || cols.size() > 3) {
            throw BadInputException.of(file, "NRRD has " + cols.size() + " spatial axes; need 2 or 3");
        }
        double[] spacing = new double[3];
        double[] dir = new double[9];
        for (int c = 0; c < cols.size(); c++) {
            double[] v = cols.get(c);
            double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            if (!(n > 0) || !Double.isFinite(n)) {
                throw BadInputException.of(file, "NRRD space direction " + c + " is zero or not finite");
            }
            spacing[c] = n;
            for (int r = 0; r < 3; r++) {
                double f = r < 2 ? flip[r] : 1;
                dir[r * 3 + c] = v[r] / n * f + 0.0;
            }
        }
        if (cols.size() == 2) {
            spacing[2] = 1;
            dir[2] = dir[3] * dir[7] - dir[6] * dir[4] + 0.0;
            dir[5] = dir[6] * dir[1] - dir[0] * dir[7] + 0.0;
            dir[8] = dir[0] * dir[4] - dir[3] * dir[1] + 0.0;
            spatialSizes.add(1L);
        }
        double[] origin = new double[3];
        String so = h.get("space origin");
        if (so != null) {
            List<double[]> o = NrrdHeader.vectors(so, file, "space origin");
            if (o.size() != 1 || o.get(0) == null || o.get(0).length != 3) {
                throw BadInputException.of(file, "malformed NRRD 'space origin': " + so);
            }
            for (int r = 0; r < 3; r++) {
                origin[r] = o.get(0)[r] * (r < 2 ? flip[r] : 1) + 0.0;
                if (!Double.isFinite(origin[r])) {
                    throw BadInputException.of(file, "NRRD 'space origin' is not finite: " + so);
                }
            }
        }
        int[] dims = {spatialSizes.get(0).intValue(), spatialSizes.get(1).intValue(), spatialSizes.get(2).intValue()};
        return new Geometry(dims, spacing, origin, dir);
    }
}
