#!/usr/bin/env bash
# Builds libdjl_torch.so against the locally installed PyTorch and lays out a directory that
# DJL's PyTorch engine accepts through PYTORCH_LIBRARY_PATH. Standalone: needs bash, g++ and
# either python3 with torch, or --include/--lib. No Java needed (jni.h is searched in JAVA_HOME,
# /usr/lib/jvm, and native/jni-include/, which `tasl native bundle` fills).
#
#   native/build.sh [--torch DIR] [--include DIR --lib DIR] [--out DIR] [--abi 0|1] [--jobs N]
#                   [--version X.Y.Z] [--flavor cpu|cuXYZ]   (defaults: from torch)
#     --torch DIR     the torch package folder (holds include/ and lib/); default: python3's torch
#     --include/--lib a libtorch installed elsewhere (e.g. Debian's libtorch-dev: /usr/include,
#                     /usr/lib/x86_64-linux-gnu)
#     --out DIR       where the layout goes; default native/build/libtorch-<version>-<flavor>
# Prints the environment to set; also writes it to <out>/env.sh (and, for the default --out, to
# native/build/active.env, which ./tasl and the bundle's run.sh source).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/djl_torch"

TORCH_DIR="" INC="" LIB="" OUT="" ABI="" JOBS="${JOBS:-4}" VERSION="" FLAVOR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --torch) TORCH_DIR="$2"; shift 2 ;;
    --include) INC="$2"; shift 2 ;;
    --lib) LIB="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --abi) ABI="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --version) VERSION="$2"; shift 2 ;;
    --flavor) FLAVOR="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done

die() { echo "build.sh: $*" >&2; exit 1; }

# ---- 1. find libtorch --------------------------------------------------------------------------
PY_INFO=""
if [ -z "$INC" ] && [ -z "$TORCH_DIR" ]; then
  command -v python3 >/dev/null || die "no python3 to find torch; pass --torch DIR or --include/--lib"
  PY_INFO="$(python3 -c 'import torch, os
print(os.path.dirname(torch.__file__)); print(torch.__version__.split("+")[0])
print(int(torch._C._GLIBCXX_USE_CXX11_ABI)); print(torch.version.cuda or "")' 2>/dev/null)" \
    || die "python3 cannot import torch; pass --torch DIR or --include/--lib"
  TORCH_DIR="$(sed -n 1p <<<"$PY_INFO")"
fi
if [ -n "$TORCH_DIR" ]; then
  [ -f "$TORCH_DIR/include/torch/script.h" ] || die "$TORCH_DIR/include/torch/script.h not found: is --torch the torch package folder?"
  INC="$TORCH_DIR/include"; LIB="$TORCH_DIR/lib"
  if [ -z "$PY_INFO" ] && command -v python3 >/dev/null; then
    PY_INFO="$(cd "$TORCH_DIR/.." && python3 -c 'import torch, os
print(os.path.dirname(torch.__file__)); print(torch.__version__.split("+")[0])
print(int(torch._C._GLIBCXX_USE_CXX11_ABI)); print(torch.version.cuda or "")' 2>/dev/null || true)"
  fi
fi
[ -n "$INC" ] && [ -n "$LIB" ] || die "pass both --include and --lib"
[ -f "$INC/torch/script.h" ] || die "$INC/torch/script.h not found"
[ -e "$LIB/libtorch.so" ] || die "$LIB/libtorch.so not found"

if [ -z "$VERSION" ]; then
  VERSION="$(sed -n 2p <<<"$PY_INFO")"
  if [ -z "$VERSION" ] && [ -f "$INC/torch/csrc/api/include/torch/version.h" ]; then
    VERSION="$(awk '/define TORCH_VERSION_(MAJOR|MINOR|PATCH)/{v=v (v?".":"") $3} END{print v}' "$INC/torch/csrc/api/include/torch/version.h")"
  fi
fi
[ -n "$VERSION" ] || die "cannot tell the PyTorch version; pass --version X.Y.Z"
[ -n "$ABI" ] || ABI="$(sed -n 3p <<<"$PY_INFO")"
[ -n "$ABI" ] || ABI=1
CUDA_VERSION="$(sed -n 4p <<<"$PY_INFO")"

