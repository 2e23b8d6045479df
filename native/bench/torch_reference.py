"""The PyTorch side of native/bench: the same measurements as org.tasl.gpu.GpuBenchmark, made
directly in PyTorch (and Transformers + PEFT for the LoRA step), printed as "torch KEY VALUE UNIT".

    python3 torch_reference.py matmul [N ...]
    python3 torch_reference.py lora BATCH SEQ [LAYERS] [eager|sdpa]
    python3 torch_reference.py serve IMPL DEVICE BATCH SEQ [--threads N] [--weights FILE] [--precision fp32|bf16]

"serve" is the other half of `./tasl bench --compare` (org.tasl.bench.SideBySide): it builds the
project's BERT-base cloze LoRA step once, answers "ready", then for every line "steps N" on stdin
runs N training steps (forward, backward, AdamW) and answers "seconds S" (wall, device synchronised),
so the Java side can alternate repetitions with its own; "peak" answers "peak_bytes B" (CUDA's
max_memory_allocated, 0 on CPU); "quit" ends. IMPL: plain (plain_bert.py, plain PyTorch, eager
attention), plain-sdpa (the same with F.scaled_dot_product_attention), hf-eager / hf-sdpa
(Transformers' BertForMaskedLM + PEFT LoRA on query/value, loss on the [MASK] rows as the project does).
"""
import sys
import time

import torch


def matmul(sizes):
    for dtype, name in ((torch.bfloat16, "bf16"), (torch.float32, "fp32")):
        for n in sizes:
            a = torch.randn(n, n, device="cuda").to(dtype)
            b = torch.randn(n, n, device="cuda").to(dtype)
            iters = (50 if n >= 8192 else 200) if dtype == torch.bfloat16 else (10 if n >= 8192 else 50)
            for _ in range(5):
                a @ b
            torch.cuda.synchronize()
            best = float("inf")
            for _ in range(3):
                t0 = time.perf_counter()
                for _ in range(iters):
                    c = a @ b
                torch.cuda.synchronize()
                best = min(best, (time.perf_counter() - t0) / iters)
            print(f"torch matmul-{name}-{n} {2 * n ** 3 / best / 1e12:.1f} TFLOP/s", flush=True)


def lora(batch, seq, layers, attn):
    from peft import LoraConfig, get_peft_model
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    config = BertConfig(num_hidden_layers=layers, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
                        num_labels=2, attn_implementation=attn)
    model = BertForSequenceClassification(config).to("cuda", torch.bfloat16)
    model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0, target_modules=["query", "value"],
                                             modules_to_save=["classifier"]))
    model.train()
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    ids = torch.randint(0, config.vocab_size, (batch, seq), device="cuda")
    labels = torch.randint(0, 2, (batch,), device="cuda")
    torch.cuda.reset_peak_memory_stats()
    warmup, steps = 3, 10
    for step in range(warmup + steps):
        if step == warmup:
            torch.cuda.synchronize()
            t0 = time.perf_counter()
        out = model(input_ids=ids, labels=labels)
        out.loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
    torch.cuda.synchronize()
    seconds = time.perf_counter() - t0
    print(f"torch lora-step-b{batch}-l{seq}-{attn} {batch * seq * steps / seconds:.0f} tokens/s", flush=True)
    print(f"torch lora-peak-alloc-{attn} {torch.cuda.max_memory_allocated() / 2 ** 30:.2f} GiB", flush=True)


