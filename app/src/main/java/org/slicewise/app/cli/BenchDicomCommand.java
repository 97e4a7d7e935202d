package org.slicewise.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slicewise.core.Progress;
import org.slicewise.core.volume.Volume;
import org.slicewise.io.dicom.DicomSeriesReader;
import org.slicewise.io.dicom.DicomWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slicewise bench dicom}: generates an uncompressed 512x512 CT series (pixel content from the
 * shared TotalSegmentator series when present), then reports the median warm-cache time to scan,
 * sort and stack it (ours vs pydicom via /usr/bin/python3 vs dcm2niix), and compressed throughput
 * (JPEG 2000 and JPEG Lossless slices per second).
 */
@Command(name = "dicom", mixinStandardHelpOptions = true, description = "DICOM series read, sort and stack; compressed-slice throughput.")
final class BenchDicomCommand implements Callable<Integer> {
    @Option(names = "--slices", description = "Slices to generate (default ${DEFAULT-VALUE}).")
    int slices = 300;

    @Option(names = "--runs", description = "Timed runs per measurement (default ${DEFAULT-VALUE}).")
    int runs = 7;

    @Option(names = "--no-peers", description = "Skip pydicom, dcm2niix and the compressed-series runs.")
    boolean noPeers;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws Exception {
        Path shared = data.folder();
        Path dir = Files.createTempDirectory("slicewise-bench-dicom");
        try {
            System.out.printf(Locale.ROOT, "generating %d uncompressed 512x512 CT slices in %s%n", slices, dir);
            generate(dir, shared);
            long cpu0 = cpuNanos();
            double ours = median(time(() -> DicomSeriesReader.load(dir, null, Progress.NONE), runs));
            double cpu = (cpuNanos() - cpu0) / 1e9 / (runs + 2);
            double scan = median(time(() -> DicomSeriesReader.scan(dir, Progress.NONE), runs));
            System.out.printf(Locale.ROOT, "ours: scan+sort+stack %d slices: median %.3f s wall, %.3f s CPU per load "
                    + "(header scan only %.3f s); load average %.1f%n", slices, ours, cpu, scan, loadAverage());
            if (noPeers) {
                return 0;
            }
            String py = pydicom(dir);
            System.out.println("pydicom (dcmread all + sort + np.stack + rescale): " + py);
            System.out.println("dcm2niix (-z n, to NIfTI, includes writing): " + dcm2niix(dir));
            compressed(shared);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private void generate(Path dir, Path shared) throws IOException {
        short[][] content = null;
        Path ct = shared.resolve("totalsegmentator/example_ct_dicom");
        if (Files.isDirectory(ct)) {
            Volume v = DicomSeriesReader.load(ct, null, Progress.NONE);
            content = new short[v.nz()][];
            for (int z = 0; z < v.nz(); z++) {
                short[] hu = (short[]) v.slice(z);
                short[] st = new short[hu.length];
                for (int i = 0; i < hu.length; i++) {
                    st[i] = (short) Math.max(0, Math.min(4095, hu[i] + 1024));
                }
                content[z] = st;
            }
        }
        for (int z = 0; z < slices; z++) {
            short[] px;
            if (content != null) {
                px = content[z % content.length];
            } else {
                px = new short[512 * 512];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (short) (((i % 512) * 7 + (i / 512) * 3 + z * 11) & 0x0FFF);
                }
            }
            // files named in reverse order so that directory order is not the slice order
            String sop = "1.2.826.0.1.3680043.10.1555.2." + z;
            new DicomWriter("1.2.840.10008.5.1.4.1.1.2", sop)
                    .str(0x00080060, "CS", "CT").str(0x0008103E, "LO", "bench series")
                    .str(0x0020000D, "UI", "1.2.826.0.1.3680043.10.1555.1")
                    .str(0x0020000E, "UI", "1.2.826.0.1.3680043.10.1555.1.1")
                    .str(0x00200013, "IS", Integer.toString(z + 1))
                    .ds(0x00200032, -249.51171875, -437.51171875, -900 + 1.25 * z)
                    .ds(0x00200037, 1, 0, 0, 0, 1, 0)
                    .us(0x00280002, 1).str(0x00280004, "CS", "MONOCHROME2")
                    .us(0x00280010, 512).us(0x00280011, 512).ds(0x00280030, 0.9765625, 0.9765625)
                    .us(0x00280100, 16).us(0x00280101, 12).us(0x00280102, 11).us(0x00280103, 0)
                    .ds(0x00281050, 40).ds(0x00281051, 400).ds(0x00281052, -1024).ds(0x00281053, 1)
                    .pixels(px).write(dir.resolve(String.format(Locale.ROOT, "IM%05d.dcm", slices - z)));
        }
    }

    private void compressed(Path shared) throws Exception {
        Path j2k = shared.resolve("totalsegmentator/example_ct_dicom");
        if (Files.isDirectory(j2k)) {
            double t = median(time(() -> DicomSeriesReader.load(j2k, null, Progress.NONE), 3));
            System.out.printf(Locale.ROOT, "JPEG 2000 lossless (example_ct_dicom, 20 slices 512x512): %.3f s, %.1f slices/s%n",
                    t, 20 / t);
        }
        Path jl = shared.resolve("dcm_qa_ts/In");
        if (Files.isDirectory(jl)) {
            Path tmp = Files.createTempDirectory("slicewise-bench-jpegll");
            try {
                for (int i = 0; i < 40; i++) { // 40 copies of the JPEG Lossless SV1 mosaic (35 tiles each)
                    Files.copy(jl.resolve((5 + (i & 1)) + ".dcm"), tmp.resolve("m" + i + ".dcm"));
                }
                double t = median(time(() -> {
                    long n = 0;
                    for (int i = 0; i < 40; i++) {
                        n += DicomSeriesReader.load(tmp.resolve("m" + i + ".dcm"), null, Progress.NONE).nz();
                    }
                    return n;
                }, 3));
                System.out.printf(Locale.ROOT, "JPEG Lossless SV1 (dcm_qa_ts 5/6, 384x384 mosaic frames): %.1f frames/s "
                        + "(%.1f Mpixel/s)%n", 40 / t, 40 * 384 * 384 / t / 1e6);
            } finally {
                try (Stream<Path> s = Files.walk(tmp)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private String pydicom(Path dir) {
        String script = String.join("\n",
                "import sys, glob, time, statistics",
                "import numpy as np, pydicom",
                "def run(d):",
                "    ds = [pydicom.dcmread(f) for f in glob.glob(d + '/*.dcm')]",
                "    o = ds[0].ImageOrientationPatient",
                "    n = np.cross(np.array(o[:3], float), np.array(o[3:], float))",
                "    ds.sort(key=lambda x: float(np.dot(n, np.array(x.ImagePositionPatient, float))))",
                "    v = np.stack([x.pixel_array for x in ds]).astype(np.int16)",
                "    v += np.int16(int(ds[0].RescaleIntercept))",
                "    return v",
                "run(sys.argv[1]); run(sys.argv[1])",
                "t = []",
                "c0 = time.process_time()",
                "for i in range(int(sys.argv[2])):",
                "    s = time.perf_counter(); run(sys.argv[1]); t.append(time.perf_counter() - s)",
                "c = (time.process_time() - c0) / int(sys.argv[2])",
                "print('median %.3f s wall (min %.3f), %.3f s CPU per load' % (statistics.median(t), min(t), c))");
        return external(List.of("/usr/bin/python3", "-c", script, dir.toString(), Integer.toString(Math.max(3, runs / 2))));
    }

    private String dcm2niix(Path dir) throws IOException {
        if (!Files.isExecutable(Path.of("/usr/bin/dcm2niix"))) {
            return "not installed";
        }
        Path out = Files.createTempDirectory("slicewise-bench-dcm2niix");
        try {
            double[] t = time(() -> external(List.of("/usr/bin/dcm2niix", "-z", "n", "-b", "n", "-o", out.toString(),
                    "-f", "x_%s", dir.toString())), 3);
            return String.format(Locale.ROOT, "median %.3f s", median(t));
        } catch (Exception e) {
            return "failed: " + e.getMessage();
        } finally {
            try (Stream<Path> s = Files.walk(out)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String external(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int rc = p.waitFor();
            String last = out.isEmpty() ? "" : out.substring(out.lastIndexOf('\n') + 1);
            return rc == 0 ? last : "failed (exit " + rc + "): " + last;
        } catch (IOException e) {
            return "unavailable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    interface Work {
        Object run() throws Exception;
    }

    private static double[] time(Work w, int runs) throws Exception {
        w.run(); // warm-up (JIT, page cache)
        w.run();
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            w.run();
            t[i] = (System.nanoTime() - s) / 1e9;
        }
        return t;
    }

    private static double median(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
