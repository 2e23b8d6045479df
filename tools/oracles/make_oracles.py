#!/usr/bin/env python3
"""Makes the parity oracles for TaSL Studio's T5 and LLaMA implementations.

Tiny random checkpoints are built with Hugging Face Transformers, briefly fine-tuned so that
greedy decoding has clear margins, and then asked for everything the Java parity tests check:
tokenizer ids, encoder states, teacher-forced logits, losses, a padded batch, greedy ids,
candidate log-likelihoods, and PEFT LoRA logits, losses and gradients. Every number is
computed on the CPU in float32 with fixed seeds, so a rerun gives the same files.

Usage (the GPU machine has Transformers, PEFT, SentencePiece and safetensors):
    python3 make_oracles.py --out DIR

DIR then holds t5-tiny/, flan-t5-tiny/ and llama-tiny/: Hugging Face folders (config.json,
model.safetensors, tokenizer files) with reference.json and the LoRA files beside them.
See README.md next to this script for the meaning of every key.
"""
import argparse
import copy
import json
import os
import random
import shutil
import sys
import tempfile
import time
import traceback

import torch

SEED = 1234
T5_VOCAB_WANTED = 512
LLAMA_VOCAB_WANTED = 600
LLAMA_ROPE_THETA = 1000.0  # not the default 10000, so reading it from config.json is tested
LLAMA_RMS_EPS = 1e-5       # not the T5 1e-6, likewise
LORA_R, LORA_ALPHA = 4, 8

CASES = [
    ("Classify the topic of the news headline. Options: Sports, Business, Science.\n"
     "Headline: The local team won the final match last night.\nAnswer:", "Sports",
     ["Sports", "Business", "Science"]),
    ("Is the following review positive or negative?\n"
     "Review: The movie was boring and far too long.\nAnswer:", "negative",
     ["positive", "negative"]),
    ("Translate the word to French.\nWord: house\nAnswer:", "maison",
     ["maison", "chat", "house"]),
]

# Extra strings for tokenizer parity: punctuation, digits, repeated spaces, accents, newlines.
TOKENIZER_PROBES = [
    "Hello world!",
    "The   spaces  collapse , and punctuation: stays?",
    "Numbers 12345 and 3.14 and 2026-11-27.",
    "Caf\u00e9 cr\u00e8me \u00e0 la mode",
    "line one\nline two\n\nend",
    "  leading and trailing  ",
    "UPPER lower MiXeD",
]


def log(*a):
    print(*a, flush=True)


# ---------------------------------------------------------------------------------------------
# small helpers

def rounded(x):
    """Tensor or nested list → nested lists of floats with 8 significant digits (float32 has ~7.2)."""
    if isinstance(x, torch.Tensor):
        x = x.detach().to(torch.float64).cpu().tolist()
    if isinstance(x, list):
        return [rounded(v) for v in x]
    if isinstance(x, float):
        return float(f"{x:.8g}")
    return x


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def save_tensors(path, tensors):
    from safetensors.torch import save_file
    save_file({k: v.detach().to(torch.float32).contiguous().clone() for k, v in sorted(tensors.items())},
              path, metadata={"format": "pt"})


def greedy_margins(scores):
    """Top-1 minus top-2 logit of each generated step (how safe the greedy argmax is)."""
    out = []
    for s in scores:
        top = torch.topk(s[0].float(), 2).values
        out.append(float(top[0] - top[1]))
    return out


