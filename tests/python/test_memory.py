"""C handles are freed exactly once: by close(), by the context manager or
by the finalizer; never twice, and scenario-applied networks do not depend
on their base. The free functions are counted through the registered table;
in the sanitizer build (tests/python.cmake) AddressSanitizer also watches
every access."""

import contextlib
import gc
import unittest
import weakref

from support import CORRIDOR, DATA, efn, run_python

from efn import _capi

DIAMOND = DATA / "flow_diamond.json"
SCENARIO = {"efn": 1, "kind": "scenario", "name": "cut p4",
            "changes": [{"op": "disable", "target": "asset", "id": "p4"}]}


@contextlib.contextmanager
def counting(name):
    """Counts the calls of C function `name` made through the table (the
    handles look their free function up when they are created)."""
    lib = _capi.lib()
    real = getattr(lib, name)
    freed = []

    def wrapper(pointer):
        freed.append(ctypes_address(pointer))
        return real(pointer)

    setattr(lib, name, wrapper)
    try:
        yield freed
    finally:
        setattr(lib, name, real)


def ctypes_address(pointer):
    import ctypes
    return ctypes.cast(pointer, ctypes.c_void_p).value


class TestNetworkHandles(unittest.TestCase):

    def test_close_twice_frees_once(self):
        with counting("efn_network_free") as freed:
            net = efn.Network.load(DIAMOND)
            net.close()
            net.close()
            self.assertTrue(net.closed)
            del net
            gc.collect()
        self.assertEqual(len(freed), 1)

    def test_context_manager_closes(self):
        with counting("efn_network_free") as freed:
            with efn.Network.load(DIAMOND) as net:
                self.assertFalse(net.closed)
                net.flow()
            self.assertTrue(net.closed)
            self.assertEqual(len(freed), 1)
            del net
            gc.collect()
        self.assertEqual(len(freed), 1)

    def test_context_manager_closes_on_error(self):
        with counting("efn_network_free") as freed:
            with self.assertRaises(efn.NotFound):
                with efn.Network.load(DIAMOND) as net:
                    net.node("nowhere")
            self.assertTrue(net.closed)
        self.assertEqual(len(freed), 1)

    def test_collected_without_close(self):
        with counting("efn_network_free") as freed:
            net = efn.Network.load(DIAMOND)
            address = ctypes_address(net._ptr)
            ref = weakref.ref(net)
            del net
            gc.collect()
            self.assertIsNone(ref())
        self.assertEqual(freed, [address])

    def test_cycle_is_collected(self):
        with counting("efn_network_free") as freed:
            net = efn.Network.load(DIAMOND)
            holder = {"net": net}
            holder["self"] = holder
            net.cycle = holder
            del net, holder
            gc.collect()
        self.assertEqual(len(freed), 1)

    def test_items_keep_the_network_alive(self):
        with counting("efn_network_free") as freed:
            node = efn.Network.load(DIAMOND).node("d1")
            gc.collect()
            self.assertEqual(freed, [])
            self.assertEqual(node.demand(), 8)
            del node
            gc.collect()
        self.assertEqual(len(freed), 1)

    def test_failed_load_leaves_nothing(self):
        with counting("efn_network_free") as freed:
            with self.assertRaises(efn.InvalidInput):
                efn.Network.from_json("{")
            gc.collect()
        self.assertEqual(freed, [])


