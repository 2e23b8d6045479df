// TorchScript modules (PtSymbolBlock) and the IValues that carry their inputs and outputs.
#include "djl_torch.h"

#include <torch/csrc/jit/python/update_graph_executor_opt.h>

#include <sstream>

#ifdef DJL_WITH_CUDA
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

using namespace djl;
using Module = torch::jit::Module;

namespace {

Module& MOD(jlong handle) { return *reinterpret_cast<Module*>(handle); }
jlong wrap_module(Module m) { return reinterpret_cast<jlong>(new Module(std::move(m))); }

std::vector<torch::IValue> ivalues(JNIEnv* env, jlongArray handles) {
  std::vector<torch::IValue> out;
  for (int64_t h : longs(env, handles)) out.push_back(IV(h));
  return out;
}

jlongArray wrap_ivalues(JNIEnv* env, const std::vector<torch::IValue>& values) {
  std::vector<int64_t> handles;
  for (const auto& v : values) handles.push_back(wrap_ivalue(v));
  return to_jlongs(env, handles);
}

// trainParam false: the loaded parameters are constants for autograd (inference use).
Module placed(Module m, const torch::Device& device, bool map_location, bool train_param) {
  if (!map_location) m.to(device);
  if (!train_param) {
    for (auto p : m.parameters()) p.requires_grad_(false);
  }
  return m;
}

}  // namespace

DJL_FN(jlong, moduleLoad__Ljava_lang_String_2_3IZ_3Ljava_lang_String_2_3Ljava_lang_String_2Z, jstring path, jintArray jdevice,
       jboolean map_location, jobjectArray extra_names, jobjectArray extra_values, jboolean train_param) {
  DJL_TRY
  auto dev = device(env, jdevice);
  torch::jit::ExtraFilesMap extra;
  jsize n = extra_names == nullptr ? 0 : env->GetArrayLength(extra_names);
  std::vector<std::string> names;
  for (jsize i = 0; i < n; ++i) {
    names.push_back(str(env, static_cast<jstring>(env->GetObjectArrayElement(extra_names, i))));
    extra[names.back()] = "";
  }
  c10::optional<c10::Device> where;
  if (map_location == JNI_TRUE) where = dev;
  Module m = torch::jit::load(str(env, path), where, extra);
  for (jsize i = 0; i < n; ++i) {
    jstring v = env->NewStringUTF(extra[names[i]].c_str());
    env->SetObjectArrayElement(extra_values, i, v);
    env->DeleteLocalRef(v);
  }
  return wrap_module(placed(std::move(m), dev, map_location == JNI_TRUE, train_param == JNI_TRUE));
  DJL_CATCH(0)
}

// Reads `size` bytes (or to the end when size is -1) from the Java stream through `buffer`.
DJL_FN(jlong, moduleLoad__Ljava_io_InputStream_2_3IZ_3BJ, jobject is, jintArray jdevice, jboolean map_location,
       jbyteArray buffer, jlong size) {
  DJL_TRY
  jmethodID read = env->GetMethodID(env->GetObjectClass(is), "read", "([BII)I");
  jsize chunk = env->GetArrayLength(buffer);
  std::string bytes;
  std::vector<jbyte> tmp(chunk);
  for (jlong left = size; size == -1 || left > 0;) {
    jint want = size == -1 ? chunk : static_cast<jint>(std::min<jlong>(chunk, left));
    jint got = env->CallIntMethod(is, read, buffer, 0, want);
    if (env->ExceptionCheck()) return 0;
    if (got < 0) break;
    env->GetByteArrayRegion(buffer, 0, got, tmp.data());
    bytes.append(reinterpret_cast<const char*>(tmp.data()), got);
    if (size != -1) left -= got;
  }
  std::istringstream in(bytes);
  auto dev = device(env, jdevice);
  c10::optional<c10::Device> where;
  if (map_location == JNI_TRUE) where = dev;
  return wrap_module(placed(torch::jit::load(in, where), dev, map_location == JNI_TRUE, true));
  DJL_CATCH(0)
}