def make_corpus(seed):
    """A few thousand template sentences around the words of CASES and TOKENIZER_PROBES."""
    rng = random.Random(seed)
    subjects = ["The local team", "A small company", "The scientist", "My friend", "The teacher",
                "Our neighbour", "The old man", "A young woman", "The government", "The market",
                "The museum", "The new player", "The bank", "Researchers", "The students"]
    verbs = ["won", "lost", "built", "found", "studied", "sold", "bought", "wrote", "visited",
             "reported", "announced", "discovered", "played", "watched", "opened", "closed"]
    objects = ["the final match", "a new product", "the ancient book", "a strange signal",
               "the house", "a cheap car", "the movie", "a long report", "the market share",
               "the stadium", "a famous painting", "the experiment", "the trade deal",
               "the coffee shop", "the science fair"]
    times = ["last night", "yesterday", "this morning", "in 2024", "after the storm",
             "before lunch", "on Monday", "at noon", "last week", "today"]
    adjectives = ["boring", "great", "friendly", "bad", "good", "long", "short", "positive",
                  "negative", "exciting", "terrible", "wonderful", "slow", "fast", "far"]
    tails = ["Hello world!", "Caf\u00e9 cr\u00e8me", "UPPER lower MiXeD", "3.14", "Numbers"]
    french = [("house", "maison"), ("cat", "chat"), ("dog", "chien"), ("water", "eau"),
              ("bread", "pain"), ("book", "livre"), ("car", "voiture"), ("tree", "arbre")]
    lines = []
    for _ in range(2500):
        k = rng.random()
        if k < 0.35:
            lines.append(f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)} {rng.choice(times)}.")
        elif k < 0.55:
            lines.append(f"The {rng.choice(['movie', 'food', 'staff', 'book', 'game', 'show'])} was "
                         f"{rng.choice(adjectives)} and {rng.choice(['far too', 'very', 'quite'])} {rng.choice(adjectives)}.")
        elif k < 0.7:
            en, fr = rng.choice(french)
            lines.append(f"Translate the word to French. Word: {en} Answer: {fr}")
        elif k < 0.85:
            lines.append(f"Options: Sports, Business, Science. Headline: {rng.choice(subjects)} "
                         f"{rng.choice(verbs)} {rng.choice(objects)}. Answer: {rng.choice(['Sports', 'Business', 'Science'])}")
        else:
            lines.append(f"Is the review positive or negative? Review: It was {rng.choice(adjectives)}. "
                         f"Answer: {rng.choice(['positive', 'negative'])} {rng.randint(0, 99999)} "
                         f"{rng.choice(tails)}")
    for text, target, cands in CASES:
        for _ in range(20):
            lines.append(text.replace("\n", " ") + " " + target)
    lines.extend(TOKENIZER_PROBES * 5)
    return lines


def train_sentencepiece(corpus, prefix, wanted, **kw):
    import sentencepiece as spm
    path = prefix + ".txt"
    with open(path, "w") as f:
        for line in corpus:
            f.write(line.replace("\n", " ") + "\n")
    last = None
    for size in (wanted, wanted * 3 // 4, wanted // 2):
        try:
            spm.SentencePieceTrainer.train(input=path, model_prefix=prefix, vocab_size=size,
                                           character_coverage=1.0, num_threads=1, seed_sentencepiece_size=100000,
                                           shuffle_input_sentence=False, minloglevel=2, **kw)
            sp = spm.SentencePieceProcessor(model_file=prefix + ".model")
            log(f"sentencepiece {os.path.basename(prefix)}: {sp.get_piece_size()} pieces ({kw.get('model_type')})")
            return sp
        except Exception as e:  # too few distinct pieces for this size: try smaller
            last = e
            log(f"sentencepiece size {size} failed: {e}")
    raise last


def convert_tokenizer(spm_file, spm_name, tokenizer_config, folder):
    """Fast tokenizer (tokenizer.json) from a SentencePiece model through Transformers' conversion."""
    from transformers import AutoTokenizer
    src = tempfile.mkdtemp()
    shutil.copy(spm_file, os.path.join(src, spm_name))
    write_json(os.path.join(src, "tokenizer_config.json"), tokenizer_config)
    tok = AutoTokenizer.from_pretrained(src)
    tok.save_pretrained(folder)
    if not os.path.exists(os.path.join(folder, "tokenizer.json")):
        raise RuntimeError("the converted tokenizer wrote no tokenizer.json")
    # save_pretrained may also copy the slow file; the folder keeps exactly one copy of ours
    shutil.copy(spm_file, os.path.join(folder, spm_name))
    return tok


# ---------------------------------------------------------------------------------------------
# T5

def t5_ids(tok, sp, text):
    """input ids with </s>: from tokenizer.json when the conversion worked, else SentencePiece."""
    if tok is not None:
        return tok(text).input_ids
    return sp.encode(text) + [1]


def t5_padded(rows, pad):
    width = max(len(r) for r in rows)
    ids = torch.tensor([r + [pad] * (width - len(r)) for r in rows])
    mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])
    return ids, mask


def t5_batch(tok, sp, cases):
    inputs = [t5_ids(tok, sp, c[0]) for c in cases]
    labels = [t5_ids(tok, sp, c[1]) for c in cases]
    ids, mask = t5_padded(inputs, 0)
    lab, _ = t5_padded(labels, -100)
    return ids, mask, lab


def finetune(model, batch_loss, steps, lr):
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=lr)
    model.train()
    first = None
    for _ in range(steps):
        loss = batch_loss(model)
        first = first if first is not None else float(loss)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    log(f"  fine-tuned {steps} steps: loss {first:.4f} -> {float(batch_loss(model)):.6f}")


