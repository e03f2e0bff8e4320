"""The analyses: values worked by hand (the small networks of tests/data,
as in tests/test_flow.c, test_n1.c, test_trace.c, test_ownership.c) and
results equal to the `efn` command's --json output on the bundled network.
"""

import json
import threading
import unittest

from support import CORRIDOR, DATA, cli_has, cli_json, efn


def load(name):
    return efn.Network.load(DATA / name)


class TestFlowByHand(unittest.TestCase):
    """tests/data/flow_diamond.json, worked in tests/test_flow.c."""

    @classmethod
    def setUpClass(cls):
        cls.net = load("flow_diamond.json")
        cls.flow = cls.net.flow()

    @classmethod
    def tearDownClass(cls):
        cls.net.close()

    def test_totals(self):
        f = self.flow
        self.assertEqual(f.analysis, "flow")
        self.assertEqual((f.commodity, f.unit, f.year, f.mode),
                         ("gas", "bcm/y", 2023, "max"))
        self.assertAlmostEqual(f.max_total, 12, delta=1e-9)
        self.assertAlmostEqual(f.delivered_total, 12, delta=1e-6)
        self.assertEqual(f.demand_total, 15)
        self.assertEqual(f.supply_total, 16)
        self.assertAlmostEqual(self.net.max_flow(), 12, delta=1e-9)

    def test_consumers(self):
        self.assertAlmostEqual(self.flow.delivered("d1"), 8, delta=1e-6)
        self.assertAlmostEqual(self.flow.delivered("d2"), 4, delta=1e-6)
        d2 = self.flow.consumer("d2")
        self.assertAlmostEqual(d2.unmet, 3, delta=1e-6)
        self.assertAlmostEqual(d2.fraction, 4 / 7, delta=1e-6)
        self.assertEqual(d2["country"], "GR")

    def test_assets(self):
        for asset, flow in (("p1", 6), ("p2", 5), ("p3", 1), ("p4", 4),
                            ("p5", 6), ("p6", 3)):
            self.assertAlmostEqual(self.flow.asset_flow(asset), flow,
                                   delta=1e-6, msg=asset)
        self.assertEqual(len(self.flow.assets), 7)
        self.assertAlmostEqual(self.flow.asset("p4").utilisation, 1,
                               delta=1e-6)
        self.assertEqual(self.flow.asset("p4").capacity, 4)
        self.assertAlmostEqual(self.flow.asset("p3").utilisation, 1 / 6,
                               delta=1e-6)

    def test_suppliers(self):
        s1 = self.flow.supplier("s1")
        self.assertAlmostEqual(s1.injected, 6, delta=1e-6)
        self.assertAlmostEqual(s1.spare, 4, delta=1e-6)
        self.assertEqual([s.node for s in self.flow.suppliers], ["s1", "s2"])

    def test_cut(self):
        cut = self.flow.cut
        self.assertEqual(len(cut), 2)
        self.assertEqual((cut[0].kind, cut[0].asset, cut[0]["from"],
                          cut[0].to, cut[0].capacity),
                         ("segment", "p4", "b", "d2", 4))
        self.assertEqual((cut[1].kind, cut[1].node, cut[1].capacity),
                         ("demand", "d1", 8))
        self.assertEqual(self.flow.binding_assets(), ["p4"])

    def test_result_is_plain_data(self):
        d = self.flow.to_dict()
        self.assertEqual(d["max_total"], 12)
        d["max_total"] = 0  # a copy
        self.assertEqual(self.flow.max_total, 12)
        self.assertEqual(json.loads(self.flow.to_json()), self.flow.to_dict())
        self.assertEqual(self.flow, self.flow.to_dict())
        self.assertIn("max_total", dir(self.flow))
        with self.assertRaises(AttributeError):
            self.flow.no_such_key
        with self.assertRaises(AttributeError):
            self.flow.max_total = 3

    def test_without_p4(self):
        scn = {"efn": 1, "kind": "scenario", "name": "x",
               "changes": [{"op": "disable", "target": "asset",
                            "id": "p4"}]}
        with self.net.with_scenario(scn) as cut:
            f = cut.flow()
            self.assertAlmostEqual(f.max_total, 8, delta=1e-9)
            self.assertAlmostEqual(f.delivered("d2"), 0, delta=1e-9)

    def test_shared_and_max(self):
        with load("flow_shared.json") as net:
            f = net.flow()
            self.assertAlmostEqual(f.max_total, 7, delta=1e-9)
            for node, v in (("c1", 6), ("c2", 0), ("c3", 1)):
                self.assertAlmostEqual(f.delivered(node), v, delta=1e-6)
            s = net.flow(mode="shared")
            self.assertEqual(s.mode, "shared")
            self.assertAlmostEqual(s.delivered_total, 7, delta=1e-6)
            for node, v in (("c1", 4), ("c2", 2), ("c3", 1)):
                self.assertAlmostEqual(s.delivered(node), v, delta=1e-6)
            self.assertAlmostEqual(s.consumer("c2").fraction, 2 / 3,
                                   delta=1e-6)
            self.assertAlmostEqual(s.consumer("c3").fraction, 0.25,
                                   delta=1e-6)

    def test_bidirectional(self):
        with load("flow_bidir.json") as net:
            f = net.flow()
            self.assertAlmostEqual(f.max_total, 4, delta=1e-9)
            # Assets report the largest |flow|; segments are signed.
            self.assertAlmostEqual(f.asset_flow("bi"), 3, delta=1e-6)
            bi = [x for x in f.segments if x.asset == "bi"][0]
            self.assertAlmostEqual(bi.flow, -3, delta=1e-6)
            self.assertAlmostEqual(f.asset_flow("u"), 1, delta=1e-6)
            self.assertEqual(len(f.segments), 2)
            self.assertEqual((f.cut[0]["from"], f.cut[0].to), ("x", "y"))

    def test_balance(self):
        with load("small.json") as net:
            b = net.balance("gas", 2023)
            self.assertEqual(len(b.nodes), 4)
            self.assertEqual(b.unobserved_assets, 1)
            self.assertAlmostEqual(b.node("b1").inflow, 10.26, delta=1e-9)
            self.assertAlmostEqual(b.node("b1").outflow, 5.6, delta=1e-9)
            self.assertAlmostEqual(b.node("b1").imbalance, 4.66, delta=1e-9)
            self.assertAlmostEqual(b.node("f1").injection, 10.26, delta=1e-9)
            self.assertAlmostEqual(b.node("m1").withdrawal, 5.6, delta=1e-9)


