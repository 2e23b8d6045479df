// Neural-network functional ops: linear, embedding, normalizations, activations with
// parameters, convolutions, pooling, recurrent layers, interpolation.
#include "djl_torch.h"

using namespace djl;
namespace F = torch::nn::functional;

namespace {

// The pooling and convolution ops come in 1d/2d/3d flavours chosen by the spatial rank.
int64_t spatial_rank(const torch::Tensor& input) { return input.dim() - 2; }

std::vector<torch::Tensor> tuple_tensors(const std::tuple<torch::Tensor, torch::Tensor>& r) {
  return {std::get<0>(r), std::get<1>(r)};
}

}  // namespace

DJL_FN(jlong, torchNNLinear, jlong input, jlong weight, jlong bias) {
  DJL_TRY return wrap(torch::linear(T(input), T(weight), opt(bias))); DJL_CATCH(0)
}
DJL_FN(jlong, torchNNEmbedding, jlong input, jlong weight, jboolean sparse) {
  DJL_TRY return wrap(torch::embedding(T(weight), T(input), /*padding_idx=*/-1, /*scale_grad=*/false, sparse == JNI_TRUE)); DJL_CATCH(0)
}
DJL_FN(jlong, torchNNOneHot, jlong input, jint depth) { DJL_TRY return wrap(torch::one_hot(T(input), depth)); DJL_CATCH(0) }
DJL_FN(jlong, torchNNLeakyRelu, jlong input, jdouble slope) { DJL_TRY return wrap(torch::leaky_relu(T(input), slope)); DJL_CATCH(0) }
DJL_FN(jlong, torchNNElu, jlong input, jdouble alpha) { DJL_TRY return wrap(torch::elu(T(input), alpha)); DJL_CATCH(0) }
DJL_FN(jlong, torchNNDropout, jlong input, jdouble p, jboolean train) {
  DJL_TRY return wrap(torch::dropout(T(input), p, train == JNI_TRUE)); DJL_CATCH(0)
}
DJL_FN(jlong, torchNNNormalize, jlong input, jdouble p, jlong dim, jdouble eps) {
  DJL_TRY return wrap(F::normalize(T(input), F::NormalizeFuncOptions().p(p).dim(dim).eps(eps))); DJL_CATCH(0)
}
DJL_FN(jlong, torchNNLayerNorm, jlong input, jlongArray shape, jlong weight, jlong bias, jdouble eps) {
  DJL_TRY return wrap(torch::layer_norm(T(input), longs(env, shape), opt(weight), opt(bias), eps)); DJL_CATCH(0)
}
DJL_FN(jlong, torchNNBatchNorm, jlong input, jlong running_mean, jlong running_var, jlong weight, jlong bias,
       jboolean training, jdouble momentum, jdouble eps) {
  DJL_TRY
  return wrap(torch::batch_norm(T(input), opt(weight), opt(bias), opt(running_mean), opt(running_var), training == JNI_TRUE,
                                momentum, eps, at::globalContext().userEnabledCuDNN()));
  DJL_CATCH(0)
}

DJL_FN(jlong, torchNNConvNd, jlong input, jlong weight, jlong bias, jlongArray stride, jlongArray padding,
       jlongArray dilation, jint groups) {
  DJL_TRY
  const auto& x = T(input);
  const auto& w = T(weight);
  auto s = longs(env, stride), p = longs(env, padding), d = longs(env, dilation);
  switch (w.dim() - 2) {
    case 1: return wrap(torch::conv1d(x, w, opt(bias), s, p, d, groups));
    case 2: return wrap(torch::conv2d(x, w, opt(bias), s, p, d, groups));
    case 3: return wrap(torch::conv3d(x, w, opt(bias), s, p, d, groups));
    default: throw std::invalid_argument("convolution weight must have 3, 4 or 5 dimensions");
  }
  DJL_CATCH(0)
}

DJL_FN(jlong, torchNNAvgPool, jlong input, jlongArray kernel, jlongArray stride, jlongArray pad, jboolean ceil,
       jboolean count_include_pad) {
  DJL_TRY
  const auto& x = T(input);
  auto k = longs(env, kernel), s = longs(env, stride), p = longs(env, pad);
  bool c = ceil == JNI_TRUE, inc = count_include_pad == JNI_TRUE;
  switch (spatial_rank(x)) {
    case 1: return wrap(torch::avg_pool1d(x, k, s, p, c, inc));
    case 2: return wrap(torch::avg_pool2d(x, k, s, p, c, inc));
    case 3: return wrap(torch::avg_pool3d(x, k, s, p, c, inc));
    default: throw std::invalid_argument("avgPool needs a 3, 4 or 5 dimensional input");
  }
  DJL_CATCH(0)
}

DJL_FN(jlong, torchNNMaxPool, jlong input, jlongArray kernel, jlongArray stride, jlongArray pad, jboolean ceil) {
  DJL_TRY
  const auto& x = T(input);
  auto k = longs(env, kernel), s = longs(env, stride), p = longs(env, pad);
  std::vector<int64_t> d(k.size(), 1);
  bool c = ceil == JNI_TRUE;
  switch (spatial_rank(x)) {
    case 1: return wrap(torch::max_pool1d(x, k, s, p, d, c));
    case 2: return wrap(torch::max_pool2d(x, k, s, p, d, c));
    case 3: return wrap(torch::max_pool3d(x, k, s, p, d, c));
    default: throw std::invalid_argument("maxPool needs a 3, 4 or 5 dimensional input");
  }
  DJL_CATCH(0)
}

