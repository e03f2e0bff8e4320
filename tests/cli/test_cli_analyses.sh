#!/bin/sh
# efn: energy-flow networks. GPL-3.0-or-later.
#
# Tests of the analysis commands of `efn`: flow (max, shared, --observed),
# n1 (--by, --top, --country, --peak-factor), timeline, progress and exit
# codes. The expected values are the ones worked out by hand in
# tests/test_flow.c and tests/test_n1.c, and, for the timeline, below.
#
#     sh tests/cli/test_cli_analyses.sh PATH/TO/efn REPO_ROOT
#
# JSON output is checked with /usr/bin/python3 (standard library only).
# Prints "N passed, N failed" and exits 1 on any failure.

if [ $# -ne 2 ]; then
    echo "usage: sh test_cli_analyses.sh PATH/TO/efn REPO_ROOT" >&2
    exit 2
fi
efn=$1
root=$2
data=$root/tests/data
diamond=$data/flow_diamond.json
shared=$data/flow_shared.json
small=$data/small.json
eu=$data/eu_n1.json
py=/usr/bin/python3

if [ ! -x "$efn" ]; then
    echo "test_cli_analyses.sh: $efn is not an executable" >&2
    exit 2
fi
for f in "$diamond" "$shared" "$small" "$eu"; do
    if [ ! -f "$f" ]; then
        echo "test_cli_analyses.sh: $f is missing" >&2
        exit 2
    fi
done

SHOW_LINES=8
. "$root/tests/cli/common.sh"
cli_setup efn-cli-analyses

# expect_has NAME out|err TEXT...: each TEXT is a fixed substring of a line.
expect_has() {
    name=$1
    file=$tmp/$2
    shift 2
    for text in "$@"; do
        if grep -F -e "$text" "$file" >/dev/null; then
            pass
        else
            fail "$name: no '$text' in std$(basename "$file")"
            show
        fi
    done
}

# expect_line NAME REGEX: some line of stdout matches the extended REGEX.
expect_line() {
    if grep -E -e "$2" "$tmp/out" >/dev/null; then
        pass
    else
        fail "$1: no line of stdout matches /$2/"
        show
    fi
}

# expect_no NAME out|err TEXT: no line holds TEXT.
expect_no() {
    if grep -F -e "$3" "$tmp/$2" >/dev/null; then
        fail "$1: '$3' in std$2"
        show
    else
        pass
    fi
}

# expect_empty NAME out|err
expect_empty() {
    if [ -s "$tmp/$2" ]; then
        fail "$1: std$2 is not empty"
        show
    else
        pass
    fi
}

# expect_json NAME PYTHON-EXPRESSION...: each expression, with `d` the JSON
# on stdout, must be true. Helpers: near(a, b[, tol]) and
# find(list, key, value), the first element whose key has that value.
expect_json() {
    name=$1
    shift
    need_tool "$py" "$name" || return
    for expr in "$@"; do
        if "$py" -c '
import json, sys
def near(a, b, tol=1e-6):
    return abs(a - b) <= tol
def find(items, key, value):
    for item in items:
        if item.get(key) == value:
            return item
    raise KeyError("%s=%r" % (key, value))
with open(sys.argv[1]) as f:
    d = json.load(f)
sys.exit(0 if eval(sys.argv[2]) else 1)
' "$tmp/out" "$expr" 2>"$tmp/pyerr"; then
            pass
        else
            fail "$name: $expr"
            sed -e 's/^/    python: /' "$tmp/pyerr" | tail -n 2 >&2
            show
        fi
    done
}

# ---- flow: the diamond of tests/test_flow.c ------------------------------
# Max total 12: d1 8, d2 4 (p4 full); flows p1 6, p2 5, p3 1, p4 4, p5 6,
# p6 3, p7 0; s1 injects 6 (spare 4); the cut is p4 (b -> d2, 4) and the
# demand of d1 (8).

run flow "$diamond" --json
expect_status "flow diamond --json" 0
expect_json "flow diamond --json" \
    'd["analysis"] == "flow" and d["mode"] == "max"' \
    'd["unit"] == "bcm/y" and d["commodity"] == "gas" and d["year"] == 2023' \
    'near(d["max_total"], 12)' \
    'near(d["delivered_total"], 12)' \
    'near(d["demand_total"], 15) and near(d["supply_total"], 16)' \
    'near(find(d["consumers"], "node", "d1")["delivered"], 8)' \
    'near(find(d["consumers"], "node", "d2")["delivered"], 4)' \
    'near(find(d["consumers"], "node", "d2")["unmet"], 3)' \
    'near(find(d["suppliers"], "node", "s1")["spare"], 4)' \
    'near(find(d["assets"], "asset", "p1")["flow"], 6)' \
    'near(find(d["assets"], "asset", "p6")["flow"], 3)' \
    'len(d["cut"]) == 2' \
    'd["cut"][0]["kind"] == "segment" and d["cut"][0]["asset"] == "p4"' \
    'd["cut"][1]["kind"] == "demand" and d["cut"][1]["node"] == "d1"'

# --value-only: the maximum alone, the same 12.
run flow "$diamond" --value-only --json
expect_status "flow diamond --value-only --json" 0
expect_json "flow diamond --value-only --json" \
    'd["analysis"] == "flow" and d["unit"] == "bcm/y"' \
    'd["commodity"] == "gas" and d["year"] == 2023' \
    'near(d["max_total"], 12) and len(d) == 5'
run flow "$diamond" --value-only
expect_status "flow diamond --value-only" 0
expect_line "flow diamond --value-only" \
    '^maximum deliverable gas, 2023: 12 bcm/y$'
run flow "$diamond" --value-only --mode shared
expect_status "flow --value-only --mode" 2
run n1 "$diamond" --value-only
expect_status "n1 --value-only" 2

run flow "$diamond"
expect_status "flow diamond" 0
expect_has "flow diamond" out \
    "gas flow in 2023, mode max, in bcm/y" \
    "p4 at b -> d2 binds at 4 bcm/y" \
    "demand of d1 is fully served (8 bcm/y)" \
    "Binding (minimum cut"
expect_line "flow diamond: totals" '^ +max deliverable +12 bcm/y$'
expect_line "flow diamond: totals" '^ +demand +15 bcm/y$'
expect_line "flow diamond: consumer d2" '^ +d2 +GR +7 +4 +3 +57\.1$'
expect_line "flow diamond: supplier s1" '^ +s1 +AZ +10 +6 +4$'
# Every table has a line of units under its header.
if [ "$(grep -c -E '^ +bcm/y +bcm/y' "$tmp/out")" -eq 3 ]; then
    pass
else
    fail "flow diamond: expected 3 unit lines (consumers, suppliers, assets)"
    show
fi
# The assets table is sorted by utilisation, largest first; p7 (no flow)
# comes last.
sed -n '/^assets, by utilisation/,/^$/p' "$tmp/out" | sed -n '4,$p' |
    awk 'NF == 4 { print $1, $4 }' >"$tmp/assets"
if [ "$(wc -l <"$tmp/assets")" -eq 7 ] &&
    awk 'NR > 1 && $2 > last { bad = 1 } { last = $2 } END { exit bad }' \
        "$tmp/assets" &&
    [ "$(tail -n 1 "$tmp/assets")" = "p7 0.0" ] &&
    grep -x 'p3 16.7' "$tmp/assets" >/dev/null; then
    pass
else
    fail "flow diamond: assets table not 7 rows by utilisation descending"
    sed -e 's/^/    assets: /' "$tmp/assets" >&2
fi

# ---- flow: the shared pipe of tests/test_flow.c ---------------------------
# max: c1 6, c2 0, c3 1 (least cost); shared: c1 4, c2 2, c3 1 (max-min
# fair); both total 7. The cut: the trunk (6) and s3's supply (1).

run flow "$shared" --json
expect_status "flow shared pipe --json" 0
expect_json "flow shared pipe --json" \
    'near(d["max_total"], 7)' \
    'near(find(d["consumers"], "node", "c1")["delivered"], 6)' \
    'near(find(d["consumers"], "node", "c2")["delivered"], 0)' \
    'near(find(d["consumers"], "node", "c3")["delivered"], 1)'

run flow "$shared" --mode shared --json
expect_status "flow --mode shared --json" 0
expect_json "flow --mode shared --json" \
    'd["mode"] == "shared"' \
    'near(d["max_total"], 7) and near(d["delivered_total"], 7)' \
    'near(find(d["consumers"], "node", "c1")["delivered"], 4)' \
    'near(find(d["consumers"], "node", "c2")["delivered"], 2)' \
    'near(find(d["consumers"], "node", "c3")["delivered"], 1)' \
    'near(find(d["consumers"], "node", "c3")["fraction"], 0.25)'

run flow "$shared" --mode shared
expect_status "flow --mode shared" 0
expect_has "flow --mode shared" out \
    "mode shared" \
    "trunk at s -> j binds at 6 bcm/y" \
    "supply of s3 binds at 1 bcm/y"
expect_line "flow --mode shared: c2 served 2/3" '^ +c2 +GR +3 +2 +1 +66\.7$'

# ---- flow --commodity: the oil line of tests/data/small.json -------------
# o1 supplies 20 Mt/y; t1 wants 0.3 Mb/d = 0.3e6 x 365 / 7.5 bbl/t = 14.6
# Mt/y; oil1 carries 1.2 Mb/d = 58.4 Mt/y. Max 14.6, bound by t1's demand.

run flow "$small" --commodity oil --json
expect_status "flow --commodity oil" 0
expect_json "flow --commodity oil" \
    'd["commodity"] == "oil" and d["unit"] == "Mt/y"' \
    'near(d["max_total"], 14.6)' \
    'd["cut"] == [{"kind": "demand", "node": "t1", "capacity": d["cut"][0]["capacity"]}] and near(d["cut"][0]["capacity"], 14.6)'
run flow "$small" --commodity oil
expect_has "flow --commodity oil (human)" out "in Mt/y" \
    "demand of t1 is fully served (14.6 Mt/y)"

# ---- flow --observed: tests/data/small.json in 2023 (tests/test_flow.c) --
# b1 receives 10.26 and sends 5.6: imbalance 4.66, flagged; f1, j1 and m1
# balance within their supply and demand. grid1 has no observed flow.

run flow "$small" --observed --year 2023 --json
expect_status "flow --observed --json" 0
expect_json "flow --observed --json" \
    'd["analysis"] == "balance" and d["year"] == 2023' \
    'd["unobserved_assets"] == 1 and len(d["nodes"]) == 4' \
    'near(find(d["nodes"], "node", "b1")["inflow"], 10.26)' \
    'near(find(d["nodes"], "node", "b1")["outflow"], 5.6)' \
    'near(find(d["nodes"], "node", "b1")["imbalance"], 4.66)' \
    'near(find(d["nodes"], "node", "j1")["imbalance"], 0)'

run flow "$small" --observed --year 2023
expect_status "flow --observed" 0
expect_line "flow --observed: b1 flagged" '^ +b1 +TR .* 4\.66 !$'
expect_has "flow --observed" out "bcm/y" "1 node(s) where the observed"
if [ "$(grep -c ' !$' "$tmp/out")" -eq 1 ]; then
    pass
else
    fail "flow --observed: expected exactly one flagged node"
    show
fi

# ---- n1: the diamond of tests/test_n1.c ----------------------------------
# Ranked p1 (6), p4 (4), p5 (3), p6 (3), p3 (1), p2 (0), p7 (0); base 12.
# Standalone losses: p1 costs d1 2, p6 costs d1 3, p4 costs d2 4.

run n1 "$diamond" --json
expect_status "n1 diamond --json" 0
expect_json "n1 diamond --json" \
    'sorted(d) == ["n1"]' \
    'near(d["n1"]["base_total"], 12)' \
    'd["n1"]["entries"][0]["id"] == "p1" and d["n1"]["entries"][0]["kind"] == "asset"' \
    'near(d["n1"]["entries"][0]["loss"], 6) and near(d["n1"]["entries"][0]["total_after"], 6)' \
    '[e["id"] for e in d["n1"]["entries"]] == ["p1", "p4", "p5", "p6", "p3", "p2", "p7"]' \
    'near(d["n1"]["entries"][0]["consumer_loss"]["d1"], 2)' \
    'near(d["n1"]["entries"][1]["consumer_loss"]["d2"], 4)'

run n1 "$diamond"
expect_status "n1 diamond" 0
expect_has "n1 diamond" out "base total (max deliverable) 12 bcm/y" \
    "removing assets one at a time, in bcm/y"
expect_line "n1 diamond: rank 1" '^ +1 +asset +p1 +6 +6 +d1 2$'
expect_line "n1 diamond: rank 2" '^ +2 +asset +p4 +8 +4 +d2 4$'
expect_line "n1 diamond: rank 3, nobody loses alone" '^ +3 +asset +p5 +9 +3 +-$'
expect_line "n1 diamond: rank 7" '^ +7 +asset +p7 +12 +0 +-$'
expect_no "n1 diamond: not truncated" out "more; --json for all"

run n1 "$diamond" --top 2
expect_status "n1 --top 2" 0
expect_has "n1 --top 2" out "(5 more; --json for all)"
expect_line "n1 --top 2: rank 2" '^ +2 +asset +p4 '
expect_no "n1 --top 2: no rank 3" out " p5 "

# Nodes and countries: TR (b and d1) costs 12, node d1 8, node b 7.
run n1 "$diamond" --by nodes,countries --json
expect_status "n1 --by nodes,countries" 0
expect_json "n1 --by nodes,countries" \
    'd["n1"]["entries"][0]["id"] == "TR" and d["n1"]["entries"][0]["kind"] == "country"' \
    'near(d["n1"]["entries"][0]["loss"], 12)' \
    'd["n1"]["entries"][1]["id"] == "d1" and near(d["n1"]["entries"][1]["loss"], 8)' \
    'd["n1"]["entries"][2]["id"] == "b" and near(d["n1"]["entries"][2]["loss"], 7)' \
    'near(find(d["n1"]["entries"], "id", "GE")["loss"], 6)' \
    'all(e["kind"] != "asset" for e in d["n1"]["entries"])'
cp "$tmp/out" "$tmp/by-list"
run n1 "$diamond" --by nodes --by countries --json
expect_status "n1 --by nodes --by countries" 0
if cmp -s "$tmp/out" "$tmp/by-list"; then
    pass
else
    fail "n1: --by nodes --by countries differs from --by nodes,countries"
fi
run n1 "$diamond" --by nodes,countries --top 1
expect_line "n1 --by nodes,countries: rank 1" \
    '^ +1 +country +TR +0 +12 +d1 8, d2 4$'
expect_has "n1 --by nodes,countries" out \
    "removing nodes and countries one at a time"

# ---- n1 --country: the EU formula of tests/test_n1.c ---------------------
# TR in 2023: (60.2739726 + 10 + 5 + 27.3972603 - 43.8356164) / 200 x 100
# = 29.4178082 % (Dmax estimated: 100 mcm/d x 2); in 2024 the peak demand of
# 150 mcm/d applies: 39.2237443 %; a factor of 1.5 in 2023 gives the same.

run n1 "$eu" --country TR --json
expect_status "n1 --country TR --json" 0
expect_json "n1 --country TR --json" \
    'sorted(d) == ["eu_n1", "n1"]' \
    'd["eu_n1"]["country"] == "TR" and d["eu_n1"]["year"] == 2023' \
    'near(d["eu_n1"]["n1_percent"], 29.4178, 1e-4)' \
    'near(d["eu_n1"]["EPm"], 22000 / 365) and near(d["eu_n1"]["Im"], 16000 / 365)' \
    'd["eu_n1"]["Im_from"] == "a" and d["eu_n1"]["Dmax_estimated"] is True' \
    'near(d["eu_n1"]["Dmax"], 200)' \
    'd["n1"]["analysis"] == "n1"'

run n1 "$eu" --country TR --year 2024 --json
expect_status "n1 --country TR --year 2024" 0
expect_json "n1 --country TR --year 2024" \
    'near(d["eu_n1"]["n1_percent"], 39.2237, 1e-4)' \
    'd["eu_n1"]["Dmax_estimated"] is False and near(d["eu_n1"]["Dmax"], 150)'

run n1 "$eu" --country TR
expect_status "n1 --country TR" 0
expect_has "n1 --country TR" out \
    "EU N-1 for TR in 2023" "in mcm/d" \
    "(estimated: annual demand x 2)" \
    "N-1 = (EPm + Pm + Sm + LNGm - Im) / Dmax x 100 = 29.42 %"
expect_line "n1 --country TR: EPm" '^ +EPm .* 60\.27$'
expect_line "n1 --country TR: Pm" '^ +Pm .* 10\.00$'
expect_line "n1 --country TR: Sm" '^ +Sm .* 5\.00$'
expect_line "n1 --country TR: LNGm" '^ +LNGm .* 27\.40$'
expect_line "n1 --country TR: Im from a" '^ +Im .* 43\.84 +\(asset a\)$'
expect_line "n1 --country TR: Dmax" '^ +Dmax .* 200\.00 +\(estimated'

run n1 "$eu" --country TR --peak-factor 1.5
expect_status "n1 --peak-factor 1.5" 0
expect_has "n1 --peak-factor 1.5" out "(estimated: annual demand x 1.5)" \
    "= 39.22 %"

run n1 "$eu" --country TR --year 2024
expect_no "n1 --country TR --year 2024: Dmax given" out "estimated"
expect_has "n1 --country TR --year 2024" out "= 39.22 %"

run n1 "$eu" --country FR
expect_status "n1 --country FR (no node)" 2
expect_has "n1 --country FR (no node)" err "no node in country 'FR'"
run n1 "$eu" --country AZ
expect_status "n1 --country AZ (Dmax 0)" 2
expect_has "n1 --country AZ (Dmax 0)" err "Dmax"

# ---- timeline: tests/data/small.json, gas, 2016 to 2026 -------------------
# Worked by hand. The gas network: f1 -g1-> j1 -> b1 -> m1 (g1's capacity
# 0 before 2018, 7.41 from 2018, 16 from 2020; its b1 -> m1 segment 6 in
# every year); grid1 b1 -> j1 unbounded (a loop, adds nothing); new1 j1 ->
# m1 (0.73) active from 2025; prop1 proposed (never); old1 retired in 2010.
# f1 supplies nothing before 2018, 10 from 2018, 13.3225 from 2021; m1
# demands nothing before 2020, 5 from 2020, 8 from 2023, nothing from 2025
# (null).
#   2016-2019  no demand                            max 0
#   2020-2022  demand 5 < min(supply, 16, 6)        max 5, bound by m1
#   2023-2024  demand 8 > segment b1 -> m1 (6)      max 6, bound by g1
#   2025-2026  no demand                            max 0

run timeline flow "$small" --from 2016 --to 2026 --json
expect_status "timeline flow --json" 0
expect_json "timeline flow --json" \
    'isinstance(d, list) and len(d) == 11' \
    '[e["year"] for e in d] == list(range(2016, 2027))' \
    'all(e["analysis"] == "flow" for e in d)' \
    'all(near(a, b) for a, b in zip([e["max_total"] for e in d], [0, 0, 0, 0, 5, 5, 5, 6, 6, 0, 0]))' \
    'all(near(a, b) for a, b in zip([e["demand_total"] for e in d], [0, 0, 0, 0, 5, 5, 5, 8, 8, 0, 0]))' \
    '[c["asset"] for c in d[7]["cut"] if c["kind"] == "segment"] == ["g1"]' \
    '[c["node"] for c in d[4]["cut"]] == ["m1"]'

run timeline flow "$small" --from 2016 --to 2026
expect_status "timeline flow" 0
expect_has "timeline flow" out "gas flow timeline, 2016 to 2026, in bcm/y" \
    "binding assets"
if [ "$(grep -c -E '^ +20[0-9][0-9] ' "$tmp/out")" -eq 11 ]; then
    pass
else
    fail "timeline flow: expected 11 year rows"
    show
fi
expect_line "timeline flow: 2016" '^ +2016 +0 +0 +0 +0 +-$'
expect_line "timeline flow: 2020" '^ +2020 +5 +5 +5 +0 +-$'
expect_line "timeline flow: 2023" '^ +2023 +6 +6 +8 +2 +g1$'
expect_line "timeline flow: 2024" '^ +2024 +6 +6 +8 +2 +g1$'
expect_line "timeline flow: 2025" '^ +2025 +0 +0 +0 +0 +-$'

# N-1 of the same: g1 carries everything, so removing it costs the base.
run timeline n1 "$small" --from 2016 --to 2026 --json
expect_status "timeline n1 --json" 0
expect_json "timeline n1 --json" \
    'isinstance(d, list) and len(d) == 11' \
    'all(sorted(e) == ["n1"] for e in d)' \
    '[e["n1"]["year"] for e in d] == list(range(2016, 2027))' \
    'all(near(a, b) for a, b in zip([e["n1"]["base_total"] for e in d], [0, 0, 0, 0, 5, 5, 5, 6, 6, 0, 0]))' \
    'd[7]["n1"]["entries"][0]["id"] == "g1" and near(d[7]["n1"]["entries"][0]["loss"], 6)'

run timeline n1 "$small" --from 2016 --to 2026
expect_status "timeline n1" 0
expect_line "timeline n1: 2020" '^ +2020 +5 +g1 +5$'
expect_line "timeline n1: 2023" '^ +2023 +6 +g1 +6$'
expect_line "timeline n1: 2016, nothing to lose" '^ +2016 +0 +- +0$'

run timeline n1 "$eu" --from 2023 --to 2024 --country TR --json
expect_status "timeline n1 --country TR" 0
expect_json "timeline n1 --country TR" \
    'len(d) == 2' \
    'near(d[0]["eu_n1"]["n1_percent"], 29.4178, 1e-4)' \
    'near(d[1]["eu_n1"]["n1_percent"], 39.2237, 1e-4)'
run timeline n1 "$eu" --from 2023 --to 2024 --country TR
expect_line "timeline n1 --country TR: 2024" '^ +2024 +22 +a +16 +39\.22$'

# 200 years is the most.
run timeline flow "$small" --from 2000 --to 2199 --json
expect_status "timeline of 200 years" 0
expect_json "timeline of 200 years" 'len(d) == 200'

# ---- progress: only on a terminal -----------------------------------------

run timeline flow "$small" --from 2016 --to 2026
expect_empty "timeline: no progress when stderr is not a terminal" err
if need_tool script "progress on a terminal"; then
    script -qc "'$efn' timeline flow '$small' --from 2016 --to 2026 >/dev/null" \
        /dev/null >"$tmp/tty" 2>&1 </dev/null
    if grep -F "timeline 2026 (11 of 11)" "$tmp/tty" >/dev/null; then
        pass
    else
        fail "timeline: no progress on a terminal"
        sed -e 's/^/    tty: /' "$tmp/tty" | head -n 3 >&2
    fi
    script -qc "'$efn' timeline flow '$small' --from 2016 --to 2020 >/dev/null" \
        /dev/null >"$tmp/tty" 2>&1 </dev/null
    if grep -F "timeline" "$tmp/tty" >/dev/null; then
        fail "timeline: progress shown for a short run"
    else
        pass
    fi
fi

# ---- the bundled network ----------------------------------------------------

run flow --json
expect_status "flow on the bundled network" 0
expect_json "flow on the bundled network" \
    'd["analysis"] == "flow" and d["unit"] == "bcm/y" and d["max_total"] > 0'
run n1 --top 3
expect_status "n1 on the bundled network" 0
expect_has "n1 on the bundled network" out "base total"

# ---- usage and input errors: exit 2, nothing on stdout ---------------------

usage_error() {
    # usage_error NAME TEXT ARGS...: exit 2, TEXT on stderr, stdout empty.
    name=$1
    text=$2
    shift 2
    run "$@"
    expect_status "$name" 2
    expect_has "$name" err "$text"
    expect_empty "$name" out
}

usage_error "flow --mode bogus" "--mode expects max or shared" \
    flow "$diamond" --mode bogus
usage_error "flow --mode without a value" "--mode needs a value" \
    flow "$diamond" --mode
usage_error "n1 --by bogus" "--by expects assets, nodes or countries" \
    n1 "$diamond" --by bogus
usage_error "n1 --by with an empty item" "--by expects" \
    n1 "$diamond" --by assets,
usage_error "n1 --top 0" "--top expects a positive whole number" \
    n1 "$diamond" --top 0
usage_error "n1 --top x" "--top expects a positive whole number" \
    n1 "$diamond" --top x
usage_error "n1 --peak-factor -1" "--peak-factor expects a positive number" \
    n1 "$eu" --country TR --peak-factor -1
usage_error "n1 --peak-factor without --country" "--peak-factor needs --country" \
    n1 "$eu" --peak-factor 2
usage_error "n1 --country with oil" "--country applies to gas only" \
    n1 "$eu" --country TR --commodity oil
usage_error "flow --by" "--by applies to n1 and export only" flow "$diamond" --by assets
usage_error "flow --top" "--top applies to n1 only" flow "$diamond" --top 3
usage_error "flow --country" "--country applies to n1 and owners only" \
    flow "$diamond" --country TR
usage_error "n1 --mode" "--mode applies to flow, trace, depend, owners, export and risk only" n1 "$diamond" --mode max
usage_error "n1 --observed" "--observed applies to flow, trace, depend and export only" \
    n1 "$diamond" --observed
usage_error "flow --observed --mode" "--mode does not apply to --observed" \
    flow "$small" --observed --mode shared
usage_error "info --from" "--from applies to timeline only" \
    info "$small" --from 2020
usage_error "flow --to" "--to applies to timeline only" \
    flow "$small" --to 2020
usage_error "timeline without an analysis" "timeline needs an analysis" \
    timeline
usage_error "timeline info" "timeline expects the analysis flow, n1 or depend" \
    timeline info "$small" --from 2020 --to 2021
usage_error "timeline without --from" "timeline needs --from Y and --to Y" \
    timeline flow "$small" --to 2021
usage_error "timeline without --to" "timeline needs --from Y and --to Y" \
    timeline flow "$small" --from 2021
usage_error "timeline --from > --to" "expected from <= to" \
    timeline flow "$small" --from 2022 --to 2021
usage_error "timeline of 201 years" "at most 200 years" \
    timeline flow "$small" --from 2000 --to 2200
usage_error "timeline --from abc" "--from expects a year" \
    timeline flow "$small" --from abc --to 2021
usage_error "timeline --year" "not --year" \
    timeline flow "$small" --year 2020 --from 2020 --to 2021
usage_error "timeline --observed" "--observed in a timeline applies to depend only" \
    timeline flow "$small" --observed --from 2020 --to 2021
usage_error "flow on a missing file" "cannot open" \
    flow "$tmp/no-such-file.json"
usage_error "timeline on a missing file" "cannot open" \
    timeline n1 "$tmp/no-such-file.json" --from 2020 --to 2021

run --help
expect_has "--help" out "flow" "n1" "timeline" "--mode" "--by" "--top" \
    "--country" "--peak-factor" "--from Y --to Y" "--observed"

# ---- summary ----------------------------------------------------------------

cli_finish
