/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * test_units.c: commodities, unit factors, conversion and quantity parsing.
 * Every expected value is worked out by hand in the comment beside it; a
 * year is 365 days and 8760 hours, defaults 10.0 TWh/bcm and 7.33 bbl/t.
 */
#include <float.h>
#include <locale.h>
#include <stdlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

/* Relative tolerance for computed values: a few ulps. */
#define REL 1e-14
#define NEAR(a, b) CHECK_NEAR((a), (b), REL *fabs(b) + 1e-300)

static double parse(const char *text, efn_commodity commodity,
                    const efn_conventions *conventions)
{
    double out = -1.0;
    int rc = efn_quantity_parse(&out, text, commodity, conventions);
    if (rc != EFN_OK) {
        fprintf(stderr, "parse(\"%s\") failed: %s\n", text, efn_last_error());
        return NAN;
    }
    return out;
}

static double convert(double value, const char *from, const char *to,
                      efn_commodity commodity,
                      const efn_conventions *conventions)
{
    double out = -1.0;
    int rc = efn_unit_convert(&out, value, from, to, commodity, conventions);
    if (rc != EFN_OK) {
        fprintf(stderr, "convert(%g %s -> %s) failed: %s\n", value, from, to,
                efn_last_error());
        return NAN;
    }
    return out;
}

static double factor(const char *unit, efn_commodity commodity,
                     const efn_conventions *conventions)
{
    double out = -1.0;
    int rc = efn_unit_factor(&out, unit, commodity, conventions);
    if (rc != EFN_OK) {
        fprintf(stderr, "factor(%s) failed: %s\n", unit, efn_last_error());
        return NAN;
    }
    return out;
}

static void test_commodities(void)
{
    efn_commodity c = EFN_OIL;
    efn_conventions conv = {0.0, 0.0};
    efn_conventions init = EFN_CONVENTIONS_INIT;

    CHECK_STR(efn_commodity_name(EFN_GAS), "gas");
    CHECK_STR(efn_commodity_name(EFN_OIL), "oil");
    CHECK_STR(efn_commodity_name(EFN_ELECTRICITY), "electricity");
    CHECK(efn_commodity_name((efn_commodity)3) == NULL);
    CHECK(efn_commodity_name((efn_commodity)-1) == NULL);
    CHECK_STR(efn_commodity_unit(EFN_GAS), "bcm/y");
    CHECK_STR(efn_commodity_unit(EFN_OIL), "Mt/y");
    CHECK_STR(efn_commodity_unit(EFN_ELECTRICITY), "TWh/y");
    CHECK(efn_commodity_unit((efn_commodity)3) == NULL);

    CHECK_OK(efn_commodity_parse(&c, "gas"));
    CHECK(c == EFN_GAS);
    CHECK_OK(efn_commodity_parse(&c, "electricity"));
    CHECK(c == EFN_ELECTRICITY);
    CHECK_OK(efn_commodity_parse(&c, "oil"));
    CHECK(c == EFN_OIL);
    CHECK_ERR(efn_commodity_parse(&c, "coal"), EFN_EINVALID,
              "unknown commodity 'coal'; expected gas, oil or electricity");
    CHECK_ERR(efn_commodity_parse(&c, "Gas"), EFN_EINVALID, "'Gas'");
    CHECK_ERR(efn_commodity_parse(&c, ""), EFN_EINVALID, "unknown commodity");
    CHECK(c == EFN_OIL); /* unchanged by the failures */
    CHECK_ERR(efn_commodity_parse(NULL, "gas"), EFN_EARG, "out");
    CHECK_ERR(efn_commodity_parse(&c, NULL), EFN_EARG, "name");

    efn_conventions_init(&conv);
    CHECK(conv.gas_twh_per_bcm == 10.0);
    CHECK(conv.oil_bbl_per_tonne == 7.33);
    CHECK(init.gas_twh_per_bcm == 10.0);
    CHECK(init.oil_bbl_per_tonne == 7.33);
    efn_conventions_init(NULL); /* ignored, must not crash */
}

