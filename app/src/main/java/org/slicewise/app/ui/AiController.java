package org.slicewise.app.ui;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.util.Duration;
import org.slicewise.app.ui.ai.AiBackend;
import org.slicewise.app.ui.ai.Proposal;
import org.slicewise.app.ui.ai.PromptAdapter;
import org.slicewise.core.pipeline.PipelineOptions;
import org.slicewise.core.pipeline.SegmentationPipeline;
import org.slicewise.app.ui.model.Document;
import org.slicewise.core.label.LabelInfo;
import org.slicewise.core.seg.InputWindow;
import org.slicewise.core.seg.ModelInfo;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.volume.DisplayWindow;

/**
 * The AI side of the workstation: model loading (off the FX thread), Segment (active object or
 * all) through the sparse-to-3D pipeline with progress and Cancel, the proposal (accept = one undo
 * step, reject), incremental re-runs when prompts change, and background pre-encoding around the
 * current slice. Without a model, everything here is disabled and {@link #status} says why.
 */
public final class AiController {
    private final ViewerState state;
    private final TaskRunner runner;
    private final Consumer<String> message;
    private final Runnable onAccepted;
    private AiBackend backend;
    private volatile SliceSegmenter segmenter;
    private final StringProperty status = new SimpleStringProperty("AI: no model");
    private final BooleanProperty available = new SimpleBooleanProperty(false);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final BooleanProperty autoRerun = new SimpleBooleanProperty(true);
    /**
     * The fast (int8) encoder: weight MatMuls quantised at load (ONNX models; docs/segmentation.md).
     * Changing it reloads the current model; its embeddings are cached apart from the fp32 ones. It starts
     * as the start-up option -Dslicewise.encoder.precision says.
     */
    private final BooleanProperty fastEncoder = new SimpleBooleanProperty("int8".equals(System.getProperty("slicewise.encoder.precision")));
    /** The encoder precision chosen with the switch, passed to every model load; null until it is used (model.json's). */
    private String encoderChoice;
    private AiBackend.ModelChoice loadedChoice;
    private final PauseTransition rerunDelay = new PauseTransition(Duration.millis(300));
    private final PauseTransition prefetchDelay = new PauseTransition(Duration.millis(150));
    private final Timeline statusPoll;
    private TaskRunner.Handle current;
    private boolean staleWhileRunning;
    private String unavailable = "";
    private long proposalsComputed;
    /** One pipeline per (document, model): it remembers decodes, so re-runs only decode what changed. */
    private SegmentationPipeline pipeline;
    /**
     * Bumped (FX thread) whenever the model in use is dropped: a model load that finishes after a
     * newer load, a backend switch or dispose() must not be installed (it would replace, and leak,
     * the newer model, or outlive dispose()); it is closed instead.
     */
    private long loadGeneration;

    public AiController(ViewerState state, TaskRunner runner, AiBackend backend, Consumer<String> message, Runnable onAccepted) {
        this.state = state;
        this.runner = runner;
        this.message = message;
        this.onAccepted = onAccepted;
        rerunDelay.setOnFinished(e -> rerunChanged());
        fastEncoder.addListener((o, a, b) -> {
            encoderChoice = b ? "int8" : "fp32";
            if (loadedChoice != null) {
                load(loadedChoice);
            }
        });
        prefetchDelay.setOnFinished(e -> prefetch());
        state.cz.addListener((o, a, b) -> prefetchDelay.playFromStart());
        state.document.addListener((o, a, b) -> {
            state.proposal.set(null);
            state.lastResult.set(null);
            pipeline = null;
            if (b != null) {
                b.annotations().addListener(this::promptsChanged);
            }
            updatePlans();
            prefetchDelay.playFromStart();
        });
        statusPoll = new Timeline(new KeyFrame(Duration.seconds(1), e -> updateStatus()));
        statusPoll.setCycleCount(Timeline.INDEFINITE);
        statusPoll.play();
        setBackend(backend);
    }

    public ReadOnlyStringProperty statusProperty() { return status; }

    public BooleanProperty availableProperty() { return available; }

    public BooleanProperty runningProperty() { return running; }

    public BooleanProperty autoRerunProperty() { return autoRerun; }

    public BooleanProperty fastEncoderProperty() { return fastEncoder; }

    public AiBackend backend() { return backend; }

    public SliceSegmenter segmenter() { return segmenter; }

    public long proposalsComputed() { return proposalsComputed; }

    /** Switches the model source and loads its first model (off the FX thread). */
    public void setBackend(AiBackend b) {
        backend = b;
        closeSegmenter();
        if (b.models().isEmpty()) {
            unavailable = b.unavailableReason();
            updateStatus();
            return;
        }
        load(b.models().get(0));
    }

