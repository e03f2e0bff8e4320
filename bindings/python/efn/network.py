"""Networks, scenarios and the model's nodes, assets and owners."""

import contextlib
import ctypes
import json
import math
import os
import pathlib
import weakref
from collections import namedtuple
from ctypes import byref, c_double, c_int, c_size_t, c_void_p

from . import _capi, errors
from .results import (BalanceResult, DependencyResult, EUN1Result, FlowResult,
                      N1Result, OwnershipResult, RiskResult, Timeline,
                      TraceResult)

__all__ = [
    "Network",
    "Scenario",
    "Node",
    "Asset",
    "Owner",
    "Stake",
    "Diagnostic",
    "validate",
    "default_network_path",
]

#: One stake: the owner's id and its share in percent (0 to 100).
Stake = namedtuple("Stake", "owner share")

#: One problem found by validate(): JSON path, problem, full message.
Diagnostic = namedtuple("Diagnostic", "path problem message")


# ---- argument parsing -----------------------------------------------------

def _commodity(value):
    """A commodity name ("gas") or enum value as the C enum value."""
    lib = _capi.lib()
    if isinstance(value, bool):
        raise errors.ArgumentError("commodity must be a name, got %r" % value)
    if isinstance(value, int):
        if 0 <= value < _capi.EFN_COMMODITY_COUNT:
            return value
        raise errors.ArgumentError("unknown commodity %r" % value)
    out = c_int()
    try:
        lib.efn_commodity_parse(byref(out),
                                _capi.encode(value, "commodity"))
    except errors.InvalidInput as exc:
        raise errors.ArgumentError("commodity: %s" % exc.message) from None
    return out.value


def _mode(value):
    if isinstance(value, int) and not isinstance(value, bool):
        if value in (_capi.EFN_ALLOC_MAX, _capi.EFN_ALLOC_SHARED):
            return value
        raise errors.ArgumentError("unknown allocation mode %r" % value)
    out = c_int()
    try:
        _capi.lib().efn_allocation_parse(byref(out),
                                         _capi.encode(value, "mode"))
    except errors.InvalidInput as exc:
        raise errors.ArgumentError("mode: %s" % exc.message) from None
    return out.value


def _year(value, what="year"):
    """None (the network's year) as 0, else a whole year."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.ArgumentError(
            "%s must be a whole year or None, got %r" % (what, value))
    if not 1 <= value <= 9999:
        raise errors.ArgumentError("%s out of range: %r" % (what, value))
    return value


def _scope(by):
    """("assets", "nodes") or "assets,nodes" as EFN_N1_* bits."""
    if isinstance(by, str):
        by = [b for b in by.split(",") if b]
    try:
        names = list(by)
    except TypeError:
        raise errors.ArgumentError("by must be a list of names") from None
    if not names:
        raise errors.ArgumentError(
            "by must name at least one of assets, nodes, countries")
    scope = 0
    for name in names:
        bit = _capi.N1_SCOPES.get(name)
        if bit is None:
            raise errors.ArgumentError(
                "by expects assets, nodes or countries, got %r" % (name,))
        scope |= bit
    return scope


def _none_if_nan(value):
    return None if math.isnan(value) else value


def _text_of(source):
    """JSON text of a dict, or the text itself; None when `source` is a
    path."""
    if isinstance(source, dict):
        return json.dumps(source, ensure_ascii=False)
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    if isinstance(source, str) and source.lstrip().startswith(("{", "[")):
        return source
    return None


def _buffer(text):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return data, len(data)


# ---- handles ---------------------------------------------------------------

class _Handle:
    """A C handle freed exactly once: by close(), by the context manager, or
    by the finalizer when the object is collected."""

    _free_name = None  # the C free function

    def _adopt(self, pointer):
        self._ptr = pointer
        free = getattr(_capi.lib(), self._free_name)
        self._finalizer = weakref.finalize(self, free, pointer)

    def close(self):
        """Frees the C object now; later calls do nothing."""
        finalizer = getattr(self, "_finalizer", None)
        if finalizer is not None:
            finalizer()  # runs at most once
        self._ptr = None

    @property
    def closed(self):
        return getattr(self, "_ptr", None) is None

    def _handle(self):
        ptr = getattr(self, "_ptr", None)
        if ptr is None:
            raise errors.ArgumentError(
                "%s is closed" % type(self).__name__, _capi.EFN_EARG)
        return ptr

    def __enter__(self):
        self._handle()
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class Scenario(_Handle):
    """A scenario overlay: an ordered list of changes to a network."""

    _free_name = "efn_scenario_free"

    def __init__(self, _pointer):
        if not isinstance(_pointer, _capi.ScenarioP) or not _pointer:
            raise TypeError("use Scenario.load() or Scenario.from_json()")
        self._adopt(_pointer)

    @classmethod
    def load(cls, path):
        """Loads a scenario file. FileError, InvalidInput."""
        out = _capi.ScenarioP()
        _capi.lib().efn_scenario_load(byref(out), _capi.encode_path(path))
        return cls(out)

    @classmethod
    def from_json(cls, text_or_dict, name=None):
        """A scenario from JSON text or a dict; `name` names it in
        messages."""
        text = _text_of(text_or_dict)
        if text is None:
            text = text_or_dict
        if not isinstance(text, (str, bytes)):
            raise errors.ArgumentError(
                "Scenario.from_json expects JSON text or a dict")
        data, size = _buffer(text)
        out = _capi.ScenarioP()
        _capi.lib().efn_scenario_load_buffer(
            byref(out), data, size,
            None if name is None else _capi.encode(name, "name"))
        return cls(out)

    @classmethod
    def _coerce(cls, source):
        """(scenario, owned): a Scenario from a Scenario, dict, JSON text or
        path; owned says whether the caller must close it."""
        if isinstance(source, Scenario):
            source._handle()
            return source, False
        text = _text_of(source)
        if text is not None:
            return cls.from_json(text), True
        if isinstance(source, (str, os.PathLike)):
            return cls.load(source), True
        raise errors.ArgumentError(
            "a scenario is a Scenario, a dict, JSON text or a path; got %s"
            % type(source).__name__)

    @property
    def name(self):
        return _capi.lib().efn_scenario_name(self._handle())

    @property
    def description(self):
        return _capi.lib().efn_scenario_description(self._handle())

    @property
    def year(self):
        """The scenario's year, None when it has none."""
        return _capi.lib().efn_scenario_year(self._handle()) or None

    @property
    def change_count(self):
        return _capi.lib().efn_scenario_change_count(self._handle())

    def __repr__(self):
        if self.closed:
            return "<efn.Scenario (closed)>"
        return "<efn.Scenario %r, %d change(s)>" % (self.name,
                                                    self.change_count)


