"""The C surface of libefn, declared once, and the loader.

Everything the package calls is in FUNCTIONS: one entry per C function,
(name, argtypes, restype, errcheck), in the order of the headers. The table
is registered on the loaded library in one place (``_register``), and the
object the rest of the package calls through (``lib()``) exposes only the
functions of the table, so no call can go out without declared types.
tests/python/test_header.py parses include/efn/*.h and checks every entry
(name, number of parameters, void or not), every constant in CONSTANTS and
every structure's fields against the headers.

The library is found, in order:
  1. the path in the environment variable EFN_LIBRARY;
  2. a build tree above this package: build*/libefn.so*, ./build first;
  3. the system's library path (ctypes.util.find_library("efn"),
     then "libefn.so.0").
"""

import ctypes
import ctypes.util
import os
import pathlib
import sys
import threading
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_double, c_int,
                    c_size_t, c_uint, c_uint64, c_void_p)

from . import errors
from ._version import EXPECTED

# ---- constants ------------------------------------------------------------
# Every enum value and #define of include/efn/*.h the package uses, by its C
# name. tests/python/test_header.py checks each against the headers.
CONSTANTS = {
    # common.h
    "EFN_OK": 0,
    "EFN_ERROR": -1,
    "EFN_ENOMEM": -2,
    "EFN_EIO": -3,
    "EFN_EINVALID": -4,
    "EFN_ENOTFOUND": -5,
    "EFN_EARG": -6,
    "EFN_EINFEASIBLE": -7,
    "EFN_ECANCELLED": -8,
    "EFN_FORMAT_VERSION": 1,
    # units.h
    "EFN_GAS": 0,
    "EFN_OIL": 1,
    "EFN_ELECTRICITY": 2,
    "EFN_COMMODITY_COUNT": 3,
    # network.h
    "EFN_NODE_FIELD": 0,
    "EFN_NODE_TERMINAL": 1,
    "EFN_NODE_JUNCTION": 2,
    "EFN_NODE_BORDER": 3,
    "EFN_NODE_MARKET": 4,
    "EFN_NODE_STORAGE": 5,
    "EFN_NODE_LNG": 6,
    "EFN_STATUS_OPERATING": 0,
    "EFN_STATUS_CONSTRUCTION": 1,
    "EFN_STATUS_PROPOSED": 2,
    "EFN_STATUS_IDLE": 3,
    "EFN_STATUS_RETIRED": 4,
    "EFN_SUPPLY": 0,
    "EFN_DEMAND": 1,
    "EFN_PEAK_DEMAND": 2,
    "EFN_CAPACITY": 0,
    "EFN_FLOW": 1,
    "EFN_TARIFF": 2,
    # flow.h
    "EFN_ALLOC_MAX": 0,
    "EFN_ALLOC_SHARED": 1,
    "EFN_CUT_SEGMENT": 0,
    "EFN_CUT_SUPPLY": 1,
    "EFN_CUT_DEMAND": 2,
    # n1.h
    "EFN_N1_ASSETS": 1,
    "EFN_N1_NODES": 2,
    "EFN_N1_COUNTRIES": 4,
    "EFN_N1_ASSET": 0,
    "EFN_N1_NODE": 1,
    "EFN_N1_COUNTRY": 2,
    # trace.h
    "EFN_TRACE_FLOW": 0,
    "EFN_TRACE_OBSERVED": 1,
    # dependency.h
    "EFN_DEP_SUPPLIER": 0,
    "EFN_DEP_TRANSIT": 1,
    "EFN_DEP_ASSET": 2,
    "EFN_DEP_ENTRY": 3,
    "EFN_DEP_SPOF_NODE": 4,
    "EFN_DEP_SPOF_ASSET": 5,
    "EFN_DEP_OWNER_COUNTRY": 6,
    "EFN_DEP_KIND_COUNT": 7,
    # export.h
    "EFN_EXPORT_COLOUR_COMMODITY": 0,
    "EFN_EXPORT_COLOUR_UTILISATION": 1,
    "EFN_EXPORT_FLOW_CONSUMERS": 0,
    "EFN_EXPORT_FLOW_SUPPLIERS": 1,
    "EFN_EXPORT_FLOW_SEGMENTS": 2,
    "EFN_EXPORT_FLOW_ASSETS": 3,
    "EFN_EXPORT_FLOW_CUT": 4,
    # risk.h
    "EFN_RISK_BATCH": 256,
    "EFN_RISK_FROM_ASSET": 0,
    "EFN_RISK_FROM_RATE": 1,
    "EFN_RISK_FROM_DEFAULT": 2,
    "EFN_RISK_COUNTRY": 0,
    "EFN_RISK_GROUP": 1,
}

# Constants the header defines as expressions or floats; checked too.
FLOAT_CONSTANTS = {
    "EFN_DEFAULT_GAS_TWH_PER_BCM": 10.0,
    "EFN_DEFAULT_OIL_BBL_PER_TONNE": 7.33,
    "EFN_DEFAULT_PEAK_FACTOR": 2.0,
    "EFN_DEFAULT_OUTAGE_RATE_PER_1000KM_YEAR": 0.31,
    "EFN_DEFAULT_OUTAGE_PROBABILITY": 0.01,
}

