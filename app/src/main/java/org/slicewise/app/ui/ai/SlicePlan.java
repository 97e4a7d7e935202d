package org.slicewise.app.ui.ai;

import java.util.List;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.prompt.PointPrompt;

/**
 * What one object is segmented from on one slice: a box (drawn, from a RECIST marker, or
 * interpolated between keyframes) and the points on that slice. Two equal plans give equal
 * results, so a re-run only recomputes the slices whose plan changed.
 */
public record SlicePlan(BoxPrompt box, List<PointPrompt> points, boolean interpolated) {
    public SlicePlan {
        points = List.copyOf(points);
    }
}
