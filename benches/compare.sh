#!/usr/bin/env bash
# Full-build comparison: glosa vs Hugo vs Zola vs a bare pulldown-cmark floor, on the same generated
# corpus, on this machine, in one run. See benches/README.md for what each number means.
#
#   benches/compare.sh [--articles "1000 10000"] [--terms 500] [--reps 3] [--out benches/results/DATE.md]
#                      [--work DIR] [--no-autolink] [--no-huge] [--no-incremental] [--no-warmup] [--report-only]
#                      [--archive]
#
# --archive adds a row of 100,000 articles (a newsroom's archive, about 800 MB of Markdown): glosa
# and the two-thread floor REPS times, Hugo once and only if it finishes within 15 minutes.
#
# Needs: cargo, GNU time (/usr/bin/time; Debian package `time`). Optional: hugo, zola on PATH (a
# missing tool is reported as "not available"). Corpora are generated with examples/gen_corpus
# into --work (default ${TMPDIR:-/tmp}/glosa-bench) and reused while the generator's version is
# the same. GLOSA_BIN, FLOOR_BIN and GEN_BIN, when set, name the glosa, floor and generator
# executables to use instead of the release builds it makes.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
articles_list="1000 10000"
terms=500
reps=3
out="$repo/benches/results/$(date -u +%Y-%m-%d).md"
work="${TMPDIR:-/tmp}/glosa-bench"
autolink=1
huge=1
incremental=1
warmup=1
report_only=0
archive=0
archive_n=100000

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --articles) articles_list="$2"; shift 2 ;;
    --terms) terms="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --no-autolink) autolink=0; shift ;;
    --no-huge) huge=0; shift ;;
    --no-incremental) incremental=0; shift ;;
    --no-warmup) warmup=0; shift ;;
    --report-only) report_only=1; shift ;; # rewrite the tables from the times kept in --work
    --archive) archive=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; usage 2 >&2 ;;
  esac
done

timer=/usr/bin/time
[ -x "$timer" ] || { echo "compare.sh: GNU time not found at $timer (apt-get install time)" >&2; exit 1; }
mkdir -p "$work" "$(dirname "$out")"
work=$(cd "$work" && pwd) # Hugo resolves a relative --destination against --source
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# GLOSA_BIN, FLOOR_BIN and GEN_BIN name other builds of the three (tests/bench_script.rs uses the
# debug ones); the release builds of those not named are made first.
if [ "$report_only" = 0 ]; then
  targets=()
  [ -n "${GLOSA_BIN:-}" ] || targets+=(--bin glosa)
  [ -n "${FLOOR_BIN:-}" ] || targets+=(--example floor)
  [ -n "${GEN_BIN:-}" ] || targets+=(--example gen_corpus)
  if [ "${#targets[@]}" -gt 0 ]; then
    log "building ${targets[*]} (release)"
    (cd "$repo" && cargo build --release --quiet "${targets[@]}")
  fi
fi
glosa="${GLOSA_BIN:-$repo/target/release/glosa}"
floor="${FLOOR_BIN:-$repo/target/release/examples/floor}"
gen="${GEN_BIN:-$repo/target/release/examples/gen_corpus}"
if [ "$report_only" = 0 ]; then
  for bin in "$glosa" "$floor" "$gen"; do
    [ -x "$bin" ] || { echo "compare.sh: $bin is not an executable (build it, or unset GLOSA_BIN / FLOOR_BIN / GEN_BIN)" >&2; exit 1; }
  done
fi
# A kept corpus is reused only when the generator that wrote it had the version of today's.
gen_version=$(sed -n 's/^pub const VERSION: u32 = \([0-9]*\);$/\1/p' "$repo/examples/gen_corpus/corpus/mod.rs")
current() { grep -Eq "\"version\": $gen_version,?\$" "$1/corpus.json" 2>/dev/null && grep -q '"generator": "glosa examples/gen_corpus"' "$1/corpus.json"; }
have_hugo=0; command -v hugo >/dev/null 2>&1 && have_hugo=1
have_zola=0; command -v zola >/dev/null 2>&1 && have_zola=1

