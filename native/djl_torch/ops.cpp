// The one-line tensor operations, as tables: each line is the Java method and the libtorch
// expression over its arguments (a, b: borrowed tensors; the result is a new handle).
#include "djl_torch.h"

using namespace djl;

#define UNARY(name, expr) \
  DJL_FN(jlong, name, jlong ha) { DJL_TRY const auto& a = T(ha); return wrap(expr); DJL_CATCH(0) }
#define BINARY(name, expr) \
  DJL_FN(jlong, name, jlong ha, jlong hb) { DJL_TRY const auto& a = T(ha); const auto& b = T(hb); return wrap(expr); DJL_CATCH(0) }
#define INPLACE_UNARY(name, expr) \
  DJL_FN(void, name, jlong ha) { DJL_TRY auto& a = T(ha); expr; DJL_CATCH_VOID }
#define INPLACE_BINARY(name, expr) \
  DJL_FN(void, name, jlong ha, jlong hb) { DJL_TRY auto& a = T(ha); const auto& b = T(hb); expr; DJL_CATCH_VOID }
// One tensor plus scalar arguments: ARGS is the JNI parameter list after the tensor.
#define WITH_ARGS(name, ARGS, expr) \
  DJL_FN(jlong, name, jlong ha, ARGS) { DJL_TRY const auto& a = T(ha); return wrap(expr); DJL_CATCH(0) }
#define COMMA ,

// ---- elementwise, one tensor --------------------------------------------------------------
UNARY(torchAbs, a.abs())
UNARY(torchSquare, a.square())
UNARY(torchFloor, a.floor())
UNARY(torchCeil, a.ceil())
UNARY(torchRound, a.round())
UNARY(torchTrunc, a.trunc())
UNARY(torchExp, a.exp())
UNARY(torchLgamma, a.lgamma())
UNARY(torchLog, a.log())
UNARY(torchLog10, a.log10())
UNARY(torchLog2, a.log2())
UNARY(torchSin, a.sin())
UNARY(torchCos, a.cos())
UNARY(torchTan, a.tan())
UNARY(torchASin, a.asin())
UNARY(torchAcos, a.acos())
UNARY(torchAtan, a.atan())
UNARY(torchSqrt, a.sqrt())
UNARY(torchSinh, a.sinh())
UNARY(torchCosh, a.cosh())
UNARY(torchTanh, a.tanh())
UNARY(torchSigmoid, a.sigmoid())
UNARY(torchSign, a.sign())
UNARY(torchNeg, a.neg())
UNARY(torchErf, a.erf())
UNARY(torchErfinv, a.erfinv())
UNARY(torchIsNaN, a.isnan())
UNARY(torchIsInf, a.isinf())
UNARY(torchLogicalNot, a.logical_not())
UNARY(torchInverse, torch::linalg_inv(a))
UNARY(conj, a.conj_physical())
UNARY(torchViewAsReal, torch::view_as_real(a).clone())
UNARY(torchViewAsComplex, torch::view_as_complex(a).clone())
UNARY(torchNNRelu, torch::relu(a))
UNARY(torchNNSelu, torch::selu(a))
UNARY(torchNNGelu, torch::gelu(a))
UNARY(torchNNSoftPlus, torch::softplus(a))
UNARY(torchNNSoftSign, a / (a.abs() + 1))
INPLACE_UNARY(torchNegi, a.neg_())
INPLACE_UNARY(torchSigni, a.sign_())

// ---- elementwise, two tensors (broadcasting) ----------------------------------------------
BINARY(torchAdd, a.add(b))
BINARY(torchSub, a.sub(b))
BINARY(torchMul, a.mul(b))
BINARY(torchTrueDivide, a.div(b))
BINARY(torchRemainder, a.remainder(b))
BINARY(torchPow, a.pow(b))
BINARY(torchAtan2, a.atan2(b))
BINARY(torchXLogY, a.xlogy(b))
BINARY(torchMaximum, a.maximum(b))
BINARY(torchMinimum, a.minimum(b))
BINARY(torchLogicalAnd, a.logical_and(b))
BINARY(torchLogicalOr, a.logical_or(b))
BINARY(torchLogicalXor, a.logical_xor(b))
BINARY(torchEq, a.eq(b))
BINARY(torchNeq, a.ne(b))
BINARY(torchGt, a.gt(b))
BINARY(torchGte, a.ge(b))
BINARY(torchLt, a.lt(b))
BINARY(torchLte, a.le(b))
INPLACE_BINARY(torchAddi, a.add_(b))
INPLACE_BINARY(torchSubi, a.sub_(b))
INPLACE_BINARY(torchMuli, a.mul_(b))
INPLACE_BINARY(torchTrueDividei, a.div_(b))
INPLACE_BINARY(torchRemainderi, a.remainder_(b))
INPLACE_BINARY(torchPowi, a.pow_(b))

