package org.slicewise.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip writer that deflates fixed-size blocks on all cores, pigz style: each block is compressed
 * independently as raw deflate ending in a sync flush, the last one with the final bit, so the
 * concatenation is ONE ordinary gzip member that every reader (zlib, Python, Java, ITK, teem) accepts.
 * Blocks keep their order; at most two blocks per thread are in flight.
 *
 * <p>When the uncompressed length is known in advance and a {@link FileChannel} is given, the gzip
 * header carries an extra field (subfield id "SW", see {@link BlockGzip}) listing the compressed size
 * of every block; other readers ignore it, {@link BlockGzip} uses it to inflate the blocks in parallel.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    /** Default level: 1 is 5-10x faster than 6 for a file only a few percent larger. */
    public static final int DEFAULT_LEVEL = 1;
    static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "slicewise-gzip");
        t.setDaemon(true);
        return t;
    });

    private final OutputStream out;
    private final int level;
    private final CRC32 crc = new CRC32();
    private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
    private final List<Integer> blockSizes = new ArrayList<>();
    private final FileChannel indexChannel;
    private final long indexPosition;
    private final int indexedBlocks;
    private byte[] block = new byte[BlockGzip.BLOCK];
    private int fill;
    private long total;
    private boolean closed;

    public ParallelGzipOutputStream(OutputStream out, int level) throws IOException {
        this(out, level, null, -1, -1);
    }

    /**
     * @param channel       the file {@code out} writes to (for patching the block index at close), or null
     * @param gzipStart     file position where this gzip member starts
     * @param expectedBytes uncompressed bytes that will be written, or -1 when unknown (no index)
     */
    public ParallelGzipOutputStream(OutputStream out, int level, FileChannel channel, long gzipStart, long expectedBytes)
            throws IOException {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 0..9: " + level);
        }
        this.out = out;
        this.level = level;
        long blocks = expectedBytes < 0 ? -1 : expectedBytes / BlockGzip.BLOCK + 1;
        boolean indexed = channel != null && blocks > 0 && blocks <= BlockGzip.MAX_BLOCKS;
        byte xfl = (byte) (level == 1 ? 4 : level == 9 ? 2 : 0);
        if (!indexed) {
            out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3});
            indexChannel = null;
            indexPosition = -1;
            indexedBlocks = 0;
            return;
        }
        int n = (int) blocks;
        int subLen = 8 + 4 * n;
        ByteBuffer h = ByteBuffer.allocate(12 + 4 + subLen).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, xfl, 3});
        h.putShort((short) (4 + subLen));
        h.put((byte) 'S').put((byte) 'W').putShort((short) subLen);
        h.putInt(BlockGzip.BLOCK).putInt(n);
        // the n compressed sizes stay zero until close(); a reader treats zeros as "no index"
        out.write(h.array());
        indexChannel = channel;
        indexPosition = gzipStart + 12 + 4 + 8;
        indexedBlocks = n;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        crc.update(b, off, len);
        total += len;
        while (len > 0) {
            int n = Math.min(len, BlockGzip.BLOCK - fill);
            System.arraycopy(b, off, block, fill, n);
            fill += n;
            off += n;
            len -= n;
            if (fill == BlockGzip.BLOCK) {
                submit(false);
            }
        }
    }

    private void submit(boolean last) throws IOException {
        final byte[] data = block;
        final int n = fill;
        pending.add(POOL.submit(() -> deflate(data, n, last, level)));
        block = last ? null : new byte[BlockGzip.BLOCK];
        fill = 0;
        while (pending.size() > 2 * THREADS) {
            writeNext();
        }
    }

    private void writeNext() throws IOException {
        try {
            byte[] c = pending.poll().get();
            blockSizes.add(c.length);
            out.write(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("compression failed: " + e.getCause(), e.getCause());
        }
    }

    static byte[] deflate(byte[] data, int n, boolean last, int level) {
        Deflater d = new Deflater(level, true);
        try {
            d.setInput(data, 0, n);
            byte[] o = new byte[n + (n >> 3) + 256];
            int pos = 0;
            if (last) {
                d.finish();
                while (!d.finished()) {
                    if (pos == o.length) {
                        o = java.util.Arrays.copyOf(o, o.length * 2);
                    }
                    pos += d.deflate(o, pos, o.length - pos);
                }
            } else {
                while (true) {
                    pos += d.deflate(o, pos, o.length - pos, Deflater.SYNC_FLUSH);
                    if (pos < o.length) {
                        break;
                    }
                    o = java.util.Arrays.copyOf(o, o.length * 2);
                }
            }
            return java.util.Arrays.copyOf(o, pos);
        } finally {
            d.end();
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            while (!pending.isEmpty()) {
                writeNext();
            }
            long c = crc.getValue();
            out.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
                (byte) total, (byte) (total >> 8), (byte) (total >> 16), (byte) (total >> 24)});
            out.flush();
            if (indexChannel != null && blockSizes.size() == indexedBlocks) {
                ByteBuffer idx = ByteBuffer.allocate(4 * indexedBlocks).order(ByteOrder.LITTLE_ENDIAN);
                blockSizes.forEach(idx::putInt);
                idx.flip();
                long pos = indexPosition;
                while (idx.hasRemaining()) {
                    pos += indexChannel.write(idx, pos);
                }
            }
        } finally {
            for (Future<byte[]> f : pending) {
                f.cancel(true);
            }
            out.close();
        }
    }
}
