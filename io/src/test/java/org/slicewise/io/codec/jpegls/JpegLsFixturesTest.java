package org.slicewise.io.codec.jpegls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slicewise.io.codec.CodecResources;
import org.slicewise.io.codec.DicomTestFile;

/**
 * Near-lossless, interleave modes, bit depths, LSE presets and restart intervals against streams made by
 * independent encoders (CharLS 2.4, DCMTK 3.6.7, and for restart markers / a T.87 MAXVAL the Python
 * encoder in tools/fixtures that is byte-identical to CharLS elsewhere; see make_jpegls_fixtures.py):
 * our output must equal the reference decoder's exactly, and lie within NEAR of the source image.
 */
class JpegLsFixturesTest {

    record Fixture(String stream, String kind, String source, String reference, int width, int height,
                   int components, int bits, int near, int ilv) {
        @Override
        public String toString() {
            return stream;
        }
    }

    static byte[] resource(String name) {
        return CodecResources.resource(name);
    }

    static int[] samples(String name, int bits) {
        byte[] b = resource(name);
        int bps = bits <= 8 ? 1 : 2;
        int[] s = new int[b.length / bps];
        for (int i = 0; i < s.length; i++) {
            s[i] = bps == 1 ? b[i] & 0xFF : (b[2 * i] & 0xFF) | (b[2 * i + 1] & 0xFF) << 8;
        }
        return s;
    }

    static Stream<Fixture> fixtures() {
        String tsv = new String(resource("fixtures.tsv"), StandardCharsets.US_ASCII);
        List<Fixture> out = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(new Fixture(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), Integer.parseInt(f[5]),
                    Integer.parseInt(f[6]), Integer.parseInt(f[7]), Integer.parseInt(f[8]), Integer.parseInt(f[9])));
        }
        assertTrue(out.size() >= 20, "fixture manifest too short");
        return out.stream();
    }

    static byte[] stream(Fixture f) throws IOException {
        byte[] data = resource(f.stream());
        if (f.kind().equals("jls")) {
            return data;
        }
        Path tmp = Files.createTempFile("jls", ".dcm");
        try {
            Files.write(tmp, data);
            DicomTestFile d = DicomTestFile.read(tmp);
            assertEquals(f.near() > 0 ? "1.2.840.10008.1.2.4.81" : "1.2.840.10008.1.2.4.80", d.transferSyntax());
            return d.frames(1).get(0);
        } finally {
            Files.delete(tmp);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void decodesLikeTheReferenceDecoder(Fixture f) throws IOException {
        JpegLsImage img = JpegLsDecoder.decode(stream(f));
        assertEquals(f.width(), img.width());
        assertEquals(f.height(), img.height());
        assertEquals(f.components(), img.components());
        assertEquals(f.bits(), img.bitsPerSample());
        int[] src = samples(f.source(), f.bits());
        int[] ref = src.clone();
        if (!f.reference().equals("-")) {
            byte[] delta = resource(f.reference()); // reference decoder output minus source, signed bytes
            assertEquals(src.length, delta.length);
            for (int i = 0; i < ref.length; i++) {
                ref[i] += delta[i];
            }
        }
        assertArrayEquals(ref, img.samples(), "differs from the reference decoder");
        int maxErr = 0;
        for (int i = 0; i < src.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(src[i] - img.samples()[i]));
        }
        assertTrue(maxErr <= f.near(), "error " + maxErr + " > NEAR " + f.near());
        if (f.near() > 0) {
            assertTrue(maxErr > 0, "a near-lossless fixture that is lossless tests nothing");
        }
    }
}
