"""A random 2-layer BERT (hidden 32, f16) with MiniLM's tensor names and tokenizer: the smoke
backbone of call1.sh (2 MB, so it fits one device call next to the bundle).
usage: make_tiny_bert.py MINILM_FOLDER OUT_FOLDER"""
import json, re, shutil, struct, sys
import numpy as np

src, dst = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(0)
with open(f"{src}/model.safetensors", "rb") as f:
    n = struct.unpack("<Q", f.read(8))[0]
    hdr = json.loads(f.read(n))
out, chunks, off = {}, [], 0
for k, v in hdr.items():
    if k == "__metadata__":
        continue
    m = re.search(r"layer\.(\d+)\.", k)
    if m and int(m.group(1)) > 1:
        continue
    shape = [32 if d == 384 else 64 if d == 1536 else d for d in v["shape"]]
    a = np.ones(shape) if "LayerNorm.weight" in k else np.zeros(shape) if k.endswith("bias") else rng.normal(0, 0.02, shape)
    raw = a.astype("<f2").tobytes()
    out[k] = {"dtype": "F16", "shape": shape, "data_offsets": [off, off + len(raw)]}
    chunks.append(raw)
    off += len(raw)
h = json.dumps(out).encode()
h += b" " * ((8 - len(h) % 8) % 8)
with open(f"{dst}/model.safetensors", "wb") as g:
    g.write(struct.pack("<Q", len(h)))
    g.write(h)
    for c in chunks:
        g.write(c)
c = json.load(open(f"{src}/config.json"))
c.update(hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64)
json.dump(c, open(f"{dst}/config.json", "w"), indent=1)
for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt"):
    shutil.copy(f"{src}/{name}", dst)
