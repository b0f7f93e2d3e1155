#!/usr/bin/env bash
# benches/startup.sh - end-to-end start-up of the RELEASE binary in a real terminal (tmux),
# beside peers measured in the same run: time from launch until a known title is on screen.
#
# Usage: benches/startup.sh [--repeat K] [--sizes "10000 100000"] [--posts-only] [--work DIR]
#                           [--full-runs N] [--cold N]
#   --repeat K   timed runs per case (default 7); medians are reported
#   --sizes      site sizes to generate (default "10000 100000")
#   --posts-only only the single posts (4 KB, 1 MB, 5 MB), no sites
#   --work DIR   where the generated sites go (default a new temp folder; kept, reused)
#   --full-runs N runs of the full index without a cache (default 5); the median is reported
#   --cold N     also N runs of each cold case (default 0: none): the page cache dropped
#                before each (needs root: /proc/sys/vm/drop_caches), medians reported
# Needs tmux and ttff.sh ($TTFF, default ../shared/tools/ttff.sh beside the repo).
# Peers: `less` on the same post files, and treemd when installed
# (`cargo install treemd --locked`); a missing peer is skipped with a note.
#
# Cases (120x40 terminal, warm page cache, FOLIO_* folders in the work folder):
#   folio DIR, no cache     FOLIO_CACHE_DIR=/dev/null/none: the cache can be neither read
#                           nor written, so every run parses every post
#   folio DIR, with cache   `folio list DIR` writes the cache first (a timed run is ended
#                           as soon as the title shows, before it could write one)
#   treemd DIR              its file list (names only)
#   first titles, no cache  the status line's "N posts · listing": a page of the posts read
#                           so far, shown while the rest are read
#   full index, no cache    FOLIO_LOG=info: the `indexed ... ms=` line of its log; the
#                           median of --full-runs runs (default 5), and their range
#   peak memory             VmHWM 3 s after the full index is on screen (its problem counts)
#   folio FILE / less FILE / treemd FILE   a 4 KB, 1 MB and 5 MB post, alone in a folder
# Cold cases (--cold; the page cache dropped before each run, as after a reboot):
#   folio list DIR, no cache          every post read from the disk; beside it the same
#                                     with FOLIO_READ_THREADS=<cores>, reading on a
#                                     thread per core only (no widening)
#   folio DIR / treemd DIR, no cache  to the newest post's title / file name on screen
# The marker for a site is the title of its newest post ("Bench newest post", which this
# script adds, dated 2099); for treemd on a site, that post's file name; for a post, its
# title ("A very large post": the reader's first line, and in less its front matter; treemd
# shows no front matter, so for it the post's first heading, "Section 1").
set -euo pipefail

repeat=7 sizes="10000 100000" work="" posts_only=0 full_runs=5 cold=0
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --posts-only) posts_only=1; shift ;;
    --full-runs) full_runs=$2; shift 2
      [[ "$full_runs" =~ ^[1-9][0-9]*$ ]] || { echo "startup.sh: --full-runs needs a count" >&2; exit 2; } ;;
    --work) work=$2; shift 2 ;;
    --cold) cold=$2; shift 2
      [[ "$cold" =~ ^[0-9]+$ ]] || { echo "startup.sh: --cold needs a count" >&2; exit 2; } ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "startup.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
ttff=${TTFF:-$repo/../shared/tools/ttff.sh}
[ -x "$ttff" ] || [ -f "$ttff" ] || { echo "startup.sh: no ttff.sh at $ttff (set TTFF)" >&2; exit 2; }
work=${work:-$(mktemp -d -t folio-startup-XXXXXX)}
mkdir -p "$work"

(cd "$repo" && cargo build --release --quiet --bin folio --example gen_corpus)
folio=$repo/target/release/folio
gen=$repo/target/release/examples/gen_corpus
export FOLIO_CACHE_DIR=$work/cache FOLIO_DATA_DIR=$work/data FOLIO_CONFIG_DIR=$work/config
treemd=$(command -v treemd || true)