    /** Loads a model off the FX thread. */
    public void load(AiBackend.ModelChoice choice) {
        loadedChoice = choice;
        closeSegmenter();
        long gen = loadGeneration;
        unavailable = "loading " + choice.name() + "...";
        updateStatus();
        String precision = encoderChoice;
        runner.background(p -> backend.load(choice.id(), precision), s -> {
            if (gen != loadGeneration) {
                // superseded while loading (another model picked, backend switched, or disposed)
                if (s != null && s != segmenter) {
                    closeInBackground(s, null);
                }
                return;
            }
            segmenter = s;
            unavailable = "";
            updateStatus();
            String note = s.info().medical() ? "" : " (note: not trained on medical images)";
            String enc = s.info().id().endsWith("+int8") ? ", int8 encoder" : "";
            message.accept("model " + s.info().name() + " loaded on " + s.info().device() + enc + note);
            prefetch();
        }, err -> {
            if (gen != loadGeneration) {
                return;
            }
            unavailable = "AI is off: model " + choice.name() + " failed to load: " + TaskRunner.oneLine(err);
            updateStatus();
        });
    }

    /** Closes the current model off the FX thread, after any run using it has stopped. */
    private void closeSegmenter() {
        releaseSegmenter(true);
    }

    /**
     * Detaches the current model (a load still under way is superseded), cancels the run using it and
     * closes it once that run has stopped: on a background thread, or waiting here when shutting down.
     */
    private void releaseSegmenter(boolean inBackground) {
        loadGeneration++;
        SliceSegmenter s = segmenter;
        segmenter = null;
        pipeline = null;
        if (s == null) {
            return;
        }
        TaskRunner.Handle h = current;
        if (h != null) {
            h.cancel();
        }
        if (inBackground) {
            closeInBackground(s, h);
        } else {
            closeWhenIdle(s, h);
        }
    }

    private static void closeInBackground(SliceSegmenter s, TaskRunner.Handle running) {
        Thread t = new Thread(() -> closeWhenIdle(s, running), "slicewise-model-close");
        t.setDaemon(false);
        t.start();
    }

    private static void closeWhenIdle(SliceSegmenter s, TaskRunner.Handle running) {
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (running != null && !running.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            s.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ignored) {
            // closing a model never bothers the user
        }
    }

    /** The model input window: the CT soft-tissue window for CT, percentile clipping otherwise. */
    public static InputWindow inputWindow(Document d) {
        return "CT".equals(d.volume().metadata().modality()) ? InputWindow.fixed(DisplayWindow.CT_SOFT_TISSUE) : InputWindow.percentiles();
    }

    /** Segments the active object, or all objects that have prompts. */
    public void segment(boolean all) {
        Document d = state.document.get();
        if (d == null) {
            return;
        }
        if (segmenter == null) {
            message.accept(unavailable.isEmpty() ? "AI is off" : unavailable);
            return;
        }
        Set<Integer> labels = new LinkedHashSet<>();
        if (all) {
            for (LabelInfo l : d.table().labels()) {
                if (!l.locked() && !d.annotations().ofLabel(l.id()).isEmpty()) {
                    labels.add(l.id());
                }
            }
        } else if (!d.annotations().ofLabel(state.activeLabel.get()).isEmpty()) {
            labels.add(state.activeLabel.get());
        }
        if (labels.isEmpty()) {
            message.accept("draw a box, RECIST marker or point first");
            return;
        }
        run(d, labels);
    }

    private SegmentationPipeline pipelineFor(Document d, SliceSegmenter s) {
        if (pipeline == null || pipeline.volume() != d.volume() || pipeline.segmenter() != s) {
            pipeline = new SegmentationPipeline(s, d.volume());
        }
        return pipeline;
    }

    private void run(Document d, Set<Integer> labels) {
        if (current != null && !current.isDone()) {
            staleWhileRunning = true;
            return;
        }
        var objects = PromptAdapter.objects(d.annotations().all(), d.table(), labels);
        if (objects.isEmpty()) {
            message.accept("no usable prompts for " + labels);
            return;
        }
        SegmentationPipeline pipe = pipelineFor(d, segmenter);
        PipelineOptions opt = PipelineOptions.defaults(inputWindow(d));
        running.set(true);
        staleWhileRunning = false;
        current = runner.run("Segmenting " + labels.size() + " object(s)",
                p -> new Proposal(pipe.run(objects, opt, p)),
                prop -> {
                    running.set(false);
                    if (state.document.get() != d) {
                        return;
                    }
                    proposalsComputed++;
                    state.proposal.set(prop);
                    state.lastResult.set(prop);
                    message.accept(String.format(Locale.ROOT, "proposal: %d voxels; A accepts, Esc rejects", prop.voxelCount()));
                    if (staleWhileRunning) {
                        rerunDelay.playFromStart();
                    }
                },
                err -> {
                    running.set(false);
                    if (!(err instanceof CancellationException)) {
                        message.accept("segmentation failed: " + TaskRunner.oneLine(err));
                    } else {
                        message.accept("segmentation cancelled");
                    }
                });
    }

