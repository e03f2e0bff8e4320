"""The binding against the C headers (libclang's cindex test pattern).

Parses include/efn.h and include/efn/*.h with a small C declaration reader
and checks, without loading the library:
  - every function in efn._capi.FUNCTIONS is exported (EFN_EXPORT) with the
    same number of parameters, each of the same kind (pointer, double,
    size_t, int-like), and returns void exactly when restype is None;
  - every exported function is in the table (the binding covers the API);
  - every constant the binding uses has the header's value, and every enum
    constant of the headers is in the binding;
  - every structure the binding declares has the header's fields, in order,
    of the same kinds;
  - the package's version matches EFN_VERSION_NUMBER and EFN_VERSION_STRING.
"""

import ast
import ctypes
import operator
import re
import unittest

from support import INCLUDE, PACKAGE_DIR, efn  # noqa: F401

from efn import _capi, _version, errors


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def split_top(text, sep=","):
    """Splits at `sep` outside parentheses and braces."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv,
        ast.LShift: operator.lshift, ast.BitOr: operator.or_,
        ast.USub: operator.neg, ast.UAdd: operator.pos}


def evaluate(expr, names):
    """Value of a C constant expression of numbers, known names and
    + - * / << |, or None when it is something else."""
    expr = re.sub(r"(?<=\d)[uUlL]+\b", "", expr.strip())
    expr = re.sub(r"\(\s*(?:unsigned|int|long|double)\s*\)", "", expr)
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError:
        return None

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value,
                                                         (int, float)):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in names and names[node.id] is not None:
                return names[node.id]
            raise KeyError(node.id)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.operand))
        raise KeyError(type(node).__name__)

    try:
        return ev(tree)
    except (KeyError, ZeroDivisionError):
        return None


class Headers:
    """What the public headers declare."""

    def __init__(self, include_dir):
        files = [include_dir / "efn.h", *sorted((include_dir / "efn").glob("*.h"))]
        self.files = [f for f in files if f.is_file()]
        self.functions = {}  # name -> (return type, [param types])
        self.constants = {}  # name -> value
        self.enum_constants = set()
        self.enums = {}      # typedef (or tag) name -> [constant names]
        self.structs = {}    # name -> [(field name, type text)]
        self.typedef_enums = set()
        self.typedef_structs = set()
        defines = {}
        for path in self.files:
            raw = path.read_text(encoding="utf-8")
            for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+"
                                 r"((?:[^\n\\]|\\\n)*)", raw, flags=re.M):
                defines[m.group(1)] = strip_comments(
                    m.group(2).replace("\\\n", " ")).strip()
            text = strip_comments(raw)
            text = re.sub(r"^[ \t]*#[^\n]*(?:\\\n[^\n]*)*", " ", text,
                          flags=re.M)
            self._functions(text, path)
            self._enums(text)
            self._structs(text)
        # #defines that are numbers (or expressions of them).
        for _ in range(4):
            for name, body in defines.items():
                if name not in self.constants:
                    value = evaluate(body, self.constants)
                    if value is not None:
                        self.constants[name] = value
        self.defines = defines

    def _functions(self, text, path):
        for m in re.finditer(r"\bEFN_EXPORT\b([^;{}]*?)\b(efn_\w+)\s*\("
                             r"([^;{}]*?)\)\s*;", text, flags=re.S):
            ret = " ".join(m.group(1).split())
            params = " ".join(m.group(3).split())
            params = [] if params in ("", "void") else split_top(params)
            name = m.group(2)
            if name in self.functions:
                raise AssertionError("%s declared twice" % name)
            self.functions[name] = (ret, params, path.name)

    def _enums(self, text):
        for m in re.finditer(r"\b(typedef\s+)?enum\s*(\w*)\s*\{(.*?)\}\s*(\w*)"
                             r"\s*;", text, flags=re.S):
            if m.group(4):
                self.typedef_enums.add(m.group(4))
            members = self.enums.setdefault(m.group(4) or m.group(2) or
                                            "<anonymous>", [])
            value = -1
            for entry in split_top(m.group(3)):
                name, _, expr = entry.partition("=")
                name = name.strip()
                if expr.strip():
                    value = evaluate(expr, self.constants)
                    if value is None:
                        raise AssertionError("cannot evaluate %s = %s"
                                             % (name, expr))
                else:
                    value += 1
                self.constants[name] = value
                self.enum_constants.add(name)
                members.append(name)

    def _structs(self, text):
        for m in re.finditer(r"\btypedef\s+struct\s+(\w+)\s*\{(.*?)\}\s*(\w+)"
                             r"\s*;", text, flags=re.S):
            fields = []
            for decl in m.group(2).split(";"):
                decl = " ".join(decl.split())
                if not decl:
                    continue
                # "double lat, lon" / "size_t from_node, to_node" /
                # "const char *id"
                fp = re.match(r"(.*?)\(\s*\*\s*(\w+)\s*\)\s*\(.*\)$", decl)
                if fp:  # a function pointer: int (*progress)(size_t, ...)
                    fields.append((fp.group(2), fp.group(1) + " (*)()"))
                    continue
                first, *rest = split_top(decl)
                fm = re.match(r"(.*?)([\s*]+)(\w+)$", first)
                base = fm.group(1).strip()
                stars = fm.group(2).count("*")
                fields.append((fm.group(3), base + " " + "*" * stars))
                for other in rest:
                    om = re.match(r"(\**)\s*(\w+)$", other.strip())
                    fields.append((om.group(2),
                                   base + " " + "*" * len(om.group(1))))
            self.structs[m.group(3)] = fields
            self.typedef_structs.add(m.group(3))
        for m in re.finditer(r"\btypedef\s+struct\s+\w+\s+(\w+)\s*;", text):
            self.typedef_structs.add(m.group(1))


# The integer types of the headers: (size in bytes, signed).
_C_INTEGERS = {
    "int": (ctypes.sizeof(ctypes.c_int), True),
    "unsigned": (ctypes.sizeof(ctypes.c_uint), False),
    "long": (ctypes.sizeof(ctypes.c_long), True),
    "size_t": (ctypes.sizeof(ctypes.c_size_t), False),
    "uint64_t": (8, False),
    "int64_t": (8, True),
    "uint32_t": (4, False),
    "int32_t": (4, True),
}


def c_kind(text, headers):
    """The kind of a C type (or parameter declaration): "pointer",
    "double", "void", or an integer as "i4", "u8" (signedness and size)."""
    text = " ".join(text.split())
    if "*" in text or "[" in text:
        return "pointer"
    words = [w for w in re.findall(r"\w+", text)
             if w not in ("const", "volatile", "struct", "enum")]
    if not words:
        raise AssertionError("no type in %r" % text)
    if words == ["void"]:
        return "void"
    # A parameter's last word is its name unless the whole is a type.
    types = words if len(words) == 1 else words[:-1]
    if "double" in types:
        return "double"
    if "unsigned" in types:
        types = ["unsigned"]
    for t in types:
        if t in _C_INTEGERS:
            size, signed = _C_INTEGERS[t]
            return "%s%d" % ("i" if signed else "u", size)
        if t in headers.typedef_enums:
            return "i%d" % ctypes.sizeof(ctypes.c_int)
    raise AssertionError("unknown C type in %r" % text)


def ctypes_kind(ctype):
    if ctype is None:
        return "void"
    if ctype in (ctypes.c_char_p, ctypes.c_void_p, ctypes.c_wchar_p):
        return "pointer"
    if isinstance(ctype, type) and issubclass(
            ctype, (ctypes._Pointer, ctypes._CFuncPtr)):
        return "pointer"
    if ctype in (ctypes.c_double,):
        return "double"
    if isinstance(getattr(ctype, "_type_", None), str) \
            and ctype._type_ in "bBhHiIlLqQ":
        signed = ctype(-1).value < 0
        return "%s%d" % ("i" if signed else "u", ctypes.sizeof(ctype))
    raise AssertionError("unexpected ctypes type %r" % (ctype,))


HEADERS = Headers(INCLUDE)


class TestHeaderParser(unittest.TestCase):
    """The reader itself, so that a silent parse failure cannot pass."""

    def test_reads_the_headers(self):
        names = {f.name for f in HEADERS.files}
        for h in ("efn.h", "common.h", "network.h", "flow.h", "n1.h",
                  "trace.h", "dependency.h", "ownership.h", "scenario.h",
                  "units.h", "graph.h"):
            self.assertIn(h, names)
        self.assertGreater(len(HEADERS.functions), 100)
        self.assertEqual(len(HEADERS.functions["efn_unit_convert"][1]), 6)
        self.assertEqual(HEADERS.functions["efn_version_number"][1], [])
        self.assertEqual(HEADERS.constants["EFN_ECANCELLED"], -8)
        self.assertEqual(HEADERS.constants["EFN_NODE_LNG"], 6)
        self.assertEqual(HEADERS.constants["EFN_N1_COUNTRIES"], 4)
        self.assertEqual([f for f, _ in HEADERS.structs["efn_node_info"]],
                         ["id", "name", "kind", "country", "has_coordinates",
                          "lat", "lon", "enabled"])

    def test_kinds(self):
        self.assertEqual(c_kind("const efn_scenario *const *scenarios",
                                HEADERS), "pointer")
        self.assertEqual(c_kind("size_t len", HEADERS),
                         "u%d" % ctypes.sizeof(ctypes.c_size_t))
        self.assertEqual(c_kind("efn_commodity commodity", HEADERS), "i4")
        self.assertEqual(c_kind("double", HEADERS), "double")
        self.assertEqual(c_kind("unsigned scope", HEADERS), "u4")
        self.assertEqual(c_kind("int (*progress)(size_t done, void *u)",
                                HEADERS), "pointer")
        self.assertEqual(ctypes_kind(ctypes.c_uint64), "u8")
        self.assertEqual(ctypes_kind(ctypes.c_int), "i4")


class TestFunctions(unittest.TestCase):

    def test_table_has_no_duplicates(self):
        names = [entry[0] for entry in _capi.FUNCTIONS]
        dupes = sorted({n for n in names if names.count(n) > 1})
        self.assertEqual(dupes, [], "listed twice in FUNCTIONS")

    def test_every_bound_function_exists_with_its_arity(self):
        problems = []
        for name, argtypes, restype, errcheck in _capi.FUNCTIONS:
            if name not in HEADERS.functions:
                problems.append("%s: not exported by include/efn*" % name)
                continue
            ret, params, header = HEADERS.functions[name]
            if len(params) != len(argtypes):
                problems.append("%s (%s): %d parameter(s) in the header, %d "
                                "in the binding" % (name, header, len(params),
                                                    len(argtypes)))
                continue
            for i, (param, ctype) in enumerate(zip(params, argtypes)):
                ck, pk = c_kind(param, HEADERS), ctypes_kind(ctype)
                if ck != pk:
                    problems.append("%s parameter %d (%s): %s in the header, "
                                    "%s in the binding"
                                    % (name, i + 1, param, ck, pk))
            rk, bk = c_kind(ret, HEADERS), ctypes_kind(restype)
            if rk != bk:
                problems.append("%s returns %s (%s) in the header, %s in the "
                                "binding" % (name, rk, ret, bk))
            if errcheck is _capi.check_status and rk != "i4":
                problems.append("%s: status check on a non-int return" % name)
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_every_exported_function_is_bound(self):
        bound = {entry[0] for entry in _capi.FUNCTIONS}
        missing = sorted("%s (%s)" % (n, h[2])
                         for n, h in HEADERS.functions.items()
                         if n not in bound)
        self.assertEqual(missing, [],
                         "exported but not in efn/_capi.py FUNCTIONS: "
                         "bind them")

    def test_status_returns_are_checked(self):
        # Every int function whose header calls its first parameter `out`
        # (or returns a status) carries check_status.
        for name, argtypes, restype, errcheck in _capi.FUNCTIONS:
            ret, params, _ = HEADERS.functions.get(name, ("", [], ""))
            if (params and re.search(r"\*\s*out\w*$", params[0])
                    and c_kind(ret, HEADERS) == "i4"):
                self.assertIs(errcheck, _capi.check_status, name)


class TestConstants(unittest.TestCase):

    def test_binding_constants_match(self):
        problems = []
        for name, value in _capi.CONSTANTS.items():
            if name not in HEADERS.constants:
                problems.append("%s: not in the headers" % name)
            elif HEADERS.constants[name] != value:
                problems.append("%s = %r in the header, %r in the binding"
                                % (name, HEADERS.constants[name], value))
        for name, value in _capi.FLOAT_CONSTANTS.items():
            if HEADERS.constants.get(name) != value:
                problems.append("%s = %r in the header, %r in the binding"
                                % (name, HEADERS.constants.get(name), value))
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_every_enum_constant_is_bound(self):
        missing = sorted(HEADERS.enum_constants - set(_capi.CONSTANTS))
        self.assertEqual(missing, [], "enum constants missing from "
                         "efn/_capi.py CONSTANTS")

    def test_error_codes(self):
        for cls in (efn.InternalError, efn.OutOfMemory, efn.FileError,
                    efn.InvalidInput, efn.NotFound, efn.ArgumentError,
                    efn.Infeasible, efn.Cancelled):
            name = errors._STATUS_NAMES[cls.status]
            self.assertEqual(HEADERS.constants[name], cls.status, name)
        codes = {n: HEADERS.constants[n]
                 for n in HEADERS.enums["efn_status_code"] if n != "EFN_OK"}
        self.assertEqual(set(codes), set(errors._STATUS_NAMES.values())
                         - {"EFN_OK"}, "every status code has a class")
        for name, value in codes.items():
            self.assertEqual(errors.error_class(value).status, value, name)
            self.assertEqual(errors._STATUS_NAMES[value], name)

    def test_name_tables(self):
        # The tables that spell enum values follow the headers' order.
        for prefix, names in (("EFN_NODE_", _capi.NODE_KINDS),
                              ("EFN_STATUS_", _capi.ASSET_STATUSES),
                              ("EFN_ALLOC_", _capi.ALLOCATIONS)):
            for i, n in enumerate(names):
                self.assertEqual(HEADERS.constants[prefix + n.upper()], i)
        for i, n in enumerate(_capi.COMMODITIES):
            self.assertEqual(HEADERS.constants["EFN_" + n.upper()], i)
        for n, bit in _capi.N1_SCOPES.items():
            self.assertEqual(HEADERS.constants["EFN_N1_" + n.upper()], bit)


class TestStructures(unittest.TestCase):

    def test_option_initialisers_match_the_macros(self):
        problems = []
        for macro, ours in _capi.OPTION_DEFAULTS.items():
            body = HEADERS.defines.get(macro)
            if body is None:
                problems.append("%s: no such macro" % macro)
                continue
            items = split_top(body.strip().strip("{}"))
            values = []
            for item in items:
                item = item.strip()
                if item == "NULL":
                    values.append(None)
                    continue
                v = evaluate(item, HEADERS.constants)
                if v is None:
                    problems.append("%s: cannot evaluate %r" % (macro, item))
                values.append(v)
            if list(values) != list(ours):
                problems.append("%s = %s in the header, %s in the binding"
                                % (macro, values, list(ours)))
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_structures_match(self):
        problems = []
        for struct in _capi.STRUCTURES:
            name = struct.__name__
            if name not in HEADERS.structs:
                problems.append("%s: no such structure in the headers" % name)
                continue
            header = HEADERS.structs[name]
            ours = [(f[0], f[1]) for f in struct._fields_]
            if [f for f, _ in header] != [f for f, _ in ours]:
                problems.append("%s fields: header %s, binding %s"
                                % (name, [f for f, _ in header],
                                   [f for f, _ in ours]))
                continue
            for (field, ctext), (_, ctype) in zip(header, ours):
                if c_kind(ctext, HEADERS) != ctypes_kind(ctype):
                    problems.append("%s.%s: %s in the header, %s in the "
                                    "binding" % (name, field, ctext, ctype))
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_opaque_types_exist(self):
        for cls in _capi._Opaque.__subclasses__():
            if cls.__name__ == "igraph_s":
                continue
            self.assertIn(cls.__name__, HEADERS.typedef_structs)


class TestVersion(unittest.TestCase):

    def test_expected_version_number(self):
        self.assertEqual(_version.EXPECTED,
                         HEADERS.constants["EFN_VERSION_NUMBER"])
        self.assertEqual(efn.EXPECTED, HEADERS.constants["EFN_VERSION_NUMBER"])

    def test_version_string(self):
        expected = "%d.%d.%d" % (HEADERS.constants["EFN_VERSION_MAJOR"],
                                 HEADERS.constants["EFN_VERSION_MINOR"],
                                 HEADERS.constants["EFN_VERSION_PATCH"])
        self.assertEqual(efn.__version__, expected)

    def test_pyproject_version(self):
        text = (PACKAGE_DIR / "pyproject.toml").read_text(encoding="utf-8")
        m = re.search(r'^version\s*=\s*"([^"]+)"', text, flags=re.M)
        if m:  # a static version must agree; a dynamic one is read from
            self.assertEqual(m.group(1), efn.__version__)  # _version.py


if __name__ == "__main__":
    unittest.main()
