package org.slicewise.io.codec.jpegls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slicewise.core.BadInputException;

/** Truncated, corrupt and hostile streams: a one-line BadInputException, never a hang, OOM or other error. */
class JpegLsMalformedTest {

    private static final byte[] GOOD = JpegLsFixturesTest.resource("brain8_lossless.jls");
    private static final byte[] RESTART = JpegLsFixturesTest.resource("py_rgb8_ilv1_restart5.jls");

    private static BadInputException rejects(byte[] stream) {
        BadInputException e = assertThrows(BadInputException.class, () -> JpegLsDecoder.decode(stream));
        assertTrue(e.getMessage().startsWith("JPEG-LS: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    /** Decodes, accepting either an image of the declared size or a BadInputException. */
    private static void survives(byte[] stream) {
        try {
            JpegLsImage img = JpegLsDecoder.decode(stream);
            assertEquals((long) img.width() * img.height() * img.components(), img.samples().length);
        } catch (BadInputException e) {
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void everyTruncationIsRejected() {
        for (byte[] s : new byte[][] {GOOD, RESTART}) {
            // cutting inside the headers or the entropy-coded data; keeping all but the EOI may still decode
            for (int n = 0; n < s.length - 2; n += n < 300 ? 1 : 5) {
                rejects(Arrays.copyOf(s, n));
            }
            survives(Arrays.copyOf(s, s.length - 1));
        }
    }

    @Test
    void truncationMessagesSaySo() {
        String m = rejects(Arrays.copyOf(GOOD, GOOD.length / 2)).getMessage();
        assertTrue(m.contains("truncated"), m);
    }

    @Test
    void badMarkersAndHeaders() {
        assertTrue(rejects(new byte[] {1, 2, 3, 4, 5}).getMessage().contains("SOI"));
        rejects(new byte[0]);
        rejects(null);
        // baseline JPEG SOF0 instead of SOF55
        byte[] sof0 = GOOD.clone();
        sof0[3] = (byte) 0xC0;
        assertTrue(rejects(sof0).getMessage().contains("not JPEG-LS"));
        // lossless JPEG SOF3
        byte[] sof3 = GOOD.clone();
        sof3[3] = (byte) 0xC3;
        assertTrue(rejects(sof3).getMessage().contains("0xFFC3"));
        // precision 1 and 17
        byte[] p = GOOD.clone();
        p[6] = 1;
        rejects(p);
        p[6] = 17;
        rejects(p);
        // a segment length running past the end
        byte[] len = GOOD.clone();
        len[4] = (byte) 0x7F;
        rejects(len);
        // huge declared size with a short stream: refused before allocating
        byte[] huge = GOOD.clone();
        huge[7] = (byte) 0xFF;
        huge[8] = (byte) 0xFF;
        huge[9] = (byte) 0xFF;
        huge[10] = (byte) 0xFF;
        assertTrue(rejects(huge).getMessage().contains("impossible"));
    }

    @Test
    void randomCorruptionNeverHangsOrEscapes() {
        Random r = new Random(7);
        for (int i = 0; i < 1200; i++) {
            byte[] s = (i % 2 == 0 ? GOOD : RESTART).clone();
            int flips = 1 + r.nextInt(8);
            for (int f = 0; f < flips; f++) {
                int at = 2 + r.nextInt(s.length - 2);
                s[at] = (byte) (i % 3 == 0 ? r.nextInt(256) : s[at] ^ (1 << r.nextInt(8)));
            }
            survives(s);
        }
    }

    @Test
    void garbageAfterHeaders() {
        Random r = new Random(11);
        int header = 0;
        for (int i = 0; i + 1 < GOOD.length; i++) {
            if ((GOOD[i] & 0xFF) == 0xFF && (GOOD[i + 1] & 0xFF) == 0xDA) {
                header = i + 10; // SOS segment of one component is 10 bytes with its marker
            }
        }
        for (int i = 0; i < 200; i++) {
            byte[] s = Arrays.copyOf(GOOD, header + 1 + r.nextInt(5000));
            for (int j = header; j < s.length; j++) {
                s[j] = (byte) r.nextInt(256);
            }
            survives(s);
        }
    }
}