static void test_factors(void)
{
    /* Canonical units are exactly 1. */
    CHECK(factor("bcm/y", EFN_GAS, NULL) == 1.0);
    CHECK(factor("Mt/y", EFN_OIL, NULL) == 1.0);
    CHECK(factor("TWh/y", EFN_ELECTRICITY, NULL) == 1.0);

    /* gas */
    NEAR(factor("mcm/d", EFN_GAS, NULL), 0.365); /* 365 mcm = 0.365 bcm */
    NEAR(factor("mcm/y", EFN_GAS, NULL), 0.001); /* 1 mcm = 1e-3 bcm */
    /* 0.028316846592 * 365: 8.4950539776 + 1.84059502848 = 10.33564900608 */
    NEAR(factor("bcf/d", EFN_GAS, NULL), 10.33564900608);
    /* 1 / 10.0 = 0.1 */
    NEAR(factor("TWh/y", EFN_GAS, NULL), 0.1);
    /* 0.365 / 10.0 = 0.0365 */
    NEAR(factor("GWh/d", EFN_GAS, NULL), 0.0365);

    /* oil */
    NEAR(factor("kt/y", EFN_OIL, NULL), 0.001);
    NEAR(factor("t/d", EFN_OIL, NULL), 0.000365); /* 365 t/y = 365e-6 Mt/y */
    /* 365 / (7.33 * 1e6) = 4.97953615279672...e-5 */
    NEAR(factor("b/d", EFN_OIL, NULL), 4.97953615279672e-5);
    /* 365e3 / 7.33e6 = 0.0497953615279672... */
    NEAR(factor("kb/d", EFN_OIL, NULL), 0.0497953615279672);
    /* 365 / 7.33 = 49.7953615279672... */
    NEAR(factor("Mb/d", EFN_OIL, NULL), 49.7953615279672);

    /* electricity */
    NEAR(factor("GWh/d", EFN_ELECTRICITY, NULL), 0.365); /* 365 GWh/y */
    NEAR(factor("GW", EFN_ELECTRICITY, NULL), 8.76);     /* 8760 GWh/y */
    NEAR(factor("MW", EFN_ELECTRICITY, NULL), 0.00876);  /* 8760 MWh/y */

    /* Whitespace around a unit is trimmed. */
    CHECK(factor("  bcm/y\t\n", EFN_GAS, NULL) == 1.0);
    NEAR(factor(" GW ", EFN_ELECTRICITY, NULL), 8.76);
}

/* Every alias has exactly its canonical spelling's factor. */
static void test_aliases(void)
{
    static const struct {
        efn_commodity commodity;
        const char *alias, *name;
    } pairs[] = {
        {EFN_GAS, "bcm/yr", "bcm/y"},
        {EFN_GAS, "bcm/a", "bcm/y"},
        {EFN_GAS, "bcm", "bcm/y"},
        {EFN_GAS, "MMcm/d", "mcm/d"},
        {EFN_GAS, "mcm/day", "mcm/d"},
        {EFN_GAS, "mcm/yr", "mcm/y"},
        {EFN_GAS, "mcm/a", "mcm/y"},
        {EFN_GAS, "Bcf/d", "bcf/d"},
        {EFN_GAS, "bcf/day", "bcf/d"},
        {EFN_GAS, "TWh/yr", "TWh/y"},
        {EFN_GAS, "TWh/a", "TWh/y"},
        {EFN_GAS, "GWh/day", "GWh/d"},
        {EFN_OIL, "Mt/yr", "Mt/y"},
        {EFN_OIL, "Mt/a", "Mt/y"},
        {EFN_OIL, "Mtpa", "Mt/y"},
        {EFN_OIL, "kt/yr", "kt/y"},
        {EFN_OIL, "kt/a", "kt/y"},
        {EFN_OIL, "t/day", "t/d"},
        {EFN_OIL, "bbl/d", "b/d"},
        {EFN_OIL, "bpd", "b/d"},
        {EFN_OIL, "b/day", "b/d"},
        {EFN_OIL, "kbd", "kb/d"},
        {EFN_OIL, "kb/day", "kb/d"},
        {EFN_OIL, "mb/d", "Mb/d"},
        {EFN_OIL, "MMb/d", "Mb/d"},
        {EFN_OIL, "mbd", "Mb/d"},

        {EFN_ELECTRICITY, "TWh/yr", "TWh/y"},
        {EFN_ELECTRICITY, "TWh/a", "TWh/y"},
        {EFN_ELECTRICITY, "GWh/day", "GWh/d"},
    };
    size_t i;
    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        double a = factor(pairs[i].alias, pairs[i].commodity, NULL);
        double b = factor(pairs[i].name, pairs[i].commodity, NULL);
        if (!(a == b))
            fprintf(stderr, "alias %s: %g != %s: %g\n", pairs[i].alias, a,
                    pairs[i].name, b);
        CHECK(a == b);
    }
}

