#!/usr/bin/env bash
# Issue 12 on the GPU, one call: (1) ./tasl localize on BERT-base, the full AG News task
# (1000 training rows, 500 dev rows), (2) the consolidation control on Standard CL order 4:
# TaSL, TaSL with its importance shuffled across units (importance_permuted=true) and SeqLoRA,
# same settings. Results: $OUT/localize.json (the localize JSON), $OUT/control.txt (one result
# line per run), logs and run directories in $OUT/logs.tar.gz.
#
# usage (device tool, from the lead checkout, carry [".device/localize"]):
#   OUT=$OUT native/bench/engine/localize_gpu.sh .device/localize/tasl-gpu.tar.xz \
#       .device/localize/bert-base-uncased .device/localize/data
# BUNDLE: ./tasl native bundle of this branch; BERT: the converted HF folder of bert-base-uncased
# (~/.cache/tasl/backbones/bert-base-uncased, f16 via to_f16.py is fine); DATA: a benchmark root
# holding long-sequence/{train,dev}/{dbpedia,amazon,yahoo,agnews}.json.gz.
set -u
BUNDLE=$1; BERT=$(readlink -f "$2"); DATA=$(readlink -f "$3")
X=/tmp/localize-x; rm -rf "$X"; mkdir -p "$X" "$OUT"
tar -C "$X" -xJf "$BUNDLE"
"$X/tasl-gpu/native/build.sh" --jobs 16 > "$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
export TASL_JAVA_OPTS="-Xmx24g"
COMMON="backbone=$BERT data_dir=$DATA device=gpu seed=42 batch_size=16 eval_batch_size=64"

# (1) localization: train agnews to convergence (BERT-base recipe: lr 1e-3, 3 epochs over all 1000
# rows, 256 tokens; localize's label-token loss and rank units), 500 dev rows, 5 seeds.
( time "$X/tasl-gpu/run.sh" org.tasl.localize.LocalizeMain $COMMON benchmark=long-sequence task=agnews \
    train_per_task=0 eval_per_task=500 epochs=3 lr=1e-3 max_input_tokens=256 seeds=5 \
    out="$X/runs/localize-agnews" > "$OUT/localize.json" 2> "$OUT/localize.log" ) 2>> "$OUT/localize.log" &

# (2) the control, order 4, all rows, the BERT-base recipe (lr 1e-3, 3 epochs, 256 tokens); the
# runs share the GPU (each needs a few GB).
run() { # name method extra...
  local name=$1; shift
  "$X/tasl-gpu/run.sh" org.tasl.run.RunMain $COMMON benchmark=long-sequence order=4 train_per_task=0 \
    eval_per_task=500 progress_every=1000 out="$X/runs/$name" "$@" \
    > "$OUT/log-$name.txt" 2>&1
  echo "$name rc=$? $(grep '"type":"result"' "$OUT/log-$name.txt" | grep -o '"ap":[^,]*,"bwt":[^,]*,"fwt":[^,]*')" >> "$OUT/control.txt"
}
run tasl method=tasl &
run tasl-permuted method=tasl importance_permuted=true &
run seqlora method=seqlora &
wait
cat "$OUT/control.txt"; head -c 2000 "$OUT/localize.json"; tail -3 "$OUT/localize.log"
for d in "$X"/runs/*; do cp "$d"/results.json "$OUT/results-$(basename "$d").json" 2>/dev/null; done
cp "$X/runs/localize-agnews/localization.json" "$OUT/" 2>/dev/null
cd "$OUT" && tar -czf logs.tar.gz log-*.txt localize.log build.log && rm -f log-*.txt