def lm_head_is_tied(model):
    return model.lm_head.weight.data_ptr() == model.shared.weight.data_ptr()


def untie_lm_head(model, seed):
    """A separate lm_head (T5 v1.1 / Flan layout) whatever the installed Transformers does with the flag."""
    if lm_head_is_tied(model):
        g = torch.Generator().manual_seed(seed)
        v, d = model.shared.weight.shape
        model.lm_head.weight = torch.nn.Parameter(torch.randn(v, d, generator=g) * d ** -0.5)
    model.config.tie_word_embeddings = False


def decoder_output_scaled(model, ids, mask, labels, intended):
    """Whether HF multiplied the decoder output by d_model^-0.5 before lm_head (measured, not assumed)."""
    with torch.no_grad():
        out = model(input_ids=ids, attention_mask=mask, labels=labels)
        dec_in = torch.cat([torch.zeros_like(labels[:, :1]), labels[:, :-1]], 1).masked_fill(
            torch.cat([torch.zeros_like(labels[:, :1]), labels[:, :-1]], 1) == -100, 0)
        h = model.decoder(input_ids=dec_in, encoder_hidden_states=out.encoder_last_hidden_state,
                          encoder_attention_mask=mask).last_hidden_state
        plain = h @ model.lm_head.weight.T
        scaled = (h * model.config.d_model ** -0.5) @ model.lm_head.weight.T
        dp = float((plain - out.logits).abs().max())
        ds = float((scaled - out.logits).abs().max())
    if min(dp, ds) > 1e-4:
        log(f"  WARNING: lm_head input is neither the scaled nor the plain decoder output ({dp}, {ds})")
        return intended
    return ds < dp


def save_t5_folder(model, folder, tied, scaled):
    os.makedirs(folder, exist_ok=True)
    model.config.save_pretrained(folder)
    cfg_path = os.path.join(folder, "config.json")
    with open(cfg_path) as f:
        cfg = json.load(f)
    # State the measured behaviour explicitly: older readers use tie_word_embeddings for the
    # rescale, Transformers 5 writes scale_decoder_outputs.
    cfg["tie_word_embeddings"] = tied
    cfg["scale_decoder_outputs"] = scaled
    cfg["architectures"] = ["T5ForConditionalGeneration"]
    write_json(cfg_path, cfg)
    try:
        model.generation_config.save_pretrained(folder)
    except Exception as e:
        log(f"  generation_config not written: {e}")
    sd = {}
    for k, v in model.state_dict().items():
        if k.endswith("embed_tokens.weight"):
            continue  # encoder/decoder embed_tokens are the shared table
        if k == "lm_head.weight" and tied:
            continue
        sd[k] = v
    save_tensors(os.path.join(folder, "model.safetensors"), sd)


def t5_reference(model, tok, sp, name):
    ref = {"cases": []}
    for text, target, cands in CASES:
        input_ids = t5_ids(tok, sp, text)
        label_ids = t5_ids(tok, sp, target)
        ids = torch.tensor([input_ids])
        mask = torch.ones_like(ids)
        labels = torch.tensor([label_ids])
        with torch.no_grad():
            out = model(input_ids=ids, attention_mask=mask, labels=labels)
            gen = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=8, do_sample=False,
                                 num_beams=1, output_scores=True, return_dict_in_generate=True)
            scores = []
            for c in cands:
                c_ids = t5_ids(tok, sp, c)
                lp = torch.log_softmax(model(input_ids=ids, attention_mask=mask,
                                             labels=torch.tensor([c_ids])).logits[0], -1)
                scores.append(float(sum(lp[t, c_ids[t]] for t in range(len(c_ids)))))
        ref["cases"].append({
            "input": text, "target": target,
            "input_ids": input_ids,
            "sentencepiece_ids_plus_eos": sp.encode(text) + [1],
            "label_ids": label_ids,
            "loss": float(out.loss),
            "encoder_last_hidden_state": rounded(out.encoder_last_hidden_state[0]),
            "logits": rounded(out.logits[0]),
            "greedy_ids": gen.sequences[0].tolist(),
            "greedy_min_margin": min(greedy_margins(gen.scores)),
            "candidates": cands,
            "candidate_label_ids": [t5_ids(tok, sp, c) for c in cands],
            "candidate_scores": scores,
        })
        log(f"  {name} case: loss {float(out.loss):.5f} greedy {gen.sequences[0].tolist()} "
            f"margin {ref['cases'][-1]['greedy_min_margin']:.3f}")
    ids, mask, lab = t5_batch(tok, sp, CASES[:2])
    with torch.no_grad():
        out = model(input_ids=ids, attention_mask=mask, labels=lab)
    ref["padded_batch"] = {
        "input_ids": ids.tolist(), "attention_mask": mask.tolist(), "labels": lab.tolist(),
        "loss": float(out.loss), "logits": rounded(out.logits),
        "encoder_last_hidden_state": rounded(out.encoder_last_hidden_state),
        "note": "decoder inputs are the labels shifted right with decoder start 0, -100 read as pad 0",
    }
    return ref