static void test_convert(void)
{
    efn_conventions c75 = {10.55, 7.5};
    efn_conventions g11 = {11.0, 7.33};

    /* 16 bcm/y = 16000 mcm / 365 d = 43.8356164383561... mcm/d */
    NEAR(convert(16, "bcm/y", "mcm/d", EFN_GAS, NULL), 43.8356164383561);
    /* 2 mcm/d * 365 = 730 mcm/y = 0.73 bcm/y */
    NEAR(convert(2, "mcm/d", "bcm/y", EFN_GAS, NULL), 0.73);
    /* 1000 mcm/y = 1 bcm/y */
    NEAR(convert(1000, "mcm/y", "bcm/y", EFN_GAS, NULL), 1.0);
    /* 1 bcf/d = 10.33564900608 bcm/y (see test_factors) */
    NEAR(convert(1, "bcf/d", "bcm/y", EFN_GAS, NULL), 10.33564900608);
    /* 5 / 10.33564900608 = 0.483762557828611 bcf/d */
    NEAR(convert(5, "bcm/y", "bcf/d", EFN_GAS, NULL), 0.483762557828611);
    /* 105.5 TWh/y / 10.0 TWh/bcm = 10.55 bcm/y */
    NEAR(convert(105.5, "TWh/y", "bcm/y", EFN_GAS, NULL), 10.55);
    /* 22 TWh/y / 11 TWh/bcm = 2 bcm/y */
    NEAR(convert(22, "TWh/y", "bcm/y", EFN_GAS, &g11), 2.0);
    /* 1 TWh/y = 1000 GWh / 365 d = 2.73972602739726 GWh/d, whatever the
     * gas energy content (it cancels) */
    NEAR(convert(1, "TWh/y", "GWh/d", EFN_GAS, NULL), 2.73972602739726);
    NEAR(convert(1, "TWh/y", "GWh/d", EFN_GAS, &g11), 2.73972602739726);

    /* 1.2 Mb/d = 1.2e6 * 365 / 7.33 / 1e6 = 438 / 7.33 = 59.7544338335607 */
    NEAR(convert(1.2, "Mb/d", "Mt/y", EFN_OIL, NULL), 59.7544338335607);
    /* at 7.5 bbl/t: 438 / 7.5 = 58.4 Mt/y */
    NEAR(convert(1.2, "Mb/d", "Mt/y", EFN_OIL, &c75), 58.4);
    /* 1 Mb/d at 7.5 = 365 / 7.5 = 48.6666666666667 Mt/y */
    NEAR(convert(1, "mb/d", "Mt/y", EFN_OIL, &c75), 48.6666666666667);
    /* 615 kb/d = 615e3 * 365 / 7.33 / 1e6 = 224.475 / 7.33 = 30.6241473397 */
    NEAR(convert(615, "kb/d", "Mt/y", EFN_OIL, NULL), 30.6241473396999);
    /* 7330 b/d = 7330 * 365 / 7.33 t/y = 365000 t/y = 0.365 Mt/y */
    NEAR(convert(7330, "b/d", "Mt/y", EFN_OIL, NULL), 0.365);
    /* 1.2 Mb/d = 1200 kb/d, the barrel factor cancels */
    NEAR(convert(1.2, "Mb/d", "kb/d", EFN_OIL, &c75), 1200.0);
    /* 1000 t/d = 365000 t/y = 0.365 Mt/y */
    NEAR(convert(1000, "t/d", "Mt/y", EFN_OIL, NULL), 0.365);
    /* 500 kt/y = 0.5 Mt/y */
    NEAR(convert(500, "kt/y", "Mt/y", EFN_OIL, NULL), 0.5);

    /* 1 GW * 8760 h = 8760 GWh = 8.76 TWh/y */
    NEAR(convert(1, "GW", "TWh/y", EFN_ELECTRICITY, NULL), 8.76);
    /* 500 MW * 8760 h = 4.38 TWh/y */
    NEAR(convert(500, "MW", "TWh/y", EFN_ELECTRICITY, NULL), 4.38);
    /* 1 GW = 1000 MW */
    NEAR(convert(1, "GW", "MW", EFN_ELECTRICITY, NULL), 1000.0);
    /* 10 GWh/d * 365 = 3650 GWh/y = 3.65 TWh/y */
    NEAR(convert(10, "GWh/d", "TWh/y", EFN_ELECTRICITY, NULL), 3.65);
    /* 24 GWh/d = 1 GW */
    NEAR(convert(24, "GWh/d", "GW", EFN_ELECTRICITY, NULL), 1.0);

    /* Same unit, zero and negative values (a change of flow) pass through. */
    CHECK(convert(16, "bcm/y", "bcm/y", EFN_GAS, NULL) == 16.0);
    CHECK(convert(0, "Mb/d", "Mt/y", EFN_OIL, NULL) == 0.0);
    /* -2 mcm/d = -0.73 bcm/y */
    NEAR(convert(-2, "mcm/d", "bcm/y", EFN_GAS, NULL), -0.73);
    /* Units are trimmed here too. */
    NEAR(convert(2, " mcm/d ", "\tbcm/y", EFN_GAS, NULL), 0.73);
}

