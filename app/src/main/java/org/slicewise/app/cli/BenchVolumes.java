package org.slicewise.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.core.volume.VoxelType;
import org.slicewise.io.VolumeIO;

/** Benchmark volumes with realistic compressibility (real CT slices, or smooth synthetic anatomy with noise). */
final class BenchVolumes {
    private BenchVolumes() {
    }

    /** The shared data folder: {@code option} when given, else {@code <slicewise.home>/../shared/data}. */
    static Path sharedData(Path option) {
        return option != null ? option
                : Path.of(System.getProperty("slicewise.home", "."), "..", "shared", "data").normalize();
    }

    /**
     * A 512×512×nz int16 CT: the 20 real slices of {@code source} (512×512 int16 HU) repeated back and
     * forth along z when given, else synthetic anatomy (air, body, fat rim, organs, spine, lungs) with
     * Gaussian noise of 12 HU.
     */
    static Volume ct(Path source, int nz) throws IOException {
        Geometry g = new Geometry(new int[] {512, 512, nz}, new double[] {0.9765625, 0.9765625, 1.0},
                new double[] {-250, -250, -150}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        Object[] slices = new Object[nz];
        if (source != null && Files.isRegularFile(source)) {
            Volume real = VolumeIO.read(source, null);
            if (real.nx() == 512 && real.ny() == 512 && real.type() == VoxelType.INT16) {
                int n = real.nz();
                for (int z = 0; z < nz; z++) {
                    int k = z % (2 * n);
                    slices[z] = ((short[]) real.slice(k < n ? k : 2 * n - 1 - k)).clone();
                }
                return new Volume(g, VoxelType.INT16, slices, new VolumeMetadata("CT", "real CT slices of "
                        + source.getFileName() + ", repeated along z", null, source.toString(), true, null));
            }
        }
        SplittableRandom rnd = new SplittableRandom(42);
        for (int z = 0; z < nz; z++) {
            short[] s = new short[512 * 512];
            double t = z / (double) nz;
            for (int y = 0; y < 512; y++) {
                for (int x = 0; x < 512; x++) {
                    s[x + y * 512] = (short) Math.round(hu(x, y, t) + (inBody(x, y) ? gauss(rnd) * 12 : gauss(rnd) * 3));
                }
            }
            slices[z] = s;
        }
        return new Volume(g, VoxelType.INT16, slices, new VolumeMetadata("CT", "synthetic anatomy + 12 HU noise", null,
                "synthetic", true, null));
    }

    private static boolean inBody(double x, double y) {
        return sq((x - 256) / 200) + sq((y - 270) / 150) < 1;
    }

    private static double hu(double x, double y, double t) {
        if (!inBody(x, y)) {
            return -1000;
        }
        double r = sq((x - 256) / 200) + sq((y - 270) / 150);
        if (r > 0.88) {
            return -100; // subcutaneous fat
        }
        if (sq((x - 256) / 22) + sq((y - 370) / 22) < 1) {
            return 700 + 300 * Math.cos(x / 5.0); // vertebra
        }
        double lung = 0.3 + 0.4 * t;
        if (sq((x - 170) / 60) + sq((y - 250) / (80 * lung + 1)) < 1 || sq((x - 342) / 60) + sq((y - 250) / (80 * lung + 1)) < 1) {
            return -850;
        }
        if (sq((x - 200) / 70) + sq((y - 230) / 50) < 1) {
            return 60; // liver
        }
        if (sq((x - 256) / 12) + sq((y - 330) / 12) < 1) {
            return 180; // aorta with contrast
        }
        return 40;
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double gauss(SplittableRandom r) {
        double u = r.nextDouble(1e-12, 1), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** A uint8 label map on the same grid: air 0, body 1, bone 2, bright vessels 3 (threshold of the CT). */
    static Volume labels(Volume ct) {
        int n = ct.geometry().sliceSize();
        Object[] out = new Object[ct.nz()];
        for (int z = 0; z < ct.nz(); z++) {
            short[] s = (short[]) ct.slice(z);
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                int v = s[i];
                b[i] = (byte) (v < -300 ? 0 : v > 400 ? 2 : v > 150 ? 3 : 1);
            }
            out[z] = b;
        }
        return new Volume(ct.geometry(), VoxelType.UINT8, out, VolumeMetadata.of("SEG", "labels"));
    }
}
