// The project's own entry points beside DJL's 265: native methods of org.tasl.nn.TaslNative,
// compiled into the same libdjl_torch.so so the JVM finds them once DJL's engine has loaded it
// (JNI resolves a class's natives in the libraries its class loader loaded). They take and
// return the same tensor handles as PyTorchLibrary (ownership rules in djl_torch.h), so an
// op here stays on the autograd tape exactly like DJL's own ops.
#include "djl_torch.h"

#include <array>

#ifdef DJL_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#include <cuda_runtime_api.h>
#if DJL_TORCH_AT_LEAST(2, 1)
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#define TASL_CUDA_GRAPHS 1
#endif
#endif

#define TASL_FN(ret, name, ...) \
  extern "C" JNIEXPORT ret JNICALL Java_org_tasl_nn_TaslNative_##name(JNIEnv* env, jclass, ##__VA_ARGS__)

// What this build offers: bit 0 = fused scaled-dot-product attention (torch >= 2.1, the first
// with the `scale` argument), bit 1 = CUDA memory statistics, bit 2 = the one-call AdamW step,
// bit 3 = the one-call gradient statistics of StepReadout, bit 4 = CUDA graphs (capture on a
// stream of the caller's own, replay; torch >= 2.1 built with the CUDA headers), bit 5 = the
// multi-tensor (_foreach) step updates, bit 6 = choosing scaled-dot-product attention's kernels
// (torch >= 2.4, the first with the cuDNN backend's switch).
TASL_FN(jint, nativeFeatures) {
  jint f = 4 | 8 | 32;
#if DJL_TORCH_AT_LEAST(2, 4)
  f |= 64;
#endif
#ifdef TASL_CUDA_GRAPHS
  f |= 16;
#endif
#if DJL_TORCH_AT_LEAST(2, 1)
  f |= 1;
#endif
#ifdef DJL_WITH_CUDA
  f |= 2;
#endif
  return f;
}

// softmax(q·kᵀ·scale + mask)·v over [B, H, T, d] tensors; mask (0 = none) is added to the scores
// (a float mask) or selects (a bool mask, true = attend). Differentiable in q, k, v.
TASL_FN(jlong, scaledDotProductAttention, jlong q, jlong k, jlong v, jlong mask, jdouble dropout, jboolean causal,
        jdouble scale) {
  DJL_TRY
#if DJL_TORCH_AT_LEAST(2, 1)
  c10::optional<torch::Tensor> m;
  if (mask != 0) m = djl::T(mask);
  return djl::wrap(at::scaled_dot_product_attention(djl::T(q), djl::T(k), djl::T(v), m, dropout, causal == JNI_TRUE,
                                                    c10::optional<double>(scale)));
#else
  (void)q; (void)k; (void)v; (void)mask; (void)dropout; (void)causal; (void)scale;
  djl::throw_engine(env, "scaled_dot_product_attention needs PyTorch >= 2.1; this library was built against "
                         TORCH_VERSION);
  return 0;
#endif
  DJL_CATCH(0)
}

// Which kernels scaled_dot_product_attention may pick, process-wide (what torch.backends.cuda's
// enable_flash_sdp / enable_mem_efficient_sdp / enable_math_sdp / enable_cudnn_sdp set): a mask of
// 1 = flash, 2 = memory-efficient, 4 = math, 8 = cuDNN. -1 leaves them and only reports them.
// Returns the mask in force afterwards.
TASL_FN(jint, sdpaBackends, jint mask) {
  DJL_TRY
#if DJL_TORCH_AT_LEAST(2, 4)
  auto& ctx = at::globalContext();
  if (mask >= 0) {
    ctx.setSDPUseFlash((mask & 1) != 0);
    ctx.setSDPUseMemEfficient((mask & 2) != 0);
    ctx.setSDPUseMath((mask & 4) != 0);
    ctx.setSDPUseCuDNN((mask & 8) != 0);
  }
  return (ctx.userEnabledFlashSDP() ? 1 : 0) | (ctx.userEnabledMemEfficientSDP() ? 2 : 0) |
         (ctx.userEnabledMathSDP() ? 4 : 0) | (ctx.userEnabledCuDNNSDP() ? 8 : 0);
#else
  (void)mask;
  djl::throw_engine(env, "choosing attention kernels needs PyTorch >= 2.4; this library was built against " TORCH_VERSION);
  return 0;
#endif
  DJL_CATCH(0)
}

