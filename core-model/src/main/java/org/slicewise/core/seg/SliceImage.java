package org.slicewise.core.seg;

/**
 * One 2D slice prepared for a model: {@code width × height} grey values already windowed and scaled
 * to 0..255 (row-major, x fastest). The engine repeats it to 3 channels and applies the model's own
 * resize and normalisation.
 */
public record SliceImage(int width, int height, float[] pixels) {
    public SliceImage {
        if (width <= 0 || height <= 0 || pixels.length < width * height) {
            throw new IllegalArgumentException("slice image " + width + "x" + height + " with " + pixels.length + " pixels");
        }
    }
}
