#!/bin/sh
# efn: energy-flow networks. GPL-3.0-or-later.
#
# Tests of the `efn` command: exit codes (0 ok, 1 analysis failed, 2 bad
# input or usage), messages, info --json, export and scenarios.
#
#     sh tests/cli/test_cli.sh PATH/TO/efn REPO_ROOT
#
# Every broken file listed in tests/bad/expected.tsv must make `efn validate`
# and `efn info` exit 2 with "FILE: PATH: ..." and the expected text. JSON
# output is checked with /usr/bin/python3 (standard library only). Prints
# "N passed, N failed" and exits 1 on any failure.

if [ $# -ne 2 ]; then
    echo "usage: sh test_cli.sh PATH/TO/efn REPO_ROOT" >&2
    exit 2
fi
efn=$1
root=$2
bad=$root/tests/bad
here=$root/tests/cli
valid=$here/valid.json
scenario=$here/scenario.json
base=$bad/scenarios/base.json
py=/usr/bin/python3

if [ ! -x "$efn" ]; then
    echo "test_cli.sh: $efn is not an executable" >&2
    exit 2
fi
if [ ! -f "$bad/expected.tsv" ] || [ ! -f "$valid" ]; then
    echo "test_cli.sh: $root does not look like the efn source tree" >&2
    exit 2
fi

. "$here/common.sh"
cli_setup efn-cli

# has FILE TEXT [TEXT2]: some line of FILE contains TEXT (and TEXT2).
has() {
    if [ $# -eq 2 ]; then
        grep -F -e "$2" "$1" >/dev/null 2>&1
    else
        grep -F -e "$2" "$1" 2>/dev/null | grep -F -e "$3" >/dev/null 2>&1
    fi
}

# expect_has WHAT out|err TEXT [TEXT2]
expect_has() {
    what=$1
    stream=$2
    shift 2
    if has "$tmp/$stream" "$@"; then
        pass
    else
        if [ $# -eq 2 ]; then
            fail "$what: no line of std$stream has \"$1\" and \"$2\""
        else
            fail "$what: std$stream lacks \"$1\""
        fi
        show
    fi
}

# py_check WHAT SCRIPT ARGS...: runs a python check; it exits 0 when good.
py_check() {
    what=$1
    script=$2
    shift 2
    need_tool "$py" "$what" || return
    if "$py" -c "$script" "$@" >"$tmp/py" 2>&1; then
        pass
    else
        fail "$what"
        sed -e 's/^/    /' "$tmp/py" | tail -n 8 >&2
    fi
}

# ---- the bad-input corpus ------------------------------------------------

n=0
: >"$tmp/json-list"
while IFS= read -r line || [ -n "$line" ]; do
    case $line in
    '' | '#'*) continue ;;
    esac
    file=$(printf '%s\n' "$line" | cut -f1)
    path=$(printf '%s\n' "$line" | cut -f2)
    sub=$(printf '%s\n' "$line" | cut -f3-)
    full=$bad/$file
    if [ -n "$path" ]; then
        prefix="$full: $path: "
    else
        prefix="$full: "
    fi
    case $file in
    scenarios/*)
        # A broken scenario applied to the valid base network.
        run info "$base" --scenario "$full"
        expect_status "info --scenario $file" 2
        expect_has "info --scenario $file" err "efn: $prefix" "$sub"
        run validate "$base" --scenario "$full"
        expect_status "validate --scenario $file" 2
        expect_has "validate --scenario $file" err "efn: $prefix" "$sub"
        ;;
    *)
        run validate "$full"
        expect_status "validate $file" 2
        expect_has "validate $file" out "$prefix" "$sub"
        run info "$full"
        expect_status "info $file" 2
        expect_has "info $file" err "efn: $prefix" "$sub"
        if [ -s "$tmp/out" ]; then
            fail "info $file: printed on stdout"
        else
            pass
        fi
        run export "$full" --format json
        expect_status "export $file" 2
        # validate --json: checked all at once below.
        n=$((n + 1))
        run validate --json "$full"
        expect_status "validate --json $file" 2
        cp "$tmp/out" "$tmp/v$n.json"
        printf '%s\t%s\t%s\n' "$tmp/v$n.json" "$file" "$path" \
            >>"$tmp/json-list"
        ;;
    esac
done <"$bad/expected.tsv"

# Each validate --json output: {"file", "problems": [{path, problem,
# message}], "valid": false}, with a problem at the expected path.
py_check "validate --json of the corpus" '
import json, sys
bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    out, file, path = line.rstrip("\n").split("\t")
    try:
        with open(out, "rb") as f:
            doc = json.loads(f.read().decode("utf-8", "replace"))
        assert doc["valid"] is False, "valid is not false"
        paths = [p["path"] for p in doc["problems"]]
        assert path in paths, "no problem at %r: %r" % (path, paths)
        for p in doc["problems"]:
            assert p["message"].endswith(p["problem"]), p
    except Exception as e:
        print("%s: %s" % (file, e))
        bad += 1
sys.exit(1 if bad else 0)
' "$tmp/json-list"

# ---- usage errors: exit 2 --------------------------------------------------

run
expect_status "no arguments" 2
expect_has "no arguments" err "usage: efn"
run frobnicate "$valid"
expect_status "unknown command" 2
expect_has "unknown command" err "unknown command 'frobnicate'"
run info --bogus "$valid"
expect_status "unknown option" 2
expect_has "unknown option" err "unknown option '--bogus'"
run info "$valid" --year abc
expect_status "--year abc" 2
expect_has "--year abc" err "--year expects a year" "'abc'"
run info "$valid" --year 2024x
expect_status "--year 2024x" 2
run info "$valid" --year 99999
expect_status "--year 99999" 2
run info "$valid" --commodity coal
expect_status "--commodity coal" 2
expect_has "--commodity coal" err "--commodity expects gas, oil or electricity" "'coal'"
run info "$valid" --year
expect_status "--year without a value" 2
expect_has "--year without a value" err "--year needs a value"
run info "$valid" --scenario
expect_status "--scenario without a value" 2
expect_has "--scenario without a value" err "--scenario needs a value"
run export "$valid" --format
expect_status "--format without a value" 2
run info "$valid" "$valid"
expect_status "two files" 2
expect_has "two files" err "unexpected argument"
run info "$tmp/no-such-file.json"
expect_status "missing file" 2
expect_has "missing file" err "$tmp/no-such-file.json: cannot open"
run validate "$tmp/no-such-file.json"
expect_status "validate a missing file" 2
expect_has "validate a missing file" err "cannot open"
run info "$valid" --scenario "$tmp/no-such-scenario.json"
expect_status "missing scenario" 2
expect_has "missing scenario" err "$tmp/no-such-scenario.json: cannot open"
run info "$valid" --scenario "$valid"
expect_status "a network given as a scenario" 2
expect_has "a network given as a scenario" err "$valid: kind: " "not a scenario"
run info "$scenario"
expect_status "a scenario given as a network" 2
expect_has "a scenario given as a network" err "$scenario: kind: " "not a network"
run export "$valid" --format svg
expect_status "export --format svg" 2
expect_has "export --format svg" err "unknown export format 'svg'"
if [ -s "$tmp/out" ]; then fail "export --format svg: printed on stdout"; else pass; fi
run --version
expect_status "--version" 0
expect_has "--version" out "efn "
run --help
expect_status "--help" 0
expect_has "--help" out "usage: efn"

# ---- a valid network ---------------------------------------------------------

run validate "$valid"
expect_status "validate valid.json" 0
expect_has "validate valid.json" out "$valid: valid"
run validate "$base"
expect_status "validate base.json" 0
run validate --json "$valid"
expect_status "validate --json valid.json" 0
cp "$tmp/out" "$tmp/validate.json"
py_check "validate --json valid.json" '
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["valid"] is True and doc["problems"] == [], doc
' "$tmp/validate.json"

run info "$valid"
expect_status "info valid.json" 0
expect_has "info valid.json" out "nodes:  5"
expect_has "info valid.json" out "assets: 4"

run info --json "$valid"
expect_status "info --json valid.json" 0
cp "$tmp/out" "$tmp/info.json"
# Capacities in canonical units: 1.2 Mb/d = 1.2 * 365 / 7.33 Mt/y; 1 GW for
# a year = 8.76 TWh/y.
py_check "info --json valid.json" '
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["title"] == "CLI test network", doc["title"]
assert doc["year"] == 2024, doc["year"]
assert doc["counts"] == {"nodes": 5, "assets": 4, "owners": 3}, doc["counts"]
c = doc["commodities"]
assert (c["gas"]["assets"], c["gas"]["active_assets"]) == (1, 1), c
assert (c["oil"]["assets"], c["oil"]["active_assets"]) == (2, 1), c
assert (c["electricity"]["assets"], c["electricity"]["active_assets"]) == (1, 0), c
assert c["gas"]["unit"] == "bcm/y" and c["oil"]["unit"] == "Mt/y", c
assert doc["years"] == [2018, 2020, 2022, 2024, 2025, 2026, 2027], doc["years"]
a = {x["id"]: x for x in doc["assets"]}
assert sorted(a) == ["gas1", "link", "oil1", "oil2"], sorted(a)
assert a["gas1"]["capacity"] == 16 and a["gas1"]["flow"] == 11, a["gas1"]
assert a["gas1"]["stakes"] == 3 and a["gas1"]["segments"] == 2, a["gas1"]
assert (a["gas1"]["from"], a["gas1"]["to"]) == ("field", "market"), a["gas1"]
assert abs(a["oil1"]["capacity"] - 1.2 * 365 / 7.33) < 1e-9, a["oil1"]
assert a["oil1"]["flow"] is None, a["oil1"]
assert a["oil2"]["active"] is False and a["oil2"]["status"] == "proposed"
assert abs(a["link"]["capacity"] - 8.76) < 1e-12 and a["link"]["active"] is False
o = {x["id"]: x for x in doc["owners"]}
assert o["co"]["owners"] == [{"owner": "st", "share": 100}], o["co"]
' "$tmp/info.json"

run info --json "$valid" --year 2027 --commodity gas
expect_status "info --json --year 2027 --commodity gas" 0
cp "$tmp/out" "$tmp/info2027.json"
py_check "info --json --year 2027 --commodity gas" '
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["year"] == 2027, doc["year"]
assert [x["id"] for x in doc["assets"]] == ["gas1"], doc["assets"]
assert doc["assets"][0]["capacity"] == 31, doc["assets"][0]
assert doc["commodities"]["electricity"]["active_assets"] == 1, doc["commodities"]
' "$tmp/info2027.json"

# ---- export ------------------------------------------------------------------

run export "$valid" --format json
expect_status "export --format json" 0
cp "$tmp/out" "$tmp/export.json"
run validate "$tmp/export.json"
expect_status "validate the export" 0
run export "$valid" -o "$tmp/export-o.json"
expect_status "export -o" 0
if [ -s "$tmp/out" ]; then fail "export -o: printed on stdout"; else pass; fi
run validate "$tmp/export-o.json"
expect_status "validate the export -o file" 0
# The same document, unknown keys included and in their order.
py_check "export equals the input" '
import json, sys
def load(p):
    with open(p, encoding="utf-8") as f:
        return json.load(f, object_pairs_hook=lambda pairs: pairs)
want = load(sys.argv[1])
for p in sys.argv[2:]:
    got = load(p)
    assert got == want, "%s differs from the input" % p
' "$valid" "$tmp/export.json" "$tmp/export-o.json"

# ---- scenarios ---------------------------------------------------------------

run validate "$valid" --scenario "$scenario"
expect_status "validate --scenario" 0
run info "$valid" --scenario "$scenario"
expect_status "info --scenario" 0
expect_has "info --scenario" out "year:   2030"
expect_has "info --scenario" out "nodes:  6"
run info --json "$valid" --scenario "$scenario"
expect_status "info --json --scenario" 0
cp "$tmp/out" "$tmp/info-scn.json"
# The scenario: year 2030; oil2 operating; gas1 40 bcm/y from 2030; oil1
# disabled; node hub and asset gas2 added.
py_check "info --json --scenario" '
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["year"] == 2030, doc["year"]
assert doc["counts"] == {"nodes": 6, "assets": 5, "owners": 3}, doc["counts"]
c = doc["commodities"]
assert (c["gas"]["assets"], c["gas"]["active_assets"]) == (2, 2), c
assert (c["oil"]["assets"], c["oil"]["active_assets"]) == (2, 1), c
assert c["electricity"]["active_assets"] == 1, c
a = {x["id"]: x for x in doc["assets"]}
assert a["gas1"]["capacity"] == 40, a["gas1"]
assert a["oil1"]["active"] is False and a["oil2"]["active"] is True, (a["oil1"], a["oil2"])
assert a["gas2"]["capacity"] == 5 and a["gas2"]["to"] == "hub", a["gas2"]
' "$tmp/info-scn.json"
run info --json "$valid" --scenario "$scenario" --year 2029
expect_status "info --json --scenario --year 2029" 0
cp "$tmp/out" "$tmp/info-scn-2029.json"
py_check "info --json --scenario --year 2029" '
import json, sys
doc = json.load(open(sys.argv[1]))
a = {x["id"]: x for x in doc["assets"]}
assert doc["year"] == 2029 and a["gas1"]["capacity"] == 31, a["gas1"]
' "$tmp/info-scn-2029.json"
run export "$valid" --scenario "$scenario"
expect_status "export --scenario" 0
cp "$tmp/out" "$tmp/export-scn.json"
run validate "$tmp/export-scn.json"
expect_status "validate the scenario export" 0
py_check "export --scenario" '
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["metadata"]["year"] == 2030, doc["metadata"]
assert doc["metadata"]["applied_scenarios"] == ["cli-test"], doc["metadata"]
assert doc["x_generator"]["tool"] == "by hand", "unknown key lost"
ids = [a["id"] for a in doc["assets"]]
assert ids == ["gas1", "oil1", "oil2", "link", "gas2"], ids
' "$tmp/export-scn.json"
# The base file is not touched by a scenario.
py_check "the input is unchanged" '
import json, sys
assert "applied_scenarios" not in json.load(open(sys.argv[1]))["metadata"]
' "$valid"

cli_finish
