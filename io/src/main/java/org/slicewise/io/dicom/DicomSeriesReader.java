package org.slicewise.io.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;

/** Entry point for DICOM input: a folder (recursive), a single file, or a zip. */
public final class DicomSeriesReader {
    private DicomSeriesReader() {
    }

    /** True for a directory, a .zip, or a file that looks like DICOM (DICM at 128, or a plausible implicit start). */
    public static boolean isDicomInput(Path path) {
        try {
            if (Files.isDirectory(path)) {
                return true;
            }
            if (!Files.isRegularFile(path)) {
                return false;
            }
            if (DicomScanner.isZip(path)) {
                return true;
            }
            byte[] b;
            try (InputStream in = Files.newInputStream(path)) {
                b = in.readNBytes(132);
            }
            if (b.length == 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M') {
                return true;
            }
            if (b.length >= 16) {
                int group = (b[0] & 0xFF) | ((b[1] & 0xFF) << 8);
                int elem = (b[2] & 0xFF) | ((b[3] & 0xFF) << 8);
                if (group == 0x0002 || (group == 0x0008 && elem <= 0x0020)) {
                    boolean explicitVr = b[4] >= 'A' && b[4] <= 'Z' && b[5] >= 'A' && b[5] <= 'Z';
                    long len = (b[4] & 0xFF) | ((b[5] & 0xFF) << 8) | ((b[6] & 0xFF) << 16) | ((long) (b[7] & 0xFF) << 24);
                    return explicitVr || len <= 1024;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Scans headers only (up to Pixel Data) and groups files into series, largest first. */
    public static List<DicomSeriesInfo> scan(Path path, Progress progress) throws IOException {
        List<DicomSeriesInfo> out = new ArrayList<>();
        for (SeriesAssembler.Series s : assemble(path, progress)) {
            out.add(s.info());
        }
        progress.update(1, "found " + out.size() + " series");
        return out;
    }

    /** Loads one series (null uid: the largest) with exact LPS geometry and physical values (HU for CT). */
    public static Volume load(Path path, String seriesUid, Progress progress) throws IOException {
        Progress p = progress == null ? Progress.NONE : progress;
        List<SeriesAssembler.Series> all = assemble(path, p);
        SeriesAssembler.Series chosen = null;
        if (seriesUid == null || seriesUid.isBlank()) {
            chosen = all.get(0);
        } else {
            for (SeriesAssembler.Series s : all) {
                if (s.info().uid().equals(seriesUid)) {
                    chosen = s;
                }
            }
            if (chosen == null) {
                List<String> uids = all.stream().map(s -> s.info().uid()).toList();
                throw BadInputException.of(path, "no series with UID " + seriesUid + " (found: " + String.join(", ", uids) + ")");
            }
        }
        return SeriesLoader.load(chosen, path.toString(), p);
    }

    private static List<SeriesAssembler.Series> assemble(Path path, Progress progress) throws IOException {
        Progress p = progress == null ? Progress.NONE : progress;
        DicomScanner.Scan scan = DicomScanner.scan(path, p);
        if (scan.headers().isEmpty()) {
            String why = scan.problems().isEmpty() ? "no DICOM images found"
                    : "no readable DICOM image (" + String.join("; ", scan.problems()) + ")";
            throw BadInputException.of(path, why);
        }
        p.checkCancelled();
        return SeriesAssembler.assemble(scan.headers(), scan.problems());
    }
}