# Each constant is also a module attribute (_capi.EFN_GAS), as in C.
globals().update(CONSTANTS)
globals().update(FLOAT_CONSTANTS)
_C = {**CONSTANTS, **FLOAT_CONSTANTS}

# The options structures' initialisers (the headers' *_INIT macros), field
# by field, by the macro's name. The package builds the options structures
# that have one from these (options_init()); test_header.py checks them
# against the macros.
OPTION_DEFAULTS = {
    "EFN_CONVENTIONS_INIT": (_C["EFN_DEFAULT_GAS_TWH_PER_BCM"],
                             _C["EFN_DEFAULT_OIL_BBL_PER_TONNE"]),
    "EFN_FLOW_OPTIONS_INIT": (_C["EFN_GAS"], 0, _C["EFN_ALLOC_MAX"]),
    "EFN_N1_OPTIONS_INIT": (_C["EFN_GAS"], 0, _C["EFN_N1_ASSETS"], 0),
    "EFN_TRACE_OPTIONS_INIT": (_C["EFN_GAS"], 0, _C["EFN_TRACE_FLOW"],
                               _C["EFN_ALLOC_MAX"]),
    "EFN_EXPORT_DOT_OPTIONS_INIT": (0, _C["EFN_EXPORT_COLOUR_COMMODITY"], 1,
                                    0, 10.0),
    "EFN_RISK_OPTIONS_INIT": (_C["EFN_GAS"], 0, _C["EFN_ALLOC_MAX"], 10000, 1,
                              0, 0.0, -1.0, -1.0, None, None),
}

#: Enum value to name, for the enums whose names the library spells.
NODE_KINDS = ("field", "terminal", "junction", "border", "market", "storage",
              "lng")
ASSET_STATUSES = ("operating", "construction", "proposed", "idle", "retired")
COMMODITIES = ("gas", "oil", "electricity")
ALLOCATIONS = ("max", "shared")
N1_SCOPES = {"assets": _C["EFN_N1_ASSETS"], "nodes": _C["EFN_N1_NODES"],
             "countries": _C["EFN_N1_COUNTRIES"]}

SIZE_MAX = ctypes.c_size_t(-1).value


# ---- opaque handles -------------------------------------------------------

class _Opaque(Structure):
    """Base of the opaque C types; never instantiated."""

    _fields_ = []


class efn_network(_Opaque):
    pass


class efn_scenario(_Opaque):
    pass


class efn_diagnostics(_Opaque):
    pass


class efn_graph(_Opaque):
    pass


class efn_flow(_Opaque):
    pass


class efn_balance(_Opaque):
    pass


class efn_n1(_Opaque):
    pass


class efn_trace(_Opaque):
    pass


class efn_dependency(_Opaque):
    pass


class efn_ownership(_Opaque):
    pass


class efn_risk(_Opaque):
    pass


class igraph_s(_Opaque):
    pass


NetworkP = POINTER(efn_network)
ScenarioP = POINTER(efn_scenario)
DiagnosticsP = POINTER(efn_diagnostics)
GraphP = POINTER(efn_graph)
FlowP = POINTER(efn_flow)
BalanceP = POINTER(efn_balance)
N1P = POINTER(efn_n1)
TraceP = POINTER(efn_trace)
DependencyP = POINTER(efn_dependency)
OwnershipP = POINTER(efn_ownership)
RiskP = POINTER(efn_risk)


# ---- transparent structures -----------------------------------------------
# Field names and order as in the headers (checked by test_header.py). C
# enums are ints.

class efn_conventions(Structure):
    _fields_ = [("gas_twh_per_bcm", c_double),
                ("oil_bbl_per_tonne", c_double)]


class efn_node_info(Structure):
    _fields_ = [("id", c_char_p),
                ("name", c_char_p),
                ("kind", c_int),
                ("country", c_char_p),
                ("has_coordinates", c_int),
                ("lat", c_double),
                ("lon", c_double),
                ("enabled", c_int)]


class efn_asset_info(Structure):
    _fields_ = [("id", c_char_p),
                ("name", c_char_p),
                ("commodity", c_int),
                ("status", c_int),
                ("start_year", c_int),
                ("end_year", c_int),
                ("bidirectional", c_int),
                ("length_km", c_double),
                ("route_length", c_size_t),
                ("segment_count", c_size_t),
                ("enabled", c_int)]


class efn_owner_info(Structure):
    _fields_ = [("id", c_char_p),
                ("name", c_char_p),
                ("kind", c_char_p),
                ("country", c_char_p),
                ("parent_count", c_size_t)]


class efn_graph_edge(Structure):
    _fields_ = [("asset", c_size_t),
                ("segment", c_size_t),
                ("from_node", c_size_t),
                ("to_node", c_size_t),
                ("reverse", c_int),
                ("capacity", c_double)]


class efn_flow_options(Structure):
    _fields_ = [("commodity", c_int),
                ("year", c_int),
                ("mode", c_int)]


class efn_flow_consumer(Structure):
    _fields_ = [("node", c_size_t),
                ("demand", c_double),
                ("delivered", c_double),
                ("unmet", c_double),
                ("fraction", c_double)]