DJL_FN(void, moduleWrite, jlong h, jobject os, jbyteArray buffer, jboolean write_size) {
  DJL_TRY
  std::ostringstream out;
  MOD(h).save(out);
  const std::string bytes = out.str();
  jmethodID write = env->GetMethodID(env->GetObjectClass(os), "write", "([BII)V");
  if (write_size == JNI_TRUE) {  // big-endian length, as DataOutputStream.writeLong
    jbyte header[8];
    auto len = static_cast<uint64_t>(bytes.size());
    for (int i = 0; i < 8; ++i) header[i] = static_cast<jbyte>((len >> (56 - 8 * i)) & 0xFF);
    jbyteArray h8 = env->NewByteArray(8);
    env->SetByteArrayRegion(h8, 0, 8, header);
    env->CallVoidMethod(os, write, h8, 0, 8);
    env->DeleteLocalRef(h8);
  }
  jsize chunk = env->GetArrayLength(buffer);
  for (size_t off = 0; off < bytes.size() && !env->ExceptionCheck(); off += chunk) {
    auto n = static_cast<jsize>(std::min<size_t>(chunk, bytes.size() - off));
    env->SetByteArrayRegion(buffer, 0, n, reinterpret_cast<const jbyte*>(bytes.data() + off));
    env->CallVoidMethod(os, write, buffer, 0, n);
  }
  DJL_CATCH_VOID
}

DJL_FN(void, moduleEval, jlong h) { DJL_TRY MOD(h).eval(); DJL_CATCH_VOID }
DJL_FN(void, moduleTrain, jlong h) { DJL_TRY MOD(h).train(true); DJL_CATCH_VOID }
DJL_FN(void, torchDeleteModule, jlong h) { DJL_TRY delete reinterpret_cast<Module*>(h); DJL_CATCH_VOID }
DJL_FN(void, setGraphExecutorOptimize, jboolean on) { DJL_TRY torch::jit::setGraphExecutorOptimize(on == JNI_TRUE); DJL_CATCH_VOID }

DJL_FN(jlong, moduleRunMethod, jlong h, jstring method, jlongArray inputs, jboolean is_train, jboolean separate_stream) {
  DJL_TRY
  auto args = ivalues(env, inputs);
  auto name = str(env, method);
  auto call = [&]() { return MOD(h).get_method(name)(args); };
#ifdef DJL_WITH_CUDA
  c10::optional<c10::cuda::CUDAStreamGuard> stream;
  if (separate_stream == JNI_TRUE && !args.empty() && args[0].isTensor() && args[0].toTensor().is_cuda()) {
    stream.emplace(c10::cuda::getStreamFromPool(false, args[0].toTensor().device().index()));
  }
#endif
  if (is_train == JNI_TRUE) return wrap_ivalue(call());
  torch::NoGradGuard no_grad;
  return wrap_ivalue(call());
  DJL_CATCH(0)
}

DJL_FN(jlongArray, moduleGetParams, jlong h) {
  DJL_TRY
  std::vector<torch::Tensor> out;
  for (const auto& p : MOD(h).parameters()) out.push_back(p);
  return wrap_all(env, out);
  DJL_CATCH(nullptr)
}
DJL_FN(jobjectArray, moduleGetParamNames, jlong h) {
  DJL_TRY
  std::vector<std::string> out;
  for (const auto& p : MOD(h).named_parameters()) out.push_back(p.name);
  return to_jstrings(env, out);
  DJL_CATCH(nullptr)
}
DJL_FN(jobjectArray, moduleGetMethodNames, jlong h) {
  DJL_TRY
  std::vector<std::string> out;
  for (const auto& m : MOD(h).get_methods()) out.push_back(m.name());
  return to_jstrings(env, out);
  DJL_CATCH(nullptr)
}

