package org.slicewise.app.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slicewise.app.ui.io.SessionIO;

/** At start-up: if the last run left a recovery file, offer to restore it (else keep it aside). */
final class Recovery {
    private Recovery() {
    }

    /** Returns true when a restore was started. */
    static boolean offer(MainWindow w) {
        Optional<Path> f = Autosave.pending(w.autosave().file().getParent());
        if (f.isEmpty()) {
            return false;
        }
        String desc;
        try {
            SessionIO.Session s = SessionIO.read(f.get());
            desc = s.volume() + "\nsaved " + new java.util.Date(s.savedAtMillis());
        } catch (Exception e) {
            desc = f.get() + " (unreadable: " + TaskRunner.oneLine(e) + ")";
        }
        if (w.currentDialogs().offerRestore(desc)) {
            // restore from a copy, so the next autosave can overwrite the recovery file safely
            try {
                Path copy = f.get().resolveSibling("restored-" + System.currentTimeMillis() + SessionIO.EXTENSION);
                Files.copy(f.get(), copy, StandardCopyOption.REPLACE_EXISTING);
                w.workspace().restore(copy);
                return true;
            } catch (java.io.IOException e) {
                w.currentDialogs().error("Cannot restore", TaskRunner.oneLine(e));
            }
        } else {
            try {
                Files.move(f.get(), f.get().resolveSibling("discarded-" + System.currentTimeMillis() + SessionIO.EXTENSION),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException ignored) {
                // leave it; it is offered again next time
            }
        }
        return false;
    }
}
