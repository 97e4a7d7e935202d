package org.slicewise.core.label;

/** One entry of the undo history: a label edit, a prompt change, ... */
public interface UndoableStep {
    String description();

    void undo();

    void redo();

    /** Approximate memory held by this step (for the history's byte bound). */
    long bytes();
}