// Peak bytes allocated by the caching allocator on a CUDA device since the last reset (what
// torch.cuda.max_memory_allocated reports); -1 without CUDA.
TASL_FN(jlong, cudaPeakAllocatedBytes, jint device) {
  DJL_TRY
#ifdef DJL_WITH_CUDA
  auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device);
  return static_cast<jlong>(stats.allocated_bytes[0].peak);  // [0] = StatType::AGGREGATE in every version
#else
  (void)device;
  return -1;
#endif
  DJL_CATCH(-1)
}

// Bytes the caching allocator has on a CUDA device now: allocated to live tensors (what = 0) or
// reserved from CUDA (what = 1, cached free blocks and graph pools included); -1 without CUDA.
TASL_FN(jlong, cudaCurrentBytes, jint device, jint what) {
  DJL_TRY
#ifdef DJL_WITH_CUDA
  auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device);
  return static_cast<jlong>(what == 0 ? stats.allocated_bytes[0].current : stats.reserved_bytes[0].current);
#else
  (void)device; (void)what;
  return -1;
#endif
  DJL_CATCH(-1)
}

TASL_FN(void, cudaResetPeak, jint device) {
  DJL_TRY
#ifdef DJL_WITH_CUDA
  c10::cuda::CUDACachingAllocator::resetPeakStats(device);
#else
  (void)device;
#endif
  DJL_CATCH_VOID
}

// One AdamW step over every trainable tensor in one call: for each i, exactly the ATen ops that
// org.tasl.train.AdamW's per-tensor Java loop dispatches one JNI call at a time (same ops, same
// order, same operands), so the parameters and moments come out bit-identical; what goes is
// ~15 JNI crossings, Java handles and scalar tensors per tensor. Every number enters as DJL's
// x.mul(Number) passes it: a 0-dim float32 tensor on the tensors' device, not a C++ scalar. For
// float32 both forms compute the same; with C++ scalars the bfloat16 case came out one bf16 ulp
// off the loop on the H200 (a 0-dim device tensor is a regular operand, converted to the common
// type, where a C++ scalar multiplies in float; and CUDA divides by a CPU scalar as a product with
// its reciprocal). The scalars come from Java already computed in float.
//   m ← m·β1 + g·(1−β1);  v ← v·β2 + g²·(1−β2);  w ← w·(1−lr·λ) (when decay);
//   w ← w − lr · (m / bc1) / (√(v / bc2) + ε)
TASL_FN(void, adamWStep, jlongArray params, jlongArray grads, jlongArray expAvg, jlongArray expAvgSq, jfloat beta1,
        jfloat oneMinusBeta1, jfloat beta2, jfloat oneMinusBeta2, jfloat bc1, jfloat bc2, jfloat eps, jboolean decay,
        jfloat decayFactor, jfloat lr) {
  DJL_TRY
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> w = djl::tensors(env, params);
  std::vector<torch::Tensor> g = djl::tensors(env, grads);
  std::vector<torch::Tensor> m = djl::tensors(env, expAvg);
  std::vector<torch::Tensor> v = djl::tensors(env, expAvgSq);
  if (g.size() != w.size() || m.size() != w.size() || v.size() != w.size()) {
    throw std::invalid_argument("adamWStep: " + std::to_string(w.size()) + " parameters but " +
                                std::to_string(g.size()) + " gradients, " + std::to_string(m.size()) + " and " +
                                std::to_string(v.size()) + " moments");
  }
  if (w.empty()) return;
  auto number = [&](float x) { return at::scalar_tensor(x, w[0].options().dtype(at::kFloat)); };
  const torch::Tensor b1 = number(beta1), omb1 = number(oneMinusBeta1), b2 = number(beta2),
                      omb2 = number(oneMinusBeta2), c1 = number(bc1), c2 = number(bc2), e = number(eps),
                      keep = number(decayFactor), rate = number(lr);
  for (size_t i = 0; i < w.size(); i++) {
    m[i].mul_(b1).add_(g[i].mul(omb1));
    v[i].mul_(b2).add_(g[i].square().mul_(omb2));
    torch::Tensor denom = v[i].div(c2).sqrt().add_(e);
    torch::Tensor update = m[i].div(c1).div_(denom);
    if (decay == JNI_TRUE) w[i].mul_(keep);
    w[i].sub_(update.mul_(rate));
  }
  DJL_CATCH_VOID
}