# corpus FLAVOR N M -> prints the site directory, generating it when absent.
corpus() {
  local dir="$work/$1-$2-$3"
  if ! current "$dir"; then
    log "generating $1 corpus: $2 articles, $3 terms"
    "$gen" "$dir" --articles "$2" --terms "$3" --flavour "$1" --force >&2
  fi
  echo "$dir"
}

# corpus_noauto N M -> the explainer corpus copied with `autolink: false` in site.yaml.
corpus_noauto() {
  local dir="$work/explainer-noauto-$1-$2" source
  if ! current "$dir"; then
    source=$(corpus explainer "$1" "$2")
    rm -rf "$dir" && cp -r "$source" "$dir" && echo "autolink: false" >>"$dir/content/site.yaml"
  fi
  echo "$dir"
}

# corpus_bare N M -> the explainer corpus copied with a theme whose templates print only the
# page's body (articles, terms, pages) or its kind (the rest): glosa's engine — Markdown,
# annotations, auto-linking, highlighting, listings, feeds, writing — with almost no template work.
corpus_bare() {
  local dir="$work/explainer-bare-$1-$2" source t
  if ! current "$dir"; then
    source=$(corpus explainer "$1" "$2")
    rm -rf "$dir" && cp -r "$source" "$dir" && mkdir -p "$dir/themes/bare/templates"
    for t in 404 base glossary index sources publisher source taxonomy taxon claims; do echo '{{ page_kind }}' >"$dir/themes/bare/templates/$t.html"; done
    for t in article page term; do echo '{{ page.content | safe }}' >"$dir/themes/bare/templates/$t.html"; done
    echo 'theme: "bare"' >>"$dir/content/site.yaml"
  fi
  echo "$dir"
}

# corpus_huge -> one article of 160,000 words with 2,000 glossary terms (pathological sizes).
corpus_huge() {
  local dir="$work/explainer-huge"
  if ! current "$dir"; then
    log "generating the huge corpus: 1 article of 160,000 words, 2,000 terms"
    "$gen" "$dir" --articles 1 --terms 2000 --words 160000 --flavour explainer --force >&2
  fi
  echo "$dir"
}

# command_for TOOL N M [DEST] -> prints the build command (output to DEST, default $work/out/TOOL).
command_for() {
  local dest="${4:-$work/out/$1}"
  case "$1" in
    glosa) echo "$glosa build --root $(corpus explainer "$2" "$3") --out $dest" ;;
    glosa-noauto) echo "$glosa build --root $(corpus_noauto "$2" "$3") --out $dest" ;;
    glosa-bare) echo "$glosa build --root $(corpus_bare "$2" "$3") --out $dest" ;;
    floor) echo "$floor $(corpus explainer "$2" "$3") $dest" ;;
    floor-io) echo "$floor --no-markdown $(corpus explainer "$2" "$3") $dest" ;;
    floor-1) echo "$floor --one-thread $(corpus explainer "$2" "$3") $dest" ;;
    glosa-huge) echo "$glosa build --root $(corpus_huge) --out $dest" ;;
    # The incremental runs all update one folder: that is what they measure.
    glosa-incr-*) echo "$glosa build --incremental --root $(corpus explainer "$2" "$3") --out $work/out/incremental" ;;
    # A plain build into the output folder its previous run left (an editor's rebuild).
    glosa-rebuild-*) echo "$glosa build --root $(corpus explainer "$2" "$3") --out $work/out/rebuild" ;;
    floor-huge) echo "$floor $(corpus_huge) $dest" ;;
    hugo) echo "hugo --quiet --source $(corpus hugo "$2" "$3") --destination $dest" ;;
    zola) echo "zola --root $(corpus zola "$2" "$3") build --output-dir $dest --force" ;;
  esac
}

