"""Every error class, raised from real failures of the library."""

import ctypes
import json
import os
import tempfile
import unittest

from support import CORRIDOR, DATA, ROOT, efn

from efn import _capi, errors

DIAMOND = DATA / "flow_diamond.json"


def minimal(**over):
    net = {"efn": 1, "kind": "network",
           "nodes": [{"id": "a", "kind": "field", "country": "AZ",
                      "supply": {"gas": 5}},
                     {"id": "b", "kind": "market", "country": "TR",
                      "demand": {"gas": 5}}],
           "assets": [{"id": "p", "commodity": "gas", "route": ["a", "b"],
                       "capacity": 4}],
           "owners": []}
    net.update(over)
    return net


class TestClasses(unittest.TestCase):

    def test_hierarchy(self):
        for cls in (efn.LibraryNotFound, efn.VersionMismatch,
                    efn.InvalidInput, efn.NotFound, efn.Infeasible,
                    efn.FileError, efn.IOError, efn.ArgumentError,
                    efn.Cancelled, efn.OutOfMemory, efn.InternalError):
            self.assertTrue(issubclass(cls, efn.Error), cls)
        self.assertIs(efn.IOError, efn.FileError)
        # Python's own families too, for callers that catch those.
        self.assertTrue(issubclass(efn.FileError, OSError))
        self.assertTrue(issubclass(efn.NotFound, LookupError))
        self.assertTrue(issubclass(efn.InvalidInput, ValueError))
        self.assertTrue(issubclass(efn.ArgumentError, ValueError))
        self.assertTrue(issubclass(efn.OutOfMemory, MemoryError))

    def test_codes_map_to_classes(self):
        expected = {_capi.EFN_ERROR: efn.InternalError,
                    _capi.EFN_ENOMEM: efn.OutOfMemory,
                    _capi.EFN_EIO: efn.FileError,
                    _capi.EFN_EINVALID: efn.InvalidInput,
                    _capi.EFN_ENOTFOUND: efn.NotFound,
                    _capi.EFN_EARG: efn.ArgumentError,
                    _capi.EFN_EINFEASIBLE: efn.Infeasible,
                    _capi.EFN_ECANCELLED: efn.Cancelled}
        for code, cls in expected.items():
            self.assertIs(errors.error_class(code), cls)
        self.assertIs(errors.error_class(-99), efn.InternalError)

    def test_errcheck_raises_by_code_with_the_library_message(self):
        # Codes the library cannot be made to return on demand (out of
        # memory, infeasible, cancelled, internal) go through the same
        # errcheck as those below; the message is efn_last_error().
        lib = _capi.lib()
        out = ctypes.c_int()
        with self.assertRaises(efn.InvalidInput):
            lib.efn_commodity_parse(ctypes.byref(out), b"plasma")
        for code, cls in ((_capi.EFN_ENOMEM, efn.OutOfMemory),
                          (_capi.EFN_EINFEASIBLE, efn.Infeasible),
                          (_capi.EFN_ECANCELLED, efn.Cancelled),
                          (_capi.EFN_ERROR, efn.InternalError)):
            with self.assertRaises(cls) as cm:
                _capi.check_status(code, lib.efn_commodity_parse, ())
            self.assertEqual(cm.exception.code, code)
            self.assertIn("plasma", cm.exception.message)

    def test_attributes(self):
        with self.assertRaises(efn.NotFound) as cm:
            efn.Network.load(DIAMOND).node("nowhere")
        e = cm.exception
        self.assertEqual(e.code, _capi.EFN_ENOTFOUND)
        self.assertEqual(e.status_name, "EFN_ENOTFOUND")
        self.assertEqual(str(e), e.message)
        self.assertIn("nowhere", e.message)
        self.assertIn("flow_diamond.json", e.message)


