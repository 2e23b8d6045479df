"""Which kernel PyTorch's scaled_dot_product_attention picks for BERT's call (bf16, additive
[B,1,1,T] padding mask, training), what its first call per new shape costs, and how precise
each backend's query gradient is in bf16 against a float64 reference. Prints numbers only."""
import time, torch, torch.nn.functional as F
from torch.nn.attention import sdpa_kernel, SDPBackend

torch.manual_seed(0)
dev = "cuda"
print("torch", torch.__version__, "cudnn", torch.backends.cudnn.version(),
      "flash", torch.backends.cuda.flash_sdp_enabled(), "efficient", torch.backends.cuda.mem_efficient_sdp_enabled(),
      "cudnn_sdp", torch.backends.cuda.cudnn_sdp_enabled(), "math", torch.backends.cuda.math_sdp_enabled())

def inputs(b, t, dtype, pad=5):
    q, k, v = (torch.randn(b, 12, t, 64, device=dev, dtype=dtype, requires_grad=True) for _ in range(3))
    mask = torch.zeros(b, 1, 1, t, device=dev, dtype=dtype)
    mask[: b // 2, :, :, t - pad:] = torch.finfo(dtype).min  # half the rows padded
    return q, k, v, mask

def step(q, k, v, mask):
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=0.0, scale=0.125)
    out.float().square().sum().backward()

# 1. which kernels run by default
q, k, v, m = inputs(16, 128, torch.bfloat16)
step(q, k, v, m); torch.cuda.synchronize()
with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as prof:
    step(q, k, v, m); torch.cuda.synchronize()
names = sorted({e.name for e in prof.events() if e.device_type == torch.autograd.DeviceType.CUDA})
print("default kernels:", [n[:90] for n in names if any(s in n.lower() for s in ("fmha", "flash", "attention", "cudnn", "sm90", "softmax", "gemm"))][:12])

# 2. first call per new shape vs repeated, per backend
for name, backends in [("default", None), ("efficient", [SDPBackend.EFFICIENT_ATTENTION]),
                       ("cudnn", [SDPBackend.CUDNN_ATTENTION]), ("math", [SDPBackend.MATH])]:
    firsts, agains = [], []
    try:
        for t in (37, 53, 71, 89, 101, 119):
            q, k, v, m = inputs(64, t, torch.bfloat16)
            ctx = sdpa_kernel(backends) if backends else torch.autograd.graph.saved_tensors_hooks(lambda x: x, lambda x: x)
            with ctx:
                torch.cuda.synchronize(); t0 = time.perf_counter(); step(q, k, v, m); torch.cuda.synchronize()
                t1 = time.perf_counter(); step(q, k, v, m); torch.cuda.synchronize(); t2 = time.perf_counter()
            firsts.append((t1 - t0) * 1e3); agains.append((t2 - t1) * 1e3)
        print(f"{name:9s} first call per new T (ms): {[round(x, 1) for x in firsts]}  again: {[round(x, 2) for x in agains]}")
    except Exception as e:
        print(name, "failed:", str(e).splitlines()[0][:200])

# 3. query-gradient precision in bf16 against float64, per backend
q64, k64, v64, m64 = inputs(8, 96, torch.float64, pad=20)
step(q64, k64, v64, m64)
ref = q64.grad.clone()
for name, backends in [("default", None), ("efficient", [SDPBackend.EFFICIENT_ATTENTION]),
                       ("cudnn", [SDPBackend.CUDNN_ATTENTION]), ("math", [SDPBackend.MATH])]:
    try:
        q, k, v = (x.detach().to(torch.bfloat16).requires_grad_() for x in (q64, k64, v64))
        m = m64.to(torch.bfloat16)
        if backends:
            with sdpa_kernel(backends):
                step(q, k, v, m)
        else:
            step(q, k, v, m)
        err = ((q.grad.double() - ref).norm() / ref.norm()).item()
        print(f"{name:9s} bf16 dq relative L2 error vs float64: {err:.4f}")
    except Exception as e:
        print(name, "failed:", str(e).splitlines()[0][:200])