# ---- model objects --------------------------------------------------------

class _Item:
    """Base of Node, Asset and Owner: a snapshot of the item's fields, plus
    methods that ask the network for year-dependent values."""

    _fields = ()

    def to_dict(self):
        return {name: getattr(self, name) for name in self._fields}

    def __eq__(self, other):
        return (type(other) is type(self) and other._net is self._net
                and other.index == self.index)

    def __hash__(self):
        return hash((type(self), id(self._net), self.index))

    def __repr__(self):
        return "<efn.%s %s>" % (type(self).__name__, self.id)


class Node(_Item):
    """A node: id, name, kind, country, lat, lon (None when absent),
    enabled; supply(), demand() and peak_demand() per commodity and year."""

    _fields = ("id", "name", "kind", "country", "lat", "lon", "enabled")

    def __init__(self, net, index, info):
        self._net = net
        self.index = index
        self.id = info.id.decode("utf-8")
        self.name = info.name.decode("utf-8")
        self.kind = _capi.NODE_KINDS[info.kind]
        self.country = info.country.decode("utf-8")
        has = bool(info.has_coordinates)
        self.lat = info.lat if has else None
        self.lon = info.lon if has else None
        self.enabled = bool(info.enabled)

    def _quantity(self, which, commodity, year):
        out = c_double()
        _capi.lib().efn_node_quantity_get(
            byref(out), self._net._handle(), self.index, which,
            _commodity(commodity), _year(year))
        return _none_if_nan(out.value)

    def supply(self, commodity="gas", year=None):
        """Most the node can inject, canonical unit; None when it has none."""
        return self._quantity(_capi.EFN_SUPPLY, commodity, year)

    def demand(self, commodity="gas", year=None):
        """What the node wants to take, canonical unit; None when none."""
        return self._quantity(_capi.EFN_DEMAND, commodity, year)

    def peak_demand(self, commodity="gas", year=None):
        return self._quantity(_capi.EFN_PEAK_DEMAND, commodity, year)


class Asset(_Item):
    """An asset (a line): id, name, commodity, status, start_year, end_year
    (None when absent), bidirectional, length_km (None when absent), route
    (node ids), segment_count, enabled; capacity(), flow(), tariff(),
    stakes() and is_active() per year."""

    _fields = ("id", "name", "commodity", "status", "start_year", "end_year",
               "bidirectional", "length_km", "route", "segment_count",
               "enabled")

    def __init__(self, net, index, info, route):
        self._net = net
        self.index = index
        self.id = info.id.decode("utf-8")
        self.name = info.name.decode("utf-8")
        self.commodity = _capi.COMMODITIES[info.commodity]
        self.status = _capi.ASSET_STATUSES[info.status]
        self.start_year = info.start_year or None
        self.end_year = info.end_year or None
        self.bidirectional = bool(info.bidirectional)
        self.length_km = _none_if_nan(info.length_km)
        self.route = route
        self.segment_count = info.segment_count
        self.enabled = bool(info.enabled)

    @property
    def unit(self):
        return _capi.lib().efn_commodity_unit(
            _capi.COMMODITIES.index(self.commodity))

    def _quantity(self, which, year, segment=None):
        out = c_double()
        lib = _capi.lib()
        if segment is None:
            lib.efn_asset_quantity_get(byref(out), self._net._handle(),
                                       self.index, which, _year(year))
        else:
            if not isinstance(segment, int) or segment < 0:
                raise errors.ArgumentError("segment must be an index >= 0")
            lib.efn_segment_quantity_get(byref(out), self._net._handle(),
                                         self.index, segment, which,
                                         _year(year))
        return out.value

    def capacity(self, year=None, segment=None):
        """Capacity in `year` (None: the network's), canonical unit;
        math.inf when the asset has none (an unbounded connector). With
        `segment`, that segment's own capacity."""
        return self._quantity(_capi.EFN_CAPACITY, year, segment)

    def flow(self, year=None, segment=None):
        """The observed flow in `year`; None when the data gives none."""
        return _none_if_nan(self._quantity(_capi.EFN_FLOW, year, segment))

    def tariff(self, year=None):
        return _none_if_nan(self._quantity(_capi.EFN_TARIFF, year))

    def is_active(self, year=None):
        """Whether the asset carries flow in `year`."""
        return bool(_capi.lib().efn_asset_is_active(
            self._net._handle(), self.index, _year(year)))

    def stakes(self, year=None):
        """[Stake(owner id, share percent)] in `year`."""
        lib = _capi.lib()
        net = self._net._handle()
        y = _year(year)
        out = []
        owner, share = c_size_t(), c_double()
        for k in range(lib.efn_asset_stake_count(net, self.index, y)):
            lib.efn_asset_stake(byref(owner), byref(share), net, self.index,
                                y, k)
            out.append(Stake(self._net._owner_id(owner.value), share.value))
        return out


