package org.slicewise.io.codec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slicewise.io.TestData;
import org.slicewise.io.codec.jpegls.JpegLsDecoder;

/**
 * Decode throughput of the codecs on real frames (not a test; no timing assertions anywhere).
 * <pre>
 * mvn -o -B -q -pl io -am test-compile
 * java -cp io/target/test-classes:io/target/classes:core-model/target/classes \
 *      -Dslicewise.shared=../shared org.slicewise.io.codec.CodecBenchmark [seconds]
 * </pre>
 * Reports repeated single-threaded decodes of one frame after a warm-up: wall-clock min/median/p90 and
 * the median thread CPU time (robust when other processes share the cores).
 */
public final class CodecBenchmark {
    private CodecBenchmark() {
    }

    interface Codec {
        int run(byte[] frame);
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        System.out.printf("JVM %s, %d cores, %s %s%n", System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), System.getProperty("os.name"));
        bench("JPEG-LS lossless  dcm_qa_ts/In/7.dcm", data("dcm_qa_ts/In/7.dcm"), seconds,
                f -> JpegLsDecoder.decode(f).samples().length * 2);
        bench("JPEG-LS lossless  pydicom/JLSL_16_15_1_1F.dcm", data("pydicom/JLSL_16_15_1_1F.dcm"), seconds,
                f -> JpegLsDecoder.decode(f).samples().length * 2);
        DicomTestFile rle = DicomTestFile.read(data("dcm_qa_ts/In/4.dcm"));
        bench("RLE lossless      dcm_qa_ts/In/4.dcm", data("dcm_qa_ts/In/4.dcm"), seconds,
                f -> RleDecoder.decodeFrame(f, rle.columns(), rle.rows(), 1, 16).length);
    }

    private static Path data(String rel) {
        return TestData.shared().resolve("data").resolve(rel); // no JUnit on this class path
    }

    private static void bench(String name, Path file, double seconds, Codec codec) throws Exception {
        DicomTestFile d = DicomTestFile.read(file);
        List<byte[]> frames = d.frames(1);
        byte[] frame = frames.get(0);
        int outBytes = 0;
        long warmEnd = System.nanoTime() + (long) (seconds * 0.5e9);
        while (System.nanoTime() < warmEnd) {
            outBytes = codec.run(frame);
        }
        java.lang.management.ThreadMXBean tm = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] times = new long[100_000];
        long[] cpu = new long[100_000];
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (n < times.length && (n < 20 || System.nanoTime() < end)) {
            long c0 = tm.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            outBytes = codec.run(frame);
            times[n] = System.nanoTime() - t0;
            cpu[n++] = tm.getCurrentThreadCpuTime() - c0;
        }
        long[] t = Arrays.copyOf(times, n);
        long[] c = Arrays.copyOf(cpu, n);
        Arrays.sort(t);
        Arrays.sort(c);
        double med = t[n / 2] / 1e9;
        double cpuMed = c[n / 2] / 1e9;
        System.out.printf("%s: %dx%d, %d -> %d bytes, n=%d%n", name, d.columns(), d.rows(), frame.length, outBytes, n);
        System.out.printf("    wall: min %.2f ms, median %.2f ms, p90 %.2f ms | thread CPU: median %.2f ms%n",
                t[0] / 1e6, med * 1e3, t[n * 9 / 10] / 1e6, cpuMed * 1e3);
        System.out.printf("    at the CPU median: %.0f frames/s, %.0f MB/s decoded, %.0f MB/s compressed; "
                + "at the wall median: %.0f frames/s%n", 1 / cpuMed, outBytes / cpuMed / 1e6,
                frame.length / cpuMed / 1e6, 1 / med);
    }
}