// Per gradient, in order: its sum of squares (in the gradient's type) and its largest magnitude,
// each then cast to float64, as one [2N] float64 tensor: exactly the pieces that
// org.tasl.train.StepReadout's Java loop builds with 8 JNI calls per tensor, so the global norm and
// the finiteness it reads are bit-identical. The caller passes non-empty tensors on one device.
TASL_FN(jlong, gradientStats, jlongArray grads) {
  DJL_TRY
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> g = djl::tensors(env, grads);
  std::vector<torch::Tensor> pieces;
  pieces.reserve(2 * g.size());
  for (const torch::Tensor& t : g) {
    pieces.push_back(t.square().sum().to(torch::kDouble).reshape({1}));
    pieces.push_back(t.abs().max().to(torch::kDouble).reshape({1}));
  }
  return djl::wrap(torch::cat(pieces));
  DJL_CATCH(0)
}

// ---- Multi-tensor step updates (feature bit 5; org.tasl.nn.MultiTensor) --------------------------
// The per-step bookkeeping of a LoRA run touches ~50 small float32 tensors with ~30 element-wise
// ops each; one kernel launch per tensor and op (~1,500 a step, each ~5-10 us of host work) cost
// more than the captured forward and backward pass on a GPU. torch's _foreach_* ops apply one op
// to a whole list: on a GPU with one launch per ~50-110 tensors (multi_tensor_apply), on the CPU
// as the same per-tensor op in a loop. Each element sees the same float32 operation in the same
// order as the per-tensor code they replace (a number enters as a float, which is how a float32
// kernel multiplies by a 0-dim float32 tensor too): bit-identical on the CPU; on the H200 the AdamW
// update came out one ulp apart in some elements (multi_tensor_apply's rounding); the callers pass
// float32 tensors only (for bfloat16 a 0-dim float32 operand is rounded to bf16 first, a Scalar
// is not) and keep their per-tensor loops as the reference.
namespace {
using TensorVec = std::vector<torch::Tensor>;

// The four lists of a multi-tensor update (parameters, gradients, two states), of equal length.
std::array<TensorVec, 4> four_lists(JNIEnv* env, const char* what, jlongArray a, jlongArray b, jlongArray c,
                                    jlongArray d) {
  std::array<TensorVec, 4> out{djl::tensors(env, a), djl::tensors(env, b), djl::tensors(env, c), djl::tensors(env, d)};
  for (size_t i = 1; i < out.size(); i++) {
    if (out[i].size() != out[0].size()) {
      throw std::invalid_argument(std::string(what) + ": " + std::to_string(out[0].size()) + " parameters but a list of " +
                                  std::to_string(out[i].size()) + " tensors (argument " + std::to_string(i + 1) + ")");
    }
  }
  return out;
}
}  // namespace

