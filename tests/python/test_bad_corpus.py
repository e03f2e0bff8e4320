"""The whole bad-input corpus (tests/bad, expected.tsv) through Python.

Each broken network must raise efn.InvalidInput whose message names the
file and the JSON path given in expected.tsv and contains its text; each
broken scenario must do the same when loaded or applied to
tests/bad/scenarios/base.json. The C test (test_bad_input) and the command
test (tests/cli/test_cli.sh) check the same table.
"""

import unittest

from support import ROOT, efn

BAD = ROOT / "tests" / "bad"


def cases():
    for line in (BAD / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        name, path, text = line.split("\t")
        yield name, path, text


class TestBadCorpus(unittest.TestCase):

    def expect(self, exc, name, path, text):
        msg = exc.message
        where = f"{BAD / name}: {path}: " if path else f"{BAD / name}: "
        self.assertIn(where, msg, f"{name}: {msg}")
        self.assertIn(text, msg, f"{name}: {msg}")

    def test_corpus(self):
        seen = 0
        base = efn.Network.load(BAD / "scenarios" / "base.json")
        try:
            for name, path, text in cases():
                with self.subTest(name=name):
                    if name.startswith("scenarios/"):
                        with self.assertRaises(efn.InvalidInput) as cm:
                            scn = efn.Scenario.load(BAD / name)
                            with scn, base.with_scenario(scn):
                                pass
                    else:
                        with self.assertRaises(efn.InvalidInput) as cm:
                            efn.Network.load(BAD / name)
                    self.expect(cm.exception, name, path, text)
                    seen += 1
        finally:
            base.close()
        self.assertGreaterEqual(seen, 60)


if __name__ == "__main__":
    unittest.main()