class efn_flow_supplier(Structure):
    _fields_ = [("node", c_size_t),
                ("supply", c_double),
                ("injected", c_double),
                ("spare", c_double)]


class efn_flow_segment(Structure):
    _fields_ = [("asset", c_size_t),
                ("segment", c_size_t),
                ("from_node", c_size_t),
                ("to_node", c_size_t),
                ("capacity", c_double),
                ("flow", c_double),
                ("utilisation", c_double)]


class efn_flow_asset(Structure):
    _fields_ = [("asset", c_size_t),
                ("capacity", c_double),
                ("flow", c_double),
                ("utilisation", c_double)]


class efn_cut_item(Structure):
    _fields_ = [("kind", c_int),
                ("asset", c_size_t),
                ("segment", c_size_t),
                ("from_node", c_size_t),
                ("to_node", c_size_t),
                ("node", c_size_t),
                ("capacity", c_double)]


class efn_balance_node(Structure):
    _fields_ = [("node", c_size_t),
                ("inflow", c_double),
                ("outflow", c_double),
                ("injection", c_double),
                ("withdrawal", c_double),
                ("supply", c_double),
                ("demand", c_double),
                ("imbalance", c_double)]


class efn_n1_options(Structure):
    _fields_ = [("commodity", c_int),
                ("year", c_int),
                ("scope", c_uint),
                ("totals_only", c_int)]


class efn_n1_entry(Structure):
    _fields_ = [("kind", c_int),
                ("index", c_size_t),
                ("id", c_char_p),
                ("total_after", c_double),
                ("loss", c_double),
                ("recomputed", c_int)]


class efn_eu_n1(Structure):
    _fields_ = [("country", c_char_p),
                ("year", c_int),
                ("epm_mcm_d", c_double),
                ("pm_mcm_d", c_double),
                ("sm_mcm_d", c_double),
                ("lngm_mcm_d", c_double),
                ("im_mcm_d", c_double),
                ("dmax_mcm_d", c_double),
                ("n1_percent", c_double),
                ("im_is_asset", c_int),
                ("im_index", c_size_t),
                ("dmax_estimated", c_int),
                ("peak_factor", c_double)]


class efn_trace_options(Structure):
    _fields_ = [("commodity", c_int),
                ("year", c_int),
                ("source", c_int),
                ("mode", c_int)]


class efn_trace_segment(Structure):
    _fields_ = [("asset", c_size_t),
                ("segment", c_size_t),
                ("from_node", c_size_t),
                ("to_node", c_size_t),
                ("flow", c_double)]


class efn_dep_item(Structure):
    _fields_ = [("kind", c_int),
                ("country", c_char_p),
                ("asset", c_size_t),
                ("node", c_size_t),
                ("volume", c_double),
                ("share", c_double)]


class efn_export_dot_options(Structure):
    _fields_ = [("commodities", c_uint),
                ("colour", c_int),
                ("edge_labels", c_int),
                ("inactive", c_int),
                ("size_in", c_double)]


class efn_risk_consumer(Structure):
    _fields_ = [("node", c_size_t),
                ("demand", c_double),
                ("base_delivered", c_double),
                ("mean_unserved", c_double),
                ("se_unserved", c_double),
                ("p50", c_double),
                ("p95", c_double),
                ("p99", c_double),
                ("p_shortfall", c_double)]


class efn_risk_asset(Structure):
    _fields_ = [("asset", c_size_t),
                ("probability", c_double),
                ("source", c_int),
                ("failures", c_size_t),
                ("on_cut", c_size_t),
                ("cut_frequency", c_double)]


class efn_risk_event(Structure):
    _fields_ = [("kind", c_int),
                ("id", c_char_p),
                ("probability", c_double),
                ("asset_count", c_size_t),
                ("occurrences", c_size_t)]


#: int (*progress)(size_t done, size_t total, void *user)
RISK_PROGRESS = CFUNCTYPE(c_int, c_size_t, c_size_t, c_void_p)


class efn_risk_options(Structure):
    _fields_ = [("commodity", c_int),
                ("year", c_int),
                ("mode", c_int),
                ("samples", c_size_t),
                ("seed", c_uint64),
                ("workers", c_uint),
                ("target_rse", c_double),
                ("default_probability", c_double),
                ("outage_rate_per_1000km_year", c_double),
                ("progress", RISK_PROGRESS),
                ("progress_user", c_void_p)]


STRUCTURES = (efn_conventions, efn_node_info, efn_asset_info, efn_owner_info,
              efn_graph_edge, efn_flow_options, efn_flow_consumer,
              efn_flow_supplier, efn_flow_segment, efn_flow_asset,
              efn_cut_item, efn_balance_node, efn_n1_options, efn_n1_entry,
              efn_eu_n1, efn_trace_options, efn_trace_segment, efn_dep_item,
              efn_export_dot_options, efn_risk_options, efn_risk_consumer,
              efn_risk_asset, efn_risk_event)


def options_init(struct, macro):
    """A new `struct` filled as the C initialiser `macro` fills it."""
    out = struct()
    for (name, ctype), value in zip(struct._fields_, OPTION_DEFAULTS[macro]):
        if value is not None:
            setattr(out, name, value)
    return out


# ---- errcheck -------------------------------------------------------------

