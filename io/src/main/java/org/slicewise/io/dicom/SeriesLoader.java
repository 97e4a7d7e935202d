package org.slicewise.io.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.core.volume.VoxelType;

/**
 * Reads and decodes the pixels of one assembled series (files in parallel, each read once) and
 * stacks them into a {@link Volume} of physical values: int16 when every slice's rescale is
 * integral and the values fit, float32 otherwise. A slice whose file cannot be decoded is filled
 * with the volume minimum and named in a warning; a series with no decodable slice is an error.
 */
final class SeriesLoader {
    private SeriesLoader() {
    }

    /** Per-thread read buffers up to this size are kept for the next file. */
    private static final int KEEP_BUFFER = 64 << 20;
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[0]);
    private static final ThreadLocal<ByteBuffer> DIRECT = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(0));

    static Volume load(SeriesAssembler.Series series, String sourceName, Progress progress) throws IOException {
        List<SliceRef> slices = series.slices();
        int nz = slices.size();
        Map<DicomHeader, List<Integer>> byFile = new IdentityHashMap<>();
        List<DicomHeader> files = new ArrayList<>();
        for (int z = 0; z < nz; z++) {
            DicomHeader h = slices.get(z).header;
            byFile.computeIfAbsent(h, k -> {
                files.add(k);
                return new ArrayList<>();
            }).add(z);
        }
        short[][] stored = new short[nz][];
        int[][] ranges = new int[nz][];
        boolean[] rescaled = new boolean[nz]; // already int16 physical values (fused path)
        String[] failures = new String[files.size()];
        AtomicInteger done = new AtomicInteger();
        run(() -> java.util.stream.IntStream.range(0, files.size()).parallel().forEach(fi -> {
            progress.checkCancelled();
            DicomHeader h = files.get(fi);
            try {
                short[][] frames = decodeFile(h);
                PixelValues.Format fmt = PixelValues.Format.of(h);
                for (int z : byFile.get(h)) {
                    SliceRef s = slices.get(z);
                    short[] raw = s.tile >= 0 ? Mosaic.tile(h, frames[0], s.tile) : frames[s.frame];
                    double slope = s.attrs.slopeOr1();
                    double icpt = s.attrs.interceptOr0();
                    if (PixelValues.fitsInt16(fmt, slope, icpt)) {
                        PixelValues.interpretRescaled(raw, fmt, (int) Math.rint(slope), (int) Math.rint(icpt));
                        double a = fmt.min() * slope + icpt;
                        double b = fmt.max() * slope + icpt;
                        ranges[z] = new int[] {(int) Math.min(a, b), (int) Math.max(a, b)}; // nominal range
                        rescaled[z] = true;
                    } else {
                        ranges[z] = PixelValues.interpret(raw, fmt);
                    }
                    stored[z] = raw;
                }
            } catch (BadInputException | IOException e) {
                failures[fi] = DicomScanner.oneLine(e.getMessage(), h.source.name());
            } catch (RuntimeException | OutOfMemoryError e) {
                failures[fi] = h.source.name() + ": cannot decode pixels (" + e + ")";
            }
            int d = done.incrementAndGet();
            progress.update(0.5 + 0.45 * d / files.size(), "decoding slices " + d + "/" + files.size());
        }));
        progress.checkCancelled();
        List<String> warnings = new ArrayList<>(series.info().warnings());
        for (String f : failures) {
            if (f != null) {
                warnings.add("could not decode " + f);
            }
        }
        VoxelType type = outputType(slices, stored, ranges, rescaled);
        if (type == null) {
            throw BadInputException.of(sourceName, "no slice of series " + series.info().uid() + " could be decoded: "
                    + firstNonNull(failures));
        }
        Object[] out = new Object[nz];
        double[] fill = {Double.POSITIVE_INFINITY};
        run(() -> java.util.stream.IntStream.range(0, nz).parallel().forEach(z -> {
            if (stored[z] == null) {
                return;
            }
            SliceRef s = slices.get(z);
            boolean signed = rescaled[z] || PixelValues.Format.of(s.header).signed();
            double slope = rescaled[z] ? 1 : s.attrs.slopeOr1();
            double icpt = rescaled[z] ? 0 : s.attrs.interceptOr0();
            if (type == VoxelType.INT16) {
                PixelValues.rescaleToShort(stored[z], signed, (int) Math.rint(slope), (int) Math.rint(icpt));
                out[z] = stored[z];
            } else {
                out[z] = PixelValues.rescaleToFloat(stored[z], signed, slope, icpt);
            }
        }));
        int missing = 0;
        for (int z = 0; z < nz; z++) {
            if (ranges[z] != null) {
                SliceRef s = slices.get(z);
                double slope = rescaled[z] ? 1 : s.attrs.slopeOr1();
                double icpt = rescaled[z] ? 0 : s.attrs.interceptOr0();
                fill[0] = Math.min(fill[0], Math.min(ranges[z][0] * slope, ranges[z][1] * slope) + icpt);
            }
        }
        int n = series.geometry().sliceSize();
        for (int z = 0; z < nz; z++) {
            if (out[z] == null) {
                missing++;
                Object a = type.newSlice(n);
                for (int i = 0; i < n; i++) {
                    Volume.write(a, type, i, fill[0]);
                }
                out[z] = a;
            }
        }
        if (missing > 0) {
            warnings.add(missing + " of " + nz + " slices could not be decoded and were filled with "
                    + SeriesGeometry.fmt(fill[0]));
        }
        SliceRef first = slices.get(0);
        DisplayWindow window = null;
        if (first.attrs.windowWidth > 0 && Double.isFinite(first.attrs.windowCenter)) {
            window = new DisplayWindow(first.attrs.windowCenter, first.attrs.windowWidth);
        }
        VolumeMetadata meta = new VolumeMetadata(first.header.modality, first.header.seriesDescription, window,
                sourceName, true, warnings);
        progress.update(1, "loaded " + nz + " slices");
        return new Volume(series.geometry(), type, out, meta);
    }

    private static String firstNonNull(String[] a) {
        for (String s : a) {
            if (s != null) {
                return s;
            }
        }
        return "unknown error";
    }

    /** int16 when every rescale is integral and the rescaled range fits, else float32; null if nothing decoded. */
    private static VoxelType outputType(List<SliceRef> slices, short[][] stored, int[][] ranges, boolean[] rescaled) {
        boolean any = false;
        boolean int16 = true;
        for (int z = 0; z < stored.length; z++) {
            if (stored[z] == null) {
                continue;
            }
            any = true;
            if (rescaled[z]) {
                continue;
            }
            FrameAttrs a = slices.get(z).attrs;
            double slope = a.slopeOr1();
            double icpt = a.interceptOr0();
            if (!PixelValues.integral(slope) || !PixelValues.integral(icpt)) {
                int16 = false;
                continue;
            }
            double v1 = ranges[z][0] * slope + icpt;
            double v2 = ranges[z][1] * slope + icpt;
            if (Math.min(v1, v2) < Short.MIN_VALUE || Math.max(v1, v2) > Short.MAX_VALUE) {
                int16 = false;
            }
        }
        return any ? (int16 ? VoxelType.INT16 : VoxelType.FLOAT32) : null;
    }

    /** Reads the pixel part of one file (the whole dataset for deflated files) and decodes all frames. */
    static short[][] decodeFile(DicomHeader h) throws IOException {
        DicomSource src = h.source;
        if (h.deflated) {
            byte[] file = src.readPrefix((int) src.size());
            byte[] ds = DicomParser.inflatedDataset(src, file);
            return FrameDecoder.decodeAll(h, ds, (int) h.pixelOffset, ds.length);
        }
        long len = h.encapsulated() ? src.size() - h.pixelOffset : h.pixelLength;
        if (len < 0 || h.pixelOffset + len > src.size()) {
            throw BadInputException.of(src.name(), "file is shorter than its Pixel Data (truncated)");
        }
        if (!h.encapsulated() && h.bitsAllocated == 16 && h.samplesPerPixel == 1 && h.pixelProblem() == null
                && PixelCodecs.kind(h.transferSyntax) == PixelCodecs.Kind.NATIVE) {
            return native16(h, src);
        }
        byte[] buf = BUFFER.get();
        if (buf.length < len) {
            buf = new byte[(int) len];
            if (len <= KEEP_BUFFER) {
                BUFFER.set(buf);
            }
        }
        src.read(h.pixelOffset, ByteBuffer.wrap(buf, 0, (int) len));
        return FrameDecoder.decodeAll(h, buf, 0, (int) len);
    }

    /** Hot path: file -> reused direct buffer -> short[] per frame (one copy after the kernel's). */
    private static short[][] native16(DicomHeader h, DicomSource src) throws IOException {
        int n = h.rows * h.columns;
        long total = 2L * n * h.frames;
        if (total > Integer.MAX_VALUE - 64) {
            throw BadInputException.of(src.name(), "Pixel Data larger than 2 GiB");
        }
        int bytes = (int) total;
        ByteBuffer buf = DIRECT.get();
        if (buf.capacity() < bytes) {
            buf = ByteBuffer.allocateDirect(bytes);
            if (bytes <= KEEP_BUFFER) {
                DIRECT.set(buf);
            }
        }
        buf.clear().limit(bytes);
        src.read(h.pixelOffset, buf);
        buf.flip();
        buf.order(h.bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.ShortBuffer sb = buf.asShortBuffer();
        short[][] out = new short[h.frames][];
        for (int f = 0; f < h.frames; f++) {
            out[f] = new short[n];
            sb.get(out[f]);
        }
        return out;
    }

    private static void run(Runnable r) throws IOException {
        Workers.run(r);
    }
}
