#!/usr/bin/python3
"""GasLib network and nomination (XML) to an efn network (JSON).

    /usr/bin/python3 tests/bench/gaslib2efn.py NET.xml SCN.xml OUT.json

GasLib (Schmidt et al., "GasLib - A Library of Gas Network Instances",
Data 2(4), article 40, 2017; https://gaslib.zib.de/) describes gas networks
for pressure-based optimisation. efn's N-1 benchmark needs only what bounds
the flow: every arc (pipe, short pipe, resistor, valve, control valve,
compressor station) becomes an asset of one segment whose capacity is the
larger of |flowMin| and flowMax, two-way when flowMin < 0 < flowMax, and
turned round when flowMax <= 0 (a few valves and a resistor carry flow
only against their arc); a positive flowMin (a lower bound) is not
modelled. Every
entry's nominated flow (the scenario's upper bound) becomes a supply and
every exit's a demand. Flows in GasLib are in 1000 m3/h; 1000 m3/h is
0.024 mcm/d. Pressures, heights, diameters and gas properties are not
used: the maximum deliverable here is a transport (capacity) bound, not a
physically feasible flow. Standard library only.
"""
import json
import sys
import xml.etree.ElementTree as ET

GAS = "{http://gaslib.zib.de/Gas}"
FW = "{http://gaslib.zib.de/Framework}"
ARCS = ("pipe", "shortPipe", "resistor", "valve", "controlValve",
        "compressorStation")
KIND = {"source": "border", "sink": "market", "innode": "junction"}
PER_1000M3H = 0.024  # mcm/d per 1000 m3/h


def value(elem, tag):
    """The value attribute of child `tag`, as a float, or None."""
    x = elem.find(GAS + tag)
    return None if x is None else float(x.get("value"))


def mcmd(v):
    return "%.6g mcm/d" % (v * PER_1000M3H)


def convert(net_path, scn_path):
    net = ET.parse(net_path).getroot()
    scn = ET.parse(scn_path).getroot()
    title = net.findtext(f"{FW}information/{FW}title") or "GasLib"
    nominated = {}
    scenario = scn.find(GAS + "scenario")
    for node in scenario.findall(GAS + "node"):
        upper = [float(f.get("value")) for f in node.findall(GAS + "flow")
                 if f.get("bound") in ("upper", "both")]
        if upper:
            nominated[node.get("id")] = (node.get("type"), upper[0])
    nodes = []
    for elem in net.find(FW + "nodes"):
        tag = elem.tag.replace(GAS, "")
        if tag not in KIND:
            raise SystemExit(f"gaslib2efn: unknown node element {tag}")
        n = {"id": elem.get("id"), "kind": KIND[tag], "country": "GASLIB",
             "gaslib_type": tag}
        kind, flow = nominated.get(elem.get("id"), (None, 0.0))
        if kind == "entry" and flow > 0:
            n["supply"] = {"gas": mcmd(flow)}
        elif kind == "exit" and flow > 0:
            n["demand"] = {"gas": mcmd(flow)}
        nodes.append(n)
    ids = {n["id"] for n in nodes}
    missing = [i for i in nominated if i not in ids]
    if missing:
        raise SystemExit(f"gaslib2efn: nominated nodes not in the network: "
                         f"{missing[:5]}")
    assets = []
    for elem in net.find(FW + "connections"):
        tag = elem.tag.replace(GAS, "")
        if tag not in ARCS:
            raise SystemExit(f"gaslib2efn: unknown arc element {tag}")
        lo, hi = value(elem, "flowMin"), value(elem, "flowMax")
        lo = 0.0 if lo is None else lo
        if hi is None or (hi <= 0 and lo >= 0):
            raise SystemExit(f"gaslib2efn: {elem.get('id')}: no flow "
                             f"either way")
        route = [elem.get("from"), elem.get("to")]
        if hi <= 0:  # only against the arc: [flowMin, flowMax] <= 0
            route.reverse()
        a = {"id": elem.get("id"), "commodity": "gas", "route": route,
             "capacity": mcmd(max(hi, -lo)), "gaslib_type": tag}
        if lo < 0 < hi:
            a["bidirectional"] = True
        length = value(elem, "length")
        if length is not None:
            a["length_km"] = length
        assets.append(a)
    return {
        "efn": 1, "kind": "network",
        "metadata": {
            "title": f"{title}, converted by tests/bench/gaslib2efn.py",
            "source": "GasLib (https://gaslib.zib.de/): Schmidt et al., "
                      "GasLib - A Library of Gas Network Instances, Data "
                      "2(4), 40, 2017; Pfetsch et al., Validation of "
                      "Nominations in Gas Network Optimization, ZIB-Report "
                      "12-41, 2012. Licensed CC BY 3.0.",
            "scenario": scenario.get("id"),
            "note": "capacities are the arcs' flowMax and supplies and "
                    "demands the scenario's nominated flows, converted "
                    "from 1000 m3/h (x 0.024 mcm/d); pressures are not "
                    "modelled",
            "year": 2017},
        "nodes": nodes, "assets": assets}


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    doc = convert(sys.argv[1], sys.argv[2])
    with open(sys.argv[3], "w") as out:
        json.dump(doc, out, indent=1)
        out.write("\n")
    print(f"gaslib2efn: {len(doc['nodes'])} nodes, {len(doc['assets'])} "
          f"assets -> {sys.argv[3]}")


if __name__ == "__main__":
    main()
