/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * units.h: commodities, units and their conversion.
 *
 * Every quantity efn stores is held in the canonical unit of its commodity:
 * gas in bcm/y, oil in Mt/y, electricity in TWh/y. Conversions between
 * volume and energy (gas TWh per bcm) and between barrels and tonnes (oil
 * barrels per tonne) use the network's conventions, since published factors
 * differ by about 10%. A year is 365 days and 8760 hours throughout.
 */
#ifndef EFN_UNITS_H
#define EFN_UNITS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum efn_commodity {
    EFN_GAS = 0,
    EFN_OIL = 1,
    EFN_ELECTRICITY = 2
} efn_commodity;

#define EFN_COMMODITY_COUNT 3

/* "gas", "oil", "electricity"; NULL for an unknown value. Static storage. */
EFN_EXPORT const char *efn_commodity_name(efn_commodity commodity);
/* Parses a commodity name. EFN_EINVALID for an unknown name. */
EFN_EXPORT int efn_commodity_parse(efn_commodity *out, const char *name);
/* The canonical unit: "bcm/y", "Mt/y" or "TWh/y"; NULL for an unknown
 * value. Static storage. */
EFN_EXPORT const char *efn_commodity_unit(efn_commodity commodity);

/*
 * Conversion factors that sources disagree on. Defaults (EFN_CONVENTIONS_INIT)
 * and their sources are documented in docs/format.md ("conventions").
 */
typedef struct efn_conventions {
    double gas_twh_per_bcm;   /* energy content of 1 bcm of gas, TWh */
    double oil_bbl_per_tonne; /* barrels of crude oil per tonne */
} efn_conventions;

#define EFN_DEFAULT_GAS_TWH_PER_BCM 10.0
#define EFN_DEFAULT_OIL_BBL_PER_TONNE 7.33
#define EFN_CONVENTIONS_INIT                                                   \
    {                                                                          \
        EFN_DEFAULT_GAS_TWH_PER_BCM, EFN_DEFAULT_OIL_BBL_PER_TONNE             \
    }

/* Fills *out with the defaults. */
EFN_EXPORT void efn_conventions_init(efn_conventions *out);

/*
 * The factor that turns one `unit` of `commodity` into the canonical unit:
 * canonical = value * factor. `conventions` may be NULL for the defaults.
 * EFN_EINVALID with a message when the unit is unknown or does not apply to
 * the commodity (bcm/y on an oil line).
 */
EFN_EXPORT int efn_unit_factor(double *out, const char *unit,
                               efn_commodity commodity,
                               const efn_conventions *conventions);

/*
 * Converts `value` from `from_unit` to `to_unit` for `commodity`.
 * 16 bcm/y -> mcm/d gives 43.8356...; 1.2 Mb/d -> Mt/y at 7.33 bbl/t gives
 * 59.754... Negative values convert too (a change in flow). EFN_EINVALID for
 * unknown or mismatched units; EFN_EARG for NULL arguments, a non-finite
 * value or bad conventions.
 */
EFN_EXPORT int efn_unit_convert(double *out, double value,
                                const char *from_unit, const char *to_unit,
                                efn_commodity commodity,
                                const efn_conventions *conventions);

/*
 * Parses a quantity written as text, "16 bcm/y" or "1.2 Mb/d", into the
 * canonical unit of `commodity`. A bare number is taken as already
 * canonical. Rejects negative and non-finite numbers, text without a
 * number, and unknown or mismatched units (EFN_EINVALID); NULL arguments and
 * bad conventions are EFN_EARG. Units are case-sensitive ("Mt/y", not "MT/y").
 */
EFN_EXPORT int efn_quantity_parse(double *out, const char *text,
                                  efn_commodity commodity,
                                  const efn_conventions *conventions);

#ifdef __cplusplus
}
#endif

#endif
