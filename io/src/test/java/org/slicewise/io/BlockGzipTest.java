package org.slicewise.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slicewise.core.BadInputException;
import org.slicewise.core.volume.Geometry;
import org.slicewise.core.volume.Volume;
import org.slicewise.core.volume.VolumeMetadata;
import org.slicewise.core.volume.VoxelType;

/** The block-indexed gzip that Slicewise writes: standard for every reader, parallel for ours. */
class BlockGzipTest {
    @TempDir
    Path dir;

    private static byte[] gunzip(Path f) throws IOException {
        try (InputStream in = new GZIPInputStream(new FileInputStream(f.toFile()))) {
            return in.readAllBytes();
        }
    }

    /** A smooth, noisy 300x200x40 int16 volume (about 4.6 MiB: several blocks). */
    private static Volume volume(VoxelType type, int nx, int ny, int nz) {
        SplittableRandom r = new SplittableRandom(5);
        Volume v = Volume.allocate(Geometry.axisAligned(nx, ny, nz, 1, 1, 2), type, VolumeMetadata.of("CT", "t"));
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    v.set(x, y, z, ((x * y + z) % 100) + r.nextInt(4));
                }
            }
        }
        return v;
    }

    @Test
    void writtenFilesCarryAValidIndexAndInflateInParallelToTheSameBytes() throws IOException {
        Volume v = volume(VoxelType.INT16, 300, 200, 40);
        Path f = dir.resolve("v.nii.gz");
        VolumeIO.write(v, f);
        byte[] ref = gunzip(f);
        assertEquals(352 + 300 * 200 * 40 * 2, ref.length);
        byte[] par = BlockGzip.readIndexed(f, 0, Long.MAX_VALUE);
        assertNotNull(par, "our writer's index");
        assertArrayEquals(ref, par);
        VolumeAssert.identical(v, VolumeIO.read(f, null), "parallel read");
    }

    @Test
    void dataThatIsAnExactMultipleOfTheBlockSize() throws IOException {
        Volume v = volume(VoxelType.UINT8, 1024, 1024, 3); // 3 MiB: the last block is empty
        Path f = dir.resolve("v.nrrd");
        VolumeIO.write(v, f);
        VolumeAssert.identical(v, VolumeIO.read(f, null), "exact multiple");
    }

    @Test
    void foreignFilesHaveNoIndexAndStillRead() throws IOException {
        Volume v = volume(VoxelType.INT16, 64, 64, 8);
        Path f = dir.resolve("plain.nii.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(Files.readAllBytes(write(v, dir.resolve("plain.nii"))));
        }
        assertNull(BlockGzip.readIndexed(f, 0, Long.MAX_VALUE));
        VolumeAssert.identical(v, VolumeIO.read(f, null), "java.util.zip gzip");
    }

    private static Path write(Volume v, Path f) throws IOException {
        VolumeIO.write(v, f);
        return f;
    }

    @Test
    void aDamagedIndexFallsBackToStreaming() throws IOException {
        Volume v = volume(VoxelType.INT16, 300, 200, 40);
        Path f = dir.resolve("v.nii.gz");
        VolumeIO.write(v, f);
        byte[] b = Files.readAllBytes(f);
        b[24] ^= 0x10; // first block's compressed size
        Files.write(f, b);
        assertNull(BlockGzip.readIndexed(f, 0, Long.MAX_VALUE));
        VolumeAssert.identical(v, VolumeIO.read(f, null), "fallback");
    }

    @Test
    void corruptBlockDataIsReported() throws IOException {
        Volume v = volume(VoxelType.INT16, 300, 200, 40);
        Path f = dir.resolve("bad.nii.gz");
        VolumeIO.write(v, f);
        byte[] b = Files.readAllBytes(f);
        for (int i = b.length / 2; i < b.length / 2 + 64; i++) {
            b[i] ^= 0x33;
        }
        Files.write(f, b);
        BadInputException e = assertThrows(BadInputException.class, () -> VolumeIO.read(f, null));
        assertTrue(e.getMessage().contains("bad.nii.gz") && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void crcCombineMatchesTheCrcOfTheConcatenation() {
        byte[] a = new byte[1_000_003], c = new byte[77_777];
        new SplittableRandom(1).nextBytes(a);
        new SplittableRandom(2).nextBytes(c);
        CRC32 ca = new CRC32(), cc = new CRC32(), all = new CRC32();
        ca.update(a);
        cc.update(c);
        all.update(a);
        all.update(c);
        assertEquals(all.getValue(), BlockGzip.crc32Combine(ca.getValue(), cc.getValue(), c.length));
    }
}
