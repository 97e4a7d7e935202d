package org.slicewise.core.seg.djl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slicewise.core.BadInputException;

/**
 * A minimal reader of ONNX model files (protobuf wire format, no generated code): the graph's nodes
 * (inputs, outputs, op type, {@code value} tensors of Constant nodes) and its float initializers.
 * Enough to take the weights out of a SAM ONNX decoder and to follow the graph from an anonymous
 * initializer to the module it belongs to. Every length is checked against the file.
 *
 * <p>Fields read: ModelProto 7 graph; GraphProto 1 node, 5 initializer; NodeProto 1 input, 2 output,
 * 3 name, 4 op_type, 5 attribute; AttributeProto 1 name, 5 t; TensorProto 1 dims, 2 data_type,
 * 4 float_data, 8 name, 9 raw_data (little-endian), 14 data_location (external data is rejected).
 */
final class OnnxGraph {
    /** A float tensor: dims and values (row-major). */
    record FloatTensor(String name, long[] dims, float[] data) {
        int elements() {
            return data.length;
        }
    }

    /** A graph node. */
    record Node(String name, String opType, List<String> inputs, List<String> outputs, FloatTensor value) {
    }

    private final Path file;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, FloatTensor> initializers = new HashMap<>();
    private final Map<String, List<Node>> consumers = new HashMap<>();
    private final Map<String, Node> producers = new HashMap<>();

    private OnnxGraph(Path file) {
        this.file = file;
    }