// ---- IValue construction --------------------------------------------------------------------
DJL_FN(void, torchDeleteIValue, jlong h) { DJL_TRY delete reinterpret_cast<torch::IValue*>(h); DJL_CATCH_VOID }
DJL_FN(jlong, iValueFromTensor, jlong t) { DJL_TRY return wrap_ivalue(T(t)); DJL_CATCH(0) }
DJL_FN(jlong, iValueFromBool, jboolean v) { DJL_TRY return wrap_ivalue(v == JNI_TRUE); DJL_CATCH(0) }
DJL_FN(jlong, iValueFromLong, jlong v) { DJL_TRY return wrap_ivalue(static_cast<int64_t>(v)); DJL_CATCH(0) }
DJL_FN(jlong, iValueFromDouble, jdouble v) { DJL_TRY return wrap_ivalue(static_cast<double>(v)); DJL_CATCH(0) }
DJL_FN(jlong, iValueFromString, jstring v) { DJL_TRY return wrap_ivalue(str(env, v)); DJL_CATCH(0) }
DJL_FN(jlong, iValueFromBoolList, jbooleanArray values) {
  DJL_TRY
  jsize n = env->GetArrayLength(values);
  std::vector<jboolean> raw(n);
  env->GetBooleanArrayRegion(values, 0, n, raw.data());
  c10::List<bool> list;
  for (jboolean b : raw) list.push_back(b == JNI_TRUE);
  return wrap_ivalue(list);
  DJL_CATCH(0)
}
DJL_FN(jlong, iValueFromLongList, jlongArray values) {
  DJL_TRY
  c10::List<int64_t> list;
  for (int64_t v : longs(env, values)) list.push_back(v);
  return wrap_ivalue(list);
  DJL_CATCH(0)
}
DJL_FN(jlong, iValueFromDoubleList, jdoubleArray values) {
  DJL_TRY
  jsize n = env->GetArrayLength(values);
  std::vector<jdouble> raw(n);
  env->GetDoubleArrayRegion(values, 0, n, raw.data());
  c10::List<double> list;
  for (double v : raw) list.push_back(v);
  return wrap_ivalue(list);
  DJL_CATCH(0)
}
DJL_FN(jlong, iValueFromTensorList, jlongArray handles) {
  DJL_TRY
  c10::List<torch::Tensor> list;
  for (const auto& t : tensors(env, handles)) list.push_back(t);
  return wrap_ivalue(list);
  DJL_CATCH(0)
}
DJL_FN(jlong, iValueFromList, jlongArray handles) {
  DJL_TRY
  auto items = ivalues(env, handles);
  TORCH_CHECK(!items.empty(), "iValueFromList needs at least one element to know the element type");
  c10::impl::GenericList list(c10::unshapedType(items[0].type()));
  for (auto& v : items) list.push_back(v);
  return wrap_ivalue(list);
  DJL_CATCH(0)
}
DJL_FN(jlong, iValueFromTuple, jlongArray handles) {
  DJL_TRY return wrap_ivalue(c10::ivalue::Tuple::create(ivalues(env, handles))); DJL_CATCH(0)
}
DJL_FN(jlong, iValueFromStringMap, jobjectArray keys, jlongArray handles) {
  DJL_TRY
  auto values = tensors(env, handles);
  c10::Dict<std::string, torch::Tensor> dict;
  for (size_t i = 0; i < values.size(); ++i)
    dict.insert(str(env, static_cast<jstring>(env->GetObjectArrayElement(keys, static_cast<jsize>(i)))), values[i]);
  return wrap_ivalue(dict);
  DJL_CATCH(0)
}
DJL_FN(jlong, iValueFromStringIValueMap, jobjectArray keys, jlongArray handles) {
  DJL_TRY
  auto values = ivalues(env, handles);
  c10::impl::GenericDict dict(c10::StringType::get(),
                              values.empty() ? c10::TensorType::get() : c10::unshapedType(values[0].type()));
  for (size_t i = 0; i < values.size(); ++i)
    dict.insert(str(env, static_cast<jstring>(env->GetObjectArrayElement(keys, static_cast<jsize>(i)))), values[i]);
  return wrap_ivalue(dict);
  DJL_CATCH(0)
}

