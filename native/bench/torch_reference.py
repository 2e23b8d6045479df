"""The PyTorch side of native/bench: the same measurements as org.tasl.gpu.GpuBenchmark, made
directly in PyTorch (and Transformers + PEFT for the LoRA step), printed as "torch KEY VALUE UNIT".

    python3 torch_reference.py matmul [N ...]
    python3 torch_reference.py lora BATCH SEQ [LAYERS] [eager|sdpa]
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


if __name__ == "__main__":
    if sys.argv[1] == "matmul":
        matmul([int(a) for a in sys.argv[2:]] or [4096, 8192])
    else:
        lora(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 12,
             sys.argv[5] if len(sys.argv) > 5 else "eager")