/* A -> B -> A returns the value, for every pair of units. */
static void test_round_trips(void)
{
    static const char *const gas[] = {"bcm/y", "mcm/d", "mcm/y",
                                      "bcf/d", "TWh/y", "GWh/d"};
    static const char *const oil[] = {"Mt/y", "kt/y", "t/d",
                                      "b/d",  "kb/d", "Mb/d"};
    static const char *const elec[] = {"TWh/y", "GWh/d", "GW", "MW"};
    static const struct {
        efn_commodity commodity;
        const char *const *units;
        size_t count;
    } sets[] = {
        {EFN_GAS, gas, 6}, {EFN_OIL, oil, 6}, {EFN_ELECTRICITY, elec, 4}};
    static const double values[] = {16.0, 1.2, 615.0, 0.001, 123456.789};
    efn_conventions c75 = {9.77, 7.5};
    size_t s, i, j, v;

    for (s = 0; s < 3; s++)
        for (i = 0; i < sets[s].count; i++)
            for (j = 0; j < sets[s].count; j++)
                for (v = 0; v < 5; v++) {
                    const char *a = sets[s].units[i], *b = sets[s].units[j];
                    double x = values[v];
                    double there = convert(x, a, b, sets[s].commodity, NULL);
                    double back = convert(there, b, a, sets[s].commodity, NULL);
                    NEAR(back, x);
                    there = convert(x, a, b, sets[s].commodity, &c75);
                    back = convert(there, b, a, sets[s].commodity, &c75);
                    NEAR(back, x);
                }

    /* parse(text) equals factor * number for a few units */
    NEAR(parse("43.8356164383561644 mcm/d", EFN_GAS, NULL), 16.0);
}

