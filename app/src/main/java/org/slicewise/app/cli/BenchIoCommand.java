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
            "import sys, time, json, statistics, numpy as np, nibabel as nib",
            "f, out, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])",
            "r = []",
            "for i in range(runs + 1):",
            "    t = time.perf_counter(); img = nib.load(f); a = np.asanyarray(img.dataobj); r.append(time.perf_counter() - t)",
            "w = []",
            "for i in range(max(1, runs // 2)):",
            "    t = time.perf_counter(); nib.save(nib.Nifti1Image(a, img.affine, img.header), out); w.append(time.perf_counter() - t)",
            "print(json.dumps(dict(read=statistics.median(r[1:]), write=statistics.median(w), version=nib.__version__,",
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
        out.printf("slicewise bench io: 512x512x%d int16 CT (%s), %d cores, Java %s, median of %d runs%n", slices,
                ct.metadata().description(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), runs);
        out.flush();
        Path ours = dir.resolve("ct.nii.gz");
        List<String[]> rows = new ArrayList<>();
        double write = median(runs, () -> VolumeIO.write(ct, ours));
        rows.add(row("write .nii.gz (ours, level 1, parallel)", write, Files.size(ours)));
        Path l6 = dir.resolve("ct6.nii.gz");
        double write6 = median(1, () -> NiftiWriter.write(ct, l6, 6, null));
        rows.add(row("write .nii.gz (ours, level 6, parallel)", write6, Files.size(l6)));
        Files.delete(l6);
        long rawBytes = (long) 512 * 512 * slices * 2 + 352;
        double inflate = median(runs, () -> inflate(ours, rawBytes));
        double read = median(runs, () -> VolumeIO.read(ours, null));
        rows.add(row("bare GZIPInputStream inflate to byte[]", inflate, Files.size(ours)));
        rows.add(row("read .nii.gz (ours)", read, Files.size(ours)));
        Path nrrd = dir.resolve("ct.nrrd");
        double writeNrrd = median(runs, () -> VolumeIO.write(ct, nrrd));
        double readNrrd = median(runs, () -> VolumeIO.read(nrrd, null));
        rows.add(row("write .nrrd gzip (ours)", writeNrrd, Files.size(nrrd)));
        rows.add(row("read .nrrd gzip (ours)", readNrrd, Files.size(nrrd)));
        Files.delete(nrrd);
        Path lab = dir.resolve("labels.nii.gz");
        double writeLab = median(runs, () -> VolumeIO.write(labels, lab));
        rows.add(row("write uint8 label map .nii.gz (ours)", writeLab, Files.size(lab)));
        Path seg = dir.resolve("labels.nrrd");
        double writeSeg = median(runs, () -> VolumeIO.write(labels, seg));
        rows.add(row("write uint8 label map .nrrd (ours)", writeSeg, Files.size(seg)));
        String note = "";
        if (!noPython) {
            Path nibOut = dir.resolve("ct_nibabel.nii.gz");
            JsonObject nib = nibabel(ours, nibOut);
            if (nib != null) {
                rows.add(row("nibabel " + nib.get("version").getAsString() + " load + asanyarray(dataobj)",
                        nib.get("read").getAsDouble(), Files.size(ours)));
                rows.add(row("nibabel save .nii.gz (level 1)", nib.get("write").getAsDouble(), Files.size(nibOut)));
                double readNib = median(runs, () -> VolumeIO.read(nibOut, null));
                double inflateNib = median(runs, () -> inflate(nibOut, rawBytes));
                rows.add(row("bare inflate of nibabel's file", inflateNib, Files.size(nibOut)));
                rows.add(row("read nibabel's .nii.gz (ours)", readNib, Files.size(nibOut)));
                note = String.format("; ours/nibabel read %.2fx, write %.2fx", read / nib.get("read").getAsDouble(),
                        write / nib.get("write").getAsDouble());
            } else {
                note = "; nibabel not available";
            }
        }
        out.println();
        out.println("| operation | median s | file MiB |");
        out.println("|---|---:|---:|");
        for (String[] r : rows) {
            out.printf("| %s | %s | %s |%n", r[0], r[1], r[2]);
        }
        out.printf("%nread / bare inflate = %.2fx (target <= 1.5x)%s%n", read / inflate, note);
        out.flush();
        return 0;
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

    private static String[] row(String name, double seconds, long bytes) {
        return new String[] {name, String.format("%.3f", seconds), String.format("%.1f", bytes / 1048576.0)};
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

    interface VoidTask {
        void run() throws Exception;
    }

    private static double median(int runs, VoidTask t) throws Exception {
        return median(runs, (Task) () -> {
            t.run();
            return null;
        });
    }

    private static double median(int runs, Task t) throws Exception {
        t.run(); // warm-up (JIT, page cache)
        double[] s = new double[runs];
        for (int i = 0; i < runs; i++) {
            System.gc();
            long t0 = System.nanoTime();
            Object keep = t.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
            if (keep == Thread.currentThread()) {
                throw new IllegalStateException();
            }
        }
        Arrays.sort(s);
        return runs % 2 == 1 ? s[runs / 2] : (s[runs / 2 - 1] + s[runs / 2]) / 2;
    }

    private JsonObject nibabel(Path in, Path out) {
        if (!Files.isExecutable(Path.of(python))) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(python, "-c", NIBABEL, in.toString(), out.toString(), Integer.toString(runs))
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