// AdamW over float32 lists, the ops of adamWStep below in the same order:
//   m ← m·β1 + g·(1−β1);  v ← v·β2 + (g·g)·(1−β2);  w ← w·(1−lr·λ) (when decay);
//   w ← w − (m / bc1) / (√(v / bc2) + ε) · lr
TASL_FN(void, adamWStepMulti, jlongArray params, jlongArray grads, jlongArray expAvg, jlongArray expAvgSq, jfloat beta1,
        jfloat oneMinusBeta1, jfloat beta2, jfloat oneMinusBeta2, jfloat bc1, jfloat bc2, jfloat eps, jboolean decay,
        jfloat decayFactor, jfloat lr) {
  DJL_TRY
  torch::NoGradGuard no_grad;
  auto [w, g, m, v] = four_lists(env, "adamWStepMulti", params, grads, expAvg, expAvgSq);
  if (w.empty()) return;
  at::_foreach_mul_(m, beta1);
  at::_foreach_add_(m, at::_foreach_mul(g, oneMinusBeta1));
  at::_foreach_mul_(v, beta2);
  TensorVec sq = at::_foreach_mul(g, g);
  at::_foreach_mul_(sq, oneMinusBeta2);
  at::_foreach_add_(v, sq);
  TensorVec denom = at::_foreach_div(v, bc2);
  at::_foreach_sqrt_(denom);
  at::_foreach_add_(denom, eps);
  TensorVec update = at::_foreach_div(m, bc1);
  at::_foreach_div_(update, denom);
  if (decay == JNI_TRUE) at::_foreach_mul_(w, decayFactor);
  at::_foreach_mul_(update, lr);
  at::_foreach_sub_(w, update);
  DJL_CATCH_VOID
}

// Per gradient, in order: its squared L2 norm (as torch.nn.utils.clip_grad_norm_ computes norms:
// _foreach_norm, in float, squared in float64) and its largest magnitude, as one [2N] float64
// tensor (the layout of gradientStats, in a few launches instead of ~6 per tensor). The squared
// norm rounds differently from a sum of squares in the last bits; a NaN anywhere makes it NaN
// (the largest magnitude may skip NaN here), an infinity makes the largest magnitude infinite.
TASL_FN(jlong, gradientStatsMulti, jlongArray grads) {
  DJL_TRY
  torch::NoGradGuard no_grad;
  TensorVec g = djl::tensors(env, grads);
  TensorVec l2 = at::_foreach_norm(g, 2);
  TensorVec inf = at::_foreach_norm(g, std::numeric_limits<double>::infinity());
  TensorVec pieces;
  pieces.reserve(2 * g.size());
  for (size_t i = 0; i < g.size(); i++) {
    pieces.push_back(l2[i].reshape({1}));
    pieces.push_back(inf[i].reshape({1}));
  }
  torch::Tensor out = torch::cat(pieces).to(torch::kDouble);
  torch::Tensor norms = out.slice(0, 0, out.size(0), 2);
  norms.mul_(norms);  // squared in float64, in place (a strided view of out)
  return djl::wrap(out);
  DJL_CATCH(0)
}

// grads ← grads · factor, for gradient clipping (float32 lists).
TASL_FN(void, scaleInPlace, jlongArray tensors, jfloat factor) {
  DJL_TRY
  torch::NoGradGuard no_grad;
  TensorVec t = djl::tensors(env, tensors);
  if (!t.empty()) at::_foreach_mul_(t, factor);
  DJL_CATCH_VOID
}

// The importance EMA of org.tasl.cl.ImportanceTracker over float32 lists, the ops of its loop in
// the same order. metric: 0 = |w·g|, 1 = |(w·g)·(w·g)·(−½) + w·g|, 2 = (w·g)·(w·g). With s the score
// and d = s − Ī:  Ī ← Ī + d·(1−β1);  Ū ← Ū·β2 + |d|·((1−β2)·β1).
TASL_FN(void, importanceUpdateMulti, jlongArray params, jlongArray grads, jlongArray sensitivity,
        jlongArray uncertainty, jint metric, jfloat oneMinusBeta1, jfloat beta2, jfloat uncertaintyFactor) {
  DJL_TRY
  torch::NoGradGuard no_grad;
  auto [w, g, ibar, ubar] = four_lists(env, "importanceUpdateMulti", params, grads, sensitivity, uncertainty);
  if (w.empty()) return;
  TensorVec s = at::_foreach_mul(w, g);
  if (metric == 0) {
    at::_foreach_abs_(s);
  } else if (metric == 1) {
    TensorVec sq = at::_foreach_mul(s, s);
    at::_foreach_mul_(sq, -0.5f);
    at::_foreach_add_(sq, s);
    at::_foreach_abs_(sq);
    s = std::move(sq);
  } else if (metric == 2) {
    s = at::_foreach_mul(s, s);
  } else {
    throw std::invalid_argument("importanceUpdateMulti: unknown metric " + std::to_string(metric));
  }
  TensorVec d = at::_foreach_sub(s, ibar);
  at::_foreach_add_(ibar, at::_foreach_mul(d, oneMinusBeta1));
  at::_foreach_mul_(ubar, beta2);
  at::_foreach_abs_(d);
  at::_foreach_mul_(d, uncertaintyFactor);
  at::_foreach_add_(ubar, d);
  DJL_CATCH_VOID
}

