package org.slicewise.core.prompt;

/** A positive or negative click on one slice. */
public record SlicePoint(int slice, PointPrompt point) {
}
