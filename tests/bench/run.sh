#!/bin/sh
# efn benchmark: installs the peers, builds the benchmark programs against
# the library in BUILD, generates the networks, runs every workload and
# writes the report.
#
#   sh tests/bench/run.sh BUILD [--quick] [--out FILE]
#
# BUILD is a configured and built efn build tree (libefn.a in it; headers
# come from include/). The default run takes about 15 minutes on 2 cores
# and writes docs/performance.md; --quick runs small sizes only (well under
# a minute) and writes BUILD/bench/performance-quick.md, so a smoke test
# never overwrites the committed report. --out FILE writes elsewhere.
# Work files go to BUILD/bench.
set -eu

if [ $# -lt 1 ]; then
    echo "usage: sh tests/bench/run.sh BUILD [--quick] [--out FILE]" >&2
    exit 2
fi
ARGS="$*"
BUILD=$1
shift
QUICK=0
OUT=
while [ $# -gt 0 ]; do
    case $1 in
    --quick) QUICK=1 ;;
    --out) OUT=$2; shift ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

SRC=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -f "$BUILD/libefn.a" ]; then
    echo "run.sh: $BUILD/libefn.a not found: build efn first (make build)" >&2
    exit 2
fi
BUILD=$(cd "$BUILD" && pwd)
# The library and the command as the sources stand now, so that the
# report's commit is the code measured.
cmake --build "$BUILD" --target efn_static efn_cli -j 2 >/dev/null
WORK=$BUILD/bench
DATA=$WORK/data
mkdir -p "$WORK" "$DATA"
if [ -z "$OUT" ]; then
    if [ $QUICK = 1 ]; then OUT=$WORK/performance-quick.md; else OUT=$SRC/docs/performance.md; fi
fi
PY=/usr/bin/python3

# ---- peers: Debian packages, installed only when missing -----------------
PKGS="g++ pkg-config libigraph-dev libgsl-dev libcjson-dev libglpk-dev libzstd-dev \
libmaxflow-dev liblemon-dev python3 python3-networkx hyperfine"
missing=
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "run.sh: need root to install:$missing" >&2
        exit 2
    fi
    echo "run.sh: installing:$missing"
    # apt-get update first when the lists are empty or a package is unknown
    if ! apt-cache show $missing >/dev/null 2>&1; then
        apt-get update -qq
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

# ---- build -----------------------------------------------------------------
echo "run.sh: building the benchmark programs in $WORK"
gcc -O2 -std=c11 -D_DEFAULT_SOURCE -Wall -o "$WORK/bench_gen" "$SRC/tests/bench/gen.c" -lm
# shellcheck disable=SC2046
g++ -O2 -std=c++17 -I"$SRC/include" \
    $(pkg-config --cflags igraph gsl libcjson maxflow lemon) \
    -o "$WORK/efnbench" "$SRC/tests/bench/bench.cpp" "$BUILD/libefn.a" \
    $(pkg-config --libs maxflow lemon) -lglpk $(pkg-config --libs igraph gsl libcjson libzstd) \
    -lpthread -lm

# ---- run -------------------------------------------------------------------
RES=$WORK/results.jsonl
: > "$RES"
LOG=$WORK/run.log
: > "$LOG"
START=$(date +%s)
# What is measured: the commit built above (and whether lib/ or include/
# differed from it), recorded now for the report.
REV=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$SRC" status --porcelain -- lib include 2>/dev/null)" ]; then
    REV="$REV (lib/ or include/ had uncommitted changes)"
fi

# step NAME LIMIT CMD...: runs CMD (stdout: JSON lines) under a hard limit;
# a failure is recorded and the run goes on.
step() {
    name=$1 lim=$2
    shift 2
    t0=$(date +%s)
    printf 'run.sh: %-40s' "$name"
    if timeout -k 10 "$lim" "$@" >> "$RES" 2>> "$LOG"; then
        echo " $(( $(date +%s) - t0 )) s"
    else
        rc=$?
        echo " failed ($rc) after $(( $(date +%s) - t0 )) s (see $LOG)"
        printf '{"w":"error","inst":"%s","impl":"%s","status":"error","rc":%d}\n' \
            "$name" "$1" "$rc" >> "$RES"
    fi
}

gen() {
    echo "gen $*" >> "$LOG"
    "$WORK/bench_gen" "$@" >> "$LOG"
}

EB=$WORK/efnbench
NX="$PY $SRC/tests/bench/nx_peer.py"
CORRIDOR=$SRC/examples/data/corridor.json

if [ $QUICK = 1 ]; then
    gen pipeline 2000 1 "$DATA/pipe-2k.json"
    gen genrmf 8 10 1 "$DATA/genrmf-640.json"
    gen pipeline 300 5 "$DATA/pipe-300.json"
    step "load pipe-2k" 60 "$EB" load "$DATA/pipe-2k.json" pipe-2k 3
    step "load pipe-2k (Python)" 60 $NX load "$DATA/pipe-2k.json" pipe-2k 3 20
    step "flow pipe-2k" 120 "$EB" flow "$DATA/pipe-2k.json" pipe-2k 3 20 --arcs "$DATA/pipe-2k.arcs"
    step "flow pipe-2k (networkx)" 60 $NX flow "$DATA/pipe-2k.arcs" pipe-2k 3 20
    step "flow genrmf-640" 120 "$EB" flow "$DATA/genrmf-640.json" genrmf-640 3 20 --arcs "$DATA/genrmf-640.arcs"
    step "flow genrmf-640 (networkx)" 60 $NX flow "$DATA/genrmf-640.arcs" genrmf-640 3 20
    step "n1 pipe-300" 120 "$EB" n1 "$DATA/pipe-300.json" pipe-300 20 --arcs "$DATA/pipe-300.arcs"
    step "n1 pipe-300 (networkx)" 60 $NX n1 "$DATA/pipe-300.arcs" pipe-300 20
    step "risk corridor" 120 "$EB" risk "$CORRIDOR" corridor 1000 1000 20 1 2
    step "memory pipe-2k" 60 "$EB" memory "$DATA/pipe-2k.json" pipe-2k 20
