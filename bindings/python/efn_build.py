"""An in-tree PEP 517 build backend for the efn Python package.

Standard library only (no setuptools, no network): the package is pure
Python, so a wheel is a zip file of efn/ plus its .dist-info (METADATA,
WHEEL, top_level.txt, RECORD with sha256 hashes), and an sdist is a tar.gz
of this directory. PEP 660 editable wheels hold one .pth file pointing here.

Builds are reproducible: entries are sorted and dated SOURCE_DATE_EPOCH (or
1980-01-01), so the same tree gives the same bytes.

pyproject.toml names it:
    [build-system]
    requires = []
    build-backend = "efn_build"
    backend-path = ["."]
"""

import base64
import csv
import gzip
import hashlib
import io
import os
import pathlib
import re
import tarfile
import time
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
PACKAGE = "efn"
_EPOCH_1980 = 315532800

__all__ = [
    "get_requires_for_build_wheel",
    "get_requires_for_build_sdist",
    "get_requires_for_build_editable",
    "prepare_metadata_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "build_wheel",
    "build_sdist",
    "build_editable",
]


# ---- project metadata ------------------------------------------------------

def _load_toml(path):
    text = path.read_text(encoding="utf-8")
    try:
        import tomllib
    except ImportError:  # Python < 3.11: the small subset pyproject uses
        return _mini_toml(text)
    return tomllib.loads(text)


def _mini_toml(text):
    """Tables, strings, string lists and inline tables of strings: enough
    for this pyproject.toml."""
    data, table = {}, {}
    data_root = data
    buf = ""
    for raw in text.splitlines():
        line = raw.split(" #")[0].strip() if not buf else raw.strip()
        if not buf and (not line or line.startswith("#")):
            continue
        m = re.match(r"^\[([\w.\-]+)\]$", line) if not buf else None
        if m:
            table = data_root
            for part in m.group(1).split("."):
                table = table.setdefault(part, {})
            continue
        buf += " " + line
        if buf.count("[") > buf.count("]") or buf.count("{") > buf.count("}"):
            continue
        key, _, value = buf.partition("=")
        table[key.strip().strip('"')] = _mini_value(value.strip())
        buf = ""
    return data


def _mini_value(v):
    if v.startswith("["):
        inner = v.strip()[1:-1]
        return [_mini_value(x.strip()) for x in _split(inner) if x.strip()]
    if v.startswith("{"):
        inner = v.strip()[1:-1]
        out = {}
        for item in _split(inner):
            if item.strip():
                k, _, val = item.partition("=")
                out[k.strip()] = _mini_value(val.strip())
        return out
    if v.startswith('"'):
        return v[1:v.rindex('"')].encode().decode("unicode_escape")
    if v in ("true", "false"):
        return v == "true"
    return v


