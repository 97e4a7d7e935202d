package org.slicewise.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slicewise.core.prompt.BoxPrompt;
import org.slicewise.core.seg.ObjectMask;

class CandidatePriorTest {
    static final int N = 32;

    /** Low-res logits of the square [x0, x0+s) × [y0, y0+s) (+1 inside, −1 outside). */
    static float[] square(int x0, int y0, int s) {
        float[] l = new float[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                l[y * N + x] = x >= x0 && x < x0 + s && y >= y0 && y < y0 + s ? 1 : -1;
            }
        }
        return l;
    }

    @Test
    void signedDistanceIsExactOnASquare() {
        double[] s = CandidatePrior.sdf(square(10, 10, 10), N);
        // outside, 5 pixels left of the first mask column: 5 - 0.5
        assertEquals(4.5, s[15 * N + 5], 1e-9);
        // diagonal outside the corner: (5, 5) → nearest mask pixel (10, 10): sqrt(50) - 0.5
        assertEquals(Math.sqrt(50) - 0.5, s[5 * N + 5], 1e-9);
        // centre pixel (14, 14): nearest background pixel is 5 away (x = 9): 0.5 - 5
        assertEquals(-4.5, s[14 * N + 14], 1e-9);
        // boundary pixels are ±0.5
        assertEquals(-0.5, s[10 * N + 15], 1e-9);
        assertEquals(0.5, s[9 * N + 15], 1e-9);
        assertNull(CandidatePrior.sdf(new float[N * N], N), "empty mask has no SDF");
    }

    @Test
    void priorInterpolatesTheShapeBetweenTheKeyframes() {
        double[] a = CandidatePrior.sdf(square(4, 10, 8), N), b = CandidatePrior.sdf(square(8, 10, 8), N);
        // identical keyframes: the prompt is their mask, ±LIMIT
        float[] same = CandidatePrior.prior(a, a, 0.3);
        float[] sq = square(4, 10, 8);
        for (int i = 0; i < same.length; i++) {
            assertEquals(sq[i] > 0 ? CandidatePrior.LIMIT : -CandidatePrior.LIMIT, same[i], 0, "pixel " + i);
        }
        for (double t : new double[] {0, 0.25, 0.5, 0.75, 1}) {
            float[] p = CandidatePrior.prior(a, b, t);
            // overlapping squares: the blend's zero level set is the square translated by 4·t pixels (near
            // each x edge both distance profiles are the same linear function, shifted; y: identical)
            int n = 0;
            double cx = 0;
            for (int i = 0; i < p.length; i++) {
                if (p[i] > 0) {
                    n++;
                    cx += i % N;
                }
            }
            double expected = 4 + 4 * t + 3.5;
            // exact at the keyframes; in between the rows where only one square reaches are partly lost
            // (the blend of a −0.5 and a +1.5 edge is positive): 52 of 64 pixels at t = 0.5
            assertTrue(t == 0 || t == 1 ? n == 64 : n >= 48 && n <= 64, "area " + n + " at t=" + t);
            assertEquals(expected, cx / n, 0.6, "centroid x at t=" + t);
            assertTrue(p[13 * N + (int) Math.round(expected)] > 0, "centre inside at t=" + t);
        }
        // disjoint keyframes far apart: the blend shrinks (a known property of SDF interpolation), here to
        // nothing midway: the prompt is negative everywhere
        double[] far = CandidatePrior.sdf(square(20, 10, 8), N);
        float[] mid = CandidatePrior.prior(a, far, 0.5);
        for (float f : mid) {
            assertTrue(f < 0);
        }
        assertNull(CandidatePrior.prior(a, null, 0.5));
    }

    @Test
    void edgeContactMeasuresHowMuchOfTheBoxBorderTheMaskCovers() {
        // mask: the square x 10..19, y 10..19 (region = the whole 32×32 slice)
        float[] l = square(10, 10, 10);
        ObjectMask m = new ObjectMask(1, 0, 0, N, N, l, 0.9f, null, 0);
        assertEquals(0, CandidatePrior.edgeContact(m, new BoxPrompt(8, 8, 21, 21)), 1e-12, "box encloses the mask");
        assertEquals(1, CandidatePrior.edgeContact(m, new BoxPrompt(10, 10, 19, 19)), 1e-12, "mask fills its box");
        // box x 12..17 cuts the mask left and right: its two columns (y 8..21 → 10 mask rows each) of a
        // 6×14 box's ring of 2·6 + 2·12 = 36 pixels
        assertEquals(20 / 36.0, CandidatePrior.edgeContact(m, new BoxPrompt(12, 8, 17, 21)), 1e-12);
        assertEquals(0.9 - CandidatePrior.EDGE_WEIGHT * 20 / 36.0, CandidatePrior.score(m, new BoxPrompt(12, 8, 17, 21)), 1e-6);
    }

    @Test
    void boxAgreementIsTheSmallerSpanOfTheMaskAlongXAndY() {
        ObjectMask m = new ObjectMask(1, 0, 0, N, N, square(10, 10, 10), 0.9f, null, 0);
        assertEquals(10 / 14.0, CandidatePrior.boxAgreement(m, new BoxPrompt(8, 8, 21, 21)), 1e-12);
        assertEquals(10 / 20.0, CandidatePrior.boxAgreement(m, new BoxPrompt(8, 5, 21, 24)), 1e-12);
        assertEquals(1, CandidatePrior.boxAgreement(m, new BoxPrompt(12, 12, 17, 17)), 1e-12, "capped at 1");
        assertEquals(0, CandidatePrior.boxAgreement(new ObjectMask(1, 0, 0, N, N, new float[N * N], 0.9f, null, 0),
                new BoxPrompt(8, 8, 21, 21)), 1e-12);
    }

    @Test
    void hullIsTheBoundingBoxOfBoth() {
        assertEquals(new BoxPrompt(1, 2, 9, 8), CandidatePrior.hull(new BoxPrompt(1, 5, 4, 8), new BoxPrompt(3, 2, 9, 6)));
    }
}
