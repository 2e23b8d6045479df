// Tensor identity, data movement, creation, indexing, autograd and the fused optimizer updates.
#include "djl_torch.h"

using namespace djl;
using TensorIndices = std::vector<at::indexing::TensorIndex>;

namespace {

TensorIndices& IDX(jlong handle) { return *reinterpret_cast<TensorIndices*>(handle); }

// Dense, contiguous, on the CPU: what Java can read bytes from.
torch::Tensor host_view(const torch::Tensor& t) {
  torch::Tensor out = (t.is_sparse() || t.is_mkldnn()) ? t.to_dense() : t;
  if (!out.device().is_cpu()) out = out.to(torch::kCPU);
  return out.is_contiguous() ? out : out.contiguous();
}

TensorIndices slices(JNIEnv* env, jlongArray jmin, jlongArray jmax, jlongArray jstep) {
  auto mins = longs(env, jmin), maxs = longs(env, jmax), steps = longs(env, jstep);
  TensorIndices out;
  for (size_t i = 0; i < mins.size(); ++i) out.emplace_back(at::indexing::Slice(mins[i], maxs[i], steps[i]));
  return out;
}

// The creation functions differ only in the factory: this keeps them one line each.
template <typename F>
jlong create(JNIEnv* env, jint dtype, jint layout, jintArray jdevice, jboolean requires_grad, F factory) {
  DJL_TRY
  auto o = options(env, dtype, layout, jdevice, JNI_FALSE);
  torch::Tensor t = apply_layout(factory(o), layout);
  if (requires_grad == JNI_TRUE) t.requires_grad_(true);
  return wrap(t);
  DJL_CATCH(0)
}

}  // namespace

// ---- identity and data --------------------------------------------------------------------
DJL_FN(jlongArray, torchSizes, jlong h) { DJL_TRY return to_jlongs(env, T(h).sizes().vec()); DJL_CATCH(nullptr) }
DJL_FN(jint, torchDType, jlong h) { DJL_TRY return djl_dtype(T(h).scalar_type()); DJL_CATCH(0) }
DJL_FN(jboolean, torchIsContiguous, jlong h) { DJL_TRY return T(h).is_contiguous(); DJL_CATCH(JNI_FALSE) }
DJL_FN(jlong, torchToContiguous, jlong h) {
  DJL_TRY
  const auto& t = T(h);
  return wrap((t.is_sparse() || t.is_mkldnn()) ? t.to_dense().contiguous() : t.contiguous());
  DJL_CATCH(0)
}

DJL_FN(jintArray, torchDevice, jlong h) {
  DJL_TRY
  auto d = T(h).device();
  jint values[2] = {static_cast<jint>(d.type()), d.is_cpu() ? -1 : static_cast<jint>(d.index())};
  jintArray out = env->NewIntArray(2);
  env->SetIntArrayRegion(out, 0, 2, values);
  return out;
  DJL_CATCH(nullptr)
}

DJL_FN(jint, torchLayout, jlong h) {
  DJL_TRY
  auto layout = T(h).layout();
  if (layout == torch::kStrided) return 0;
  if (layout == torch::kSparse) return 1;
  if (layout == torch::kMkldnn) return 2;
  throw std::runtime_error("unsupported tensor layout for DJL");
  DJL_CATCH(0)
}

DJL_FN(jbyteArray, torchDataPtr, jlong h) {
  DJL_TRY
  torch::Tensor t = host_view(T(h));
  auto n = static_cast<jsize>(t.numel() * t.element_size());
  jbyteArray out = env->NewByteArray(n);
  if (n > 0) env->SetByteArrayRegion(out, 0, n, static_cast<const jbyte*>(t.data_ptr()));
  return out;
  DJL_CATCH(nullptr)
}

DJL_FN(jobject, torchDirectByteBuffer, jlong h) {
  DJL_TRY
  const auto& t = T(h);
  TORCH_CHECK(t.device().is_cpu() && t.is_contiguous() && t.layout() == torch::kStrided,
              "torchDirectByteBuffer needs a dense contiguous CPU tensor");
  static char empty = 0;
  auto n = static_cast<jlong>(t.numel() * t.element_size());
  return env->NewDirectByteBuffer(n > 0 ? t.data_ptr() : &empty, n);
  DJL_CATCH(nullptr)
}

