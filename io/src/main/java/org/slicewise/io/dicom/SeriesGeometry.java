package org.slicewise.io.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slicewise.core.volume.Geometry;

/**
 * Sorts the slices of one series along the slice normal and derives the LPS grid: origin = first
 * slice's ImagePositionPatient, direction columns = row direction, column direction, slice normal
 * (slices are sorted ascending along it), spacing = [column spacing, row spacing, spacing from
 * positions]. Reports uneven spacing, missing slices, duplicated positions and gantry tilt.
 */
final class SeriesGeometry {
    private SeriesGeometry() {
    }

    static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    record Result(List<SliceRef> slices, Geometry geometry, List<String> warnings) {
    }

    static double[] cross(double[] o) {
        return new double[] {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
    }

    static double[] normalize(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return n == 0 ? v : new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    static Result compute(List<SliceRef> input) {
        List<String> warnings = new ArrayList<>();
        SliceRef first = input.get(0);
        double[] o = first.attrs.orientation;
        if (o == null) {
            o = AXIAL;
            warnings.add("no ImageOrientationPatient: axial orientation assumed");
        }
        double[] r = normalize(new double[] {o[0], o[1], o[2]});
        double[] c = normalize(new double[] {o[3], o[4], o[5]});
        double[] n = normalize(cross(new double[] {r[0], r[1], r[2], c[0], c[1], c[2]}));
        double[] ps = first.attrs.pixelSpacing;
        if (ps == null || !(ps[0] > 0) || !(ps[1] > 0)) {
            ps = new double[] {1, 1};
            warnings.add("no PixelSpacing: 1 mm assumed");
        }
        boolean havePositions = input.stream().allMatch(s -> s.position != null);
        List<SliceRef> slices = new ArrayList<>(input);
        if (havePositions) {
            for (SliceRef s : slices) {
                s.along = s.position[0] * n[0] + s.position[1] * n[1] + s.position[2] * n[2];
            }
            slices.sort(Comparator.comparingDouble((SliceRef s) -> s.along)
                    .thenComparingInt(s -> s.header.instanceNumber).thenComparingInt(s -> s.frame).thenComparingInt(s -> s.tile));
        } else {
            slices.sort(Comparator.comparingInt((SliceRef s) -> s.header.instanceNumber).thenComparingInt(s -> s.frame)
                    .thenComparingInt(s -> s.tile));
            if (slices.size() > 1) {
                warnings.add("no ImagePositionPatient: slices ordered by instance and frame number");
            }
        }
        double fallbackDz = fallbackSpacing(first);
        double dz = fallbackDz;
        if (havePositions && slices.size() > 1) {
            slices = dropDuplicates(slices, warnings);
        }
        if (havePositions && slices.size() > 1) {
            dz = spacingFromPositions(slices, warnings);
            tilt(slices, n, warnings);
        }
        if (!(dz > 1e-6)) {
            warnings.add("slices share one position: slice spacing " + fmt(fallbackDz) + " mm assumed");
            dz = fallbackDz;
        }
        double[] origin = first.position;
        if (havePositions) {
            origin = slices.get(0).position;
        } else if (origin == null) {
            origin = new double[3];
            warnings.add("no ImagePositionPatient: origin (0,0,0) assumed");
        }
        double[] dir = {r[0], c[0], n[0], r[1], c[1], n[1], r[2], c[2], n[2]};
        Geometry g = new Geometry(new int[] {first.width(), first.height(), slices.size()},
                new double[] {ps[1], ps[0], dz}, origin.clone(), dir);
        return new Result(slices, g, warnings);
    }

    private static double fallbackSpacing(SliceRef s) {
        double v = s.header.spacingBetweenSlices;
        if (v > 0) {
            return v;
        }
        v = s.attrs.sliceThickness;
        return v > 0 ? v : 1;
    }

    private static List<SliceRef> dropDuplicates(List<SliceRef> slices, List<String> warnings) {
        List<SliceRef> out = new ArrayList<>(slices.size());
        double tol = 1e-3;
        int dropped = 0;
        for (SliceRef s : slices) {
            if (!out.isEmpty() && Math.abs(s.along - out.get(out.size() - 1).along) < tol) {
                dropped++;
                continue;
            }
            out.add(s);
        }
        if (dropped > 0) {
            warnings.add(dropped + " slices share a position with another slice (several echoes, phases or "
                    + "acquisitions?): kept the lowest instance number at each of " + out.size() + " positions");
        }
        return out;
    }

    private static double spacingFromPositions(List<SliceRef> slices, List<String> warnings) {
        int m = slices.size() - 1;
        double[] d = new double[m];
        for (int i = 0; i < m; i++) {
            d[i] = slices.get(i + 1).along - slices.get(i).along;
        }
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        double median = sorted[m / 2];
        double mean = (slices.get(m).along - slices.get(0).along) / m;
        int gaps = 0;
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < m; i++) {
            if (d[i] > 1.5 * median) {
                gaps++;
                if (gaps <= 3) {
                    where.append(where.length() == 0 ? "" : ", ").append(fmt(d[i])).append(" mm after slice ").append(i);
                }
            }
        }
        if (gaps > 0) {
            warnings.add("missing slices: " + gaps + " gap(s) larger than 1.5x the median spacing " + fmt(median)
                    + " mm (" + where + "); the volume uses the median spacing, so slices beyond a gap are misplaced");
            return median;
        }
        if (sorted[m - 1] - sorted[0] > 0.01 * median + 1e-3) {
            warnings.add("uneven slice spacing: " + fmt(sorted[0]) + " to " + fmt(sorted[m - 1])
                    + " mm; the volume uses the mean " + fmt(mean) + " mm");
        }
        return mean;
    }

    private static void tilt(List<SliceRef> slices, double[] n, List<String> warnings) {
        double[] a = slices.get(0).position;
        double[] b = slices.get(slices.size() - 1).position;
        double[] v = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
        double len = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (len < 1e-6) {
            return;
        }
        double along = Math.abs(v[0] * n[0] + v[1] * n[1] + v[2] * n[2]);
        double off = Math.sqrt(Math.max(0, len * len - along * along));
        double deg = Math.toDegrees(Math.atan2(off, along));
        if (deg > 0.1 && off > 0.05) {
            warnings.add("gantry tilt / sheared slices: slice positions drift " + fmt(deg) + " degrees ("
                    + fmt(off) + " mm over the series) from the slice normal; the volume is not resampled");
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