    public void cancel() {
        if (current != null) {
            current.cancel();
        }
    }

    /** Re-runs the current proposal's objects; only slices whose prompts changed are decoded. */
    public void rerunChanged() {
        Document d = state.document.get();
        Proposal p = state.proposal.get() != null ? state.proposal.get() : state.lastResult.get();
        if (d == null || p == null || segmenter == null) {
            return;
        }
        run(d, p.labels());
    }

    /** Recomputes the per-slice box plans shown on the axial view (cheap; FX thread). */
    private void updatePlans() {
        Document d = state.document.get();
        if (d == null) {
            state.plans.set(java.util.List.of());
            return;
        }
        Set<Integer> all = new LinkedHashSet<>();
        d.annotations().all().forEach(a -> all.add(a.label()));
        PipelineOptions opt = PipelineOptions.defaults(inputWindow(d));
        java.util.List<org.slicewise.core.pipeline.ObjectPlan> plans = new java.util.ArrayList<>();
        try {
            for (var o : PromptAdapter.objects(d.annotations().all(), d.table(), all)) {
                plans.add(org.slicewise.core.pipeline.ObjectPlan.of(o, opt, d.volume().geometry()));
            }
        } catch (RuntimeException e) {
            message.accept("cannot plan prompts: " + TaskRunner.oneLine(e));
        }
        state.plans.set(plans);
    }

    private void promptsChanged() {
        updatePlans();
        if (state.proposal.get() == null) {
            return;
        }
        if (running.get()) {
            staleWhileRunning = true;
        } else if (autoRerun.get()) {
            rerunDelay.playFromStart();
        }
    }

    /** Writes the proposal as one undo step. */
    public long accept() {
        Document d = state.document.get();
        Proposal p = state.proposal.get();
        if (d == null || p == null) {
            return 0;
        }
        long n = p.accept(d.editor());
        state.proposal.set(null);
        state.bump();
        message.accept("accepted AI result: " + n + " voxel(s) changed (Ctrl+Z undoes)");
        onAccepted.run();
        return n;
    }

    public void reject() {
        if (state.proposal.get() != null) {
            state.proposal.set(null);
            state.lastResult.set(null);
            message.accept("proposal rejected");
        }
    }

    private void prefetch() {
        Document d = state.document.get();
        SliceSegmenter s = segmenter;
        if (d == null || s == null) {
            return;
        }
        int z = state.cz.get(), nz = d.volume().nz();
        int lo = Math.max(0, z - 4), hi = Math.min(nz - 1, z + 4);
        int[] slices = new int[hi - lo + 1];
        // current slice first, then outwards
        int k = 0;
        slices[k++] = z;
        for (int dz = 1; k < slices.length; dz++) {
            if (z + dz <= hi) slices[k++] = z + dz;
            if (z - dz >= lo && k < slices.length) slices[k++] = z - dz;
        }
        try {
            s.prefetch(d.volume(), slices, inputWindow(d));
        } catch (RuntimeException e) {
            message.accept("pre-encoding failed: " + TaskRunner.oneLine(e));
        }
    }

    private void updateStatus() {
        SliceSegmenter s = segmenter;
        available.set(s != null);
        if (s == null) {
            status.set(unavailable.isEmpty() ? "AI is off" : unavailable);
            return;
        }
        ModelInfo i = s.info();
        Document d = state.document.get();
        String enc = d == null ? "" : "  encoded " + encodedSlices(s, d) + "/" + d.volume().nz();
        status.set("AI: " + i.name() + " (" + i.device() + ")" + enc + (i.medical() ? "" : "  [not a medical model]"));
    }

    /** Stops timers and closes the model, waiting for it (app exit: the JVM must not exit under a native call). */
    /** Slices of this volume whose embedding is in the model's cache (exact for the core segmenter). */
    static long encodedSlices(SliceSegmenter s, Document d) {
        int nz = d.volume().nz();
        if (s instanceof org.slicewise.core.seg.CachedSliceSegmenter c) {
            String w = inputWindow(d).key(), model = c.info().id(), vol = d.volume().id();
            long n = 0;
            for (int z = 0; z < nz; z++) {
                if (c.cache().peek(new org.slicewise.core.seg.EmbeddingKey(vol, org.slicewise.core.seg.CachedSliceSegmenter.AXIAL, z, w,
                        model)) != null) {
                    n++;
                }
            }
            return n;
        }
        return Math.min(s.encoderCalls(), nz);
    }

    public void dispose() {
        statusPoll.stop();
        releaseSegmenter(false);
    }
}
