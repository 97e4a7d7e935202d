package org.slicewise.app.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.slicewise.core.volume.Volume;
import org.slicewise.io.VolumeIO;
import org.slicewise.io.nifti.NiftiWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slicewise bench io}: NIfTI read/write against a bare GZIPInputStream inflate and nibabel. */
@Command(name = "io", mixinStandardHelpOptions = true, description = "NIfTI/NRRD read and write throughput against bare gzip.")
final class BenchIoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--slices", description = "Number of 512x512 slices (default ${DEFAULT-VALUE}).", defaultValue = "300")
    int slices;

    @Option(names = "--runs", description = "Timed runs per measurement; the median is reported (default ${DEFAULT-VALUE}).",
            defaultValue = "5")
    int runs;

    @Option(names = "--source", description = "512x512 int16 .nii.gz whose slices are repeated (default: the"
            + " TotalSegmentator CT in ../shared/data; synthetic anatomy when absent).")
    Path source;

    @Option(names = "--synthetic", description = "Use synthetic anatomy instead of real CT slices.")
    boolean synthetic;

    @Option(names = "--no-python", description = "Skip the nibabel comparison.")
    boolean noPython;

    @Option(names = "--python", description = "Python with nibabel (default ${DEFAULT-VALUE}).", defaultValue = "/usr/bin/python3")
    String python;

    private static final String NIBABEL = String.join("\n",
            "import sys, time, json, numpy as np, nibabel as nib",
            "f, out = sys.argv[1], sys.argv[2]",
            "c = time.process_time(); t = time.perf_counter(); img = nib.load(f); a = np.asanyarray(img.dataobj)",
            "r = time.perf_counter() - t; rc = time.process_time() - c",
            "c = time.process_time(); t = time.perf_counter(); nib.save(nib.Nifti1Image(a, img.affine, img.header), out)",
            "w = time.perf_counter() - t; wc = time.process_time() - c",
            "print(json.dumps(dict(read=r, write=w, read_cpu=rc, write_cpu=wc, version=nib.__version__,",
            "    dtype=str(a.dtype), shape=list(a.shape))))");

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (slices < 1 || runs < 1) {
            throw new IllegalArgumentException("--slices and --runs must be positive");
        }
        Path dir = Files.createTempDirectory("slicewise-bench-io");
        try {
            return run(out, dir);
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private int run(PrintWriter out, Path dir) throws Exception {
        Path src = synthetic ? null : source != null ? source : defaultSource();
        Volume ct = BenchVolumes.ct(src, slices);
        Volume labels = BenchVolumes.labels(ct);
        out.printf("slicewise bench io: 512x512x%d int16 CT (%s), %d cores, Java %s, median of %d interleaved rounds%n",
                slices, ct.metadata().description(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), runs);
        out.flush();
        Path ours = dir.resolve("ct.nii.gz");
        Path nrrd = dir.resolve("ct.nrrd");
        Path lab = dir.resolve("labels.nii.gz");
        Path seg = dir.resolve("labels.nrrd");
        Path nibOut = dir.resolve("ct_nibabel.nii.gz");
        long rawBytes = (long) 512 * 512 * slices * 2 + 352;
        boolean py = !noPython && Files.isExecutable(Path.of(python));
        // warm-up round (JIT, page cache), then rounds in which every operation runs once, so that
        // load from other processes hits all of them alike
        Timings t = new Timings();
        for (int round = 0; round <= runs; round++) {
            boolean warm = round == 0;
            t.time(warm, "write .nii.gz (ours, level 1, parallel)", ours, task(() -> VolumeIO.write(ct, ours)));
            t.time(warm, "bare GZIPInputStream inflate to byte[]", ours, () -> inflate(ours, rawBytes));
            t.time(warm, "read .nii.gz (ours)", ours, () -> VolumeIO.read(ours, null));
            t.time(warm, "write .nrrd gzip (ours)", nrrd, task(() -> VolumeIO.write(ct, nrrd)));
            t.time(warm, "read .nrrd gzip (ours)", nrrd, () -> VolumeIO.read(nrrd, null));
            t.time(warm, "write uint8 label map .nii.gz (ours)", lab, task(() -> VolumeIO.write(labels, lab)));
            t.time(warm, "write uint8 label map .nrrd (ours)", seg, task(() -> VolumeIO.write(labels, seg)));
            if (py) {
                JsonObject nib = nibabel(ours, nibOut);
                if (nib == null) {
                    py = false;
                    continue;
                }
                t.record(warm, "nibabel " + nib.get("version").getAsString() + " load + asanyarray(dataobj)",
                        nib.get("read").getAsDouble(), nib.get("read_cpu").getAsDouble(), Files.size(ours));
                t.record(warm, "nibabel save .nii.gz (level 1)", nib.get("write").getAsDouble(),
                        nib.get("write_cpu").getAsDouble(), Files.size(nibOut));
                t.time(warm, "bare inflate of nibabel's file", nibOut, () -> inflate(nibOut, rawBytes));
                t.time(warm, "read nibabel's .nii.gz (ours, streaming)", nibOut, () -> VolumeIO.read(nibOut, null));
            }
        }
        Path l6 = dir.resolve("ct6.nii.gz");
        t.time(false, "write .nii.gz (ours, level 6, parallel; 1 run)", l6, task(() -> NiftiWriter.write(ct, l6, 6, null)));
        out.println();
        out.println("| operation | median wall s | median CPU s | file MiB |");
        out.println("|---|---:|---:|---:|");
        for (String name : t.names) {
            out.printf("| %s | %.3f | %.3f | %.1f |%n", name, t.median(name), t.medianCpu(name),
                    t.bytes.get(name) / 1048576.0);
        }
        double read = t.median("read .nii.gz (ours)");
        out.printf("%nread / bare inflate = %.2fx (target <= 1.5x)", read / t.median("bare GZIPInputStream inflate to byte[]"));
        String nibRead = t.names.stream().filter(n -> n.startsWith("nibabel") && n.contains("load")).findFirst().orElse(null);
        if (nibRead != null) {
            out.printf("; ours / nibabel wall: read %.2fx, write %.2fx; CPU: read %.2fx, write %.2fx",
                    read / t.median(nibRead),
                    t.median("write .nii.gz (ours, level 1, parallel)") / t.median("nibabel save .nii.gz (level 1)"),
                    t.medianCpu("read .nii.gz (ours)") / t.medianCpu(nibRead),
                    t.medianCpu("write .nii.gz (ours, level 1, parallel)") / t.medianCpu("nibabel save .nii.gz (level 1)"));
        } else {
            out.print("; nibabel not measured");
        }
        out.println();
        out.flush();
        return 0;
    }

    /** Collected timings per operation, in first-seen order. */
    private static final class Timings {
        final List<String> names = new ArrayList<>();
        final java.util.Map<String, List<Double>> seconds = new java.util.HashMap<>();
        final java.util.Map<String, List<Double>> cpu = new java.util.HashMap<>();
        final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        final java.util.Map<String, Long> bytes = new java.util.HashMap<>();

        void time(boolean warm, String name, Path file, Task task) throws Exception {
            System.gc();
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Object keep = task.run();
            double s = (System.nanoTime() - t0) / 1e9;
            double c = (os.getProcessCpuTime() - c0) / 1e9;
            if (keep == Thread.currentThread()) {
                throw new IllegalStateException();
            }
            record(warm, name, s, c, Files.size(file));
        }

        void record(boolean warm, String name, double s, double c, long fileBytes) {
            if (!names.contains(name)) {
                names.add(name);
            }
            bytes.put(name, fileBytes);
            if (!warm) {
                seconds.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
                cpu.computeIfAbsent(name, k -> new ArrayList<>()).add(c);
            }
        }

        double median(String name) {
            return median(seconds.getOrDefault(name, List.of(Double.NaN)));
        }

        double medianCpu(String name) {
            return median(cpu.getOrDefault(name, List.of(Double.NaN)));
        }

        private static double median(List<Double> l) {
            double[] v = l.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    private static Path defaultSource() {
        String home = System.getProperty("slicewise.home", ".");
        for (String base : new String[] {home + "/../shared/data", home + "/../../shared/data", "../shared/data"}) {
            Path p = Path.of(base, "totalsegmentator", "example_ct_dicom_decoded_hu.nii.gz");
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    private static Object inflate(Path f, long size) throws IOException {
        byte[] all = new byte[(int) size];
        try (InputStream in = new GZIPInputStream(new FileInputStream(f.toFile()), 1 << 16)) {
            if (in.readNBytes(all, 0, all.length) != all.length) {
                throw new IOException("short inflate of " + f);
            }
        }
        return all;
    }

    interface Task {
        Object run() throws Exception;
    }

    private static Task task(VoidTaskBody b) {
        return () -> {
            b.run();
            return null;
        };
    }

    interface VoidTaskBody {
        void run() throws Exception;
    }

    private JsonObject nibabel(Path in, Path out) {
        if (!Files.isExecutable(Path.of(python))) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(python, "-c", NIBABEL, in.toString(), out.toString())
                    .redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                spec.commandLine().getErr().println("slicewise: nibabel comparison failed: " + s.lines().reduce((a, b) -> b).orElse(""));
                return null;
            }
            return JsonParser.parseString(s.lines().reduce((a, b) -> b).orElse("{}")).getAsJsonObject();
        } catch (IOException | InterruptedException | RuntimeException e) {
            spec.commandLine().getErr().println("slicewise: nibabel comparison failed: " + e);
            return null;
        }
    }
}