# measure TOOL N M -> runs once, appends "wall user+sys peakKB" to $work/times/TOOL-N-M.
# Every run writes into a folder of its own, and outputs are deleted only when the script ends:
# on ext4 without a journal, creating files right after deleting tens of thousands costs seconds
# of inode searching (recently_deleted), which would make each run pay for the previous one.
runs=0
limit="" # when set, a run taking longer than this many seconds is stopped and not counted
measure() {
  local cmd stats
  runs=$((runs + 1))
  cmd=$(command_for "$1" "$2" "$3" "$work/out/run-$runs-$1")
  sync # flush the previous run's writes so they are not charged to this one
  mkdir -p "$work/times"
  if [ -n "$limit" ]; then
    if ! $timer -f '%e %U %S %M' -o "$work/times/last" timeout "$limit" $cmd >"$work/times/last.log" 2>&1; then
      log "  $1 N=$2 M=$3: did not finish within $limit s, not counted"; return 0
    fi
  elif ! $timer -f '%e %U %S %M' -o "$work/times/last" $cmd >"$work/times/last.log" 2>&1; then
    echo "compare.sh: $1 failed on N=$2 M=$3:" >&2; tail -20 "$work/times/last.log" >&2; exit 1
  fi
  stats=$(tail -1 "$work/times/last")
  echo "$stats" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' >>"$work/times/$1-$2-$3"
  log "  $1 N=$2 M=$3: $(tail -1 "$work/times/$1-$2-$3") (wall s, cpu s, peak KB)"
}

