"""Commodities, units and conversions (include/efn/units.h).

Every quantity efn stores is in its commodity's canonical unit: gas bcm/y,
oil Mt/y, electricity TWh/y. Volume-energy and barrel-tonne conversions use
conventions (gas TWh per bcm, oil barrels per tonne); None selects the
library's defaults.
"""

from ctypes import byref, c_double

from . import _capi, errors
from .network import _commodity

__all__ = ["COMMODITIES", "commodity_unit", "unit_factor", "convert",
           "parse_quantity", "default_conventions"]

#: The commodities, by enum value.
COMMODITIES = _capi.COMMODITIES


def _conventions(conventions):
    """None, a dict or a Network's conventions as an efn_conventions."""
    if conventions is None:
        return None
    out = _capi.efn_conventions()
    _capi.lib().efn_conventions_init(byref(out))
    if hasattr(conventions, "conventions") and not isinstance(conventions,
                                                              dict):
        conventions = conventions.conventions  # a Network
    try:
        for key, value in dict(conventions).items():
            if key not in ("gas_twh_per_bcm", "oil_bbl_per_tonne"):
                raise errors.ArgumentError("unknown convention %r" % key)
            setattr(out, key, float(value))
    except (TypeError, ValueError) as exc:
        raise errors.ArgumentError("conventions: %s" % exc) from None
    return byref(out)


def default_conventions():
    """The library's defaults: {"gas_twh_per_bcm": ...,
    "oil_bbl_per_tonne": ...}."""
    out = _capi.efn_conventions()
    _capi.lib().efn_conventions_init(byref(out))
    return {"gas_twh_per_bcm": out.gas_twh_per_bcm,
            "oil_bbl_per_tonne": out.oil_bbl_per_tonne}


def commodity_unit(commodity="gas"):
    """The canonical unit: "bcm/y", "Mt/y" or "TWh/y"."""
    return _capi.lib().efn_commodity_unit(_commodity(commodity))


def unit_factor(unit, commodity="gas", conventions=None):
    """The factor turning one `unit` into the canonical unit. InvalidInput
    for an unknown unit or one that does not fit the commodity."""
    out = c_double()
    _capi.lib().efn_unit_factor(byref(out), _capi.encode(unit, "unit"),
                                _commodity(commodity),
                                _conventions(conventions))
    return out.value


def convert(value, from_unit, to_unit, commodity="gas", conventions=None):
    """`value` in `from_unit` expressed in `to_unit`:
    convert(16, "bcm/y", "mcm/d") is 43.8356..."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise errors.ArgumentError("value must be a number, got %r"
                                   % (value,)) from None
    out = c_double()
    _capi.lib().efn_unit_convert(byref(out), v,
                                 _capi.encode(from_unit, "from_unit"),
                                 _capi.encode(to_unit, "to_unit"),
                                 _commodity(commodity),
                                 _conventions(conventions))
    return out.value


def parse_quantity(text, commodity="gas", conventions=None):
    """A quantity written as text, "16 bcm/y" or "1.2 Mb/d", in the
    canonical unit of `commodity`."""
    out = c_double()
    _capi.lib().efn_quantity_parse(byref(out), _capi.encode(text, "text"),
                                   _commodity(commodity),
                                   _conventions(conventions))
    return out.value
