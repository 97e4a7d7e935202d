package org.slicewise.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slicewise.core.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slicewise open PATH}: starts the workstation with an image, DICOM folder or session. */
@Command(name = "open", mixinStandardHelpOptions = true, description = "Opens a file or DICOM folder in the workstation.")
final class OpenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "NIfTI/NRRD file, DICOM folder/file/zip, or .swsession")
    Path path;

    @Override
    public Integer call() {
        if (!Files.exists(path)) {
            throw BadInputException.of(path, "no such file or folder");
        }
        org.slicewise.app.ui.WorkstationLauncher.launch(new String[] {path.toAbsolutePath().toString()});
        return 0;
    }
}
