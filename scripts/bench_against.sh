#!/usr/bin/env bash
# Compares this checkout's benchmarks with another commit's, interleaved so that a change in
# the machine's load hits both sides alike: runs base, now, now, base and keeps each side's
# fastest median. Prints a Markdown table of the benchmarks both sides have.
#
#   scripts/bench_against.sh COMMIT BENCH [CRITERION FILTER]
#   scripts/bench_against.sh 6478c06 tui draw_200x60
#
# The commit is checked out in a worktree under target/bench-against/ (built there once, in
# release mode; BASE_TREE=DIR reuses a checkout of it). Run it on a quiet machine: the figures
# are wall time. ROUNDS=N repeats the four runs N times, for benchmarks whose figures move
# by more than the difference looked for (a commit's fsync, a process started).
set -euo pipefail
cd "$(dirname "$0")/.."
base_commit=$1 bench=$2 filter=${3:-}
root=$PWD
work=$root/target/bench-against
base_tree=${BASE_TREE:-$work/tree-$(git rev-parse --short "$base_commit")}
out=$work/out-$bench-$(date +%s)
mkdir -p "$work" "$out"
[ -d "$base_tree" ] || git worktree add --detach "$base_tree" "$base_commit" >/dev/null
executable() { # the bench's executable in the checkout $1 (a failed build stops here, its log shown)
  (cd "$1" && cargo bench --no-run --bench "$bench" >/dev/null 2>"$out/build.log") ||
    { echo "building $bench in $1 failed:" >&2; tail -n 30 "$out/build.log" >&2; exit 1; }
  (cd "$1" && cargo bench --no-run --bench "$bench" --message-format=json 2>/dev/null) |
    python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m.get("executable") and "bench" in m["target"]["kind"]: print(m["executable"])'
}
base_bin=$(executable "$base_tree") || exit 1
now_bin=$(executable "$root") || exit 1
for side in $(for _ in $(seq "${ROUNDS:-1}"); do echo base now now base; done); do
  tree=$root bin=$now_bin
  [ "$side" = base ] && tree=$base_tree bin=$base_bin
  (cd "$tree" && CRITERION_HOME="$work/criterion-$side" "$bin" --bench --noplot --sample-size 10 \
    --warm-up-time 1 --measurement-time 3 ${filter:+"$filter"} >>"$out/$side.txt" 2>&1)
done
python3 - "$out" <<'PY'
import re, sys, collections
unit = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
best = collections.defaultdict(dict)
for side in ("base", "now"):
    name = None
    for line in open(f"{sys.argv[1]}/{side}.txt", errors="replace"):
        inline = re.match(r"^(\S.*?)\s+time:\s+\[\S+ \S+ (\S+) (\S+)", line)
        alone = re.match(r"^\s+time:\s+\[\S+ \S+ (\S+) (\S+)", line)
        if inline:
            name, value, u = inline.group(1).strip(), inline.group(2), inline.group(3)
        elif alone and name:
            value, u = alone.group(1), alone.group(2)
        else:
            if re.match(r"^\S", line) and not line.startswith(("Benchmarking", "Found", "Warning", "setup", "Gnuplot")):
                name = line.strip()
            continue
        seconds = float(value) * unit[u]
        best[name][side] = min(best[name].get(side, seconds), seconds)
def show(s):
    return f"{s * 1e3:.3f} ms" if s >= 1e-3 else f"{s * 1e6:.1f} µs"
print("| benchmark | base | now | change |\n|---|---|---|---|")
for name, sides in best.items():
    if "base" in sides and "now" in sides:
        print(f"| {name} | {show(sides['base'])} | {show(sides['now'])} | {100 * (sides['now'] / sides['base'] - 1):+.1f}% |")
PY
