"""Analysis results as plain Python objects.

Each analysis runs in C, writes its result with the library's ``*_to_json``
function, frees the C result at once and hands back one of these classes.
They hold no C handle. Keys of the JSON object are attributes (``r.max_total``)
and items (``r["max_total"]``); nested objects are :class:`Record` too, lists
are lists. ``to_dict()`` returns the JSON object itself (a deep copy), which
is what ``efn <command> --json`` prints.

Quantities are in the commodity's canonical unit (``unit``: gas bcm/y, oil
Mt/y, electricity TWh/y); an unbounded capacity is the string "unbounded",
as in the JSON.
"""

import copy
import json

from . import errors

__all__ = [
    "Record",
    "Result",
    "FlowResult",
    "BalanceResult",
    "N1Result",
    "EUN1Result",
    "TraceResult",
    "DependencyResult",
    "OwnershipResult",
    "RiskResult",
    "Timeline",
]


def _wrap(value):
    if isinstance(value, dict):
        return Record(value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value


class Record:
    """A read-only view of a JSON object: keys as attributes and items."""

    __slots__ = ("_data",)

    def __init__(self, data):
        if not isinstance(data, dict):
            raise TypeError("Record wraps a dict, got %s" % type(data).__name__)
        object.__setattr__(self, "_data", data)

    def __getattr__(self, name):
        try:
            return _wrap(self._data[name])
        except KeyError:
            raise AttributeError(
                "%s has no key %r (keys: %s)"
                % (type(self).__name__, name, ", ".join(self._data))) from None

    def __setattr__(self, name, value):
        raise AttributeError("%s is read-only" % type(self).__name__)

    def __getitem__(self, key):
        return _wrap(self._data[key])

    def __contains__(self, key):
        return key in self._data

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)

    def keys(self):
        return self._data.keys()

    def get(self, key, default=None):
        return _wrap(self._data[key]) if key in self._data else default

    def to_dict(self):
        """The JSON object, as a new dict."""
        return copy.deepcopy(self._data)

    def __eq__(self, other):
        if isinstance(other, Record):
            return self._data == other._data
        if isinstance(other, dict):
            return self._data == other
        return NotImplemented

    __hash__ = None

    def __dir__(self):
        names = set(super().__dir__())
        names.update(k for k in self._data if k.isidentifier())
        return sorted(names)

    def __repr__(self):
        shown = []
        for key, value in self._data.items():
            if isinstance(value, (dict, list)):
                value = "<%d %s>" % (len(value),
                                     "keys" if isinstance(value, dict)
                                     else "items")
            else:
                value = repr(value)
            shown.append("%s=%s" % (key, value))
            if len(shown) == 8:
                shown.append("...")
                break
        return "%s(%s)" % (type(self).__name__, ", ".join(shown))


def _find(items, key, value, what):
    for item in items:
        if item.get(key) == value:
            return Record(item)
    raise errors.NotFound("%s: no %s %r in this result" % (what, key, value))


class Result(Record):
    """An analysis result. ``analysis`` names it ("flow", "n1", ...)."""

    __slots__ = ()

    @classmethod
    def from_json(cls, text):
        return cls(json.loads(text))

    def to_json(self, indent=None):
        """The result as JSON text."""
        return json.dumps(self._data, indent=indent, ensure_ascii=False)


class FlowResult(Result):
    """``efn flow --json``: totals, consumers, suppliers, assets, segments
    and the minimum cut."""

    __slots__ = ()

    def consumer(self, node):
        """The consumer entry of node id `node` (NotFound if none)."""
        return _find(self._data["consumers"], "node", node, "flow consumers")

    def supplier(self, node):
        return _find(self._data["suppliers"], "node", node, "flow suppliers")

    def asset(self, asset):
        """The entry of asset id `asset`: capacity, flow, utilisation."""
        return _find(self._data["assets"], "asset", asset, "flow assets")

    def delivered(self, node):
        """What consumer `node` receives."""
        return self.consumer(node).delivered

    def asset_flow(self, asset):
        return self.asset(asset).flow

    def binding_assets(self):
        """Ids of the assets in the minimum cut, each once, in cut order."""
        seen = []
        for item in self._data["cut"]:
            if item.get("kind") == "segment" and item["asset"] not in seen:
                seen.append(item["asset"])
        return seen


class BalanceResult(Result):
    """``efn flow --observed --json``: the balance of observed flows."""

    __slots__ = ()

    def node(self, node):
        return _find(self._data["nodes"], "node", node, "balance nodes")


class EUN1Result(Result):
    """The infrastructure standard of Regulation (EU) 2017/1938 Annex II for
    one country, in mcm/d: EPm, Pm, Sm, LNGm, Im, Dmax and n1_percent."""

    __slots__ = ()


class N1Result(Result):
    """N-1: ranked ``entries`` (kind, id, total_after, loss,
    consumer_loss) and ``consumers`` (standalone deliverable).

    When the analysis was asked for a country, ``eu_n1`` is its
    :class:`EUN1Result` and ``to_dict()`` carries it under "eu_n1";
    ``efn n1 --json`` prints the same two objects as
    ``{"n1": ..., "eu_n1": ...}`` (see :meth:`to_command_dict`).
    """

    __slots__ = ()

    @property
    def eu_n1(self):
        data = self._data.get("eu_n1")
        return None if data is None else EUN1Result(data)

    def entry(self, id, kind=None):
        """The entry that removed `id` (of `kind`: asset, node, country)."""
        for item in self._data["entries"]:
            if item["id"] == id and (kind is None or item["kind"] == kind):
                return Record(item)
        raise errors.NotFound("n1: no entry for %r" % id)

    def top(self, n=10):
        """The first `n` entries (the largest losses)."""
        return _wrap(self._data["entries"][:n])

    def to_command_dict(self):
        """The object ``efn n1 --json`` prints: {"n1": ..., "eu_n1": ...}."""
        data = self.to_dict()
        out = {}
        eu = data.pop("eu_n1", None)
        out["n1"] = data
        if eu is not None:
            out["eu_n1"] = eu
        return out