// ---- IValue reading -------------------------------------------------------------------------
DJL_FN(jlong, iValueToTensor, jlong h) { DJL_TRY return wrap(IV(h).toTensor()); DJL_CATCH(0) }
DJL_FN(jboolean, iValueToBool, jlong h) { DJL_TRY return IV(h).toBool(); DJL_CATCH(JNI_FALSE) }
DJL_FN(jlong, iValueToLong, jlong h) { DJL_TRY return IV(h).toInt(); DJL_CATCH(0) }
DJL_FN(jdouble, iValueToDouble, jlong h) { DJL_TRY return IV(h).toDouble(); DJL_CATCH(0) }
DJL_FN(jstring, iValueToString, jlong h) { DJL_TRY return env->NewStringUTF(IV(h).toStringRef().c_str()); DJL_CATCH(nullptr) }
DJL_FN(jstring, iValueGetType, jlong h) { DJL_TRY return env->NewStringUTF(IV(h).type()->str().c_str()); DJL_CATCH(nullptr) }
DJL_FN(jbooleanArray, iValueToBoolList, jlong h) {
  DJL_TRY
  auto list = IV(h).toBoolList();
  std::vector<jboolean> raw;
  for (size_t i = 0; i < list.size(); ++i) raw.push_back(list.get(i) ? JNI_TRUE : JNI_FALSE);
  jbooleanArray out = env->NewBooleanArray(static_cast<jsize>(raw.size()));
  env->SetBooleanArrayRegion(out, 0, static_cast<jsize>(raw.size()), raw.data());
  return out;
  DJL_CATCH(nullptr)
}
DJL_FN(jlongArray, iValueToLongList, jlong h) { DJL_TRY return to_jlongs(env, IV(h).toIntVector()); DJL_CATCH(nullptr) }
DJL_FN(jdoubleArray, iValueToDoubleList, jlong h) {
  DJL_TRY
  auto raw = IV(h).toDoubleVector();
  jdoubleArray out = env->NewDoubleArray(static_cast<jsize>(raw.size()));
  env->SetDoubleArrayRegion(out, 0, static_cast<jsize>(raw.size()), raw.data());
  return out;
  DJL_CATCH(nullptr)
}
DJL_FN(jlongArray, iValueToTensorList, jlong h) { DJL_TRY return wrap_all(env, IV(h).toTensorVector()); DJL_CATCH(nullptr) }
DJL_FN(jlongArray, iValueToIValueList, jlong h) { DJL_TRY return wrap_ivalues(env, IV(h).toListRef().vec()); DJL_CATCH(nullptr) }
DJL_FN(jlongArray, iValueToIValueTuple, jlong h) {
  DJL_TRY
  std::vector<torch::IValue> out;
  for (const auto& e : IV(h).toTuple()->elements()) out.push_back(e);
  return wrap_ivalues(env, out);
  DJL_CATCH(nullptr)
}
// Keys and values interleaved: k0, v0, k1, v1, ...
DJL_FN(jlongArray, iValueToMap, jlong h) {
  DJL_TRY
  std::vector<torch::IValue> out;
  for (const auto& entry : IV(h).toGenericDict()) {
    out.push_back(entry.key());
    out.push_back(entry.value());
  }
  return wrap_ivalues(env, out);
  DJL_CATCH(nullptr)
}

#define IS(name, test) \
  DJL_FN(jboolean, name, jlong h) { DJL_TRY return IV(h).test(); DJL_CATCH(JNI_FALSE) }
IS(iValueIsTensor, isTensor)
IS(iValueIsBool, isBool)
IS(iValueIsLong, isInt)
IS(iValueIsDouble, isDouble)
IS(iValueIsString, isString)
IS(iValueIsBoolList, isBoolList)
IS(iValueIsLongList, isIntList)
IS(iValueIsDoubleList, isDoubleList)
IS(iValueIsTensorList, isTensorList)
IS(iValueIsList, isList)
IS(iValueIsTuple, isTuple)
IS(iValueIsMap, isGenericDict)