class TestInvalidInput(unittest.TestCase):

    def test_malformed_json(self):
        with self.assertRaises(efn.InvalidInput) as cm:
            efn.Network.from_json('{"efn": 1, "kind": "network",', "x.json")
        self.assertEqual(cm.exception.code, _capi.EFN_EINVALID)
        self.assertIn("x.json", cm.exception.message)
        self.assertIn("malformed JSON", cm.exception.message)

    def test_json_path_in_the_message(self):
        net = minimal()
        net["assets"][0]["stakes"] = [{"owner": "o1", "share": 60},
                                      {"owner": "o2", "share": 44.5}]
        net["owners"] = [{"id": "o1"}, {"id": "o2"}]
        with self.assertRaises(efn.InvalidInput) as cm:
            efn.Network.from_json(net, "stakes.json")
        msg = cm.exception.message
        self.assertIn("stakes.json: assets[0].stakes", msg)
        self.assertIn("104.5", msg)

    def test_json_path_of_a_node(self):
        net = minimal()
        net["nodes"][1]["kind"] = "volcano"
        with self.assertRaises(efn.InvalidInput) as cm:
            efn.Network.from_json(json.dumps(net))
        self.assertIn("<buffer>: nodes[1].kind", cm.exception.message)

    def test_bad_input_file(self):
        path = ROOT / "tests" / "bad" / "asset_duplicate_id.json"
        if not path.exists():
            self.fail("no bad-input corpus")
        with self.assertRaises(efn.InvalidInput) as cm:
            efn.Network.load(path)
        self.assertIn("asset_duplicate_id.json: assets[", cm.exception.message)

    def test_scenario_naming_an_unknown_asset(self):
        scn = {"efn": 1, "kind": "scenario", "name": "x",
               "changes": [{"op": "disable", "target": "asset",
                            "id": "nope"}]}
        with efn.Network.load(DIAMOND) as net:
            with self.assertRaises(efn.InvalidInput) as cm:
                net.with_scenario(scn)
        self.assertIn("changes[0]", cm.exception.message)
        self.assertIn("nope", cm.exception.message)

    def test_bad_scenario(self):
        with self.assertRaises(efn.InvalidInput) as cm:
            efn.Scenario.from_json({"efn": 1, "kind": "scenario",
                                    "name": "bad",
                                    "changes": [{"op": "explode"}]},
                                   "s.json")
        self.assertIn("s.json: changes[0]", cm.exception.message)

    def test_unknown_unit(self):
        with self.assertRaises(efn.InvalidInput) as cm:
            efn.convert(1, "bcm/y", "Mt/y", "gas")
        self.assertIn("Mt/y", cm.exception.message)

    def test_validate_reports_instead_of_raising(self):
        net = minimal()
        net["nodes"][1]["kind"] = "volcano"
        problems = efn.validate(net, "v.json")
        self.assertTrue(problems)
        self.assertEqual(problems[0].path, "nodes[1].kind")
        self.assertTrue(problems[0].message.startswith("v.json: "))


class TestFileError(unittest.TestCase):

    def test_missing_network(self):
        with self.assertRaises(efn.FileError) as cm:
            efn.Network.load("/nonexistent/net.json")
        self.assertEqual(cm.exception.code, _capi.EFN_EIO)
        self.assertIn("/nonexistent/net.json", cm.exception.message)
        self.assertIsInstance(cm.exception, OSError)

    def test_missing_scenario(self):
        with efn.Network.load(DIAMOND) as net:
            with self.assertRaises(efn.FileError):
                net.with_scenario("/nonexistent/scenario.json")

    def test_unwritable(self):
        with efn.Network.load(DIAMOND) as net:
            with self.assertRaises(efn.FileError) as cm:
                net.save("/nonexistent/dir/out.json")
        self.assertIn("/nonexistent/dir", cm.exception.message)

    def test_validate_missing_file(self):
        with self.assertRaises(efn.FileError):
            efn.validate("/nonexistent/net.json")

    def test_default_network_missing(self):
        with tempfile.TemporaryDirectory() as tmp:
            old = os.environ.get("EFN_DATA_DIR")
            os.environ["EFN_DATA_DIR"] = tmp
            try:
                # Still found in the source tree, after EFN_DATA_DIR.
                self.assertEqual(efn.default_network_path().resolve(),
                                 CORRIDOR.resolve())
            finally:
                if old is None:
                    del os.environ["EFN_DATA_DIR"]
                else:
                    os.environ["EFN_DATA_DIR"] = old


