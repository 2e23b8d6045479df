"""f32 -> f16 safetensors (every F32 tensor converted; others copied). usage: to_f16.py IN OUT"""
import json, struct, sys, numpy as np
src, dst = sys.argv[1], sys.argv[2]
with open(src, 'rb') as f:
    n = struct.unpack('<Q', f.read(8))[0]
    hdr = json.loads(f.read(n)); base = 8 + n
    data = f.read()
out_hdr, chunks, off = {}, [], 0
for k, v in hdr.items():
    if k == '__metadata__': out_hdr[k] = v; continue
    s, e = v['data_offsets']
    raw = data[s:e]
    if v['dtype'] == 'F32':
        raw = np.frombuffer(raw, '<f4').astype('<f2').tobytes(); dt = 'F16'
    else:
        dt = v['dtype']
    out_hdr[k] = {'dtype': dt, 'shape': v['shape'], 'data_offsets': [off, off + len(raw)]}
    chunks.append(raw); off += len(raw)
h = json.dumps(out_hdr).encode(); h += b' ' * ((8 - len(h) % 8) % 8)
with open(dst, 'wb') as f:
    f.write(struct.pack('<Q', len(h))); f.write(h)
    for c in chunks: f.write(c)