# median of one case: prints the median in ms, or "-" when the marker never showed
measure() { # marker timeout command...
  local marker=$1 timeout=$2; shift 2
  local out
  if out=$(bash "$ttff" --repeat "$repeat" --warmup 1 --timeout "$timeout" \
      --marker "$marker" -- "$@" 2>/dev/null); then
    sed -n 's/.*median=\([0-9.]*\).*/\1/p' <<<"$out" | tail -1
  else
    echo "-"
  fi
}

# peak memory (MiB) of one run, 3 s after the marker (the cache is written by then); the
# marker is the status line's problem counts, shown once the full index is in
memory() { # marker command...
  local marker=$1; shift
  local out
  out=$(bash "$ttff" --mem --settle-ms 3000 --timeout 60 --marker "$marker" -- "$@" 2>/dev/null) || { echo "-"; return; }
  local kib
  kib=$(sed -n 's/.*peak_rss_kib=\([0-9]*\).*/\1/p' <<<"$out" | tail -1)
  [ -n "$kib" ] && echo $((kib / 1024)) || echo "-"
}

# Wait until the last folio this script started (300 MB and more at 100,000 posts, killed
# with its tmux session) is gone, so its exit does not share the machine with the next
# run: between the full index's runs, and before the single posts.
settle() {
  for _ in $(seq 100); do pgrep -f "^$folio" >/dev/null || break; sleep 0.1; done
  sleep 1
}

# the full index's time (ms) in a run without a cache, from folio's own log (FOLIO_LOG):
# from the start of indexing until the checked index is handed to the UI
full_index_once() { # site
  local logdir=$work/log sock=folio-bench-$$ ms=""
  rm -rf "$logdir" && mkdir -p "$logdir"
  tmux -L "$sock" new-session -d -x 120 -y 40 \
    "env FOLIO_LOG=info FOLIO_LOG_DIR=$logdir FOLIO_CACHE_DIR=/dev/null/none $folio $1"
  for _ in $(seq 1200); do
    ms=$(sed -n 's/.*indexed posts=[0-9]* ms=\([0-9]*\).*/\1/p' "$logdir"/folio.log 2>/dev/null | tail -1)
    [ -n "$ms" ] && break
    sleep 0.1
  done
  tmux -L "$sock" kill-server 2>/dev/null || true
  echo "${ms:--}"
}

# the median of --full-runs runs of full_index_once, and their range ("-" when one failed;
# one run's time on a machine shared with others varies by a tenth and more)
full_index() { # site
  local runs=() ms
  for _ in $(seq "$full_runs"); do
    settle
    ms=$(full_index_once "$1")
    [ "$ms" = "-" ] && { echo "-"; return; }
    runs+=("$ms")
  done
  printf '%s\n' "${runs[@]}" | sort -n | awk '{v[NR]=$1} END {
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
    printf "%s (%s–%s, %d runs)", m, v[1], v[NR], NR }'
}

echo "folio start-up benchmark: $(date -u +%FT%TZ), $(nproc) cores, repeat=$repeat, work=$work"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
echo
echo "| case | folio | peer(s), same run |"
echo "| --- | --- | --- |"
[ "$posts_only" = 1 ] && sizes=""
for n in $sizes; do
  site=$work/site-$n
  if [ ! -f "$site/000-bench-newest.md" ]; then
    "$gen" "$site" "$n" >/dev/null
    printf -- '---\ntitle: "Bench newest post"\ndate: 2099-01-01\ntags: [post]\n---\n\nThe newest post.\n' \
      > "$site/000-bench-newest.md"
  fi
  rm -rf "$FOLIO_CACHE_DIR"
  nocache=$(measure "Bench newest post" 60 env FOLIO_CACHE_DIR=/dev/null/none "$folio" "$site")
  # the first page of the posts read so far ("N posts · listing"; none on a site read
  # whole before the first would be due)
  streamed=$(measure "posts · listing" 60 env FOLIO_CACHE_DIR=/dev/null/none "$folio" "$site")
  "$folio" list "$site" >/dev/null
  cached=$(measure "Bench newest post" 60 "$folio" "$site")
  peer="treemd not installed"
  if [ -n "$treemd" ]; then
    peer="treemd $(measure "000-bench-newest" 60 "$treemd" "$site") ms (names only)"
  fi
  echo "| $n posts, no cache | $nocache ms | $peer |"
  echo "| $n posts, no cache: first titles (a page of the posts read so far) | $streamed ms | |"
  echo "| $n posts, no cache: the full index (median, folio's log) | $(full_index "$site") ms | |"
  echo "| $n posts, with cache | $cached ms | |"
  list_start=$(date +%s%N)
  "$folio" list "$site" >/dev/null
  list_ms=$(( ($(date +%s%N) - list_start) / 1000000 ))
  echo "| \`folio list\`, $n posts, with cache (one run) | $list_ms ms | |"
  echo "| peak memory, $n posts (no cache / with cache) | $(memory "posts · ✗" env FOLIO_CACHE_DIR=/dev/null/none "$folio" "$site") / $(memory "posts · ✗" "$folio" "$site") MiB | |"