// Sets the .grad of every parameter that has one to zeros (what JniUtils.zeroGrad does per
// tensor), in one call.
TASL_FN(void, zeroGradients, jlongArray params) {
  DJL_TRY
  torch::NoGradGuard no_grad;
  TensorVec p = djl::tensors(env, params);
  TensorVec grads;
  grads.reserve(p.size());
  for (torch::Tensor& t : p) {
    if (t.grad().defined()) grads.push_back(t.mutable_grad());
  }
  if (!grads.empty()) at::_foreach_zero_(grads);
  DJL_CATCH_VOID
}

// ---- CUDA graphs (org.tasl.nn.CudaStreamScope, org.tasl.nn.CudaGraph) ---------------------------
// A training loop that replays captured steps runs on a stream of its own: a capture must happen
// on a non-default stream, and a stream created here (not one of PyTorch's pooled streams, which
// are handed out round-robin) is never shared with another run of the same process, so a capture
// can only ever record this run's kernels. Capture uses cudaStreamCaptureModeThreadLocal: other
// threads (other runs of a threads sweep) may keep allocating and copying while one run captures.
// Compiled only where they can work (feature bit 4): Java calls them only when the bit is set.
#ifdef TASL_CUDA_GRAPHS
namespace {
struct StreamScope {
  cudaStream_t raw;
  c10::cuda::CUDAStream previous;
  int device;
};
struct GraphPool {
  decltype(at::cuda::graph_pool_handle()) id;  // MempoolId_t, whose namespace moved between versions
};

void check_cuda(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(e));
}

// `waiter` waits for all work queued so far on `on`.
void order_after(cudaStream_t waiter, cudaStream_t on) {
  cudaEvent_t ev;
  check_cuda(cudaEventCreateWithFlags(&ev, cudaEventDisableTiming), "cudaEventCreate");
  check_cuda(cudaEventRecord(ev, on), "cudaEventRecord");
  check_cuda(cudaStreamWaitEvent(waiter, ev, 0), "cudaStreamWaitEvent");
  check_cuda(cudaEventDestroy(ev), "cudaEventDestroy");
}
}  // namespace

// Makes a new stream on `device` the calling thread's current one (after the work already queued
// on the previous current stream); returns the scope's handle for streamScopeExit.
TASL_FN(jlong, streamScopeEnter, jint device) {
  DJL_TRY
  if (device < 0) device = c10::cuda::current_device();  // DJL's "gpu" without an index
  c10::cuda::CUDAGuard guard(static_cast<c10::DeviceIndex>(device));
  c10::cuda::CUDAStream previous = c10::cuda::getCurrentCUDAStream(static_cast<c10::DeviceIndex>(device));
  cudaStream_t raw;
  check_cuda(cudaStreamCreateWithFlags(&raw, cudaStreamNonBlocking), "cudaStreamCreate");
  order_after(raw, previous.stream());
  auto* scope = new StreamScope{raw, previous, device};
  c10::cuda::setCurrentCUDAStream(c10::cuda::getStreamFromExternal(raw, static_cast<c10::DeviceIndex>(device)));
  return reinterpret_cast<jlong>(scope);
  DJL_CATCH(0)
}

// Restores the previous current stream, which then waits for everything queued on the scope's
// stream; the stream is destroyed once its work is done (cudaStreamDestroy does not wait, CUDA
// releases it after its last work).
TASL_FN(void, streamScopeExit, jlong handle) {
  DJL_TRY
  auto* scope = reinterpret_cast<StreamScope*>(handle);
  order_after(scope->previous.stream(), scope->raw);
  c10::cuda::setCurrentCUDAStream(scope->previous);
  check_cuda(cudaStreamDestroy(scope->raw), "cudaStreamDestroy");
  delete scope;
  DJL_CATCH_VOID
}

