package org.slicewise.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slicewise.app.ui.render.GreyRenderer;
import org.slicewise.app.ui.render.Orientation;
import org.slicewise.app.ui.render.OverlayRenderer;
import org.slicewise.app.ui.render.SliceCache;
import org.slicewise.app.ui.render.ViewMapping;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.label.LabelInfo;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.label.SlicePatch;
import org.slicewise.core.label.UndoHistory;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.core.volume.VoxelType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slicewise bench render}: frame time of the workstation's slice pipeline (grey rendering
 * through the window LUT + label overlay composite into the ARGB buffer) while scrolling a
 * 512×512 CT back and forth, without and with the rendered-slice cache.
 */
@Command(name = "render", mixinStandardHelpOptions = true, description = "Slice rendering frame time.")
final class BenchRenderCommand implements Callable<Integer> {
    @Option(names = "--input", description = "a CT volume to scroll (default: a synthetic 512x512x120 int16 CT)")
    Path input;

    @Option(names = "--passes", defaultValue = "4", description = "scroll passes (up and down) per mode")
    int passes;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Volume v = input != null ? org.slicewise.io.VolumeIO.read(input, Progress.NONE) : synthetic(512, 512, 120);
        LabelMap labels = blob(v.geometry());
        LabelTable table = new LabelTable();
        table.put(LabelInfo.of(1, "tumour", 0xFF0000));
        out.printf(Locale.ROOT, "volume %dx%dx%d %s; window W400/L40; labels on %d slices%n", v.nx(), v.ny(), v.nz(), v.type().id(),
                v.nz() / 3);
        for (Orientation o : new Orientation[] {Orientation.AXIAL, Orientation.CORONAL}) {
            for (boolean cached : new boolean[] {false, true}) {
                double[] t = run(v, labels, table, o, cached);
                Arrays.sort(t);
                out.printf(Locale.ROOT, "%-8s %-9s frames %4d  median %6.2f ms  p95 %6.2f ms  max %6.2f ms%n", o.title(),
                        cached ? "cache" : "no-cache", t.length, t[t.length / 2], t[(int) (t.length * 0.95)], t[t.length - 1]);
            }
        }
        out.println("(frame = grey render or cache hit + overlay composite into the int[] ARGB buffer; the PixelBuffer"
                + " upload and canvas draw are JavaFX-side and not included)");
        return 0;
    }

    private double[] run(Volume v, LabelMap labels, LabelTable table, Orientation o, boolean cached) {
        ViewMapping m = new ViewMapping(v.geometry(), o);
        GreyRenderer r = new GreyRenderer(v);
        SliceCache cache = new SliceCache(512L << 20);
        OverlayRenderer ov = new OverlayRenderer();
        ov.setLabels(table.labels());
        int[] grey = new int[m.width() * m.height()], argb = new int[grey.length];
        int n = m.sliceCount();
        DisplayWindow w = DisplayWindow.CT_SOFT_TISSUE;
        // warm-up pass (JIT, LUT), not timed
        for (int i = 0; i < n; i++) {
            r.render(m, i, w, grey);
        }
        double[] t = new double[passes * 2 * n];
        int k = 0;
        for (int p = 0; p < passes * 2; p++) {
            for (int j = 0; j < n; j++) {
                int i = p % 2 == 0 ? j : n - 1 - j;
                long t0 = System.nanoTime();
                int[] g;
                if (cached) {
                    g = cache.get(r, m, i, w);
                } else {
                    r.render(m, i, w, grey);
                    g = grey;
                }
                ov.composite(g, argb, m, i, labels, null);
                t[k++] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return t;
    }

    static Volume synthetic(int nx, int ny, int nz) {
        Volume v = Volume.allocate(Geometry.axisAligned(nx, ny, nz, 0.8, 0.8, 2.0), VoxelType.INT16, VolumeMetadata.of("CT", "synthetic"));
        java.util.Random rnd = new java.util.Random(1);
        for (int z = 0; z < nz; z++) {
            short[] s = (short[]) v.slice(z);
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double dx = (x - nx / 2.0) / (nx * 0.42), dy = (y - ny / 2.0) / (ny * 0.35);
                    double val = dx * dx + dy * dy < 1 ? 40 + rnd.nextGaussian() * 15 : -1000;
                    s[x + y * nx] = (short) val;
                }
            }
        }
        return v;
    }

    static LabelMap blob(Geometry g) {
        LabelMap m = new LabelMap(g);
        LabelTable t = new LabelTable();
        t.put(LabelInfo.of(1, "tumour", 0xFF0000));
        LabelEditor ed = new LabelEditor(m, t, new UndoHistory(1, Long.MAX_VALUE));
        int r = Math.min(g.nx(), g.ny()) / 8;
        for (int z = g.nz() / 3; z < 2 * g.nz() / 3; z++) {
            byte[] mask = new byte[4 * r * r];
            for (int y = 0; y < 2 * r; y++) {
                for (int x = 0; x < 2 * r; x++) {
                    mask[x + y * 2 * r] = (byte) ((x - r) * (x - r) + (y - r) * (y - r) < r * r ? 1 : 0);
                }
            }
            ed.apply("blob", SlicePatch.fill(z, g.nx() / 2 - r, g.ny() / 2 - r, 2 * r, 2 * r, mask, 1));
        }
        return m;
    }
}
