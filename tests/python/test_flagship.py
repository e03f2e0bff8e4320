"""examples/python/flagship.py: the flagship report from Python. It must
reproduce the C flagship program (examples/east_west_corridor.c) line for
line, and its key figures must match the values worked out by hand."""

import json
import os
import pathlib
import subprocess
import sys
import unittest

from support import CLI, CORRIDOR, ROOT, child_env, efn

SCRIPT = ROOT / "examples" / "python" / "flagship.py"


def c_flagship():
    """The C flagship program, when it was built."""
    env = os.environ.get("EFN_FLAGSHIP_C")
    if env:
        return env
    if CLI:
        path = pathlib.Path(CLI).resolve().parents[2] / "examples" / \
            "east_west_corridor"
        if path.is_file():
            return str(path)
    return None


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)],
                          capture_output=True, text=True, env=child_env(),
                          timeout=300)


class TestFlagship(unittest.TestCase):

    def test_check(self):
        """The key figures against the values worked out by hand (the same
        as the C program's). When the C program's own check fails, the data
        has moved ahead of the hand-worked figures of both, and the two
        programs must agree on that."""
        proc = run("--check")
        self.assertIn("Türkiye ", proc.stdout)
        program = c_flagship()
        if program is not None:
            c = subprocess.run([program, "--check"], capture_output=True,
                               text=True, timeout=300)
            if c.returncode != 0:
                self.assertNotEqual(proc.returncode, 0,
                                    "the C flagship's check fails, the "
                                    "Python one passes")
                self.fail("the C flagship's own check fails: "
                              + c.stderr.strip().splitlines()[-1])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("key figures match the hand-worked values",
                      proc.stdout)

    def test_same_report_as_the_c_program(self):
        program = c_flagship()
        if program is None:
            self.fail("the C flagship program was not built")
        c = subprocess.run([program], capture_output=True, text=True,
                           timeout=300)
        self.assertEqual(c.returncode, 0, c.stderr)
        py = run()
        self.assertEqual(py.returncode, 0, py.stderr)
        self.assertEqual(py.stdout.splitlines(), c.stdout.splitlines())

    def test_figures_match_the_api(self):
        proc = run("--json", CORRIDOR)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        f = json.loads(proc.stdout)
        with efn.Network.load(CORRIDOR) as net:
            dep = net.dependency("gas", 2023, observed=True)
            own = net.ownership(2023)
        self.assertEqual(f["markets"]["turkiye"]["hhi"], dep.hhi("turkiye"))
        self.assertEqual(f["markets"]["turkiye"]["suppliers"],
                         dep.shares("turkiye"))
        self.assertEqual(f["markets"]["georgia"]["suppliers"], {"AZ": 1})
        self.assertAlmostEqual(f["europe"]["hhi"], 1e4 * 324.2 / 645.16,
                               delta=1e-6)
        for asset in ("scp", "tanap", "tap", "btc"):
            self.assertEqual(f["stakes"][asset]["turkiye_percent"],
                             own.country_share("TR", asset))
        self.assertEqual(f["stakes"]["btc"]["unit"], "Mt/y")

    def test_bad_network(self):
        proc = run("/nonexistent/net.json")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("/nonexistent/net.json", proc.stderr)


if __name__ == "__main__":
    unittest.main()