// A memory pool that the graphs of one training loop share (their temporaries are rewritten before
// they are read in every replay, and a loop replays one graph at a time on one stream).
TASL_FN(jlong, graphPoolNew) {
  DJL_TRY
  return reinterpret_cast<jlong>(new GraphPool{at::cuda::graph_pool_handle()});
  DJL_CATCH(0)
}

TASL_FN(void, graphPoolDelete, jlong pool) {
  DJL_TRY
  delete reinterpret_cast<GraphPool*>(pool);
  DJL_CATCH_VOID
}

// Starts capturing the calling thread's current stream (which must be a scope's stream) into a
// new graph whose allocations come from `pool`; returns the graph.
TASL_FN(jlong, graphCaptureBegin, jlong pool) {
  DJL_TRY
  // checked here, before capture_begin: it puts the default random generator into capture mode
  // first and would leave it there (every later dropout of the process then fails)
  if (c10::cuda::getCurrentCUDAStream() == c10::cuda::getDefaultCUDAStream()) {
    throw std::runtime_error("a CUDA graph must be captured inside a CudaStreamScope (the current stream is the default one)");
  }
  auto graph = std::make_unique<at::cuda::CUDAGraph>();
  graph->capture_begin(reinterpret_cast<GraphPool*>(pool)->id, cudaStreamCaptureModeThreadLocal);
  return reinterpret_cast<jlong>(graph.release());
  DJL_CATCH(0)
}

TASL_FN(void, graphCaptureEnd, jlong graph) {
  DJL_TRY
  reinterpret_cast<at::cuda::CUDAGraph*>(graph)->capture_end();
  DJL_CATCH_VOID
}

// After an op failed during capture: ends the (invalidated) capture on the current stream, clears
// the error it left, stops routing the stream's allocations into the pool and drops the graph.
// Returns the CUDA error text of ending the capture ("" when it ended cleanly).
TASL_FN(jstring, graphAbort, jlong graph, jlong pool, jint device) {
  DJL_TRY
  if (device < 0) device = c10::cuda::current_device();
  std::string what;
  cudaStream_t stream = c10::cuda::getCurrentCUDAStream(static_cast<c10::DeviceIndex>(device)).stream();
  cudaStreamCaptureStatus status;
  if (cudaStreamIsCapturing(stream, &status) == cudaSuccess && status != cudaStreamCaptureStatusNone) {
    cudaGraph_t partial = nullptr;
    cudaError_t e = cudaStreamEndCapture(stream, &partial);
    if (e != cudaSuccess) what = cudaGetErrorString(e);
    if (partial != nullptr) cudaGraphDestroy(partial);
  }
  (void)cudaGetLastError();
  c10::cuda::CUDACachingAllocator::endAllocateToPool(static_cast<c10::DeviceIndex>(device),
                                                     reinterpret_cast<GraphPool*>(pool)->id);
  // The graph object itself is leaked on purpose: its destructor would release a pool entry its
  // failed capture never completed, and a failed capture happens at most once per training loop.
  (void)graph;
  return env->NewStringUTF(what.c_str());
  DJL_CATCH(nullptr)
}

TASL_FN(void, graphReplay, jlong graph) {
  DJL_TRY
  reinterpret_cast<at::cuda::CUDAGraph*>(graph)->replay();
  DJL_CATCH_VOID
}

TASL_FN(void, graphDelete, jlong graph) {
  DJL_TRY
  delete reinterpret_cast<at::cuda::CUDAGraph*>(graph);
  DJL_CATCH_VOID
}
#endif  // TASL_CUDA_GRAPHS

// dst ← src in place (same shape and type, same device), as one kernel on the current stream: how
// a replayed graph's fixed input tensors receive the next batch.
TASL_FN(void, copyInto, jlong dst, jlong src) {
  DJL_TRY
  torch::NoGradGuard no_grad;
  djl::T(dst).copy_(djl::T(src));
  DJL_CATCH_VOID
}