static void test_parse(void)
{
    efn_conventions c75 = {10.55, 7.5};

    /* 16 bcm/y is canonical */
    CHECK(parse("16 bcm/y", EFN_GAS, NULL) == 16.0);
    /* a bare number is canonical */
    CHECK(parse("16", EFN_GAS, NULL) == 16.0);
    CHECK(parse("  16  ", EFN_OIL, NULL) == 16.0);
    CHECK(parse("0", EFN_ELECTRICITY, NULL) == 0.0);
    /* 438 / 7.33 = 59.7544338335607 Mt/y */
    NEAR(parse("1.2 Mb/d", EFN_OIL, NULL), 59.7544338335607);
    /* 438 / 7.5 = 58.4 Mt/y */
    NEAR(parse("1.2 Mb/d", EFN_OIL, &c75), 58.4);
    /* 224.475 / 7.33 = 30.6241473396999 Mt/y; surrounding blanks trimmed */
    NEAR(parse("  615 kb/d ", EFN_OIL, NULL), 30.6241473396999);
    /* 2 * 0.365 = 0.73 bcm/y */
    NEAR(parse("2 mcm/d", EFN_GAS, NULL), 0.73);
    /* no space between number and unit: 2 mcm/d again */
    NEAR(parse("2mcm/d", EFN_GAS, NULL), 0.73);
    /* tabs between: 1 bcf/d = 10.33564900608 bcm/y */
    NEAR(parse("1\tbcf/d", EFN_GAS, NULL), 10.33564900608);
    /* 105.5 / 10.0 = 10.55 bcm/y */
    NEAR(parse("105.5 TWh/y", EFN_GAS, NULL), 10.55);
    /* 1 GW = 8.76 TWh/y; 250 MW = 2.19 TWh/y */
    NEAR(parse("1 GW", EFN_ELECTRICITY, NULL), 8.76);
    NEAR(parse("250 MW", EFN_ELECTRICITY, NULL), 2.19);
    /* exponents and signs: 1e3 mcm/y = 1000 mcm/y = 1 bcm/y */
    NEAR(parse("1e3 mcm/y", EFN_GAS, NULL), 1.0);
    NEAR(parse("2.5E+1 bcm", EFN_GAS, NULL), 25.0);
    NEAR(parse("+3 bcm/y", EFN_GAS, NULL), 3.0);
    NEAR(parse(".5 bcm/y", EFN_GAS, NULL), 0.5);
    NEAR(parse("5. bcm/y", EFN_GAS, NULL), 5.0);
    /* -0 is not negative and comes back as +0 */
    CHECK(parse("-0 bcm/y", EFN_GAS, NULL) == 0.0);
    CHECK(!signbit(parse("-0 bcm/y", EFN_GAS, NULL)));
    /* the parsed number is correctly rounded: 0.1 is the double nearest 0.1 */
    CHECK(parse("0.1", EFN_GAS, NULL) == 0.1);
    CHECK(parse("1.7976931348623157e308", EFN_GAS, NULL) == DBL_MAX);
    /* underflow to a tiny or zero value is accepted */
    CHECK(parse("1e-400 bcm/y", EFN_GAS, NULL) >= 0.0);
}

