#!/usr/bin/env python3
"""The flagship report with the Python API: the 2023 East-West gas corridor.

The same questions as examples/east_west_corridor.c, after the paper
(Shaffer, "Türkiye's Energy Engagement in Central Asia and the Caucasus",
Silk Road Paper, June 2024). Gas from Shah Deniz goes through SCP, TANAP
and TAP. Where do Türkiye's, Georgia's and Europe's gas come from, and
through which countries? How concentrated are their supplies (HHI)? How much
of SCP, TANAP, TAP and BTC does Türkiye hold through TPAO and BOTAŞ, in
capacity and in 2023 flow?

The gas is traced along the OBSERVED 2023 flows (proportional sharing,
net.dependency(observed=True)), because the question is where the gas did
go, not where an optimum would send it. Ownership is looked through the
chains TPAO -> Türkiye and BOTAŞ -> Türkiye (net.ownership(2023)).

Worked by hand from examples/data/corridor.json (gas in bcm/y; the
derivations are at the top of examples/east_west_corridor.c):
  Azerbaijani gas: Türkiye 5.6 + 3.9 = 9.5, Europe 10 + 0.48 + 1.32 = 11.8,
  Georgia 2.5.
  Türkiye took 50.527: RU 20.55, AZ 9.5, IR 5.4, LNG 14.27 by the origin
  of its cargoes (DZ 5.99, US 4.0, EG 1.32, unstated "ZZ" 2.96) and TR
  (domestic output) 0.807; HHI 10^4 x 604.747849 / 2552.977729 = 2368.79;
  9.5 / 50.527 crossed Georgia.
  Georgia: 2.5, all Azerbaijani, HHI 10,000.
  Europe (Italy, Greece, Bulgaria, TurkStream's onward flow): 25.4, AZ 11.8
  and RU 13.6, HHI 10^4 x 324.2 / 645.16 = 5025.11; all of it crossed
  Türkiye, 11.8 Georgia, 11.32 Greece, 10 Albania.
  Türkiye's look-through stakes: SCP 19% (TPAO), TANAP 30% (BOTAŞ), TAP 0,
  BTC 6.53% (TPAO). Capacity and 2023 flow held: SCP 4.446 and 4.522,
  TANAP 5.22 and 5.22, BTC 3.901965 and 1.973366 Mt/y; the gas lines
  together 9.666 of 52.6 bcm/y of capacity and 9.742 of 53.0 of flow.

Run from the source tree (the package and the library are found there):
    PYTHONPATH=bindings/python python3 examples/python/flagship.py
Options: --check compares the key figures with the hand-worked values (exit
status 1 when one differs); --json prints the figures as JSON instead of
the report; a path argument replaces the bundled network.
"""

import argparse
import json
import math
import os
import sys

try:
    import efn
except ImportError:  # run from the source tree without PYTHONPATH
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(
        __file__)), os.pardir, os.pardir, "bindings", "python"))
    import efn

YEAR = 2023
EUROPE = ("italy", "greece", "bulgaria", "europe_via_turkstream")
COUNTRY_NAMES = {
    "AL": "Albania", "AZ": "Azerbaijan", "BG": "Bulgaria", "CN": "China",
    "DZ": "Algeria", "EG": "Egypt", "EU": "EU", "GE": "Georgia",
    "GR": "Greece", "IR": "Iran", "IT": "Italy", "KG": "Kyrgyzstan",
    "KZ": "Kazakhstan", "RU": "Russia", "TJ": "Tajikistan",
    "TM": "Turkmenistan", "TR": "Türkiye", "US": "United States",
    "UZ": "Uzbekistan", "ZZ": "unstated (LNG)"}
SOURCE_LABELS = {"shah_deniz": "Shah Deniz", "sakarya": "domestic",
                 "lng_algeria": "LNG (DZ)", "lng_us": "LNG (US)",
                 "lng_egypt": "LNG (EG)", "lng_other_origin": "LNG (other)",
                 "tabriz": "Iran", "izobilny": "Blue Stream",
                 "russkaya": "TurkStream"}
