package org.slicewise.core;

import java.util.concurrent.CancellationException;

/**
 * Progress and cancellation for long work (loading, encoding, segmenting, exporting). Workers call
 * {@link #update} now and then and {@link #checkCancelled()} at safe points; the UI implements it
 * by posting to the FX thread.
 */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void update(double fraction, String message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /** @param fraction 0..1, or a negative value when unknown */
    void update(double fraction, String message);

    boolean isCancelled();

    /** Throws {@link CancellationException} when cancelled. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancellationException("cancelled");
        }
    }
}