done
# Cold cases: the page cache dropped before each run (root only; skipped with a note).
drop_caches() { sync && echo 3 > /proc/sys/vm/drop_caches; }
# the median of a list of numbers ("-" when one is "-")
median() {
  case " $* " in *" - "*) echo "-"; return ;; esac
  printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%s (%s–%s)", m, v[1], v[NR] }'
}
# milliseconds of one cold `folio list` without a cache (extra env as arguments)
cold_list() { # site env...
  local site=$1; shift
  drop_caches
  "$folio" --version >/dev/null
  local start end
  start=$(date +%s%N)
  env FOLIO_CACHE_DIR=/dev/null/none "$@" "$folio" list "$site" >/dev/null || { echo "-"; return; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
# milliseconds of one cold start to a marker on screen (ttff, one run)
cold_screen() { # marker command...
  local marker=$1; shift
  drop_caches
  "$@" --version >/dev/null 2>&1 || true
  local out
  out=$(bash "$ttff" --timeout 60 --marker "$marker" -- "$@" 2>/dev/null) || { echo "-"; return; }
  # one run: ttff prints the milliseconds alone
  tail -1 <<<"$out"
}
if [ "$cold" -gt 0 ]; then
  if [ -w /proc/sys/vm/drop_caches ]; then
    for n in $sizes; do
      site=$work/site-$n
      wide=() narrow=() tui=() peer=()
      for _ in $(seq "$cold"); do
        settle
        wide+=("$(cold_list "$site")")
        narrow+=("$(cold_list "$site" FOLIO_READ_THREADS="$(nproc)")")
        tui+=("$(cold_screen "Bench newest post" env FOLIO_CACHE_DIR=/dev/null/none "$folio" "$site")")
        [ -n "$treemd" ] && peer+=("$(cold_screen "000-bench-newest" "$treemd" "$site")")
      done
      echo "| \`folio list\`, $n posts, no cache, cold page cache (median of $cold) | $(median "${wide[@]}") ms | with FOLIO_READ_THREADS=$(nproc): $(median "${narrow[@]}") ms |"
      if [ -n "$treemd" ]; then
        echo "| $n posts, no cache, cold page cache (median of $cold) | $(median "${tui[@]}") ms | treemd $(median "${peer[@]}") ms (names only) |"
      else
        echo "| $n posts, no cache, cold page cache (median of $cold) | $(median "${tui[@]}") ms | treemd not installed |"
      fi
    done
  else
    echo "(cold cases skipped: /proc/sys/vm/drop_caches is not writable; they need root)"
  fi
fi
# The single posts come after the big sites (see settle above).
settle
for size in 4096 1048576 5242880; do
  dir=$work/post-$size
  if [ ! -f "$dir/post.md" ]; then
    mkdir -p "$dir"
    "$gen" --post "$size" "$dir/post.md"
  fi
  f=$(measure "A very large post" 30 "$folio" "$dir/post.md")
  l=$(measure "A very large post" 30 less "$dir/post.md")
  peers="less $l ms"
  if [ -n "$treemd" ]; then
    # treemd does not show front matter: its marker is the post's first heading.
    peers="$peers, treemd $(measure "Section 1" 30 "$treemd" "$dir/post.md") ms"
  else
    peers="$peers, treemd not installed"
  fi
  echo "| $((size / 1024)) KB post | $f ms | $peers |"
done
echo
echo "load after: $(uptime | sed 's/.*load average/load average/')"