    /** Reads the graph of an ONNX file; a malformed file gives one BadInputException line. */
    static OnnxGraph read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw BadInputException.of(file, "cannot read: " + e.getMessage());
        }
        OnnxGraph g = new OnnxGraph(file);
        try {
            Reader model = new Reader(bytes, 0, bytes.length);
            boolean sawGraph = false;
            while (model.more()) {
                int key = model.varint32();
                if (key >>> 3 == 7 && (key & 7) == 2) {
                    g.parseGraph(model.sub());
                    sawGraph = true;
                } else {
                    model.skip(key & 7);
                }
            }
            if (!sawGraph) {
                throw new IllegalArgumentException("no graph");
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw BadInputException.of(file, "not a readable ONNX model: " + e.getMessage());
        }
        for (Node n : g.nodes) {
            for (String in : n.inputs()) {
                g.consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
            for (String out : n.outputs()) {
                g.producers.put(out, n);
            }
        }
        return g;
    }

    Path file() {
        return file;
    }

    List<Node> nodes() {
        return nodes;
    }

    /** A float initializer by name, or null. */
    FloatTensor initializer(String name) {
        return initializers.get(name);
    }

    /** Nodes reading this tensor (empty when none). */
    List<Node> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    /** The node producing this tensor, or null (graph input or initializer). */
    Node producer(String tensor) {
        return producers.get(tensor);
    }

    private void parseGraph(Reader r) {
        while (r.more()) {
            int key = r.varint32();
            int field = key >>> 3, wt = key & 7;
            if (field == 1 && wt == 2) {
                nodes.add(parseNode(r.sub()));
            } else if (field == 5 && wt == 2) {
                FloatTensor t = parseTensor(r.sub());
                if (t != null && t.name() != null) {
                    initializers.put(t.name(), t);
                }
            } else {
                r.skip(wt);
            }
        }
    }

    private Node parseNode(Reader r) {
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        String name = "", op = "";
        FloatTensor value = null;
        while (r.more()) {
            int key = r.varint32();
            int field = key >>> 3, wt = key & 7;
            if (wt != 2) {
                r.skip(wt);
                continue;
            }
            switch (field) {
                case 1 -> in.add(r.string());
                case 2 -> out.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                case 5 -> {
                    FloatTensor t = parseAttributeTensor(r.sub());
                    if (t != null) {
                        value = t;
                    }
                }
                default -> r.skip(wt);
            }
        }
        return new Node(name, op, List.copyOf(in), List.copyOf(out), value);
    }

    /** The tensor of an attribute named "value" (Constant nodes), or null. */
    private FloatTensor parseAttributeTensor(Reader r) {
        String name = "";
        Reader t = null;
        while (r.more()) {
            int key = r.varint32();
            int field = key >>> 3, wt = key & 7;
            if (field == 1 && wt == 2) {
                name = r.string();
            } else if (field == 5 && wt == 2) {
                t = r.sub();
            } else {
                r.skip(wt);
            }
        }
        return "value".equals(name) && t != null ? parseTensor(t) : null;
    }

    /** A float32 tensor, or null for other data types. */
    private FloatTensor parseTensor(Reader r) {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = null;
        Reader raw = null;
        float[] floats = null;
        int floatCount = 0;
        boolean external = false;
        while (r.more()) {
            int key = r.varint32();
            int field = key >>> 3, wt = key & 7;
            if (field == 1 && wt == 0) {
                dims.add(r.varint64());
            } else if (field == 1 && wt == 2) {
                Reader p = r.sub();
                while (p.more()) {
                    dims.add(p.varint64());
                }
            } else if (field == 2 && wt == 0) {
                type = r.varint32();
            } else if (field == 4 && wt == 2) {
                Reader p = r.sub();
                int n = p.remaining() / 4;
                float[] f = floats == null ? new float[n] : java.util.Arrays.copyOf(floats, floatCount + n);
                for (int i = 0; i < n; i++) {
                    f[floatCount + i] = Float.intBitsToFloat(p.fixed32());
                }
                floats = f;
                floatCount += n;
            } else if (field == 4 && wt == 5) {
                floats = floats == null ? new float[1] : java.util.Arrays.copyOf(floats, floatCount + 1);
                floats[floatCount++] = Float.intBitsToFloat(r.fixed32());
            } else if (field == 8 && wt == 2) {
                name = r.string();
            } else if (field == 9 && wt == 2) {
                raw = r.sub();
            } else if (field == 14 && wt == 0) {
                external = r.varint32() == 1;
            } else {
                r.skip(wt);
            }
        }
        if (type != 1 || external) {
            return null;
        }
        long n = 1;
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i);
            if (d[i] < 0) {
                throw new IllegalArgumentException("negative dimension in tensor " + name);
            }
            n *= d[i];
        }
        float[] data;
        if (raw != null) {
            if ((long) raw.remaining() != 4 * n) {
                throw new IllegalArgumentException("tensor " + name + " has " + raw.remaining() + " raw bytes for " + n + " floats");
            }
            data = new float[(int) n];
            ByteBuffer.wrap(raw.buf, raw.pos, raw.remaining()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        } else {
            data = floats == null ? new float[0] : java.util.Arrays.copyOf(floats, floatCount);
            if (data.length != n) {
                throw new IllegalArgumentException("tensor " + name + " has " + data.length + " values for " + n + " elements");
            }
        }
        return new FloatTensor(name, d, data);
    }

    /** Protobuf wire-format cursor over buf[pos, end). */
    static final class Reader {
        final byte[] buf;
        int pos;
        final int end;

        Reader(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        int remaining() {
            return end - pos;
        }

        long varint64() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalArgumentException("truncated varint");
                }
                byte b = buf[pos++];
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        int varint32() {
            return (int) varint64();
        }

        int fixed32() {
            if (end - pos < 4) {
                throw new IllegalArgumentException("truncated fixed32");
            }
            int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
            pos += 4;
            return v;
        }

        Reader sub() {
            long len = varint64();
            if (len < 0 || len > end - pos) {
                throw new IllegalArgumentException("length " + len + " runs past its message");
            }
            Reader r = new Reader(buf, pos, pos + (int) len);
            pos += (int) len;
            return r;
        }

        String string() {
            Reader s = sub();
            return new String(buf, s.pos, s.end - s.pos, StandardCharsets.UTF_8);
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint64();
                case 1 -> advance(8);
                case 2 -> sub();
                case 5 -> advance(4);
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
            }
        }

        private void advance(int n) {
            if (end - pos < n) {
                throw new IllegalArgumentException("truncated field");
            }
            pos += n;
        }
    }
}