class Owner(_Item):
    """An owner: id, name, kind, country ("" when absent) and owners, its
    own owners as [Stake(owner id, share percent)]."""

    _fields = ("id", "name", "kind", "country", "owners")

    def __init__(self, net, index, info, owners):
        self._net = net
        self.index = index
        self.id = info.id.decode("utf-8")
        self.name = info.name.decode("utf-8")
        self.kind = info.kind.decode("utf-8")
        self.country = info.country.decode("utf-8")
        self.owners = owners

    def to_dict(self):
        d = super().to_dict()
        d["owners"] = [s._asdict() for s in self.owners]
        return d


# ---- the bundled network ---------------------------------------------------

_DATA_FILE = "corridor.json"


def _data_dirs():
    env = os.environ.get("EFN_DATA_DIR")
    if env:
        yield pathlib.Path(env)
    here = pathlib.Path(__file__).resolve().parent
    for directory in here.parents:
        yield directory / "examples" / "data"
    lib = _capi._lib_raw
    if lib is not None and os.path.isabs(lib.path):
        # <prefix>/lib[/multiarch]/libefn.so -> <prefix>/share/efn
        for up in pathlib.Path(lib.path).resolve().parents[:3]:
            yield up / "share" / "efn"
    yield pathlib.Path("/usr/local/share/efn")
    yield pathlib.Path("/usr/share/efn")


def default_network_path():
    """The bundled corridor network: $EFN_DATA_DIR, else examples/data of
    the source tree this package sits in, else the installed data
    directory. FileError when it is nowhere."""
    _capi.lib()  # for the library-relative directory
    for directory in _data_dirs():
        path = directory / _DATA_FILE
        if path.is_file():
            return path
    raise errors.FileError(
        "the bundled corridor network (%s) was not found; set EFN_DATA_DIR "
        "to the directory holding it" % _DATA_FILE)


# ---- validation --------------------------------------------------------------

def validate(source, name=None):
    """Every problem of a network file (a path), or of JSON text or a dict:
    a list of Diagnostic(path, problem, message); empty when valid. Raises
    FileError when the file cannot be read."""
    lib = _capi.lib()
    out = _capi.DiagnosticsP()
    text = _text_of(source)
    if text is None:
        lib.efn_validate_file(byref(out), _capi.encode_path(source))
    else:
        data, size = _buffer(text)
        lib.efn_validate_buffer(
            byref(out), data, size,
            None if name is None else _capi.encode(name, "name"))
    try:
        return [Diagnostic(lib.efn_diagnostics_path(out, i),
                           lib.efn_diagnostics_problem(out, i),
                           lib.efn_diagnostics_message(out, i))
                for i in range(lib.efn_diagnostics_count(out))]
    finally:
        lib.efn_diagnostics_free(out)


# ---- the network -----------------------------------------------------------

@contextlib.contextmanager
def _held(run, free, pointer_type, *args):
    """Runs an analysis and yields its C result, freed on leaving the block
    whatever happens."""
    out = pointer_type()
    run(byref(out), *args)
    try:
        yield out
    finally:
        free(out)