class TestN1ByHand(unittest.TestCase):
    """tests/test_n1.c: the diamond's removals, ranked."""

    def test_diamond(self):
        order = ["p1", "p4", "p5", "p6", "p3", "p2", "p7"]
        loss = [6, 4, 3, 3, 1, 0, 0]
        d1_loss = [2, 0, 0, 3, 0, 0, 0]
        d2_loss = [0, 4, 0, 0, 0, 0, 0]
        with load("flow_diamond.json") as net:
            n = net.n1()
        self.assertAlmostEqual(n.base_total, 12, delta=1e-9)
        self.assertEqual([e.id for e in n.entries], order)
        for i, e in enumerate(n.entries):
            self.assertEqual(e.kind, "asset")
            self.assertAlmostEqual(e.loss, loss[i], delta=1e-9)
            self.assertAlmostEqual(e.total_after, 12 - loss[i], delta=1e-9)
            self.assertAlmostEqual(e.consumer_loss["d1"], d1_loss[i],
                                   delta=1e-9)
            self.assertAlmostEqual(e.consumer_loss["d2"], d2_loss[i],
                                   delta=1e-9)
        self.assertFalse(n.entry("p7").recomputed)
        self.assertEqual([c.standalone for c in n.consumers], [8, 4])
        self.assertEqual([e.id for e in n.top(2)], ["p1", "p4"])
        self.assertIsNone(n.eu_n1)

    def test_scope(self):
        with load("flow_diamond.json") as net:
            n = net.n1(by="assets,nodes,countries")
            same = net.n1(by=("countries", "nodes", "assets"))
        self.assertEqual(n.to_dict(), same.to_dict())
        kinds = {e.kind for e in n.entries}
        self.assertEqual(kinds, {"asset", "node", "country"})
        self.assertAlmostEqual(n.entry("TR", "country").loss, 12, delta=1e-9)

    def test_eu_n1(self):
        """tests/data/eu_n1.json, Türkiye in 2023 and 2024 (test_n1.c)."""
        with load("eu_n1.json") as net:
            eu = net.eu_n1("TR")
            self.assertEqual((eu.analysis, eu.country, eu.unit, eu.year),
                             ("eu_n1", "TR", "mcm/d", 2023))
            self.assertAlmostEqual(eu.EPm, 22000 / 365, delta=1e-9)
            self.assertAlmostEqual(eu.Pm, 10, delta=1e-9)
            self.assertAlmostEqual(eu.Sm, 5, delta=1e-9)
            self.assertAlmostEqual(eu.LNGm, 10000 / 365, delta=1e-9)
            self.assertAlmostEqual(eu.Im, 16000 / 365, delta=1e-9)
            self.assertEqual(eu.Im_from, "a")
            self.assertTrue(eu.Dmax_estimated)
            self.assertEqual(eu.peak_factor, 2.0)
            self.assertAlmostEqual(eu.Dmax, 200, delta=1e-9)
            self.assertAlmostEqual(eu.n1_percent, 29.4178082, delta=1e-6)
            later = net.eu_n1("TR", 2024)
            self.assertFalse(later.Dmax_estimated)
            self.assertAlmostEqual(later.Dmax, 150, delta=1e-9)
            self.assertAlmostEqual(later.n1_percent, 39.2237443, delta=1e-6)
            self.assertAlmostEqual(net.eu_n1("TR", peak_factor=1.5)
                                   .n1_percent, 39.2237443, delta=1e-6)
            with self.assertRaises(efn.NotFound):
                net.eu_n1("FR")
            with self.assertRaises(efn.InvalidInput) as cm:
                net.eu_n1("AZ")
            self.assertIn("divides by Dmax", cm.exception.message)
            n = net.n1(country="TR")
            self.assertEqual(n.eu_n1, eu)
            self.assertEqual(n.to_dict()["eu_n1"], eu.to_dict())


