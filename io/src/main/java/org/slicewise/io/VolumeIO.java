package org.slicewise.io;

import java.io.IOException;
import java.nio.file.Path;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;

/** Reads and writes volumes by file type: NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr), DICOM (folder, file, zip). */
public final class VolumeIO {
    private VolumeIO() {
    }

    /** Reads a volume; a DICOM folder yields its largest series. Errors name the file and the problem. */
    public static Volume read(Path path, Progress progress) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Writes by extension (.nii, .nii.gz, .nrrd). */
    public static void write(Volume volume, Path path) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
