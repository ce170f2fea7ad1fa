#!/usr/bin/env bash
# djl-ssl against a PyTorch eager reference, back to back on the same machine (docs/performance.md).
# For each step the two run alternately, ROUNDS times (default 1); the table gives the medians.
#
#   benchmarks/perf-table.sh                          # 2 threads, batch 64, 32 px, 20 timed steps
#   THREADS=1 ROUNDS=3 benchmarks/perf-table.sh
#   THREADS=1 BATCH=32 WIDTH=16 benchmarks/perf-table.sh     # a smaller ResNet, for a loaded machine
#
# Needs python3 with torch + torchvision (Debian: apt-get install python3-torch python3-torchvision
# libopenblas0-openmp — without an optimised BLAS, Debian's torch falls back to the reference BLAS
# and is ~25x slower on the ViT). Raw JSON lines go to $OUT/perf.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-ssl-examples/target/djl-ssl.jar}
[ -f "$JAR" ] || mvn -B -q package -DskipTests
OUT=${OUT:-runs/perf}
THREADS=${THREADS:-2}
BATCH=${BATCH:-64}
STEPS=${STEPS:-20}
WARMUP=${WARMUP:-5}
ROUNDS=${ROUNDS:-1}
WIDTH=${WIDTH:-64}
if [ -z "${PY:-}" ]; then  # the first python3 that has torch (Debian's python3-torch is under /usr/bin)
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import torch' 2>/dev/null; then PY=$candidate; break; fi
  done
  [ -n "${PY:-}" ] || { echo "no python3 with torch: apt-get install python3-torch python3-torchvision" >&2; exit 2; }
fi
mkdir -p "$OUT"
: > "$OUT/perf.jsonl"
JAVA=(java -Dai.djl.offline=true -jar "$JAR")
COMMON=(--image-size 32 --channels 3 --batch-size "$BATCH" --warmup "$WARMUP" --steps "$STEPS" --threads "$THREADS")
MAE_DECODER=(--set decoderDim=128 --set decoderDepth=2 --set decoderHeads=4)
REF=("$PY" benchmarks/python/reference_step.py --threads "$THREADS" --batch "$BATCH" --warmup "$WARMUP" --steps "$STEPS")

ours() {  # tag, bench args...
  local tag=$1; shift
  "${JAVA[@]}" bench "$@" "${COMMON[@]}" 2>"$OUT/$tag.err" | grep '^{' | sed "s/^{/{\"tag\":\"$tag\",\"side\":\"djl-ssl\",/" >> "$OUT/perf.jsonl"
}
theirs() {  # tag, reference args...
  local tag=$1; shift
  "${REF[@]}" "$@" 2>"$OUT/$tag-py.err" | sed "s/^{/{\"tag\":\"$tag\",\"side\":\"pytorch\",/" >> "$OUT/perf.jsonl"
}
for ((r = 0; r < ROUNDS; r++)); do
  ours simclr --method simclr --encoder resnet18 --width "$WIDTH"
  theirs simclr --only simclr --width "$WIDTH"
  ours mae --method mae --encoder vit-tiny --patch-size 4 "${MAE_DECODER[@]}"
  theirs mae --only mae
  ours mae_all --method mae --encoder vit-tiny --patch-size 4 "${MAE_DECODER[@]}" --set maskTokenInEncoder=true
  theirs mae_all --only mae_all_tokens
  java -Dai.djl.offline=true -cp "$JAR" io.github.djlssl.examples.bench.AugmentationBenchmark \
      --batch 256 --size 32 --channels 3 --repeats "$STEPS" --warmup 3 --threads "$THREADS" 2>/dev/null \
    | grep 'SimCLR 2-view' | sed -E 's/.*median ([0-9.]+) ms .*CPU ([0-9.]+) ms.*/{"tag":"augment","side":"djl-ssl","images":256,"step_ms_p50":\1,"cpu_ms_p50":\2}/' >> "$OUT/perf.jsonl"
  theirs augment --only augment --aug-batch 256
done
"$PY" - "$OUT/perf.jsonl" "$THREADS" "$BATCH" "$WIDTH" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def med(tag, side, key):
    v = [r[key] for r in rows if r["tag"] == tag and r["side"] == side and key in r]
    return statistics.median(v) if v else float("nan")
def model_ms(tag, key):
    # djl-ssl's iteration also builds the views on the device (PyTorch's step gets them made):
    # subtract the separately measured view generation to compare the model steps.
    sub = "views_ms" if key == "step_ms_p50" else "views_cpu_ms"
    return med(tag, "djl-ssl", key) - med(tag, "djl-ssl", sub)
print(f"Threads: {sys.argv[2]}, batch {sys.argv[3]}, ResNet width {sys.argv[4]}. Times are medians per step; 'ratio' > 1 means djl-ssl is faster.\n")
print("| step | djl-ssl ms (wall / CPU) | PyTorch ms (wall / CPU) | ratio wall | ratio CPU | goal |")
print("|---|---|---|---|---|---|")
goals = {"simclr": "≥ 1.0", "mae": "≥ 1.0", "mae_all": "—", "augment": "≥ 3.0"}
names = {"simclr": "SimCLR ResNet-18 step (model)", "mae": "MAE ViT-Tiny/4 step (model)",
         "mae_all": "MAE ViT-Tiny/4, encoder on all tokens", "augment": "SimCLR two views, 256 images"}
for tag in ["simclr", "mae", "mae_all", "augment"]:
    if tag == "augment":
        ow, oc = med(tag, "djl-ssl", "step_ms_p50"), med(tag, "djl-ssl", "cpu_ms_p50")
    else:
        ow, oc = model_ms(tag, "step_ms_p50"), model_ms(tag, "cpu_ms_p50")
    tw, tc = med(tag, "pytorch", "step_ms_p50"), med(tag, "pytorch", "cpu_ms_p50")
    print(f"| {names[tag]} | {ow:.0f} / {oc:.0f} | {tw:.0f} / {tc:.0f} | {tw / ow:.2f} | {tc / oc:.2f} | {goals[tag]} |")
for side in ["djl-ssl", "pytorch"]:
    if side == "djl-ssl":
        a, m = model_ms("mae_all", "cpu_ms_p50"), model_ms("mae", "cpu_ms_p50")
        aw, mw = model_ms("mae_all", "step_ms_p50"), model_ms("mae", "step_ms_p50")
    else:
        a, m = med("mae_all", side, "cpu_ms_p50"), med("mae", side, "cpu_ms_p50")
        aw, mw = med("mae_all", side, "step_ms_p50"), med("mae", side, "step_ms_p50")
    print(f"| MAE masked-encoder speed-up, {side} (all tokens ÷ masked) | — | — | {aw / mw:.2f} | {a / m:.2f} | ≥ 2.5 |")
s = [r for r in rows if r["tag"] == "simclr" and r["side"] == "djl-ssl"]
if s:
    r = s[-1]
    print(f"\ndjl-ssl SimCLR full iteration (views included): {r['step_ms_p50']:.0f} ms wall, {r['cpu_ms_p50']:.0f} ms CPU; "
          f"data wait {r['data_wait_pct']} %; views {r['views_ms']:.0f} ms; peak heap {r['peak_heap_mb']:.0f} MB, peak RSS {r['peak_rss_mb']:.0f} MB")
PY