class TraceResult(Result):
    """Proportional sharing: ``origins``, ``consumers`` (with by_origin and
    by_country) and ``segments`` (with by_country)."""

    __slots__ = ()

    def consumer(self, node):
        return _find(self._data["consumers"], "node", node, "trace consumers")

    def country_shares(self, node):
        """{origin country: share (0 to 1)} of consumer `node`."""
        return {x["country"]: x["share"]
                for x in self.consumer(node)._data["by_country"]}

    def origin_shares(self, node):
        """{origin node: share (0 to 1)} of consumer `node`."""
        return {x["origin"]: x["share"]
                for x in self.consumer(node)._data["by_origin"]}


class DependencyResult(Result):
    """Per consumer: volume, hhi_origin, hhi_entry and the lists suppliers,
    transit, assets, entry_routes, spof_nodes, spof_assets,
    owner_countries (each item with volume and share)."""

    __slots__ = ()

    KINDS = ("suppliers", "transit", "assets", "entry_routes", "spof_nodes",
             "spof_assets", "owner_countries")

    def consumer(self, node):
        return _find(self._data["consumers"], "node", node,
                     "dependency consumers")

    def consumers_in(self, country):
        """The consumers in `country`."""
        return [Record(c) for c in self._data["consumers"]
                if c.get("country") == country]

    def shares(self, node, kind="suppliers"):
        """{key: share} of one list of consumer `node`; the key is the
        country, asset or node the item names."""
        if kind not in self.KINDS:
            raise errors.ArgumentError(
                "kind must be one of %s, got %r" % (", ".join(self.KINDS),
                                                     kind))
        out = {}
        for item in self.consumer(node)._data[kind]:
            key = item.get("country", item.get("asset", item.get("node")))
            out[key] = item["share"]
        return out

    def hhi(self, node):
        """HHI (0 to 10,000) of consumer `node`'s origin countries."""
        return self.consumer(node).hhi_origin


class OwnershipResult(Result):
    """Look-through ownership: ``owners`` (ultimate or not, totals, interest
    per asset in percent), ``countries`` (totals) and ``assets`` (listed,
    ultimate, untraced and unlisted percent, by_country)."""

    __slots__ = ("_lookthrough",)

    def __init__(self, data, lookthrough=None):
        super().__init__(data)
        object.__setattr__(self, "_lookthrough", lookthrough or {})

    def owner(self, owner):
        return _find(self._data["owners"], "id", owner, "ownership owners")

    def country(self, country):
        return _find(self._data["countries"], "country", country,
                     "ownership countries")

    def asset(self, asset):
        return _find(self._data["assets"], "asset", asset, "ownership assets")

    def interest(self, owner, asset):
        """Owner `owner`'s look-through interest in `asset`, percent."""
        for item in self.owner(owner)._data["assets"]:
            if item["asset"] == asset:
                return item["percent"]
        return 0.0

    def country_share(self, country, asset):
        """The percent of `asset` its ultimate owners of `country` hold."""
        by = self.asset(asset)._data["by_country"]
        return by.get(country or "unknown", 0.0)

    def country_totals(self, country, commodity="gas"):
        """(capacity, throughput) of `country`'s ultimate owners,
        stake-weighted, in the commodity's unit; (0, 0) when none."""
        try:
            totals = self.country(country)._data["totals"]
        except errors.NotFound:
            return (0.0, 0.0)
        t = totals.get(commodity)
        return (0.0, 0.0) if t is None else (t["capacity"], t["throughput"])

    def lookthrough(self, owner, of):
        """L[owner][of]: the fraction (0 to 1) of owner `of` that is
        integrated into `owner`, through every chain."""
        try:
            return self._lookthrough[owner][of]
        except KeyError:
            raise errors.NotFound(
                "ownership: no owner pair (%r, %r)" % (owner, of)) from None


class RiskResult(Result):
    """Monte Carlo supply risk: samples, seed, base_total, the mean total
    unserved and its standard error; per consumer mean_unserved,
    se_unserved, p50, p95, p99 and p_shortfall; per asset its outage
    probability and how often it was on the minimum cut."""

    __slots__ = ()

    def consumer(self, node):
        return _find(self._data["consumers"], "node", node, "risk consumers")

    def asset(self, asset):
        return _find(self._data["assets"], "asset", asset, "risk assets")


class Timeline:
    """One analysis across years: ``years``, ``results`` (one Result per
    year) and ``to_dict()``, the list ``efn timeline --json`` prints."""

    def __init__(self, analysis, years, results):
        self.analysis = analysis
        self.years = list(years)
        self.results = list(results)

    def __iter__(self):
        return iter(self.results)

    def __len__(self):
        return len(self.results)

    def __getitem__(self, i):
        return self.results[i]

    def year(self, year):
        """The result of `year`."""
        try:
            return self.results[self.years.index(year)]
        except ValueError:
            raise errors.NotFound("timeline: no year %r" % year) from None

    def to_dict(self):
        """The results as a list of dicts (oldest first); N-1 entries are
        {"n1": ..., "eu_n1": ...} as ``efn timeline n1 --json`` prints."""
        out = []
        for r in self.results:
            out.append(r.to_command_dict() if isinstance(r, N1Result)
                       else r.to_dict())
        return out

    def __repr__(self):
        return "Timeline(%s, %s to %s)" % (
            self.analysis, self.years[0] if self.years else "-",
            self.years[-1] if self.years else "-")
