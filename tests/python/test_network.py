"""Networks: loading, saving, scenarios, nodes, assets, owners, info,
validation, units; checked against the files and the `efn` command."""

import json
import math
import os
import pathlib
import tempfile
import unittest

from support import CORRIDOR, DATA, ROOT, cli_json, efn, run_cli

DIAMOND = DATA / "flow_diamond.json"


def set_capacity(asset, value, name="cap"):
    return {"efn": 1, "kind": "scenario", "name": name,
            "changes": [{"op": "set", "target": "asset", "id": asset,
                         "key": "capacity", "value": value}]}


DISABLE_P4 = {"efn": 1, "kind": "scenario", "name": "cut p4",
              "changes": [{"op": "disable", "target": "asset", "id": "p4"}]}


class TestLoading(unittest.TestCase):

    def test_load(self):
        with efn.Network.load(DIAMOND) as net:
            self.assertEqual(net.source, str(DIAMOND))
            self.assertTrue(net.title.startswith("Two supplies"))
            self.assertEqual(net.year, 2023)
            self.assertEqual(len(net.nodes), 7)
            self.assertEqual(len(net.assets), 7)
            self.assertEqual(net.owners, [])
            self.assertIn("7 nodes", repr(net))

    def test_load_pathlike_and_str(self):
        with efn.Network.load(str(DIAMOND)) as a, \
                efn.Network.load(pathlib.Path(DIAMOND)) as b:
            self.assertEqual(a.to_dict(), b.to_dict())

    def test_from_json_text_dict_bytes(self):
        text = DIAMOND.read_text(encoding="utf-8")
        with efn.Network.from_json(text) as a, \
                efn.Network.from_json(json.loads(text), "d.json") as b, \
                efn.Network.from_json(text.encode("utf-8")) as c:
            self.assertEqual(a.source, "<buffer>")
            self.assertEqual(b.source, "d.json")
            self.assertEqual(a.to_dict(), b.to_dict())
            self.assertEqual(a.to_dict(), c.to_dict())
            self.assertEqual(a.flow().max_total, 12)

    def test_default(self):
        with efn.Network.default() as net:
            self.assertEqual(pathlib.Path(net.source).resolve(),
                             CORRIDOR.resolve())
            self.assertEqual(net.year, 2023)
            self.assertGreater(len(net.assets), 30)

    def test_default_from_env(self):
        with tempfile.TemporaryDirectory() as tmp:
            target = pathlib.Path(tmp) / "corridor.json"
            target.write_bytes(DIAMOND.read_bytes())
            old = os.environ.get("EFN_DATA_DIR")
            os.environ["EFN_DATA_DIR"] = tmp
            try:
                with efn.Network.default() as net:
                    self.assertEqual(net.source, str(target))
                    self.assertEqual(len(net.nodes), 7)
            finally:
                if old is None:
                    del os.environ["EFN_DATA_DIR"]
                else:
                    os.environ["EFN_DATA_DIR"] = old

    def test_save_round_trip_keeps_unknown_keys(self):
        with efn.Network.load(DIAMOND) as net, \
                tempfile.TemporaryDirectory() as tmp:
            out = pathlib.Path(tmp) / "copy.json"
            net.save(out)
            with efn.Network.load(out) as again:
                self.assertEqual(again.to_dict(), net.to_dict())
            saved = json.loads(out.read_text(encoding="utf-8"))
            self.assertEqual(saved["assets"][6]["note"],
                             "a dead end: never carries flow")
            self.assertEqual(saved, json.loads(DIAMOND.read_text()))

    def test_to_json(self):
        with efn.Network.load(DIAMOND) as net:
            pretty, compact = net.to_json(), net.to_json(pretty=False)
            self.assertIn("\n", pretty)
            self.assertNotIn("\n", compact)
            self.assertEqual(json.loads(pretty), json.loads(compact))
            self.assertEqual(net.to_dict(), json.loads(compact))

    def test_copy_is_independent(self):
        net = efn.Network.load(DIAMOND)
        dup = net.copy()
        net.close()
        self.assertEqual(dup.flow().max_total, 12)
        dup.close()