def lora_oracle(model, targets, case_inputs, seed, folder, loss_fn):
    """PEFT LoRA with random A and B (B is zero at PEFT's init, which would test nothing)."""
    from peft import LoraConfig, get_peft_model
    tied_before = lm_head_is_tied(model) if hasattr(model, "shared") else None
    base = copy.deepcopy(model)
    if hasattr(model, "shared") and not tied_before and lm_head_is_tied(base):
        untie_lm_head(base, seed)
        base.lm_head.weight.data.copy_(model.lm_head.weight.data)
    cfg = LoraConfig(r=LORA_R, lora_alpha=LORA_ALPHA, lora_dropout=0.0, target_modules=targets, bias="none")
    pm = get_peft_model(base, cfg)
    inner = pm.base_model.model
    if hasattr(inner, "shared") and lm_head_is_tied(inner) != tied_before:
        log("  PEFT re-tied lm_head: untying it again with the trained head")
        inner.lm_head.weight = torch.nn.Parameter(model.lm_head.weight.detach().clone(), requires_grad=False)
    g = torch.Generator().manual_seed(seed)
    lora = {n: p for n, p in pm.named_parameters() if "lora_" in n}
    for n in sorted(lora):
        with torch.no_grad():
            lora[n].copy_(torch.randn(lora[n].shape, generator=g) * 0.1)
    pm.eval()
    loss, logits = loss_fn(pm, *case_inputs)
    loss.backward()
    grads = {n: p.grad for n, p in lora.items()}
    save_tensors(os.path.join(folder, "lora_adapter.safetensors"), lora)
    save_tensors(os.path.join(folder, "lora_grads.safetensors"), grads)
    try:
        pm.save_pretrained(os.path.join(folder, "peft_adapter"))
    except Exception as e:
        log(f"  PEFT save_pretrained failed: {e}")
    log(f"  lora: loss {float(loss):.6f}, {len(lora)} tensors, max |grad| "
        f"{max(float(v.abs().max()) for v in grads.values()):.3e}")
    return {"r": LORA_R, "alpha": LORA_ALPHA, "dropout": 0.0, "targets": targets,
            "loss": float(loss), "logits": rounded(logits),
            "note": "lora_adapter.safetensors: the A/B weights under the in-memory PEFT names "
                    "(adapter 'default'); peft_adapter/ the same adapter as PEFT save_pretrained "
                    "writes it; lora_grads.safetensors: d loss / d every lora_A and lora_B"}


