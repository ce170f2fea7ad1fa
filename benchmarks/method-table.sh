#!/usr/bin/env bash
# The method table of docs/benchmarks.md: each method pretrained with the README demo's budget
# (ResNet-18 width 8, first 10,000 Fashion-MNIST training images, 6 epochs, batch 256), then the
# weighted kNN (k=200, T=0.1) on the test set, against the same encoder randomly initialised.
# One JVM per method, so peak RSS is the method's own.
#
#   benchmarks/method-table.sh                  # all joint-embedding methods
#   benchmarks/method-table.sh simclr byol      # a subset
#   benchmarks/method-table.sh --plot           # only redraw the docs charts from benchmarks/results/methods.csv
#   SEED=43 benchmarks/method-table.sh byol     # another seed (pretraining, augmentation and the random-init encoder)
#
# Prints Markdown rows on stdout; run logs, $OUT/methods.csv and the two charts go to $OUT
# (default runs/method-table). A run of all methods also replaces benchmarks/results/methods.csv
# and the charts docs/benchmarks.md embeds (docs/img/method-knn.png, docs/img/method-throughput.png).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-ssl-examples/target/djl-ssl.jar}
[ -f "$JAR" ] || mvn -B -q install -DskipTests
OUT=${OUT:-runs/method-table}
SEED=${SEED:-42}
mkdir -p "$OUT"
JAVA=(java -Dai.djl.offline=true -jar "$JAR")
RESULTS=benchmarks/results/methods.csv

# charts CSV DIR: the kNN bar chart (random init as a reference line) and the throughput chart.
charts() {
  local budget="ResNet-18 width 8 · 10,000 images × 6 epochs · batch 256 · seed $SEED"
  "${JAVA[@]}" plot bars --csv "$1" --label method --values knn_top1 --sort \
    --baseline random_init --baseline-label "random init" \
    --title "kNN top-1 on Fashion-MNIST after self-supervised pretraining" \
    --subtitle "$budget · weighted kNN (k = 200, T = 0.1) on the test set" \
    --ylabel "kNN top-1 accuracy" --out "$2/method-knn.png" > /dev/null
  "${JAVA[@]}" plot bars --csv "$1" --label method --values images_per_s --sort --horizontal \
    --title "Pretraining throughput" \
    --subtitle "$budget · 2 threads on a 2-vCPU VM, no GPU" \
    --ylabel "source images / s during pretraining" --out "$2/method-throughput.png" > /dev/null
}

if [ "${1:-}" = "--plot" ]; then
  charts "$RESULTS" docs/img
  exit 0
fi
BUDGET=(--encoder resnet18 --width 8 --dataset fashion-mnist --max-samples 10000 --epochs 6 --batch-size 256 --seed "$SEED")

# Per-method settings, shared with JointEmbeddingShortRunIT: benchmarks/short-run-settings.tsv.
declare -A ARGS=()
methods_in_file=()
while IFS=$'\t' read -r m opts; do
  [[ -z "$m" || "$m" == \#* ]] && continue
  ARGS[$m]=$opts
  methods_in_file+=("$m")
done < benchmarks/short-run-settings.tsv
methods=("$@")
[ ${#methods[@]} -gt 0 ] || methods=("${methods_in_file[@]}")

random=$("${JAVA[@]}" eval knn --random-init --encoder resnet18 --width 8 --dataset fashion-mnist --seed "$SEED" 2>/dev/null | tail -1 | cut -d= -f2)
echo "| method | knn_top1 | random init | Δ (points) | wall time | images/s | peak RSS | settings |"
echo "|---|---|---|---|---|---|---|---|"
CSV="$OUT/methods.csv"
echo "method,knn_top1,random_init,wall_s,images_per_s,peak_rss_mb" > "$CSV"
for m in "${methods[@]}"; do
  # shellcheck disable=SC2086
  if /usr/bin/time -f "%e %M" -o "$OUT/$m.time" "${JAVA[@]}" pretrain --method "$m" "${BUDGET[@]}" ${ARGS[$m]:-} \
       --no-progress --out "$OUT/$m" > "$OUT/$m.out" 2> "$OUT/$m.err"; then
    knn=$(tail -1 "$OUT/$m.out" | cut -d= -f2)
    read -r wall rss < <(tail -1 "$OUT/$m.time")
    ips=$(grep -o '([0-9.]* images/s)' "$OUT/$m.err" | tr -d '(' | cut -d' ' -f1)
    delta=$(awk -v a="$knn" -v b="$random" 'BEGIN { printf "%+.1f", 100 * (a - b) }')
    printf '| %s | %s | %s | %s | %.0f s | %s | %d MB | `%s` |\n' "$m" "$knn" "$random" "$delta" "$wall" "$ips" $((rss / 1024)) "${ARGS[$m]:-}"
    printf '%s,%s,%s,%.0f,%s,%d\n' "$m" "$knn" "$random" "$wall" "$ips" $((rss / 1024)) >> "$CSV"
  else
    printf '| %s | failed: %s | %s | | | | | `%s` |\n' "$m" "$(tail -1 "$OUT/$m.err")" "$random" "${ARGS[$m]:-}"
    printf '%s,,%s,,,\n' "$m" "$random" >> "$CSV"  # empty cells: no bar
  fi
done

charts "$CSV" "$OUT"
if [ $# -eq 0 ] && [ "$SEED" = 42 ]; then  # the full table: it becomes the docs' data and charts
  cp "$CSV" "$RESULTS"
  cp "$OUT/method-knn.png" "$OUT/method-throughput.png" docs/img/
fi
