#!/usr/bin/env bash
# The method table of docs/benchmarks.md: each method pretrained with the README demo's budget
# (ResNet-18 width 8, first 10,000 Fashion-MNIST training images, 6 epochs, batch 256), then the
# weighted kNN (k=200, T=0.1) on the test set, against the same encoder randomly initialised.
# One JVM per method, so peak RSS is the method's own.
#
#   benchmarks/method-table.sh                  # all joint-embedding methods
#   benchmarks/method-table.sh simclr byol      # a subset
#
# Prints Markdown rows on stdout; run logs go to $OUT (default runs/method-table).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=ssl-examples/target/djl-ssl.jar
[ -f "$JAR" ] || mvn -B -q install -DskipTests
OUT=${OUT:-runs/method-table}
mkdir -p "$OUT"
JAVA=(java -Dai.djl.offline=true -jar "$JAR")
BUDGET=(--encoder resnet18 --width 8 --dataset fashion-mnist --max-samples 10000 --epochs 6 --batch-size 256 --seed 42)

# Per-method settings: heads and queues sized for a 64-d encoder on a CPU, and each paper's
# optimiser family (SGD for the contrastive/clustering methods, LARS for the others).
declare -A ARGS=(
  [simclr]="--lr 0.3"
  [moco]="--lr 0.3 --set queueSize=4096"
  [mocov3]="--optimizer lars --lr 0.3 --weight-decay 1.5e-6 --set hiddenDim=1024 --set predictorHiddenDim=1024"
  [byol]="--optimizer lars --lr 0.3 --weight-decay 1.5e-6 --set projectionHiddenDim=1024 --set predictorHiddenDim=1024"
  [swav]="--lr 0.3 --set numPrototypes=300 --set numLocalCrops=2"
  [dino]="--lr 0.3 --set outputDim=4096 --set numLocalCrops=2 --set teacherTemperatureWarmupEpochs=2"
  [barlowtwins]="--optimizer lars --lr 0.2 --weight-decay 1.5e-6 --set projectionDim=1024 --set hiddenDim=1024"
  [vicreg]="--optimizer lars --lr 0.2 --weight-decay 1e-6 --set projectionDim=1024 --set hiddenDim=1024"
)
methods=("$@")
[ ${#methods[@]} -gt 0 ] || methods=(simclr moco mocov3 byol swav dino barlowtwins vicreg)

random=$("${JAVA[@]}" eval knn --random-init --encoder resnet18 --width 8 --dataset fashion-mnist --seed 42 2>/dev/null | tail -1 | cut -d= -f2)
echo "| method | knn_top1 | random init | Δ (points) | wall time | images/s | peak RSS | settings |"
echo "|---|---|---|---|---|---|---|---|"
for m in "${methods[@]}"; do
  # shellcheck disable=SC2086
  if /usr/bin/time -f "%e %M" -o "$OUT/$m.time" "${JAVA[@]}" pretrain --method "$m" "${BUDGET[@]}" ${ARGS[$m]:-} \
       --no-progress --out "$OUT/$m" > "$OUT/$m.out" 2> "$OUT/$m.err"; then
    knn=$(tail -1 "$OUT/$m.out" | cut -d= -f2)
    read -r wall rss < <(tail -1 "$OUT/$m.time")
    ips=$(grep -o '([0-9.]* images/s)' "$OUT/$m.err" | tr -d '(' | cut -d' ' -f1)
    delta=$(awk -v a="$knn" -v b="$random" 'BEGIN { printf "%+.1f", 100 * (a - b) }')
    printf '| %s | %s | %s | %s | %.0f s | %s | %d MB | `%s` |\n' "$m" "$knn" "$random" "$delta" "$wall" "$ips" $((rss / 1024)) "${ARGS[$m]:-}"
  else
    printf '| %s | failed: %s | %s | | | | | `%s` |\n' "$m" "$(tail -1 "$OUT/$m.err")" "$random" "${ARGS[$m]:-}"
  fi
done