# median FILE COLUMN -> median of that column (mean of the middle two for an even count).
median() {
  sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END {
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# run_set N M TOOL... -> warm-up + REPS repetitions, rotating the order each repetition.
run_set() {
  local n=$1 m=$2; shift 2
  local tools=("$@") count=${#tools[@]} r i
  for t in "${tools[@]}"; do rm -f "$work/times/$t-$n-$m"; done
  if [ "$warmup" = 1 ]; then
    for t in "${tools[@]}"; do
      log "warm-up $t N=$n M=$m"; measure "$t" "$n" "$m"; rm -f "$work/times/$t-$n-$m"
    done
  fi
  for ((r = 0; r < reps; r++)); do
    log "repetition $((r + 1))/$reps, N=$n M=$m"
    for ((i = 0; i < count; i++)); do measure "${tools[(i + r) % count]}" "$n" "$m"; done
  done
}

rm -rf "$work/out" # outputs of an interrupted earlier run
tools=(glosa glosa-bare floor floor-io floor-1)
[ "$have_hugo" = 1 ] && tools+=(hugo)
[ "$have_zola" = 1 ] && tools+=(zola)
[ "$report_only" = 1 ] && articles_run="" || articles_run=$articles_list
for n in $articles_run; do
  for t in "${tools[@]}"; do command_for "$t" "$n" "$terms" >/dev/null; done # generate up front
  run_set "$n" "$terms" "${tools[@]}"
done
if [ "$autolink" = 1 ] && [ "$report_only" = 0 ]; then
  for m in 50 5000; do
    command_for glosa-noauto 1000 "$m" >/dev/null
    run_set 1000 "$m" glosa glosa-noauto
  done
fi

if [ "$huge" = 1 ] && [ "$report_only" = 0 ]; then
  command_for glosa-huge 1 2000 >/dev/null
  run_set 1 2000 glosa-huge floor-huge
fi

# The archive: 100,000 articles, glosa and the two-thread floor (no warm-up: one run reads the
# 800 MB corpus into the page cache as the warm-up would), then Hugo once within 15 minutes.
if [ "$archive" = 1 ] && [ "$report_only" = 0 ]; then
  command_for glosa "$archive_n" "$terms" >/dev/null
  warmup_was=$warmup; warmup=0
  run_set "$archive_n" "$terms" glosa floor
  warmup=$warmup_was
  if [ "$have_hugo" = 1 ]; then
    command_for hugo "$archive_n" "$terms" >/dev/null
    rm -f "$work/times/hugo-$archive_n-$terms"
    limit=900 measure hugo "$archive_n" "$terms"
  fi
  rm -rf "$work/out"/run-* # 100,000-article outputs are large
fi
[ "$archive" = 1 ] && report_list="$articles_list $archive_n" || report_list=$articles_list

# run_incremental N M -> `glosa build --incremental` on the N-article corpus: once from nothing
# (no .glosa-cache, no output), REPS times with nothing changed, and REPS times each after
# appending a sentence to one article (restored afterwards); then a plain `glosa build` into the
# folder its previous run left, after such an edit each time (its first run untimed).
run_incremental() {
  local n=$1 m=$2 site article r
  site=$(corpus explainer "$n" "$m")
  article=$(find "$site/content/articles" -name '*.md' | sort | sed -n 1p) # sed reads all: no SIGPIPE under pipefail
  for t in first same edit; do rm -f "$work/times/glosa-incr-$t-$n-$m"; done
  rm -f "$work/times/glosa-rebuild-edit-$n-$m"
  rm -rf "$site/.glosa-cache" "$work/out/incremental"
  log "incremental N=$n M=$m"
  measure glosa-incr-first "$n" "$m"
  for ((r = 0; r < reps; r++)); do measure glosa-incr-same "$n" "$m"; done
  cp "$article" "$work/article.bak"
  for ((r = 0; r < reps; r++)); do
    printf '\nAn edited sentence, number %d.\n' "$r" >>"$article"
    measure glosa-incr-edit "$n" "$m"
  done
  measure glosa-rebuild-edit "$n" "$m" && rm -f "$work/times/glosa-rebuild-edit-$n-$m"
  for ((r = 0; r < reps; r++)); do
    printf '\nA sentence edited for a plain rebuild, number %d.\n' "$r" >>"$article"
    measure glosa-rebuild-edit "$n" "$m"
  done
  cp "$work/article.bak" "$article"
  rm -rf "$site/.glosa-cache" "$work/out/incremental" "$work/out/rebuild"
}
incremental_n=${articles_list##* } # the largest N
if [ "$incremental" = 1 ] && [ "$report_only" = 0 ]; then
  run_incremental "$incremental_n" "$terms"
fi

# ---------------------------------------------------------------- report
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
ram=$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
rev=$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(cd "$repo" && [ -n "$(git status --porcelain -- . ':!benches/results' 2>/dev/null)" ] && echo " + uncommitted changes" || true)
hugo_version=$([ "$have_hugo" = 1 ] && hugo version | head -1 || echo "not available")
zola_version=$([ "$have_zola" = 1 ] && zola --version | head -1 || echo "not available")

# row TOOL N M GLOSA_WALL GLOSA_CPU GLOSA_MB -> one table row.
row() {
  local f="$work/times/$1-$2-$3"
  if [ ! -s "$f" ]; then echo "| $1 | $2 | not available | | | | | |"; return; fi
  local w c k
  w=$(median "$f" 1); c=$(median "$f" 2); k=$(median "$f" 3)
  awk -v t="$1" -v n="$2" -v w="$w" -v c="$c" -v k="$k" -v gw="$4" -v gc="$5" -v gk="$6" -v runs="$(wc -l <"$f")" \
    'function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "n/a" }
     BEGIN { mb = k / 1024; printf "| %s | %d | %.2f | %.2f | %.0f | %s | %s | %s |\n",
      t, n, w, c, mb, ratio(gw, w), ratio(gc, c), ratio(gk / 1024, mb) }'
}

{
  echo "# glosa build benchmark, $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo
  echo "- Machine: $(nproc) cores ($cpu_model), $ram RAM, $(uname -sr)"
  echo "- glosa $("$glosa" --version | awk '{print $2}') at $rev$dirty, $(rustc --version)"
  echo "- Hugo: $hugo_version"
  echo "- Zola: $zola_version"
  echo "- Floor: examples/floor.rs, bare pulldown-cmark $(grep -A1 'name = "pulldown-cmark"' "$repo/Cargo.lock" | sed -n 's/version = "\(.*\)"/\1/p'), glosa's parser options, no templates, parallel with rayon (as glosa is); floor-io: the same without Markdown (file I/O alone); floor-1: the floor on one thread, file after file (the issue's floor: its 0.3 s of Markdown for 64 MB is one core's speed)"
  echo "- glosa-bare: glosa on the same corpus with a theme whose templates print only each page's body (or its kind): the engine without the template work"
  echo "- Corpus: examples/gen_corpus version $gen_version, ~800 words of prose per article with claims, sidenotes and code in 3 of 10, $terms glossary terms, same bodies for every tool"
  echo "- $reps timed repetitions per tool (order rotated each repetition)$([ "$warmup" = 1 ] && echo ", after one untimed warm-up each"); medians shown"
  echo
  echo "Wall and CPU (user+sys) in seconds, peak RSS in MB. *glosa/x* is glosa's value divided by that tool's (below 1: glosa is faster/smaller)."
  echo
  echo "| tool | N | wall s | CPU s | peak MB | glosa/x wall | glosa/x CPU | glosa/x mem |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for n in $report_list; do
    g="$work/times/glosa-$n-$terms"
    gw=$(median "$g" 1); gc=$(median "$g" 2); gk=$(median "$g" 3)
    for t in glosa glosa-bare floor floor-io floor-1 hugo zola; do row "$t" "$n" "$terms" "$gw" "$gc" "$gk"; done
  done
  echo
  echo "## Paired ratios (wall)"
  echo
  echo "Each repetition runs every tool once, back to back, so one tool's time divided by another's in the same"
  echo "repetition cancels most of the machine's drift over the run: the median and range of those per-repetition"
  echo "ratios. *glosa-bare / floor* is how far glosa's engine alone is from the floor."
  echo
  echo "| ratio | N | median | min | max |"
  echo "|---|---:|---:|---:|---:|"
  for n in $report_list; do
    for pair in glosa/floor glosa/floor-io glosa/floor-1 glosa/hugo glosa/zola glosa/glosa-bare glosa-bare/floor; do
      g="$work/times/${pair%/*}-$n-$terms"; f="$work/times/${pair#*/}-$n-$terms"
      [ -s "$f" ] && [ -s "$g" ] || continue
      paste -d' ' "$g" "$f" | awk '{ print $1 / $4 }' | sort -g >"$work/times/ratios"
      awk -v t="${pair%/*} / ${pair#*/}" -v n="$n" -v m="$(median "$work/times/ratios" 1)" '{ v[NR] = $1 } END {
        printf "| %s | %d | %.2f | %.2f | %.2f |\n", t, n, m, v[1], v[NR] }' "$work/times/ratios"
    done
  done
  echo
  echo "## Linearity ($terms terms)"
  echo
  echo "| tool | N | wall ms / article | CPU ms / article | peak MB |"
  echo "|---|---:|---:|---:|---:|"
  for t in glosa floor hugo zola; do
    for n in $report_list; do
      f="$work/times/$t-$n-$terms"
      [ -s "$f" ] || continue
      awk -v t="$t" -v n="$n" -v w="$(median "$f" 1)" -v c="$(median "$f" 2)" -v k="$(median "$f" 3)" \
        'BEGIN { printf "| %s | %d | %.3f | %.3f | %.0f |\n", t, n, 1000 * w / n, 1000 * c / n, k / 1024 }'
    done
  done
  if [ "$autolink" = 1 ]; then
    echo
    echo "## Auto-linking vs number of terms (N = 1000)"
    echo
    echo "More terms also means M glossary pages to render and write, so the whole build grows with M. The auto-linking"
    echo "cost is the difference between the same corpus built with auto-linking on and off (\`autolink: false\` in"
    echo "site.yaml; explicit \`[[term]]\` links are still resolved in both)."
    echo
    echo "| terms | on: wall s | on: CPU s | on: peak MB | off: wall s | off: CPU s | auto-linking wall s | auto-linking CPU s |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
    for m in 50 5000; do
      g="$work/times/glosa-1000-$m"; f="$work/times/glosa-noauto-1000-$m"
      [ -s "$g" ] && [ -s "$f" ] || { echo "| $m | not measured | | | | | | |"; continue; }
      awk -v m="$m" -v w="$(median "$g" 1)" -v c="$(median "$g" 2)" -v k="$(median "$g" 3)" \
        -v fw="$(median "$f" 1)" -v fc="$(median "$f" 2)" \
        'BEGIN { printf "| %d | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f |\n", m, w, c, k / 1024, fw, fc, w - fw, c - fc }'
    done
  fi
  if [ "$huge" = 1 ]; then
    echo
    echo "## One huge article (160,000 words, 2,000 glossary terms)"
    echo
    echo "Near-linear cost at pathological sizes: one article of 160,000 words (about 200 ordinary articles) against"
    echo "a glossary of 2,000 terms, every one auto-linked at its first mention; the floor renders the same Markdown."
    echo
    echo "| tool | wall s | CPU s | peak MB |"
    echo "|---|---:|---:|---:|"
    for t in glosa-huge floor-huge; do
      f="$work/times/$t-1-2000"
      [ -s "$f" ] || { echo "| $t | not measured | | |"; continue; }
      awk -v t="$t" -v w="$(median "$f" 1)" -v c="$(median "$f" 2)" -v k="$(median "$f" 3)" \
        'BEGIN { printf "| %s | %.2f | %.2f | %.0f |\n", t, w, c, k / 1024 }'
    done
  fi
  if [ "$incremental" = 1 ]; then
    echo
    echo "## Incremental production builds (N = $incremental_n, \`glosa build --incremental\`)"
    echo
    echo "One output folder updated in place: first from nothing (it also writes the body cache in .glosa-cache/), then"
    echo "with nothing changed, then after appending a sentence to one article before each run. *vs clean* divides by"
    echo "the clean glosa build's median above. *plain rebuild* is \`glosa build\` without --incremental into the folder its"
    echo "previous run left, after one article was edited: it renders every page but writes only the files that changed."
    echo
    echo "| run | wall s | CPU s | peak MB | vs clean wall |"
    echo "|---|---:|---:|---:|---:|"
    g="$work/times/glosa-$incremental_n-$terms"
    for t in first same edit rebuild; do
      f="$work/times/glosa-incr-$t-$incremental_n-$terms"
      [ "$t" = rebuild ] && f="$work/times/glosa-rebuild-edit-$incremental_n-$terms"
      [ -s "$f" ] || { echo "| $t | not measured | | | |"; continue; }
      awk -v t="$t" -v w="$(median "$f" 1)" -v c="$(median "$f" 2)" -v k="$(median "$f" 3)" -v gw="$([ -s "$g" ] && median "$g" 1 || echo 0)" \
        'BEGIN { label["first"] = "first (empty cache)"; label["same"] = "nothing changed"; label["edit"] = "one article edited"; label["rebuild"] = "plain rebuild, one article edited"
          printf "| %s | %.2f | %.2f | %.0f | %s |\n", label[t], w, c, k / 1024, (gw > 0 ? sprintf("%.2f", w / gw) : "n/a") }'
    done
  fi
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "benches/compare.sh --articles \"$articles_list\" --terms $terms --reps $reps$([ "$archive" = 1 ] && echo " --archive")"
  echo "${gen#"$repo/"} DIR --articles N --terms M --flavour explainer|hugo|zola   # cargo build --release --example gen_corpus"
  echo "target/release/glosa build --root \$WORK/explainer-N-M --out \$WORK/out/glosa"
  echo "target/release/glosa build --root \$WORK/explainer-noauto-N-M --out \$WORK/out/glosa-noauto   # site.yaml + autolink: false"
  echo "target/release/examples/floor \$WORK/explainer-N-M \$WORK/out/floor"
  echo "target/release/examples/floor --no-markdown \$WORK/explainer-N-M \$WORK/out/floor-io   # the floor's file I/O alone"
  echo "target/release/examples/floor --one-thread \$WORK/explainer-N-M \$WORK/out/floor-1   # the floor on one thread"
  echo "${gen#"$repo/"} \$WORK/explainer-huge --articles 1 --terms 2000 --words 160000 --flavour explainer"
  echo "target/release/glosa build --root \$WORK/explainer-bare-N-M --out \$WORK/out/glosa-bare   # themes/bare: templates print only the page body"
  echo "target/release/glosa build --root \$WORK/explainer-huge --out \$WORK/out/glosa-huge"
  echo "target/release/glosa build --incremental --root \$WORK/explainer-N-M --out \$WORK/out/incremental   # first, unchanged, one article edited"
  echo "target/release/glosa build --root \$WORK/explainer-N-M --out \$WORK/out/rebuild   # plain rebuilds into the folder the previous one left"
  echo "hugo --quiet --source \$WORK/hugo-N-M --destination \$WORK/out/hugo"
  echo "zola --root \$WORK/zola-N-M build --output-dir \$WORK/out/zola --force"
  echo "# each timed with: $timer -f '%e %U %S %M' COMMAND   (wall, user, sys, peak RSS KB); each run writes a new output folder, \`sync\` run before it (untimed), all removed at the end"
  echo '```'
} >"$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$work/out"
cat "$out"
log "wrote $out"
