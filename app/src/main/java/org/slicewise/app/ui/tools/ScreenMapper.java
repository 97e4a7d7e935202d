package org.slicewise.app.ui.tools;

/** Voxel (axial slice) to screen coordinates of a view. */
public interface ScreenMapper {
    double sx(double x, double y);

    double sy(double x, double y);

    /** Screen pixels per voxel along x (columns). */
    double pxPerVoxel();
}
