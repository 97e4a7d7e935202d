package org.slicewise.app.ui.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Most-recently-opened files, one path per line in ~/.slicewise/recent.txt. */
public final class RecentFiles {
    private static final int MAX = 10;
    private final Path file;

    public RecentFiles(Path file) {
        this.file = file;
    }

    public List<Path> list() {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).map(Path::of).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    public void add(Path p) {
        List<Path> l = new ArrayList<>(list());
        Path abs = p.toAbsolutePath().normalize();
        l.remove(abs);
        l.add(0, abs);
        while (l.size() > MAX) {
            l.remove(l.size() - 1);
        }
        try {
            AtomicFiles.write(file, tmp -> Files.write(tmp, l.stream().map(Path::toString).toList(), StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // recent files are a convenience; never fail an open because of them
        }
    }
}