static void test_errors(void)
{
    efn_conventions bad[] = {
        {0.0, 7.33},  {-10.55, 7.33}, {NAN, 7.33},  {INFINITY, 7.33},
        {10.55, 0.0}, {10.55, -7.33}, {10.55, NAN}, {10.55, -INFINITY},
    };
    double out = 123.0;
    size_t i;

    /* unknown units list the commodity's units */
    CHECK_ERR(efn_quantity_parse(&out, "16 xyz", EFN_GAS, NULL), EFN_EINVALID,
              "unknown unit 'xyz'; expected one of bcm/y, mcm/d, mcm/y, "
              "bcf/d, TWh/y, GWh/d");
    CHECK_ERR(efn_unit_factor(&out, "xyz", EFN_OIL, NULL), EFN_EINVALID,
              "unknown unit 'xyz'; expected one of Mt/y, kt/y, t/d, b/d, "
              "kb/d, Mb/d");
    CHECK_ERR(efn_unit_factor(&out, "xyz", EFN_ELECTRICITY, NULL), EFN_EINVALID,
              "unknown unit 'xyz'; expected one of TWh/y, GWh/d, GW, MW");
    CHECK_ERR(efn_unit_factor(&out, "bcm / y", EFN_GAS, NULL), EFN_EINVALID,
              "unknown unit 'bcm / y'");
    /* case matters: M is a thousand in US usage, mt a metric tonne */
    CHECK_ERR(efn_unit_factor(&out, "BCM/y", EFN_GAS, NULL), EFN_EINVALID,
              "unknown unit 'BCM/y'; expected one of bcm/y");
    CHECK_ERR(efn_unit_factor(&out, "BCM/y", EFN_GAS, NULL), EFN_EINVALID,
              "(units are case-sensitive)");
    CHECK_ERR(efn_unit_factor(&out, "mt/y", EFN_OIL, NULL), EFN_EINVALID,
              "unknown unit 'mt/y'");
    CHECK_ERR(efn_unit_factor(&out, "MT/y", EFN_OIL, NULL), EFN_EINVALID,
              "unknown unit 'MT/y'");
    CHECK_ERR(efn_unit_factor(&out, "Mcm/d", EFN_GAS, NULL), EFN_EINVALID,
              "unknown unit 'Mcm/d'");
    CHECK_ERR(efn_unit_factor(&out, "Mbbl/d", EFN_OIL, NULL), EFN_EINVALID,
              "unknown unit 'Mbbl/d'");
    CHECK_ERR(efn_unit_factor(&out, "mw", EFN_ELECTRICITY, NULL), EFN_EINVALID,
              "unknown unit 'mw'");
    CHECK_ERR(efn_unit_factor(&out, "", EFN_GAS, NULL), EFN_EINVALID,
              "empty unit; expected one of bcm/y");
    CHECK_ERR(efn_unit_factor(&out, "  ", EFN_GAS, NULL), EFN_EINVALID,
              "empty unit");

    /* a unit of another commodity */
    CHECK_ERR(efn_quantity_parse(&out, "16 bcm/y", EFN_OIL, NULL), EFN_EINVALID,
              "unit 'bcm/y' is a gas unit, not a unit of oil");
    CHECK_ERR(efn_unit_factor(&out, "Mt/y", EFN_GAS, NULL), EFN_EINVALID,
              "unit 'Mt/y' is an oil unit, not a unit of gas");
    CHECK_ERR(efn_unit_factor(&out, "mb/d", EFN_ELECTRICITY, NULL),
              EFN_EINVALID,
              "unit 'mb/d' is an oil unit, not a unit of electricity");
    CHECK_ERR(efn_unit_factor(&out, "GW", EFN_GAS, NULL), EFN_EINVALID,
              "unit 'GW' is an electricity unit, not a unit of gas");
    CHECK_ERR(efn_unit_factor(&out, "TWh/y", EFN_OIL, NULL), EFN_EINVALID,
              "unit 'TWh/y' is a gas and electricity unit, not a unit of oil");
    CHECK_ERR(efn_unit_convert(&out, 1, "bcm/y", "Mt/y", EFN_GAS, NULL),
              EFN_EINVALID, "unit 'Mt/y' is an oil unit, not a unit of gas");
    CHECK_ERR(efn_unit_convert(&out, 1, "kb/d", "Mt/y", EFN_GAS, NULL),
              EFN_EINVALID, "unit 'kb/d' is an oil unit");

    /* negative */
    CHECK_ERR(efn_quantity_parse(&out, "-3 bcm/y", EFN_GAS, NULL), EFN_EINVALID,
              "negative quantity -3 bcm/y");
    CHECK_ERR(efn_quantity_parse(&out, " -0.5 ", EFN_OIL, NULL), EFN_EINVALID,
              "negative quantity -0.5");

    /* non-finite text */
    CHECK_ERR(efn_quantity_parse(&out, "nan bcm/y", EFN_GAS, NULL),
              EFN_EINVALID, "quantity 'nan bcm/y' is not a finite number");
    CHECK_ERR(efn_quantity_parse(&out, "NaN", EFN_GAS, NULL), EFN_EINVALID,
              "not a finite number");
    CHECK_ERR(efn_quantity_parse(&out, "inf bcm/y", EFN_GAS, NULL),
              EFN_EINVALID, "not a finite number");
    CHECK_ERR(efn_quantity_parse(&out, "-Infinity", EFN_GAS, NULL),
              EFN_EINVALID, "not a finite number");
    CHECK_ERR(efn_quantity_parse(&out, "+INF GW", EFN_ELECTRICITY, NULL),
              EFN_EINVALID, "not a finite number");
    /* 1e999 overflows a double; 1e308 Mb/d overflows after conversion */
    CHECK_ERR(efn_quantity_parse(&out, "1e999 bcm/y", EFN_GAS, NULL),
              EFN_EINVALID, "quantity '1e999 bcm/y' is out of range");
    CHECK_ERR(efn_quantity_parse(&out, "1e308 Mb/d", EFN_OIL, NULL),
              EFN_EINVALID, "out of range");
    CHECK_ERR(efn_unit_convert(&out, 1e308, "Mb/d", "Mt/y", EFN_OIL, NULL),
              EFN_EINVALID, "out of range");

    /* missing or malformed numbers */
    CHECK_ERR(efn_quantity_parse(&out, "", EFN_GAS, NULL), EFN_EINVALID,
              "empty quantity; expected a number and a unit, e.g. '16 bcm/y'");
    CHECK_ERR(efn_quantity_parse(&out, " \t ", EFN_OIL, NULL), EFN_EINVALID,
              "empty quantity; expected a number and a unit, e.g. '16 Mt/y'");
    CHECK_ERR(efn_quantity_parse(&out, "bcm/y", EFN_GAS, NULL), EFN_EINVALID,
              "quantity 'bcm/y' has no number");
    CHECK_ERR(efn_quantity_parse(&out, ".", EFN_GAS, NULL), EFN_EINVALID,
              "has no number");
    CHECK_ERR(efn_quantity_parse(&out, "-", EFN_GAS, NULL), EFN_EINVALID,
              "has no number");
    CHECK_ERR(efn_quantity_parse(&out, "- 3 bcm/y", EFN_GAS, NULL),
              EFN_EINVALID, "has no number");
    CHECK_ERR(efn_quantity_parse(&out, "0x10 bcm/y", EFN_GAS, NULL),
              EFN_EINVALID, "unknown unit 'x10 bcm/y'");
    CHECK_ERR(efn_quantity_parse(&out, "1,200 kb/d", EFN_OIL, NULL),
              EFN_EINVALID, "commas are not allowed in numbers");
    CHECK_ERR(efn_quantity_parse(&out, "1,2 bcm/y", EFN_GAS, NULL),
              EFN_EINVALID, "commas are not allowed in numbers");
    CHECK_ERR(efn_quantity_parse(&out, "1 200 kb/d", EFN_OIL, NULL),
              EFN_EINVALID, "spaces are not allowed inside numbers");
    CHECK_ERR(efn_quantity_parse(&out, "16 bcm/y extra", EFN_GAS, NULL),
              EFN_EINVALID, "unknown unit 'bcm/y extra'");
    CHECK_ERR(efn_quantity_parse(&out, "1e bcm/y", EFN_GAS, NULL), EFN_EINVALID,
              "unknown unit 'e bcm/y'");
    CHECK_ERR(efn_quantity_parse(&out, "16 Mt/y", EFN_GAS, NULL), EFN_EINVALID,
              "is an oil unit");
    CHECK_ERR(efn_quantity_parse(&out,
                                 "1.000000000000000000000000000000000000000000"
                                 "0000000000000000000000000000000000000000000"
                                 "00000000000000000000000 bcm/y",
                                 EFN_GAS, NULL),
              EFN_EINVALID, "longer than 100 characters");

    /* NULL arguments */
    CHECK_ERR(efn_quantity_parse(NULL, "16 bcm/y", EFN_GAS, NULL), EFN_EARG,
              "efn_quantity_parse: out is NULL");
    CHECK_ERR(efn_quantity_parse(&out, NULL, EFN_GAS, NULL), EFN_EARG,
              "efn_quantity_parse: text is NULL");
    CHECK_ERR(efn_unit_factor(NULL, "bcm/y", EFN_GAS, NULL), EFN_EARG,
              "efn_unit_factor: out is NULL");
    CHECK_ERR(efn_unit_factor(&out, NULL, EFN_GAS, NULL), EFN_EARG,
              "efn_unit_factor: unit is NULL");
    CHECK_ERR(efn_unit_convert(NULL, 1, "bcm/y", "mcm/d", EFN_GAS, NULL),
              EFN_EARG, "efn_unit_convert: out is NULL");
    CHECK_ERR(efn_unit_convert(&out, 1, NULL, "mcm/d", EFN_GAS, NULL), EFN_EARG,
              "efn_unit_convert: from_unit is NULL");
    CHECK_ERR(efn_unit_convert(&out, 1, "bcm/y", NULL, EFN_GAS, NULL), EFN_EARG,
              "efn_unit_convert: to_unit is NULL");

    /* non-finite values to convert, unknown commodities */
    CHECK_ERR(efn_unit_convert(&out, NAN, "bcm/y", "mcm/d", EFN_GAS, NULL),
              EFN_EARG, "is not finite");
    CHECK_ERR(efn_unit_convert(&out, INFINITY, "bcm/y", "mcm/d", EFN_GAS, NULL),
              EFN_EARG, "is not finite");
    CHECK_ERR(efn_unit_factor(&out, "bcm/y", (efn_commodity)3, NULL), EFN_EARG,
              "unknown commodity 3");
    CHECK_ERR(
        efn_unit_convert(&out, 1, "bcm/y", "bcm/y", (efn_commodity)-1, NULL),
        EFN_EARG, "unknown commodity -1");
    CHECK_ERR(efn_quantity_parse(&out, "16", (efn_commodity)99, NULL), EFN_EARG,
              "unknown commodity 99");

    /* bad conventions, on every function, even where the factor is unused */
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *field = i < 4 ? "gas_twh_per_bcm" : "oil_bbl_per_tonne";
        CHECK_ERR(efn_unit_factor(&out, "bcm/y", EFN_GAS, &bad[i]), EFN_EARG,
                  field);
        CHECK_ERR(
            efn_unit_convert(&out, 1, "GW", "MW", EFN_ELECTRICITY, &bad[i]),
            EFN_EARG, field);
        CHECK_ERR(efn_quantity_parse(&out, "1.2 Mb/d", EFN_OIL, &bad[i]),
                  EFN_EARG, "expected a finite number > 0");
    }

    /* no failure above touched *out */
    CHECK(out == 123.0);

    /* a later success still works and sets *out */
    CHECK_OK(efn_quantity_parse(&out, "2 mcm/d", EFN_GAS, NULL));
    NEAR(out, 0.73);
}

/* A host that sets a decimal-comma locale must not change how "1.5" reads. */
static void test_locale(void)
{
    if (!check_decimal_comma_locale("test_units", "units_locale"))
        return;
    /* 1.5 bcm/y; 1.2 Mb/d = 438 / 7.33 = 59.7544338335607 Mt/y */
    CHECK(parse("1.5 bcm/y", EFN_GAS, NULL) == 1.5);
    NEAR(parse("1.2 Mb/d", EFN_OIL, NULL), 59.7544338335607);
    CHECK(parse("2.5e-1", EFN_GAS, NULL) == 0.25);
    CHECK_ERR(efn_quantity_parse(&(double){0}, "1,5 bcm/y", EFN_GAS, NULL),
              EFN_EINVALID, "commas are not allowed");
    setlocale(LC_NUMERIC, "C");
}

int main(void)
{
    test_commodities();
    test_factors();
    test_aliases();
    test_convert();
    test_round_trips();
    test_parse();
    test_errors();
    test_locale();
    return check_finish("test_units");
}
