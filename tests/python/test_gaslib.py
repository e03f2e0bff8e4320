"""GasLib-582 (tests/bench/gaslib/), converted by tests/bench/gaslib2efn.py:
the converted network against the GasLib files' own figures, and efn's N-1
against maximum flows computed here, from scratch, by a small Dinic of our
own on the converted JSON (every 15th asset removed, and the intact
network).

GasLib-582's documentation says 582 nodes and 609 arcs; the nomination's
31 entries and 129 exits both total 4762.372515 (1000 m3/h), which is
4762.372515 x 0.024 mcm/d x 0.365 = 41.71838 bcm/y.
"""

import collections
import importlib.util
import json
import os
import tempfile
import unittest

from support import ROOT, efn

GASLIB = ROOT / "tests" / "bench" / "gaslib"
NOMINATED = 4762.372515 * 0.024 * 0.365  # bcm/y


def converter():
    spec = importlib.util.spec_from_file_location(
        "gaslib2efn", ROOT / "tests" / "bench" / "gaslib2efn.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def bcm(quantity):
    """'X mcm/d' in bcm/y."""
    number, unit = quantity.split()
    assert unit == "mcm/d", quantity
    return float(number) * 0.365


def max_flow(n, arcs, s, t):
    """Dinic's algorithm on arcs (u, v, capacity); the flow's value."""
    head, to, cap, nxt = [-1] * n, [], [], []
    for u, v, c in arcs:
        for a, b, x in ((u, v, c), (v, u, 0.0)):
            to.append(b)
            cap.append(x)
            nxt.append(head[a])
            head[a] = len(to) - 1
    total = 0.0
    while True:
        level = [-1] * n
        level[s] = 0
        queue = collections.deque([s])
        while queue:
            u = queue.popleft()
            e = head[u]
            while e != -1:
                if cap[e] > 1e-12 and level[to[e]] < 0:
                    level[to[e]] = level[u] + 1
                    queue.append(to[e])
                e = nxt[e]
        if level[t] < 0:
            return total
        it = head[:]

        def push(u, f):
            if u == t:
                return f
            while it[u] != -1:
                e = it[u]
                v = to[e]
                if cap[e] > 1e-12 and level[v] == level[u] + 1:
                    d = push(v, min(f, cap[e]))
                    if d > 0:
                        cap[e] -= d
                        cap[e ^ 1] += d
                        return d
                it[u] = nxt[e]
            return 0.0

        while True:
            f = push(s, float("inf"))
            if f <= 0:
                break
            total += f


class TestGasLib582(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = converter().convert(GASLIB / "GasLib-582.net.xml",
                                      GASLIB / "GasLib-582.scn.xml")
        fd, cls.path = tempfile.mkstemp(suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump(cls.doc, f)

    @classmethod
    def tearDownClass(cls):
        os.unlink(cls.path)

    def test_counts(self):
        nodes = collections.Counter(n["gaslib_type"] for n in self.doc["nodes"])
        arcs = collections.Counter(a["gaslib_type"]
                                   for a in self.doc["assets"])
        self.assertEqual(sum(nodes.values()), 582)
        self.assertEqual(sum(arcs.values()), 609)
        self.assertEqual(nodes, {"source": 31, "sink": 129, "innode": 422})

    def test_nomination(self):
        supply = sum(bcm(n["supply"]["gas"]) for n in self.doc["nodes"]
                     if "supply" in n)
        demand = sum(bcm(n["demand"]["gas"]) for n in self.doc["nodes"]
                     if "demand" in n)
        self.assertAlmostEqual(supply, NOMINATED, delta=1e-3)
        self.assertAlmostEqual(demand, NOMINATED, delta=1e-3)
        with efn.Network.load(self.path) as net:
            self.assertEqual(len(net.nodes), 582)
            self.assertEqual(len(net.assets), 609)

    def test_n1_against_our_own_solver(self):
        nodes = {n["id"]: i for i, n in enumerate(self.doc["nodes"])}
        s, t = len(nodes), len(nodes) + 1
        ends = []
        for n in self.doc["nodes"]:
            if "supply" in n:
                ends.append((s, nodes[n["id"]], bcm(n["supply"]["gas"])))
            if "demand" in n:
                ends.append((nodes[n["id"]], t, bcm(n["demand"]["gas"])))

        def total(without=None):
            arcs = list(ends)
            for a in self.doc["assets"]:
                if a["id"] == without:
                    continue
                u, v = (nodes[x] for x in a["route"])
                c = bcm(a["capacity"])
                arcs.append((u, v, c))
                if a.get("bidirectional"):
                    arcs.append((v, u, c))
            return max_flow(len(nodes) + 2, arcs, s, t)

        with efn.Network.load(self.path) as net:
            n1 = net.n1()
        self.assertAlmostEqual(n1.base_total, total(), delta=1e-9)
        base, checked, losses = total(), 0, 0
        for a in self.doc["assets"][::15]:
            want = total(a["id"])
            self.assertAlmostEqual(n1.entry(a["id"]).total_after, want,
                                   delta=1e-9 * (1 + want), msg=a["id"])
            checked += 1
            losses += want < base - 1e-6
        self.assertEqual(checked, 41)
        self.assertGreater(losses, 3)  # not a trivial check


if __name__ == "__main__":
    unittest.main()
