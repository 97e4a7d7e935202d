package org.slicewise.app.ui.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** "Never lose work": every file is written to a temporary sibling and atomically moved into place. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes content produced by {@code writer} into a temp file, then moves it over {@code target}. */
    public static void write(Path target, IoWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = target.getFileName().toString();
        Path tmp = dir.resolve("." + name + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + tmpSuffix(name));
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Keeps the real extension last so writers that choose the format by extension still work. */
    private static String tmpSuffix(String name) {
        if (name.endsWith(".nii.gz")) {
            return ".nii.gz";
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "";
    }

    /** Writes one file. */
    @FunctionalInterface
    public interface IoWriter {
        void write(Path tmp) throws IOException;
    }
}
