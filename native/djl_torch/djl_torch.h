// djl_torch: the JNI glue between DJL's unchanged Java PyTorch engine
// (ai.djl.pytorch.jni.PyTorchLibrary, pytorch-engine 0.36.0) and whatever libtorch is
// installed locally (PyTorch >= 1.13, CPU or CUDA), written against libtorch's public C++ API.
//
// Handle and ownership rules (they hold for every function in this library):
//   1. A Java `long` handle is a raw pointer to a heap object made here with `new`:
//      torch::Tensor (tensors), torch::IValue (IValues), torch::jit::Module (modules) or
//      std::vector<at::indexing::TensorIndex> (advanced indices). 0 means "none".
//   2. Every function that returns a handle (or an array of handles) returns NEW objects; the
//      Java side owns them and frees each exactly once through torchDeleteTensor /
//      torchDeleteIValue / torchDeleteModule / torchDeleteIndex (PtNDArray.close and friends).
//   3. Handles passed in are borrowed: a function never deletes or keeps them. A torch::Tensor
//      is itself a reference-counted view of storage, so a returned tensor may share storage
//      with an argument (reshape, transpose, slice...) exactly as in PyTorch; freeing either
//      handle never invalidates the other.
//   4. In-place functions (names ending in `i`, `*Put`, torchSet, torchAttachGrad, the
//      optimizer updates) mutate the tensor behind the borrowed handle and return nothing.
//   5. Memory that Java passes as a direct ByteBuffer (torchFromBlob, torchSet) is aliased,
//      not copied, for CPU tensors: DJL keeps the buffer reachable for the NDArray's lifetime
//      (PtNDArray.dataRef). For other devices the data is copied to the device at once.
//   6. torchDirectByteBuffer returns a buffer over the tensor's own CPU memory; DJL keeps the
//      NDArray open while the buffer is used.
//   7. Every C++ exception becomes an ai.djl.engine.EngineException in the calling Java thread;
//      the function then returns 0 / null and Java sees the exception.
#pragma once

#include <jni.h>
#include <torch/torch.h>
#include <torch/script.h>
#include <torch/version.h>

#include <string>
#include <vector>

#define DJL_TORCH_AT_LEAST(major, minor) \
  (TORCH_VERSION_MAJOR > (major) || (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

// JNI entry point for PyTorchLibrary.NAME. Overloaded Java methods use the long JNI name, so the
// callers write NAME as e.g. torchSum__J_3JZ (the JNI spec's argument-signature mangling).
#define DJL_FN(ret, name, ...) \
  extern "C" JNIEXPORT ret JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_##name(JNIEnv* env, jobject, ##__VA_ARGS__)

// Body guards: DJL_TRY ... DJL_CATCH(value returned after a Java exception was raised).
#define DJL_TRY try {
#define DJL_CATCH(ret)         \
  }                            \
  catch (...) {                \
    djl::throw_to_java(env);   \
  }                            \
  return ret;
#define DJL_CATCH_VOID        \
  }                           \
  catch (...) {               \
    djl::throw_to_java(env);  \
  }

namespace djl {

// Converts the exception in flight into a Java EngineException.
void throw_to_java(JNIEnv* env);
void throw_engine(JNIEnv* env, const std::string& message);

// ---- handles --------------------------------------------------------------------------------
inline torch::Tensor& T(jlong handle) { return *reinterpret_cast<torch::Tensor*>(handle); }
inline jlong wrap(torch::Tensor t) { return reinterpret_cast<jlong>(new torch::Tensor(std::move(t))); }
inline torch::IValue& IV(jlong handle) { return *reinterpret_cast<torch::IValue*>(handle); }
inline jlong wrap_ivalue(torch::IValue v) { return reinterpret_cast<jlong>(new torch::IValue(std::move(v))); }
// An optional tensor argument: handle 0 is "undefined" (no bias, no weight...).
inline torch::Tensor opt(jlong handle) { return handle == 0 ? torch::Tensor() : T(handle); }

// ---- Java arrays ----------------------------------------------------------------------------
std::vector<int64_t> longs(JNIEnv* env, jlongArray array);
std::vector<torch::Tensor> tensors(JNIEnv* env, jlongArray handles);
jlongArray to_jlongs(JNIEnv* env, const std::vector<int64_t>& values);
jlongArray wrap_all(JNIEnv* env, const std::vector<torch::Tensor>& values);
std::string str(JNIEnv* env, jstring s);
jobjectArray to_jstrings(JNIEnv* env, const std::vector<std::string>& values);

// ---- DJL enums ------------------------------------------------------------------------------
// DataType.ordinal() <-> ScalarType; 9 is DJL's UNKNOWN (no dtype requested).
constexpr jint kUnknownDType = 9;
torch::ScalarType scalar_type(jint djl_dtype);
jint djl_dtype(torch::ScalarType type);
// int[]{PtDeviceType (0 cpu, 1 gpu, 13 mps), device id}
torch::Device device(JNIEnv* env, jintArray jdevice);
// Tensor creation options: layout 0 strided, 1 sparse COO, 2 mkldnn (made strided, then converted).
torch::TensorOptions options(JNIEnv* env, jint dtype, jint layout, jintArray jdevice, jboolean requires_grad);
torch::Tensor apply_layout(torch::Tensor t, jint layout);

}  // namespace djl
