package org.slicewise.core.volume;

import java.util.List;

/**
 * Descriptive metadata of a volume. Voxel values of a {@link Volume} are always physical
 * (rescale slope/intercept already applied), so {@code rescaleApplied} records provenance only.
 *
 * @param modality      "CT", "MR", ... or "OT" when unknown
 * @param description   series description or file name
 * @param suggestedWindow window from the header (DICOM WindowCenter/Width, NIfTI cal_min/max), or null
 * @param source        where the volume came from (path or URI), for messages
 * @param warnings      loader warnings (uneven spacing, gantry tilt, ...), never null
 */
public record VolumeMetadata(String modality, String description, DisplayWindow suggestedWindow, String source,
                             boolean rescaleApplied, List<String> warnings) {
    public VolumeMetadata {
        modality = modality == null || modality.isBlank() ? "OT" : modality;
        description = description == null ? "" : description;
        source = source == null ? "" : source;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public static VolumeMetadata of(String modality, String source) {
        return new VolumeMetadata(modality, "", null, source, false, List.of());
    }

    public VolumeMetadata withWarnings(List<String> w) {
        return new VolumeMetadata(modality, description, suggestedWindow, source, rescaleApplied, w);
    }

    public VolumeMetadata withSource(String s) {
        return new VolumeMetadata(modality, description, suggestedWindow, s, rescaleApplied, warnings);
    }
}