# The LNG origin nodes: the countries its cargoes came from [S45].
LNG_ORIGINS = ("lng_algeria", "lng_us", "lng_egypt", "lng_other_origin")
# line, label, Turkish holder, its name, the paper's stake in percent
STAKES = (("scp", "SCP (+SCPX)", "tpao", "TPAO", 19.0),
          ("tanap", "TANAP", "botas", "BOTAŞ", 30.0),
          ("tap", "TAP", None, None, None),
          ("btc", "BTC, Mt/y", "tpao", "TPAO", 6.53))


def name(cc):
    return COUNTRY_NAMES.get(cc, cc)


def wrap(items, indent):
    """Items joined by ", " and wrapped at 78 columns."""
    lines, line = [], ""
    for i, item in enumerate(items):
        piece = item + ("," if i + 1 < len(items) else "")
        if line and indent + len(line) + 1 + len(piece) > 78:
            lines.append(line)
            line = piece
        else:
            line = (line + " " + piece) if line else piece
    lines.append(line)
    return ("\n" + " " * indent).join(lines) if items else "none"


def countries(items):
    return [f"{name(x.country)} {100 * x.share:.1f}% ({x.volume:.3f})"
            for x in items]


def supplier_volume(dep, node, cc):
    """The volume of `node`'s gas from country `cc` (0 when none)."""
    for x in dep.consumer(node).suppliers:
        if x.country == cc:
            return x.volume
    return 0.0


def transit_volume(dep, node, cc):
    for x in dep.consumer(node).transit:
        if x.country == cc:
            return x.volume
    return 0.0


def corridor_rows(net):
    """The corridor's observed flows: (line, section, flow, capacity)."""
    def seg(asset, s):
        a = net.asset(asset)
        return a.flow(YEAR, segment=s) or 0.0, a.capacity(YEAR, segment=s)

    rows = [("SCP", "Sangachal -> Tbilisi", *seg("scp", 0)),
            ("", "Tbilisi -> Georgia (offtake)",
             seg("scp_georgia_offtake", 0)[0], None),
            ("", "Tbilisi -> Türkgözü", *seg("scp", 1)),
            ("BOTAŞ", "Türkgözü -> Erzurum -> Türkiye",
             seg("botas_turkgozu_erzurum", 0)[0], None),
            ("TANAP", "Türkgözü -> Eskişehir", *seg("tanap", 0)),
            ("", "Eskişehir -> Türkiye (offtake)",
             seg("tanap_eskisehir_offtake", 0)[0], None),
            ("", "Eskişehir -> İpsala/Kipoi", *seg("tanap", 1)),
            ("TAP", "Kipoi -> Komotini", *seg("tap", 0)),
            ("", "Komotini -> Greece (DESFA)",
             seg("desfa_komotini_greece", 0)[0], None),
            ("IGB", "Komotini -> Bulgaria", *seg("igb", 0)),
            ("TAP", "Komotini -> Albania -> Italy", *seg("tap", 2))]
    return rows


