package org.slicewise.io.nrrd;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.core.volume.VoxelType;
import org.slicewise.io.BlockGzip;
import org.slicewise.io.VoxelCodec;

/**
 * Reads NRRD with attached ({@code .nrrd}) or detached ({@code .nhdr}) data: encodings raw, gzip and
 * ascii; either endianness; {@code space} LPS/RAS/LAS (converted to LPS), {@code space directions}
 * (with {@code none} for size-1 non-spatial axes), {@code space origin}, {@code byte skip} and
 * {@code line skip}. 4D / multi-component data is rejected with a clear message.
 */
public final class NrrdReader {
    private NrrdReader() {
    }

    public static Volume read(Path file, Progress progress) throws IOException {
        Progress p = progress == null ? Progress.NONE : progress;
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        NrrdHeader h = NrrdHeader.read(file);
        List<String> warnings = new ArrayList<>();
        VoxelType type = NrrdHeader.type(h.require(file, "type"), file);
        Geometry g = NrrdSpace.geometry(h, file, warnings);
        VoxelCodec.checkAllocatable(file, g.nx(), g.ny(), g.nz(), type);
        String enc = h.require(file, "encoding").toLowerCase(Locale.ROOT);
        String endian = h.get("endian");
        ByteOrder order = endian != null && endian.equalsIgnoreCase("big") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (endian == null && type.bytes() > 1 && !enc.equals("ascii") && !enc.equals("text") && !enc.equals("txt")) {
            warnings.add("no 'endian' field; assuming little endian");
        }
        Path dataFile = file;
        long start = h.dataOffset;
        String df = h.get("data file", "datafile");
        if (df != null) {
            if (df.startsWith("LIST") || df.contains("%") || df.trim().split("\\s+").length > 1) {
                throw BadInputException.of(file, "NRRD with multiple data files is not supported ('" + df + "')");
            }
            Path base = file.toAbsolutePath().getParent();
            dataFile = base.resolve(df.trim());
            start = 0;
            if (!Files.isRegularFile(dataFile)) {
                throw BadInputException.of(file, "detached data file not found: " + dataFile);
            }
        } else if (!h.sawBlankLine) {
            throw BadInputException.of(file, "NRRD header has no data after it and no 'data file' field");
        }
        long lineSkip = longField(h, file, "line skip", "lineskip");
        long byteSkip = longField(h, file, "byte skip", "byteskip");
        long dataBytes = g.voxelCount() * type.bytes();
        int sliceVoxels = g.sliceSize();
        Object target = dataFile.equals(file) ? file : dataFile;
        Object[] slices = null;
        boolean gzip = enc.equals("gzip") || enc.equals("gz");
        if (gzip && lineSkip == 0 && byteSkip == 0) {
            byte[] all = BlockGzip.readIndexed(dataFile, start, (long) (Runtime.getRuntime().maxMemory() * 0.3));
            if (all != null) {
                if (all.length < dataBytes) {
                    throw VoxelCodec.truncated(target, all.length, dataBytes);
                }
                slices = VoxelCodec.decodeSlices(all, 0, type, sliceVoxels, g.nz(), order);
            }
        }
        if (slices == null) {
            slices = stream(dataFile, target, file, start, enc, order, type, g, lineSkip, byteSkip, p);
        }
        String content = h.get("content");
        VolumeMetadata meta = new VolumeMetadata("OT", content != null ? content : file.getFileName().toString(),
                null, file.toString(), false, warnings);
        return new Volume(g, type, slices, meta);
    }

    private static Object[] stream(Path dataFile, Object target, Path file, long start, String enc, ByteOrder order,
                                   VoxelType type, Geometry g, long lineSkip, long byteSkip, Progress p) throws IOException {
        long fileSize = Files.size(dataFile);
        long voxels = g.voxelCount();
        long dataBytes = voxels * type.bytes();
        int sliceVoxels = g.sliceSize();
        Object[] slices;
        try (InputStream fin = new BufferedInputStream(new FileInputStream(dataFile.toFile()), 1 << 16)) {
            long pos = skip(fin, start, target);
            for (long i = 0; i < lineSkip; i++) {
                int c;
                while ((c = fin.read()) != '\n') {
                    if (c < 0) {
                        throw BadInputException.of(target, "NRRD 'line skip' " + lineSkip + " runs past the end of the file");
                    }
                    pos++;
                }
                pos++;
            }
            switch (enc) {
                case "raw" -> {
                    if (byteSkip == -1) {
                        if (fileSize - dataBytes < pos) {
                            throw VoxelCodec.truncated(target, fileSize - pos, dataBytes);
                        }
                        skip(fin, fileSize - dataBytes - pos, target);
                        pos = fileSize - dataBytes;
                    } else {
                        pos += skip(fin, byteSkip, target);
                    }
                    if (fileSize - pos < dataBytes) {
                        throw BadInputException.of(target, String.format("file too short for its header: sizes %dx%dx%d"
                                + " %s need %d bytes, %d present", g.nx(), g.ny(), g.nz(), type.id(), dataBytes, fileSize - pos));
                    }
                    slices = VoxelCodec.readSlices(fin, type, sliceVoxels, g.nz(), order, target, p);
                }
                case "gzip", "gz" -> {
                    if (byteSkip < 0) {
                        throw BadInputException.of(file, "NRRD 'byte skip: -1' is only allowed with raw encoding");
                    }
                    try (InputStream gin = new GZIPInputStream(fin, 1 << 16)) {
                        skip(gin, byteSkip, target);
                        slices = VoxelCodec.readSlices(gin, type, sliceVoxels, g.nz(), order, target, p);
                        VoxelCodec.drainCompressed(gin, target);
                    } catch (ZipException e) {
                        throw BadInputException.of(target, "corrupt gzip stream (" + e.getMessage() + ")");
                    } catch (java.io.EOFException e) {
                        throw BadInputException.of(target, "truncated compressed data (" + e.getMessage() + ")");
                    }
                }
                case "ascii", "text", "txt" -> {
                    if (voxels > (fileSize - pos + 1) / 2) {
                        throw BadInputException.of(target, "file too short for " + voxels + " ascii values");
                    }
                    slices = NrrdAscii.read(fin, type, sliceVoxels, g.nz(), target);
                }
                default -> throw BadInputException.of(file, "unsupported NRRD encoding '" + enc
                        + "' (supported: raw, gzip, ascii)");
            }
        }
        return slices;
    }

    private static long longField(NrrdHeader h, Object file, String... names) {
        String v = h.get(names);
        if (v == null) {
            return 0;
        }
        long n = NrrdHeader.longs(v, file, names[0])[0];
        if (n < -1 || (n == -1 && names[0].equals("line skip"))) {
            throw BadInputException.of(file, "invalid NRRD '" + names[0] + "': " + n);
        }
        return n;
    }

    private static long skip(InputStream in, long n, Object file) throws IOException {
        if (n <= 0) {
            return 0;
        }
        try {
            in.skipNBytes(n);
        } catch (java.io.EOFException e) {
            throw BadInputException.of(file, "NRRD data offset " + n + " is past the end of the data");
        }
        return n;
    }
}
