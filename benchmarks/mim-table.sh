#!/usr/bin/env bash
# The masked-image-modelling table of docs/mim.md: MAE, SimMIM, MaskFeat and BEiT (after its
# tokenizer stage) pretrain a ViT-Tiny (192-d, 12 blocks) with patch 4 on 28 px Fashion-MNIST,
# no class token (--pool mean: MAE, SimMIM and BEiT never train a CLS token, so the probe reads the
# mean of the patch tokens), then `eval linear` on the frozen encoder and `eval finetune` of a copy,
# each against the same encoder randomly initialised. One JVM at a time, so peak RSS is the
# method's own. Probe and fine-tune use class-balanced seeded subsets (PROBE_TRAIN/PROBE_TEST
# images; FT_TRAIN labels for FT_EPOCHS epochs, scored on PROBE_TEST images): a full 60k/10k
# probe is 70,000 ViT forwards, too slow on a CPU.
#
#   benchmarks/mim-table.sh                          # all four methods
#   benchmarks/mim-table.sh mae simmim               # a subset (beit trains its tokenizer first)
#   MAX_SAMPLES=1024 EPOCHS=2 BATCH=128 benchmarks/mim-table.sh   # a smaller budget
#
# Prints Markdown rows on stdout; run directories and logs go to $OUT (default runs/mim-table),
# e.g. runs/mim-table/mae, which `eval finetune --run DIR` can take afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=ssl-examples/target/djl-ssl.jar
[ -f "$JAR" ] || mvn -B -q install -DskipTests
OUT=${OUT:-runs/mim-table}
MAX_SAMPLES=${MAX_SAMPLES:-10000}
EPOCHS=${EPOCHS:-5}
BATCH=${BATCH:-256}
THREADS=${THREADS:-2}
PROBE_TRAIN=${PROBE_TRAIN:-3000}
PROBE_TEST=${PROBE_TEST:-1000}
FT_TRAIN=${FT_TRAIN:-1000}
FT_EPOCHS=${FT_EPOCHS:-3}
mkdir -p "$OUT"
JAVA=(java -Dai.djl.offline=true -jar "$JAR")
ENCODER=(--encoder vit-tiny --patch-size 4 --pool mean)
BUDGET=("${ENCODER[@]}" --dataset fashion-mnist --max-samples "$MAX_SAMPLES" --epochs "$EPOCHS" --batch-size "$BATCH"
        --seed 42 --threads "$THREADS" --knn-max-train 10000 --knn-max-test 2000)

# Per-method settings. All: AdamW with the MAE/BEiT betas (0.9, 0.95), wd 0.05, one warm-up
# epoch, lr 1e-3 (the papers' 1.5e-4 × B/256 is tuned for 800 epochs; a short run needs more).
# MAE uses MaeConfig.smallImages(): a 128-d × 2-block × 4-head decoder instead of the paper's
# 512 × 8 × 16, which at 49 tokens would cost several times the masked encoder (MAE Table 1a/1b:
# a 1–2 block, 128–256-d decoder loses little).
OPT="--optimizer adamw --lr 1e-3 --warmup-epochs 1 --set optimizer.beta2=0.95"
declare -A ARGS=(
  [mae]="$OPT --set decoderDim=128 --set decoderDepth=2 --set decoderHeads=4"
  [simmim]="$OPT"
  [maskfeat]="$OPT"
  [beit-tokenizer]="--optimizer adamw --lr 1e-3 --warmup-epochs 1" # EMA codebook: stable at 1e-3
  [beit]="$OPT --set tokenizer=$OUT/beit-tokenizer"
)
methods=("$@")
[ ${#methods[@]} -gt 0 ] || methods=(mae simmim maskfeat beit)

linear() { # prints the linear_top1 of `eval linear` with the given encoder source
  "${JAVA[@]}" eval linear "$@" --dataset fashion-mnist --seed 42 --threads "$THREADS" \
      --max-train "$PROBE_TRAIN" --max-test "$PROBE_TEST" 2>/dev/null | tail -1 | cut -d= -f2
}
finetune() { # prints the finetune_top1 of `eval finetune` with the given encoder source
  "${JAVA[@]}" eval finetune "$@" --dataset fashion-mnist --seed 42 --threads "$THREADS" \
      --max-train "$FT_TRAIN" --ft-epochs "$FT_EPOCHS" --max-test "$PROBE_TEST" 2>/dev/null | tail -1 | cut -d= -f2
}

# pretrain NAME: one run into $OUT/NAME; sets wall, rss, ips, loss0, loss1 and returns its status.
pretrain() {
  local m=$1
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$OUT/$m.time" "${JAVA[@]}" pretrain --method "$m" "${BUDGET[@]}" ${ARGS[$m]:-} \
      --no-progress --out "$OUT/$m" > "$OUT/$m.out" 2> "$OUT/$m.err" || return 1
  read -r wall rss < <(tail -1 "$OUT/$m.time")
  ips=$(grep -o '([0-9.]* images/s)' "$OUT/$m.err" | tr -d '(' | cut -d' ' -f1)
  loss0=$(head -1 "$OUT/$m/metrics.jsonl" | grep -o '"loss":[-0-9.eE]*' | cut -d: -f2)
  loss1=$(tail -1 "$OUT/$m/metrics.jsonl" | grep -o '"loss":[-0-9.eE]*' | cut -d: -f2)
}

random=$(linear --random-init "${ENCODER[@]}")
random_ft=$(finetune --random-init "${ENCODER[@]}")
echo "| method | loss first → last | linear_top1 | random init | Δ (points) | finetune_top1 | random init | Δ (points) | pretrain wall | images/s | peak RSS | settings |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for m in "${methods[@]}"; do
  if [ "$m" = beit ] && ! pretrain beit-tokenizer; then
    printf '| beit | tokenizer failed: %s | | %s | | | %s | | | | | |\n' "$(tail -1 "$OUT/beit-tokenizer.err")" "$random" "$random_ft"
    continue
  fi
  if pretrain "$m"; then
    top1=$(linear --run "$OUT/$m")
    delta=$(awk -v a="$top1" -v b="$random" 'BEGIN { printf "%+.1f", 100 * (a - b) }')
    ft=$(finetune --run "$OUT/$m")
    ft_delta=$(awk -v a="$ft" -v b="$random_ft" 'BEGIN { printf "%+.1f", 100 * (a - b) }')
    printf '| %s | %.3f → %.3f | %s | %s | %s | %s | %s | %s | %.0f s | %s | %d MB | `%s` |\n' "$m" "$loss0" "$loss1" \
        "$top1" "$random" "$delta" "$ft" "$random_ft" "$ft_delta" "$wall" "$ips" $((rss / 1024)) "${ARGS[$m]:-}"
  else
    printf '| %s | failed: %s | | %s | | | %s | | | | | `%s` |\n' "$m" "$(tail -1 "$OUT/$m.err")" "$random" "$random_ft" "${ARGS[$m]:-}"
  fi
done