// ---- products ------------------------------------------------------------------------------
BINARY(torchMatmul, a.matmul(b))
BINARY(torchBmm, a.bmm(b))
BINARY(torchDot, a.dot(b))

// ---- reductions ----------------------------------------------------------------------------
UNARY(torchArgMax__J, a.argmax())
UNARY(torchArgMin__J, a.argmin())
UNARY(torchMax__J, a.max())
UNARY(torchMin__J, a.min())
UNARY(torchMean__J, a.mean())
UNARY(torchSum__J, a.sum())
UNARY(torchProd__J, a.prod())
UNARY(torchAll, a.all())
UNARY(torchAny, a.any())
UNARY(torchNone, a.any().logical_not())
WITH_ARGS(torchArgMax__JJZ, jlong dim COMMA jboolean keep, a.argmax(dim, keep == JNI_TRUE))
WITH_ARGS(torchArgMin__JJZ, jlong dim COMMA jboolean keep, a.argmin(dim, keep == JNI_TRUE))
WITH_ARGS(torchMax__JJZ, jlong dim COMMA jboolean keep, std::get<0>(a.max(dim, keep == JNI_TRUE)))
WITH_ARGS(torchMin__JJZ, jlong dim COMMA jboolean keep, std::get<0>(a.min(dim, keep == JNI_TRUE)))
WITH_ARGS(torchMean__JJZ, jlong dim COMMA jboolean keep, a.mean(dim, keep == JNI_TRUE))
WITH_ARGS(torchProd__JJZ, jlong dim COMMA jboolean keep, a.prod(dim, keep == JNI_TRUE))
WITH_ARGS(torchSum__J_3JZ, jlongArray dims COMMA jboolean keep, a.sum(longs(env, dims), keep == JNI_TRUE))
WITH_ARGS(torchCumSum, jlong dim, a.cumsum(dim))
WITH_ARGS(torchCumProd, jlong dim COMMA jint dt, dt == -1 ? a.cumprod(dim) : a.cumprod(dim, scalar_type(dt)))
WITH_ARGS(torchNorm, jint ord COMMA jlongArray dims COMMA jboolean keep,
          a.norm(c10::optional<c10::Scalar>(c10::Scalar(static_cast<int64_t>(ord))), longs(env, dims), keep == JNI_TRUE))
WITH_ARGS(torchQuantile, jfloat q COMMA jlong dim COMMA jboolean keep, torch::quantile(a, static_cast<double>(q), dim, keep == JNI_TRUE))

// ---- softmax family, sorting -------------------------------------------------------------
WITH_ARGS(torchSoftmax, jlong dim COMMA jint dt, a.softmax(dim, scalar_type(dt)))
WITH_ARGS(torchLogSoftmax, jlong dim COMMA jint dt, a.log_softmax(dim, scalar_type(dt)))
WITH_ARGS(torchSort, jlong dim COMMA jboolean descending, std::get<0>(a.sort(dim, descending == JNI_TRUE)))
WITH_ARGS(torchArgSort, jlong dim COMMA jboolean descending, a.argsort(dim, descending == JNI_TRUE))

// ---- shape and layout ----------------------------------------------------------------------
WITH_ARGS(torchReshape, jlongArray shape, a.reshape(longs(env, shape)))
WITH_ARGS(torchExpand, jlongArray shape, a.expand(longs(env, shape)))
WITH_ARGS(torchPermute, jlongArray dims, a.permute(longs(env, dims)))
WITH_ARGS(torchFlip, jlongArray dims, a.flip(longs(env, dims)))
WITH_ARGS(torchRepeat, jlongArray repeats, a.repeat(longs(env, repeats)))
WITH_ARGS(torchRepeatInterleave, jlong repeats COMMA jlong dim, a.repeat_interleave(repeats, dim))
WITH_ARGS(torchTranspose, jlong d1 COMMA jlong d2, a.transpose(d1, d2))
WITH_ARGS(torchFlatten, jlong start COMMA jlong end, a.flatten(start, end))
WITH_ARGS(torchUnsqueeze, jlong dim, a.unsqueeze(dim))
UNARY(torchSqueeze__J, a.squeeze())
WITH_ARGS(torchSqueeze__JJ, jlong dim, a.squeeze(dim))
WITH_ARGS(torchDiagonal, jlong offset COMMA jlong d1 COMMA jlong d2, a.diagonal(offset, d1, d2))
WITH_ARGS(torchRot90, jlong k COMMA jlongArray dims, a.rot90(k, longs(env, dims)))
WITH_ARGS(torchPad, jlongArray pad COMMA jdouble value, torch::constant_pad_nd(a, longs(env, pad), value))
WITH_ARGS(torchDiff, jint n COMMA jint dim, torch::diff(a, n, dim))
UNARY(torchNonZeros, a.nonzero())

