package org.slicewise.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.slicewise.core.BadInputException;

/**
 * Parallel inflate of gzip files written by {@link ParallelGzipOutputStream} with a block index: the
 * gzip header's extra field holds subfield "SW" = {@code [u32 blockSize][u32 n][u32 compressedSize × n]}
 * (little endian). Block i inflates independently to {@code blockSize} bytes (the last one to the
 * remainder). Files without a valid index (any other writer) return null, and the caller streams them.
 * The CRC-32 of the trailer is verified (per-block CRCs combined).
 */
public final class BlockGzip {
    static final int BLOCK = 1 << 20;
    static final int MAX_BLOCKS = (65535 - 4 - 8) / 4;

    private BlockGzip() {
    }

    /**
     * Inflates the indexed gzip member that starts at {@code start} and ends at the end of the file.
     *
     * @param maxBytes largest uncompressed size accepted (else null: stream it instead)
     * @return the whole uncompressed member, or null when there is no valid index
     */
    public static byte[] readIndexed(Path file, long start, long maxBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            if (readAt(ch, head, start) < 24) {
                return null;
            }
            if ((head.get(0) & 0xFF) != 0x1f || (head.get(1) & 0xFF) != 0x8b || head.get(2) != 8 || head.get(3) != 4
                    || head.get(12) != 'S' || head.get(13) != 'W') {
                return null;
            }
            int xlen = head.getShort(10) & 0xFFFF;
            int subLen = head.getShort(14) & 0xFFFF;
            int blockSize = head.getInt(16);
            int n = head.getInt(20);
            if (n < 1 || n > MAX_BLOCKS || subLen != 8 + 4 * n || xlen != 4 + subLen || blockSize < 1024
                    || blockSize > (64 << 20)) {
                return null;
            }
            ByteBuffer idx = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            if (readAt(ch, idx, start + 24) < 4 * n) {
                return null;
            }
            long[] offsets = new long[n + 1];
            offsets[0] = start + 12 + xlen;
            for (int i = 0; i < n; i++) {
                int c = idx.getInt(4 * i);
                if (c <= 0) {
                    return null; // index never completed
                }
                offsets[i + 1] = offsets[i] + c;
            }
            if (offsets[n] + 8 != size || offsets[n] - offsets[0] > Integer.MAX_VALUE) {
                return null;
            }
            ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readAt(ch, trailer, size - 8);
            long crcExpected = trailer.getInt(0) & 0xFFFFFFFFL;
            long isize = trailer.getInt(4) & 0xFFFFFFFFL;
            long full = (long) (n - 1) * blockSize;
            long rest = (isize - full) & 0xFFFFFFFFL;
            if (rest >= blockSize) {
                return null;
            }
            long total = full + rest;
            if (total > maxBytes || total > Integer.MAX_VALUE - 16) {
                return null;
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, offsets[0], offsets[n] - offsets[0]);
            byte[] out = new byte[(int) total];
            List<Future<Long>> crcs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                final int b = i;
                final ByteBuffer in = map.slice((int) (offsets[i] - offsets[0]), (int) (offsets[i + 1] - offsets[i]));
                final int len = i < n - 1 ? blockSize : (int) rest;
                crcs.add(ParallelGzipOutputStream.POOL.submit(() -> inflateBlock(in, out, b * (long) blockSize, len, b == n - 1)));
            }
            long crc = 0;
            for (int i = 0; i < n; i++) {
                long c = crcs.get(i).get();
                crc = i == 0 ? c : crc32Combine(crc, c, i < n - 1 ? blockSize : rest);
            }
            if (crc != crcExpected) {
                throw BadInputException.of(file, "corrupt gzip stream (CRC-32 mismatch)");
            }
            return out;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw BadInputException.of(file, "corrupt gzip stream (" + (c instanceof DataFormatException
                    ? c.getMessage() : String.valueOf(c)) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while inflating " + file);
        }
    }

    private static int readAt(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int k = ch.read(b, pos + total);
            if (k < 0) {
                break;
            }
            total += k;
        }
        b.flip();
        return total;
    }

    private static long inflateBlock(ByteBuffer in, byte[] out, long off, int len, boolean last) throws DataFormatException {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(in);
            int got = 0;
            while (got < len) {
                int k = inf.inflate(out, (int) off + got, len - got);
                if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                    throw new DataFormatException("block ends early");
                }
                got += k;
            }
            if (last && !inf.finished()) {
                byte[] extra = new byte[1];
                if (inf.inflate(extra) != 0 || !inf.finished()) {
                    throw new DataFormatException("last block does not end the stream");
                }
            }
            CRC32 crc = new CRC32();
            crc.update(out, (int) off, len);
            return crc.getValue();
        } finally {
            inf.end();
        }
    }

    /** zlib's crc32_combine: CRC of A+B from crc(A), crc(B) and len(B). */
    static long crc32Combine(long crc1, long crc2, long len2) {
        if (len2 <= 0) {
            return crc1;
        }
        long[] even = new long[32];
        long[] odd = new long[32];
        odd[0] = 0xedb88320L;
        long row = 1;
        for (int i = 1; i < 32; i++) {
            odd[i] = row;
            row <<= 1;
        }
        square(even, odd);
        square(odd, even);
        do {
            square(even, odd);
            if ((len2 & 1) != 0) {
                crc1 = times(even, crc1);
            }
            len2 >>= 1;
            if (len2 == 0) {
                break;
            }
            square(odd, even);
            if ((len2 & 1) != 0) {
                crc1 = times(odd, crc1);
            }
            len2 >>= 1;
        } while (len2 != 0);
        return crc1 ^ crc2;
    }

    private static long times(long[] mat, long vec) {
        long sum = 0;
        for (int i = 0; vec != 0; i++, vec >>>= 1) {
            if ((vec & 1) != 0) {
                sum ^= mat[i];
            }
        }
        return sum;
    }

    private static void square(long[] sq, long[] mat) {
        for (int i = 0; i < 32; i++) {
            sq[i] = times(mat, mat[i]);
        }
    }
}
