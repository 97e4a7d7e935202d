// Measurement-only stand-in for DJL's libdjl_torch (the ai.djl.pytorch.jni.PyTorchLibrary natives of DJL
// 0.35.1), compiled against whatever libtorch a machine has (see README.md beside this file). It implements
// only the natives that Slicewise's native SAM decoder, DJL's PyTorch engine start-up and NDIndex use; any
// other native fails with UnsatisfiedLinkError on first call. Not part of the product build.
#include <jni.h>
#include <torch/torch.h>
#include <torch/cuda.h>
#include <cstring>
#include <string>
#include <vector>

#define F(name) Java_ai_djl_pytorch_jni_PyTorchLibrary_##name
#define TRY try {
#define CATCH(ret) } catch (const std::exception& e) { throwEngine(env, e.what()); return ret; }
using at::Tensor;

static void throwEngine(JNIEnv* env, const char* msg) {
  jclass c = env->FindClass("ai/djl/engine/EngineException");
  if (c == nullptr) { env->ExceptionClear(); c = env->FindClass("java/lang/RuntimeException"); }
  std::string m(msg);
  size_t nl = m.find('\n');
  env->ThrowNew(c, (nl == std::string::npos ? m : m.substr(0, nl)).c_str());
}
static Tensor& T(jlong h) { return *reinterpret_cast<Tensor*>(h); }
static jlong H(const Tensor& t) { return reinterpret_cast<jlong>(new Tensor(t)); }
static std::vector<int64_t> vec(JNIEnv* env, jlongArray a) {
  jsize n = env->GetArrayLength(a);
  std::vector<int64_t> v(n);
  env->GetLongArrayRegion(a, 0, n, reinterpret_cast<jlong*>(v.data()));
  return v;
}
static jlongArray jlongs(JNIEnv* env, const std::vector<int64_t>& v) {
  jlongArray a = env->NewLongArray(v.size());
  env->SetLongArrayRegion(a, 0, v.size(), reinterpret_cast<const jlong*>(v.data()));
  return a;
}
static const c10::ScalarType kTypes[] = {at::kFloat, at::kDouble, at::kHalf, at::kByte, at::kInt, at::kChar, at::kLong,
                                         at::kBool, at::kComplexFloat, at::kFloat, at::kFloat, at::kBFloat16, at::kLong,
                                         at::kInt, at::kShort, at::kShort};
static c10::ScalarType st(jint d) {
  if (d < 0 || d >= 16) throw std::runtime_error("unsupported DJL data type " + std::to_string(d));
  return kTypes[d];
}
static jint djlType(c10::ScalarType s) {
  switch (s) {
    case at::kFloat: return 0; case at::kDouble: return 1; case at::kHalf: return 2; case at::kByte: return 3;
    case at::kInt: return 4; case at::kChar: return 5; case at::kLong: return 6; case at::kBool: return 7;
    case at::kComplexFloat: return 8; case at::kBFloat16: return 11; case at::kShort: return 15;
    default: return 9;
  }
}
static c10::Device dev(JNIEnv* env, jintArray d) {
  jint v[2];
  env->GetIntArrayRegion(d, 0, 2, v);
  if (v[0] == 0) return c10::Device(c10::kCPU);
  if (v[0] == 1) return c10::Device(c10::kCUDA, v[1] < 0 ? 0 : v[1]);
  throw std::runtime_error("unsupported device type " + std::to_string(v[0]));
}
static at::TensorOptions opts(JNIEnv* env, jint dtype, jint layout, jintArray device, jboolean grad) {
  if (layout != 0) throw std::runtime_error("only strided tensors");
  return at::TensorOptions().dtype(st(dtype)).device(dev(env, device)).requires_grad(grad);
}