def make_t5(name, ffn, tied, vocab, tok, sp, folder, seed):
    from transformers import T5Config, T5ForConditionalGeneration
    log(f"== {name} ({ffn}, tied={tied})")
    cfg = T5Config(vocab_size=vocab, d_model=64, d_kv=16, d_ff=128, num_layers=2, num_decoder_layers=2,
                   num_heads=4, relative_attention_num_buckets=32, relative_attention_max_distance=128,
                   dropout_rate=0.0, layer_norm_epsilon=1e-6, feed_forward_proj=ffn,
                   tie_word_embeddings=tied, decoder_start_token_id=0, pad_token_id=0, eos_token_id=1)
    torch.manual_seed(seed)
    model = T5ForConditionalGeneration(cfg)
    if tied:
        model.config.tie_word_embeddings = True
        if hasattr(model.config, "scale_decoder_outputs"):
            model.config.scale_decoder_outputs = True
    else:
        untie_lm_head(model, seed + 1)
        if hasattr(model.config, "scale_decoder_outputs"):
            model.config.scale_decoder_outputs = False
    if lm_head_is_tied(model) != tied:
        raise RuntimeError(f"{name}: lm_head tying is {lm_head_is_tied(model)}, wanted {tied}")
    ids, mask, lab = t5_batch(tok, sp, CASES)
    finetune(model, lambda m: m(input_ids=ids, attention_mask=mask, labels=lab).loss, 150, 3e-3)
    scaled = decoder_output_scaled(model, ids, mask, lab, tied)
    log(f"  decoder output scaled before lm_head: {scaled}")
    save_t5_folder(model, folder, tied, scaled)
    ref = t5_reference(model, tok, sp, name)
    ref["tied_lm_head"] = tied
    try:
        from transformers.models.t5.modeling_t5 import T5Attention
        rel = torch.arange(-150, 151)
        ref["relative_position_buckets"] = {
            "from": -150, "num_buckets": 32, "max_distance": 128,
            "note": "bucket of relative position key - query for -150..150",
            "bidirectional": T5Attention._relative_position_bucket(rel, bidirectional=True, num_buckets=32,
                                                                   max_distance=128).tolist(),
            "causal": T5Attention._relative_position_bucket(rel, bidirectional=False, num_buckets=32,
                                                            max_distance=128).tolist()}
    except Exception as e:
        log(f"  bucket table not written: {e}")
    ref["scale_decoder_outputs"] = scaled

    def lora_loss(pm, ids1, labels1):
        out = pm(input_ids=ids1, attention_mask=torch.ones_like(ids1), labels=labels1)
        return out.loss, out.logits[0]
    c0 = ref["cases"][0]
    ref["lora"] = lora_oracle(model, ["q", "v"], (torch.tensor([c0["input_ids"]]), torch.tensor([c0["label_ids"]])),
                              seed + 2, folder, lora_loss)
    ref["lora"]["case"] = 0
    # Does a fresh from_pretrained of the written folder give the same numbers? (diagnostic)
    try:
        again = T5ForConditionalGeneration.from_pretrained(folder).eval()
        with torch.no_grad():
            lg = again(input_ids=torch.tensor([c0["input_ids"]]), labels=torch.tensor([c0["label_ids"]])).logits[0]
        ref["hf_reload_max_abs_diff"] = float((lg - torch.tensor(c0["logits"])).abs().max())
    except Exception as e:
        ref["hf_reload_max_abs_diff"] = f"reload failed: {e}"
    log(f"  HF reload of the folder: max |diff| {ref['hf_reload_max_abs_diff']}")
    return ref


# ---------------------------------------------------------------------------------------------
# LLaMA

def effective_theta(model, head_dim):
    inv = model.model.rotary_emb.inv_freq.to(torch.float64)
    return float(inv[1] ** (-head_dim / 2.0))


def make_llama_model(vocab, seed):
    from transformers import LlamaConfig, LlamaForCausalLM
    common = dict(vocab_size=vocab, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                  num_attention_heads=4, num_key_value_heads=2, head_dim=16, rms_norm_eps=LLAMA_RMS_EPS,
                  max_position_embeddings=256, tie_word_embeddings=False, bos_token_id=1, eos_token_id=2,
                  pad_token_id=0, attention_bias=False, mlp_bias=False, hidden_act="silu",
                  initializer_range=0.02)
    for rope in ({"rope_parameters": {"rope_type": "default", "rope_theta": LLAMA_ROPE_THETA}},
                 {"rope_theta": LLAMA_ROPE_THETA}):
        try:
            cfg = LlamaConfig(**common, **rope)
            torch.manual_seed(seed)
            model = LlamaForCausalLM(cfg)
        except Exception as e:
            log(f"  LlamaConfig with {list(rope)} failed: {e}")
            continue
        try:
            theta = effective_theta(model, 16)
        except Exception as e:  # no inv_freq buffer in this version: trust the config
            log(f"  RoPE theta not measurable ({e}); trusting the config")
            return model
        if abs(theta - LLAMA_ROPE_THETA) / LLAMA_ROPE_THETA < 1e-6:
            return model
        log(f"  LlamaConfig with {list(rope)} gave theta {theta}")
    raise RuntimeError("could not make a LLaMA with the wanted RoPE theta")


def llama_padded(rows, pad):
    width = max(len(r) for r in rows)
    return (torch.tensor([r + [pad] * (width - len(r)) for r in rows]),
            torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows]))


def answer_log_probs(logits, seq, start):
    """log p(seq[t] | seq[:t]) for t >= start, from causal logits [T][V]."""
    lp = torch.log_softmax(logits, -1)
    return [lp[t - 1, seq[t]] for t in range(start, len(seq))]