def report(net):
    """Runs the analyses; returns (figures, text lines)."""
    out = []
    p = out.append
    dep = net.dependency("gas", YEAR, observed=True)
    trace = net.trace("gas", YEAR, observed=True)
    own = net.ownership(YEAR)
    f = {}

    p(f"The East-West gas corridor in {YEAR}: Shah Deniz -> SCP -> TANAP "
      "-> TAP")
    p(f"Network: {net.title}")
    p(f"Gas in bcm/y, oil in Mt/y. Observed {YEAR} flows, traced by "
      "proportional sharing.")
    p("")

    # 1. The corridor's observed flows.
    p(f"1. The corridor's observed {YEAR} flows")
    p("  line   section                              flow  capacity   use")
    rows = corridor_rows(net)
    for line, section, flow, cap in rows:
        if cap is not None and math.isfinite(cap):
            p(f"  {line:<7}{section:<34}{flow:7.2f}  {cap:8.2f}  "
              f"{100 * flow / cap:4.0f}%")
        else:
            p(f"  {line:<7}{section:<34}{flow:7.2f}  {'-':>8}")
    scp = net.asset("scp")
    p(f"  SCP's {scp.flow(YEAR, segment=0):.1f} is the minister's three "
      "destinations added up; it is above the")
    p(f"  {scp.capacity(YEAR, segment=0):.1f} nameplate, and SCP's own "
      "reporting implies about 21.9.")
    p("")

    # 2. Azerbaijani gas by destination.
    az_tr = supplier_volume(dep, "turkiye", "AZ")
    az_ge = supplier_volume(dep, "georgia", "AZ")
    az_eu = sum(supplier_volume(dep, n, "AZ") for n in EUROPE[:3])
    f.update(az_to_turkiye=az_tr, az_to_europe=az_eu, az_to_georgia=az_ge)
    p(f"2. Azerbaijani gas delivered in {YEAR} (traced)     model  published")
    p(f"  to Türkiye                                 {az_tr:7.2f}  "
      f"{9.5:7.2f}  paper")
    p(f"  to Europe (Italy, Greece, Bulgaria)        {az_eu:7.2f}  "
      f"{11.8:7.2f}  paper")
    p(f"  to Georgia                                 {az_ge:7.2f}  "
      f"{2.5:7.2f}  the minister [S20]")
    p(f"  in all                                     "
      f"{az_tr + az_eu + az_ge:7.2f}  {23.8:7.2f}")
    p(f"  TANAP carried {net.asset('tanap').flow(YEAR, segment=0):.1f}, so "
      "the paper's \"over 16 BCM\" holds; its offtake in")
    p(f"  Türkiye, {net.asset('tanap_eskisehir_offtake').flow(YEAR):.1f} "
      "(EPDK: 5.9), does not bear out \"over 6 BCM\". Türkiye's regulator")
    p("  EPDK records 10.26 bcm imported from Azerbaijan against the "
      "minister's 9.5.")
    p("")

    # 3. Where each market's gas came from, and through which countries.
    p(f"3. Where the gas came from and which countries it crossed ({YEAR})")
    markets = (("turkiye", "Türkiye"), ("georgia", "Georgia"),
               ("italy", "Italy (TAP)"), ("greece", "Greece (TAP)"),
               ("bulgaria", "Bulgaria (IGB)"),
               ("europe_via_turkstream", "Europe via TurkStream"))
    f["markets"] = {}
    for node, label in markets:
        c = dep.consumer(node)
        f["markets"][node] = {
            "volume": c.volume, "hhi": c.hhi_origin,
            "suppliers": {x.country: x.share for x in c.suppliers},
            "transit": {x.country: x.share for x in c.transit}}
        p(f"  {label:<22}{c.volume:7.3f} bcm/y   HHI {c.hhi_origin:6.0f}")
        p("      from:    " + wrap(countries(c.suppliers), 15))
        p("      through: " + wrap(countries(c.transit), 15))
        if node == "turkiye":
            text, col = "      by source:", 16
            for x in trace.consumer(node).by_origin:
                if x.volume <= 1e-9:
                    continue
                label = SOURCE_LABELS.get(x.origin, x.origin)
                if col > 16 and col + len(label) + 9 > 78:
                    text += "\n" + " " * 15
                    col = 15
                piece = f" {label} {x.volume:.3f}"
                text += piece
                col += len(piece)
            p(text)
            lng = sum(net.node(n).supply("gas", YEAR) or 0.0
                      for n in LNG_ORIGINS)
            domestic = net.node("sakarya").supply("gas", YEAR) or 0.0
            p(f"      (LNG is traced to the countries its cargoes came from, "
              f"{lng:.2f} bcm in all;")
            p(f'       "TR" is domestic output, {domestic:.3f}; "ZZ" is LNG of '
              "unstated origin)")

    # Europe taken together: volumes by country summed, then the HHI.
    eu_by = {}
    for node in EUROPE:
        for x in dep.consumer(node).suppliers:
            eu_by[x.country] = eu_by.get(x.country, 0.0) + x.volume
    eu_total = sum(eu_by.values())
    eu_hhi = 1e4 * sum(v * v for v in eu_by.values()) / eu_total ** 2
    eu_transit = {cc: sum(transit_volume(dep, n, cc) for n in EUROPE)
                  / eu_total for cc in ("TR", "GE", "GR", "AL")}
    f["europe"] = {"volume": eu_total, "hhi": eu_hhi,
                   "suppliers": {k: v / eu_total for k, v in eu_by.items()},
                   "transit": eu_transit}
    p(f"  {'Europe, the four above':<22}{eu_total:7.3f} bcm/y   "
      f"HHI {eu_hhi:6.0f}")
    p("      from:    " + ", ".join(
        f"{name(cc)} {100 * v / eu_total:.1f}% ({v:.3f})"
        for cc, v in sorted(eu_by.items(), key=lambda kv: -kv[1])))
    p("      through: " + ", ".join(
        f"{name(cc)} {100 * s:.1f}%" for cc, s in eu_transit.items()))
    p("  HHI: sum of squared supplier-country shares in %, 10,000 for a "
      "single country.")
    p(f"  Every bcm Europe took from this network in {YEAR} crossed "
      "Türkiye." if eu_transit["TR"] > 1 - 1e-9 else
      f"  {100 * eu_transit['TR']:.1f}% of Europe's gas from this network "
      f"in {YEAR} crossed Türkiye.")
    p("")

    # 4. Türkiye's stake, looked through TPAO and BOTAŞ to the state.
    p(f"4. Türkiye's stake in the corridor, {YEAR} (look-through: TPAO and "
      "BOTAŞ -> state)")
    p(f"{'':29}stake, %      capacity, bcm/y   {YEAR} flow, bcm/y")
    p("  line        held by       paper Türkiye      all  Türkiye      "
      "all  Türkiye")
    f["stakes"] = {}
    cap_all = cap_tr = flow_all = flow_tr = 0.0
    for asset, label, holder, holder_name, paper in STAKES:
        a = net.asset(asset)
        tr_pct = own.country_share("TR", asset)
        cap = a.capacity(YEAR)
        flow = a.flow(YEAR) or 0.0
        held = (f"{holder_name} {own.interest(holder, asset):.2f}%"
                if holder else "none")
        paper_text = f"{paper:5.2f}" if paper is not None else f"{'-':>5}"
        p(f"  {label:<12}{held:<13} {paper_text} {tr_pct:7.2f} {cap:8.3f} "
          f"{tr_pct / 100 * cap:8.3f} {flow:8.3f} {tr_pct / 100 * flow:8.3f}")
        f["stakes"][asset] = {
            "unit": a.unit, "turkiye_percent": tr_pct,
            "holder_percent": own.interest(holder, asset) if holder else 0.0,
            "capacity": cap, "flow": flow,
            "turkiye_capacity": tr_pct / 100 * cap,
            "turkiye_flow": tr_pct / 100 * flow}
        if a.commodity == "gas":
            cap_all += cap
            cap_tr += tr_pct / 100 * cap
            flow_all += flow
            flow_tr += tr_pct / 100 * flow
    f["gas_lines"] = {"capacity": cap_all, "turkiye_capacity": cap_tr,
                      "flow": flow_all, "turkiye_flow": flow_tr}
    p(f"  {'gas lines together':<39} {cap_all:8.3f} {cap_tr:8.3f} "
      f"{flow_all:8.3f} {flow_tr:8.3f}")
    p(f"  = Türkiye holds {100 * cap_tr / cap_all:.1f}% of the gas "
      f"corridor's capacity and {100 * flow_tr / flow_all:.1f}% of its "
      f"{YEAR} flow,")
    p("    stake-weighted (a sum along a chain counts the same gas once per "
      "line).")
    p("  SCPX is part of SCP Co's system, so TPAO's 19% of SCPX is its 19% "
      "of SCP.")
    p(f"  TANAP's capacity is its {YEAR} throughput (design 16 bcm/y); BTC's "
      f"{net.asset('btc').capacity(YEAR):.1f} Mt/y is")
    p(f"  1.2 Mb/d and its flow the Jan-Sep {YEAR} figure annualised.")
    return f, out


