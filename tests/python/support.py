"""What the Python tests share: paths, the `efn` command, comparisons.

CTest (tests/python.cmake) sets EFN_LIBRARY (the library built), EFN_CLI
(the command built) and PYTHONPATH (bindings/python). Run by hand from the
source tree, the package and the command are found in ./build*.
"""

import json
import os
import pathlib
import subprocess
import sys
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
CORRIDOR = ROOT / "examples" / "data" / "corridor.json"
PACKAGE_DIR = ROOT / "bindings" / "python"
INCLUDE = ROOT / "include"

try:  # on PYTHONPATH (CTest), else straight from the source tree
    import efn
except ImportError:
    sys.path.insert(0, str(PACKAGE_DIR))
    import efn

__all__ = ["ROOT", "DATA", "CORRIDOR", "PACKAGE_DIR", "INCLUDE", "CLI",
           "efn", "child_env", "run_python", "run_cli", "cli_has",
           "cli_json"]


def _find_cli():
    env = os.environ.get("EFN_CLI")
    if env:
        return env
    for build in sorted(ROOT.glob("build*"), key=lambda p: p.name != "build"):
        path = build / "bindings" / "cli" / "efn"
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    return None


CLI = _find_cli()


def child_env(**extra):
    """The environment for a child process: this one, with the package on
    PYTHONPATH and no bytecode written into the source tree."""
    env = dict(os.environ)
    paths = [str(PACKAGE_DIR)]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_python(code, **env):
    """Runs `code` in a fresh interpreter (this one); returns the
    CompletedProcess."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True,
                          text=True, env=child_env(**env), timeout=300)


def run_cli(*args):
    """Runs the `efn` command; returns (exit status, stdout, stderr)."""
    if CLI is None:
        raise AssertionError("the efn command was not found (set EFN_CLI)")
    proc = subprocess.run([CLI, *map(str, args)], capture_output=True,
                          text=True, timeout=600)
    return proc.returncode, proc.stdout, proc.stderr


def cli_has(command):
    """Whether the command knows `command` (trace, depend, owners... may
    come later than the library)."""
    rc, out, err = run_cli(command, str(DATA / "flow_diamond.json"), "--json")
    return "unknown command" not in err


def cli_json(*args):
    """The JSON the command prints for `args` (with --json added); fails the
    test when it exits non-zero."""
    rc, out, err = run_cli(*args, "--json")
    if rc != 0:
        raise AssertionError("efn %s --json exited %d: %s"
                             % (" ".join(map(str, args)), rc, err))
    return json.loads(out)
