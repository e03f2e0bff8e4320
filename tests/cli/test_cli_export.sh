#!/bin/sh
# efn export: every format from the command, checked by structure.
# Usage: test_cli_export.sh EFN REPO
efn="$1"
repo="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
py=/usr/bin/python3
diamond="$repo/tests/data/flow_diamond.json"
small="$repo/tests/data/small.json"

# GeoJSON of small.json: 2 located nodes (f1 has coordinates; nothing else
# does), so 1 Point and no LineString (no asset has two located nodes).
if "$efn" export "$small" --format geojson > "$tmp/s.geojson"; then ok; else bad "geojson exit"; fi
$py - "$tmp/s.geojson" <<'PY' && ok || bad "geojson structure"
import json, sys
g = json.load(open(sys.argv[1]))
assert g["type"] == "FeatureCollection"
pts = [f for f in g["features"] if f["geometry"]["type"] == "Point"]
assert len(pts) == 1, len(pts)
assert pts[0]["geometry"]["coordinates"] == [49.47, 40.18]   # lon, lat of f1
assert pts[0]["properties"]["id"] == "f1"
PY

# The bundled network with its gas flow: every LineString's ends are
# positions of its route.
if "$efn" export --format geojson --flow --year 2023 > "$tmp/c.geojson"; then ok; else bad "corridor geojson"; fi
$py - "$tmp/c.geojson" <<'PY' && ok || bad "corridor geojson structure"
import json, sys
g = json.load(open(sys.argv[1]))
lines = [f for f in g["features"] if f["geometry"]["type"] == "LineString"]
assert lines, "no lines"
for f in lines:
    c = f["geometry"]["coordinates"]
    assert len(c) >= 2
    assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in c)
tap = [f for f in lines if f["properties"]["id"] == "tap"][0]
assert abs(tap["properties"]["flow"] - 11.8) < 1e-6, tap["properties"]
PY

# GraphML of the diamond: 7 nodes and 7 gas edges, as efn's graph.
if "$efn" export "$diamond" --format graphml > "$tmp/d.graphml"; then ok; else bad "graphml exit"; fi
$py - "$tmp/d.graphml" <<'PY' && ok || bad "graphml structure"
import sys, xml.etree.ElementTree as ET
ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
root = ET.parse(sys.argv[1]).getroot()
g = root.find("g:graph", ns)
assert len(g.findall("g:node", ns)) == 7
assert len(g.findall("g:edge", ns)) == 7
PY

# DOT renders with Graphviz; the diamond has 7 edges.
if "$efn" export "$diamond" --format dot --flow --colour utilisation > "$tmp/d.dot"; then ok; else bad "dot exit"; fi
n=$(grep -c -- '->' "$tmp/d.dot")
[ "$n" -eq 7 ] && ok || bad "dot edges: $n"
if neato -n -Tsvg "$tmp/d.dot" > "$tmp/d.svg" 2>"$tmp/err" && grep -q "<svg" "$tmp/d.svg"; then ok; else bad "neato: $(cat "$tmp/err")"; fi

# CSV: the cut of the diamond (worked in tests/test_flow.c): p4 and d1.
"$efn" export "$diamond" --format csv --table flow --flow-table cut > "$tmp/cut.csv" && ok || bad "csv cut exit"
[ "$(sed -n 2p "$tmp/cut.csv")" = "segment,p4,0,b,d2,,bcm/y,4" ] && ok || bad "cut row 1: $(sed -n 2p "$tmp/cut.csv")"
[ "$(sed -n 3p "$tmp/cut.csv")" = "demand,,,,,d1,bcm/y,8" ] && ok || bad "cut row 2"
# N-1 rows: one per asset (7) plus the header.
"$efn" export "$diamond" --format csv --table n1 > "$tmp/n1.csv" && ok || bad "csv n1 exit"
[ "$(wc -l < "$tmp/n1.csv")" -eq 8 ] && ok || bad "n1 rows"
[ "$(sed -n 2p "$tmp/n1.csv" | cut -d, -f3,6)" = "p1,6" ] && ok || bad "n1 first row"
for t in nodes assets trace depend owners; do
    "$efn" export --format csv --table "$t" > "$tmp/$t.csv" && [ -s "$tmp/$t.csv" ] && ok || bad "csv $t"
done

# -o writes the file atomically; bad usage exits 2.
"$efn" export "$diamond" --format geojson -o "$tmp/out.geojson" && $py -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/out.geojson" && ok || bad "-o"
for args in "--format svg" "--format csv --table nope" "--format csv --table flow --flow-table nope" "--format dot --colour pink" "--format geojson --table n1"; do
    # shellcheck disable=SC2086
    "$efn" export "$diamond" $args > /dev/null 2>&1
    [ $? -eq 2 ] && ok || bad "exit 2 for: $args"
done

# efn risk: the same seed gives the same JSON with 1 and 2 workers.
"$efn" risk "$diamond" --samples 600 --seed 7 --workers 1 --json > "$tmp/r1.json" && ok || bad "risk 1 worker"
"$efn" risk "$diamond" --samples 600 --seed 7 --workers 2 --json > "$tmp/r2.json" && ok || bad "risk 2 workers"
cmp -s "$tmp/r1.json" "$tmp/r2.json" && ok || bad "risk differs with the worker count"
"$efn" risk "$diamond" --samples 600 > "$tmp/r.txt" && grep -q "P(short)" "$tmp/r.txt" && ok || bad "risk table"
for args in "--samples 0" "--samples x" "--seed -1" "--target-rse 2" "--workers 0"; do
    # shellcheck disable=SC2086
    "$efn" risk "$diamond" $args > /dev/null 2>&1
    [ $? -eq 2 ] && ok || bad "risk exit 2 for: $args"
done
"$efn" flow "$diamond" --samples 5 > /dev/null 2>&1
[ $? -eq 2 ] && ok || bad "--samples outside risk"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
