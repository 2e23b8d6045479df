#!/usr/bin/env python3
"""Makes the AdamW parity oracle: what torch.optim.AdamW does to a few small tensors.

Each case gives the optimizer's constants (lr per step, betas, eps, weight decay), the initial
tensors and the gradient of every step; the oracle records every tensor after every step.
The Java test (org.tasl.train.AdamWParityTest) feeds the same numbers to org.tasl.train.AdamW
and compares. Gradients are fixed numbers rather than a loss's gradient so that the optimizer
alone is compared. The cases cover: default constants, decoupled weight decay, a learning
rate that changes every step (warm-up then decay, as the trainer's schedule does), gradients
far below eps (where eps dominates the denominator), gradients of mixed magnitude, a zero
gradient after non-zero ones, and non-default betas/eps.

Usage (Debian's python3-torch is enough; float32 on the CPU, fixed seed, so a rerun gives the
same file):
    /usr/bin/python3 tools/oracles/make_adamw_oracle.py \
        --out tasl-core/src/test/resources/oracles/adamw/adamw_oracle.json
"""
import argparse
import json

import torch

SEED = 20261203
SHAPES = {"lora_A": [2, 3], "bias": [4], "lora_B": [3, 2]}


def case(name, lrs, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, grad_scale=1.0, zero_last=False):
    g = torch.Generator().manual_seed(SEED + sum(map(ord, name)))
    params = {k: torch.randn(s, generator=g, dtype=torch.float32) for k, s in SHAPES.items()}
    initial = {k: v.flatten().tolist() for k, v in params.items()}
    tensors = {k: torch.nn.Parameter(v.clone()) for k, v in params.items()}
    opt = torch.optim.AdamW(list(tensors.values()), lr=lrs[0], betas=betas, eps=eps, weight_decay=weight_decay)
    steps = []
    for i, lr in enumerate(lrs):
        grads = {}
        for k, p in tensors.items():
            gk = torch.randn(p.shape, generator=g, dtype=torch.float32) * grad_scale
            if name == "mixed-magnitude":
                # one element per tensor a million times larger than the rest
                gk.view(-1)[0] *= 1e6
            if zero_last and i == len(lrs) - 1:
                gk = torch.zeros_like(gk)
            p.grad = gk.clone()
            grads[k] = gk.flatten().tolist()
        for group in opt.param_groups:
            group["lr"] = lr
        opt.step()
        steps.append({"lr": lr, "grads": grads, "after": {k: p.detach().flatten().tolist() for k, p in tensors.items()}})
    return {"name": name, "beta1": betas[0], "beta2": betas[1], "eps": eps, "weight_decay": weight_decay,
            "shapes": SHAPES, "initial": initial, "steps": steps}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    schedule = [1e-3 * (i + 1) / 3 for i in range(3)] + [1e-3 * (1 - i / 5) for i in range(1, 5)]
    cases = [
        case("defaults", [1e-3] * 6),
        case("weight-decay", [2e-3] * 6, weight_decay=0.01),
        case("schedule", schedule, weight_decay=0.01),
        case("tiny-gradients", [1e-2] * 5, grad_scale=1e-9),
        case("mixed-magnitude", [1e-3] * 5),
        case("zero-gradient-last", [5e-3] * 4, zero_last=True),
        case("custom-constants", [3e-3] * 5, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.1),
    ]
    doc = {"generator": "tools/oracles/make_adamw_oracle.py", "torch": torch.__version__,
           "rule": "torch.optim.AdamW, float32, CPU", "cases": cases}
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
