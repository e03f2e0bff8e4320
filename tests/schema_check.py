#!/usr/bin/python3
"""Validate efn JSON files against the format's JSON Schema.

Usage:
    /usr/bin/python3 tests/schema_check.py [--expect-invalid] [--semantic]
                                           [--quiet] SCHEMA FILE...

Each FILE is validated with jsonschema's Draft202012Validator against
SCHEMA (docs/schema/network.schema.json or docs/schema/scenario.schema.json).
Every error is printed as "FILE: JSON-PATH: message". Schemas beside SCHEMA
(every *.schema.json in its folder) are loaded too, so the scenario schema's
references into the network schema resolve without any network access.
JSON that a parser accepts but efn does not is also an error: NaN and
Infinity, numbers beyond a double's range, lone UTF-16 surrogates, nesting
deeper than 64 levels.

--semantic   also run the network checks a JSON Schema cannot express: unique
             ids, route nodes that exist and do not repeat in a row,
             end_year after start_year, stake owners that exist and appear
             once, shares summing to at most 100, segments on the route,
             citations among metadata.sources, ownership cycles with no
             outside owner, duplicate keys in a JSON object, year-series
             keys from 1800 to 2300, quantities that overflow once converted.
             (A scenario's ids are checked only when efn applies it.)
--expect-invalid
             assert that every FILE fails (for a corpus of bad inputs).
--quiet      print only errors and the summary.

Exit status: 0 when every file is valid (with --expect-invalid: when every
file is invalid), 1 otherwise, 2 for a usage error or an unusable schema.

Needs Debian's python3-jsonschema (apt-get install -y python3-jsonschema).
"""

import argparse
import glob
import json
import math
import os
import pathlib
import re
import sys

try:
    import jsonschema
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match
except ImportError:  # pragma: no cover - depends on the machine
    sys.stderr.write("schema_check.py: the jsonschema module is missing; "
                     "install Debian's python3-jsonschema\n")
    sys.exit(2)

MAX_MESSAGE = 240
SHARE_TOLERANCE = 1e-6  # as the library: rounding in published shares
MAX_DEPTH = 64  # the library's nesting limit for untrusted input
MIN_YEAR, MAX_YEAR = 1800, 2300  # the library's year range
DAYS = 365.0
# Factor to the canonical unit; ("gas", k) means k / gas_twh_per_bcm and
# ("oil", k) k / oil_bbl_per_tonne (see docs/format.md, "Units").
UNIT_FACTORS = {
    "gas": {"bcm/y": 1.0, "mcm/d": DAYS / 1000, "mcm/y": 0.001,
            "bcf/d": 0.028316846592 * DAYS, "TWh/y": ("gas", 1.0),
            "GWh/d": ("gas", DAYS / 1000)},
    "oil": {"Mt/y": 1.0, "t/d": DAYS / 1e6, "b/d": ("oil", DAYS / 1e6),
            "kb/d": ("oil", DAYS / 1e3), "Mb/d": ("oil", DAYS),
            "mb/d": ("oil", DAYS)},
    "electricity": {"TWh/y": 1.0, "GWh/d": DAYS / 1000, "GW": 8.76,
                    "MW": 0.00876},
}
TEXT_QUANTITY = re.compile(
    r"^\s*(\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(\S.*?)\s*$")


# ---- loading ---------------------------------------------------------------

class DuplicateKeys(Exception):
    pass


def _pairs_hook(pairs):
    obj = {}
    dups = []
    for key, value in pairs:
        if key in obj:
            dups.append(key)
        obj[key] = value
    if dups:
        obj["\x00duplicate_keys"] = dups
    return obj


def _reject_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is out of range")
    return value


def _finite_int(text):
    value = int(text)
    if abs(value) > sys.float_info.max:
        raise ValueError(f"number {text[:32]} is out of range")
    return value


def load_json(path, track_duplicates):
    """Strict JSON: no NaN or Infinity, no numbers beyond a double's range."""
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")
    return json.loads(text, parse_constant=_reject_constant,
                      parse_float=_finite_float, parse_int=_finite_int,
                      object_pairs_hook=_pairs_hook if track_duplicates else None)