class TestTraceByHand(unittest.TestCase):
    """tests/test_trace.c: observed flows that split and merge."""

    @classmethod
    def setUpClass(cls):
        with load("trace_diamond.json") as net:
            cls.trace = net.trace(observed=True)
            cls.dep = net.dependency(observed=True)

    def test_origin_countries(self):
        t = self.trace
        self.assertFalse(t.cyclic)
        self.assertEqual(t.unbalanced_origins, 0)
        self.assertEqual(len(t.origins), 2)
        c1, c2 = t.country_shares("C1"), t.country_shares("C2")
        self.assertAlmostEqual(c1["AZ"], 0.6, delta=1e-12)
        self.assertAlmostEqual(c1["RU"], 0.4, delta=1e-12)
        self.assertAlmostEqual(c2["AZ"], 3 / 7, delta=1e-12)
        self.assertAlmostEqual(c2["RU"], 4 / 7, delta=1e-12)
        self.assertAlmostEqual(t.origin_shares("C1")["A"], 0.6, delta=1e-12)

    def test_segment_mix(self):
        j2 = [s for s in self.trace.segments if s.asset == "j2"][0]
        az = [x for x in j2.by_country if x.country == "AZ"][0]
        self.assertAlmostEqual(az.volume, 3, delta=1e-12)

    def test_dependency(self):
        d = self.dep
        self.assertAlmostEqual(d.shares("C1", "transit")["GE"], 1,
                               delta=1e-12)
        self.assertAlmostEqual(d.shares("C2", "transit")["GE"], 5 / 7,
                               delta=1e-12)
        self.assertNotIn("RU", d.shares("C2", "transit"))
        self.assertAlmostEqual(d.shares("C1", "assets")["a1"], 0.6,
                               delta=1e-12)
        self.assertAlmostEqual(d.shares("C2", "assets")["b2"], 2 / 7,
                               delta=1e-12)
        self.assertAlmostEqual(d.shares("C2", "entry_routes")["j2"], 5 / 7,
                               delta=1e-12)
        self.assertAlmostEqual(d.shares("C1")["AZ"], 0.6, delta=1e-12)
        c1 = d.consumer("C1")
        self.assertAlmostEqual(c1.volume, 5, delta=1e-12)
        self.assertAlmostEqual(d.hhi("C1"), 5200, delta=1e-8)
        self.assertAlmostEqual(c1.hhi_entry, 10000, delta=1e-8)
        self.assertEqual(d.shares("C1", "spof_nodes"), {"J": 1})
        self.assertEqual(d.shares("C1", "spof_assets"), {"j1": 1})
        self.assertAlmostEqual(d.hhi("C2"), 250000 / 49, delta=1e-8)
        self.assertAlmostEqual(d.consumer("C2").hhi_entry, 290000 / 49,
                               delta=1e-8)
        self.assertEqual(d.shares("C2", "spof_nodes"), {})
        self.assertEqual([c.node for c in d.consumers_in("TR")], ["C1"])
        with self.assertRaises(efn.ArgumentError):
            d.shares("C1", "weather")

    def test_cycle(self):
        with load("trace_cycle.json") as net:
            t = net.trace(observed=True)
        self.assertTrue(t.cyclic)
        self.assertEqual(t.unbalanced_origins, 1)
        z = t.consumer("Z")
        self.assertAlmostEqual(z.volume, 8, delta=1e-9)
        for x in z.by_country:
            self.assertAlmostEqual(x.volume, 4, delta=1e-9)

    def test_computed_trace_follows_the_flow(self):
        with load("flow_diamond.json") as net:
            t = net.trace()
            f = net.flow()
        for c in t.consumers:
            self.assertAlmostEqual(c.volume, f.delivered(c.node), delta=1e-6)