class Network(_Handle):
    """An energy-flow network: nodes, assets and owners, loaded from the efn
    JSON format. Immutable; with_scenario() makes new networks. Use it as a
    context manager, or call close(), to free it at a known time; otherwise
    it is freed when collected."""

    _free_name = "efn_network_free"

    def __init__(self, _pointer):
        if not isinstance(_pointer, _capi.NetworkP) or not _pointer:
            raise TypeError(
                "use Network.load(), Network.from_json() or Network.default()")
        self._adopt(_pointer)

    # -- loading and saving --

    @classmethod
    def load(cls, path):
        """Loads a network file. FileError when it cannot be read,
        InvalidInput (with the JSON path) when it is not a valid network."""
        out = _capi.NetworkP()
        _capi.lib().efn_network_load(byref(out), _capi.encode_path(path))
        return cls(out)

    @classmethod
    def from_json(cls, text_or_dict, name=None):
        """A network from JSON text (str or bytes) or a dict; `name` names
        the source in messages (default "<buffer>")."""
        text = _text_of(text_or_dict)
        if text is None:
            text = text_or_dict
        if not isinstance(text, (str, bytes)):
            raise errors.ArgumentError(
                "Network.from_json expects JSON text or a dict, got %s"
                % type(text_or_dict).__name__)
        data, size = _buffer(text)
        out = _capi.NetworkP()
        _capi.lib().efn_network_load_buffer(
            byref(out), data, size,
            None if name is None else _capi.encode(name, "name"))
        return cls(out)

    @classmethod
    def default(cls):
        """The bundled East-West corridor network (see
        default_network_path())."""
        return cls.load(default_network_path())

    def save(self, path):
        """Writes the network to `path`, pretty-printed, atomically."""
        _capi.lib().efn_network_save(self._handle(), _capi.encode_path(path))

    def to_json(self, pretty=True):
        """The network as JSON text; every key of the source is kept."""
        return _capi.call_json(_capi.lib().efn_network_to_json,
                               self._handle(), 1 if pretty else 0)

    def to_dict(self):
        return json.loads(self.to_json(pretty=False))

    def copy(self):
        """An independent copy."""
        out = _capi.NetworkP()
        _capi.lib().efn_network_copy(byref(out), self._handle())
        return Network(out)

    def with_scenario(self, *scenarios):
        """A new network: this one with the scenarios applied in order. Each
        is a Scenario, a path, JSON text or a dict. This network is not
        changed, and the new one does not depend on it."""
        if len(scenarios) == 1 and isinstance(scenarios[0], (list, tuple)):
            scenarios = tuple(scenarios[0])
        base = self._handle()
        owned, handles = [], []
        try:
            for source in scenarios:
                scn, own = Scenario._coerce(source)
                if own:
                    owned.append(scn)
                handles.append(scn._handle())
            array = (_capi.ScenarioP * max(1, len(handles)))(*handles)
            out = _capi.NetworkP()
            _capi.lib().efn_scenario_apply_all(byref(out), base, array,
                                               len(handles))
            return Network(out)
        finally:
            for scn in owned:
                scn.close()

    # -- summary --

    @property
    def source(self):
        """The path (or buffer name) the network was loaded from."""
        return _capi.lib().efn_network_source(self._handle())

    @property
    def title(self):
        return _capi.lib().efn_network_title(self._handle())

    @property
    def year(self):
        """metadata.year, the default year of analyses; None when absent."""
        return _capi.lib().efn_network_year(self._handle()) or None

    @property
    def conventions(self):
        """{"gas_twh_per_bcm": ..., "oil_bbl_per_tonne": ...}."""
        out = _capi.efn_conventions()
        _capi.lib().efn_network_conventions(byref(out), self._handle())
        return {"gas_twh_per_bcm": out.gas_twh_per_bcm,
                "oil_bbl_per_tonne": out.oil_bbl_per_tonne}

    @property
    def years(self):
        """The years the network mentions, sorted."""
        lib = _capi.lib()
        out, count = ctypes.POINTER(c_int)(), c_size_t()
        lib.efn_network_years(byref(out), byref(count), self._handle())
        try:
            return [out[i] for i in range(count.value)]
        finally:
            lib.efn_free(ctypes.cast(out, c_void_p))

    # -- nodes, assets, owners --

    def _node_at(self, i):
        info = _capi.efn_node_info()
        _capi.lib().efn_network_node(byref(info), self._handle(), i)
        return Node(self, i, info)

    def _asset_at(self, i):
        lib = _capi.lib()
        net = self._handle()
        info = _capi.efn_asset_info()
        lib.efn_network_asset(byref(info), net, i)
        k = c_size_t()
        route = []
        for pos in range(info.route_length):
            lib.efn_asset_route_node(byref(k), net, i, pos)
            route.append(self._node_id(k.value))
        return Asset(self, i, info, route)

    def _owner_at(self, i):
        lib = _capi.lib()
        net = self._handle()
        info = _capi.efn_owner_info()
        lib.efn_network_owner(byref(info), net, i)
        parent, share = c_size_t(), c_double()
        owners = []
        for k in range(info.parent_count):
            lib.efn_owner_parent(byref(parent), byref(share), net, i, k)
            owners.append(Stake(self._owner_id(parent.value), share.value))
        return Owner(self, i, info, owners)

    def _node_id(self, i):
        info = _capi.efn_node_info()
        _capi.lib().efn_network_node(byref(info), self._handle(), i)
        return info.id.decode("utf-8")

    def _owner_id(self, i):
        info = _capi.efn_owner_info()
        _capi.lib().efn_network_owner(byref(info), self._handle(), i)
        return info.id.decode("utf-8")

    @property
    def nodes(self):
        """Every node, in file order."""
        n = _capi.lib().efn_network_node_count(self._handle())
        return [self._node_at(i) for i in range(n)]

    @property
    def assets(self):
        """Every asset, in file order."""
        n = _capi.lib().efn_network_asset_count(self._handle())
        return [self._asset_at(i) for i in range(n)]

    @property
    def owners(self):
        """Every owner, in file order."""
        n = _capi.lib().efn_network_owner_count(self._handle())
        return [self._owner_at(i) for i in range(n)]

    def _find(self, func, id, what):
        out = c_size_t()
        func(byref(out), self._handle(), _capi.encode(id, what + " id"))
        return out.value

    def node(self, id):
        """The node `id`; NotFound when there is none."""
        return self._node_at(self._find(_capi.lib().efn_network_find_node,
                                        id, "node"))

    def asset(self, id):
        """The asset `id`; NotFound when there is none."""
        return self._asset_at(self._find(_capi.lib().efn_network_find_asset,
                                         id, "asset"))

    def owner(self, id):
        """The owner `id`; NotFound when there is none."""
        return self._owner_at(self._find(_capi.lib().efn_network_find_owner,
                                         id, "owner"))

    def info(self, year=None, commodity=None):
        """A summary of the network, the object ``efn info --json``
        prints: source, title, year, counts, commodities, years, assets
        (of `commodity`, or all) and owners."""
        lib = _capi.lib()
        net = self._handle()
        y = _year(year) or lib.efn_network_year(net)
        com = None if commodity is None else _commodity(commodity)
        assets = self.assets
        per_com, active = {}, {}
        for a in assets:
            per_com[a.commodity] = per_com.get(a.commodity, 0) + 1
            if lib.efn_asset_is_active(net, a.index, y):
                active[a.commodity] = active.get(a.commodity, 0) + 1

        def number(v):
            if math.isnan(v):
                return None
            return "unbounded" if math.isinf(v) else v

        out = {
            "source": self.source,
            "title": self.title,
            "year": y or None,
            "counts": {"nodes": lib.efn_network_node_count(net),
                       "assets": len(assets),
                       "owners": lib.efn_network_owner_count(net)},
            "commodities": {
                c: {"unit": lib.efn_commodity_unit(k),
                    "assets": per_com[c], "active_assets": active.get(c, 0)}
                for k, c in enumerate(_capi.COMMODITIES) if c in per_com},
            "years": self.years,
            "assets": [],
            "owners": [],
        }
        for a in assets:
            if com is not None and a.commodity != _capi.COMMODITIES[com]:
                continue
            out["assets"].append({
                "id": a.id, "name": a.name, "commodity": a.commodity,
                "status": a.status,
                "active": bool(lib.efn_asset_is_active(net, a.index, y)),
                "unit": a.unit,
                "capacity": number(a._quantity(_capi.EFN_CAPACITY, y)),
                "flow": number(a._quantity(_capi.EFN_FLOW, y)),
                "segments": a.segment_count,
                "stakes": lib.efn_asset_stake_count(net, a.index, y),
                "from": a.route[0], "to": a.route[-1]})
        for o in self.owners:
            d = o.to_dict()
            out["owners"].append(d)
        return out

    # -- analyses --
    # Each analysis holds its C result only inside a `with` block of one of
    # the _*_handle() context managers: it is written as JSON (or exported)
    # and freed before the method returns.

    @contextlib.contextmanager
    def _flow_handle(self, commodity, year, mode):
        lib = _capi.lib()
        opt = _capi.efn_flow_options(_commodity(commodity), _year(year),
                                     _mode(mode))
        with _held(lib.efn_flow_run, lib.efn_flow_free, _capi.FlowP,
                   self._handle(), byref(opt)) as h:
            yield h

    @contextlib.contextmanager
    def _n1_handle(self, commodity, year, by, totals_only=False):
        lib = _capi.lib()
        opt = _capi.efn_n1_options(_commodity(commodity), _year(year),
                                   _scope(by), 1 if totals_only else 0)
        with _held(lib.efn_n1_run, lib.efn_n1_free, _capi.N1P,
                   self._handle(), byref(opt)) as h:
            yield h

    def _trace_options(self, commodity, year, observed, mode):
        return _capi.efn_trace_options(
            _commodity(commodity), _year(year),
            _capi.EFN_TRACE_OBSERVED if observed else _capi.EFN_TRACE_FLOW,
            _mode(mode))

    @contextlib.contextmanager
    def _trace_handle(self, commodity, year, observed, mode):
        lib = _capi.lib()
        opt = self._trace_options(commodity, year, observed, mode)
        with _held(lib.efn_trace_run, lib.efn_trace_free, _capi.TraceP,
                   self._handle(), byref(opt)) as h:
            yield h

    @contextlib.contextmanager
    def _dependency_handle(self, commodity, year, observed, mode):
        lib = _capi.lib()
        opt = self._trace_options(commodity, year, observed, mode)
        with _held(lib.efn_dependency_run, lib.efn_dependency_free,
                   _capi.DependencyP, self._handle(), byref(opt)) as h:
            yield h

    @contextlib.contextmanager
    def _ownership_handle(self, year, computed, commodity, mode):
        lib = _capi.lib()
        with contextlib.ExitStack() as stack:
            flow = None
            if computed:
                flow = stack.enter_context(
                    self._flow_handle(commodity, year, mode))
            else:
                _commodity(commodity), _mode(mode)  # still checked
            yield stack.enter_context(
                _held(lib.efn_ownership_run, lib.efn_ownership_free,
                      _capi.OwnershipP, self._handle(), _year(year), flow))

    def flow(self, commodity="gas", year=None, mode="max"):
        """Maximum deliverable flow of `commodity` in `year` (None: the
        network's), allocated by `mode` ("max" or "shared")."""
        with self._flow_handle(commodity, year, mode) as h:
            text = _capi.call_json(_capi.lib().efn_flow_to_json, h)
        return FlowResult.from_json(text)

    def max_flow(self, commodity="gas", year=None):
        """The maximum deliverable total of `commodity` in `year` (None:
        the network's) alone, in the commodity's unit: what
        ``flow().max_total`` gives, without the allocation and the cut
        (``efn flow --value-only``)."""
        lib = _capi.lib()
        opt = _capi.efn_flow_options(_commodity(commodity), _year(year), 0)
        value = c_double(0)
        lib.efn_flow_maximum(self._handle(), byref(opt), byref(value))
        return value.value

    def balance(self, commodity="gas", year=None):
        """The balance of observed flows at each node (``efn flow
        --observed``)."""
        lib = _capi.lib()
        with _held(lib.efn_balance_run, lib.efn_balance_free, _capi.BalanceP,
                   self._handle(), _commodity(commodity), _year(year)) as h:
            text = _capi.call_json(lib.efn_balance_to_json, h)
        return BalanceResult.from_json(text)

    def n1(self, commodity="gas", year=None, by=("assets",), country=None,
           peak_factor=None, totals_only=False):
        """N-1: remove each asset (and, by `by`, each node or country) in
        turn; the loss in the maximum deliverable and in each consumer's
        standalone deliverable, ranked. With `totals_only`, the total's loss
        only (no consumers: much faster on large networks). With `country`,
        also the EU 2017/1938 infrastructure standard for it (gas only), as
        result.eu_n1."""
        com = _commodity(commodity)
        if peak_factor is not None and country is None:
            raise errors.ArgumentError("peak_factor needs country")
        if country is not None and com != _capi.EFN_GAS:
            raise errors.ArgumentError("country (EU N-1) applies to gas only")
        with self._n1_handle(com, year, by, totals_only) as h:
            data = json.loads(_capi.call_json(_capi.lib().efn_n1_to_json, h))
        if country is not None:
            data["eu_n1"] = self.eu_n1(country, year, peak_factor).to_dict()
        return N1Result(data)

    def eu_n1(self, country, year=None, peak_factor=None):
        """N-1 [%] = (EPm + Pm + Sm + LNGm - Im) / Dmax x 100 for `country`
        (Regulation (EU) 2017/1938, Annex II), terms in mcm/d. NotFound when
        no node is in the country. `peak_factor` (peak over average daily
        demand) applies where the country gives no peak demand."""
        lib = _capi.lib()
        if peak_factor is None:
            pf = 0.0
        else:
            try:
                pf = float(peak_factor)
            except (TypeError, ValueError):
                raise errors.ArgumentError(
                    "peak_factor must be a number") from None
            if not (pf > 0 and math.isfinite(pf)):
                raise errors.ArgumentError(
                    "peak_factor must be a positive number, got %r"
                    % (peak_factor,))
        eu = _capi.efn_eu_n1()
        net = self._handle()
        code = _capi.encode(country, "country")
        # eu.country then points into the network, alive until we return.
        lib.efn_eu_n1_compute(byref(eu), net, code, _year(year), pf)
        return EUN1Result.from_json(
            _capi.call_json(lib.efn_eu_n1_to_json, byref(eu), net))

    def trace(self, commodity="gas", year=None, observed=False, mode="max"):
        """Where flows come from, by proportional sharing (Bialek 1996): of
        the observed flows when `observed`, else of the flow analysis in
        `mode`."""
        with self._trace_handle(commodity, year, observed, mode) as h:
            text = _capi.call_json(_capi.lib().efn_trace_to_json, h)
        return TraceResult.from_json(text)

    def dependency(self, commodity="gas", year=None, observed=False,
                   mode="max", consumer=None):
        """Supplier, transit, asset and entry-route dependency, HHI, single
        points of failure and owner countries, per consumer (only the
        consumer at node `consumer` when given; NotFound when that node
        receives nothing)."""
        if consumer is not None:
            self._find(_capi.lib().efn_network_find_node, consumer, "node")
        with self._dependency_handle(commodity, year, observed, mode) as h:
            text = _capi.call_json(_capi.lib().efn_dependency_to_json, h)
        data = json.loads(text)
        if consumer is not None:
            data["consumers"] = [c for c in data["consumers"]
                                 if c["node"] == consumer]
            if not data["consumers"]:
                raise errors.NotFound(
                    "%s: node '%s' receives no %s in %s"
                    % (self.source, consumer, data.get("commodity"),
                       data.get("year", "the latest year")))
        return DependencyResult(data)

    def ownership(self, year=None, computed=False, commodity="gas",
                  mode="max", owner=None, country=None):
        """Look-through ownership and stake-weighted capacity and throughput.
        Throughput is the observed flow, or with `computed` the flow
        analysis of `commodity` in `mode` (for assets of that commodity).
        `owner` and `country` filter the owners and countries listed."""
        lib = _capi.lib()
        if owner is not None:
            self._find(lib.efn_network_find_owner, owner, "owner")
        owner_b = None if owner is None else _capi.encode(owner, "owner")
        country_b = None if country is None else _capi.encode(country,
                                                              "country")
        with self._ownership_handle(year, computed, commodity, mode) as own:
            text = _capi.call_json(lib.efn_ownership_to_json, own, owner_b,
                                   country_b)
            net = self._handle()
            ids = [self._owner_id(i)
                   for i in range(lib.efn_network_owner_count(net))]
            v = c_double()
            matrix = {}
            for i, a in enumerate(ids):
                row = matrix[a] = {}
                for j, b in enumerate(ids):
                    lib.efn_ownership_lookthrough(byref(v), own, i, j)
                    row[b] = v.value
        return OwnershipResult(json.loads(text), matrix)

    def risk(self, commodity="gas", year=None, mode="max", samples=None,
             seed=None, workers=0, target_rse=None, default_probability=None,
             outage_rate=None, progress=None):
        """Monte Carlo supply risk: assets (and the data's countries and
        groups) fail with their outage probabilities; per consumer the mean
        unserved volume, its standard error, p50/p95/p99 and the probability
        of a shortfall; per asset how often it binds. A `seed` fixes the
        result whatever `workers` is (0: one per processor). None keeps the
        library's default (EFN_RISK_OPTIONS_INIT: 10000 samples, seed 1).
        `progress(done, total)` is called after each batch; a true return
        value cancels the run (Cancelled)."""
        lib = _capi.lib()
        if not lib.has("efn_risk_run"):
            raise errors.VersionMismatch(
                "%s has no risk analysis (efn_risk_run)" % lib.path)
        opt = _capi.options_init(_capi.efn_risk_options,
                                 "EFN_RISK_OPTIONS_INIT")
        opt.commodity = _commodity(commodity)
        opt.year = _year(year)
        opt.mode = _mode(mode)
        for name, value, kind in (("samples", samples, int),
                                  ("seed", seed, int),
                                  ("workers", workers, int),
                                  ("target_rse", target_rse, float),
                                  ("default_probability",
                                   default_probability, float),
                                  ("outage_rate_per_1000km_year",
                                   outage_rate, float)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or (kind is int and not isinstance(value, int)):
                raise errors.ArgumentError("%s must be a %s number, got %r"
                                           % (name, "whole" if kind is int
                                              else "real", value))
            if value < 0 or (kind is float and not math.isfinite(value)):
                raise errors.ArgumentError("%s must be >= 0, got %r"
                                           % (name, value))
            try:
                setattr(opt, name, kind(value))
            except (OverflowError, TypeError):
                raise errors.ArgumentError("%s out of range: %r"
                                           % (name, value)) from None
        failure = []
        if progress is not None:
            if not callable(progress):
                raise errors.ArgumentError("progress must be callable")

            def trampoline(done, total, user):
                try:
                    return 1 if progress(done, total) else 0
                except BaseException as exc:  # re-raised after the run
                    failure.append(exc)
                    return 1

            callback = _capi.RISK_PROGRESS(trampoline)
            opt.progress = callback  # kept alive by `callback` until return
        try:
            with _held(lib.efn_risk_run, lib.efn_risk_free, _capi.RiskP,
                       self._handle(), byref(opt)) as h:
                text = _capi.call_json(lib.efn_risk_to_json, h)
        except errors.Cancelled:
            if failure:
                raise failure[0]
            raise
        return RiskResult.from_json(text)

    # -- export --

    EXPORT_FORMATS = ("json", "geojson", "graphml", "dot", "csv")
    CSV_TABLES = ("nodes", "assets", "flow", "n1", "trace", "dependency",
                  "ownership")
    # The names `efn export --table` uses for the last two.
    _CSV_ALIASES = {"depend": "dependency", "owners": "ownership"}

    def export(self, format="json", path=None, *, table=None, year=None,
               commodity="gas", flow=False, mode="max",
               flow_table="consumers", by=("assets",), observed=False,
               computed=False, colour="commodity", commodities=None,
               edge_labels=True, inactive=False, size_in=None):
        """The network, or a result, in a format other tools read
        (docs/exports.md): written to `path` when given (atomically; returns
        the path), else returned as text.

        json     the network itself (every key kept)
        geojson  nodes and assets in `year`; with flow=True, the flows of
                 the `commodity` flow analysis in `mode`
        graphml  the graph of `commodity` in `year` (flow=True adds flows)
        dot      Graphviz; colour "commodity" or "utilisation",
                 commodities (names; None: all), edge_labels, inactive,
                 size_in; flow=True draws the flows
        csv      one table: "nodes", "assets" (the default; flow=True adds
                 flows), "flow" (flow_table: consumers, suppliers,
                 segments, assets or cut), "n1" (by), "trace" and
                 "dependency" (observed, mode) or "ownership" (computed,
                 mode); "depend" and "owners" as in ``efn export --table``

        With the same options, the text is what ``efn export --format F``
        prints (its --flow, --colour, --table and --flow-table).
        """
        if format not in self.EXPORT_FORMATS:
            raise errors.ArgumentError(
                "unknown export format %r; expected one of %s"
                % (format, ", ".join(self.EXPORT_FORMATS)))
        if format == "json":
            if path is not None:
                self.save(path)
                return path
            return self.to_json(pretty=True)
        if format != "csv" and table is not None:
            raise errors.ArgumentError("table applies to csv only")
        lib = _capi.lib()
        net = self._handle()
        y = _year(year)
        with contextlib.ExitStack() as stack:
            def flow_handle():
                return stack.enter_context(
                    self._flow_handle(commodity, year, mode))

            fh = flow_handle() if flow else None
            if format == "geojson":
                text = _capi.call_json(lib.efn_export_geojson, net, y, fh)
            elif format == "graphml":
                text = _capi.call_json(lib.efn_export_graphml, net,
                                       _commodity(commodity), y, fh)
            elif format == "dot":
                opt = self._dot_options(colour, commodities, edge_labels,
                                        inactive, size_in)
                text = _capi.call_json(lib.efn_export_dot, net, y, fh,
                                       byref(opt))
            else:
                text = self._export_csv(stack, table, fh, y, commodity, year,
                                        mode, flow_table, by, observed,
                                        computed, flow_handle)
        if path is not None:
            lib.efn_export_write(_capi.encode_path(path),
                                 _capi.encode(text, "text"))
            return path
        return text

    @staticmethod
    def _dot_options(colour, commodities, edge_labels, inactive, size_in):
        lib = _capi.lib()
        opt = _capi.options_init(_capi.efn_export_dot_options,
                                 "EFN_EXPORT_DOT_OPTIONS_INIT")
        c = c_int()
        try:
            lib.efn_export_colour_parse(byref(c), _capi.encode(colour,
                                                               "colour"))
        except errors.InvalidInput as exc:
            raise errors.ArgumentError("colour: %s" % exc.message) from None
        opt.colour = c.value
        if commodities is not None:
            if isinstance(commodities, str):
                commodities = [commodities]
            bits = 0
            for name in commodities:
                bits |= 1 << _commodity(name)
            opt.commodities = bits
        opt.edge_labels = 1 if edge_labels else 0
        opt.inactive = 1 if inactive else 0
        if size_in is not None:
            try:
                opt.size_in = float(size_in)
            except (TypeError, ValueError):
                raise errors.ArgumentError("size_in must be a number") from None
        return opt

    def _export_csv(self, stack, table, fh, y, commodity, year, mode,
                    flow_table, by, observed, computed, flow_handle):
        lib = _capi.lib()
        net = self._handle()
        table = self._CSV_ALIASES.get(table, table) if table else "assets"
        if table not in self.CSV_TABLES:
            raise errors.ArgumentError(
                "csv needs table, one of %s; got %r"
                % (", ".join(self.CSV_TABLES), table))
        if table == "nodes":
            return _capi.call_json(lib.efn_export_csv_nodes, net, y)
        if table == "assets":
            return _capi.call_json(lib.efn_export_csv_assets, net, y, fh)
        if table == "flow":
            t = c_int()
            try:
                lib.efn_export_flow_table_parse(
                    byref(t), _capi.encode(flow_table, "flow_table"))
            except errors.InvalidInput as exc:
                raise errors.ArgumentError("flow_table: %s"
                                           % exc.message) from None
            return _capi.call_json(lib.efn_export_csv_flow, net,
                                   fh or flow_handle(), t.value)
        if table == "n1":
            h = stack.enter_context(self._n1_handle(commodity, year, by))
            return _capi.call_json(lib.efn_export_csv_n1, net, h)
        if table == "trace":
            h = stack.enter_context(
                self._trace_handle(commodity, year, observed, mode))
            return _capi.call_json(lib.efn_export_csv_trace, net, h)
        if table == "dependency":
            h = stack.enter_context(
                self._dependency_handle(commodity, year, observed, mode))
            return _capi.call_json(lib.efn_export_csv_dependency, net, h)
        h = stack.enter_context(
            self._ownership_handle(year, computed, commodity, mode))
        return _capi.call_json(lib.efn_export_csv_ownership, net, h)

    _ANALYSES = ("flow", "n1", "balance", "trace", "dependency", "ownership",
                 "eu_n1", "risk")

    def timeline(self, analysis, start, end, **kw):
        """Runs `analysis` ("flow", "n1", "balance", "trace", "dependency",
        "ownership", "eu_n1" or "risk") for every year from `start` to `end`
        inclusive, with the keyword arguments of that method."""
        if analysis not in self._ANALYSES:
            raise errors.ArgumentError(
                "timeline: analysis must be one of %s, got %r"
                % (", ".join(self._ANALYSES), analysis))
        start, end = _year(start, "start"), _year(end, "end")
        if not start or start > end:
            raise errors.ArgumentError(
                "timeline: expected start <= end, got %r to %r"
                % (start, end))
        if "year" in kw:
            raise errors.ArgumentError("timeline takes start and end, "
                                       "not year")
        method = getattr(self, analysis)
        years = list(range(start, end + 1))
        return Timeline(analysis, years,
                        [method(year=y, **kw) for y in years])

    def __repr__(self):
        if self.closed:
            return "<efn.Network (closed)>"
        lib = _capi.lib()
        net = self._handle()
        return "<efn.Network %r: %d nodes, %d assets, %d owners>" % (
            self.title or self.source, lib.efn_network_node_count(net),
            lib.efn_network_asset_count(net),
            lib.efn_network_owner_count(net))
