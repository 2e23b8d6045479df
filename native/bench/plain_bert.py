"""BERT-base as the project trains it, written in plain PyTorch (no Transformers: Debian has none).

The computation mirrors org.tasl.model.bert.BertModel.loss exactly, so that a side-by-side
benchmark compares engines, not models:
  embeddings (word + position + token type 0, LayerNorm, dropout) -> N post-norm layers
  (q scaled by 1/sqrt(d) before q.k^T, softmax, attention dropout, dense + dropout + LayerNorm
  of the residual sum; intermediate dense + exact GELU; output dense + dropout + LayerNorm)
  -> the MLM head (transform dense + GELU + LayerNorm, decoder tied to the word embeddings plus
  a bias) on the [MASK] rows only -> mean negative log-likelihood of the answer tokens.
LoRA (PEFT's lora.Linear): y = W x + b + B (scaling * A dropout(x)), on query and value.
Frozen weights have requires_grad False, so backward computes no weight gradients for them.

Weights: random of BERT-base's shapes, or the project's converted safetensors (read with numpy
from the header, so no safetensors package is needed).
"""
import json
import math
import struct

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class LoraLinear(nn.Module):
    def __init__(self, base: nn.Linear, r: int, alpha: float, dropout: float):
        super().__init__()
        self.base = base
        self.a = nn.Parameter(torch.empty(r, base.in_features).uniform_(-1 / math.sqrt(base.in_features),
                                                                        1 / math.sqrt(base.in_features)))
        self.b = nn.Parameter(torch.zeros(base.out_features, r))
        self.scaling = alpha / r
        self.dropout = dropout

    def forward(self, x):
        y = self.base(x)
        xin = F.dropout(x, self.dropout, self.training) if self.dropout > 0 else x
        return y + F.linear(F.linear(xin, self.a) * self.scaling, self.b)


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        h, f = c["hidden_size"], c["intermediate_size"]
        self.heads = c["num_attention_heads"]
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.attn_out, self.attn_norm = nn.Linear(h, h), nn.LayerNorm(h, eps=c["layer_norm_eps"])
        self.inter, self.out = nn.Linear(h, f), nn.Linear(f, h)
        self.out_norm = nn.LayerNorm(h, eps=c["layer_norm_eps"])
        self.p_attn, self.p_hidden = c["attention_probs_dropout_prob"], c["hidden_dropout_prob"]

    def forward(self, x, sdpa=False):
        b, t, h = x.shape
        d = h // self.heads
        if sdpa:
            q = self.query(x).view(b, t, self.heads, d).transpose(1, 2)
            k = self.key(x).view(b, t, self.heads, d).transpose(1, 2)
            v = self.value(x).view(b, t, self.heads, d).transpose(1, 2)
            ctx = F.scaled_dot_product_attention(q, k, v, dropout_p=self.p_attn if self.training else 0.0)
        else:
            q = (self.query(x) * (1.0 / math.sqrt(d))).view(b, t, self.heads, d).transpose(1, 2)
            k = self.key(x).view(b, t, self.heads, d).permute(0, 2, 3, 1)
            v = self.value(x).view(b, t, self.heads, d).transpose(1, 2)
            probs = F.dropout(torch.softmax(q @ k, -1), self.p_attn, self.training)
            ctx = probs @ v
        ctx = ctx.transpose(1, 2).reshape(b, t, h)
        a = self.attn_norm(F.dropout(self.attn_out(ctx), self.p_hidden, self.training) + x)
        f = self.out(F.gelu(self.inter(a)))
        return self.out_norm(F.dropout(f, self.p_hidden, self.training) + a)


