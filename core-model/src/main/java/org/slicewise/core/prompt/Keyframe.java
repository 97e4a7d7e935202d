package org.slicewise.core.prompt;

/**
 * A keyframe of one object: a box or a RECIST marker drawn on one slice.
 *
 * @param slice  slice index (third voxel axis)
 * @param box    box drawn by the user, or null
 * @param marker RECIST marker, or null (exactly one of box and marker is set)
 */
public record Keyframe(int slice, BoxPrompt box, RecistMarker marker) {
    public Keyframe {
        if ((box == null) == (marker == null)) {
            throw new IllegalArgumentException("a keyframe holds exactly one of a box and a RECIST marker");
        }
    }

    public static Keyframe box(int slice, BoxPrompt box) {
        return new Keyframe(slice, box, null);
    }

    public static Keyframe marker(int slice, RecistMarker marker) {
        return new Keyframe(slice, null, marker);
    }

    public boolean isMarker() {
        return marker != null;
    }

    /** The box prompt this keyframe stands for (a marker becomes its covering box grown by the margin). */
    public BoxPrompt toBox(MarginPolicy margin) {
        return box != null ? box : marker.toBox(margin);
    }

    public Keyframe atSlice(int z) {
        return new Keyframe(z, box, marker);
    }
}
