package org.slicewise.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;
import org.slicewise.io.VolumeIO;
import org.slicewise.io.dicom.DicomSeriesReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slicewise convert}. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Converts between NIfTI, NRRD and DICOM (read only). OUT by extension: .nii, .nii.gz, .nrrd.")
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "Input volume or DICOM folder/file/zip.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output file (.nii, .nii.gz or .nrrd).")
    Path out;

    @Option(names = "--series", paramLabel = "UID", description = "DICOM series to convert (default: the largest).")
    String series;

    @Override
    public Integer call() throws IOException {
        if (!VolumeIO.isWritable(out)) {
            throw VolumeIO.unsupportedOutput(out);
        }
        VolumeIO.Format format = VolumeIO.detect(in);
        if (series != null && format != VolumeIO.Format.DICOM) {
            throw new IllegalArgumentException("--series only applies to DICOM input, not " + in);
        }
        Volume v = format == VolumeIO.Format.DICOM ? DicomSeriesReader.load(in, series, Progress.NONE)
                : VolumeIO.read(in, Progress.NONE);
        VolumeIO.write(v, out);
        int[] d = v.geometry().dims();
        spec.commandLine().getOut().printf("wrote %s (%dx%dx%d %s)%n", out, d[0], d[1], d[2], v.type().id());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
