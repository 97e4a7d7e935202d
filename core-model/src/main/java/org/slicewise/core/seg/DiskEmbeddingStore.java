package org.slicewise.core.seg;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Optional on-disk embedding store so reopening a volume does not re-encode. Entries are named by a
 * sha256 over the model fingerprint (id, encoder precision, weight file size and mtime), the window key and the exact
 * 0..255 input pixels, so any change of data, window or model misses instead of returning a stale
 * embedding (safe invalidation by content). Writes are atomic (temp file + move); unreadable or
 * corrupt entries are deleted and treated as misses; the folder is kept under a byte cap by
 * deleting the least recently used files. Thread-safe. There is no per-volume invalidation to race
 * with: an encode still in flight when its volume is invalidated in memory writes the embedding of
 * the pixels it encoded under their own content key, which is never stale; and a reader deleting a
 * corrupt entry never deletes a good one a writer has just moved into its place.
 */
public final class DiskEmbeddingStore {
    private static final int MAGIC = 0x53574531; // "SWE1"
    private final Path dir;
    private final long capBytes;
    private final Object moveLock = new Object();
    private volatile Runnable beforeCorruptDelete;

    public DiskEmbeddingStore(Path dir, long capBytes) {
        this.dir = dir;
        this.capBytes = capBytes;
    }

    public Path dir() {
        return dir;
    }

    /** Content key of a slice input: hex sha256. */
    public static String contentKey(String modelFingerprint, String windowKey, int axis, SliceImage img) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((modelFingerprint + "|" + windowKey + "|" + axis + "|" + img.width() + "x" + img.height())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ByteBuffer bb = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
            float[] px = img.pixels();
            int n = img.width() * img.height();
            for (int i = 0; i < n; i++) {
                if (!bb.hasRemaining()) {
                    md.update(bb.array(), 0, bb.position());
                    bb.clear();
                }
                bb.putFloat(px[i]);
            }
            md.update(bb.array(), 0, bb.position());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path file(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + ".emb");
    }

    /** The stored embedding, or null (missing, unreadable or corrupt: corrupt files are deleted). */
    public Embedding read(String key) {
        Path f = file(key);
        Object opened;
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return null;
            }
            opened = a.fileKey();
        } catch (IOException e) {
            return null; // missing
        }
        try (InputStream raw = Files.newInputStream(f); DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            long size = Files.size(f);
            if (in.readInt() != MAGIC) {
                throw new IOException("bad magic");
            }
            String modelId = in.readUTF();
            int rank = in.readInt();
            if (rank < 1 || rank > 8) {
                throw new IOException("bad rank");
            }
            long[] shape = new long[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = in.readLong();
                if (shape[i] < 1 || shape[i] > (1 << 24)) {
                    throw new IOException("bad shape");
                }
                n *= shape[i];
            }
            int w = in.readInt(), h = in.readInt();
            boolean half = in.readBoolean();
            if (n > size / (half ? 2 : 4)) {
                throw new IOException("truncated");
            }
            byte[] buf = in.readNBytes((int) n * (half ? 2 : 4));
            if (buf.length != n * (half ? 2 : 4)) {
                throw new IOException("truncated");
            }
            ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            touch(f);
            if (half) {
                short[] s = new short[(int) n];
                bb.asShortBuffer().get(s);
                return new Embedding(modelId, shape, null, s, w, h);
            }
            float[] d = new float[(int) n];
            bb.asFloatBuffer().get(d);
            return new Embedding(modelId, shape, d, null, w, h);
        } catch (IOException | RuntimeException e) {
            deleteIfStillThe(f, opened);
            return null;
        }
    }

    /**
     * Deletes a corrupt entry, unless a writer has meanwhile replaced it with a good one (same name,
     * another file): deleting by name alone would throw away that fresh entry. The check and the
     * delete hold {@code moveLock}, which writers hold to move their entry in place.
     */
    private void deleteIfStillThe(Path f, Object openedKey) {
        Runnable hook = beforeCorruptDelete;
        if (hook != null) {
            hook.run();
        }
        synchronized (moveLock) {
            try {
                Object now = Files.readAttributes(f, BasicFileAttributes.class).fileKey();
                if (openedKey == null || openedKey.equals(now)) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException ignored) {
                // gone already, or a later write replaces it
            }
        }
    }

    /** Test hook: runs when a corrupt entry was found, before it is deleted. */
    void setBeforeCorruptDelete(Runnable hook) {
        beforeCorruptDelete = hook;
    }

    private static void touch(Path f) {
        try {
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // LRU order only
        }
    }

    /** Stores an embedding (best effort: I/O errors are ignored, the cache is an optimisation). */
    public void write(String key, Embedding e) {
        Path f = file(key);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), key, ".tmp");
            try (OutputStream raw = Files.newOutputStream(tmp); DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeUTF(e.modelId());
                out.writeInt(e.shape().length);
                for (long s : e.shape()) {
                    out.writeLong(s);
                }
                out.writeInt(e.imageWidth());
                out.writeInt(e.imageHeight());
                boolean half = e.half() != null;
                out.writeBoolean(half);
                ByteBuffer bb = ByteBuffer.allocate(half ? 2 * e.half().length : 4 * e.data().length).order(ByteOrder.LITTLE_ENDIAN);
                if (half) {
                    bb.asShortBuffer().put(e.half());
                } else {
                    bb.asFloatBuffer().put(e.data());
                }
                out.write(bb.array());
            }
            synchronized (moveLock) {
                try {
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException x) {
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            enforceCap();
        } catch (IOException ignored) {
            // disk cache is optional
        }
    }

    /** Deletes least recently used entries until the folder is under the cap. */
    public synchronized void enforceCap() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir, 2)) {
            s.filter(p -> p.toString().endsWith(".emb") && Files.isRegularFile(p)).forEach(files::add);
        }
        long total = 0;
        List<long[]> meta = new ArrayList<>();
        for (Path p : files) {
            long size = Files.size(p);
            total += size;
            meta.add(new long[] {Files.getLastModifiedTime(p).toMillis(), size});
        }
        if (total <= capBytes) {
            return;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> meta.get(i)[0]));
        for (int i : order) {
            if (total <= capBytes) {
                break;
            }
            Files.deleteIfExists(files.get(i));
            total -= meta.get(i)[1];
        }
    }

    /** Bytes currently stored. */
    public long usedBytes() throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir, 2)) {
            return s.filter(p -> p.toString().endsWith(".emb")).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