def build_step(impl, device, batch, seq, weights, precision):
    """A closure running one LoRA training step of BERT-base on [batch, seq] random token ids."""
    torch.manual_seed(0)
    dtype = torch.bfloat16 if precision == "bf16" else torch.float32
    if impl.startswith("plain"):
        import plain_bert
        model = plain_bert.PlainBert(plain_bert.bert_base_config())
        if weights:
            print(f"info loaded {plain_bert.load_hf_weights(model, weights)} tensors from {weights}", flush=True)
        model.sdpa = impl == "plain-sdpa"
        trainable = model.add_lora(8, 16.0, 0.05)
        # frozen weights in the compute dtype, LoRA matrices fp32 (the project's mixed precision)
        for name, p in model.named_parameters():
            if not p.requires_grad:
                p.data = p.data.to(dtype)
        model.to(device)
        vocab = model.word.num_embeddings

        def loss_of(ids, positions, targets):
            if dtype == torch.float32:
                return model.loss(ids, positions, targets)
            with torch.autocast(device_type=device.split(":")[0], dtype=dtype):
                return model.loss(ids, positions, targets)
    else:
        from peft import LoraConfig, get_peft_model
        from transformers import BertConfig, BertForMaskedLM
        config = BertConfig(attn_implementation=impl.split("-")[1])
        model = BertForMaskedLM(config).to(device, dtype)
        # PEFT keeps the adapters in fp32 over a bf16 base (autocast_adapter_dtype, its default)
        model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, lora_dropout=0.05, target_modules=["query", "value"]))
        trainable = [p for p in model.parameters() if p.requires_grad]
        vocab = config.vocab_size
        base = model.base_model.model

        def loss_of(ids, positions, targets):
            with torch.autocast(device_type=device.split(":")[0], dtype=dtype, enabled=dtype != torch.float32):
                hidden = base.bert(input_ids=ids).last_hidden_state
                logits = base.cls(hidden.reshape(-1, hidden.shape[-1])[positions])
            return torch.nn.functional.cross_entropy(logits.float(), targets)
    model.train()
    opt = torch.optim.AdamW(trainable, lr=1e-4, weight_decay=0.0)
    ids = torch.randint(1000, vocab, (batch, seq), device=device)
    ids[:, 0], ids[:, -2], ids[:, -1] = 101, 103, 102  # [CLS] ... [MASK] [SEP], one answer token per row
    positions = torch.arange(batch, device=device) * seq + (seq - 2)
    targets = torch.randint(1000, vocab, (batch,), device=device)

    def step():
        loss = loss_of(ids, positions, targets)
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
    return step


def serve(args):
    import argparse
    p = argparse.ArgumentParser(prog="torch_reference.py serve")
    p.add_argument("impl", choices=["plain", "plain-sdpa", "hf-eager", "hf-sdpa"])
    p.add_argument("device")
    p.add_argument("batch", type=int)
    p.add_argument("seq", type=int)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--weights", default="")
    p.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    a = p.parse_args(args)
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    cuda = a.device.startswith("cuda")
    step = build_step(a.impl, a.device, a.batch, a.seq, a.weights, a.precision)
    print(f"ready torch {torch.__version__} threads {torch.get_num_threads()} impl {a.impl} precision {a.precision}",
          flush=True)
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "steps":
            if cuda:
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            for _ in range(int(cmd[1])):
                step()
            if cuda:
                torch.cuda.synchronize()
            print(f"seconds {time.perf_counter() - t0:.6f}", flush=True)
        elif cmd[0] == "peak":
            print(f"peak_bytes {torch.cuda.max_memory_allocated() if cuda else 0}", flush=True)
        elif cmd[0] == "quit":
            break
        else:
            print(f"error unknown command {cmd[0]!r}", flush=True)


def profile(args):
    """profile [THREADS] [WEIGHTS]: the plain CPU step's operator table (inclusive CPU time), as StepProfile prints it."""
    torch.set_num_threads(int(args[0]) if args else 2)
    step = build_step("plain", "cpu", 8, 128, args[1] if len(args) > 1 else "", "fp32")
    step()
    with torch.autograd.profiler.profile() as prof:
        t0 = time.perf_counter()
        step()
        print(f"profiled step {time.perf_counter() - t0:.2f} s (profiler on)")
    print(prof.key_averages().table(sort_by="cpu_time_total", row_limit=25))
    # host dispatches as StepProfile counts them: top-level ops (each a call from Python); the
    # optimizer's record_function wrappers count by their direct children, the backward nodes apart
    host = optimizer = backward = 0
    for e in prof.function_events:
        if e.cpu_parent is not None:
            continue
        if e.name.startswith("autograd::engine::evaluate_function"):
            backward += 1
        elif e.name.startswith("Optimizer."):
            optimizer += len(e.cpu_children)
        else:
            host += 1
    print(f"host dispatches per step (top-level ops the host called): {host + optimizer}, of which the optimizer "
          f"and gradient zeroing {optimizer} (torch.optim.AdamW, foreach off on the CPU); backward nodes run by "
          f"autograd: {backward}")


if __name__ == "__main__":
    if sys.argv[1] in ("serve", "profile"):
        sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
    if sys.argv[1] == "profile":
        profile(sys.argv[2:])
    elif sys.argv[1] == "serve":
        sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
        serve(sys.argv[2:])
    elif sys.argv[1] == "matmul":
        matmul([int(a) for a in sys.argv[2:]] or [4096, 8192])
    else:
        lora(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 12,
             sys.argv[5] if len(sys.argv) > 5 else "eager")
