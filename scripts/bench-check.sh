#!/usr/bin/env bash
# Times `qaledger check` on a generated repository of N records (default 100,000) and reports
# median wall time and peak memory, plus the floor: reading every byte of the same files.
#
#   scripts/bench-check.sh [N] [RUNS]
#
# The repository is generated once into target/bench/records-N (deterministic, seed 1).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${2:-5}
repo="target/bench/records-$n"

if [ ! -f "$repo/qaledger.toml" ]; then
  echo "generating $n records into $repo …" >&2
  rm -rf "$repo"
  mkdir -p target/bench
  python3 scripts/generate-records.py --out "$repo" --records "$n" --seed 1
fi
cargo build --release --locked -q
bin=target/release/qaledger

files=$(find "$repo/records" -type f | wc -l)
bytes=$(find "$repo/records" -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
echo "repository: $files files, $((bytes / 1024 / 1024)) MiB; machine: $(nproc) cores; $($bin --version)"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

measure() { # label, command…
  local label=$1; shift
  local walls=() rss=0
  for _ in $(seq "$runs"); do
    local out tmp
    tmp=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$tmp" "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$tmp"); rm -f "$tmp"
    walls+=("${out% *}")
    local m=${out#* }
    [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '%-34s median %6.2f s   peak %6d MiB\n' "$label" "$(printf '%s\n' "${walls[@]}" | median)" "$((rss / 1024))"
}

measure "floor: read every byte (cat)" sh -c "find '$repo/records' -type f -print0 | xargs -0 cat > /dev/null"
measure "qaledger check" "$bin" --root "$repo" --as-of 2025-06-30 -q check
measure "qaledger check --format json" "$bin" --root "$repo" --as-of 2025-06-30 -q check --format json