class TestOwnershipByHand(unittest.TestCase):
    """tests/test_ownership.c: a cross-holding and an incomplete chain."""

    @classmethod
    def setUpClass(cls):
        with load("own_chain.json") as net:
            cls.own = net.ownership(2023)
            cls.dep = net.dependency()
            cls.yy = net.ownership(2023, country="YY")

    def test_lookthrough(self):
        o = self.own
        self.assertAlmostEqual(o.lookthrough("state_x", "p"), 0.7 / 0.85,
                               delta=1e-12)
        self.assertAlmostEqual(o.lookthrough("p", "p"), 1 / 0.85, delta=1e-12)
        self.assertTrue(o.owner("state_x").ultimate)
        self.assertFalse(o.owner("p").ultimate)
        with self.assertRaises(efn.NotFound):
            o.lookthrough("p", "nobody")

    def test_interests(self):
        o = self.own
        self.assertAlmostEqual(o.interest("state_x", "pipe"),
                               50 * 0.7 / 0.85 + 30 * 0.35 / 0.85 + 4,
                               delta=1e-9)
        self.assertAlmostEqual(o.interest("state_y", "pipe"), 26.4705882,
                               delta=1e-6)
        self.assertAlmostEqual(o.interest("listed", "pipe"), 10, delta=1e-12)
        pipe = o.asset("pipe")
        self.assertAlmostEqual(pipe.listed_percent, 100, delta=1e-12)
        self.assertAlmostEqual(pipe.ultimate_percent, 94, delta=1e-9)
        self.assertAlmostEqual(pipe.untraced_percent, 6, delta=1e-9)
        self.assertAlmostEqual(o.country_share("YY", "pipe"), 26.4705882,
                               delta=1e-6)

    def test_totals(self):
        cap, thr = self.own.owner("state_x").totals.gas.capacity, \
            self.own.owner("state_x").totals.gas.throughput
        self.assertAlmostEqual(cap, 0.575294118 * 20, delta=1e-6)
        self.assertAlmostEqual(thr, 0.575294118 * 10, delta=1e-6)
        self.assertEqual(self.own.country_totals("GB"), (2, 1))
        self.assertEqual(self.own.country_totals("ZZ"), (0.0, 0.0))

    def test_filter(self):
        ids = [o.id for o in self.yy.owners]
        self.assertIn("state_y", ids)
        self.assertNotIn("state_x", ids)

    def test_owner_countries_of_the_route(self):
        shares = self.dep.shares("m", "owner_countries")
        self.assertEqual(len(shares), 3)
        self.assertAlmostEqual(shares["XX"], 0.575294118, delta=1e-6)
        self.assertAlmostEqual(shares["GB"], 0.1, delta=1e-9)


def equal_to_command(test, result, *args):
    test.assertEqual(result, cli_json(*args))


class TestResultClasses(unittest.TestCase):

    def test_no_method_hides_a_key(self):
        with load("trace_diamond.json") as net:
            results = [net.flow(), net.balance(), net.n1(), net.trace(),
                       net.dependency(), net.ownership()]
        with load("eu_n1.json") as net:
            results.append(net.eu_n1("TR"))
        for r in results:
            for key in r.to_dict():
                self.assertFalse(hasattr(type(r), key),
                                 "%s.%s hides the key" % (type(r).__name__,
                                                          key))


