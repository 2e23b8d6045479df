// Helpers declared in djl_torch.h, and PyTorchLibrary's process-wide settings: grad mode,
// threads, seed, features (torchShowConfig), the profiler and the CUDA cache.
#include "djl_torch.h"

#include <torch/csrc/autograd/profiler_kineto.h>

#ifdef DJL_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace djl {

void throw_engine(JNIEnv* env, const std::string& message) {
  if (env->ExceptionCheck()) return;  // a Java exception is already pending: keep it
  jclass cls = env->FindClass("ai/djl/engine/EngineException");
  if (cls == nullptr) {
    env->ExceptionClear();
    cls = env->FindClass("java/lang/RuntimeException");
  }
  env->ThrowNew(cls, message.c_str());
}

void throw_to_java(JNIEnv* env) {
  try {
    throw;
  } catch (const c10::Error& e) {
    throw_engine(env, e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw_engine(env, e.what());
  } catch (...) {
    throw_engine(env, "unknown native error in djl_torch");
  }
}

std::vector<int64_t> longs(JNIEnv* env, jlongArray array) {
  if (array == nullptr) return {};
  jsize n = env->GetArrayLength(array);
  std::vector<int64_t> out(n);
  env->GetLongArrayRegion(array, 0, n, reinterpret_cast<jlong*>(out.data()));
  return out;
}

std::vector<torch::Tensor> tensors(JNIEnv* env, jlongArray handles) {
  std::vector<torch::Tensor> out;
  for (int64_t h : longs(env, handles)) out.push_back(T(h));
  return out;
}

jlongArray to_jlongs(JNIEnv* env, const std::vector<int64_t>& values) {
  jlongArray out = env->NewLongArray(static_cast<jsize>(values.size()));
  env->SetLongArrayRegion(out, 0, static_cast<jsize>(values.size()), reinterpret_cast<const jlong*>(values.data()));
  return out;
}

jlongArray wrap_all(JNIEnv* env, const std::vector<torch::Tensor>& values) {
  std::vector<int64_t> handles;
  for (const auto& t : values) handles.push_back(wrap(t));
  return to_jlongs(env, handles);
}

std::string str(JNIEnv* env, jstring s) {
  if (s == nullptr) return {};
  const char* chars = env->GetStringUTFChars(s, nullptr);
  std::string out(chars);
  env->ReleaseStringUTFChars(s, chars);
  return out;
}

jobjectArray to_jstrings(JNIEnv* env, const std::vector<std::string>& values) {
  jobjectArray out = env->NewObjectArray(static_cast<jsize>(values.size()), env->FindClass("java/lang/String"), nullptr);
  for (size_t i = 0; i < values.size(); ++i) {
    jstring s = env->NewStringUTF(values[i].c_str());
    env->SetObjectArrayElement(out, static_cast<jsize>(i), s);
    env->DeleteLocalRef(s);
  }
  return out;
}

torch::ScalarType scalar_type(jint djl_dtype) {
  switch (djl_dtype) {
    case 0: return torch::kFloat32;
    case 1: return torch::kFloat64;
    case 2: return torch::kFloat16;
    case 3: return torch::kUInt8;
    case 4: return torch::kInt32;
    case 5: return torch::kInt8;
    case 6: return torch::kInt64;
    case 7: return torch::kBool;
    case 8: return torch::kComplexFloat;
    case 11: return torch::kBFloat16;
#if DJL_TORCH_AT_LEAST(2, 3)
    case 12: return torch::kUInt64;
    case 13: return torch::kUInt32;
    case 14: return torch::kUInt16;
#endif
    case 15: return torch::kInt16;
    default: throw std::invalid_argument("DJL data type " + std::to_string(djl_dtype) + " has no PyTorch equivalent");
  }
}

jint djl_dtype(torch::ScalarType type) {
  switch (type) {
    case torch::kFloat32: return 0;
    case torch::kFloat64: return 1;
    case torch::kFloat16: return 2;
    case torch::kUInt8: return 3;
    case torch::kInt32: return 4;
    case torch::kInt8: return 5;
    case torch::kInt64: return 6;
    case torch::kBool: return 7;
    case torch::kComplexFloat: return 8;
    case torch::kBFloat16: return 11;
#if DJL_TORCH_AT_LEAST(2, 3)
    case torch::kUInt64: return 12;
    case torch::kUInt32: return 13;
    case torch::kUInt16: return 14;
#endif
    case torch::kInt16: return 15;
    default: return kUnknownDType;
  }
}

torch::Device device(JNIEnv* env, jintArray jdevice) {
  jint d[2] = {0, -1};
  env->GetIntArrayRegion(jdevice, 0, 2, d);
  auto type = static_cast<c10::DeviceType>(d[0]);
  return type == c10::DeviceType::CPU ? torch::Device(type) : torch::Device(type, static_cast<c10::DeviceIndex>(d[1]));
}

torch::TensorOptions options(JNIEnv* env, jint dtype, jint layout, jintArray jdevice, jboolean requires_grad) {
  auto o = torch::TensorOptions()
               .layout(layout == 1 ? torch::kSparse : torch::kStrided)
               .device(device(env, jdevice))
               .requires_grad(requires_grad == JNI_TRUE);
  if (dtype != kUnknownDType) o = o.dtype(scalar_type(dtype));
  return o;
}

torch::Tensor apply_layout(torch::Tensor t, jint layout) {
  if (layout == 1 && !t.is_sparse()) return t.to_sparse();
  if (layout == 2) return t.to_mkldnn();
  return t;
}

}  // namespace djl