class PlainBert(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c["hidden_size"]
        self.word = nn.Embedding(c["vocab_size"], h)
        self.position = nn.Embedding(c["max_position_embeddings"], h)
        self.token_type = nn.Embedding(c["type_vocab_size"], h)
        self.norm = nn.LayerNorm(h, eps=c["layer_norm_eps"])
        self.layers = nn.ModuleList(Layer(c) for _ in range(c["num_hidden_layers"]))
        self.head_dense = nn.Linear(h, h)
        self.head_norm = nn.LayerNorm(h, eps=c["layer_norm_eps"])
        self.head_bias = nn.Parameter(torch.zeros(c["vocab_size"]))
        self.p_hidden = c["hidden_dropout_prob"]
        self.sdpa = False

    def add_lora(self, r=8, alpha=16.0, dropout=0.05):
        for p in self.parameters():
            p.requires_grad_(False)
        for layer in self.layers:
            layer.query = LoraLinear(layer.query, r, alpha, dropout)
            layer.value = LoraLinear(layer.value, r, alpha, dropout)
        return [p for n, p in self.named_parameters() if n.endswith((".a", ".b"))]

    def loss(self, ids, mask_positions, targets):
        t = ids.shape[1]
        pos = torch.arange(t, device=ids.device)
        x = self.word(ids) + self.position(pos) + self.token_type.weight[0]
        x = F.dropout(self.norm(x), self.p_hidden, self.training)
        for layer in self.layers:
            x = layer(x, self.sdpa)
        rows = x.reshape(-1, x.shape[-1])[mask_positions]
        rows = self.head_norm(F.gelu(self.head_dense(rows)))
        logits = F.linear(rows, self.word.weight, self.head_bias)
        return -torch.log_softmax(logits, -1).gather(1, targets[:, None]).mean()


def bert_base_config():
    return {"hidden_size": 768, "intermediate_size": 3072, "num_attention_heads": 12, "num_hidden_layers": 12,
            "vocab_size": 30522, "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12,
            "attention_probs_dropout_prob": 0.1, "hidden_dropout_prob": 0.1}


def read_safetensors(path):
    """name -> float32 numpy array, from the file's JSON header (F32, F16 and BF16 tensors)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        lo, hi = info["data_offsets"]
        raw = np.asarray(data[lo:hi])
        if info["dtype"] == "F32":
            arr = raw.view(np.float32)
        elif info["dtype"] == "F16":
            arr = raw.view(np.float16).astype(np.float32)
        elif info["dtype"] == "BF16":
            arr = (raw.view(np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            continue
        out[name] = arr.reshape(info["shape"])
    return out


def load_hf_weights(model: PlainBert, path):
    """Copies an HF BertForMaskedLM/BertModel checkpoint into the model (missing names stay random)."""
    t = {n[5:] if n.startswith("bert.") else n: v for n, v in read_safetensors(path).items()}
    pairs = {"embeddings.word_embeddings.weight": model.word.weight,
             "embeddings.position_embeddings.weight": model.position.weight,
             "embeddings.token_type_embeddings.weight": model.token_type.weight,
             "embeddings.LayerNorm.weight": model.norm.weight, "embeddings.LayerNorm.bias": model.norm.bias,
             "cls.predictions.transform.dense.weight": model.head_dense.weight,
             "cls.predictions.transform.dense.bias": model.head_dense.bias,
             "cls.predictions.transform.LayerNorm.weight": model.head_norm.weight,
             "cls.predictions.transform.LayerNorm.bias": model.head_norm.bias,
             "cls.predictions.bias": model.head_bias}
    for i, layer in enumerate(model.layers):
        p = f"encoder.layer.{i}."
        for hf, mod in (("attention.self.query", layer.query), ("attention.self.key", layer.key),
                        ("attention.self.value", layer.value), ("attention.output.dense", layer.attn_out),
                        ("attention.output.LayerNorm", layer.attn_norm), ("intermediate.dense", layer.inter),
                        ("output.dense", layer.out), ("output.LayerNorm", layer.out_norm)):
            pairs[p + hf + ".weight"] = mod.weight
            pairs[p + hf + ".bias"] = mod.bias
    loaded = 0
    with torch.no_grad():
        for name, param in pairs.items():
            if name in t and tuple(t[name].shape) == tuple(param.shape):
                param.copy_(torch.from_numpy(np.ascontiguousarray(t[name])))
                loaded += 1
    return loaded
