package org.slicewise.io.dicom;

import java.util.List;

/**
 * Summary of one series found by a folder scan.
 *
 * @param uid               SeriesInstanceUID, or a synthetic id (geometry-based) when the files have none
 * @param modality          CT, MR, ...
 * @param description       SeriesDescription
 * @param dims              [columns, rows, slices]
 * @param spacing           [x, y, z] mm (z from positions)
 * @param transferSyntaxes  transfer syntax UIDs seen
 * @param warnings          uneven spacing, missing slices, gantry tilt, mixed orientations, unreadable files
 * @param files             number of files in the series
 */
public record DicomSeriesInfo(String uid, String modality, String description, int[] dims, double[] spacing,
                              List<String> transferSyntaxes, List<String> warnings, int files) {
}