else
    echo "run.sh: generating the networks in $DATA"
    gen pipeline 893000 3 "$DATA/pipe-1M-seg.json"
    gen pipeline 435000 2 "$DATA/pipe-1.1M.json"
    gen pipeline 15000 1 "$DATA/pipe-39k.json"
    gen genrmf 20 25 1 "$DATA/genrmf-48k.json"
    gen genrmf 40 125 2 "$DATA/genrmf-1M.json"
    gen pipeline 300 5 "$DATA/pipe-300.json"
    gen pipeline 600 5 "$DATA/pipe-600.json"
    gen pipeline 1200 5 "$DATA/pipe-1200.json"
    GASLIB=$SRC/tests/bench/gaslib
    $PY "$SRC/tests/bench/gaslib2efn.py" "$GASLIB/GasLib-582.net.xml" \
        "$GASLIB/GasLib-582.scn.xml" "$DATA/gaslib-582.json" >> "$LOG"
    # 1. load
    step "load pipe-1M-seg" 300 "$EB" load "$DATA/pipe-1M-seg.json" pipe-1M-seg 3
    step "load pipe-1M-seg (Python)" 400 $NX load "$DATA/pipe-1M-seg.json" pipe-1M-seg 3 120
    hyperfine --style none --runs 3 --export-json "$WORK/hyperfine-load.json" \
        -n "efn info (CLI: start, load, summary)" "$BUILD/bindings/cli/efn info $DATA/pipe-1M-seg.json" \
        -n "python3: json.load" "$PY -c 'import json; json.load(open(\"$DATA/pipe-1M-seg.json\"))'" \
        >> "$LOG" 2>&1 || echo "run.sh: hyperfine failed (see $LOG)"
    # 2, 3, 5. flow, allocation, trace (efn_flow_run once per run, with
    # efn_trace_from_flow on its result)
    step "flow pipe-39k" 400 "$EB" flow "$DATA/pipe-39k.json" pipe-39k 9 90 --arcs "$DATA/pipe-39k.arcs"
    step "flow pipe-39k (networkx)" 200 $NX flow "$DATA/pipe-39k.arcs" pipe-39k 3 60
    step "flow genrmf-48k" 400 "$EB" flow "$DATA/genrmf-48k.json" genrmf-48k 9 90 --arcs "$DATA/genrmf-48k.arcs"
    step "flow genrmf-48k (networkx)" 200 $NX flow "$DATA/genrmf-48k.arcs" genrmf-48k 3 60
    step "flow pipe-1.1M" 400 "$EB" flow "$DATA/pipe-1.1M.json" pipe-1.1M 3 60 --no-efn --no-alloc
    step "flow genrmf-1M" 400 "$EB" flow "$DATA/genrmf-1M.json" genrmf-1M 3 30 --no-alloc
    # 7 (and efn_flow_run on pipe-1.1M): a fresh process
    step "memory + efn_flow_run pipe-1.1M" 200 "$EB" memory "$DATA/pipe-1.1M.json" pipe-1.1M 60
    # 4. N-1
    step "n1 pipe-39k" 200 "$EB" n1 "$DATA/pipe-39k.json" pipe-39k 30 --arcs "$DATA/pipe-39k.arcs"
    step "n1 pipe-39k (networkx)" 100 $NX n1 "$DATA/pipe-39k.arcs" pipe-39k 30
    step "n1 gaslib-582" 200 "$EB" n1 "$DATA/gaslib-582.json" gaslib-582 30 --reps 9 --arcs "$DATA/gaslib-582.arcs"
    step "n1 gaslib-582 (networkx)" 100 $NX n1 "$DATA/gaslib-582.arcs" gaslib-582 60
    for n in 300 600 1200; do
        step "n1 pipe-$n" 200 "$EB" n1 "$DATA/pipe-$n.json" "pipe-$n" 90 --arcs "$DATA/pipe-$n.arcs"
        step "n1 pipe-$n (networkx)" 100 $NX n1 "$DATA/pipe-$n.arcs" "pipe-$n" 30
    done
    # 6. risk
    step "risk corridor" 200 "$EB" risk "$CORRIDOR" corridor 10000 10000 60 1 2
    step "risk pipe-39k" 420 "$EB" risk "$DATA/pipe-39k.json" pipe-39k 1000 1000 60 1 2
fi

echo "run.sh: workloads done in $(( $(date +%s) - START )) s; writing $OUT"
MODE=default
[ $QUICK = 1 ] && MODE=quick
$PY "$SRC/tests/bench/report.py" --results "$RES" --out "$OUT" --mode $MODE \
    --command "sh tests/bench/run.sh $ARGS" --seconds "$(( $(date +%s) - START ))" \
    --hyperfine "$WORK/hyperfine-load.json" --build "$BUILD" --rev "$REV" \
    --date "$(date -d "@$START" '+%Y-%m-%d %H:%M')"
echo "run.sh: wrote $OUT"