extern "C" {
// --- system
JNIEXPORT jboolean JNICALL F(torchIsGradMode)(JNIEnv*, jobject) { return at::GradMode::is_enabled(); }
JNIEXPORT void JNICALL F(torchSetGradMode)(JNIEnv*, jobject, jboolean b) { at::GradMode::set_enabled(b); }
JNIEXPORT jint JNICALL F(torchGetNumInteropThreads)(JNIEnv*, jobject) { return at::get_num_interop_threads(); }
JNIEXPORT jint JNICALL F(torchGetNumThreads)(JNIEnv*, jobject) { return at::get_num_threads(); }
JNIEXPORT void JNICALL F(torchSetNumInteropThreads)(JNIEnv* env, jobject, jint n) { TRY at::set_num_interop_threads(n); CATCH() }
JNIEXPORT void JNICALL F(torchSetNumThreads)(JNIEnv* env, jobject, jint n) { TRY at::set_num_threads(n); CATCH() }
JNIEXPORT void JNICALL F(torchSetBenchmarkCuDNN)(JNIEnv*, jobject, jboolean b) { at::globalContext().setBenchmarkCuDNN(b); }
JNIEXPORT void JNICALL F(torchManualSeed)(JNIEnv*, jobject, jlong s) { torch::manual_seed(s); }
JNIEXPORT void JNICALL F(setGraphExecutorOptimize)(JNIEnv*, jobject, jboolean) {}
JNIEXPORT void JNICALL F(torchCudaEmptyCache)(JNIEnv*, jobject) {}
JNIEXPORT void JNICALL F(torchShowConfig)(JNIEnv* env, jobject, jobject set) {
  jclass sc = env->FindClass("java/util/Set");
  jmethodID add = env->GetMethodID(sc, "add", "(Ljava/lang/Object;)Z");
  std::vector<std::string> f = {"OPENMP"};
  if (torch::cuda::is_available()) { f.push_back("CUDA"); f.push_back("CUDNN"); }
  for (auto& s : f) env->CallBooleanMethod(set, add, env->NewStringUTF(s.c_str()));
}
// --- tensor info and lifetime
JNIEXPORT jlongArray JNICALL F(torchSizes)(JNIEnv* env, jobject, jlong h) { TRY return jlongs(env, T(h).sizes().vec()); CATCH(nullptr) }
JNIEXPORT jint JNICALL F(torchDType)(JNIEnv* env, jobject, jlong h) { return djlType(T(h).scalar_type()); }
JNIEXPORT jintArray JNICALL F(torchDevice)(JNIEnv* env, jobject, jlong h) {
  auto d = T(h).device();
  jint v[2] = {d.is_cuda() ? 1 : 0, d.is_cuda() ? d.index() : -1};
  jintArray a = env->NewIntArray(2);
  env->SetIntArrayRegion(a, 0, 2, v);
  return a;
}
JNIEXPORT jint JNICALL F(torchLayout)(JNIEnv*, jobject, jlong h) { return T(h).is_sparse() ? 1 : 0; }
JNIEXPORT jboolean JNICALL F(torchRequiresGrad)(JNIEnv*, jobject, jlong h) { return T(h).requires_grad(); }
JNIEXPORT jboolean JNICALL F(torchIsContiguous)(JNIEnv*, jobject, jlong h) { return T(h).is_contiguous(); }
JNIEXPORT jlong JNICALL F(torchToContiguous)(JNIEnv* env, jobject, jlong h) { TRY return H(T(h).contiguous()); CATCH(0) }
JNIEXPORT void JNICALL F(torchDeleteTensor)(JNIEnv*, jobject, jlong h) { delete reinterpret_cast<Tensor*>(h); }
JNIEXPORT jlong JNICALL F(tensorClone)(JNIEnv* env, jobject, jlong h) { TRY return H(T(h).clone()); CATCH(0) }
JNIEXPORT jbyteArray JNICALL F(torchDataPtr)(JNIEnv* env, jobject, jlong h) {
  TRY
  Tensor t = T(h).to(c10::kCPU).contiguous();
  jbyteArray a = env->NewByteArray(t.nbytes());
  env->SetByteArrayRegion(a, 0, t.nbytes(), reinterpret_cast<const jbyte*>(t.data_ptr()));
  return a;
  CATCH(nullptr)
}
JNIEXPORT jobject JNICALL F(torchDirectByteBuffer)(JNIEnv* env, jobject, jlong h) {
  Tensor& t = T(h);
  if (!t.device().is_cpu() || !t.is_contiguous()) return nullptr;
  return env->NewDirectByteBuffer(t.data_ptr(), t.nbytes());
}
JNIEXPORT jlong JNICALL F(torchTo)(JNIEnv* env, jobject, jlong h, jint dtype, jintArray device) {
  TRY return H(T(h).to(dev(env, device), st(dtype))); CATCH(0)
}
// --- creation
JNIEXPORT jlong JNICALL F(torchFromBlob)(JNIEnv* env, jobject, jobject buf, jlongArray shape, jint dtype, jint layout,
                                         jintArray device, jboolean grad) {
  TRY
  auto o = opts(env, dtype, layout, device, false);
  Tensor t = torch::from_blob(env->GetDirectBufferAddress(buf), vec(env, shape), o.device(c10::kCPU));
  if (o.device().is_cuda()) t = t.to(o.device());
  if (grad) t.set_requires_grad(true);
  return H(t);
  CATCH(0)
}
JNIEXPORT jlong JNICALL F(torchEmpty)(JNIEnv* env, jobject, jlongArray s, jint d, jint l, jintArray dv, jboolean g) { TRY return H(torch::empty(vec(env, s), opts(env, d, l, dv, g))); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchZeros)(JNIEnv* env, jobject, jlongArray s, jint d, jint l, jintArray dv, jboolean g) { TRY return H(torch::zeros(vec(env, s), opts(env, d, l, dv, g))); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchOnes)(JNIEnv* env, jobject, jlongArray s, jint d, jint l, jintArray dv, jboolean g) { TRY return H(torch::ones(vec(env, s), opts(env, d, l, dv, g))); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchFull)(JNIEnv* env, jobject, jlongArray s, jdouble v, jint d, jint l, jintArray dv, jboolean g) { TRY return H(torch::full(vec(env, s), v, opts(env, d, l, dv, g))); CATCH(0) }
JNIEXPORT void JNICALL F(torchSet)(JNIEnv* env, jobject, jlong h, jobject buf) {
  TRY
  Tensor& t = T(h);
  Tensor src = torch::from_blob(env->GetDirectBufferAddress(buf), t.sizes(), t.options().device(c10::kCPU));
  t.copy_(src);
  CATCH()
}
// --- arithmetic
#define BIN(name, expr) JNIEXPORT jlong JNICALL F(name)(JNIEnv* env, jobject, jlong a, jlong b) { TRY return H(expr); CATCH(0) }
#define BINI(name, expr) JNIEXPORT void JNICALL F(name)(JNIEnv* env, jobject, jlong a, jlong b) { TRY expr; CATCH() }
#define UN(name, expr) JNIEXPORT jlong JNICALL F(name)(JNIEnv* env, jobject, jlong a) { TRY return H(expr); CATCH(0) }
BIN(torchAdd, T(a).add(T(b)))
BINI(torchAddi, T(a).add_(T(b)))
BIN(torchSub, T(a).sub(T(b)))
BINI(torchSubi, T(a).sub_(T(b)))
BIN(torchMul, T(a).mul(T(b)))
BINI(torchMuli, T(a).mul_(T(b)))
BIN(torchTrueDivide, T(a).true_divide(T(b)))
BINI(torchTrueDividei, T(a).true_divide_(T(b)))
BIN(torchMatmul, T(a).matmul(T(b)))
BIN(torchBmm, T(a).bmm(T(b)))
BIN(torchPow, T(a).pow(T(b)))
BIN(torchMaximum, torch::maximum(T(a), T(b)))
BIN(torchMinimum, torch::minimum(T(a), T(b)))
BIN(torchGt, T(a).gt(T(b)))
BIN(torchLt, T(a).lt(T(b)))
BIN(torchEq, T(a).eq(T(b)))
UN(torchNeg, T(a).neg())
UN(torchExp, T(a).exp())
UN(torchLog, T(a).log())
UN(torchSqrt, T(a).sqrt())
UN(torchAbs, T(a).abs())
UN(torchTanh, T(a).tanh())
UN(torchSigmoid, T(a).sigmoid())
UN(torchErf, T(a).erf())
UN(torchSin, T(a).sin())
UN(torchCos, T(a).cos())
UN(torchNNRelu, torch::relu(T(a)))
UN(torchNNGelu, torch::gelu(T(a)))
JNIEXPORT jboolean JNICALL F(contentEqual)(JNIEnv* env, jobject, jlong a, jlong b) { TRY return T(a).equal(T(b)); CATCH(false) }
JNIEXPORT jlong JNICALL F(torchWhere)(JNIEnv* env, jobject, jlong c, jlong a, jlong b) { TRY return H(torch::where(T(c), T(a), T(b))); CATCH(0) }
// --- shape
JNIEXPORT jlong JNICALL F(torchReshape)(JNIEnv* env, jobject, jlong h, jlongArray s) { TRY return H(T(h).reshape(vec(env, s))); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchPermute)(JNIEnv* env, jobject, jlong h, jlongArray d) { TRY return H(T(h).permute(vec(env, d))); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchTranspose)(JNIEnv* env, jobject, jlong h, jlong a, jlong b) { TRY return H(T(h).transpose(a, b)); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchExpand)(JNIEnv* env, jobject, jlong h, jlongArray s) { TRY return H(T(h).expand(vec(env, s))); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchRepeat)(JNIEnv* env, jobject, jlong h, jlongArray s) { TRY return H(T(h).repeat(vec(env, s))); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchFlatten)(JNIEnv* env, jobject, jlong h, jlong a, jlong b) { TRY return H(T(h).flatten(a, b)); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchUnsqueeze)(JNIEnv* env, jobject, jlong h, jlong d) { TRY return H(T(h).unsqueeze(d)); CATCH(0) }
JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchSqueeze__J(JNIEnv* env, jobject, jlong h) { TRY return H(T(h).squeeze()); CATCH(0) }
JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchSqueeze__JJ(JNIEnv* env, jobject, jlong h, jlong d) { TRY return H(T(h).squeeze(d)); CATCH(0) }
static std::vector<Tensor> list(JNIEnv* env, jlongArray hs) {
  std::vector<Tensor> v;
  for (int64_t h : vec(env, hs)) v.push_back(T(h));
  return v;
}
JNIEXPORT jlong JNICALL F(torchStack)(JNIEnv* env, jobject, jlongArray hs, jlong d) { TRY return H(torch::stack(list(env, hs), d)); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchCat)(JNIEnv* env, jobject, jlongArray hs, jlong d) { TRY return H(torch::cat(list(env, hs), d)); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchSlice)(JNIEnv* env, jobject, jlong h, jlong d, jlong s, jlong e, jlong step) { TRY return H(T(h).slice(d, s, e, step)); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchIndex)(JNIEnv* env, jobject, jlong h, jlongArray mn, jlongArray mx, jlongArray sp) {
  TRY
  auto a = vec(env, mn), b = vec(env, mx), c = vec(env, sp);
  Tensor t = T(h);
  for (size_t d = 0; d < a.size(); d++) t = t.slice(d, a[d], b[d], c[d]);
  return H(t);
  CATCH(0)
}
// --- nn and reductions
JNIEXPORT jlong JNICALL F(torchSoftmax)(JNIEnv* env, jobject, jlong h, jlong d, jint t) { TRY return H(T(h).softmax(d, st(t))); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchLogSoftmax)(JNIEnv* env, jobject, jlong h, jlong d, jint t) { TRY return H(T(h).log_softmax(d, st(t))); CATCH(0) }
JNIEXPORT jlong JNICALL F(torchNNLayerNorm)(JNIEnv* env, jobject, jlong h, jlongArray s, jlong w, jlong b, jdouble eps) {
  TRY return H(torch::layer_norm(T(h), vec(env, s), T(w), T(b), eps)); CATCH(0)
}
JNIEXPORT jlong JNICALL F(torchNNLinear)(JNIEnv* env, jobject, jlong h, jlong w, jlong b) {
  TRY return H(b == 0 ? torch::linear(T(h), T(w)) : torch::linear(T(h), T(w), T(b))); CATCH(0)
}
JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchSum__J(JNIEnv* env, jobject, jlong h) { TRY return H(T(h).sum()); CATCH(0) }
JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchSum__J_3JZ(JNIEnv* env, jobject, jlong h, jlongArray d, jboolean k) { TRY return H(T(h).sum(vec(env, d), k)); CATCH(0) }
JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchMax__J(JNIEnv* env, jobject, jlong h) { TRY return H(T(h).max()); CATCH(0) }
JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchMean__J(JNIEnv* env, jobject, jlong h) { TRY return H(T(h).mean()); CATCH(0) }
// --- advanced indexing (DJL NDIndex): a std::vector<TensorIndex> per index
using IdxVec = std::vector<at::indexing::TensorIndex>;
static IdxVec& I(jlong h) { return *reinterpret_cast<IdxVec*>(h); }
JNIEXPORT jlong JNICALL F(torchIndexInit)(JNIEnv*, jobject, jint n) { auto* v = new IdxVec(); v->reserve(n); return reinterpret_cast<jlong>(v); }
JNIEXPORT void JNICALL F(torchDeleteIndex)(JNIEnv*, jobject, jlong h) { delete reinterpret_cast<IdxVec*>(h); }
JNIEXPORT void JNICALL F(torchIndexAppendNoneEllipsis)(JNIEnv*, jobject, jlong h, jboolean e) {
  if (e) I(h).emplace_back(at::indexing::Ellipsis); else I(h).emplace_back(at::indexing::None);
}
JNIEXPORT void JNICALL F(torchIndexAppendSlice)(JNIEnv* env, jobject, jlong h, jlong mn, jlong mx, jlong step, jint nb) {
  using at::indexing::Slice; using at::indexing::None;
  TRY
  Slice s = (nb & 2) ? ((nb & 1) ? Slice(None, None, step) : Slice(None, mx, step))
                     : ((nb & 1) ? Slice(mn, None, step) : Slice(mn, mx, step));
  I(h).emplace_back(s);
  CATCH()
}
JNIEXPORT void JNICALL F(torchIndexAppendFixed)(JNIEnv*, jobject, jlong h, jlong v) { I(h).emplace_back(v); }
JNIEXPORT void JNICALL F(torchIndexAppendArray)(JNIEnv*, jobject, jlong h, jlong t) { I(h).emplace_back(T(t)); }
JNIEXPORT jlong JNICALL F(torchIndexAdvGet)(JNIEnv* env, jobject, jlong t, jlong h) { TRY return H(T(t).index(I(h))); CATCH(0) }
JNIEXPORT void JNICALL F(torchIndexAdvPut)(JNIEnv* env, jobject, jlong t, jlong h, jlong v) { TRY T(t).index_put_(I(h), T(v)); CATCH() }
}