def json_level_errors(value):
    """What a JSON parser accepts but efn does not: nesting deeper than
    MAX_DEPTH levels and strings that are not valid Unicode (lone UTF-16
    surrogates written as \\u escapes)."""
    errors = []
    stack = [(value, "$", 1)]
    deep_reported = False
    while stack:
        v, path, depth = stack.pop()
        if isinstance(v, (dict, list)):
            if depth > MAX_DEPTH and not deep_reported:
                errors.append((path, f"JSON nested deeper than {MAX_DEPTH} levels"))
                deep_reported = True
                continue
            items = v.items() if isinstance(v, dict) else enumerate(v)
            for k, c in items:
                if isinstance(k, str) and not _valid_unicode(k):
                    errors.append((path, "a key is not valid Unicode (lone surrogate)"))
                sub = f"{path}.{k}" if isinstance(v, dict) else f"{path}[{k}]"
                stack.append((c, sub, depth + 1))
        elif isinstance(v, str) and not _valid_unicode(v):
            errors.append((path, "string is not valid Unicode (lone surrogate)"))
    return errors


def _valid_unicode(text):
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def strip_duplicate_markers(value, path, found):
    """Removes the markers left by _pairs_hook, collecting (path, key)."""
    if isinstance(value, dict):
        dups = value.pop("\x00duplicate_keys", None)
        for key in dups or []:
            found.append((path, key))
        for key, child in value.items():
            strip_duplicate_markers(child, f"{path}.{key}", found)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            strip_duplicate_markers(child, f"{path}[{i}]", found)


def make_validator(schema_path):
    schema_path = os.path.abspath(schema_path)
    schema = load_json(schema_path, False)
    Draft202012Validator.check_schema(schema)
    store = {}
    folder = os.path.dirname(schema_path)
    for other in sorted(glob.glob(os.path.join(folder, "*.schema.json"))):
        doc = load_json(other, False)
        uri = pathlib.Path(other).as_uri()
        store[uri] = doc
        if isinstance(doc, dict) and isinstance(doc.get("$id"), str):
            store[doc["$id"]] = doc
    try:  # jsonschema >= 4.18 resolves references through `referencing`
        import referencing
        import referencing.jsonschema

        resources = [(uri, referencing.Resource.from_contents(
            doc, default_specification=referencing.jsonschema.DRAFT202012))
            for uri, doc in store.items()]
        registry = referencing.Registry().with_resources(resources)
        return Draft202012Validator(schema, registry=registry)
    except ImportError:
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        return Draft202012Validator(schema, resolver=resolver)


# ---- reporting ---------------------------------------------------------------

def short(text):
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 3] + "..."


def _leaves(error):
    if not error.context:
        return [error]
    out = []
    for sub in error.context:
        out += _leaves(sub)
    return out


def leaf(error):
    """The most telling error under anyOf/oneOf branches.

    A quantity may take several forms (number, text, object, year series),
    so a failing one yields an error per form; "is not of type" errors of
    the forms the value plainly is not are dropped, and an object with
    'value' or 'unit' is judged as an annotated quantity, any other object
    as a year series.
    """
    if not error.context or _custom(error):
        return error
    leaves = _leaves(error)
    pool = [e for e in leaves if e.validator != "type"] or leaves
    inst = error.instance
    if isinstance(inst, dict):
        series = ("additionalProperties", "minProperties")
        if "value" in inst or "unit" in inst:
            pref = [e for e in pool if e.validator not in series
                    or len(e.absolute_path) > len(error.absolute_path)]
        else:
            pref = [e for e in pool if e.validator in series
                    or len(e.absolute_path) > len(error.absolute_path)]
        pool = pref or pool
    depth = max(len(e.absolute_path) for e in pool)
    pool = [e for e in pool if len(e.absolute_path) == depth]
    return best_match(pool) if len(pool) > 1 else pool[0]


