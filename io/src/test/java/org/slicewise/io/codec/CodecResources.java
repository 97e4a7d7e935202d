package org.slicewise.io.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** The committed codec fixtures in src/test/resources/jpegls/ (see tools/fixtures/make_jpegls_fixtures.py). */
public final class CodecResources {
    private CodecResources() {
    }

    /** A fixture's bytes, gunzipped when its name ends in .gz. */
    public static byte[] resource(String name) {
        try (InputStream in = CodecResources.class.getResourceAsStream("/jpegls/" + name)) {
            if (in == null) {
                throw new AssertionError("missing test resource jpegls/" + name);
            }
            byte[] b = in.readAllBytes();
            return name.endsWith(".gz") ? new GZIPInputStream(new ByteArrayInputStream(b)).readAllBytes() : b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