def _split(text):
    parts, depth, cur, quoted = [], 0, "", False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if not quoted and ch in "[{":
            depth += 1
        if not quoted and ch in "]}":
            depth -= 1
        if ch == "," and depth == 0 and not quoted:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def _version(root=HERE):
    text = (root / PACKAGE / "_version.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    if not m:
        raise RuntimeError("no __version__ in %s/_version.py" % PACKAGE)
    return m.group(1)


def _project(root=HERE):
    project = dict(_load_toml(root / "pyproject.toml").get("project", {}))
    if "version" in project.get("dynamic", []):
        project["version"] = _version(root)
    elif project.get("version") != _version(root):
        raise RuntimeError("pyproject.toml version %r differs from "
                           "efn/_version.py %r"
                           % (project.get("version"), _version(root)))
    return project


def _license_file(root=HERE):
    for candidate in (root / "LICENSE", root.parent.parent / "LICENSE"):
        if candidate.is_file():
            return candidate
    return None


def _metadata(root=HERE):
    """The METADATA (core metadata 2.1) text."""
    p = _project(root)
    lines = ["Metadata-Version: 2.1",
             "Name: %s" % p["name"],
             "Version: %s" % p["version"]]
    if p.get("description"):
        lines.append("Summary: %s" % p["description"])
    for url_name, url in sorted(p.get("urls", {}).items()):
        lines.append("Project-URL: %s, %s" % (url_name, url))
    for author in p.get("authors", []):
        if author.get("name"):
            lines.append("Author: %s" % author["name"])
        if author.get("email"):
            lines.append("Author-email: %s" % author["email"])
    lic = p.get("license")
    if isinstance(lic, dict):
        lic = lic.get("text")
    if lic:
        lines.append("License: %s" % lic)
    if p.get("keywords"):
        lines.append("Keywords: %s" % ",".join(p["keywords"]))
    for classifier in p.get("classifiers", []):
        lines.append("Classifier: %s" % classifier)
    if p.get("requires-python"):
        lines.append("Requires-Python: %s" % p["requires-python"])
    for dep in p.get("dependencies", []):
        lines.append("Requires-Dist: %s" % dep)
    body = ""
    readme = p.get("readme")
    if isinstance(readme, dict):
        readme = readme.get("file")
    if readme and (root / readme).is_file():
        lines.append("Description-Content-Type: text/markdown")
        body = (root / readme).read_text(encoding="utf-8")
    return "\n".join(lines) + "\n\n" + body


def _wheel_file():
    return ("Wheel-Version: 1.0\n"
            "Generator: efn_build %s\n"
            "Root-Is-Purelib: true\n"
            "Tag: py3-none-any\n" % _version())


def _dist_info():
    return "%s-%s.dist-info" % (PACKAGE, _version())


def _dist_info_files(root=HERE):
    """{archive name: bytes} of the .dist-info, without RECORD."""
    d = _dist_info()
    files = {
        d + "/METADATA": _metadata(root).encode("utf-8"),
        d + "/WHEEL": _wheel_file().encode("utf-8"),
        d + "/top_level.txt": (PACKAGE + "\n").encode("utf-8"),
    }
    lic = _license_file(root)
    if lic is not None:
        files[d + "/LICENSE"] = lic.read_bytes()
    return files


def _package_files(root=HERE):
    """{archive name: bytes} of the package's source files."""
    out = {}
    for path in sorted((root / PACKAGE).rglob("*")):
        rel = path.relative_to(root)
        if (path.is_dir() or "__pycache__" in rel.parts
                or path.suffix in (".pyc", ".pyo") or path.name.startswith(".")):
            continue
        out[rel.as_posix()] = path.read_bytes()
    return out


# ---- writing archives --------------------------------------------------------

def _date():
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", _EPOCH_1980))
    return time.gmtime(max(epoch, _EPOCH_1980))[:6]


def _record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _write_wheel(directory, files):
    """Writes {name: bytes} as the wheel, with RECORD last; returns its
    file name."""
    name = "%s-%s-py3-none-any.whl" % (PACKAGE, _version())
    record_name = _dist_info() + "/RECORD"
    rows = [(n, _record_hash(files[n]), str(len(files[n])))
            for n in sorted(files)]
    rows.append((record_name, "", ""))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    # Package files first, then the .dist-info, RECORD at the very end.
    order = sorted(files, key=lambda n: (".dist-info/" in n, n))
    order.append(record_name)
    files = dict(files)
    files[record_name] = buf.getvalue().encode("utf-8")
    path = pathlib.Path(directory) / name
    tmp = path.with_name(path.name + ".tmp")
    date = _date()
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in order:
            info = zipfile.ZipInfo(n, date_time=date)
            info.external_attr = (0o100644 & 0xFFFF) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[n])
    os.replace(tmp, path)
    return name


# ---- PEP 517 / 660 hooks -----------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    base = pathlib.Path(metadata_directory)
    for name, data in _dist_info_files().items():
        target = base / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return _dist_info()


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None,
                metadata_directory=None):
    files = _package_files()
    files.update(_dist_info_files())
    return _write_wheel(wheel_directory, files)


def build_editable(wheel_directory, config_settings=None,
                   metadata_directory=None):
    files = _dist_info_files()
    files["_%s_editable.pth" % PACKAGE] = (str(HERE) + "\n").encode("utf-8")
    return _write_wheel(wheel_directory, files)


def build_sdist(sdist_directory, config_settings=None):
    version = _version()
    base = "%s-%s" % (PACKAGE, version)
    members = {}
    for rel in ("pyproject.toml", "efn_build.py", "README.md"):
        if (HERE / rel).is_file():
            members[rel] = (HERE / rel).read_bytes()
    members.update(_package_files())
    lic = _license_file()
    if lic is not None:
        members["LICENSE"] = lic.read_bytes()
    members["PKG-INFO"] = _metadata().encode("utf-8")
    name = base + ".tar.gz"
    path = pathlib.Path(sdist_directory) / name
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", _EPOCH_1980))
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for rel in sorted(members):
            data = members[rel]
            info = tarfile.TarInfo("%s/%s" % (base, rel))
            info.size = len(data)
            info.mtime = mtime
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tf.addfile(info, io.BytesIO(data))
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f,
                           mtime=0) as gz:
            gz.write(raw.getvalue())
    os.replace(tmp, path)
    return name