# ---- 2. CUDA: libtorch_cuda present -> cuXYZ flavor; c10/cuda extras need the CUDA headers ---
CUDA_FLAGS=() CUDA_LIBS=() CUDA_LIB_DIRS=()
if [ -e "$LIB/libtorch_cuda.so" ]; then
  if [ -z "$FLAVOR" ]; then
    [ -n "$CUDA_VERSION" ] || CUDA_VERSION="$(ls "$LIB"/../../nvidia 2>/dev/null | sed -n 's/^cu\([0-9]*\)$/\1.0/p' | head -1)"
    FLAVOR="cu$(tr -d . <<<"${CUDA_VERSION:-12.0}" | cut -c1-3)"
  fi
  CUDA_LIBS=(-ltorch_cuda -lc10_cuda)
  # The pip wheels put the CUDA libraries in site-packages/nvidia/*/lib: DJL loads torch from our
  # layout directory, so the loader must find those through LD_LIBRARY_PATH.
  SITE="$(cd "$LIB/../.." && pwd)"
  while IFS= read -r d; do CUDA_LIB_DIRS+=("$d"); done < <(find "$SITE/nvidia" -maxdepth 3 -type d -name lib 2>/dev/null | sort)
  CUDA_INC=""
  for c in "${CUDA_HOME:-/nonexistent}/include" /usr/local/cuda/include $(find "$SITE/nvidia" -maxdepth 4 -name cuda_runtime_api.h -printf '%h\n' 2>/dev/null); do
    if [ -f "$c/cuda_runtime_api.h" ]; then CUDA_INC="$c"; break; fi
  done
  if [ -n "$CUDA_INC" ]; then
    CUDA_FLAGS=(-DDJL_WITH_CUDA -I"$CUDA_INC")
    # tasl_ext.cpp calls the CUDA runtime itself (its own streams and events for CUDA graphs)
    CUDART="$(find "$CUDA_INC/../lib" "$CUDA_INC/../lib64" -maxdepth 1 -name 'libcudart.so*' 2>/dev/null | sort | tail -1 || true)"
    if [ -n "$CUDART" ]; then CUDA_LIBS+=("$CUDART"); fi
  else
    echo "build.sh: CUDA headers not found: building without emptyCache/separate-stream support" >&2
  fi
else
  FLAVOR="${FLAVOR:-cpu}"
fi

# ---- 3. jni.h ----------------------------------------------------------------------------------
JNI_INC=""
for j in "${JAVA_HOME:-/nonexistent}/include" /usr/lib/jvm/temurin-25-jdk-amd64/include /usr/lib/jvm/*/include "$HERE/jni-include"; do
  if [ -f "$j/jni.h" ]; then JNI_INC="$j"; break; fi
done
[ -n "$JNI_INC" ] || die "jni.h not found (set JAVA_HOME to a JDK, or put jni.h and jni_md.h in $HERE/jni-include)"
JNI_MD="$JNI_INC"; [ -f "$JNI_INC/linux/jni_md.h" ] && JNI_MD="$JNI_INC/linux"

# ---- 4. compile (one object per source, in parallel) and link ----------------------------------
OUT="${OUT:-$HERE/build/libtorch-$VERSION-$FLAVOR}"
OBJ="$OUT/.obj"
mkdir -p "$OBJ"
CXXFLAGS=(-std=c++17 -O2 -fPIC -fvisibility=hidden -D_GLIBCXX_USE_CXX11_ABI="$ABI" -Wno-deprecated-declarations
          -I"$INC" -I"$INC/torch/csrc/api/include" -I"$JNI_INC" -I"$JNI_MD" "${CUDA_FLAGS[@]}")
echo "build.sh: PyTorch $VERSION ($FLAVOR, cxx11 ABI $ABI) from $LIB" >&2
start=$(date +%s)
pids=()
for f in "$SRC"/*.cpp; do
  o="$OBJ/$(basename "${f%.cpp}").o"
  if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ "$SRC/djl_torch.h" -nt "$o" ]; then
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 0.2; done
    g++ "${CXXFLAGS[@]}" -c "$f" -o "$o" &
    pids+=($!)
  fi
done
for p in "${pids[@]}"; do wait "$p" || die "compilation failed"; done
g++ -shared -o "$OUT/libdjl_torch.so" "$OBJ"/*.o -L"$LIB" -Wl,-rpath,"$LIB" -Wl,--no-as-needed \
    "${CUDA_LIBS[@]}" -ltorch -ltorch_cpu -lc10
echo "build.sh: compiled in $(( $(date +%s) - start )) s" >&2

# ---- 5. the layout DJL loads: torch's own libraries (links) beside ours -------------------------
for name in libc10.so libc10_cuda.so libtorch.so libtorch_cpu.so libtorch_cuda.so libcaffe2_nvrtc.so; do
  [ -e "$LIB/$name" ] && ln -sfn "$(readlink -f "$LIB/$name")" "$OUT/$name"
done
for g in "$LIB"/libgomp*.so*; do [ -e "$g" ] && ln -sfn "$g" "$OUT/$(basename "$g")"; done

LD_DIRS="$LIB"
# auditwheel'ed wheels keep some dependencies (libgomp...) in site-packages/torch.libs
[ -d "$LIB/../../torch.libs" ] && LD_DIRS="$LD_DIRS:$(cd "$LIB/../../torch.libs" && pwd)"
for d in "${CUDA_LIB_DIRS[@]}"; do LD_DIRS="$LD_DIRS:$d"; done
cat > "$OUT/env.sh" <<EOF
# Source this (or let ./tasl do it through TASL_NATIVE) to run DJL on this libtorch.
export PYTORCH_LIBRARY_PATH="$OUT"
export PYTORCH_VERSION="$VERSION"
export PYTORCH_FLAVOR="$FLAVOR"
export LD_LIBRARY_PATH="$LD_DIRS\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
EOF
# The default layout becomes the active one: ./tasl (and the bundle's run.sh) source active.env.
if [ "$OUT" = "$HERE/build/libtorch-$VERSION-$FLAVOR" ]; then cp "$OUT/env.sh" "$HERE/build/active.env"; fi
echo "build.sh: built $OUT/libdjl_torch.so; set:" >&2
cat "$OUT/env.sh"
