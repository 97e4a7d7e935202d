package org.slicewise.io.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slicewise.core.BadInputException;
import org.slicewise.core.Progress;

/**
 * Finds the files of a DICOM input (folder, recursively; single file; zip) and parses their headers
 * in parallel, reading only a prefix of each file up to Pixel Data.
 */
final class DicomScanner {
    private DicomScanner() {
    }

    static final int FIRST_READ = 16 * 1024;
    private static final long MAX_ZIP_ENTRY = 1L << 30;
    private static final int MAX_PROBLEMS_LISTED = 20;

    record Scan(List<DicomHeader> headers, List<String> problems) {
    }

    static Scan scan(Path path, Progress progress) throws IOException {
        if (!Files.exists(path)) {
            throw BadInputException.of(path, "no such file or directory");
        }
        List<DicomSource> sources = sources(path);
        if (sources.isEmpty()) {
            throw BadInputException.of(path, "no files found");
        }
        int n = sources.size();
        DicomHeader[] headers = new DicomHeader[n];
        String[] problems = new String[n];
        AtomicInteger done = new AtomicInteger();
        Runnable work = () -> java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            progress.checkCancelled();
            DicomSource s = sources.get(i);
            try {
                DicomHeader h = readHeader(s);
                String p = h.pixelProblem();
                if (p == null && h.isMosaic()) {
                    p = Mosaic.problem(h);
                }
                if (p == null && PixelCodecs.kind(h.transferSyntax) == PixelCodecs.Kind.UNSUPPORTED) {
                    p = "unsupported transfer syntax " + h.transferSyntax;
                }
                if (p == null) {
                    headers[i] = h;
                } else {
                    problems[i] = s.name() + ": " + p;
                }
            } catch (BadInputException | IOException e) {
                problems[i] = oneLine(e.getMessage(), s.name());
            } catch (RuntimeException e) {
                problems[i] = s.name() + ": unreadable (" + e + ")";
            }
            int d = done.incrementAndGet();
            if ((d & 31) == 0 || d == n) {
                progress.update(0.5 * d / n, "reading DICOM headers " + d + "/" + n);
            }
        });
        Workers.run(work);
        List<DicomHeader> ok = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (headers[i] != null) {
                ok.add(headers[i]);
            } else if (problems[i] != null) {
                bad.add(problems[i]);
            }
        }
        return new Scan(ok, summarize(bad));
    }

    /** One warning per skipped file (the first 20), then a count. */
    private static List<String> summarize(List<String> bad) {
        List<String> out = new ArrayList<>();
        Collections.sort(bad);
        for (int i = 0; i < bad.size() && i < MAX_PROBLEMS_LISTED; i++) {
            out.add("skipped " + bad.get(i));
        }
        if (bad.size() > MAX_PROBLEMS_LISTED) {
            out.add("skipped " + (bad.size() - MAX_PROBLEMS_LISTED) + " more unreadable or non-image files");
        }
        return out;
    }

    static String oneLine(String msg, String name) {
        String m = msg == null ? "unreadable" : msg.replace('\n', ' ').replace('\r', ' ');
        return m.startsWith(name) ? m : name + ": " + m;
    }

    /** Parses a header, reading a growing prefix until Pixel Data is reached. */
    static DicomHeader readHeader(DicomSource s) throws IOException {
        long size = s.size();
        if (size > Integer.MAX_VALUE - 64) {
            throw BadInputException.of(s.name(), "file larger than 2 GiB");
        }
        int len = (int) Math.min(size, FIRST_READ);
        while (true) {
            byte[] b = s.readPrefix(len);
            try {
                return DicomParser.parse(s, b, len);
            } catch (DicomParser.NeedMore m) {
                long want = Math.min(size, Math.max(2L * len, m.want + FIRST_READ));
                if (want <= len) {
                    throw BadInputException.of(s.name(), "file is truncated inside the dataset");
                }
                len = (int) want;
            }
        }
    }

    static List<DicomSource> sources(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            List<DicomSource> out = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    if (Files.isRegularFile(p)) {
                        out.add(DicomSource.file(p, Files.size(p)));
                    }
                }
            }
            out.sort((a, b) -> a.name().compareTo(b.name()));
            return out;
        }
        if (isZip(path)) {
            return zipSources(path);
        }
        return List.of(DicomSource.file(path, Files.size(path)));
    }

    static boolean isZip(Path p) throws IOException {
        if (!Files.isRegularFile(p) || Files.size(p) < 4) {
            return false;
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] m = in.readNBytes(4);
            return m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
        }
    }

    private static List<DicomSource> zipSources(Path path) throws IOException {
        List<DicomSource> out = new ArrayList<>();
        long total = 0;
        long cap = Math.max(MAX_ZIP_ENTRY, Runtime.getRuntime().maxMemory() / 2);
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements();) {
                ZipEntry e = en.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] data = in.readNBytes((int) Math.min(MAX_ZIP_ENTRY, cap - total) + 1);
                    if (data.length > MAX_ZIP_ENTRY || total + data.length > cap) {
                        throw BadInputException.of(path, "zip entry " + e.getName() + " is too large");
                    }
                    total += data.length;
                    out.add(DicomSource.memory(path + "!" + e.getName(), data));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw BadInputException.of(path, "corrupt zip: " + e.getMessage());
        }
        return out;
    }
}
