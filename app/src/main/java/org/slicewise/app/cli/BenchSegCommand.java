package org.slicewise.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.seg.CachedSliceSegmenter;
import org.slicewise.core.seg.Embedding;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.Models;
import org.slicewise.core.seg.ObjectMask;
import org.slicewise.core.seg.ObjectPrompt;
import org.slicewise.core.seg.SegmentationEngine;
import org.slicewise.core.seg.SliceImage;
import org.slicewise.core.seg.SlicePreprocessor;
import org.slicewise.core.volume.DisplayWindow;
import org.slicewise.core.volume.Volume;
import org.slicewise.io.VolumeIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slicewise bench seg}: encoder latency on a real 512×512 CT slice and an MR slice, end-to-end
 * decode latency (one box to a full-resolution mask; six boxes in one call), and the cache-hit path.
 */
@Command(name = "seg", mixinStandardHelpOptions = true, description = "Encoder and decoder latency of the segmentation core.")
final class BenchSegCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "Model folder (default: the installed default model).")
    Path model;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Mixin
    DataOptions data;

    @Option(names = "--encodes", defaultValue = "5", description = "Encoder runs per image (default: ${DEFAULT-VALUE}).")
    int encodes;

    @Option(names = "--decodes", defaultValue = "30", description = "Decoder runs per case (default: ${DEFAULT-VALUE}).")
    int decodes;

    @Option(names = "--sweep", description = "Also compare ONNX Runtime settings (threads, graph optimisation, spinning) on the encoder.")
    boolean sweep;

    /** CPU time of this process (all threads), ns; -1 when unavailable. */
    static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private double lastCpuMsPerOp;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = model != null ? model : Models.defaultModelDir().orElseThrow(() -> new BadInputException(
                "no segmentation model installed (see `slicewise models`); pass --model DIR"));
        org.slicewise.core.seg.ModelSpec.load(dir); // a missing or corrupt model is reported before anything else
        Path d = data.folder();
        Path ct = d.resolve("totalsegmentator/example_ct_dicom_decoded_hu.nii.gz");
        Path ctLabels = d.resolve("totalsegmentator/example_seg_dicom.nii.gz");
        Path mr = d.resolve("pyradiomics/nifti/brain1_image.nii.gz");
        Path mrLabel = d.resolve("pyradiomics/nifti/brain1_label.nii.gz");
        for (Path p : new Path[] {ct, ctLabels, mr, mrLabel}) {
            if (!Files.isRegularFile(p)) {
                throw BadInputException.of(p, "benchmark input missing (pass --data DIR)");
            }
        }
        header(out, dir);
        long t0 = System.nanoTime();
        SegmentationEngine engine = Models.load(dir, device);
        out.printf(Locale.ROOT, "model load: %.2f s (%s on %s); encoder: %s; decoder: %s%n", (System.nanoTime() - t0) / 1e9,
                engine.info().id(), engine.info().device(), engine.encoderNote(), engine.decoderNote());
        try (CachedSliceSegmenter seg = new CachedSliceSegmenter(engine)) {
            Volume ctVol = VolumeIO.read(ct, Progress.NONE);
            Volume ctLab = VolumeIO.read(ctLabels, Progress.NONE);
            Volume mrVol = VolumeIO.read(mr, Progress.NONE);
            Volume mrLab = VolumeIO.read(mrLabel, Progress.NONE);
            SlicePreprocessor pre = new SlicePreprocessor();
            int ctZ = ctVol.nz() / 2;
            SliceImage ctImg = pre.slice(ctVol, ctZ, InputWindow.fixed(DisplayWindow.CT_SOFT_TISSUE));
            SliceImage mrImg = pre.slice(mrVol, 14, InputWindow.percentiles());
            engine.encode(mrImg); // warm-up (first-run allocation and kernel selection)
            double[] ctEnc = encodeTimes(engine, ctImg);
            double ctCpu = lastCpuMsPerOp;
            out.printf(Locale.ROOT, "encoder, CT %dx%d slice %d (soft tissue): median %.0f ms, min %.0f, max %.0f (%d runs); process CPU %.0f ms/slice%n",
                    ctImg.width(), ctImg.height(), ctZ, pct(ctEnc, 50), ctEnc[0], ctEnc[ctEnc.length - 1], ctEnc.length, ctCpu);
            double[] mrEnc = encodeTimes(engine, mrImg);
            out.printf(Locale.ROOT, "encoder, MR %dx%d slice 14 (0.5-99.5 pct): median %.0f ms, min %.0f, max %.0f (%d runs); process CPU %.0f ms/slice%n",
                    mrImg.width(), mrImg.height(), pct(mrEnc, 50), mrEnc[0], mrEnc[mrEnc.length - 1], mrEnc.length, lastCpuMsPerOp);

            Embedding ctEmb = seg.embedding(ctVol, ctZ, InputWindow.fixed(DisplayWindow.CT_SOFT_TISSUE));
            List<ObjectPrompt> boxes = organBoxes(ctLab, ctZ, 6);
            out.printf(Locale.ROOT, "CT boxes (organ labels on slice %d): %s%n", ctZ, describe(boxes));
            List<ObjectPrompt> one = List.of(boxes.get(0));
            double[] single = decodeTimes(seg, ctEmb, one);
            double singleCpu = lastCpuMsPerOp;
            double[] six = decodeTimes(seg, ctEmb, boxes);
            out.printf(Locale.ROOT, "decode 1 box -> full-res mask: p50 %.1f ms, p95 %.1f ms (%d runs); process CPU %.1f ms/call%n",
                    pct(single, 50), pct(single, 95), single.length, singleCpu);
            out.printf(Locale.ROOT, "decode %d boxes in one call: p50 %.1f ms, p95 %.1f ms = %.2fx one box; process CPU %.1f ms/call (%.2fx)%n",
                    boxes.size(), pct(six, 50), pct(six, 95), pct(six, 50) / pct(single, 50), lastCpuMsPerOp, lastCpuMsPerOp / singleCpu);

            compareEncoderPrecision(out, dir, engine, ctImg, boxes);
            compareDecoders(out, dir, ctEmb, one, boxes);
            compareMaskPrompts(out, dir, engine, ctEmb, boxes);
            decodeDuringEncode(out, dir, ctImg, ctEmb, one);

            Embedding mrEmb = seg.embedding(mrVol, 14, InputWindow.percentiles());
            List<ObjectPrompt> tumour = organBoxes(mrLab, 14, 1);
            double[] mrDec = decodeTimes(seg, mrEmb, tumour);
            out.printf(Locale.ROOT, "decode MR tumour box %s: p50 %.1f ms, p95 %.1f ms%n", describe(tumour), pct(mrDec, 50), pct(mrDec, 95));

            long calls = seg.encoderCalls();
            double[] hits = new double[1000];
            for (int i = 0; i < hits.length; i++) {
                long h0 = System.nanoTime();
                seg.embedding(ctVol, ctZ, InputWindow.fixed(DisplayWindow.CT_SOFT_TISSUE));
                hits[i] = (System.nanoTime() - h0) / 1e3;
            }
            Arrays.sort(hits);
            out.printf(Locale.ROOT, "cache hit: p50 %.1f us, p95 %.1f us (%d lookups); encoder calls before/after: %d/%d (no encoder call)%n",
                    pct(hits, 50), pct(hits, 95), hits.length, calls, seg.encoderCalls());
            out.printf(Locale.ROOT, "load average after run: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            if (sweep) {
                sweep(out, dir, ctImg);
            }
        }
        return 0;
    }

    /**
     * The other encoder precision (int8: weight MatMuls quantised at load, {@code --encoder-precision};
     * or fp32 when the model runs int8) against the loaded one on the same CT slice: median time, CPU,
     * embedding error, and the six organ masks decoded from each embedding with the same decoder.
     */
    private void compareEncoderPrecision(PrintWriter out, Path dir, SegmentationEngine loaded, SliceImage img, List<ObjectPrompt> boxes) {
        String other = loaded.encoderNote().startsWith("int8") ? "fp32" : "int8";
        try (SegmentationEngine q = Models.load(dir, device, s -> s.withEncoderPrecision(other), Models.STDERR_NOTES)) {
            q.encode(img); // warm-up
            double[] t = encodeTimes(q, img);
            double cpu = lastCpuMsPerOp;
            Embedding a = loaded.encode(img), b = q.encode(img);
            float[] x = a.asFloats(), y = b.asFloats();
            double maxD = 0, d2 = 0, n2 = 0;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - y[i];
                maxD = Math.max(maxD, Math.abs(d));
                d2 += d * d;
                n2 += (double) x[i] * x[i];
            }
            List<ObjectMask> ma = loaded.decode(a, boxes), mb = q.decode(b, boxes);
            double minDice = 1;
            for (int i = 0; i < boxes.size(); i++) {
                minDice = Math.min(minDice, ma.get(i).dice(mb.get(i)));
            }
            out.printf(Locale.ROOT, "encoder %s (%s): CT median %.0f ms, min %.0f, max %.0f (%d runs); process CPU %.0f ms/slice;"
                            + " embedding vs the loaded encoder's: max |d| %.3f, relative L2 %.4f; %d organ masks vs its: min Dice %.4f%n",
                    other, q.encoderNote(), pct(t, 50), t[0], t[t.length - 1], t.length, cpu, maxD, Math.sqrt(d2 / n2), boxes.size(), minDice);
        }
    }

    /**
     * Decode latency (engine.decode: low-res logits to full-resolution masks, no cache post-processing)
     * of the decoder implementations on the same embedding: the native SAM decoder with its block-0
     * cache (interactive case: the slice's earlier decodes filled it), without it (first decode on a
     * slice), and the ONNX decoder graph (sequential, and 2 concurrent threads for a fixed-batch graph).
     */
    private void compareDecoders(PrintWriter out, Path dir, Embedding emb, List<ObjectPrompt> one, List<ObjectPrompt> boxes) {
        String[][] variants = {{"native", "4", "1", "native decoder, block-0 cache hit"},
                {"native", "0", "1", "native decoder, no block-0 cache"},
                {"onnx", "4", "1", "ONNX decoder graph"},
                {"onnx", "4", "2", "ONNX decoder graph, 2 decode threads"}};
        for (String[] v : variants) {
            // block-0 cache size and decode threads are process-wide tuning options, set here for this engine only
            System.setProperty("slicewise.decoder.layer0Cache", v[1]);
            System.setProperty("slicewise.decode.threads", v[2]);
            try (SegmentationEngine e = Models.load(dir, device, s -> s.withDecoderImpl(v[0]), Models.STDERR_NOTES)) {
                double[] d1 = decodeTimes(e, emb, one);
                double c1 = lastCpuMsPerOp;
                double[] d6 = decodeTimes(e, emb, boxes);
                out.printf(Locale.ROOT, "%-40s 1 box p50 %5.1f ms p95 %5.1f (CPU %5.1f ms) | %d boxes p50 %5.1f ms p95 %5.1f = %.2fx one box (CPU %5.1f ms)%n",
                        v[3] + ":", pct(d1, 50), pct(d1, 95), c1, boxes.size(), pct(d6, 50), pct(d6, 95), pct(d6, 50) / pct(d1, 50), lastCpuMsPerOp);
            } finally {
                System.clearProperty("slicewise.decoder.layer0Cache");
                System.clearProperty("slicewise.decode.threads");
            }
        }
    }

    /**
     * Mask-prompt decodes (the pipeline's propagation: a box plus the previous slice's full low-res
     * logits, full low-res output) on the native decoder and the ONNX graph, and their agreement.
     */
    private void compareMaskPrompts(PrintWriter out, Path dir, SegmentationEngine main, Embedding emb, List<ObjectPrompt> boxes) {
        List<ObjectMask> prev = main.decode(emb, boxes, true);
        List<ObjectPrompt> masked = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            masked.add(new ObjectPrompt(boxes.get(i).label(), boxes.get(i).box(), List.of(), prev.get(i).lowRes()));
        }
        List<ObjectPrompt> one = masked.subList(0, 1);
        List<List<ObjectMask>> results = new ArrayList<>();
        for (String impl : new String[] {"native", "onnx"}) {
            try (SegmentationEngine e = Models.load(dir, device, s -> s.withDecoderImpl(impl), Models.STDERR_NOTES)) {
                java.util.function.BiFunction<Embedding, List<ObjectPrompt>, List<ObjectMask>> dec = (em, o) -> e.decode(em, o, true);
                double[] d1 = decodeTimes(dec, emb, one);
                double c1 = lastCpuMsPerOp;
                double[] d6 = decodeTimes(dec, emb, masked);
                out.printf(Locale.ROOT, "%-40s 1 box p50 %5.1f ms p95 %5.1f (CPU %5.1f ms) | %d boxes p50 %5.1f ms p95 %5.1f = %.2fx one box (CPU %5.1f ms)%n",
                        impl + " decoder, box + mask prompt:", pct(d1, 50), pct(d1, 95), c1, masked.size(), pct(d6, 50), pct(d6, 95),
                        pct(d6, 50) / pct(d1, 50), lastCpuMsPerOp);
                results.add(e.decode(emb, masked, true));
                if (impl.equals("native")) { // the same without the mask prompt: what the mask path itself costs
                    double[] b1 = decodeTimes(dec, emb, boxes.subList(0, 1));
                    double cb = lastCpuMsPerOp;
                    double[] b6 = decodeTimes(dec, emb, boxes);
                    out.printf(Locale.ROOT, "%-40s 1 box p50 %5.1f ms p95 %5.1f (CPU %5.1f ms) | %d boxes p50 %5.1f ms p95 %5.1f (CPU %5.1f ms)%n",
                            "native decoder, box, full low-res map:", pct(b1, 50), pct(b1, 95), cb, boxes.size(), pct(b6, 50), pct(b6, 95), lastCpuMsPerOp);
                }
            }
        }
        double dLogit = 0, dIou = 0;
        double minDice = 1;
        for (int i = 0; i < masked.size(); i++) {
            ObjectMask a = results.get(0).get(i), b = results.get(1).get(i);
            for (int k = 0; k < a.lowRes().length; k++) {
                dLogit = Math.max(dLogit, Math.abs(a.lowRes()[k] - b.lowRes()[k]));
            }
            dIou = Math.max(dIou, Math.abs(a.iou() - b.iou()));
            minDice = Math.min(minDice, a.dice(b));
        }
        out.printf(Locale.ROOT, "mask prompts native vs ONNX (%d boxes): max |dlogit| %.2e over the full low-res maps, max |diou| %.2e, min Dice %.5f%n",
                masked.size(), dLogit, dIou, minDice);
    }

    /**
     * Interactive decodes while a background encode runs (prefetch): ONNX Runtime's encoder threads and
     * the decoder's threads share the two cores. Shows whether the pools stall each other.
     */
    private void decodeDuringEncode(PrintWriter out, Path dir, SliceImage img, Embedding emb, List<ObjectPrompt> one) {
        for (String impl : new String[] {"native", "onnx"}) {
            try (SegmentationEngine e = Models.load(dir, device, s -> s.withDecoderImpl(impl), Models.STDERR_NOTES)) {
                java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
                java.util.concurrent.atomic.AtomicInteger encodes = new java.util.concurrent.atomic.AtomicInteger();
                Thread bg = new Thread(() -> {
                    while (!stop.get()) {
                        e.encode(img);
                        encodes.incrementAndGet();
                    }
                }, "bench-background-encode");
                bg.start();
                double[] d;
                try {
                    d = decodeTimes(e, emb, one);
                } finally {
                    stop.set(true);
                    try {
                        bg.join();
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                    }
                }
                out.printf(Locale.ROOT, "%s decoder during background encodes: 1 box p50 %.1f ms, p95 %.1f ms (%d encodes ran meanwhile)%n",
                        impl, pct(d, 50), pct(d, 95), encodes.get());
            }
        }
    }

    /** Encoder median under several ONNX Runtime settings (each loads the model afresh). */
    private void sweep(PrintWriter out, Path dir, SliceImage img) {
        String[][] configs = {{"2", "ALL_OPT", "false"}, {"2", "BASIC_OPT", "false"}, {"2", "ALL_OPT", "true"}, {"1", "ALL_OPT", "false"}};
        for (String[] c : configs) {
            System.setProperty("slicewise.threads", c[0]);
            System.setProperty("slicewise.ort.optLevel", c[1]);
            System.setProperty("slicewise.ort.spin", c[2]);
            try (SegmentationEngine e = Models.load(dir, device)) {
                e.encode(img);
                double[] t = encodeTimes(e, img);
                out.printf(Locale.ROOT, "sweep: intra-op threads %s, %s, spinning %s: encoder median %.0f ms; process CPU %.0f ms/slice%n",
                        c[0], c[1], c[2], pct(t, 50), lastCpuMsPerOp);
            }
        }
        System.clearProperty("slicewise.threads");
        System.clearProperty("slicewise.ort.optLevel");
        System.clearProperty("slicewise.ort.spin");
    }

    private void header(PrintWriter out, Path dir) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        out.printf(Locale.ROOT, "slicewise bench seg: model %s%n", dir);
        out.printf(Locale.ROOT, "machine: %d cores %s, Java %s, max heap %d MiB, load average %.2f (others' work on shared cores inflates times)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, os.getSystemLoadAverage());
    }

    private double[] encodeTimes(SegmentationEngine e, SliceImage img) {
        double[] t = new double[Math.max(1, encodes)];
        long c0 = cpuNanos();
        for (int i = 0; i < t.length; i++) {
            long a = System.nanoTime();
            e.encode(img);
            t[i] = (System.nanoTime() - a) / 1e6;
        }
        lastCpuMsPerOp = (cpuNanos() - c0) / 1e6 / t.length;
        Arrays.sort(t);
        return t;
    }

    private double[] decodeTimes(CachedSliceSegmenter seg, Embedding emb, List<ObjectPrompt> objs) {
        return decodeTimes(seg::decode, emb, objs);
    }

    private double[] decodeTimes(SegmentationEngine e, Embedding emb, List<ObjectPrompt> objs) {
        return decodeTimes(e::decode, emb, objs);
    }

    private double[] decodeTimes(java.util.function.BiFunction<Embedding, List<ObjectPrompt>, List<ObjectMask>> dec,
                                 Embedding emb, List<ObjectPrompt> objs) {
        // steady state: 10 calls left the Java post-processing (region upsampling, overlap resolution)
        // partly interpreted, which showed as +7 ms on the first (single-box) case only
        for (int i = 0; i < 40; i++) {
            dec.apply(emb, objs);
        }
        double[] t = new double[Math.max(1, decodes)];
        long c0 = cpuNanos();
        for (int i = 0; i < t.length; i++) {
            long a = System.nanoTime();
            List<ObjectMask> m = dec.apply(emb, objs);
            long area = 0;
            for (ObjectMask o : m) {
                area += o.area(); // thresholded full-resolution mask, as the caller would paint it
            }
            t[i] = (System.nanoTime() - a) / 1e6;
            if (area < 0) {
                throw new IllegalStateException();
            }
        }
        lastCpuMsPerOp = (cpuNanos() - c0) / 1e6 / t.length;
        Arrays.sort(t);
        return t;
    }

    private static double pct(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Tight boxes of the {@code n} largest labels on slice z. */
    static List<ObjectPrompt> organBoxes(Volume labels, int z, int n) {
        int nx = labels.nx(), ny = labels.ny();
        java.util.Map<Integer, int[]> b = new java.util.TreeMap<>();
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                int l = (int) labels.get(x, y, z);
                if (l == 0) {
                    continue;
                }
                final int fx = x, fy = y;
                int[] r = b.computeIfAbsent(l, k -> new int[] {fx, fy, fx, fy, 0});
                r[0] = Math.min(r[0], x);
                r[1] = Math.min(r[1], y);
                r[2] = Math.max(r[2], x);
                r[3] = Math.max(r[3], y);
                r[4]++;
            }
        }
        List<java.util.Map.Entry<Integer, int[]>> es = new ArrayList<>(b.entrySet());
        es.sort((p, q) -> Integer.compare(q.getValue()[4], p.getValue()[4]));
        List<ObjectPrompt> out = new ArrayList<>();
        for (var e : es.subList(0, Math.min(n, es.size()))) {
            int[] r = e.getValue();
            out.add(ObjectPrompt.box(e.getKey(), new BoxPrompt(r[0], r[1], r[2], r[3])));
        }
        if (out.isEmpty()) {
            throw new BadInputException("no labelled voxels on slice " + z + " of the benchmark label map");
        }
        while (out.size() < n) { // pad with shifted copies so the batch has n objects
            BoxPrompt p = out.get(0).box();
            double dx = 4 * out.size();
            out.add(ObjectPrompt.box(100 + out.size(), new BoxPrompt(p.x0() + dx, p.y0(), Math.min(nx - 1, p.x1() + dx), p.y1())));
        }
        return out;
    }

    private static String describe(List<ObjectPrompt> boxes) {
        StringBuilder s = new StringBuilder();
        for (ObjectPrompt o : boxes) {
            BoxPrompt b = o.box();
            s.append(String.format(Locale.ROOT, "%s%d:[%.0f,%.0f,%.0f,%.0f]", s.length() == 0 ? "" : " ", o.label(), b.x0(), b.y0(), b.x1(), b.y1()));
        }
        return s.toString();
    }
}
