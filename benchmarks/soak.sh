#!/usr/bin/env bash
# Memory soak of docs/performance.md: `djl-ssl bench --soak N` for SimCLR, BYOL (EMA teacher),
# DINO (multi-crop, EMA teacher) and MAE at a small size, one JVM each, one intra-op thread.
# Each run samples heap-after-GC and RSS 40 times and fails (exit 1) when the median of the last
# quarter of the post-warm-up samples differs from the first quarter's by more than ±5 %.
#
#   benchmarks/soak.sh              # 2,000 steps each
#   STEPS=500 benchmarks/soak.sh mae
#
# Prints one Markdown row per method; the bench's JSON lines go to $OUT/soak.jsonl.
set -uo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-ssl-examples/target/djl-ssl.jar}
[ -f "$JAR" ] || mvn -B -q package -DskipTests
OUT=${OUT:-runs/soak}
STEPS=${STEPS:-2000}
SIZE=(--image-size ${IMAGE_SIZE:-16} --batch-size ${BATCH:-16} --threads 1 --seed 42)
mkdir -p "$OUT"
declare -A ARGS=(
  [simclr]="--encoder resnet18 --width 8"
  [byol]="--encoder resnet18 --width 8 --set projectionHiddenDim=256 --set predictorHiddenDim=256"
  [dino]="--encoder resnet18 --width 8 --set outputDim=1024 --set hiddenDim=256 --set numLocalCrops=2"
  [mae]="--encoder vit-tiny --patch-size 4 --set decoderDim=128 --set decoderDepth=2 --set decoderHeads=4"
)
methods=("$@")
[ ${#methods[@]} -gt 0 ] || methods=(simclr byol dino mae)
echo "| method | encoder | steps | heap after GC, MB (first → last quarter) | drift | RSS, MB (first → last quarter) | drift | within ±5 % |"
echo "|---|---|---|---|---|---|---|---|"
for m in "${methods[@]}"; do
  # shellcheck disable=SC2086
  java -Dai.djl.offline=true -jar "$JAR" bench --method "$m" ${ARGS[$m]} "${SIZE[@]}" --soak "$STEPS" \
      > "$OUT/$m.log" 2>&1
  json=$(grep '^{' "$OUT/$m.log" | tail -1)
  [ -n "$json" ] || { echo "| $m | failed, see $OUT/$m.log |"; continue; }
  echo "$json" >> "$OUT/soak.jsonl"
  python3 - "$json" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"| {r['method']} | {r['encoder']} | {r['steps']} | {r['heap_after_gc_mb_first']} → {r['heap_after_gc_mb_last']} "
      f"| {r['heap_drift_pct']:+.1f} % | {r['rss_mb_first']:.0f} → {r['rss_mb_last']:.0f} | {r['rss_drift_pct']:+.1f} % "
      f"| {'yes' if r['soak_passed'] else 'NO'} |")
PY
done
