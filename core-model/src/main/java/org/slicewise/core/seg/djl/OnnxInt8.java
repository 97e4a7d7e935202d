package org.slicewise.core.seg.djl;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dynamic int8 quantisation of an ONNX model's weight MatMuls, as ONNX Runtime's
 * {@code quantize_dynamic} does, on the protobuf bytes (no ONNX library needed): every
 * {@code MatMul(A, W)} whose W is a 2-D float initializer becomes
 * {@code com.microsoft.DynamicQuantizeMatMul(A, W_q, W_scale)} with W quantised per output column,
 * symmetric int8 ({@code scale_j = max_k |W[k, j]| / 127}, {@code W_q = round(W / scale_j)}); A is
 * quantised per call by ONNX Runtime (uint8 with a computed scale and zero point). Convolutions and
 * everything else stay fp32. Unused fp32 weights are dropped; every other field is copied byte for byte.
 * The result is a different model numerically: its accuracy is measured, not assumed (docs/segmentation.md).
 */
final class OnnxInt8 {
    private OnnxInt8() {
    }

    /** The rewritten model and how many MatMuls were quantised. */
    record Result(byte[] model, int quantised) {
    }

    /** One field: its tag's offset, and its payload [start, end) (the value itself for non-length-delimited fields). */
    private record Span(int field, int wire, int from, int start, int end) {
    }

    private record Node(String opType, String domain, String name, List<String> inputs, List<String> outputs,
                        boolean hasAttributes) {
    }

    /** A float initializer: dims and where its values are (raw little-endian bytes or packed float_data). */
    private record Init(long[] dims, int dataStart, int dataEnd) {
    }

    static Result quantizeMatMuls(byte[] model) {
        List<Span> top = fields(model, 0, model.length);
        Span graph = null;
        boolean msOpset = false;
        for (Span s : top) {
            if (s.field == 7 && s.wire == 2) {
                graph = s;
            } else if (s.field == 8 && s.wire == 2 && "com.microsoft".equals(opsetDomain(model, s))) {
                msOpset = true;
            }
        }
        if (graph == null) {
            throw new IllegalArgumentException("no graph in the ONNX model");
        }
        List<Span> gFields = fields(model, graph.start, graph.end);
        Map<String, Init> inits = new HashMap<>();
        Map<Span, Node> nodes = new java.util.IdentityHashMap<>();
        for (Span s : gFields) {
            if (s.field == 5 && s.wire == 2) {
                Init i = init(model, s);
                if (i != null) {
                    inits.put(initName(model, s), i);
                }
            } else if (s.field == 1 && s.wire == 2) {
                nodes.put(s, node(model, s));
            }
        }
        // weights only MatMuls read (as B) can be replaced; others keep their fp32 copy
        Map<String, Integer> uses = new HashMap<>(), matmulUses = new HashMap<>();
        for (Node n : nodes.values()) {
            for (int k = 0; k < n.inputs.size(); k++) {
                uses.merge(n.inputs.get(k), 1, Integer::sum);
                if (k == 1 && quantisable(n, inits)) {
                    matmulUses.merge(n.inputs.get(k), 1, Integer::sum);
                }
            }
        }
        Map<String, String[]> quantised = new LinkedHashMap<>(); // weight -> {q name, scale name}
        ByteArrayOutputStream newInits = new ByteArrayOutputStream();
        ByteArrayOutputStream g = new ByteArrayOutputStream(model.length);
        int count = 0;
        for (Span s : gFields) {
            if (s.field == 1 && s.wire == 2) {
                Node n = nodes.get(s);
                if (quantisable(n, inits)) {
                    String w = n.inputs.get(1);
                    String[] q = quantised.computeIfAbsent(w, k -> quantise(model, k, inits.get(k), newInits));
                    writeBytes(g, 1, newNode(n, q));
                    count++;
                    continue;
                }
            } else if (s.field == 5 && s.wire == 2) {
                String name = initName(model, s);
                if (matmulUses.getOrDefault(name, 0) > 0 && matmulUses.get(name).equals(uses.get(name))) {
                    continue; // replaced by its int8 form
                }
            }
            g.write(model, s.from, s.end - s.from);
        }
        g.writeBytes(newInits.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length);
        for (Span s : top) {
            if (s == graph) {
                writeBytes(out, 7, g.toByteArray());
            } else {
                out.write(model, s.from, s.end - s.from);
            }
        }
        if (!msOpset && count > 0) {
            ByteArrayOutputStream op = new ByteArrayOutputStream();
            writeBytes(op, 1, "com.microsoft".getBytes(StandardCharsets.UTF_8));
            writeVarintField(op, 2, 1);
            writeBytes(out, 8, op.toByteArray());
        }
        return new Result(out.toByteArray(), count);
    }

