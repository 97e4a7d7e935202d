package org.slicewise.core.seg;

import java.util.List;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.PointPrompt;

/**
 * The prompts of one object on one slice, in slice voxel coordinates.
 *
 * @param label      label id the result belongs to
 * @param box        box prompt, or null
 * @param points     point prompts (may be empty)
 * @param maskInput  previous low-res logits (model's low-res size, e.g. 256×256) used as mask prompt, or null
 */
public record ObjectPrompt(int label, BoxPrompt box, List<PointPrompt> points, float[] maskInput) {
    public ObjectPrompt {
        points = points == null ? List.of() : List.copyOf(points);
        if (box == null && points.isEmpty()) {
            throw new IllegalArgumentException("object " + label + " has neither a box nor points");
        }
    }

    public static ObjectPrompt box(int label, BoxPrompt box) {
        return new ObjectPrompt(label, box, List.of(), null);
    }
}