// ---- gather / scatter ----------------------------------------------------------------------
WITH_ARGS(torchGather, jlong index COMMA jlong dim COMMA jboolean sparse, a.gather(dim, T(index), sparse == JNI_TRUE))
WITH_ARGS(torchTake, jlong index, a.take(T(index)))
WITH_ARGS(torchPut, jlong index COMMA jlong value, a.put(T(index), T(value)))
WITH_ARGS(torchScatter, jlong index COMMA jlong value COMMA jint axis, a.scatter(axis, T(index), T(value)))
WITH_ARGS(torchMaskedSelect, jlong mask, a.masked_select(T(mask)))
WITH_ARGS(torchClamp, jlong lo COMMA jlong hi, a.clamp(T(lo).item(), T(hi).item()))
WITH_ARGS(torchWhere, jlong x COMMA jlong y, torch::where(a, T(x), T(y)))
DJL_FN(void, torchMaskedPut, jlong h, jlong value, jlong mask) { DJL_TRY T(h).masked_fill_(T(mask), T(value)); DJL_CATCH_VOID }

// ---- joining and splitting -----------------------------------------------------------------
DJL_FN(jlong, torchStack, jlongArray handles, jlong dim) { DJL_TRY return wrap(torch::stack(tensors(env, handles), dim)); DJL_CATCH(0) }
DJL_FN(jlong, torchCat, jlongArray handles, jlong dim) { DJL_TRY return wrap(torch::cat(tensors(env, handles), dim)); DJL_CATCH(0) }
DJL_FN(jlongArray, torchSplit__JJJ, jlong h, jlong size, jlong dim) { DJL_TRY return wrap_all(env, T(h).split(size, dim)); DJL_CATCH(nullptr) }
DJL_FN(jlongArray, torchSplit__J_3JJ, jlong h, jlongArray sizes, jlong dim) {
  DJL_TRY return wrap_all(env, T(h).split_with_sizes(longs(env, sizes), dim)); DJL_CATCH(nullptr)
}

// ---- several results -----------------------------------------------------------------------
DJL_FN(jlongArray, torchTopK, jlong h, jlong k, jlong axis, jboolean largest, jboolean sorted) {
  DJL_TRY
  auto r = T(h).topk(k, axis, largest == JNI_TRUE, sorted == JNI_TRUE);
  return wrap_all(env, {std::get<0>(r), std::get<1>(r)});
  DJL_CATCH(nullptr)
}
DJL_FN(jlongArray, torchMedian, jlong h, jlong dim, jboolean keep) {
  DJL_TRY
  auto r = T(h).median(dim, keep == JNI_TRUE);
  return wrap_all(env, {std::get<0>(r), std::get<1>(r)});
  DJL_CATCH(nullptr)
}
// dim == -1: unique over the flattened tensor (JniUtils.unique); outputs, inverse, counts.
DJL_FN(jlongArray, torchUnique, jlong h, jlong dim, jboolean sorted, jboolean inverse, jboolean counts) {
  DJL_TRY
  auto r = dim == -1 ? torch::_unique2(T(h), sorted == JNI_TRUE, inverse == JNI_TRUE, counts == JNI_TRUE)
                     : torch::unique_dim(T(h), dim, sorted == JNI_TRUE, inverse == JNI_TRUE, counts == JNI_TRUE);
  return wrap_all(env, {std::get<0>(r), std::get<1>(r), std::get<2>(r)});
  DJL_CATCH(nullptr)
}

// ---- Fourier -------------------------------------------------------------------------------
WITH_ARGS(torchFft, jlong n COMMA jlong axis, torch::fft_fft(a, n, axis))
WITH_ARGS(torchIfft, jlong n COMMA jlong axis, torch::fft_ifft(a, n, axis))
WITH_ARGS(torchRfft, jlong n COMMA jlong axis, torch::fft_rfft(a, n, axis))
WITH_ARGS(torchIrfft, jlong n COMMA jlong axis, torch::fft_irfft(a, n, axis))
WITH_ARGS(torchFft2, jlongArray sizes COMMA jlongArray axes, torch::fft_fft2(a, longs(env, sizes), longs(env, axes)))
WITH_ARGS(torchIfft2, jlongArray sizes COMMA jlongArray axes, torch::fft_ifft2(a, longs(env, sizes), longs(env, axes)))
DJL_FN(jlong, torchStft, jlong h, jlong n_fft, jlong hop, jlong window, jboolean center, jboolean normalize, jboolean complex) {
  DJL_TRY
  c10::optional<torch::Tensor> w;
  if (window != -1 && window != 0) w = T(window);
  return wrap(T(h).stft(n_fft, hop, c10::nullopt, w, center == JNI_TRUE, "reflect", normalize == JNI_TRUE, c10::nullopt,
                        complex == JNI_TRUE));
  DJL_CATCH(0)
}