def make_llama(folder, sp, tok, seed):
    log("== llama-tiny")
    vocab = sp.get_piece_size()
    model = make_llama_model(vocab, seed)
    bos, eos = 1, 2

    def prompt_ids(text):
        return tok(text).input_ids if tok is not None else [bos] + sp.encode(text)

    def answer_ids(text):
        return sp.encode(text) + [eos]

    seqs = [prompt_ids(t) + answer_ids(a) for t, a, _ in CASES]
    ids, mask = llama_padded(seqs, 0)
    labels = ids.masked_fill(mask == 0, -100)
    finetune(model, lambda m: m(input_ids=ids, attention_mask=mask, labels=labels).loss, 150, 3e-3)
    os.makedirs(folder, exist_ok=True)
    model.config.save_pretrained(folder)
    cfg_path = os.path.join(folder, "config.json")
    with open(cfg_path) as f:
        cfg = json.load(f)
    cfg.pop("_attn_implementation", None)
    cfg["rope_theta"] = LLAMA_ROPE_THETA  # both spellings: Transformers 4 (rope_theta) and 5 (rope_parameters)
    cfg.setdefault("rope_parameters", {"rope_type": "default", "rope_theta": LLAMA_ROPE_THETA})
    write_json(cfg_path, cfg)
    try:
        model.generation_config.save_pretrained(folder)
    except Exception as e:
        log(f"  generation_config not written: {e}")
    save_tensors(os.path.join(folder, "model.safetensors"), dict(model.state_dict()))

    ref = {"rope_theta": LLAMA_ROPE_THETA, "rms_norm_eps": LLAMA_RMS_EPS, "cases": []}
    for text, target, cands in CASES:
        p = prompt_ids(text)
        a = answer_ids(target)
        seq = p + a
        x = torch.tensor([seq])
        lab = torch.tensor([[-100] * len(p) + a])
        with torch.no_grad():
            out = model(input_ids=x, labels=lab)
            full = model(input_ids=x, labels=x)
            gen = model.generate(input_ids=torch.tensor([p]), attention_mask=torch.ones(1, len(p), dtype=torch.long),
                                 max_new_tokens=8, do_sample=False, num_beams=1, pad_token_id=eos,
                                 output_scores=True, return_dict_in_generate=True)
            scores = []
            for c in cands:
                cs = p + answer_ids(c)
                lg = model(input_ids=torch.tensor([cs])).logits[0]
                scores.append(float(sum(answer_log_probs(lg, cs, len(p)))))
        ref["cases"].append({
            "input": text, "target": target,
            "prompt_ids": p, "sentencepiece_prompt_ids": [bos] + sp.encode(text),
            "answer_ids": a,
            "loss_answer": float(out.loss), "loss_full": float(full.loss),
            "answer_logits": rounded(out.logits[0, len(p) - 1:len(seq) - 1]),
            "first_logits": rounded(out.logits[0, :4]),
            "greedy_ids": gen.sequences[0].tolist(),
            "greedy_min_margin": min(greedy_margins(gen.scores)),
            "candidates": cands, "candidate_ids": [answer_ids(c) for c in cands], "candidate_scores": scores,
        })
        log(f"  llama case: answer loss {float(out.loss):.5f}, greedy new {gen.sequences[0].tolist()[len(p):]} "
            f"margin {ref['cases'][-1]['greedy_min_margin']:.3f}")
    # The fixture's kind of check: two fixed rows of ids, full logits, LM loss over every token.
    rows = torch.tensor([[1, 17, 42, 99, 5, 300, 7, 8], [1, 250, 251, 252, 253, 254, 255, 256]])
    rows = rows.clamp(max=vocab - 1)
    with torch.no_grad():
        out = model(input_ids=rows, labels=rows)
        gen = model.generate(input_ids=rows[:1], attention_mask=torch.ones(1, 8, dtype=torch.long),
                             max_new_tokens=8, min_new_tokens=8, do_sample=False, num_beams=1, pad_token_id=eos,
                             output_scores=True, return_dict_in_generate=True)
    ref["rows"] = {"input_ids": rows.tolist(), "loss": float(out.loss), "logits": rounded(out.logits),
                   "greedy_ids": gen.sequences[0].tolist(), "greedy_min_margin": min(greedy_margins(gen.scores)),
                   "note": "greedy_ids: the first row then 8 new tokens, eos suppressed (min_new_tokens=8)"}
    log(f"  llama rows: loss {float(out.loss):.5f} greedy {gen.sequences[0].tolist()} "
        f"margin {ref['rows']['greedy_min_margin']:.3f}")
    # A right-padded batch of (prompt, answer) pairs, loss over the answers only.
    ps = [prompt_ids(c[0]) for c in CASES[:2]]
    ans = [answer_ids(c[1]) for c in CASES[:2]]
    ids, mask = llama_padded([p + a for p, a in zip(ps, ans)], 0)
    lab = torch.full_like(ids, -100)
    for i, (p, a) in enumerate(zip(ps, ans)):
        lab[i, len(p):len(p) + len(a)] = torch.tensor(a)
    with torch.no_grad():
        out = model(input_ids=ids, attention_mask=mask, labels=lab)
    ref["padded_batch"] = {
        "input_ids": ids.tolist(), "attention_mask": mask.tolist(), "labels": lab.tolist(),
        "loss": float(out.loss),
        "answer_logits": [rounded(out.logits[i, len(p) - 1:len(p) + len(a) - 1]) for i, (p, a) in enumerate(zip(ps, ans))],
        "note": "right padding with pad 0; labels -100 on prompt and padding; HF shifts labels by one",
    }

    def lora_loss(pm, x, lab1):
        out = pm(input_ids=x, labels=lab1)
        return out.loss, out.logits[0, -8:]
    c0 = ref["cases"][0]
    x0 = torch.tensor([c0["prompt_ids"] + c0["answer_ids"]])
    l0 = torch.tensor([[-100] * len(c0["prompt_ids"]) + c0["answer_ids"]])
    ref["lora"] = lora_oracle(model, ["q_proj", "v_proj"], (x0, l0), seed + 2, folder, lora_loss)
    ref["lora"]["case"] = 0
    ref["lora"]["logits_note"] = "logits of the last 8 positions of case 0's prompt+answer"
    try:
        from transformers import LlamaForCausalLM
        again = LlamaForCausalLM.from_pretrained(folder).eval()
        with torch.no_grad():
            lg = again(input_ids=rows).logits
        ref["hf_reload_max_abs_diff"] = float((lg - torch.tensor(ref["rows"]["logits"])).abs().max())
    except Exception as e:
        ref["hf_reload_max_abs_diff"] = f"reload failed: {e}"
    log(f"  HF reload of the folder: max |diff| {ref['hf_reload_max_abs_diff']}")
    return ref