DJL_FN(jlong, torchTo, jlong h, jint dtype, jintArray jdevice) {
  DJL_TRY
  // Unlike DJL's own natives (which detach here), type and device conversions stay on the
  // autograd tape, as in PyTorch: mixed-precision blocks (bf16 compute, fp32 loss) can train.
  return wrap(T(h).to(device(env, jdevice), scalar_type(dtype), /*non_blocking=*/false));
  DJL_CATCH(0)
}

DJL_FN(jlong, torchToSparse, jlong h) { DJL_TRY torch::NoGradGuard g; return wrap(T(h).to_sparse()); DJL_CATCH(0) }
DJL_FN(jlong, torchToDense, jlong h) { DJL_TRY torch::NoGradGuard g; return wrap(T(h).to_dense()); DJL_CATCH(0) }
DJL_FN(jlong, tensorClone, jlong h) { DJL_TRY torch::NoGradGuard g; return wrap(T(h).clone()); DJL_CATCH(0) }
DJL_FN(jboolean, contentEqual, jlong a, jlong b) { DJL_TRY return T(a).equal(T(b)); DJL_CATCH(JNI_FALSE) }
DJL_FN(void, torchDeleteTensor, jlong h) { DJL_TRY delete reinterpret_cast<torch::Tensor*>(h); DJL_CATCH_VOID }

// ---- creation -----------------------------------------------------------------------------
DJL_FN(jlong, torchEmpty, jlongArray shape, jint dt, jint layout, jintArray dev, jboolean rg) {
  auto s = longs(env, shape);
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::empty(s, o); });
}
DJL_FN(jlong, torchZeros, jlongArray shape, jint dt, jint layout, jintArray dev, jboolean rg) {
  auto s = longs(env, shape);
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::zeros(s, o); });
}
DJL_FN(jlong, torchOnes, jlongArray shape, jint dt, jint layout, jintArray dev, jboolean rg) {
  auto s = longs(env, shape);
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::ones(s, o); });
}
DJL_FN(jlong, torchFull, jlongArray shape, jdouble value, jint dt, jint layout, jintArray dev, jboolean rg) {
  auto s = longs(env, shape);
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::full(s, value, o); });
}
DJL_FN(jlong, torchZerosLike, jlong h, jint dt, jint layout, jintArray dev, jboolean rg) {
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::zeros_like(T(h), o); });
}
DJL_FN(jlong, torchOnesLike, jlong h, jint dt, jint layout, jintArray dev, jboolean rg) {
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::ones_like(T(h), o); });
}
DJL_FN(jlong, torchArange, jfloat start, jfloat end, jfloat step, jint dt, jint layout, jintArray dev, jboolean rg) {
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::arange(start, end, step, o); });
}
DJL_FN(jlong, torchLinspace, jfloat start, jfloat end, jint steps, jint dt, jint layout, jintArray dev, jboolean rg) {
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::linspace(start, end, steps, o); });
}
DJL_FN(jlong, torchEye, jint n, jint m, jint dt, jint layout, jintArray dev, jboolean rg) {
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::eye(n, m, o); });
}
DJL_FN(jlong, torchRandint, jlong low, jlong high, jlongArray shape, jint dt, jint layout, jintArray dev, jboolean rg) {
  auto s = longs(env, shape);
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::randint(low, high, s, o); });
}
DJL_FN(jlong, torchRandPerm, jlong n, jint dt, jint layout, jintArray dev, jboolean rg) {
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::randperm(n, o); });
}
DJL_FN(jlong, torchNormal, jdouble mean, jdouble std, jlongArray shape, jint dt, jint layout, jintArray dev, jboolean rg) {
  auto s = longs(env, shape);
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::empty(s, o).normal_(mean, std); });
}
DJL_FN(jlong, tensorUniform, jdouble from, jdouble to, jlongArray shape, jint dt, jint layout, jintArray dev, jboolean rg) {
  auto s = longs(env, shape);
  return create(env, dt, layout, dev, rg, [&](const torch::TensorOptions& o) { return torch::empty(s, o).uniform_(from, to); });
}
DJL_FN(jlong, torchHannWindow, jlong n, jboolean periodic, jintArray dev) {
  DJL_TRY return wrap(torch::hann_window(n, periodic == JNI_TRUE, torch::TensorOptions().device(device(env, dev)))); DJL_CATCH(0)
}
DJL_FN(jlong, torchSparseCoo, jlongArray shape, jlong indices, jlong values, jboolean rg) {
  DJL_TRY
  const auto& v = T(values);
  auto o = torch::TensorOptions().device(v.device()).dtype(v.dtype()).layout(torch::kSparse).requires_grad(rg == JNI_TRUE);
  return wrap(torch::sparse_coo_tensor(T(indices), v, longs(env, shape), o));
  DJL_CATCH(0)
}