DJL_FN(jlong, torchNNAdaptiveAvgPool, jlong input, jlongArray output_size) {
  DJL_TRY
  const auto& x = T(input);
  auto o = longs(env, output_size);
  switch (spatial_rank(x)) {
    case 1: return wrap(torch::adaptive_avg_pool1d(x, o));
    case 2: return wrap(torch::adaptive_avg_pool2d(x, o));
    case 3: return wrap(torch::adaptive_avg_pool3d(x, o));
    default: throw std::invalid_argument("adaptiveAvgPool needs a 3, 4 or 5 dimensional input");
  }
  DJL_CATCH(0)
}

DJL_FN(jlong, torchNNAdaptiveMaxPool, jlong input, jlongArray output_size) {
  DJL_TRY
  const auto& x = T(input);
  auto o = longs(env, output_size);
  switch (spatial_rank(x)) {
    case 1: return wrap(std::get<0>(torch::adaptive_max_pool1d(x, o)));
    case 2: return wrap(std::get<0>(torch::adaptive_max_pool2d(x, o)));
    case 3: return wrap(std::get<0>(torch::adaptive_max_pool3d(x, o)));
    default: throw std::invalid_argument("adaptiveMaxPool needs a 3, 4 or 5 dimensional input");
  }
  DJL_CATCH(0)
}

DJL_FN(jlong, torchNNLpPool, jlong input, jdouble norm, jlongArray kernel, jlongArray stride, jboolean ceil) {
  DJL_TRY
  const auto& x = T(input);
  auto k = longs(env, kernel), s = longs(env, stride);
  bool c = ceil == JNI_TRUE;
  switch (spatial_rank(x)) {
    case 1: return wrap(F::lp_pool1d(x, F::LPPool1dFuncOptions(norm, k).stride(s).ceil_mode(c)));
    case 2: return wrap(F::lp_pool2d(x, F::LPPool2dFuncOptions(norm, k).stride(s).ceil_mode(c)));
    default: throw std::invalid_argument("lpPool needs a 3 or 4 dimensional input");
  }
  DJL_CATCH(0)
}

// mode: 0 nearest, 1 linear, 2 bilinear, 3 bicubic, 4 trilinear, 5 area, 6 nearest-exact.
DJL_FN(jlong, torchNNInterpolate, jlong input, jlongArray size, jint mode, jboolean align_corners) {
  DJL_TRY
  auto o = F::InterpolateFuncOptions().size(longs(env, size));
  switch (mode) {
    case 0: o.mode(torch::kNearest); break;
    case 1: o.mode(torch::kLinear); break;
    case 2: o.mode(torch::kBilinear); break;
    case 3: o.mode(torch::kBicubic); break;
    case 4: o.mode(torch::kTrilinear); break;
    case 5: o.mode(torch::kArea); break;
    case 6: o.mode(torch::kNearestExact); break;
    default: throw std::invalid_argument("unknown interpolation mode " + std::to_string(mode));
  }
  if (mode != 0 && mode != 5 && mode != 6) o.align_corners(align_corners == JNI_TRUE);
  return wrap(F::interpolate(T(input), o));
  DJL_CATCH(0)
}

// activation: 0 relu, 1 tanh. Results: output, final hidden state.
DJL_FN(jlongArray, torchNNRnn, jlong input, jlong hx, jlongArray params, jboolean has_biases, jint layers, jint activation,
       jdouble dropout, jboolean training, jboolean bidirectional, jboolean batch_first) {
  DJL_TRY
  auto p = tensors(env, params);
  bool hb = has_biases == JNI_TRUE, tr = training == JNI_TRUE, bi = bidirectional == JNI_TRUE, bf = batch_first == JNI_TRUE;
  if (activation == 0) return wrap_all(env, tuple_tensors(torch::rnn_relu(T(input), T(hx), p, hb, layers, dropout, tr, bi, bf)));
  if (activation == 1) return wrap_all(env, tuple_tensors(torch::rnn_tanh(T(input), T(hx), p, hb, layers, dropout, tr, bi, bf)));
  throw std::invalid_argument("rnn activation must be 0 (relu) or 1 (tanh)");
  DJL_CATCH(nullptr)
}

DJL_FN(jlongArray, torchNNGru, jlong input, jlong hx, jlongArray params, jboolean has_biases, jint layers, jdouble dropout,
       jboolean training, jboolean bidirectional, jboolean batch_first) {
  DJL_TRY
  auto p = tensors(env, params);
  return wrap_all(env, tuple_tensors(torch::gru(T(input), T(hx), p, has_biases == JNI_TRUE, layers, dropout, training == JNI_TRUE,
                                                bidirectional == JNI_TRUE, batch_first == JNI_TRUE)));
  DJL_CATCH(nullptr)
}

// Results: output, h_n, c_n.
DJL_FN(jlongArray, torchNNLstm, jlong input, jlongArray hx, jlongArray params, jboolean has_biases, jint layers,
       jdouble dropout, jboolean training, jboolean bidirectional, jboolean batch_first) {
  DJL_TRY
  auto h = tensors(env, hx);
  auto p = tensors(env, params);
  auto r = torch::lstm(T(input), h, p, has_biases == JNI_TRUE, layers, dropout, training == JNI_TRUE, bidirectional == JNI_TRUE,
                       batch_first == JNI_TRUE);
  return wrap_all(env, {std::get<0>(r), std::get<1>(r), std::get<2>(r)});
  DJL_CATCH(nullptr)
}