using namespace djl;

DJL_FN(jboolean, torchIsGradMode) { DJL_TRY return c10::GradMode::is_enabled(); DJL_CATCH(JNI_FALSE) }
DJL_FN(void, torchSetGradMode, jboolean enable) { DJL_TRY c10::GradMode::set_enabled(enable == JNI_TRUE); DJL_CATCH_VOID }
DJL_FN(jint, torchGetNumInteropThreads) { DJL_TRY return torch::get_num_interop_threads(); DJL_CATCH(0) }
DJL_FN(jint, torchGetNumThreads) { DJL_TRY return torch::get_num_threads(); DJL_CATCH(0) }
DJL_FN(void, torchSetNumInteropThreads, jint n) { DJL_TRY torch::set_num_interop_threads(n); DJL_CATCH_VOID }
DJL_FN(void, torchSetNumThreads, jint n) { DJL_TRY torch::set_num_threads(n); DJL_CATCH_VOID }
DJL_FN(void, torchSetBenchmarkCuDNN, jboolean on) { DJL_TRY at::globalContext().setBenchmarkCuDNN(on == JNI_TRUE); DJL_CATCH_VOID }
DJL_FN(void, torchManualSeed, jlong seed) { DJL_TRY torch::manual_seed(static_cast<uint64_t>(seed)); DJL_CATCH_VOID }

DJL_FN(void, torchShowConfig, jobject set) {
  DJL_TRY
  jmethodID add = env->GetMethodID(env->GetObjectClass(set), "add", "(Ljava/lang/Object;)Z");
  auto put = [&](const char* feature) {
    jstring s = env->NewStringUTF(feature);
    env->CallBooleanMethod(set, add, s);
    env->DeleteLocalRef(s);
  };
  if (torch::cuda::is_available()) put("CUDA");
  if (torch::cuda::cudnn_is_available()) put("CUDNN");
  if (at::hasMKL()) put("MKL");
  if (at::hasMKLDNN()) put("MKLDNN");
  if (at::hasOpenMP()) put("OPENMP");
  DJL_CATCH_VOID
}

// The Kineto profiler; stopProfile writes a Chrome trace (chrome://tracing, Perfetto).
DJL_FN(void, torchStartProfile, jboolean use_cuda, jboolean record_shape, jboolean profile_memory) {
  DJL_TRY
  namespace impl = torch::profiler::impl;
  std::set<impl::ActivityType> activities{impl::ActivityType::CPU};
  if (use_cuda) activities.insert(impl::ActivityType::CUDA);
  impl::ProfilerConfig config(impl::ProfilerState::KINETO, record_shape == JNI_TRUE, profile_memory == JNI_TRUE);
  torch::autograd::profiler::prepareProfiler(config, activities);
  torch::autograd::profiler::enableProfiler(config, activities);
  DJL_CATCH_VOID
}

DJL_FN(void, torchStopProfile, jstring output_file) {
  DJL_TRY
  auto result = torch::autograd::profiler::disableProfiler();
  if (result) result->save(str(env, output_file));
  DJL_CATCH_VOID
}

DJL_FN(void, torchCudaEmptyCache) {
  DJL_TRY
#ifdef DJL_WITH_CUDA
  if (torch::cuda::is_available()) c10::cuda::CUDACachingAllocator::emptyCache();
#endif
  DJL_CATCH_VOID
}
