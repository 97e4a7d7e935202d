package org.slicewise.app.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;
import org.slicewise.io.VolumeIO;
import org.slicewise.io.dicom.DicomSeriesInfo;
import org.slicewise.io.dicom.DicomSeriesReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slicewise info}. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Prints a volume's or a DICOM folder's geometry and statistics as one JSON object.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .nii, .nii.gz, .nrrd, .nhdr file, or a DICOM folder/file/zip.")
    Path file;

    @Option(names = "--pretty", description = "Indent the JSON.")
    boolean pretty;

    @Override
    public Integer call() throws IOException {
        JsonObject o = new JsonObject();
        VolumeIO.Format format = VolumeIO.detect(file);
        o.addProperty("format", format.id());
        o.addProperty("file", file.toString());
        if (format == VolumeIO.Format.DICOM) {
            List<DicomSeriesInfo> series = DicomSeriesReader.scan(file, Progress.NONE);
            JsonArray a = new JsonArray();
            series.forEach(s -> a.add(VolumeJson.series(s)));
            o.add("series", a);
            if (series.size() == 1) {
                Volume v = DicomSeriesReader.load(file, series.get(0).uid(), Progress.NONE);
                VolumeJson.addVolume(o, v);
            }
        } else {
            VolumeJson.addVolume(o, VolumeIO.read(file, Progress.NONE));
        }
        spec.commandLine().getOut().println(VolumeJson.toJson(o, pretty));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
