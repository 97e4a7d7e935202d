package org.slicewise.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small helpers about gzip files. */
public final class GzipFiles {
    private GzipFiles() {
    }

    /** True when the file starts with the gzip magic 1f 8b. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(2);
            return b.length == 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b;
        }
    }

    /** Lower-case file name without a trailing ".gz". */
    public static String baseName(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    }
}
