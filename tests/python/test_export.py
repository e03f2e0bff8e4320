"""net.export(): the network and results as JSON, GeoJSON, GraphML, DOT and
CSV (include/efn/export.h, docs/exports.md)."""

import csv
import io
import json
import pathlib
import tempfile
import unittest
import xml.etree.ElementTree as ET

from support import CORRIDOR, DATA, efn, run_cli

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


class TestExport(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.net = efn.Network.load(CORRIDOR)
        cls.diamond = efn.Network.load(DATA / "flow_diamond.json")

    @classmethod
    def tearDownClass(cls):
        cls.net.close()
        cls.diamond.close()

    def test_json(self):
        self.assertEqual(self.net.export(), self.net.to_json())
        self.assertEqual(json.loads(self.net.export("json")),
                         self.net.to_dict())

    def test_geojson(self):
        gj = json.loads(self.net.export("geojson"))
        self.assertEqual(gj["type"], "FeatureCollection")
        kinds = {f["properties"]["feature"] for f in gj["features"]}
        self.assertEqual(kinds, {"node", "asset"})
        for f in gj["features"]:
            if f["properties"]["feature"] == "node":
                self.assertEqual(f["geometry"]["type"], "Point")
        with_flow = json.loads(self.net.export("geojson", flow=True))
        tanap = [f for f in with_flow["features"]
                 if f["properties"].get("id") == "tanap"][0]
        flow = self.net.flow()
        self.assertAlmostEqual(tanap["properties"]["flow"],
                               flow.asset_flow("tanap"), delta=1e-9)

    def test_graphml(self):
        root = ET.fromstring(self.diamond.export("graphml"))
        graph = root.find(GRAPHML + "graph")
        nodes = graph.findall(GRAPHML + "node")
        edges = graph.findall(GRAPHML + "edge")
        self.assertEqual([n.get("id") for n in nodes],
                         [n.id for n in self.diamond.nodes])
        self.assertEqual(len(edges), 7)
        ET.fromstring(self.net.export("graphml", commodity="oil", flow=True))

    def test_dot(self):
        dot = self.diamond.export("dot")
        self.assertTrue(dot.startswith("digraph"))
        self.assertIn("p4", dot)
        util = self.net.export("dot", flow=True, colour="utilisation",
                               commodities=["gas"], edge_labels=False,
                               inactive=True, size_in=6)
        self.assertTrue(util.startswith("digraph"))
        self.assertNotEqual(util, self.net.export("dot"))

    def test_csv_network_tables(self):
        nodes = rows(self.net.export("csv", table="nodes"))
        self.assertEqual([r["id"] for r in nodes],
                         [n.id for n in self.net.nodes])
        assets = rows(self.net.export("csv", table="assets", year=2023))
        tanap = [r for r in assets if r["id"] == "tanap"][0]
        self.assertEqual(float(tanap["capacity"]), 17.4)
        self.assertEqual(tanap["flow"], "")
        with_flow = rows(self.net.export("csv", table="assets", flow=True))
        tanap = [r for r in with_flow if r["id"] == "tanap"][0]
        self.assertNotEqual(tanap["flow"], "")

    def test_csv_flow_tables(self):
        flow = self.diamond.flow()
        consumers = rows(self.diamond.export("csv", table="flow"))
        self.assertEqual([r["node"] for r in consumers], ["d1", "d2"])
        for r in consumers:
            self.assertAlmostEqual(float(r["delivered"]),
                                   flow.delivered(r["node"]), delta=1e-9)
        cut = rows(self.diamond.export("csv", table="flow", flow_table="cut"))
        self.assertEqual([r["kind"] for r in cut], ["segment", "demand"])
        for t in ("suppliers", "segments", "assets"):
            self.assertTrue(rows(self.diamond.export("csv", table="flow",
                                                     flow_table=t)))
        with self.assertRaises(efn.ArgumentError):
            self.diamond.export("csv", table="flow", flow_table="pipes")

    def test_csv_results(self):
        n1 = rows(self.diamond.export("csv", table="n1"))
        self.assertEqual([r["id"] for r in n1],
                         ["p1", "p4", "p5", "p6", "p3", "p2", "p7"])
        self.assertEqual(float(n1[0]["loss_d1"]), 2)
        trace = rows(self.net.export("csv", table="trace", observed=True))
        tr = {r["origin_country"]: float(r["share"]) for r in trace
              if r["consumer"] == "turkiye" and float(r["share"]) > 0}
        expect = self.net.trace(observed=True).country_shares("turkiye")
        self.assertEqual(set(tr), set(expect))
        for k in tr:
            self.assertAlmostEqual(tr[k], expect[k], delta=1e-12)
        dep = rows(self.net.export("csv", table="dependency"))
        self.assertIn("supplier", {r["kind"] for r in dep})
        own = rows(self.net.export("csv", table="ownership"))
        tpao_tanap = [r for r in own if r["owner"] == "state_tr"
                      and r["asset"] == "tanap"][0]
        self.assertAlmostEqual(float(tpao_tanap["lookthrough_pct"]),
                               self.net.ownership().interest("state_tr",
                                                             "tanap"),
                               delta=1e-9)

    def test_write_to_a_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            for fmt, kw in (("geojson", {}), ("csv", {"table": "nodes"}),
                            ("json", {})):
                path = pathlib.Path(tmp) / ("out." + fmt)
                self.assertEqual(self.diamond.export(fmt, path, **kw), path)
                text = path.read_text(encoding="utf-8")
                expected = self.diamond.export(fmt, **kw)
                self.assertEqual(text.rstrip("\n"), expected.rstrip("\n"))
            with self.assertRaises(efn.FileError):
                self.diamond.export("geojson", "/nonexistent/dir/x.geojson")

    def test_arguments(self):
        with self.assertRaises(efn.ArgumentError):
            self.net.export("dot", table="nodes")
        with self.assertRaises(efn.ArgumentError):
            self.net.export("geojson", commodity="coal", flow=True)

    def test_arguments_csv_default_and_aliases(self):
        self.assertEqual(self.net.export("csv"),
                         self.net.export("csv", table="assets"))
        self.assertEqual(self.net.export("csv", table="depend"),
                         self.net.export("csv", table="dependency"))
        self.assertEqual(self.net.export("csv", table="owners"),
                         self.net.export("csv", table="ownership"))

    def test_equal_to_the_command(self):
        """The same text as `efn export` with the same options."""
        cases = (
            ([], {}),
            (["--format", "json"], {"format": "json"}),
            (["--format", "geojson"], {"format": "geojson"}),
            (["--format", "geojson", "--flow", "--year", 2020],
             {"format": "geojson", "flow": True, "year": 2020}),
            (["--format", "graphml"], {"format": "graphml"}),
            (["--format", "graphml", "--commodity", "oil", "--flow"],
             {"format": "graphml", "commodity": "oil", "flow": True}),
            (["--format", "dot"], {"format": "dot"}),
            (["--format", "dot", "--flow", "--colour", "utilisation"],
             {"format": "dot", "flow": True, "colour": "utilisation"}),
            (["--format", "dot", "--commodity", "oil"],
             {"format": "dot", "commodities": ["oil"]}),
            (["--format", "csv"], {"format": "csv"}),
            (["--format", "csv", "--table", "nodes"],
             {"format": "csv", "table": "nodes"}),
            (["--format", "csv", "--table", "assets", "--flow"],
             {"format": "csv", "table": "assets", "flow": True}),
            (["--format", "csv", "--table", "flow", "--flow-table", "cut"],
             {"format": "csv", "table": "flow", "flow_table": "cut"}),
            (["--format", "csv", "--table", "n1", "--by", "assets,countries"],
             {"format": "csv", "table": "n1",
              "by": ("assets", "countries")}),
            (["--format", "csv", "--table", "trace", "--observed"],
             {"format": "csv", "table": "trace", "observed": True}),
            (["--format", "csv", "--table", "depend"],
             {"format": "csv", "table": "depend"}),
            (["--format", "csv", "--table", "owners", "--year", 2020],
             {"format": "csv", "table": "owners", "year": 2020}),
        )
        rc, out, err = run_cli("export", CORRIDOR, "--format", "geojson")
        if rc != 0:
            self.fail("this efn command exports json only")
        for args, kw in cases:
            with self.subTest(args=args):
                rc, out, err = run_cli("export", CORRIDOR, *args)
                self.assertEqual(rc, 0, err)
                text = self.net.export(**kw)
                self.assertEqual(out, text if text.endswith("\n")
                                 else text + "\n")


if __name__ == "__main__":
    unittest.main()