def _custom(error):
    """The schema's own wording for this error ("x-error"), if it has one."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    msg = schema.get("x-error")
    return msg if isinstance(msg, str) else None


def describe(error):
    """The message, with the expected form for pattern mismatches."""
    if _custom(error):
        return _custom(error)
    if error.validator == "pattern" and isinstance(error.schema, dict):
        desc = error.schema.get("description")
        if desc:
            return f"{error.instance!r} is not valid: expected {desc}"
    return error.message


def schema_errors(validator, doc):
    out = []
    for error in sorted(validator.iter_errors(doc),
                        key=lambda e: [str(p) for p in e.absolute_path]):
        detail = leaf(error)
        out.append((detail.json_path, short(describe(detail))))
    return out


# ---- semantic checks (networks) ------------------------------------------------

def _is_year_key(key):
    return isinstance(key, str) and len(key) == 4 and key.isdigit()


def _source_keys(value):
    """Citation keys of a quantity or object: 'source' and 'sources'."""
    keys = []
    if isinstance(value, dict):
        if isinstance(value.get("source"), str):
            keys.append(("source", value["source"]))
        if isinstance(value.get("sources"), list):
            keys += [(f"sources[{i}]", k) for i, k in
                     enumerate(value["sources"]) if isinstance(k, str)]
    return keys


def _quantity_citations(q, path):
    """(path, key) of every citation inside a quantity (scalar or series)."""
    out = []
    if isinstance(q, dict):
        if "value" in q or "unit" in q:
            out += [(f"{path}.{sub}", k) for sub, k in _source_keys(q)]
        else:
            for year, entry in q.items():
                if isinstance(entry, dict):
                    out += [(f"{path}.{year}.{sub}", k)
                            for sub, k in _source_keys(entry)]
    return out


def _check_stake_list(stakes, path, owner_ids, errors):
    if not isinstance(stakes, list):
        return
    seen = set()
    total = 0.0
    for i, s in enumerate(stakes):
        if not isinstance(s, dict):
            continue
        owner = s.get("owner")
        if isinstance(owner, str):
            if owner not in owner_ids:
                errors.append((f"{path}[{i}].owner", f"unknown owner '{owner}'"))
            elif owner in seen:
                errors.append((f"{path}[{i}].owner",
                               f"owner '{owner}' is listed twice"))
            seen.add(owner)
        share = s.get("share")
        if isinstance(share, (int, float)) and not isinstance(share, bool):
            total += share
    if total > 100 + SHARE_TOLERANCE:
        errors.append((path, f"shares sum to {total:.6g}%, expected at most 100%"))


def semantic_errors(doc):
    errors = []
    if not isinstance(doc, dict) or doc.get("kind") != "network":
        return errors
    nodes = doc.get("nodes") if isinstance(doc.get("nodes"), list) else []
    assets = doc.get("assets") if isinstance(doc.get("assets"), list) else []
    owners = doc.get("owners") if isinstance(doc.get("owners"), list) else []
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    sources = meta.get("sources") if isinstance(meta.get("sources"), dict) else None

    def ids_of(items, label):
        found = {}
        for i, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                if item["id"] in found:
                    errors.append((f"$.{label}[{i}].id",
                                   f"duplicate {label[:-1]} id '{item['id']}'; "
                                   f"first used by {label}[{found[item['id']]}]"))
                else:
                    found[item["id"]] = i
        return found

    node_ids = ids_of(nodes, "nodes")
    ids_of(assets, "assets")
    owner_ids = ids_of(owners, "owners")

    citations = []  # (path, key)

    for i, n in enumerate(nodes):
        if not isinstance(n, dict):
            continue
        base = f"$.nodes[{i}]"
        citations += [(f"{base}.{sub}", k) for sub, k in _source_keys(n)]
        for group in ("supply", "demand", "peak_demand"):
            per = n.get(group)
            if isinstance(per, dict):
                for com, q in per.items():
                    citations += _quantity_citations(q, f"{base}.{group}.{com}")

    for i, o in enumerate(owners):
        if not isinstance(o, dict):
            continue
        base = f"$.owners[{i}]"
        citations += [(f"{base}.{sub}", k) for sub, k in _source_keys(o)]
        _check_stake_list(o.get("owners"), f"{base}.owners", owner_ids, errors)

    for i, a in enumerate(assets):
        if not isinstance(a, dict):
            continue
        base = f"$.assets[{i}]"
        citations += [(f"{base}.{sub}", k) for sub, k in _source_keys(a)]
        for key in ("capacity", "flow"):
            citations += _quantity_citations(a.get(key), f"{base}.{key}")
        route = a.get("route") if isinstance(a.get("route"), list) else []
        for k, nid in enumerate(route):
            if isinstance(nid, str) and nid not in node_ids:
                errors.append((f"{base}.route[{k}]", f"unknown node '{nid}'"))
            if k > 0 and nid == route[k - 1]:
                errors.append((f"{base}.route[{k}]",
                               f"node '{nid}' follows itself"))
        sy, ey = a.get("start_year"), a.get("end_year")
        if isinstance(sy, int) and isinstance(ey, int) and ey <= sy:
            errors.append((f"{base}.end_year",
                           f"end_year {ey} is not after start_year {sy}"))
        stakes = a.get("stakes")
        if isinstance(stakes, list):
            _check_stake_list(stakes, f"{base}.stakes", owner_ids, errors)
        elif isinstance(stakes, dict):
            for year, lst in stakes.items():
                if _is_year_key(year):
                    _check_stake_list(lst, f"{base}.stakes.{year}", owner_ids,
                                      errors)
        pairs = list(zip(route, route[1:]))
        seen = set()
        segs = a.get("segments") if isinstance(a.get("segments"), list) else []
        for k, s in enumerate(segs):
            if not isinstance(s, dict):
                continue
            sp = f"{base}.segments[{k}]"
            citations += [(f"{sp}.{sub}", key) for sub, key in _source_keys(s)]
            for key in ("capacity", "flow"):
                citations += _quantity_citations(s.get(key), f"{sp}.{key}")
            pair = (s.get("from"), s.get("to"))
            if pair not in pairs:
                errors.append((sp, f"{pair[0]} -> {pair[1]} is not a segment "
                                   "of the route"))
            elif pair in seen:
                errors.append((sp, f"segment {pair[0]} -> {pair[1]} given twice"))
            seen.add(pair)

    conv = doc.get("conventions") if isinstance(doc.get("conventions"), dict) else {}
    factors = {"gas": conv.get("gas_twh_per_bcm", 10.55),
               "oil": conv.get("oil_bbl_per_tonne", 7.33)}
    for path, q, com in _all_quantities(nodes, assets):
        errors += _quantity_range_errors(q, path, com, factors)

    if sources is not None:
        for path, key in citations:
            if key not in sources:
                errors.append((path, f"unknown source '{key}'; not a key of "
                                     "metadata.sources"))

    errors += _ownership_cycles(owners)
    return errors


def _all_quantities(nodes, assets):
    """(path, quantity, commodity or None) of every quantity, stakes and tariffs
    included (their commodity is None)."""
    out = []
    for i, n in enumerate(nodes):
        if not isinstance(n, dict):
            continue
        for group in ("supply", "demand", "peak_demand"):
            per = n.get(group)
            if isinstance(per, dict):
                for com, q in per.items():
                    out.append((f"$.nodes[{i}].{group}.{com}", q, com))
    for i, a in enumerate(assets):
        if not isinstance(a, dict):
            continue
        com = a.get("commodity")
        base = f"$.assets[{i}]"
        for key in ("capacity", "flow"):
            if key in a:
                out.append((f"{base}.{key}", a[key], com))
        for key in ("tariff", "stakes"):
            if key in a:
                out.append((f"{base}.{key}", a[key], None))
        segs = a.get("segments") if isinstance(a.get("segments"), list) else []
        for k, sg in enumerate(segs):
            if isinstance(sg, dict):
                for key in ("capacity", "flow"):
                    if key in sg:
                        out.append((f"{base}.segments[{k}].{key}", sg[key], com))
    return out


def _factor(com, unit, factors):
    f = UNIT_FACTORS.get(com, {}).get(unit)
    if isinstance(f, tuple):
        basis, k = f
        d = factors.get(basis)
        return k / d if isinstance(d, (int, float)) and d > 0 else None
    return f


def _quantity_range_errors(q, path, com, factors):
    """Series years outside the library's range; values that overflow once
    converted to the canonical unit."""
    errors = []
    if isinstance(q, dict) and "value" not in q and "unit" not in q:
        for year, entry in q.items():
            if _is_year_key(year) and not MIN_YEAR <= int(year) <= MAX_YEAR:
                errors.append((path, f"year series key '{year}' is not a year "
                                     f"from {MIN_YEAR} to {MAX_YEAR}"))
            errors += _scalar_range_errors(entry, f"{path}.{year}", com, factors)
    else:
        errors += _scalar_range_errors(q, path, com, factors)
    return errors


def _scalar_range_errors(q, path, com, factors):
    value, unit = None, None
    if isinstance(q, str):
        m = TEXT_QUANTITY.match(q)
        if m:
            value, unit = float(m.group(1)), m.group(2)
    elif isinstance(q, dict) and isinstance(q.get("value"), (int, float)):
        value, unit = float(q["value"]), q.get("unit")
    if value is None or com not in UNIT_FACTORS:
        return []
    f = 1.0 if unit is None else _factor(com, unit, factors)
    if f is not None and not math.isfinite(value * f):
        return [(path, f"quantity {q!r} is out of range once converted")]
    if not math.isfinite(value):
        return [(path, f"quantity {q!r} is out of range")]
    return []


def _ownership_cycles(owners):
    """Groups of owners that own each other entirely, with no outside owner."""
    parents = {}
    index = {}
    for i, o in enumerate(owners):
        if isinstance(o, dict) and isinstance(o.get("id"), str):
            index[o["id"]] = i
            lst = o.get("owners") if isinstance(o.get("owners"), list) else []
            parents[o["id"]] = [(p.get("owner"), p.get("share", 0)) for p in lst
                                if isinstance(p, dict)]
    # Tarjan's strongly connected components over owner -> parent edges.
    sys.setrecursionlimit(max(1000, 4 * len(parents) + 100))
    order, low, stack, on, comps = {}, {}, [], set(), []

    def visit(v):
        order[v] = low[v] = len(order)
        stack.append(v)
        on.add(v)
        for p, _ in parents.get(v, []):
            if p not in parents:
                continue
            if p not in order:
                visit(p)
                low[v] = min(low[v], low[p])
            elif p in on:
                low[v] = min(low[v], order[p])
        if low[v] == order[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            comps.append(comp)

    for v in parents:
        if v not in order:
            visit(v)
    errors = []
    for comp in comps:
        members = set(comp)
        if len(comp) == 1 and not any(p == comp[0] for p, _ in parents[comp[0]]):
            continue
        closed = True
        for v in comp:
            inside = sum(s for p, s in parents[v] if p in members
                         and isinstance(s, (int, float)))
            if inside < 100 - SHARE_TOLERANCE:
                closed = False
        if closed:
            first = min(index[v] for v in comp)
            errors.append((f"$.owners[{first}].owners",
                           "ownership cycle with no outside owner: "
                           + ", ".join(sorted(comp)) + " own each other entirely"))
    return errors


# ---- main -------------------------------------------------------------------

def main(argv):
    ap = argparse.ArgumentParser(
        description="Validate efn JSON files against a JSON Schema.")
    ap.add_argument("--expect-invalid", action="store_true",
                    help="succeed only if every file is invalid")
    ap.add_argument("--semantic", action="store_true",
                    help="also run the network checks a schema cannot express")
    ap.add_argument("--quiet", action="store_true",
                    help="print only errors and the summary")
    ap.add_argument("schema")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args(argv)

    try:
        validator = make_validator(args.schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        sys.stderr.write(f"schema_check.py: {args.schema}: unusable schema: "
                         f"{short(e)}\n")
        return 2

    valid_count = invalid_count = 0
    unexpected = []
    for path in args.files:
        problems = []
        try:
            doc = load_json(path, args.semantic)
        except OSError as e:
            problems.append(("$", f"cannot read: {e.strerror or e}"))
            doc = None
        except UnicodeDecodeError as e:
            problems.append(("$", f"not UTF-8 text: {e}"))
            doc = None
        except ValueError as e:
            problems.append(("$", f"not valid JSON: {e}"))
            doc = None
        if doc is not None:
            problems += json_level_errors(doc)
            if args.semantic:
                dups = []
                strip_duplicate_markers(doc, "$", dups)
                problems += [(p, f"key '{k}' appears twice") for p, k in dups]
            problems += schema_errors(validator, doc)
            if args.semantic:
                problems += semantic_errors(doc)
        if problems:
            invalid_count += 1
            if not args.expect_invalid or not args.quiet:
                for jpath, message in problems:
                    print(f"{path}: {jpath}: {message}")
            if args.expect_invalid and not args.quiet:
                print(f"{path}: invalid, as expected ({len(problems)} "
                      f"problem{'s' if len(problems) != 1 else ''})")
        else:
            valid_count += 1
            if args.expect_invalid:
                print(f"{path}: valid, but expected to be invalid")
                unexpected.append(path)
            elif not args.quiet:
                print(f"{path}: valid")

    total = valid_count + invalid_count
    if args.expect_invalid:
        ok = valid_count == 0
        print(f"{invalid_count} of {total} file(s) invalid as expected"
              + ("" if ok else f"; {valid_count} unexpectedly valid"))
    else:
        ok = invalid_count == 0
        print(f"{valid_count} of {total} file(s) valid")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