def checks(f):
    """(what, computed, worked out by hand)."""
    tr = f["markets"]["turkiye"]
    eu = f["europe"]
    st = f["stakes"]
    return [
        ("Azerbaijani gas to Türkiye", f["az_to_turkiye"], 5.6 + 3.9),
        ("Azerbaijani gas to Europe", f["az_to_europe"], 10 + 0.48 + 1.32),
        ("Azerbaijani gas to Georgia", f["az_to_georgia"], 2.5),
        ("Türkiye's traced volume", tr["volume"],
         11.95 + 8.6 + 14.27 + 0.807 + 9.5 + 5.4),
        ("Türkiye from Russia", tr["suppliers"]["RU"], 20.55 / 50.527),
        ("Türkiye from TR (domestic)", tr["suppliers"]["TR"],
         0.807 / 50.527),
        ("Türkiye from Azerbaijan", tr["suppliers"]["AZ"], 9.5 / 50.527),
        ("Türkiye from Iran", tr["suppliers"]["IR"], 5.4 / 50.527),
        ("Türkiye's HHI", tr["hhi"], 1e4 * 604.747849 / 2552.977729),
        *((f"Türkiye's LNG from {cc}", tr["suppliers"].get(cc, 0),
           bcm / 50.527)
          for cc, bcm in (("DZ", 5.99), ("US", 4.0), ("EG", 1.32),
                          ("ZZ", 2.96))),
        ("Türkiye through Georgia", tr["transit"]["GE"], 9.5 / 50.527),
        ("TurkStream Europe through Türkiye",
         f["markets"]["europe_via_turkstream"]["transit"].get("TR", 0), 1),
        ("Georgia's HHI", f["markets"]["georgia"]["hhi"], 10000),
        *((f"Italy through {name(cc)}",
           f["markets"]["italy"]["transit"].get(cc, 0), 1)
          for cc in ("GE", "TR", "GR", "AL")),
        ("Europe's volume", eu["volume"], 25.4),
        ("Europe's HHI", eu["hhi"], 1e4 * 324.2 / 645.16),
        ("Europe through Türkiye", eu["transit"]["TR"], 1),
        ("Europe through Georgia", eu["transit"]["GE"], 11.8 / 25.4),
        ("Europe through Greece", eu["transit"]["GR"], 11.32 / 25.4),
        ("Europe through Albania", eu["transit"]["AL"], 10 / 25.4),
        ("TPAO in SCP, %", st["scp"]["holder_percent"], 19),
        ("BOTAŞ in TANAP, %", st["tanap"]["holder_percent"], 30),
        ("TPAO in BTC, %", st["btc"]["holder_percent"], 6.53),
        ("Türkiye in SCP, %", st["scp"]["turkiye_percent"], 19),
        ("Türkiye in TANAP, %", st["tanap"]["turkiye_percent"], 30),
        ("Türkiye in TAP, %", st["tap"]["turkiye_percent"], 0),
        ("Türkiye in BTC, %", st["btc"]["turkiye_percent"], 6.53),
        ("Türkiye's SCP capacity", st["scp"]["turkiye_capacity"],
         0.19 * 23.4),
        ("Türkiye's SCP flow", st["scp"]["turkiye_flow"], 0.19 * 23.8),
        ("Türkiye's TANAP capacity", st["tanap"]["turkiye_capacity"],
         0.30 * 17.4),
        ("Türkiye's TANAP flow", st["tanap"]["turkiye_flow"], 0.30 * 17.4),
        ("Türkiye's BTC capacity, Mt/y", st["btc"]["turkiye_capacity"],
         0.0653 * 1.2 * 365 / 7.33),
        ("Türkiye's BTC flow, Mt/y", st["btc"]["turkiye_flow"],
         0.0653 * 30.22),
        ("Türkiye's gas capacity", f["gas_lines"]["turkiye_capacity"], 9.666),
        ("Türkiye's gas flow", f["gas_lines"]["turkiye_flow"], 9.742),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("network", nargs="?",
                        help="a network file (default: the bundled one)")
    parser.add_argument("--check", action="store_true",
                        help="compare the key figures with the hand-worked "
                             "values; exit 1 when one differs")
    parser.add_argument("--json", action="store_true",
                        help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        net = (efn.Network.load(args.network) if args.network
               else efn.Network.default())
        with net:
            figures, lines = report(net)
    except efn.Error as exc:
        print(f"flagship: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        print("\n".join(lines))
    if not args.check:
        return 0
    failed = 0
    results = checks(figures)
    for what, computed, hand in results:
        tol = 1e-6 * max(abs(hand), 1)
        if not abs(computed - hand) <= tol:
            failed += 1
            print(f"check failed: {what} = {computed:.10g}, worked out by "
                  f"hand {hand:.10g}", file=sys.stderr)
    if failed:
        print(f"check: {failed} of {len(results)} key figures differ from "
              "the hand-worked values", file=sys.stderr)
        return 1
    print(f"\ncheck: all {len(results)} key figures match the hand-worked "
          "values", file=sys.stderr if args.json else sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
