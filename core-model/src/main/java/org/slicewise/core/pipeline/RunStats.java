package org.slicewise.core.pipeline;

import java.util.Locale;

/**
 * Cost of one pipeline run.
 *
 * @param slicesPlanned     distinct slices with at least one object
 * @param slicesEncoded     encoder runs during this run (cache misses)
 * @param slicesDecoded     slices on which the decoder ran (one batched call each)
 * @param objectSlicesPlanned  (object, slice) pairs in the plan
 * @param objectSlicesDecoded  (object, slice) pairs decoded in this run (the rest came from the previous run)
 * @param encodeNanos       time spent obtaining embeddings (encoder runs and cache lookups)
 * @param decodeNanos       time spent in the decoder
 * @param totalNanos        wall time of the run
 * @param promptsDecoded    prompts decoded in this run: one per decoded object-slice, plus the extra candidates of
 *                          {@link Selection#MODEL} (what the decode time scales with)
 */
public record RunStats(int slicesPlanned, long slicesEncoded, int slicesDecoded, int objectSlicesPlanned,
                       int objectSlicesDecoded, long encodeNanos, long decodeNanos, long totalNanos, int promptsDecoded) {
    public RunStats(int slicesPlanned, long slicesEncoded, int slicesDecoded, int objectSlicesPlanned,
                    int objectSlicesDecoded, long encodeNanos, long decodeNanos, long totalNanos) {
        this(slicesPlanned, slicesEncoded, slicesDecoded, objectSlicesPlanned, objectSlicesDecoded, encodeNanos, decodeNanos,
                totalNanos, objectSlicesDecoded);
    }

    public double encodeSeconds() { return encodeNanos / 1e9; }

    public double decodeSeconds() { return decodeNanos / 1e9; }

    public double totalSeconds() { return totalNanos / 1e9; }

    /** Time beyond encoding and decoding (planning, interpolation, assembly). */
    public double overheadSeconds() { return Math.max(0, totalNanos - encodeNanos - decodeNanos) / 1e9; }

    /** Overhead as a percentage of the encode + decode time. */
    public double overheadPercent() {
        long work = encodeNanos + decodeNanos;
        return work == 0 ? 0 : 100.0 * Math.max(0, totalNanos - work) / work;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d slices planned, %d encoded, %d decoded (%d/%d object-slices, %d prompts); "
                + "encode %.3f s, decode %.3f s, overhead %.3f s (%.1f%%)", slicesPlanned, slicesEncoded, slicesDecoded,
                objectSlicesDecoded, objectSlicesPlanned, promptsDecoded, encodeSeconds(), decodeSeconds(), overheadSeconds(),
                overheadPercent());
    }
}
