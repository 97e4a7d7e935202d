package org.slicewise.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.io.dicom.DicomSeriesReader;
import org.slicewise.io.nifti.NiftiReader;
import org.slicewise.io.nifti.NiftiWriter;
import org.slicewise.io.nrrd.NrrdReader;
import org.slicewise.io.nrrd.NrrdWriter;

/** Reads and writes volumes by file type: NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr), DICOM (folder, file, zip). */
public final class VolumeIO {
    /** Input formats. */
    public enum Format {
        NIFTI("nifti"), NRRD("nrrd"), DICOM("dicom");

        private final String id;

        Format(String id) {
            this.id = id;
        }

        /** Lower-case name as printed by {@code slicewise info}. */
        public String id() { return id; }
    }

    private VolumeIO() {
    }

    /**
     * The format of an input: by extension (.nii, .nii.gz, .nrrd, .nhdr), else by magic bytes (NRRD000x,
     * a NIfTI header, gzip holding a NIfTI header); folders, zips and DICOM files are DICOM; anything
     * else is a {@link BadInputException} naming the file.
     */
    public static Format detect(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file or folder");
        }
        if (Files.isDirectory(path)) {
            return Format.DICOM;
        }
        String n = GzipFiles.baseName(path);
        if (n.endsWith(".nii")) {
            return Format.NIFTI;
        }
        if (n.endsWith(".nrrd") || n.endsWith(".nhdr")) {
            return Format.NRRD;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(352);
        }
        if (head.length >= 4 && new String(head, 0, 4, StandardCharsets.ISO_8859_1).equals("NRRD")) {
            return Format.NRRD;
        }
        if (looksLikeNifti(head)) {
            return Format.NIFTI;
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
                if (looksLikeNifti(in.readNBytes(352))) {
                    return Format.NIFTI;
                }
            } catch (IOException e) {
                throw BadInputException.of(path, "gzip file is not a readable NIfTI (" + e.getMessage() + ")");
            }
        }
        String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean dicm = head.length >= 132 && new String(head, 128, 4, StandardCharsets.ISO_8859_1).equals("DICM");
        if (dicm || lower.endsWith(".zip") || lower.endsWith(".dcm") || lower.endsWith(".dicom") || isDicom(path)) {
            return Format.DICOM;
        }
        throw BadInputException.of(path, "unrecognised file type (expected .nii, .nii.gz, .nrrd, .nhdr, or DICOM)");
    }

    private static boolean isDicom(Path path) {
        try {
            return DicomSeriesReader.isDicomInput(path);
        } catch (UnsupportedOperationException e) {
            return false; // DICOM support not built into this checkout
        }
    }

    private static boolean looksLikeNifti(byte[] h) {
        return h.length >= 348 && NiftiReader.isNiftiHeaderStart(h);
    }

    /** Reads a volume; a DICOM folder yields its largest series. Errors name the file and the problem. */
    public static Volume read(Path path, Progress progress) throws IOException {
        Progress p = progress == null ? Progress.NONE : progress;
        return switch (detect(path)) {
            case NIFTI -> NiftiReader.read(path, p);
            case NRRD -> NrrdReader.read(path, p);
            case DICOM -> DicomSeriesReader.load(path, null, p);
        };
    }

    /** Writes by extension (.nii, .nii.gz, .nrrd). */
    public static void write(Volume volume, Path path) throws IOException {
        write(volume, path, Progress.NONE);
    }

    public static void write(Volume volume, Path path, Progress progress) throws IOException {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".nii") || n.endsWith(".nii.gz")) {
            NiftiWriter.write(volume, path, ParallelGzipOutputStream.DEFAULT_LEVEL, progress);
        } else if (n.endsWith(".nrrd")) {
            NrrdWriter.write(volume, path, java.util.Map.of(), ParallelGzipOutputStream.DEFAULT_LEVEL, progress);
        } else {
            throw unsupportedOutput(path);
        }
    }

    /** True when {@link #write} accepts this file name. */
    public static boolean isWritable(Path path) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".nrrd");
    }

    public static BadInputException unsupportedOutput(Path path) {
        return BadInputException.of(path, "unsupported output type (use .nii, .nii.gz or .nrrd)");
    }

    /**
     * Writes a label map: {@code .seg.nrrd}/{@code .nrrd} as a 3D Slicer segmentation with the label
     * table's names and colours; NIfTI as plain uint8/uint16 labels.
     */
    public static void writeLabels(LabelMap labels, LabelTable table, Path path) throws IOException {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".nrrd")) {
            NrrdWriter.writeSegmentation(labels, table == null ? new LabelTable() : table, path);
        } else if (n.endsWith(".nii") || n.endsWith(".nii.gz")) {
            NiftiWriter.write(labels.toVolume(VolumeMetadata.of("SEG", path.toString())), path);
        } else {
            throw unsupportedOutput(path);
        }
    }
}