def _raise_last(code, func_name):
    """Raises the exception for status `code` with the library's message."""
    message = _lib_raw.efn_last_error()
    message = message.decode("utf-8", "replace") if message else ""
    if not message:
        message = "%s failed with status %d" % (func_name, code)
    raise errors.error_class(code)(message, code)


def check_status(result, func, args):
    """errcheck of functions returning an efn status code."""
    if result < 0:
        _raise_last(result, func.__name__)
    return result


def check_text(result, func, args):
    """errcheck of functions returning a static or borrowed C string."""
    return None if result is None else result.decode("utf-8", "replace")


# ---- the table ------------------------------------------------------------
# (name, argtypes, restype, errcheck). Types spelled as in the headers:
# size_t is c_size_t, enums are c_int, char ** outputs are c_void_p so the
# pointer can be handed back to efn_free().

_p = POINTER
_char_pp = _p(c_void_p)  # char ** that the library allocates

FUNCTIONS = [
    # common.h
    ("efn_version_number", [], c_int, None),
    ("efn_version_string", [], c_char_p, check_text),
    ("efn_last_error", [], c_char_p, None),
    ("efn_last_error_code", [], c_int, None),
    ("efn_clear_error", [], None, None),
    ("efn_status_name", [c_int], c_char_p, check_text),
    ("efn_free", [c_void_p], None, None),
    # units.h
    ("efn_commodity_name", [c_int], c_char_p, check_text),
    ("efn_commodity_parse", [_p(c_int), c_char_p], c_int, check_status),
    ("efn_commodity_unit", [c_int], c_char_p, check_text),
    ("efn_conventions_init", [_p(efn_conventions)], None, None),
    ("efn_unit_factor", [_p(c_double), c_char_p, c_int, _p(efn_conventions)],
     c_int, check_status),
    ("efn_unit_convert", [_p(c_double), c_double, c_char_p, c_char_p, c_int,
                          _p(efn_conventions)], c_int, check_status),
    ("efn_quantity_parse", [_p(c_double), c_char_p, c_int,
                            _p(efn_conventions)], c_int, check_status),
    # network.h
    ("efn_node_kind_name", [c_int], c_char_p, check_text),
    ("efn_asset_status_name", [c_int], c_char_p, check_text),
    ("efn_network_load", [_p(NetworkP), c_char_p], c_int, check_status),
    ("efn_network_load_buffer", [_p(NetworkP), c_char_p, c_size_t, c_char_p],
     c_int, check_status),
    ("efn_network_free", [NetworkP], None, None),
    ("efn_network_to_json", [_char_pp, NetworkP, c_int], c_int, check_status),
    ("efn_network_save", [NetworkP, c_char_p], c_int, check_status),
    ("efn_network_source", [NetworkP], c_char_p, check_text),
    ("efn_network_title", [NetworkP], c_char_p, check_text),
    ("efn_network_year", [NetworkP], c_int, None),
    ("efn_network_conventions", [_p(efn_conventions), NetworkP], None, None),
    ("efn_validate_file", [_p(DiagnosticsP), c_char_p], c_int, check_status),
    ("efn_validate_buffer", [_p(DiagnosticsP), c_char_p, c_size_t, c_char_p],
     c_int, check_status),
    ("efn_diagnostics_count", [DiagnosticsP], c_size_t, None),
    ("efn_diagnostics_path", [DiagnosticsP, c_size_t], c_char_p, check_text),
    ("efn_diagnostics_problem", [DiagnosticsP, c_size_t], c_char_p,
     check_text),
    ("efn_diagnostics_message", [DiagnosticsP, c_size_t], c_char_p,
     check_text),
    ("efn_diagnostics_free", [DiagnosticsP], None, None),
    ("efn_network_node_count", [NetworkP], c_size_t, None),
    ("efn_network_asset_count", [NetworkP], c_size_t, None),
    ("efn_network_owner_count", [NetworkP], c_size_t, None),
    ("efn_network_find_node", [_p(c_size_t), NetworkP, c_char_p], c_int,
     check_status),
    ("efn_network_find_asset", [_p(c_size_t), NetworkP, c_char_p], c_int,
     check_status),
    ("efn_network_find_owner", [_p(c_size_t), NetworkP, c_char_p], c_int,
     check_status),
    ("efn_network_node", [_p(efn_node_info), NetworkP, c_size_t], c_int,
     check_status),
    ("efn_network_asset", [_p(efn_asset_info), NetworkP, c_size_t], c_int,
     check_status),
    ("efn_network_owner", [_p(efn_owner_info), NetworkP, c_size_t], c_int,
     check_status),
    ("efn_node_quantity_get", [_p(c_double), NetworkP, c_size_t, c_int, c_int,
                               c_int], c_int, check_status),
    ("efn_asset_route_node", [_p(c_size_t), NetworkP, c_size_t, c_size_t],
     c_int, check_status),
    ("efn_asset_quantity_get", [_p(c_double), NetworkP, c_size_t, c_int,
                                c_int], c_int, check_status),
    ("efn_segment_quantity_get", [_p(c_double), NetworkP, c_size_t, c_size_t,
                                  c_int, c_int], c_int, check_status),
    ("efn_asset_is_active", [NetworkP, c_size_t, c_int], c_int, None),
    ("efn_asset_stake_count", [NetworkP, c_size_t, c_int], c_size_t, None),
    ("efn_asset_stake", [_p(c_size_t), _p(c_double), NetworkP, c_size_t,
                         c_int, c_size_t], c_int, check_status),
    ("efn_owner_parent", [_p(c_size_t), _p(c_double), NetworkP, c_size_t,
                          c_size_t], c_int, check_status),
    ("efn_network_years", [_p(_p(c_int)), _p(c_size_t), NetworkP], c_int,
     check_status),
    # scenario.h
    ("efn_scenario_load", [_p(ScenarioP), c_char_p], c_int, check_status),
    ("efn_scenario_load_buffer", [_p(ScenarioP), c_char_p, c_size_t,
                                  c_char_p], c_int, check_status),
    ("efn_scenario_free", [ScenarioP], None, None),
    ("efn_scenario_name", [ScenarioP], c_char_p, check_text),
    ("efn_scenario_description", [ScenarioP], c_char_p, check_text),
    ("efn_scenario_year", [ScenarioP], c_int, None),
    ("efn_scenario_change_count", [ScenarioP], c_size_t, None),
    ("efn_scenario_apply", [_p(NetworkP), NetworkP, ScenarioP], c_int,
     check_status),
    ("efn_scenario_apply_all", [_p(NetworkP), NetworkP, _p(ScenarioP),
                                c_size_t], c_int, check_status),
    ("efn_network_copy", [_p(NetworkP), NetworkP], c_int, check_status),
    # graph.h
    ("efn_graph_build", [_p(GraphP), NetworkP, c_int, c_int], c_int,
     check_status),
    ("efn_graph_free", [GraphP], None, None),
    ("efn_graph_igraph", [GraphP], _p(igraph_s), None),
    ("efn_graph_vertex_count", [GraphP], c_size_t, None),
    ("efn_graph_edge_count", [GraphP], c_size_t, None),
    ("efn_graph_edge_get", [_p(efn_graph_edge), GraphP, c_size_t], c_int,
     check_status),
    ("efn_graph_commodity", [GraphP], c_int, None),
    ("efn_graph_year", [GraphP], c_int, None),
    # flow.h
    ("efn_allocation_name", [c_int], c_char_p, check_text),
    ("efn_allocation_parse", [_p(c_int), c_char_p], c_int, check_status),
    ("efn_flow_run", [_p(FlowP), NetworkP, _p(efn_flow_options)], c_int,
     check_status),
    ("efn_flow_free", [FlowP], None, None),
    ("efn_flow_maximum", [NetworkP, _p(efn_flow_options), _p(c_double)],
     c_int, check_status),
    ("efn_flow_commodity", [FlowP], c_int, None),
    ("efn_flow_year", [FlowP], c_int, None),
    ("efn_flow_mode", [FlowP], c_int, None),
    ("efn_flow_max_total", [FlowP], c_double, None),
    ("efn_flow_delivered_total", [FlowP], c_double, None),
    ("efn_flow_demand_total", [FlowP], c_double, None),
    ("efn_flow_supply_total", [FlowP], c_double, None),
    ("efn_flow_consumer_count", [FlowP], c_size_t, None),
    ("efn_flow_consumer_get", [_p(efn_flow_consumer), FlowP, c_size_t],
     c_int, check_status),
    ("efn_flow_supplier_count", [FlowP], c_size_t, None),
    ("efn_flow_supplier_get", [_p(efn_flow_supplier), FlowP, c_size_t],
     c_int, check_status),
    ("efn_flow_segment_count", [FlowP], c_size_t, None),
    ("efn_flow_segment_get", [_p(efn_flow_segment), FlowP, c_size_t], c_int,
     check_status),
    ("efn_flow_asset_count", [FlowP], c_size_t, None),
    ("efn_flow_asset_get", [_p(efn_flow_asset), FlowP, c_size_t], c_int,
     check_status),
    ("efn_flow_cut_count", [FlowP], c_size_t, None),
    ("efn_flow_cut_get", [_p(efn_cut_item), FlowP, c_size_t], c_int,
     check_status),
    ("efn_flow_consumer_find", [_p(efn_flow_consumer), FlowP, c_size_t],
     c_int, check_status),
    ("efn_flow_to_json", [_char_pp, FlowP], c_int, check_status),
    ("efn_balance_run", [_p(BalanceP), NetworkP, c_int, c_int], c_int,
     check_status),
    ("efn_balance_free", [BalanceP], None, None),
    ("efn_balance_node_count", [BalanceP], c_size_t, None),
    ("efn_balance_node_get", [_p(efn_balance_node), BalanceP, c_size_t],
     c_int, check_status),
    ("efn_balance_unobserved_count", [BalanceP], c_size_t, None),
    ("efn_balance_to_json", [_char_pp, BalanceP], c_int, check_status),
    # n1.h
    ("efn_n1_run", [_p(N1P), NetworkP, _p(efn_n1_options)], c_int,
     check_status),
    ("efn_n1_free", [N1P], None, None),
    ("efn_n1_commodity", [N1P], c_int, None),
    ("efn_n1_year", [N1P], c_int, None),
    ("efn_n1_base_total", [N1P], c_double, None),
    ("efn_n1_entry_count", [N1P], c_size_t, None),
    ("efn_n1_entry_get", [_p(efn_n1_entry), N1P, c_size_t], c_int,
     check_status),
    ("efn_n1_consumer_count", [N1P], c_size_t, None),
    ("efn_n1_consumer_get", [_p(c_size_t), _p(c_double), N1P, c_size_t],
     c_int, check_status),
    ("efn_n1_consumer_loss", [_p(c_double), N1P, c_size_t, c_size_t], c_int,
     check_status),
    ("efn_n1_to_json", [_char_pp, N1P], c_int, check_status),
    ("efn_eu_n1_compute", [_p(efn_eu_n1), NetworkP, c_char_p, c_int,
                           c_double], c_int, check_status),
    ("efn_eu_n1_to_json", [_char_pp, _p(efn_eu_n1), NetworkP], c_int,
     check_status),
    # trace.h
    ("efn_trace_run", [_p(TraceP), NetworkP, _p(efn_trace_options)], c_int,
     check_status),
    ("efn_trace_from_flow", [_p(TraceP), NetworkP, FlowP], c_int,
     check_status),
    ("efn_trace_free", [TraceP], None, None),
    ("efn_trace_commodity", [TraceP], c_int, None),
    ("efn_trace_year", [TraceP], c_int, None),
    ("efn_trace_source_of", [TraceP], c_int, None),
    ("efn_trace_mode", [TraceP], c_int, None),
    ("efn_trace_cyclic", [TraceP], c_int, None),
    ("efn_trace_unbalanced_count", [TraceP], c_size_t, None),
    ("efn_trace_origin_count", [TraceP], c_size_t, None),
    ("efn_trace_origin_get", [_p(c_size_t), _p(c_double), _p(c_int), TraceP,
                              c_size_t], c_int, check_status),
    ("efn_trace_country_count", [TraceP], c_size_t, None),
    ("efn_trace_country", [TraceP, c_size_t], c_char_p, check_text),
    ("efn_trace_consumer_count", [TraceP], c_size_t, None),
    ("efn_trace_consumer_get", [_p(c_size_t), _p(c_double), TraceP,
                                c_size_t], c_int, check_status),
    ("efn_trace_consumer_origin", [_p(c_double), _p(c_double), TraceP,
                                   c_size_t, c_size_t], c_int, check_status),
    ("efn_trace_consumer_country", [_p(c_double), _p(c_double), TraceP,
                                    c_size_t, c_size_t], c_int,
     check_status),
    ("efn_trace_segment_count", [TraceP], c_size_t, None),
    ("efn_trace_segment_get", [_p(efn_trace_segment), TraceP, c_size_t],
     c_int, check_status),
    ("efn_trace_segment_origin", [_p(c_double), _p(c_double), TraceP,
                                  c_size_t, c_size_t], c_int, check_status),
    ("efn_trace_segment_country", [_p(c_double), _p(c_double), TraceP,
                                   c_size_t, c_size_t], c_int, check_status),
    ("efn_trace_to_json", [_char_pp, TraceP], c_int, check_status),
    # dependency.h
    ("efn_dependency_run", [_p(DependencyP), NetworkP,
                            _p(efn_trace_options)], c_int, check_status),
    ("efn_dependency_free", [DependencyP], None, None),
    ("efn_dependency_consumer_count", [DependencyP], c_size_t, None),
    ("efn_dependency_consumer_get", [_p(c_size_t), _p(c_double),
                                     _p(c_double), _p(c_double), DependencyP,
                                     c_size_t], c_int, check_status),
    ("efn_dependency_consumer_find", [_p(c_size_t), DependencyP, c_size_t],
     c_int, check_status),
    ("efn_dependency_item_count", [DependencyP, c_size_t, c_int], c_size_t,
     None),
    ("efn_dependency_item_get", [_p(efn_dep_item), DependencyP, c_size_t,
                                 c_int, c_size_t], c_int, check_status),
    ("efn_dependency_trace", [DependencyP], TraceP, None),
    ("efn_dependency_to_json", [_char_pp, DependencyP], c_int, check_status),
    # ownership.h
    ("efn_ownership_run", [_p(OwnershipP), NetworkP, c_int, FlowP], c_int,
     check_status),
    ("efn_ownership_free", [OwnershipP], None, None),
    ("efn_ownership_year", [OwnershipP], c_int, None),
    ("efn_ownership_lookthrough", [_p(c_double), OwnershipP, c_size_t,
                                   c_size_t], c_int, check_status),
    ("efn_ownership_is_ultimate", [OwnershipP, c_size_t], c_int, None),
    ("efn_ownership_interest", [_p(c_double), OwnershipP, c_size_t,
                                c_size_t], c_int, check_status),
    ("efn_ownership_asset_totals", [_p(c_double), _p(c_double), _p(c_double),
                                    OwnershipP, c_size_t], c_int,
     check_status),
    ("efn_ownership_country_count", [OwnershipP], c_size_t, None),
    ("efn_ownership_country", [OwnershipP, c_size_t], c_char_p, check_text),
    ("efn_ownership_country_interest", [_p(c_double), OwnershipP, c_size_t,
                                        c_size_t], c_int, check_status),
    ("efn_ownership_owner_totals", [_p(c_double), _p(c_double), OwnershipP,
                                    c_size_t, c_int], c_int, check_status),
    ("efn_ownership_country_totals", [_p(c_double), _p(c_double), OwnershipP,
                                      c_size_t, c_int], c_int, check_status),
    ("efn_ownership_to_json", [_char_pp, OwnershipP, c_char_p, c_char_p],
     c_int, check_status),
    # export.h
    ("efn_export_geojson", [_char_pp, NetworkP, c_int, FlowP], c_int,
     check_status),
    ("efn_export_graphml", [_char_pp, NetworkP, c_int, c_int, FlowP], c_int,
     check_status),
    ("efn_export_colour_name", [c_int], c_char_p, check_text),
    ("efn_export_colour_parse", [_p(c_int), c_char_p], c_int, check_status),
    ("efn_export_dot", [_char_pp, NetworkP, c_int, FlowP,
                        _p(efn_export_dot_options)], c_int, check_status),
    ("efn_export_csv_nodes", [_char_pp, NetworkP, c_int], c_int,
     check_status),
    ("efn_export_csv_assets", [_char_pp, NetworkP, c_int, FlowP], c_int,
     check_status),
    ("efn_export_flow_table_name", [c_int], c_char_p, check_text),
    ("efn_export_flow_table_parse", [_p(c_int), c_char_p], c_int,
     check_status),
    ("efn_export_csv_flow", [_char_pp, NetworkP, FlowP, c_int], c_int,
     check_status),
    ("efn_export_csv_n1", [_char_pp, NetworkP, N1P], c_int, check_status),
    ("efn_export_csv_trace", [_char_pp, NetworkP, TraceP], c_int,
     check_status),
    ("efn_export_csv_dependency", [_char_pp, NetworkP, DependencyP], c_int,
     check_status),
    ("efn_export_csv_ownership", [_char_pp, NetworkP, OwnershipP], c_int,
     check_status),
    ("efn_export_write", [c_char_p, c_char_p], c_int, check_status),
    # risk.h
    ("efn_risk_run", [_p(RiskP), NetworkP, _p(efn_risk_options)], c_int,
     check_status),
    ("efn_risk_free", [RiskP], None, None),
    ("efn_risk_commodity", [RiskP], c_int, None),
    ("efn_risk_year", [RiskP], c_int, None),
    ("efn_risk_mode", [RiskP], c_int, None),
    ("efn_risk_samples", [RiskP], c_size_t, None),
    ("efn_risk_samples_requested", [RiskP], c_size_t, None),
    ("efn_risk_stopped_early", [RiskP], c_int, None),
    ("efn_risk_seed", [RiskP], c_uint64, None),
    ("efn_risk_workers", [RiskP], c_uint, None),
    ("efn_risk_base_total", [RiskP], c_double, None),
    ("efn_risk_mean_unserved_total", [RiskP], c_double, None),
    ("efn_risk_se_unserved_total", [RiskP], c_double, None),
    ("efn_risk_shortfall_samples", [RiskP], c_size_t, None),
    ("efn_risk_consumer_count", [RiskP], c_size_t, None),
    ("efn_risk_consumer_get", [_p(efn_risk_consumer), RiskP, c_size_t],
     c_int, check_status),
    ("efn_risk_consumer_find", [_p(efn_risk_consumer), RiskP, c_size_t],
     c_int, check_status),
    ("efn_risk_asset_count", [RiskP], c_size_t, None),
    ("efn_risk_asset_get", [_p(efn_risk_asset), RiskP, c_size_t], c_int,
     check_status),
    ("efn_risk_event_count", [RiskP], c_size_t, None),
    ("efn_risk_event_get", [_p(efn_risk_event), RiskP, c_size_t], c_int,
     check_status),
    ("efn_risk_to_json", [_char_pp, RiskP], c_int, check_status),
]