    private static boolean quantisable(Node n, Map<String, Init> inits) {
        if (!"MatMul".equals(n.opType) || !n.domain.isEmpty() || n.hasAttributes || n.inputs.size() != 2) {
            return false;
        }
        Init w = inits.get(n.inputs.get(1));
        return w != null && w.dims.length == 2 && w.dims[0] > 0 && w.dims[1] > 0;
    }

    /** Quantises W [K, N] per column; appends W_q (int8) and W_scale (float [N]) initializers. */
    private static String[] quantise(byte[] model, String name, Init w, ByteArrayOutputStream dst) {
        int k = (int) w.dims[0], n = (int) w.dims[1];
        float[] v = floats(model, w, k * n);
        float[] scale = new float[n];
        for (int j = 0; j < n; j++) {
            float m = 0;
            for (int i = 0; i < k; i++) {
                m = Math.max(m, Math.abs(v[i * n + j]));
            }
            scale[j] = m > 0 ? m / 127f : 1f;
        }
        byte[] q = new byte[k * n];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                q[i * n + j] = (byte) Math.max(-127, Math.min(127, Math.round(v[i * n + j] / scale[j])));
            }
        }
        String qn = name + "_int8", sn = name + "_int8_scale";
        writeBytes(dst, 5, tensor(qn, new long[] {k, n}, 3, q));
        ByteBuffer sb = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : scale) {
            sb.putFloat(s);
        }
        writeBytes(dst, 5, tensor(sn, new long[] {n}, 1, sb.array()));
        return new String[] {qn, sn};
    }

    private static float[] floats(byte[] model, Init w, int count) {
        if (w.dataEnd - w.dataStart != 4L * count) {
            throw new IllegalArgumentException("initializer holds " + (w.dataEnd - w.dataStart) + " bytes, expected " + 4L * count);
        }
        ByteBuffer b = ByteBuffer.wrap(model, w.dataStart, w.dataEnd - w.dataStart).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[count];
        b.asFloatBuffer().get(v);
        return v;
    }

    private static byte[] tensor(String name, long[] dims, int dataType, byte[] raw) {
        ByteArrayOutputStream t = new ByteArrayOutputStream(raw.length + 64);
        for (long d : dims) {
            writeVarintField(t, 1, d);
        }
        writeVarintField(t, 2, dataType);
        writeBytes(t, 8, name.getBytes(StandardCharsets.UTF_8));
        writeBytes(t, 9, raw);
        return t.toByteArray();
    }

    private static byte[] newNode(Node n, String[] q) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String in : new String[] {n.inputs.get(0), q[0], q[1]}) {
            writeBytes(b, 1, in.getBytes(StandardCharsets.UTF_8));
        }
        for (String o : n.outputs) {
            writeBytes(b, 2, o.getBytes(StandardCharsets.UTF_8));
        }
        writeBytes(b, 3, (n.name + "_int8").getBytes(StandardCharsets.UTF_8));
        writeBytes(b, 4, "DynamicQuantizeMatMul".getBytes(StandardCharsets.UTF_8));
        writeBytes(b, 7, "com.microsoft".getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static Node node(byte[] buf, Span s) {
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        String op = "", domain = "", name = "";
        boolean attrs = false;
        OnnxGraph.Reader r = new OnnxGraph.Reader(buf, s.start, s.end);
        while (r.more()) {
            int key = r.varint32(), f = key >>> 3, wire = key & 7;
            if (wire == 2 && (f == 1 || f == 2 || f == 3 || f == 4 || f == 7)) {
                String v = r.string();
                switch (f) {
                    case 1 -> in.add(v);
                    case 2 -> out.add(v);
                    case 3 -> name = v;
                    case 4 -> op = v;
                    default -> domain = v;
                }
            } else {
                attrs |= f == 5;
                r.skip(wire);
            }
        }
        return new Node(op, domain, name, in, out, attrs);
    }

    /** A float (data_type 1) initializer with its data in raw_data or packed float_data; null otherwise. */
    private static Init init(byte[] buf, Span s) {
        List<Long> dims = new ArrayList<>();
        int type = 0, ds = -1, de = -1;
        OnnxGraph.Reader r = new OnnxGraph.Reader(buf, s.start, s.end);
        while (r.more()) {
            int key = r.varint32(), f = key >>> 3, wire = key & 7;
            if (f == 1 && wire == 0) {
                dims.add(r.varint64());
            } else if (f == 1 && wire == 2) {
                OnnxGraph.Reader p = r.sub();
                while (p.more()) {
                    dims.add(p.varint64());
                }
            } else if (f == 2 && wire == 0) {
                type = r.varint32();
            } else if ((f == 9 || f == 4) && wire == 2) {
                OnnxGraph.Reader d = r.sub();
                ds = d.pos;
                de = d.end;
            } else if (f == 14 && wire == 0) {
                if (r.varint32() == 1) {
                    return null; // external data: left alone
                }
            } else {
                r.skip(wire);
            }
        }
        if (type != 1 || ds < 0) {
            return null;
        }
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i);
        }
        return new Init(d, ds, de);
    }

    private static String initName(byte[] buf, Span s) {
        return firstString(buf, s, 8); // TensorProto.name
    }

    private static String opsetDomain(byte[] buf, Span s) {
        return firstString(buf, s, 1); // OperatorSetIdProto.domain
    }

    /** The first string field {@code field} of the message in span s, or "". */
    private static String firstString(byte[] buf, Span s, int field) {
        OnnxGraph.Reader r = new OnnxGraph.Reader(buf, s.start, s.end);
        while (r.more()) {
            int key = r.varint32();
            if (key >>> 3 == field && (key & 7) == 2) {
                return r.string();
            }
            r.skip(key & 7);
        }
        return "";
    }

    /** The fields of a message in buf[start, end): payload spans for length-delimited fields, whole values otherwise. */
    private static List<Span> fields(byte[] buf, int start, int end) {
        List<Span> out = new ArrayList<>();
        OnnxGraph.Reader r = new OnnxGraph.Reader(buf, start, end);
        while (r.more()) {
            int fieldStart = r.pos;
            int key = r.varint32(), f = key >>> 3, wire = key & 7;
            if (wire == 2) {
                OnnxGraph.Reader p = r.sub();
                out.add(new Span(f, wire, fieldStart, p.pos, p.end));
            } else {
                int valueStart = r.pos;
                r.skip(wire);
                out.add(new Span(f, wire, fieldStart, valueStart, r.pos));
            }
        }
        return out;
    }

    private static void writeBytes(ByteArrayOutputStream o, int field, byte[] payload) {
        writeVarint(o, (long) field << 3 | 2);
        writeVarint(o, payload.length);
        o.writeBytes(payload);
    }

    private static void writeVarintField(ByteArrayOutputStream o, int field, long v) {
        writeVarint(o, (long) field << 3);
        writeVarint(o, v);
    }

    private static void writeVarint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7FL) != 0) {
            o.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        o.write((int) v);
    }
}
