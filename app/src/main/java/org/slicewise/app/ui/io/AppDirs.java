package org.slicewise.app.ui.io;

import java.nio.file.Path;

/** Where the workstation keeps its files: ~/.slicewise (override with -Dslicewise.userdir for tests). */
public final class AppDirs {
    private AppDirs() {
    }

    public static Path home() {
        String p = System.getProperty("slicewise.userdir");
        return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".slicewise");
    }

    public static Path recovery() { return home().resolve("recovery"); }

    public static Path recent() { return home().resolve("recent.txt"); }
}