class TestEqualToTheCommand(unittest.TestCase):
    """On the bundled network, every analysis the command offers gives the
    same JSON from Python (numbers exactly: both come from the library and
    cJSON prints doubles so that they read back the same)."""

    @classmethod
    def setUpClass(cls):
        cls.net = efn.Network.load(CORRIDOR)

    @classmethod
    def tearDownClass(cls):
        cls.net.close()

    def test_flow(self):
        net = self.net
        equal_to_command(self, net.flow().to_dict(), "flow", CORRIDOR)
        equal_to_command(self, net.flow(mode="shared").to_dict(), "flow",
                         CORRIDOR, "--mode", "shared")
        equal_to_command(self, net.flow("oil", 2020).to_dict(), "flow",
                         CORRIDOR, "--commodity", "oil", "--year", 2020)

    def test_max_flow(self):
        # The value alone: the full analysis's maximum, the command's.
        net = self.net
        self.assertAlmostEqual(net.max_flow(), cli_json(
            "flow", CORRIDOR, "--value-only")["max_total"], places=9)
        self.assertAlmostEqual(net.max_flow(), net.flow().max_total,
                               places=9)
        self.assertAlmostEqual(net.max_flow("oil", 2020),
                               net.flow("oil", 2020).max_total, places=9)
        with self.assertRaises(efn.Error):
            net.max_flow("coal")

    def test_balance(self):
        equal_to_command(self, self.net.balance().to_dict(), "flow",
                         CORRIDOR, "--observed")

    def test_n1(self):
        equal_to_command(self, self.net.n1().to_command_dict(), "n1",
                         CORRIDOR)
        n = self.net.n1(by=("assets", "nodes", "countries"), country="TR",
                        peak_factor=2.5)
        self.assertEqual(n.eu_n1.country, "TR")
        if n.eu_n1.Dmax_estimated:
            self.assertEqual(n.eu_n1.peak_factor, 2.5)
        equal_to_command(self, n.to_command_dict(), "n1", CORRIDOR, "--by",
                         "assets,nodes,countries", "--country", "TR",
                         "--peak-factor", 2.5)
        # Totals only: every total as in the full run, no consumers.
        full = self.net.n1().to_dict()
        t = self.net.n1(totals_only=True)
        self.assertEqual(t.to_dict()["consumers"], [])
        self.assertEqual([(e["id"], e["total_after"])
                          for e in t.to_dict()["entries"]],
                         [(e["id"], e["total_after"])
                          for e in full["entries"]])
        equal_to_command(self, t.to_command_dict(), "n1", CORRIDOR,
                         "--totals-only")

    def test_timeline(self):
        t = self.net.timeline("flow", 2019, 2024)
        self.assertEqual(t.years, list(range(2019, 2025)))
        self.assertEqual(len(t), 6)
        self.assertEqual(t.year(2023).to_dict(), self.net.flow().to_dict())
        equal_to_command(self, t.to_dict(), "timeline", "flow", CORRIDOR,
                         "--from", 2019, "--to", 2024)
        n = self.net.timeline("n1", 2022, 2023, country="TR")
        equal_to_command(self, n.to_dict(), "timeline", "n1", CORRIDOR,
                         "--from", 2022, "--to", 2023, "--country", "TR")

    def test_trace(self):
        if not cli_has("trace"):
            self.fail("this efn command has no trace")
        equal_to_command(self, self.net.trace().to_dict(), "trace", CORRIDOR)
        equal_to_command(self, self.net.trace(observed=True).to_dict(),
                         "trace", CORRIDOR, "--observed")
        equal_to_command(self, self.net.trace("oil", mode="shared").to_dict(),
                         "trace", CORRIDOR, "--commodity", "oil", "--mode",
                         "shared")

    def test_depend(self):
        if not cli_has("depend"):
            self.fail("this efn command has no depend")
        equal_to_command(self, self.net.dependency().to_dict(), "depend",
                         CORRIDOR)
        equal_to_command(self,
                         self.net.dependency(observed=True,
                                             year=2023).to_dict(),
                         "depend", CORRIDOR, "--observed", "--year", 2023)
        equal_to_command(self,
                         self.net.dependency(observed=True,
                                             consumer="turkiye").to_dict(),
                         "depend", CORRIDOR, "--observed", "--consumer",
                         "turkiye")
        t = self.net.timeline("dependency", 2022, 2023, observed=True)
        equal_to_command(self, t.to_dict(), "timeline", "depend", CORRIDOR,
                         "--from", 2022, "--to", 2023, "--observed")

    def test_owners(self):
        if not cli_has("owners"):
            self.fail("this efn command has no owners")
        equal_to_command(self, self.net.ownership().to_dict(), "owners",
                         CORRIDOR)
        equal_to_command(self, self.net.ownership(2020, country="TR")
                         .to_dict(), "owners", CORRIDOR, "--year", 2020,
                         "--country", "TR")
        equal_to_command(self, self.net.ownership(owner="tpao").to_dict(),
                         "owners", CORRIDOR, "--owner", "tpao")
        equal_to_command(self,
                         self.net.ownership(computed=True,
                                            mode="shared").to_dict(),
                         "owners", CORRIDOR, "--computed", "--mode",
                         "shared")

    def test_risk(self):
        if not _has_risk():
            self.fail("this libefn has no risk analysis")
        r = self.net.risk(samples=300, seed=7, workers=2)
        again = self.net.risk(samples=300, seed=7, workers=1)
        self.assertEqual(r.to_dict(), again.to_dict())
        if not cli_has("risk"):
            return
        equal_to_command(self, r.to_dict(), "risk", CORRIDOR, "--samples",
                         300, "--seed", 7)
        shared = self.net.risk(mode="shared", samples=256, seed=3,
                               target_rse=0.5, workers=2)
        equal_to_command(self, shared.to_dict(), "risk", CORRIDOR, "--mode",
                         "shared", "--samples", 256, "--seed", 3,
                         "--target-rse", 0.5, "--workers", 2)
        self.assertGreater(shared.samples, 0)


