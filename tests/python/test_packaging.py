"""The package builds without setuptools or a network: the in-tree PEP 517
backend (bindings/python/efn_build.py) called directly, and through pip
with --no-build-isolation; the wheel installs and imports."""

import base64
import csv
import hashlib
import importlib
import io
import os
import pathlib
import subprocess
import sys
import tarfile
import tempfile
import unittest
import zipfile

from support import PACKAGE_DIR, child_env, efn

DIST_INFO = "efn-%s.dist-info" % efn.__version__
WHEEL = "efn-%s-py3-none-any.whl" % efn.__version__


def backend():
    if str(PACKAGE_DIR) not in sys.path:
        sys.path.insert(0, str(PACKAGE_DIR))
    import efn_build
    return importlib.reload(efn_build)


def package_sources():
    return sorted(p.relative_to(PACKAGE_DIR).as_posix()
                  for p in (PACKAGE_DIR / "efn").rglob("*.py")
                  if "__pycache__" not in p.parts)


def check_wheel(test, path):
    """The wheel's contents and its RECORD."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        for src in package_sources():
            test.assertIn(src, names)
            test.assertEqual(zf.read(src), (PACKAGE_DIR / src).read_bytes())
        test.assertFalse([n for n in names if "__pycache__" in n
                          or n.endswith(".pyc")])
        meta = zf.read(DIST_INFO + "/METADATA").decode("utf-8")
        test.assertIn("Name: efn\n", meta)
        test.assertIn("Version: %s\n" % efn.__version__, meta)
        test.assertIn("License: GPL-3.0-or-later", meta)
        wheel = zf.read(DIST_INFO + "/WHEEL").decode("utf-8")
        test.assertIn("Root-Is-Purelib: true", wheel)
        test.assertIn("Tag: py3-none-any", wheel)
        test.assertEqual(zf.read(DIST_INFO + "/top_level.txt"), b"efn\n")
        record = list(csv.reader(io.StringIO(
            zf.read(DIST_INFO + "/RECORD").decode("utf-8"))))
        test.assertEqual(names[-1], DIST_INFO + "/RECORD")
        listed = {row[0] for row in record}
        test.assertEqual(listed, set(names))
        for name, digest, size in record:
            if name == DIST_INFO + "/RECORD":
                test.assertEqual((digest, size), ("", ""))
                continue
            data = zf.read(name)
            expect = base64.urlsafe_b64encode(
                hashlib.sha256(data).digest()).rstrip(b"=").decode()
            test.assertEqual(digest, "sha256=" + expect, name)
            test.assertEqual(int(size), len(data), name)
        test.assertIsNone(zf.testzip())


class TestBackend(unittest.TestCase):

    def test_requires_nothing(self):
        b = backend()
        self.assertEqual(b.get_requires_for_build_wheel(), [])
        self.assertEqual(b.get_requires_for_build_sdist(), [])
        self.assertEqual(b.get_requires_for_build_editable(), [])

    def test_pyproject(self):
        text = (PACKAGE_DIR / "pyproject.toml").read_text(encoding="utf-8")
        self.assertIn('build-backend = "efn_build"', text)
        self.assertIn('backend-path = ["."]', text)
        self.assertRegex(text, r"requires\s*=\s*\[\]")
        b = backend()
        self.assertEqual(b._mini_toml(text), b._load_toml(
            PACKAGE_DIR / "pyproject.toml"))
        self.assertEqual(b._project()["version"], efn.__version__)

    def test_build_wheel(self):
        b = backend()
        with tempfile.TemporaryDirectory() as tmp:
            name = b.build_wheel(tmp)
            self.assertEqual(name, WHEEL)
            check_wheel(self, pathlib.Path(tmp) / name)
            first = (pathlib.Path(tmp) / name).read_bytes()
            os.remove(pathlib.Path(tmp) / name)
            b.build_wheel(tmp)
            self.assertEqual((pathlib.Path(tmp) / name).read_bytes(), first,
                             "the build is reproducible")

    def test_prepare_metadata(self):
        b = backend()
        with tempfile.TemporaryDirectory() as tmp:
            d = b.prepare_metadata_for_build_wheel(tmp)
            self.assertEqual(d, DIST_INFO)
            meta = (pathlib.Path(tmp) / d / "METADATA").read_text()
            self.assertIn("Version: %s" % efn.__version__, meta)

    def test_build_sdist(self):
        b = backend()
        with tempfile.TemporaryDirectory() as tmp:
            name = b.build_sdist(tmp)
            self.assertEqual(name, "efn-%s.tar.gz" % efn.__version__)
            with tarfile.open(pathlib.Path(tmp) / name) as tf:
                names = tf.getnames()
            base = "efn-%s/" % efn.__version__
            for need in ("pyproject.toml", "efn_build.py", "PKG-INFO",
                         "README.md", *package_sources()):
                self.assertIn(base + need, names)
            # The sdist builds a wheel by itself.
            src = pathlib.Path(tmp) / "src"
            with tarfile.open(pathlib.Path(tmp) / name) as tf:
                tf.extractall(src)
            out = pathlib.Path(tmp) / "out"
            out.mkdir()
            proc = subprocess.run(
                [sys.executable, "-c",
                 "import sys, efn_build; print(efn_build.build_wheel(%r))"
                 % str(out)],
                cwd=src / base, capture_output=True, text=True,
                env=child_env(PYTHONPATH=str(src / base)))
            self.assertEqual(proc.returncode, 0, proc.stderr)
            check_wheel(self, out / WHEEL)

    def test_build_editable(self):
        b = backend()
        with tempfile.TemporaryDirectory() as tmp:
            name = b.build_editable(tmp)
            with zipfile.ZipFile(pathlib.Path(tmp) / name) as zf:
                pth = [n for n in zf.namelist() if n.endswith(".pth")]
                self.assertEqual(len(pth), 1)
                self.assertEqual(zf.read(pth[0]).decode().strip(),
                                 str(PACKAGE_DIR.resolve()))


def has_pip():
    proc = subprocess.run([sys.executable, "-m", "pip", "--version"],
                          capture_output=True, text=True)
    return proc.returncode == 0


class TestPip(unittest.TestCase):
    """Both interpreters have pip: make check installs python3-pip."""

    def test_pip_available(self):
        self.assertTrue(has_pip(), "pip is not available to this interpreter")

    def pip(self, *args):
        env = child_env(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
                        PIP_NO_CACHE_DIR="1", PIP_NO_INPUT="1")
        env.pop("PYTHONPATH", None)
        return subprocess.run([sys.executable, "-m", "pip", *args],
                              capture_output=True, text=True, env=env,
                              timeout=600)

    def test_wheel_install_import(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            proc = self.pip("wheel", "--no-build-isolation", "--no-deps",
                            "--no-index", "-w", str(tmp / "dist"),
                            str(PACKAGE_DIR))
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            wheel = tmp / "dist" / WHEEL
            check_wheel(self, wheel)
            proc = self.pip("install", "--no-index", "--no-deps",
                            "--target", str(tmp / "site"), str(wheel))
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            self.assertTrue((tmp / "site" / DIST_INFO / "RECORD").is_file())
            # Installed away from the tree: the library comes from
            # EFN_LIBRARY, the bundled network from EFN_DATA_DIR.
            code = ("import efn, pathlib\n"
                    "print(pathlib.Path(efn.__file__).parent)\n"
                    "print(efn.Network.default().flow().max_total)\n")
            env = child_env(
                PYTHONPATH=str(tmp / "site"),
                EFN_LIBRARY=efn.library_path(),
                EFN_DATA_DIR=str(PACKAGE_DIR.parents[1] / "examples" / "data"))
            env["PYTHONPATH"] = str(tmp / "site")
            proc = subprocess.run([sys.executable, "-c", code], cwd=tmp,
                                  capture_output=True, text=True, env=env)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            where, total = proc.stdout.split()
            self.assertEqual(pathlib.Path(where),
                             (tmp / "site" / "efn").resolve())
            self.assertAlmostEqual(float(total), 120.4, delta=1e-6)

    def test_source_tree_is_not_written(self):
        before = sorted(p.relative_to(PACKAGE_DIR).as_posix()
                        for p in PACKAGE_DIR.rglob("*")
                        if "__pycache__" not in p.parts)
        with tempfile.TemporaryDirectory() as tmp:
            proc = self.pip("wheel", "--no-build-isolation", "--no-deps",
                            "--no-index", "-w", tmp, str(PACKAGE_DIR))
            self.assertEqual(proc.returncode, 0, proc.stderr)
        after = sorted(p.relative_to(PACKAGE_DIR).as_posix()
                       for p in PACKAGE_DIR.rglob("*")
                       if "__pycache__" not in p.parts)
        self.assertEqual(before, after)


if __name__ == "__main__":
    unittest.main()
