package org.slicewise.core.metrics;

/**
 * Agreement of a predicted label with the ground truth.
 *
 * @param label        label id
 * @param dice         2|P∩G| / (|P|+|G|) (1 when both are empty)
 * @param nsd          normalised surface distance at {@code toleranceMm}: the fraction of both
 *                     surfaces within tolerance of the other (1 when both are empty, 0 when one is)
 * @param hd95         95th percentile Hausdorff distance (mm): max of the two directed 95th
 *                     percentiles; +∞ when exactly one mask is empty, 0 when both are
 * @param toleranceMm  NSD tolerance
 * @param predVoxels   voxels in P
 * @param gtVoxels     voxels in G
 * @param predMl       volume of P (mL)
 * @param gtMl         volume of G (mL)
 */
public record LabelScores(int label, double dice, double nsd, double hd95, double toleranceMm, long predVoxels,
                          long gtVoxels, double predMl, double gtMl) {
}