class TestScenarioChildren(unittest.TestCase):

    def test_children_are_independent(self):
        with counting("efn_network_free") as freed:
            base = efn.Network.load(DIAMOND)
            child = base.with_scenario(SCENARIO)
            grandchild = child.with_scenario({"efn": 1, "kind": "scenario",
                                              "name": "none", "changes": []})
            base.close()
            self.assertAlmostEqual(child.flow().max_total, 8, delta=1e-9)
            child.close()
            self.assertAlmostEqual(grandchild.flow().max_total, 8, delta=1e-9)
            self.assertEqual(grandchild.asset("p4").enabled, False)
            del grandchild
            gc.collect()
        self.assertEqual(len(freed), 3)
        self.assertEqual(len(set(freed)), 3)

    def test_temporary_scenarios_are_freed(self):
        with counting("efn_scenario_free") as freed:
            with efn.Network.load(DIAMOND) as base:
                with base.with_scenario(SCENARIO, SCENARIO) as net:
                    self.assertEqual(len(freed), 2)  # freed at once
                    net.flow()
                scn = efn.Scenario.from_json(SCENARIO)
                with base.with_scenario(scn):
                    pass
                self.assertEqual(len(freed), 2)  # the caller's stays open
                scn.close()
                scn.close()
        self.assertEqual(len(freed), 3)

    def test_scenario_freed_after_failed_apply(self):
        bad = {"efn": 1, "kind": "scenario", "name": "bad",
               "changes": [{"op": "disable", "target": "asset",
                            "id": "zz"}]}
        with counting("efn_scenario_free") as sfreed, \
                counting("efn_network_free") as nfreed:
            with efn.Network.load(DIAMOND) as base:
                with self.assertRaises(efn.InvalidInput):
                    base.with_scenario(SCENARIO, bad)
            self.assertEqual(len(sfreed), 2)
        self.assertEqual(len(nfreed), 1)


class TestResults(unittest.TestCase):

    def test_results_hold_no_handle(self):
        frees = ("efn_flow_free", "efn_n1_free", "efn_trace_free",
                 "efn_dependency_free", "efn_ownership_free",
                 "efn_balance_free", "efn_risk_free")
        with contextlib.ExitStack() as stack:
            counts = {n: stack.enter_context(counting(n)) for n in frees}
            with efn.Network.load(CORRIDOR) as net:
                results = [net.flow(), net.n1(), net.trace(),
                           net.dependency(), net.ownership(),
                           net.ownership(computed=True), net.balance(),
                           net.risk(samples=50)]
                net.export("csv", table="flow")
            for name, freed in counts.items():
                self.assertGreaterEqual(len(freed), 1, name)
            # Each C result was freed before its method returned.
            self.assertEqual(len(counts["efn_flow_free"]), 3)
            self.assertEqual(len(counts["efn_ownership_free"]), 2)
        # and the results outlive the network.
        self.assertAlmostEqual(results[0].max_total, 120.4, delta=1e-6)

    def test_result_freed_when_to_json_fails(self):
        # The analysis fails: no result to free, nothing leaked or doubled.
        with counting("efn_flow_free") as freed:
            with efn.Network.load(DIAMOND) as net:
                with self.assertRaises(efn.ArgumentError):
                    net.flow(mode="fair")
        self.assertEqual(freed, [])


class TestInterpreterExit(unittest.TestCase):

    def test_handles_alive_at_exit(self):
        """Handles still open when the interpreter exits are freed by the
        finalizers' atexit hook, once; the process exits cleanly."""
        proc = run_python(
            "import efn\n"
            "net = efn.Network.default()\n"
            "child = net.with_scenario({'efn': 1, 'kind': 'scenario',\n"
            "                           'name': 'x', 'changes': []})\n"
            "scn = efn.Scenario.from_json({'efn': 1, 'kind': 'scenario',\n"
            "                              'name': 'y', 'changes': []})\n"
            "node = net.node('turkiye')\n"
            "print(child.flow().max_total)\n")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(), "120.4")
        self.assertNotIn("double free", proc.stderr)

    def test_many_cycles(self):
        proc = run_python(
            "import gc, efn\n"
            "for i in range(300):\n"
            "    net = efn.Network.default()\n"
            "    child = net.with_scenario({'efn': 1, 'kind': 'scenario',\n"
            "                               'name': 'x', 'changes': []})\n"
            "    if i % 2:\n"
            "        net.close()\n"
            "    with child:\n"
            "        child.flow()\n"
            "    del net, child\n"
            "gc.collect()\n"
            "print('ok')\n")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(), "ok")


if __name__ == "__main__":
    unittest.main()