class TestModel(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.diamond = efn.Network.load(DIAMOND)
        cls.corridor = efn.Network.load(CORRIDOR)

    @classmethod
    def tearDownClass(cls):
        cls.diamond.close()
        cls.corridor.close()

    def test_nodes(self):
        d1 = self.diamond.node("d1")
        self.assertEqual((d1.id, d1.name, d1.kind, d1.country),
                         ("d1", "d1", "market", "TR"))
        self.assertIsNone(d1.lat)
        self.assertIsNone(d1.lon)
        self.assertTrue(d1.enabled)
        self.assertEqual(d1.demand(), 8)
        self.assertIsNone(d1.supply())
        self.assertEqual(self.diamond.node("s1").supply("gas", 2023), 10)
        self.assertEqual([n.id for n in self.diamond.nodes],
                         ["s1", "s2", "a", "b", "d1", "d2", "x"])
        self.assertEqual(d1, self.diamond.nodes[4])
        self.assertEqual(d1.to_dict()["kind"], "market")

    def test_node_coordinates(self):
        sangachal = self.corridor.node("sangachal")
        self.assertAlmostEqual(sangachal.lat, 40.18, places=6)
        self.assertAlmostEqual(sangachal.lon, 49.47, places=6)
        self.assertEqual(sangachal.country, "AZ")
        self.assertEqual(self.corridor.node("turkiye").demand("gas", 2023),
                         50.2)

    def test_assets(self):
        p1 = self.diamond.asset("p1")
        self.assertEqual(p1.route, ["s1", "a"])
        self.assertEqual((p1.commodity, p1.status, p1.length_km),
                         ("gas", "operating", 100))
        self.assertEqual(p1.capacity(), 9)
        self.assertIsNone(p1.flow())
        self.assertIsNone(p1.start_year)
        self.assertFalse(p1.bidirectional)
        self.assertTrue(p1.is_active(2023))
        self.assertEqual(p1.unit, "bcm/y")
        self.assertEqual(p1.segment_count, 1)

    def test_corridor_assets(self):
        tanap = self.corridor.asset("tanap")
        self.assertEqual(tanap.route[0], "turkgozu")
        self.assertEqual(tanap.route[-1], "ipsala_kipoi")
        self.assertEqual(tanap.capacity(2023), 17.4)
        self.assertEqual(tanap.flow(2023), 17.4)
        self.assertEqual(tanap.stakes(2023),
                         [efn.Stake("sgc", 51), efn.Stake("botas", 30),
                          efn.Stake("bp", 12),
                          efn.Stake("socar_turkiye_enerji", 7)])
        self.assertTrue(math.isinf(
            self.corridor.asset("shah_deniz_export").capacity(2023)))
        btc = self.corridor.asset("btc")
        self.assertEqual(btc.commodity, "oil")
        self.assertEqual(btc.unit, "Mt/y")
        self.assertIn(efn.Stake("tpao", 6.53), btc.stakes(2023))
        self.assertFalse(self.corridor.asset("trans_caspian").is_active(2023))
        self.assertEqual(self.corridor.asset("trans_caspian").status,
                         "proposed")

    def test_owners(self):
        tpao = self.corridor.owner("tpao")
        self.assertEqual((tpao.kind, tpao.country), ("company", "TR"))
        self.assertEqual(tpao.owners, [efn.Stake("state_tr", 100)])
        self.assertEqual(tpao.to_dict()["owners"],
                         [{"owner": "state_tr", "share": 100}])
        ids = [o.id for o in self.corridor.owners]
        self.assertIn("state_tr", ids)
        self.assertEqual(len(ids), len(set(ids)))

    def test_years_and_conventions(self):
        years = self.corridor.years
        self.assertEqual(years, sorted(set(years)))
        self.assertIn(2023, years)
        conv = self.corridor.conventions
        self.assertEqual(set(conv), {"gas_twh_per_bcm", "oil_bbl_per_tonne"})

    def test_info_equals_the_command(self):
        for args, kw in (((), {}),
                         (("--year", 2020), {"year": 2020}),
                         (("--commodity", "oil"), {"commodity": "oil"})):
            with self.subTest(args=args):
                self.assertEqual(self.corridor.info(**kw),
                                 cli_json("info", CORRIDOR, *args))


class TestScenarios(unittest.TestCase):

    def setUp(self):
        self.net = efn.Network.load(DIAMOND)

    def tearDown(self):
        self.net.close()

    def test_dict_scenario(self):
        with self.net.with_scenario(DISABLE_P4) as cut:
            self.assertEqual(cut.flow().max_total, 8)
            self.assertEqual(cut.flow().delivered("d2"), 0)
            self.assertFalse(cut.asset("p4").enabled)
        self.assertEqual(self.net.flow().max_total, 12)  # base unchanged
        self.assertTrue(self.net.asset("p4").enabled)

    def test_applied_in_order(self):
        a, b = set_capacity("p4", 2, "a"), set_capacity("p4", 6, "b")
        with self.net.with_scenario(a, b) as ab, \
                self.net.with_scenario(b, a) as ba:
            self.assertEqual(ab.asset("p4").capacity(), 6)
            self.assertAlmostEqual(ab.flow().max_total, 14, places=9)
            self.assertEqual(ba.asset("p4").capacity(), 2)
            self.assertAlmostEqual(ba.flow().max_total, 10, places=9)
        # One after the other is the same as both at once.
        with self.net.with_scenario(a) as step, \
                step.with_scenario(b) as two:
            self.assertEqual(two.asset("p4").capacity(), 6)
        with self.net.with_scenario([a, b]) as listed:
            self.assertEqual(listed.asset("p4").capacity(), 6)

    def test_text_path_and_object(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp) / "cut.json"
            path.write_text(json.dumps(DISABLE_P4))
            with efn.Scenario.load(path) as scn:
                self.assertEqual(scn.name, "cut p4")
                self.assertEqual(scn.change_count, 1)
                self.assertIsNone(scn.year)
                self.assertEqual(scn.description, "")
                for source in (json.dumps(DISABLE_P4), path, str(path), scn):
                    with self.net.with_scenario(source) as cut:
                        self.assertEqual(cut.flow().max_total, 8)
                self.assertFalse(scn.closed)  # the caller's, still open

    def test_no_scenario_is_a_copy(self):
        with self.net.with_scenario() as same:
            self.assertEqual(same.to_dict(), self.net.to_dict())

    def test_scenario_year(self):
        scn = dict(set_capacity("p4", 6), year=2030)
        with efn.Scenario.from_json(scn) as s:
            self.assertEqual(s.year, 2030)
        with self.net.with_scenario(scn) as later:
            self.assertEqual(later.year, 2030)

    def test_equals_the_command(self):
        scenario = ROOT / "tests" / "cli" / "scenario.json"
        valid = ROOT / "tests" / "cli" / "valid.json"
        if not (scenario.exists() and valid.exists()):
            self.fail("no CLI fixtures")
        with efn.Network.load(valid) as base, \
                base.with_scenario(scenario) as net:
            self.assertEqual(net.flow().to_dict(),
                             cli_json("flow", valid, "--scenario", scenario))
            rc, out, err = run_cli("export", valid, "--scenario", scenario)
            self.assertEqual(rc, 0, err)
            self.assertEqual(json.loads(out), net.to_dict())


class TestValidate(unittest.TestCase):

    def test_valid(self):
        self.assertEqual(efn.validate(CORRIDOR), [])
        self.assertEqual(efn.validate(DIAMOND.read_text()), [])

    def test_equals_the_command(self):
        bad = sorted((ROOT / "tests" / "bad").glob("*.json"))[:25]
        if not bad:
            self.fail("no bad-input corpus")
        for path in bad:
            with self.subTest(path=path.name):
                rc, out, err = run_cli("validate", path, "--json")
                expected = json.loads(out)["problems"]
                got = efn.validate(path)
                self.assertEqual(
                    [{"file": str(path), "path": d.path,
                      "problem": d.problem, "message": d.message}
                     for d in got], expected)


class TestUnits(unittest.TestCase):

    def test_convert(self):
        self.assertAlmostEqual(efn.convert(16, "bcm/y", "mcm/d"),
                               16000 / 365, places=9)
        self.assertAlmostEqual(efn.convert(1.2, "Mb/d", "Mt/y", "oil"),
                               1.2e6 * 365 / 7.33 / 1e6, places=9)
        self.assertAlmostEqual(
            efn.convert(1.2, "Mb/d", "Mt/y", "oil",
                        {"oil_bbl_per_tonne": 7.0}),
            1.2e6 * 365 / 7.0 / 1e6, places=9)

    def test_parse_quantity(self):
        self.assertAlmostEqual(efn.parse_quantity("16 bcm/y"), 16)
        self.assertAlmostEqual(efn.parse_quantity("1.2 Mb/d", "oil"),
                               1.2e6 * 365 / 7.33 / 1e6, places=9)
        self.assertEqual(efn.parse_quantity("5", "electricity"), 5)
        with self.assertRaises(efn.InvalidInput):
            efn.parse_quantity("-3 bcm/y")

    def test_units_and_conventions(self):
        self.assertEqual([efn.commodity_unit(c) for c in efn.COMMODITIES],
                         ["bcm/y", "Mt/y", "TWh/y"])
        self.assertEqual(efn.unit_factor("bcm/y"), 1)
        defaults = efn.default_conventions()
        self.assertEqual(defaults["oil_bbl_per_tonne"], 7.33)
        with efn.Network.load(DIAMOND) as net:
            self.assertEqual(net.conventions, defaults)
            self.assertAlmostEqual(efn.unit_factor("TWh/y", "gas", net),
                                   1 / defaults["gas_twh_per_bcm"])
        with self.assertRaises(efn.ArgumentError):
            efn.convert(1, "bcm/y", "mcm/d", conventions={"colour": 1})


if __name__ == "__main__":
    unittest.main()