def _has_risk():
    from efn import _capi
    return _capi.lib().has("efn_risk_run")


class TestRisk(unittest.TestCase):
    """Monte Carlo: a seed fixes the result whatever the workers; the
    progress callback reports, cancels and passes exceptions on."""

    @classmethod
    def setUpClass(cls):
        cls.net = efn.Network.load(CORRIDOR)

    @classmethod
    def tearDownClass(cls):
        cls.net.close()

    def test_seeded(self):
        a = self.net.risk(samples=512, seed=11, workers=1)
        b = self.net.risk(samples=512, seed=11, workers=3)
        self.assertEqual(a.to_dict(), b.to_dict())
        self.assertEqual((a.analysis, a.samples, a.seed), ("risk", 512, 11))
        self.assertNotEqual(a.to_dict(),
                            self.net.risk(samples=512, seed=12).to_dict())
        georgia = a.consumer("georgia")
        self.assertEqual(georgia.demand, 2.5)
        self.assertLessEqual(georgia.p50, georgia.p95)
        self.assertLessEqual(georgia.p95, georgia.p99)
        self.assertEqual(a.asset("scp").asset, "scp")

    def test_progress(self):
        calls = []
        self.net.risk(samples=600, progress=lambda d, t: calls.append((d, t)))
        self.assertEqual(calls[-1], (600, 600))
        self.assertEqual([t for _, t in calls], [600] * len(calls))
        self.assertEqual([d for d, _ in calls], sorted(d for d, _ in calls))

    def test_cancel(self):
        with self.assertRaises(efn.Cancelled) as cm:
            self.net.risk(samples=2000, progress=lambda d, t: d >= 256)
        self.assertEqual(cm.exception.code, -8)

    def test_exception_in_the_callback(self):
        def boom(done, total):
            raise KeyError("from the callback")

        with self.assertRaises(KeyError):
            self.net.risk(samples=2000, progress=boom)

    def test_arguments(self):
        for kw in ({"samples": -1}, {"samples": 1.5}, {"seed": "x"},
                   {"workers": -2}, {"target_rse": float("nan")},
                   {"progress": 3}, {"mode": "fair"}):
            with self.subTest(kw=kw):
                with self.assertRaises(efn.ArgumentError):
                    self.net.risk(**kw)


class TestThreads(unittest.TestCase):
    """A network may be analysed from several threads at once."""

    def test_parallel_flows(self):
        with efn.Network.load(CORRIDOR) as net:
            expected = net.flow().to_dict()
            results, failures = [], []

            def work():
                try:
                    for _ in range(5):
                        results.append(net.flow().to_dict())
                except Exception as exc:  # reported below
                    failures.append(exc)

            threads = [threading.Thread(target=work) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        self.assertEqual(failures, [])
        self.assertEqual(len(results), 20)
        for r in results:
            self.assertEqual(r, expected)


if __name__ == "__main__":
    unittest.main()
