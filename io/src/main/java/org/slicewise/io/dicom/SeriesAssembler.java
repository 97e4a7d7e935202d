package org.slicewise.io.dicom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.slicewise.core.volume.Geometry;

/**
 * Groups parsed headers into series: by SeriesInstanceUID, or, when it is missing or empty, by
 * geometry (orientation, pixel spacing, dims) and acquisition. A UID group that mixes orientations
 * or image sizes is split into one series per kind (never stacked into a wrong volume), with a
 * warning. Multi-frame files and mosaics become one slice per frame / tile.
 */
final class SeriesAssembler {
    private SeriesAssembler() {
    }

    /** One series ready to load: slices in order, grid, warnings. */
    record Series(DicomSeriesInfo info, List<SliceRef> slices, Geometry geometry) {
    }

    static List<Series> assemble(List<DicomHeader> headers, List<String> fileProblems) {
        Map<String, List<SliceRef>> byUid = new LinkedHashMap<>();
        Map<String, Integer> duplicates = new java.util.HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<DicomHeader> ordered = new ArrayList<>(headers);
        ordered.sort(java.util.Comparator.comparing(h -> h.source.name()));
        for (DicomHeader h : ordered) {
            String uid = h.seriesUid.isBlank() ? syntheticUid(h) : h.seriesUid;
            if (!h.sopInstance.isBlank() && !seen.add(uid + "|" + h.sopInstance)) {
                duplicates.merge(uid, 1, Integer::sum); // the same instance again (a copy, another syntax)
                continue;
            }
            byUid.computeIfAbsent(uid, k -> new ArrayList<>()).addAll(expand(h));
        }
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, List<SliceRef>> e : byUid.entrySet()) {
            Map<String, List<SliceRef>> kinds = new LinkedHashMap<>();
            for (SliceRef s : e.getValue()) {
                kinds.computeIfAbsent(kindKey(s), k -> new ArrayList<>()).add(s);
            }
            List<List<SliceRef>> parts = new ArrayList<>(kinds.values());
            parts.sort((a, b) -> Integer.compare(b.size(), a.size()));
            for (int i = 0; i < parts.size(); i++) {
                String uid = i == 0 ? e.getKey() : e.getKey() + "#" + (i + 1);
                List<String> extra = new ArrayList<>();
                if (parts.size() > 1) {
                    extra.add("series " + e.getKey() + " mixes " + parts.size()
                            + " orientations or image sizes: split into separate series (this is part " + (i + 1) + ")");
                }
                if (duplicates.containsKey(e.getKey())) {
                    extra.add(duplicates.get(e.getKey()) + " file(s) repeat a SOP Instance UID already in the series "
                            + "(copies or other transfer syntaxes): ignored");
                }
                if (e.getKey().startsWith("nouid-")) {
                    extra.add("files have no SeriesInstanceUID: grouped by geometry and acquisition");
                }
                out.add(build(uid, parts.get(i), extra, fileProblems));
            }
        }
        out.sort((a, b) -> Integer.compare(b.slices().size(), a.slices().size()));
        return out;
    }

    private static Series build(String uid, List<SliceRef> refs, List<String> extra, List<String> fileProblems) {
        SeriesGeometry.Result r = SeriesGeometry.compute(refs);
        List<String> warnings = new ArrayList<>(extra);
        warnings.addAll(r.warnings());
        warnings.addAll(fileProblems);
        DicomHeader h = r.slices().get(0).header;
        TreeSet<String> ts = new TreeSet<>();
        java.util.Set<DicomHeader> files = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (SliceRef s : r.slices()) {
            ts.add(s.header.transferSyntax);
            files.add(s.header);
        }
        Geometry g = r.geometry();
        DicomSeriesInfo info = new DicomSeriesInfo(uid, h.modality, h.seriesDescription, g.dims(), g.spacing(),
                List.copyOf(ts), List.copyOf(warnings), files.size());
        return new Series(info, r.slices(), g);
    }

    /** A stable id for files without a SeriesInstanceUID. */
    static String syntheticUid(DicomHeader h) {
        FrameAttrs a = h.frame(0);
        StringBuilder k = new StringBuilder();
        k.append(h.studyUid).append('|').append(h.modality).append('|').append(h.rows).append('x').append(h.columns)
                .append('|').append(h.seriesNumber).append('|').append(h.acquisitionNumber).append('|')
                .append(h.seriesDescription).append('|').append(round(a.orientation, 1e-3)).append('|')
                .append(round(a.pixelSpacing, 1e-4));
        return "nouid-" + String.format(Locale.ROOT, "%08x", k.toString().hashCode());
    }

    private static String kindKey(SliceRef s) {
        DicomHeader h = s.header;
        return s.width() + "x" + s.height() + "|" + h.samplesPerPixel + "|" + round(s.attrs.orientation, 1e-3) + "|"
                + round(s.attrs.pixelSpacing, 1e-4);
    }

    private static String round(double[] v, double q) {
        if (v == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            long r = Math.round(x / q);
            b.append(r == 0 ? 0 : r).append(',');
        }
        return b.toString();
    }

    /** Frames (and mosaic tiles) of one file as slices. */
    static List<SliceRef> expand(DicomHeader h) {
        List<SliceRef> out = new ArrayList<>();
        if (h.isMosaic()) {
            FrameAttrs a = h.frame(0);
            double[][] pos = Mosaic.tilePositions(h, a);
            for (int k = 0; k < h.mosaicImages; k++) {
                out.add(new SliceRef(h, 0, k, a, pos == null ? null : pos[k]));
            }
            return out;
        }
        boolean perFramePositions = h.frames > 1 && h.perFrame.size() >= h.frames;
        for (int f = 0; f < h.frames; f++) {
            FrameAttrs a = h.frame(f);
            double[] p = a.position;
            if (h.frames > 1 && !perFramePositions && p != null) {
                double[] o = a.orientation != null ? a.orientation : SeriesGeometry.AXIAL;
                double[] n = SeriesGeometry.normalize(SeriesGeometry.cross(o));
                double dz = h.spacingBetweenSlices > 0 ? h.spacingBetweenSlices
                        : (a.sliceThickness > 0 ? a.sliceThickness : 1);
                p = new double[] {p[0] + n[0] * dz * f, p[1] + n[1] * dz * f, p[2] + n[2] * dz * f};
            }
            out.add(new SliceRef(h, f, -1, a, p));
        }
        return out;
    }
}
