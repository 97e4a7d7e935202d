package org.slicewise.app.ui.render;

/** The three MPR planes. Axial slices are the volume's own slices (k axis). */
public enum Orientation {
    AXIAL("Axial"), CORONAL("Coronal"), SAGITTAL("Sagittal");

    private final String title;

    Orientation(String title) {
        this.title = title;
    }

    public String title() { return title; }
}
