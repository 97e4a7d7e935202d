package org.slicewise.app.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slicewise.core.Progress;
import org.slicewise.core.label.LabelEditor;
import org.slicewise.core.label.LabelMap;
import org.slicewise.core.label.LabelTable;
import org.slicewise.core.label.UndoHistory;
import org.slicewise.core.pipeline.PipelineOptions;
import org.slicewise.core.pipeline.Proposal;
import org.slicewise.core.pipeline.SegmentationPipeline;
import org.slicewise.core.prompt.ObjectPrompts;
import org.slicewise.core.prompt.PromptsJson;
import org.slicewise.core.seg.SliceSegmenter;
import org.slicewise.core.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code slicewise segment}: prompts.json (boxes, RECIST axes, points on keyframes) → 3D label map. */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Segments objects from box/point/axis prompts on keyframes into a label map in the image's geometry.")
final class SegmentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--image", required = true, description = "image volume (NIfTI, NRRD, DICOM folder)")
    Path image;

    @Option(names = "--prompts", required = true, description = "prompts.json (see docs/pipeline.md)")
    Path prompts;

    @Option(names = "--out", required = true, description = "output label map (.nii.gz, .nii, .nrrd)")
    Path out;

    @Mixin
    SegmenterOptions segmenter;

    @Mixin
    PipelineFlags pipeline;

    @Override
    public Integer call() throws Exception {
        Volume img = PipelineSupport.readVolume(image);
        PromptsJson.Parsed parsed = PromptsJson.read(prompts, img.nx(), img.ny(), img.nz());
        // the file's run settings reproduce its run; flags given explicitly win (docs/pipeline.md)
        PipelineOptions opt = pipeline.options(img, parsed.settings(), null, null);
        LabelTable table = new LabelTable();
        for (ObjectPrompts o : parsed.objects()) {
            table.put(org.slicewise.core.label.LabelInfo.of(o.label(), o.name(), o.rgb()));
        }
        LabelMap map = new LabelMap(img.geometry());
        Proposal p;
        String modelName;
        long cpu0;
        long wall0;
        JsonObject work = new JsonObject();
        try (SliceSegmenter seg = segmenter.open()) {
            modelName = seg.info().name();
            cpu0 = PipelineSupport.cpuNanos();
            wall0 = System.nanoTime();
            p = new SegmentationPipeline(seg, img).run(parsed.objects(), opt, Progress.NONE);
            PipelineSupport.workJson(work, p.stats(), opt.encoders(), cpu0, wall0);
        }
        p.accept(new LabelEditor(map, table, new UndoHistory()), "segment");
        PipelineSupport.writeLabels(map, img, out);
        JsonObject j = new JsonObject();
        j.addProperty("out", out.toString());
        j.addProperty("model", modelName);
        j.addProperty("interpolation", opt.interpolation().name().toLowerCase());
        j.addProperty("propagation", opt.propagation().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')); // as the CLI and prompts files spell it
        j.addProperty("selection", opt.selection().name().toLowerCase());
        JsonObject labels = new JsonObject();
        for (ObjectPrompts o : parsed.objects()) {
            JsonObject l = new JsonObject();
            l.addProperty("name", o.name());
            l.addProperty("keyframes", o.keyframes().size());
            l.addProperty("voxels", map.count(o.label()));
            l.addProperty("volume_ml", PipelineSupport.round(map.count(o.label()) * voxelMl(img)));
            labels.add(Integer.toString(o.label()), l);
        }
        j.add("labels", labels);
        PipelineSupport.statsJson(j, p.stats());
        for (String k : work.keySet()) {
            j.add(k, work.get(k));
        }
        PipelineSupport.printJson(spec, j);
        return 0;
    }

    static double voxelMl(Volume v) {
        double[] s = v.geometry().spacing();
        return s[0] * s[1] * s[2] / 1000.0;
    }

}
