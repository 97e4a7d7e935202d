package org.slicewise.io.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One DICOM file: on disk, or an entry of a zip held in memory. */
final class DicomSource {
    private final Path path;
    private final String name;
    private final byte[] bytes;
    private final long size;

    private DicomSource(Path path, String name, byte[] bytes, long size) {
        this.path = path;
        this.name = name;
        this.bytes = bytes;
        this.size = size;
    }

    static DicomSource file(Path p, long size) {
        return new DicomSource(p, p.toString(), null, size);
    }

    static DicomSource memory(String name, byte[] data) {
        return new DicomSource(null, name, data, data.length);
    }

    String name() {
        return name;
    }

    long size() {
        return size;
    }

    /** Reads {@code n} bytes from the start (n &le; size). */
    byte[] readPrefix(int n) throws IOException {
        byte[] b = new byte[n];
        read(0, ByteBuffer.wrap(b));
        return b;
    }

    /** Fills {@code dst} (position..limit) from file offset {@code offset}. */
    void read(long offset, ByteBuffer dst) throws IOException {
        if (offset + dst.remaining() > size) {
            throw new EOFException(name + ": file is truncated (needs " + (offset + dst.remaining())
                    + " bytes, has " + size + ")");
        }
        if (bytes != null) {
            dst.put(bytes, (int) offset, dst.remaining());
            return;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long pos = offset;
            while (dst.hasRemaining()) {
                int n = ch.read(dst, pos);
                if (n < 0) {
                    throw new EOFException(name + ": file is truncated (shorter than " + size + " bytes)");
                }
                pos += n;
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
