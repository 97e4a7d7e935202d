package org.slicewise.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;

/** Entry point for DICOM input: a folder (recursive), a single file, or a zip. */
public final class DicomSeriesReader {
    private DicomSeriesReader() {
    }

    /** True for a directory, a .zip, or a file that looks like DICOM (DICM at 128, or a plausible implicit start). */
    public static boolean isDicomInput(Path path) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Scans headers only (up to Pixel Data) and groups files into series. */
    public static List<DicomSeriesInfo> scan(Path path, Progress progress) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Loads one series (null uid: the largest) with exact LPS geometry and physical values (HU for CT). */
    public static Volume load(Path path, String seriesUid, Progress progress) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