class TestNotFound(unittest.TestCase):

    def setUp(self):
        self.net = efn.Network.load(DIAMOND)

    def tearDown(self):
        self.net.close()

    def test_unknown_ids(self):
        for find in (self.net.node, self.net.asset, self.net.owner):
            with self.assertRaises(efn.NotFound) as cm:
                find("zz")
            self.assertEqual(cm.exception.code, _capi.EFN_ENOTFOUND)
            self.assertIn("'zz'", cm.exception.message)

    def test_unknown_country(self):
        with self.assertRaises(efn.NotFound) as cm:
            self.net.eu_n1("ZZ")
        self.assertIn("ZZ", cm.exception.message)

    def test_not_in_a_result(self):
        flow = self.net.flow()
        with self.assertRaises(efn.NotFound):
            flow.consumer("a")  # a junction, not a consumer

    def test_unknown_owner_filter(self):
        with self.assertRaises(efn.NotFound):
            self.net.ownership(owner="nobody")

    def test_unknown_consumer(self):
        with self.assertRaises(efn.NotFound):
            self.net.dependency(consumer="nowhere")


class TestArgumentError(unittest.TestCase):

    def setUp(self):
        self.net = efn.Network.load(DIAMOND)

    def tearDown(self):
        self.net.close()

    def test_bad_arguments(self):
        cases = [
            lambda: self.net.flow(commodity="coal"),
            lambda: self.net.flow(commodity=7),
            lambda: self.net.flow(mode="fair"),
            lambda: self.net.flow(year="2023"),
            lambda: self.net.flow(year=2023.5),
            lambda: self.net.n1(by=["pipes"]),
            lambda: self.net.n1(by=[]),
            lambda: self.net.n1(peak_factor=2.0),
            lambda: self.net.n1(commodity="oil", country="TR"),
            lambda: self.net.eu_n1("TR", peak_factor=-1),
            lambda: self.net.eu_n1("TR", peak_factor="high"),
            lambda: self.net.timeline("weather", 2020, 2021),
            lambda: self.net.timeline("flow", 2022, 2021),
            lambda: self.net.export("pdf"),
            lambda: self.net.export("csv", table="nope"),
            lambda: self.net.export("dot", colour="rainbow"),
            lambda: self.net.node(b"a\0b"),
            lambda: self.net.node(3),
            lambda: self.net.with_scenario(42),
            lambda: efn.Network.from_json(42),
            lambda: efn.Network.load(None),
            lambda: efn.convert("x", "bcm/y", "mcm/d"),
        ]
        for i, case in enumerate(cases):
            with self.subTest(i=i):
                with self.assertRaises(efn.ArgumentError) as cm:
                    case()
                self.assertEqual(cm.exception.code, _capi.EFN_EARG)
                self.assertTrue(cm.exception.message)

    def test_refused_by_the_library(self):
        # A non-finite value is EFN_EARG from efn_unit_convert itself.
        with self.assertRaises(efn.ArgumentError) as cm:
            efn.convert(float("nan"), "bcm/y", "mcm/d")
        self.assertEqual(cm.exception.code, _capi.EFN_EARG)

    def test_closed_network(self):
        net = efn.Network.load(DIAMOND)
        node = net.node("d1")
        net.close()
        with self.assertRaises(efn.ArgumentError) as cm:
            net.flow()
        self.assertIn("closed", cm.exception.message)
        with self.assertRaises(efn.ArgumentError):
            node.demand()
        with self.assertRaises(efn.ArgumentError):
            with net:
                pass


if __name__ == "__main__":
    unittest.main()
