#!/bin/sh
# efn: energy-flow networks. GPL-3.0-or-later.
#
# Tests of `efn trace`, `efn depend`, `efn owners` and `efn timeline
# depend`. The expected values are the ones worked out by hand in
# tests/test_trace.c (trace_diamond.json, trace_cycle.json,
# flow_diamond.json) and tests/test_ownership.c (own_chain.json); the HHI
# labels on small networks written below.
#
#     sh tests/cli/test_cli_depend.sh PATH/TO/efn REPO_ROOT
#
# JSON is read with /usr/bin/python3 (standard library only). Prints
# "N passed, N failed" and exits 1 on any failure.

if [ $# -ne 2 ]; then
    echo "usage: sh test_cli_depend.sh PATH/TO/efn REPO_ROOT" >&2
    exit 2
fi
efn=$1
data=$2/tests/data
diamond=$data/trace_diamond.json
cycle=$data/trace_cycle.json
flowd=$data/flow_diamond.json
chain=$data/own_chain.json
py=/usr/bin/python3

for f in "$efn" "$py"; do
    [ -x "$f" ] || { echo "test_cli_depend.sh: $f is not executable" >&2; exit 2; }
done
for f in "$diamond" "$cycle" "$flowd" "$chain"; do
    [ -f "$f" ] || { echo "test_cli_depend.sh: $f is missing" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/efn-cli-depend.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() {
    failed=$((failed + 1))
    printf 'FAIL %s\n' "$*" >&2
    sed -e 's/^/    out: /' "$tmp/out" | head -n 6 >&2
    sed -e 's/^/    err: /' "$tmp/err" | head -n 3 >&2
}

# efn_run CODE ARGS...: runs efn and checks its exit status; $tmp/out and
# $tmp/err keep what it wrote. $what names the run in failures.
efn_run() {
    code=$1
    shift
    what="efn $*"
    "$efn" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" -eq "$code" ]; then ok; else bad "$what: exit $status, expected $code"; fi
}

# lines REGEX...: each extended REGEX matches some line of stdout.
lines() {
    for re in "$@"; do
        if grep -E -e "$re" "$tmp/out" >/dev/null; then ok; else bad "$what: no line matches /$re/"; fi
    done
}

# no_line REGEX: no line of stdout matches.
no_line() {
    if grep -E -e "$1" "$tmp/out" >/dev/null; then bad "$what: a line matches /$1/"; else ok; fi
}

# rejects TEXT ARGS...: efn ARGS exits 2 with the fixed TEXT on stderr.
rejects() {
    text=$1
    shift
    efn_run 2 "$@"
    stderr_has "$text"
}

# stderr_has TEXT: stderr holds the fixed TEXT.
stderr_has() {
    if grep -F -e "$1" "$tmp/err" >/dev/null; then ok; else bad "$what: no '$1' on stderr"; fi
}

# json EXPR...: stdout is JSON and, with it as `d`, every Python EXPR is
# true. near(a, b[, tol]); by(list, key, value): the item whose key is value.
json() {
    "$py" - "$tmp/out" "$@" >"$tmp/verdicts" 2>"$tmp/pyerr" <<'EOF'
import json, sys
def near(a, b, tol=1e-9):
    return abs(a - b) <= tol
def by(items, key, value):
    return next(x for x in items if x.get(key) == value)
try:
    with open(sys.argv[1]) as f:
        d = json.load(f)
except ValueError as e:
    print("0 valid JSON (%s)" % e)
    sys.exit(0)
for expr in sys.argv[2:]:
    try:
        good = bool(eval(expr))
    except Exception as e:
        good = False
        expr += "  [%s: %s]" % (type(e).__name__, e)
    print("%d %s" % (good, expr))
EOF
    if [ ! -s "$tmp/verdicts" ]; then
        bad "$what: python failed: $(tail -n 1 "$tmp/pyerr")"
        return
    fi
    while read -r verdict expr; do
        if [ "$verdict" = 1 ]; then ok; else bad "$what: $expr"; fi
    done <"$tmp/verdicts"
}

# ---- trace --------------------------------------------------------------
# trace_diamond, observed: J's mix is 6/10 AZ, 4/10 RU; C1 takes 5 from J
# (3 AZ, 2 RU); C2 takes 5 from J and 2 from B: 3 AZ of 7.

efn_run 0 trace "$diamond" --observed --json
json 'd["analysis"] == "trace" and d["year"] == 2023 and d["unit"] == "bcm/y"' \
    'd["cyclic"] is False and d["unbalanced_origins"] == 0' \
    'near(by(by(d["consumers"], "node", "C2")["by_country"], "country", "AZ")["share"], 3 / 7)' \
    'near(by(by(d["consumers"], "node", "C2")["by_country"], "country", "RU")["volume"], 4)' \
    'near(by(by(d["consumers"], "node", "C1")["by_country"], "country", "AZ")["share"], 0.6)' \
    'near(by(by(d["consumers"], "node", "C2")["by_origin"], "origin", "B")["share"], 4 / 7)'

efn_run 0 trace "$diamond" --observed
lines '^gas origins by proportional sharing in 2023, observed flows, in bcm/y$' \
    '^C2 \(GR\): 7 bcm/y$' '^ +AZ +3 +42\.9$' '^ +RU +4 +57\.1$' \
    '^ +AZ +3 +60\.0$' '^ +A \(AZ\) +3 +42\.9$' '^ +origin nodes$'
no_line 'note:'

# trace_cycle: Y and Z after it are half AZ, half TM; Wn injects 4 without
# a supply, an implied origin.
efn_run 0 trace "$cycle" --observed --json
json 'd["cyclic"] is True and d["unbalanced_origins"] == 1' \
    'near(by(by(d["consumers"], "node", "Z")["by_country"], "country", "AZ")["share"], 0.5)' \
    'near(by(by(d["consumers"], "node", "Z")["by_country"], "country", "TM")["share"], 0.5)' \
    'by(d["origins"], "node", "Wn")["implied"] is True' \
    'by(d["origins"], "node", "X")["implied"] is False'

efn_run 0 trace "$cycle" --observed
lines '^Z \(TR\): 8 bcm/y$' '^ +AZ +4 +50\.0$' '^ +TM +4 +50\.0$' \
    '^ +Wn \(TM\) +4 +50\.0  implied$' '^note: the flows run in cycles' \
    '^note: 1 implied origin, ' '^  Wn \(TM\) 4 bcm/y$'

# Computed flows of flow_diamond (least cost): d1 is AZ 38/7 of 8; d2 1/7.
efn_run 0 trace "$flowd" --json
json 'near(by(by(d["consumers"], "node", "d1")["by_country"], "country", "AZ")["share"], 38 / 56, 1e-7)' \
    'near(by(by(d["consumers"], "node", "d2")["by_country"], "country", "AZ")["share"], 1 / 7, 1e-7)'
efn_run 0 trace "$flowd" --mode shared
lines '^gas origins by proportional sharing in 2023, computed flows \(mode shared\), in bcm/y$'

# ---- depend -------------------------------------------------------------
# trace_diamond, observed: HHI of C1's origins 60^2 + 40^2 = 5200; all of
# C1's gas crossed GE, 5/7 of C2's; J and j1 lie on every path to C1, and
# C2 has two ways in; C2's entry routes j2 5/7, b2 2/7: HHI 290000/49.

efn_run 0 depend "$diamond" --observed --json
json 'd["analysis"] == "dependency" and len(d["consumers"]) == 2' \
    'near(by(d["consumers"], "node", "C1")["hhi_origin"], 5200, 1e-8)' \
    'near(by(d["consumers"], "node", "C2")["hhi_origin"], 250000 / 49, 1e-8)' \
    'near(by(d["consumers"], "node", "C2")["hhi_entry"], 290000 / 49, 1e-8)' \
    'near(by(by(d["consumers"], "node", "C1")["transit"], "country", "GE")["share"], 1)' \
    'near(by(by(d["consumers"], "node", "C2")["transit"], "country", "GE")["share"], 5 / 7)' \
    '[x["node"] for x in by(d["consumers"], "node", "C1")["spof_nodes"]] == ["J"]' \
    '[x["asset"] for x in by(d["consumers"], "node", "C1")["spof_assets"]] == ["j1"]' \
    'by(d["consumers"], "node", "C2")["spof_nodes"] == []' \
    'by(d["consumers"], "node", "C2")["spof_assets"] == []' \
    'near(by(by(d["consumers"], "node", "C2")["entry_routes"], "asset", "b2")["share"], 2 / 7)'

efn_run 0 depend "$diamond" --observed
lines '^gas dependency in 2023, observed flows, in bcm/y$' \
    '^ +HHI of origins: 5200, highly concentrated$' \
    '^ +HHI of entry routes: 5918, highly concentrated$' \
    '^ +GE +5 +100\.0$' '^ +GE +5 +71\.4$' \
    '^ +node J \(GE\) +5 +100\.0$' '^ +asset j1 +5 +100\.0$' \
    '^ +\(untraced or unlisted\) +7 +100\.0$'
# C2's block: no single point of failure.
sed -n '/^C2 (GR)/,$p' "$tmp/out" | sed -n '/single points of failure/{n;p;}' >"$tmp/c2spof"
if [ "$(cat "$tmp/c2spof")" = "    none" ]; then ok; else bad "$what: C2's SPOFs are not 'none'"; fi

efn_run 0 depend "$diamond" --observed --consumer C2 --json
json 'len(d["consumers"]) == 1 and d["consumers"][0]["node"] == "C2"'
efn_run 0 depend "$diamond" --observed --consumer C1
lines '^C1 \(TR\): 5 bcm/y$'
no_line '^C2 '

# The owner countries of the route: m's gas all went through pipe.
efn_run 0 depend "$chain" --consumer m --json
json 'near(by(d["consumers"][0]["owner_countries"], "country", "XX")["share"], 0.575294118, 1e-6)' \
    'near(by(d["consumers"][0]["owner_countries"], "country", "GB")["share"], 0.1)'
efn_run 0 depend "$chain" --consumer m
lines '^ +XX +5\.753 +57\.5$' '^ +\(untraced or unlisted\) +0\.6 +6\.0$' \
    '^ +HHI of origins: 10000, highly concentrated$' '^ +pipe +10 +100\.0$'

# HHI labels (US DOJ/FTC 2010): four equal origins make 2500, moderately
# concentrated; ten make 1000, unconcentrated; six make 1666.67.
market() { # market FILE N: N fields of 1 each, in countries C0.., into M
    {
        printf '{"efn": 1, "kind": "network", "metadata": {"year": 2023},\n"nodes": ['
        i=0
        while [ "$i" -lt "$2" ]; do
            printf '{"id": "f%d", "kind": "field", "country": "C%d", "supply": {"gas": 1}},\n' "$i" "$i"
            i=$((i + 1))
        done
        printf '{"id": "M", "kind": "market", "country": "MM", "demand": {"gas": %d}}],\n"assets": [' "$2"
        i=0
        while [ "$i" -lt "$2" ]; do
            [ "$i" -gt 0 ] && printf ','
            printf '{"id": "p%d", "commodity": "gas", "route": ["f%d", "M"], "capacity": 1, "flow": 1}\n' "$i" "$i"
            i=$((i + 1))
        done
        printf ']}\n'
    } >"$1"
}
for n in 4:2500:moderately 10:1000:unconcentrated 6:1667:moderately; do
    market "$tmp/m.json" "${n%%:*}"
    efn_run 0 depend "$tmp/m.json" --observed
    rest=${n#*:}
    lines "^ +HHI of origins: ${rest%%:*}, ${rest#*:}( concentrated)?$"
done

# ---- owners -------------------------------------------------------------
# own_chain: state_x holds 57.5294% of pipe (p 50 x 0.7/0.85, q 30 x
# 0.35/0.85, partial 10 x 0.4); 6% of pipe is untraced (partial's missing
# 60%); GB (listed) has 10% of pipe's capacity of 20: 2 bcm/y, the proposed
# spur not counted.

efn_run 0 owners "$chain" --json
json 'd["analysis"] == "ownership" and d["year"] == 2023' \
    'near(by(by(d["owners"], "id", "state_x")["assets"], "asset", "pipe")["percent"], 57.5294118, 1e-6)' \
    'near(by(d["assets"], "asset", "pipe")["untraced_percent"], 6, 1e-9)' \
    'near(by(d["assets"], "asset", "pipe")["ultimate_percent"], 94, 1e-9)' \
    'near(by(d["assets"], "asset", "pipe")["by_country"]["YY"], 26.4705882, 1e-6)' \
    'near(by(d["countries"], "country", "GB")["totals"]["gas"]["capacity"], 2)' \
    'near(by(d["countries"], "country", "GB")["totals"]["gas"]["throughput"], 1)' \
    'by(d["countries"], "country", "GB")["totals"]["gas"]["unit"] == "bcm/y"'

efn_run 0 owners "$chain"
lines '^ +state_x +XX +gas +11\.51 +5\.753 +bcm/y$' \
    '^ +GB +gas +2 +1 +bcm/y$' \
    '^ +57\.53 +pipe$' \
    '^ +60\.00 +spur +\(not active' \
    '^ +pipe +100\.00 +94\.00 +6\.00 +0\.00 +XX 57\.53, YY 26\.47, GB 10\.00$' \
    '^ +spur +60\.00 +60\.00 +0\.00 +40\.00 +GB 60\.00$'

efn_run 0 owners "$chain" --owner state_x --json
json '[o["id"] for o in d["owners"]] == ["state_x"]'
efn_run 0 owners "$chain" --owner p
lines '^owner: ' '^ +\(itself owned' '^ +76\.47 +pipe$'
efn_run 0 owners "$chain" --country YY --json
json '[o["id"] for o in d["owners"]] == ["q", "state_y"] or [o["id"] for o in d["owners"]] == ["state_y", "q"]' \
    '[c["country"] for c in d["countries"]] == ["YY"]'
efn_run 0 owners "$chain" --country YY
lines '^ +state_y +YY +gas '
no_line '^ +state_x '
# Throughput from a max flow: pipe carries s's 10, as observed.
efn_run 0 owners "$chain" --computed --json
json 'near(by(d["owners"], "id", "state_x")["totals"]["gas"]["throughput"], 5.752941176, 1e-6)'
efn_run 0 owners "$chain" --computed
lines 'throughput from gas computed flows \(mode max\)'

# ---- bad input ----------------------------------------------------------

rejects "--owner: no owner 'nope'" \
    owners "$chain" --owner nope
efn_run 2 owners "$chain" --owner nope --json
rejects "--consumer: no node 'nope'" \
    depend "$diamond" --consumer nope
rejects "node 'J' receives no gas" \
    depend "$diamond" --observed --consumer J
rejects "--country: no owner in 'ZZ'" \
    owners "$chain" --country ZZ
rejects "--mode with owners needs --computed" \
    owners "$chain" --mode shared
rejects "--mode does not apply to --observed" \
    trace "$diamond" --observed --mode max
rejects "--consumer applies to depend only" \
    trace "$diamond" --consumer C1
rejects "--owner applies to owners only" \
    depend "$diamond" --owner x
rejects "--computed applies to owners only" \
    flow "$diamond" --computed
rejects "timeline expects the analysis flow, n1 or depend" \
    timeline trace "$diamond" --from 2022 --to 2023
rejects "--consumer: no node 'nope'" \
    timeline depend "$diamond" --from 2022 --to 2023 --consumer nope

# ---- timeline depend ----------------------------------------------------

efn_run 0 timeline depend "$diamond" --observed --from 2022 --to 2023 --json
json 'len(d) == 2 and all(x["analysis"] == "dependency" for x in d)' \
    '[x["year"] for x in d] == [2022, 2023]' \
    'near(by(d[1]["consumers"], "node", "C1")["hhi_origin"], 5200, 1e-8)'
efn_run 0 timeline depend "$diamond" --observed --from 2023 --to 2023
lines '^ +2023 +C1 +TR +5 +AZ +60\.0 +5200  highly concentrated$' \
    '^ +2023 +C2 +GR +7 +RU +57\.1 +5102  highly concentrated$'

# ---- the bundled network ------------------------------------------------

for args in "trace" "trace --observed" "depend" "depend --observed" \
    "depend --consumer turkiye" "owners" "owners --country TR" \
    "owners --computed" "owners --commodity oil"; do
    # shellcheck disable=SC2086
    efn_run 0 $args
    if [ -s "$tmp/out" ]; then ok; else bad "$what: no output"; fi
    # shellcheck disable=SC2086
    efn_run 0 $args --json
    json 'isinstance(d, dict) and d["analysis"] in ("trace", "dependency", "ownership")'
done
efn_run 0 depend --consumer turkiye --json
json 'd["consumers"][0]["node"] == "turkiye" and 0 < d["consumers"][0]["hhi_origin"] <= 10000'
efn_run 0 owners --country TR --json
json 'all(o["country"] == "TR" for o in d["owners"])' \
    '[c["country"] for c in d["countries"]] == ["TR"]'
efn_run 0 timeline depend --from 2022 --to 2024 --json
json 'len(d) == 3 and all(x["analysis"] == "dependency" for x in d)'
efn_run 0 timeline depend --from 2022 --to 2024 --consumer turkiye
lines '^ +2024 +turkiye +TR '

efn_run 0 --help
lines '^  trace ' '^  depend ' '^  owners ' '--consumer ID' '--owner ID' '--computed'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