// Aliases the Java direct buffer on the CPU (rule 5); copies it to any other device.
DJL_FN(jlong, torchFromBlob, jobject buffer, jlongArray shape, jint dt, jint layout, jintArray dev, jboolean rg) {
  DJL_TRY
  auto o = torch::TensorOptions();
  if (dt != kUnknownDType) o = o.dtype(scalar_type(dt));
  torch::Tensor t = torch::from_blob(env->GetDirectBufferAddress(buffer), longs(env, shape), o);
  auto target = device(env, dev);
  if (!target.is_cpu()) t = t.to(target);
  t = apply_layout(t, layout);
  if (rg == JNI_TRUE) t.requires_grad_(true);
  return wrap(t);
  DJL_CATCH(0)
}

DJL_FN(void, torchSet, jlong h, jobject buffer) {
  DJL_TRY
  torch::NoGradGuard no_grad;
  auto& t = T(h);
  torch::Tensor src = torch::from_blob(env->GetDirectBufferAddress(buffer), t.sizes(), torch::TensorOptions().dtype(t.dtype()));
  t.set_(t.device().is_cpu() ? src : src.to(t.device()));
  DJL_CATCH_VOID
}

// ---- indexing -----------------------------------------------------------------------------
DJL_FN(jlong, torchGetItem__JJ, jlong h, jlong i) { DJL_TRY return wrap(T(h).index({at::indexing::TensorIndex(static_cast<int64_t>(i))})); DJL_CATCH(0) }
DJL_FN(jlong, torchGetItem__J_3J, jlong h, jlongArray jidx) {
  DJL_TRY
  TensorIndices idx;
  for (int64_t i : longs(env, jidx)) idx.emplace_back(i);
  return wrap(T(h).index(idx));
  DJL_CATCH(0)
}
DJL_FN(jlong, torchIndex, jlong h, jlongArray mn, jlongArray mx, jlongArray st) {
  DJL_TRY return wrap(T(h).index(slices(env, mn, mx, st))); DJL_CATCH(0)
}
DJL_FN(void, torchIndexPut, jlong h, jlong value, jlongArray mn, jlongArray mx, jlongArray st) {
  DJL_TRY T(h).index_put_(slices(env, mn, mx, st), T(value)); DJL_CATCH_VOID
}
DJL_FN(jlong, torchSlice, jlong h, jlong dim, jlong start, jlong end, jlong step) {
  DJL_TRY return wrap(T(h).slice(dim, start, end, step)); DJL_CATCH(0)
}

// An advanced index is built element by element from Java, used once, then deleted.
DJL_FN(jlong, torchIndexInit, jint size) {
  DJL_TRY
  auto* idx = new TensorIndices();
  idx->reserve(size);
  return reinterpret_cast<jlong>(idx);
  DJL_CATCH(0)
}
DJL_FN(void, torchDeleteIndex, jlong h) { DJL_TRY delete reinterpret_cast<TensorIndices*>(h); DJL_CATCH_VOID }
DJL_FN(jlong, torchIndexAdvGet, jlong h, jlong idx) { DJL_TRY return wrap(T(h).index(IDX(idx))); DJL_CATCH(0) }
DJL_FN(void, torchIndexAdvPut, jlong h, jlong idx, jlong data) { DJL_TRY T(h).index_put_(IDX(idx), T(data)); DJL_CATCH_VOID }
DJL_FN(void, torchIndexAppendNoneEllipsis, jlong idx, jboolean ellipsis) {
  DJL_TRY
  if (ellipsis == JNI_TRUE) IDX(idx).emplace_back(at::indexing::Ellipsis);
  else IDX(idx).emplace_back(at::indexing::None);
  DJL_CATCH_VOID
}
// null_slice_binary: bit 1 = min is null, bit 0 = max is null (JniUtils.indexAdv).
DJL_FN(void, torchIndexAppendSlice, jlong idx, jlong mn, jlong mx, jlong step, jint null_slice_binary) {
  DJL_TRY
  using at::indexing::None;
  using at::indexing::Slice;
  switch (null_slice_binary) {
    case 0: IDX(idx).emplace_back(Slice(mn, mx, step)); break;
    case 1: IDX(idx).emplace_back(Slice(mn, None, step)); break;
    case 2: IDX(idx).emplace_back(Slice(None, mx, step)); break;
    default: IDX(idx).emplace_back(Slice(None, None, step)); break;
  }
  DJL_CATCH_VOID
}
DJL_FN(void, torchIndexAppendFixed, jlong idx, jlong i) { DJL_TRY IDX(idx).emplace_back(static_cast<int64_t>(i)); DJL_CATCH_VOID }
DJL_FN(void, torchIndexAppendArray, jlong idx, jlong array) { DJL_TRY IDX(idx).emplace_back(T(array)); DJL_CATCH_VOID }

