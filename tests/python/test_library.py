"""Finding and loading libefn, the function table, the version check."""

import ctypes
import ctypes.util
import os
import pathlib
import tempfile
import time
import unittest

from support import PACKAGE_DIR, efn, run_python

from efn import _capi


class TestLoaded(unittest.TestCase):

    def test_loads_and_reports_its_path(self):
        path = efn.library_path()
        self.assertTrue(os.path.exists(path), path)
        if os.environ.get("EFN_LIBRARY"):
            self.assertEqual(path, os.environ["EFN_LIBRARY"])

    def test_version(self):
        lib = _capi.lib()
        self.assertEqual(lib.efn_version_number(), efn.EXPECTED)
        self.assertEqual(efn.library_version(), efn.__version__)

    def test_every_function_is_registered_with_its_types(self):
        lib = _capi.lib()
        for name, argtypes, restype, errcheck in _capi.FUNCTIONS:
            if not lib.has(name):
                self.assertIn(name, _capi.OPTIONAL)
                with self.assertRaises(efn.VersionMismatch):
                    getattr(lib, name)
                continue
            func = getattr(lib, name)
            self.assertEqual(func.__name__, name)
            self.assertEqual(list(func.argtypes), list(argtypes), name)
            self.assertIs(func.restype, restype, name)
            if errcheck is not None:
                self.assertIs(func.errcheck, errcheck, name)

    def test_undeclared_functions_cannot_be_called(self):
        lib = _capi.lib()
        with self.assertRaises(AttributeError) as cm:
            lib.efn_not_in_the_table
        self.assertIn("FUNCTIONS", str(cm.exception))

    def test_status_errcheck(self):
        lib = _capi.lib()
        out = ctypes.c_int()
        with self.assertRaises(efn.InvalidInput) as cm:
            lib.efn_commodity_parse(ctypes.byref(out), b"coal")
        self.assertIn("coal", cm.exception.message)
        self.assertEqual(lib.efn_last_error_code(), _capi.EFN_EINVALID)
        lib.efn_clear_error()
        self.assertEqual(lib.efn_last_error_code(), _capi.EFN_OK)
        self.assertEqual(lib.efn_status_name(_capi.EFN_EARG), "EFN_EARG")

    def test_load_again_returns_the_same_library(self):
        self.assertIs(_capi.load(), _capi.lib())


class TestFinding(unittest.TestCase):
    """The search order, in fresh interpreters."""

    def test_missing_library(self):
        proc = run_python(
            "import efn\n"
            "try:\n"
            "    efn.Network.default()\n"
            "except efn.LibraryNotFound as e:\n"
            "    assert isinstance(e, efn.Error) and e.code is None\n"
            "    print('not found:', e)\n",
            EFN_LIBRARY="/nonexistent/libefn.so.0")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("not found:", proc.stdout)
        self.assertIn("EFN_LIBRARY", proc.stdout)
        self.assertIn("/nonexistent/libefn.so.0", proc.stdout)

    def test_not_libefn(self):
        libc = ctypes.util.find_library("c")
        if not libc:
            self.fail("no libc name")
        proc = run_python(
            "import efn\n"
            "try:\n"
            "    efn.load_library()\n"
            "except efn.LibraryNotFound as e:\n"
            "    print('refused:', e)\n",
            EFN_LIBRARY=libc)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("is not libefn", proc.stdout)

    def test_version_mismatch(self):
        proc = run_python(
            "import efn\n"
            "from efn import _capi\n"
            "_capi.EXPECTED = 99999\n"
            "try:\n"
            "    _capi.load()\n"
            "except efn.VersionMismatch as e:\n"
            "    assert isinstance(e, efn.Error)\n"
            "    print('mismatch:', e)\n")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("mismatch:", proc.stdout)
        self.assertIn("9.99.99", proc.stdout)
        self.assertIn("0.1.0", proc.stdout)

    def test_missing_function(self):
        """A library without a function of the table is refused by name."""
        proc = run_python(
            "import ctypes, efn\n"
            "from efn import _capi\n"
            "_capi.FUNCTIONS.append(('efn_from_the_future', [], ctypes.c_int,"
            " None))\n"
            "try:\n"
            "    _capi.load()\n"
            "except efn.VersionMismatch as e:\n"
            "    print('refused:', e)\n")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("refused:", proc.stdout)
        self.assertIn("efn_from_the_future", proc.stdout)

    def test_explicit_path(self):
        path = efn.library_path()
        proc = run_python(
            "import efn\n"
            "print(efn.load_library(%r))\n"
            "print(efn.Network.default().title)\n" % path,
            EFN_LIBRARY=None)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn(path, proc.stdout)

    def test_build_tree_search(self):
        """Without EFN_LIBRARY the package looks in build*/ above it."""
        built = sorted(PACKAGE_DIR.parents[1].glob("build*/libefn.so*"))
        if not built:
            self.fail("no build tree inside the source tree")
        proc = run_python(
            "import efn\n"
            "from efn import _capi\n"
            "c = _capi.candidates()\n"
            "print(c[0][1])\n"
            "print('|'.join(w for w, h in c if h == 'build tree'))\n"
            "try:\n"
            "    print(efn.load_library())\n"
            "except efn.VersionMismatch as e:\n"
            "    print('another version:', e)\n",
            EFN_LIBRARY=None)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        how, paths, loaded = proc.stdout.splitlines()[:3]
        self.assertEqual(how, "build tree")
        paths = paths.split("|")
        if (PACKAGE_DIR.parents[1] / "build" / "libefn.so").exists():
            self.assertEqual(pathlib.Path(paths[0]).parent.name, "build")
        # One of them loaded (or, of another version, was refused by name).
        self.assertTrue(any(p in loaded for p in paths), loaded)

    def test_candidate_order(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp)
            pkg = root / "bindings" / "python" / "efn"
            pkg.mkdir(parents=True)
            for d in ("build-old", "build-new", "build"):
                (root / d).mkdir()
                for n in ("libefn.so", "libefn.so.0", "libefn.so.0.1.0"):
                    (root / d / n).write_bytes(b"")
            now = time.time()
            os.utime(root / "build-old" / "libefn.so", (now - 100, now - 100))
            os.utime(root / "build-new" / "libefn.so", (now, now))
            found = _capi._build_tree_candidates(pkg)
            self.assertEqual([(p.parent.name, p.name) for p in found],
                             [("build", "libefn.so"),
                              ("build-new", "libefn.so"),
                              ("build-old", "libefn.so")])

    def test_candidates_with_env(self):
        old = os.environ.get("EFN_LIBRARY")
        os.environ["EFN_LIBRARY"] = "/some/where/libefn.so"
        try:
            self.assertEqual(_capi.candidates(),
                             [("/some/where/libefn.so", "EFN_LIBRARY")])
        finally:
            if old is None:
                del os.environ["EFN_LIBRARY"]
            else:
                os.environ["EFN_LIBRARY"] = old


if __name__ == "__main__":
    unittest.main()
