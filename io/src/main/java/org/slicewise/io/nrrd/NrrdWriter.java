package org.slicewise.io.nrrd;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelInfo;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.io.ParallelGzipOutputStream;
import org.slicewise.io.VoxelCodec;

/**
 * Writes attached NRRD (NRRD0004, gzip encoding, little endian, space left-posterior-superior), and
 * label maps as 3D Slicer segmentations ({@code .seg.nrrd} keys Segment<i>N</i>_ID/Name/Color/LabelValue/Layer).
 */
public final class NrrdWriter {
    private NrrdWriter() {
    }

    public static void write(Volume v, Path file) throws IOException {
        write(v, file, Map.of(), ParallelGzipOutputStream.DEFAULT_LEVEL, Progress.NONE);
    }

    /** @param keyValues extra {@code key:=value} lines (keys and values must be single-line) */
    public static void write(Volume v, Path file, Map<String, String> keyValues, int gzipLevel, Progress progress)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        Geometry g = v.geometry();
        double[] d = g.direction();
        double[] sp = g.spacing();
        double[] o = g.origin();
        sb.append("NRRD0004\n# Complete NRRD file format specification at:\n")
                .append("# http://teem.sourceforge.net/nrrd/format.html\n")
                .append("# written by Slicewise\n")
                .append("type: ").append(NrrdHeader.typeName(v.type())).append('\n')
                .append("dimension: 3\nspace: left-posterior-superior\n")
                .append("sizes: ").append(g.nx()).append(' ').append(g.ny()).append(' ').append(g.nz()).append('\n')
                .append("space directions:");
        for (int c = 0; c < 3; c++) {
            sb.append(" (").append(num(d[c] * sp[c])).append(',').append(num(d[3 + c] * sp[c])).append(',')
                    .append(num(d[6 + c] * sp[c])).append(')');
        }
        sb.append("\nkinds: domain domain domain\nendian: little\nencoding: gzip\n")
                .append("space origin: (").append(num(o[0])).append(',').append(num(o[1])).append(',')
                .append(num(o[2])).append(")\n");
        VolumeMetadata m = v.metadata();
        if (!m.description().isBlank() && !m.description().equals(file.getFileName().toString())) {
            sb.append("content: ").append(oneLine(m.description())).append('\n');
        }
        for (Map.Entry<String, String> e : keyValues.entrySet()) {
            sb.append(oneLine(e.getKey()).replace(":=", "_")).append(":=").append(oneLine(e.getValue())).append('\n');
        }
        sb.append('\n');
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        long expected = g.voxelCount() * v.type().bytes();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream fo = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
            fo.write(text);
            try (OutputStream out = new ParallelGzipOutputStream(fo, gzipLevel, ch, text.length, expected)) {
                Object[] slices = new Object[v.nz()];
                for (int z = 0; z < slices.length; z++) {
                    slices[z] = v.slice(z);
                }
                VoxelCodec.writeSlices(out, slices, v.type(), g.sliceSize(), ByteOrder.LITTLE_ENDIAN,
                        progress == null ? Progress.NONE : progress);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Writes a label map that 3D Slicer opens as a segmentation (one layer, one segment per table entry present). */
    public static void writeSegmentation(LabelMap labels, LabelTable table, Path file) throws IOException {
        Volume v = labels.toVolume(VolumeMetadata.of("SEG", file.toString()));
        Map<String, String> kv = new java.util.LinkedHashMap<>();
        int i = 0;
        for (LabelInfo l : table.labels()) {
            int[] ext = extent(labels, l.id());
            String p = "Segment" + i + "_";
            kv.put(p + "Color", String.format(Locale.ROOT, "%.6f %.6f %.6f", ((l.rgb() >> 16) & 255) / 255.0,
                    ((l.rgb() >> 8) & 255) / 255.0, (l.rgb() & 255) / 255.0));
            kv.put(p + "ColorAutoGenerated", "0");
            kv.put(p + "Extent", ext == null ? "0 -1 0 -1 0 -1" : ext[0] + " " + ext[1] + " " + ext[2] + " " + ext[3]
                    + " " + ext[4] + " " + ext[5]);
            kv.put(p + "ID", "Segment_" + l.id());
            kv.put(p + "LabelValue", Integer.toString(l.id()));
            kv.put(p + "Layer", "0");
            kv.put(p + "Name", l.name());
            kv.put(p + "NameAutoGenerated", "0");
            kv.put(p + "Tags", "Segmentation.Status:inprogress|");
            i++;
        }
        kv.put("Segmentation_ContainedRepresentationNames", "Binary labelmap|");
        kv.put("Segmentation_ConversionParameters", "");
        kv.put("Segmentation_MasterRepresentation", "Binary labelmap");
        kv.put("Segmentation_ReferenceImageExtentOffset", "0 0 0");
        write(v, file, kv, ParallelGzipOutputStream.DEFAULT_LEVEL, Progress.NONE);
    }

    private static int[] extent(LabelMap m, int label) {
        Geometry g = m.geometry();
        int[] e = {Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1};
        for (int z = 0; z < g.nz(); z++) {
            short[] s = m.sliceOrNull(z);
            if (s == null) {
                continue;
            }
            for (int i = 0; i < s.length; i++) {
                if ((s[i] & 0xFFFF) == label) {
                    int x = i % g.nx(), y = i / g.nx();
                    e[0] = Math.min(e[0], x);
                    e[1] = Math.max(e[1], x);
                    e[2] = Math.min(e[2], y);
                    e[3] = Math.max(e[3], y);
                    e[4] = Math.min(e[4], z);
                    e[5] = Math.max(e[5], z);
                }
            }
        }
        return e[1] < 0 ? null : e;
    }

    private static String num(double v) {
        if (v == 0) {
            return "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