# ---------------------------------------------------------------------------------------------

def versions():
    import transformers
    v = {"transformers": transformers.__version__, "torch": torch.__version__}
    for mod in ("peft", "sentencepiece", "tokenizers", "safetensors"):
        try:
            v[mod] = __import__(mod).__version__
        except Exception:
            v[mod] = None
    return v


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    t0 = time.time()
    torch.set_num_threads(min(8, os.cpu_count() or 1))
    torch.manual_seed(SEED)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp()
    meta = versions()
    log("versions:", meta)
    corpus = make_corpus(SEED)

    # T5 tokenizer: SentencePiece unigram with T5's ids (pad 0, eos 1, unk 2, no bos).
    sp_t5 = train_sentencepiece(corpus, os.path.join(work, "spiece"), T5_VOCAB_WANTED, model_type="unigram",
                                pad_id=0, eos_id=1, unk_id=2, bos_id=-1,
                                pad_piece="<pad>", eos_piece="</s>", unk_piece="<unk>", hard_vocab_limit=False)
    t5_tok_cfg = {"tokenizer_class": "T5Tokenizer", "extra_ids": 0, "legacy": False, "eos_token": "</s>",
                  "unk_token": "<unk>", "pad_token": "<pad>", "model_max_length": 512}
    tok_dir = os.path.join(work, "t5tok")
    try:
        t5_tok = convert_tokenizer(os.path.join(work, "spiece.model"), "spiece.model", t5_tok_cfg, tok_dir)
        t5_tok_method = "transformers AutoTokenizer (T5Tokenizer) conversion of spiece.model"
    except Exception as e:
        log(f"T5 tokenizer conversion failed, using SentencePiece ids only: {e}")
        t5_tok, t5_tok_method = None, f"none ({e})"
    tok_probe = []
    for s in TOKENIZER_PROBES + [c[0] for c in CASES] + [c[1] for c in CASES]:
        tok_probe.append({"text": s, "tokenizer_json_ids": t5_ids(t5_tok, sp_t5, s) if t5_tok is not None else None,
                          "sentencepiece_ids_plus_eos": sp_t5.encode(s) + [1],
                          "pieces": sp_t5.encode(s, out_type=str)})
    mism = sum(1 for p in tok_probe if p["tokenizer_json_ids"] not in (None, p["sentencepiece_ids_plus_eos"]))
    log(f"T5 tokenizer: {t5_tok_method}; tokenizer.json vs spiece.model mismatches: {mism}/{len(tok_probe)}")
    vocab = sp_t5.get_piece_size()

    failures = []
    for name, ffn, tied, seed in (("t5-tiny", "relu", True, SEED + 10), ("flan-t5-tiny", "gated-gelu", False, SEED + 20)):
        folder = os.path.join(out, name)
        os.makedirs(folder, exist_ok=True)
        if t5_tok is not None:
            for f in ("tokenizer.json", "tokenizer_config.json"):
                shutil.copy(os.path.join(tok_dir, f), folder)
        shutil.copy(os.path.join(work, "spiece.model"), os.path.join(folder, "spiece.model"))
        try:
            ref = make_t5(name, ffn, tied, vocab, t5_tok, sp_t5, folder, seed)
        except Exception:  # keep going: the other checkpoints are still worth having
            traceback.print_exc()
            failures.append(name)
            continue
        ref.update(meta)
        ref["tokenizer"] = {"method": t5_tok_method, "probes": tok_probe,
                            "tokenizer_json_vs_sentencepiece_mismatches": mism}
        write_json(os.path.join(folder, "reference.json"), ref)

    # LLaMA tokenizer: SentencePiece BPE with byte fallback and LLaMA's ids (unk 0, bos 1, eos 2).
    sp_ll = train_sentencepiece(corpus, os.path.join(work, "tokenizer"), LLAMA_VOCAB_WANTED, model_type="bpe",
                                unk_id=0, bos_id=1, eos_id=2, pad_id=-1, byte_fallback=True,
                                unk_piece="<unk>", bos_piece="<s>", eos_piece="</s>", hard_vocab_limit=False,
                                # as LLaMA's own tokenizer.model: no normalisation, whitespace kept
                                normalization_rule_name="identity", remove_extra_whitespaces=False,
                                split_digits=True, allow_whitespace_only_pieces=True)
    ll_folder = os.path.join(out, "llama-tiny")
    os.makedirs(ll_folder, exist_ok=True)
    ll_tok_cfg = {"tokenizer_class": "LlamaTokenizer", "add_bos_token": True, "add_eos_token": False,
                  "legacy": False, "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
                  "model_max_length": 256}
    try:
        ll_tok = convert_tokenizer(os.path.join(work, "tokenizer.model"), "tokenizer.model", ll_tok_cfg, ll_folder)
        ll_method = "transformers AutoTokenizer (LlamaTokenizer) conversion of tokenizer.model"
    except Exception as e:
        log(f"LLaMA tokenizer conversion failed, using SentencePiece ids: {e}")
        ll_tok, ll_method = None, f"none ({e})"
        shutil.copy(os.path.join(work, "tokenizer.model"), os.path.join(ll_folder, "tokenizer.model"))
    ll_probe = []
    for s in TOKENIZER_PROBES + [c[0] for c in CASES]:
        ll_probe.append({"text": s, "tokenizer_json_ids": ll_tok(s).input_ids if ll_tok is not None else None,
                         "sentencepiece_ids_plus_bos": [1] + sp_ll.encode(s),
                         "pieces": sp_ll.encode(s, out_type=str)})
    ll_mism = sum(1 for p in ll_probe if p["tokenizer_json_ids"] not in (None, p["sentencepiece_ids_plus_bos"]))
    log(f"LLaMA tokenizer: {ll_method}; mismatches {ll_mism}/{len(ll_probe)}")
    try:
        ref = make_llama(ll_folder, sp_ll, ll_tok if ll_mism == 0 else None, SEED + 30)
        ref.update(meta)
        ref["tokenizer"] = {"method": ll_method, "probes": ll_probe,
                            "tokenizer_json_vs_sentencepiece_mismatches": ll_mism,
                            "prompt_ids_from": "tokenizer.json" if (ll_tok is not None and ll_mism == 0)
                            else "sentencepiece"}
        write_json(os.path.join(ll_folder, "reference.json"), ref)
    except Exception:
        traceback.print_exc()
        failures.append("llama-tiny")

    for root, _, files in os.walk(out):
        for f in sorted(files):
            p = os.path.join(root, f)
            log(f"  {os.path.relpath(p, out):60s} {os.path.getsize(p):>9d}")
    log(f"done in {time.time() - t0:.1f} s; failed: {failures or 'none'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