#: Functions a library of this version may lack: registered when present;
#: calling one that is absent raises VersionMismatch. Every other function
#: of the table must be there, or loading fails with VersionMismatch.
OPTIONAL = frozenset()


# ---- finding and loading the library --------------------------------------

_PACKAGE_DIR = pathlib.Path(__file__).resolve().parent


def _build_tree_candidates(start=_PACKAGE_DIR):
    """libefn in build trees above `start`: ./build first at each level,
    then other build* directories, most recently built first."""
    found = []
    for directory in [start, *start.parents]:
        names = sorted(directory.glob("build*/libefn.so*"))
        if not names:
            continue
        groups = {}
        for path in names:
            groups.setdefault(path.parent, []).append(path)
        # Within a build directory the unversioned name, else the shortest.
        picks = []
        for build_dir, paths in groups.items():
            paths.sort(key=lambda p: (len(p.name), p.name))
            picks.append(paths[0])
        picks.sort(key=lambda p: (p.parent.name != "build",
                                  -_mtime(p), p.parent.name))
        found.extend(picks)
    return found


def _mtime(path):
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def candidates():
    """The paths or names the loader would try, in order, with the reason
    each is tried: a list of (what, how)."""
    env = os.environ.get("EFN_LIBRARY")
    if env:
        return [(env, "EFN_LIBRARY")]
    out = [(str(p), "build tree") for p in _build_tree_candidates()]
    name = ctypes.util.find_library("efn")
    if name:
        out.append((name, "system library path"))
    if sys.platform.startswith("linux") or name is None:
        out.append(("libefn.so.0", "system library path"))
    return out


