package org.slicewise.core.prompt;

/** A click on a slice (voxel coordinates); positive = inside the object, negative = outside. */
public record PointPrompt(double x, double y, boolean positive) {
}
