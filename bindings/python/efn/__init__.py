"""efn: energy-flow networks, from Python.

A ctypes binding of libefn: load a network of pipelines and their owners,
apply scenarios, and run the analyses (flow, N-1, trace, dependency,
ownership). Standard library only; no compiled glue.

    import efn
    with efn.Network.default() as net:
        flow = net.flow("gas", 2023)
        print(flow.max_total, flow.delivered("turkiye"))

The library is found through EFN_LIBRARY, a build tree above this package,
or the system's library path (see efn.load_library). Errors raise
subclasses of efn.Error carrying the library's message.
"""

from ._version import EXPECTED, __version__
from .errors import (ArgumentError, Cancelled, Error, FileError, Infeasible,
                     InternalError, InvalidInput, IOError, LibraryNotFound,
                     NotFound, OutOfMemory, VersionMismatch)
from .network import (Asset, Diagnostic, Network, Node, Owner, Scenario,
                      Stake, default_network_path, validate)
from .results import (BalanceResult, DependencyResult, EUN1Result, FlowResult,
                      N1Result, OwnershipResult, Record, Result, RiskResult,
                      Timeline, TraceResult)
from .units import (COMMODITIES, commodity_unit, convert,
                    default_conventions, parse_quantity, unit_factor)

#: Alias of EXPECTED: efn_version_number() this package was written for.
EXPECTED_VERSION_NUMBER = EXPECTED

__all__ = [
    "__version__", "EXPECTED", "EXPECTED_VERSION_NUMBER",
    "load_library", "library_path", "library_version",
    "Error", "LibraryNotFound", "VersionMismatch", "InternalError",
    "OutOfMemory", "FileError", "IOError", "InvalidInput", "NotFound",
    "ArgumentError", "Infeasible", "Cancelled",
    "Network", "Scenario", "Node", "Asset", "Owner", "Stake", "Diagnostic",
    "validate", "default_network_path",
    "Record", "Result", "FlowResult", "BalanceResult", "N1Result",
    "EUN1Result", "TraceResult", "DependencyResult", "OwnershipResult",
    "RiskResult", "Timeline",
    "COMMODITIES", "commodity_unit", "convert", "parse_quantity",
    "unit_factor", "default_conventions",
]


def load_library(path=None):
    """Loads libefn now (from `path`, or as the package finds it) and
    returns its path. LibraryNotFound, VersionMismatch."""
    from . import _capi
    return _capi.load(path).path


def library_path():
    """The path of the loaded libefn (loading it if needed)."""
    from . import _capi
    return _capi.lib().path


def library_version():
    """The loaded library's version string, "0.1.0"."""
    from . import _capi
    return _capi.lib().efn_version_string()