class _Library:
    """The registered functions of the table, and nothing else."""

    def __init__(self, cdll, path):
        self._cdll = cdll
        self.path = path
        self.missing = []

    def has(self, name):
        """Whether function `name` is registered (optional ones may lack)."""
        return name in self.__dict__

    def __getattr__(self, name):
        # Only reached for names that were not registered.
        if name in self.missing:
            raise errors.VersionMismatch(
                "%s has no function %s; this efn package expects a libefn "
                "%s that has it" % (self.path, name, _version_text(EXPECTED)))
        if name.startswith("efn_"):
            raise AttributeError(
                "%s is not in efn._capi.FUNCTIONS (or the loaded library "
                "lacks it); declare it there before calling it" % name)
        raise AttributeError(name)


_lib_raw = None  # the registered library, once loaded
_lock = threading.Lock()


def _register(cdll, path):
    """Declares every function of the table on `cdll`: argtypes, restype,
    errcheck. Returns the _Library exposing them."""
    lib = _Library(cdll, path)
    for name, argtypes, restype, errcheck in FUNCTIONS:
        try:
            func = getattr(cdll, name)
        except AttributeError:
            if name in OPTIONAL:
                lib.missing.append(name)
                continue
            raise errors.VersionMismatch(
                "%s has no function %s, which this efn package binds: the "
                "library was built from other headers than the package was "
                "written for (libefn %s); rebuild it, or set EFN_LIBRARY"
                % (path, name, _version_text(EXPECTED)))
        func.argtypes = argtypes
        func.restype = restype
        if errcheck is not None:
            func.errcheck = errcheck
        setattr(lib, name, func)
    return lib


