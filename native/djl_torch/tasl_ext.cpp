// The project's own entry points beside DJL's 265: native methods of org.tasl.nn.TaslNative,
// compiled into the same libdjl_torch.so so the JVM finds them once DJL's engine has loaded it
// (JNI resolves a class's natives in the libraries its class loader loaded). They take and
// return the same tensor handles as PyTorchLibrary (ownership rules in djl_torch.h), so an
// op here stays on the autograd tape exactly like DJL's own ops.
#include "djl_torch.h"

#ifdef DJL_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#define TASL_FN(ret, name, ...) \
  extern "C" JNIEXPORT ret JNICALL Java_org_tasl_nn_TaslNative_##name(JNIEnv* env, jclass, ##__VA_ARGS__)

// What this build offers: bit 0 = fused scaled-dot-product attention (torch >= 2.1, the first
// with the `scale` argument), bit 1 = CUDA memory statistics, bit 2 = the one-call AdamW step,
// bit 3 = the one-call gradient statistics of StepReadout.
TASL_FN(jint, nativeFeatures) {
  jint f = 4 | 8;
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
// order, same scalar values), so the parameters and moments come out bit-identical; what goes is
// ~15 JNI crossings, Java handles and scalar tensors per tensor (on a GPU each DJL scalar is a
// host-to-device copy). The two divisions take a 0-dim float32 tensor on the tensors' device, as
// DJL's div(Number) does: CUDA divides by a CPU scalar as a multiplication by its reciprocal, which
// would round differently. The scalars come from Java already computed in float.
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
  for (size_t i = 0; i < w.size(); i++) {
    m[i].mul_(beta1).add_(g[i].mul(oneMinusBeta1));
    v[i].mul_(beta2).add_(g[i].square().mul_(oneMinusBeta2));
    torch::Tensor denom = v[i].div(at::scalar_tensor(bc2, v[i].options().dtype(at::kFloat))).sqrt().add_(eps);
    torch::Tensor update = m[i].div(at::scalar_tensor(bc1, m[i].options().dtype(at::kFloat))).div_(denom);
    if (decay == JNI_TRUE) w[i].mul_(decayFactor);
    w[i].sub_(update.mul_(lr));
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
