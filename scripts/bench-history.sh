#!/usr/bin/env bash
# Times `qaledger tracker --history --format json` on a generated repository: ACTIONS actions
# added in one commit, then COMMITS commits each changing one action's `due` or `status`
# (deterministic: a fixed seed). Generated with `git fast-import`, fed by a small Python script.
# Usage: scripts/bench-history.sh [ACTIONS] [COMMITS]   (defaults 10000 50000)
set -euo pipefail
ACTIONS=${1:-10000}
COMMITS=${2:-50000}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${QALEDGER:-$here/target/release/qaledger}
[ -x "$bin" ] || (cd "$here" && cargo build --release --quiet)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "keeping $work" >&2
repo=$work/repo
git init -q -b main "$repo"
start=$(date +%s)
python3 - "$ACTIONS" "$COMMITS" <<'PY' | git -C "$repo" fast-import --quiet
import datetime, random, sys
actions, commits = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(42)
out = sys.stdout.buffer
base = datetime.date(2025, 1, 1)
due = [base + datetime.timedelta(days=rng.randrange(30, 400)) for _ in range(actions)]
status = ["agreed"] * actions
def body(i):
    return (f"id: ACT-2025-{i:05d}\ntitle: Generated action {i}\n"
            "learning: Generated for the history benchmark.\n"
            "action: Do the generated thing and record it.\n"
            "level: individual\nsource:\n  type: other\nowner: jsmith\n"
            f"due: {due[i].isoformat()}\nstatus: {status[i]}\n").encode()
def path(i):
    # Folders of 100, as a real repository files by year: a flat folder of 10,000 would
    # make every commit write a 10,000-entry tree.
    return f"records/actions/{i // 100:03d}/ACT-2025-{i:05d}.yaml"
def data(b):
    out.write(b"data %d\n" % len(b)); out.write(b)
t0 = 1735725600
def commit(n, msg, files, first=False):
    out.write(b"commit refs/heads/main\n")
    out.write(b"author Bench Author <bench@example.org> %d +0000\n" % (t0 + n * 60))
    out.write(b"committer Bench Author <bench@example.org> %d +0000\n" % (t0 + n * 60))
    data(msg.encode() + b"\n")
    for p, b in files:
        out.write(f"M 100644 inline {p}\n".encode()); data(b)
    out.write(b"\n")
files = [("qaledger.toml", b'[organisation]\nname = "Bench Council"\n')]
files += [(path(i), body(i)) for i in range(actions)]
commit(0, "Agree the actions", files, first=True)
for n in range(1, commits + 1):
    i = rng.randrange(actions)
    if rng.random() < 0.6:
        due[i] += datetime.timedelta(days=rng.choice([-14, -7, 7, 14, 30]))
    else:
        status[i] = rng.choice(["agreed", "in-progress", "completed"])
    commit(n, f"Change action {i}", [(path(i), body(i))])
PY
git -C "$repo" checkout -q main
echo "generated $ACTIONS actions, $((COMMITS + 1)) commits in $(( $(date +%s) - start ))s" >&2
times=()
for run in 1 2 3; do
  /usr/bin/time -f %e -o "$work/time" "$bin" --root "$repo" --as-of 2025-06-30 \
    tracker --history --format json >"$work/out.json" 2>/dev/null || true
  times+=("$(cat "$work/time")")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
echo "tracker --history --format json: runs ${times[*]} s, median ${median} s"