def _version_text(number):
    return "%d.%d.%d" % (number // 10000, number // 100 % 100, number % 100)


def load(path=None):
    """Loads libefn (from `path` when given, else as the module docstring
    says), registers the table and checks the version. Returns the library.
    Raises LibraryNotFound or VersionMismatch."""
    global _lib_raw
    with _lock:
        if path is not None:
            tries = [(os.fspath(path), "argument")]
        elif _lib_raw is not None:
            return _lib_raw
        else:
            tries = candidates()
        failures = []
        cdll = None
        for what, how in tries:
            try:
                cdll = ctypes.CDLL(what)
            except OSError as exc:
                failures.append("%s (%s): %s" % (what, how, exc))
                continue
            used = what
            break
        if cdll is None:
            raise errors.LibraryNotFound(
                "libefn was not found; set EFN_LIBRARY to the path of "
                "libefn.so, build the library (cmake --build build), or "
                "install it. Tried: " + ("; ".join(failures) or "nothing"))
        # The version is checked before the table, so that an old library
        # is reported as such rather than as a missing function.
        try:
            vfunc = cdll.efn_version_number
        except AttributeError:
            raise errors.LibraryNotFound(
                "%s is not libefn (no efn_version_number)" % used) from None
        vfunc.argtypes = []
        vfunc.restype = c_int
        number = vfunc()
        if number != EXPECTED:
            raise errors.VersionMismatch(
                "%s is libefn %s (%d), but this efn package expects %s (%d); "
                "use the package built with the library, or set EFN_LIBRARY"
                % (used, _version_text(number), number,
                   _version_text(EXPECTED), EXPECTED))
        lib = _register(cdll, used)
        _lib_raw = lib
        return lib


def lib():
    """The loaded, registered library (loading it on first use)."""
    return _lib_raw if _lib_raw is not None else load()


# ---- helpers the package shares -------------------------------------------

def encode(text, what="argument"):
    """A str (or bytes) argument as NUL-free UTF-8 bytes."""
    if isinstance(text, bytes):
        data = text
    elif isinstance(text, str):
        data = text.encode("utf-8")
    else:
        raise errors.ArgumentError(
            "%s must be a string, got %s" % (what, type(text).__name__))
    if b"\0" in data:
        raise errors.ArgumentError("%s contains a NUL character" % what)
    return data


def encode_path(path, what="path"):
    """A path-like argument as bytes for the C library."""
    try:
        data = os.fsencode(path)
    except TypeError:
        raise errors.ArgumentError(
            "%s must be a path, got %s" % (what, type(path).__name__)) from None
    if b"\0" in data:
        raise errors.ArgumentError("%s contains a NUL character" % what)
    return data


def take_text(pointer):
    """The text of a char * the library allocated, freed with efn_free()."""
    if not pointer.value:
        return None
    try:
        return ctypes.string_at(pointer.value).decode("utf-8", "replace")
    finally:
        lib().efn_free(pointer)
        pointer.value = None


def call_json(to_json, handle, *extra):
    """Runs one of the *_to_json functions on `handle` and returns the text."""
    out = c_void_p()
    to_json(ctypes.byref(out), handle, *extra)
    return take_text(out)