// ---- autograd -----------------------------------------------------------------------------
DJL_FN(jboolean, torchRequiresGrad, jlong h) { DJL_TRY return T(h).requires_grad(); DJL_CATCH(JNI_FALSE) }
DJL_FN(jstring, torchGradFnName, jlong h) {
  DJL_TRY
  const auto& fn = T(h).grad_fn();
  return fn ? env->NewStringUTF(fn->name().c_str()) : nullptr;
  DJL_CATCH(nullptr)
}
DJL_FN(void, torchAttachGrad, jlong h, jboolean on) { DJL_TRY T(h).requires_grad_(on == JNI_TRUE); DJL_CATCH_VOID }
DJL_FN(jlong, torchGrad, jlong h) {
  DJL_TRY
  const auto& g = T(h).grad();
  return g.defined() ? wrap(g) : 0;
  DJL_CATCH(0)
}
DJL_FN(jlong, torchDetachGrad, jlong h) { DJL_TRY return wrap(T(h).detach()); DJL_CATCH(0) }
DJL_FN(void, torchBackward, jlong h, jlong grad, jboolean keep_graph, jboolean create_graph) {
  DJL_TRY T(h).backward(opt(grad), keep_graph == JNI_TRUE, create_graph == JNI_TRUE); DJL_CATCH_VOID
}
DJL_FN(void, zeroGrad, jlong h) {
  DJL_TRY
  torch::NoGradGuard no_grad;
  auto& g = T(h).mutable_grad();
  if (g.defined()) g.zero_();
  DJL_CATCH_VOID
}

// ---- DJL's optimizer updates (MXNet conventions: rescale, clip >= 0, weight decay) --------
DJL_FN(void, adamUpdate, jlong weight, jlong grad, jlong mean, jlong variance, jfloat lr, jfloat lr_bias_correction,
       jfloat wd, jfloat rescale_grad, jfloat clip_grad, jfloat beta1, jfloat beta2, jfloat eps, jboolean adamw) {
  DJL_TRY
  torch::NoGradGuard no_grad;
  auto& w = T(weight);
  torch::Tensor g = T(grad).clone();
  if (rescale_grad != 1.0f) g.mul_(rescale_grad);
  if (clip_grad >= 0.0f) g.clamp_max_(clip_grad);
  if (adamw == JNI_TRUE) w.sub_(w.mul(lr).mul(wd));
  else g.add_(w, wd);
  T(mean).mul_(beta1).add_(g, 1 - beta1);
  T(variance).mul_(beta2).addcmul_(g, g, 1 - beta2);
  w.sub_(T(mean).mul(lr_bias_correction).div(T(variance).sqrt().add(eps)));
  DJL_CATCH_VOID
}

DJL_FN(void, sgdUpdate, jlong weight, jlong grad, jlong state, jfloat lr, jfloat wd, jfloat rescale_grad,
       jfloat clip_grad, jfloat momentum) {
  DJL_TRY
  torch::NoGradGuard no_grad;
  auto& w = T(weight);
  torch::Tensor g = T(grad).clone();
  if (rescale_grad != 1.0f) g.mul_(rescale_grad);
  if (clip_grad >= 0.0f) g.clamp_max_(clip_grad);
  g.add_(w, wd).mul_(lr);
  if (momentum == 0.0f) {
    w.sub_(g);
  } else {
    T(state).mul_(momentum).add_(g);
    w.sub_(T(state));
  }
  DJL_CATCH_VOID
}
