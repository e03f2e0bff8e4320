/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * units.c: commodities, the unit table, conversion and quantity parsing.
 *
 * Unit matching is exact and case-sensitive, after trimming whitespace
 * around the unit. The case of a prefix carries meaning in this trade: in
 * US oil and gas usage "M" is a thousand (Mcf, Mbbl), "MM" a million, while
 * IEA/OPEC usage writes million barrels per day as both "Mb/d" and "mb/d";
 * "mt" is often a metric tonne rather than a megatonne; "mW" is a milliwatt.
 * Folding case would give spellings like "Mcm/d", "mt/y" or "MT/y" a
 * guessed meaning, so each accepted spelling is listed in the table below,
 * including the capitalisations that are unambiguous (Mb/d and mb/d,
 * bcf/d and Bcf/d). A unit that matches only when case is ignored is still
 * rejected, with a hint that units are case-sensitive.
 *
 * Numbers are scanned here rather than by strtod alone, so that the accepted
 * syntax does not depend on the C library (no hex, "nan", "inf" or locale
 * digit grouping). The digits are then converted by strtod for correct
 * rounding, with '.' replaced by the current locale's decimal point: efn
 * never calls setlocale, but the host application may, and "1.2" must mean
 * 1.2 either way.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A year is 365 days and 8760 hours throughout efn. */
#define DAYS_PER_YEAR 365.0
/* 1 ft = 0.3048 m exactly, so 1 bcf = 0.3048^3 = 0.028316846592 bcm and
 * 1 bcf/d = 365 * 0.028316846592 = 10.33564900608 bcm/y, exact by definition.
 */
#define BCM_Y_PER_BCF_D (0.028316846592 * DAYS_PER_YEAR)

/* How a unit's factor depends on the conventions. */
typedef enum unit_basis {
    FIXED,       /* factor = k */
    PER_TWH_BCM, /* factor = k / gas_twh_per_bcm */
    PER_BBL_T    /* factor = k / oil_bbl_per_tonne */
} unit_basis;

#define UNIT_MAX_ALIASES 4

typedef struct unit_def {
    efn_commodity commodity;
    const char *name; /* the spelling used in messages */
    const char *aliases[UNIT_MAX_ALIASES + 1]; /* NULL-terminated */
    unit_basis basis;
    double k;
} unit_def;

/*
 * Every unit, in the order messages list them; each commodity's canonical
 * unit comes first and has factor 1. Factors turn one unit into the
 * canonical unit (gas bcm/y, oil Mt/y, electricity TWh/y).
 */
static const unit_def units[] = {
    /* gas, canonical bcm/y; a bare "bcm" is an annual volume by custom */
    {EFN_GAS, "bcm/y", {"bcm/yr", "bcm/a", "bcm", NULL}, FIXED, 1.0},
    /* 1 mcm/d = 365 mcm/y = 0.365 bcm/y */
    {EFN_GAS, "mcm/d", {"MMcm/d", "mcm/day", NULL}, FIXED, 0.365},
    {EFN_GAS, "mcm/y", {"mcm/yr", "mcm/a", NULL}, FIXED, 0.001},
    {EFN_GAS, "bcf/d", {"Bcf/d", "bcf/day", NULL}, FIXED, BCM_Y_PER_BCF_D},
    /* 1 TWh/y = 1 / gas_twh_per_bcm bcm/y */
    {EFN_GAS, "TWh/y", {"TWh/yr", "TWh/a", NULL}, PER_TWH_BCM, 1.0},
    /* 1 GWh/d = 0.365 TWh/y */
    {EFN_GAS, "GWh/d", {"GWh/day", NULL}, PER_TWH_BCM, 0.365},

    /* oil, canonical Mt/y */
    {EFN_OIL, "Mt/y", {"Mt/yr", "Mt/a", "Mtpa", NULL}, FIXED, 1.0},
    {EFN_OIL, "kt/y", {"kt/yr", "kt/a", NULL}, FIXED, 0.001},
    /* 1 t/d = 365 t/y = 365e-6 Mt/y */
    {EFN_OIL, "t/d", {"t/day", NULL}, FIXED, 365e-6},
    /* 1 b/d = 365 bbl/y = 365e-6 / bbl_per_t Mt/y */
    {EFN_OIL, "b/d", {"bbl/d", "bpd", "b/day", NULL}, PER_BBL_T, 365e-6},
    /* 1 kb/d = 0.365e6 bbl/y = 0.365 / bbl_per_t Mt/y */
    {EFN_OIL, "kb/d", {"kbd", "kb/day", NULL}, PER_BBL_T, 0.365},
    /* 1 Mb/d = 365e6 bbl/y = 365 / bbl_per_t Mt/y. Million, as IEA and OPEC
     * write it; "Mbbl/d" is left out: a thousand barrels in US usage. */
    {EFN_OIL, "Mb/d", {"mb/d", "MMb/d", "mbd", NULL}, PER_BBL_T, 365.0},

    /* electricity, canonical TWh/y */
    {EFN_ELECTRICITY, "TWh/y", {"TWh/yr", "TWh/a", NULL}, FIXED, 1.0},
    {EFN_ELECTRICITY, "GWh/d", {"GWh/day", NULL}, FIXED, 0.365},
    /* 1 GW for 8760 h = 8760 GWh = 8.76 TWh */
    {EFN_ELECTRICITY, "GW", {NULL}, FIXED, 8.76},
    {EFN_ELECTRICITY, "MW", {NULL}, FIXED, 0.00876},
};

#define UNIT_COUNT (sizeof units / sizeof units[0])

/* Longest unit or quantity text quoted in a message. */
#define QUOTE_MAX 64
/* Longest number accepted, in characters. */
#define NUMBER_MAX 100

static const char *const commodity_names[EFN_COMMODITY_COUNT] = {"gas", "oil",
                                                                 "electricity"};
static const char *const commodity_units[EFN_COMMODITY_COUNT] = {
    "bcm/y", "Mt/y", "TWh/y"};

static int commodity_valid(efn_commodity commodity)
{
    int c = (int)commodity;
    return c >= 0 && c < EFN_COMMODITY_COUNT;
}

const char *efn_commodity_name(efn_commodity commodity)
{
    return commodity_valid(commodity) ? commodity_names[commodity] : NULL;
}

const char *efn_commodity_unit(efn_commodity commodity)
{
    return commodity_valid(commodity) ? commodity_units[commodity] : NULL;
}

int efn_commodity_parse(efn_commodity *out, const char *name)
{
    int c;
    if (!out || !name)
        return efn__error(EFN_EARG, "efn_commodity_parse: %s is NULL",
                          !out ? "out" : "name");
    for (c = 0; c < EFN_COMMODITY_COUNT; c++) {
        if (strcmp(name, commodity_names[c]) == 0) {
            *out = (efn_commodity)c;
            return EFN_OK;
        }
    }
    return efn__error(EFN_EINVALID,
                      "unknown commodity '%.*s'; expected gas, oil or "
                      "electricity",
                      QUOTE_MAX, name);
}

void efn_conventions_init(efn_conventions *out)
{
    if (!out)
        return;
    out->gas_twh_per_bcm = EFN_DEFAULT_GAS_TWH_PER_BCM;
    out->oil_bbl_per_tonne = EFN_DEFAULT_OIL_BBL_PER_TONNE;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Trims whitespace: *start and *len describe s without it. */
static void trim(const char *s, const char **start, size_t *len)
{
    size_t n = strlen(s);
    while (n > 0 && is_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_space(s[n - 1]))
        n--;
    *start = s;
    *len = n;
}

static int span_equals(const char *s, size_t n, const char *word, int fold)
{
    size_t i;
    if (strlen(word) != n)
        return 0;
    for (i = 0; i < n; i++) {
        char a = fold ? ascii_lower(s[i]) : s[i];
        char b = fold ? ascii_lower(word[i]) : word[i];
        if (a != b)
            return 0;
    }
    return 1;
}

static int unit_matches(const unit_def *u, const char *s, size_t n, int fold)
{
    size_t i;
    if (span_equals(s, n, u->name, fold))
        return 1;
    for (i = 0; u->aliases[i]; i++)
        if (span_equals(s, n, u->aliases[i], fold))
            return 1;
    return 0;
}

/* "bcm/y, mcm/d, ..." for one commodity, into buf. */
static const char *unit_list(char *buf, size_t size, efn_commodity commodity)
{
    size_t i, len = 0;
    buf[0] = '\0';
    for (i = 0; i < UNIT_COUNT && len < size; i++) {
        int n;
        if (units[i].commodity != commodity)
            continue;
        n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
                     units[i].name);
        if (n < 0)
            break;
        len += (size_t)n;
    }
    return buf;
}

/* Conventions, NULL for the defaults; EFN_EARG for unusable factors. */
static int conventions_check(const efn_conventions **conventions,
                             const char *function)
{
    static const efn_conventions defaults = EFN_CONVENTIONS_INIT;
    const efn_conventions *c = *conventions;
    if (!c) {
        *conventions = &defaults;
        return EFN_OK;
    }
    if (!(isfinite(c->gas_twh_per_bcm) && c->gas_twh_per_bcm > 0))
        return efn__error(EFN_EARG,
                          "%s: conventions gas_twh_per_bcm is %g; expected a "
                          "finite number > 0",
                          function, c->gas_twh_per_bcm);
    if (!(isfinite(c->oil_bbl_per_tonne) && c->oil_bbl_per_tonne > 0))
        return efn__error(EFN_EARG,
                          "%s: conventions oil_bbl_per_tonne is %g; expected "
                          "a finite number > 0",
                          function, c->oil_bbl_per_tonne);
    return EFN_OK;
}

static int commodity_check(efn_commodity commodity, const char *function)
{
    if (!commodity_valid(commodity))
        return efn__error(EFN_EARG, "%s: unknown commodity %d", function,
                          (int)commodity);
    return EFN_OK;
}

static double unit_factor(const unit_def *u, const efn_conventions *c)
{
    switch (u->basis) {
    case PER_TWH_BCM: return u->k / c->gas_twh_per_bcm;
    case PER_BBL_T: return u->k / c->oil_bbl_per_tonne;
    case FIXED: break;
    }
    return u->k;
}

/*
 * Looks up the unit s[0..n) (already trimmed) for `commodity`. Arguments
 * are already checked. EFN_EINVALID with a message naming the unit.
 */
static int lookup(double *out, const char *s, size_t n, efn_commodity commodity,
                  const efn_conventions *c)
{
    char expected[160];
    char owners[64];
    size_t i;
    int folded = 0;
    int c2;

    if (n == 0)
        return efn__error(EFN_EINVALID, "empty unit; expected one of %s",
                          unit_list(expected, sizeof expected, commodity));
    for (i = 0; i < UNIT_COUNT; i++) {
        if (units[i].commodity == commodity &&
            unit_matches(&units[i], s, n, 0)) {
            *out = unit_factor(&units[i], c);
            return EFN_OK;
        }
    }

    /* A unit of another commodity: name which ones (TWh/y has two). */
    owners[0] = '\0';
    for (c2 = 0; c2 < EFN_COMMODITY_COUNT; c2++) {
        for (i = 0; i < UNIT_COUNT; i++) {
            if ((int)units[i].commodity == c2 &&
                unit_matches(&units[i], s, n, 0)) {
                size_t len = strlen(owners);
                snprintf(owners + len, sizeof owners - len, "%s%s",
                         len ? " and " : "", commodity_names[c2]);
                break;
            }
        }
    }
    if (owners[0])
        return efn__error(EFN_EINVALID,
                          "unit '%.*s' is a%s %s unit, not a unit of %s; "
                          "expected one of %s",
                          (int)(n < QUOTE_MAX ? n : QUOTE_MAX), s,
                          owners[0] == 'e' || owners[0] == 'o' ? "n" : "",
                          owners, commodity_names[commodity],
                          unit_list(expected, sizeof expected, commodity));

    for (i = 0; i < UNIT_COUNT && !folded; i++)
        folded = unit_matches(&units[i], s, n, 1);
    return efn__error(EFN_EINVALID, "unknown unit '%.*s'; expected one of %s%s",
                      (int)(n < QUOTE_MAX ? n : QUOTE_MAX), s,
                      unit_list(expected, sizeof expected, commodity),
                      folded ? " (units are case-sensitive)" : "");
}

int efn_unit_factor(double *out, const char *unit, efn_commodity commodity,
                    const efn_conventions *conventions)
{
    const char *s;
    size_t n;
    double factor;
    int rc;

    if (!out || !unit)
        return efn__error(EFN_EARG, "efn_unit_factor: %s is NULL",
                          !out ? "out" : "unit");
    if ((rc = commodity_check(commodity, "efn_unit_factor")) != EFN_OK ||
        (rc = conventions_check(&conventions, "efn_unit_factor")) != EFN_OK)
        return rc;
    trim(unit, &s, &n);
    if ((rc = lookup(&factor, s, n, commodity, conventions)) != EFN_OK)
        return rc;
    *out = factor;
    return EFN_OK;
}

/*
 * Negative values convert like positive ones (differences and changes of
 * flow are meaningful); only non-finite values are refused.
 */
int efn_unit_convert(double *out, double value, const char *from_unit,
                     const char *to_unit, efn_commodity commodity,
                     const efn_conventions *conventions)
{
    const char *s;
    size_t n;
    double from, to, result;
    int rc;

    if (!out || !from_unit || !to_unit)
        return efn__error(EFN_EARG, "efn_unit_convert: %s is NULL",
                          !out         ? "out"
                          : !from_unit ? "from_unit"
                                       : "to_unit");
    if (!isfinite(value))
        return efn__error(EFN_EARG, "efn_unit_convert: value %g is not finite",
                          value);
    if ((rc = commodity_check(commodity, "efn_unit_convert")) != EFN_OK ||
        (rc = conventions_check(&conventions, "efn_unit_convert")) != EFN_OK)
        return rc;
    trim(from_unit, &s, &n);
    if ((rc = lookup(&from, s, n, commodity, conventions)) != EFN_OK)
        return rc;
    trim(to_unit, &s, &n);
    if ((rc = lookup(&to, s, n, commodity, conventions)) != EFN_OK)
        return rc;
    /* One rounding each way when either side is canonical (factor 1). */
    result = value * from / to;
    if (!isfinite(result))
        return efn__error(EFN_EINVALID, "%g %s is out of range in %s", value,
                          from_unit, to_unit);
    *out = result;
    return EFN_OK;
}

/*
 * Scans [+-]digits[.digits][(e|E)[+-]digits] with at least one mantissa
 * digit; returns its length, 0 when s does not start with a number.
 */
static size_t scan_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < n && is_digit(s[i])) {
        i++;
        digits++;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && is_digit(s[i])) {
            i++;
            digits++;
        }
    }
    if (digits == 0)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j < n && is_digit(s[j])) {
            while (j < n && is_digit(s[j]))
                j++;
            i = j;
        }
    }
    return i;
}

/*
 * Converts a number scan_number accepted. strtod reads the locale's decimal
 * point, so '.' is swapped for it first. EFN_EINVALID on overflow;
 * EFN_ERROR if strtod stops early, which only an odd C library would do.
 * Messages quote the first `quote` characters of s, the whole quantity.
 */
static int convert_number(double *out, const char *s, size_t n, int quote)
{
    char buf[NUMBER_MAX + 16];
    const char *point = localeconv()->decimal_point;
    size_t point_len = point && point[0] ? strlen(point) : 0;
    size_t i, len = 0;
    char *end;
    double value;
    int saved_errno = errno;

    if (point_len == 0 || point_len > 8) {
        point = ".";
        point_len = 1;
    }
    for (i = 0; i < n; i++) {
        if (s[i] == '.') {
            memcpy(buf + len, point, point_len);
            len += point_len;
        } else {
            buf[len++] = s[i];
        }
    }
    buf[len] = '\0';
    errno = 0;
    value = strtod(buf, &end);
    errno = saved_errno;
    if (end != buf + len)
        return efn__error(EFN_ERROR, "strtod could not read the number '%s'",
                          buf);
    if (!isfinite(value))
        return efn__error(EFN_EINVALID, "quantity '%.*s' is out of range",
                          quote, s);
    *out = value;
    return EFN_OK;
}

static int starts_with_fold(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    return n >= w && span_equals(s, w, word, 1);
}

int efn_quantity_parse(double *out, const char *text, efn_commodity commodity,
                       const efn_conventions *conventions)
{
    const char *s, *p;
    size_t n, len, rest;
    double value = 0.0, factor = 1.0, result;
    int rc;
    int quote;

    if (!out || !text)
        return efn__error(EFN_EARG, "efn_quantity_parse: %s is NULL",
                          !out ? "out" : "text");
    if ((rc = commodity_check(commodity, "efn_quantity_parse")) != EFN_OK ||
        (rc = conventions_check(&conventions, "efn_quantity_parse")) != EFN_OK)
        return rc;

    trim(text, &s, &n);
    quote = (int)(n < QUOTE_MAX ? n : QUOTE_MAX);
    if (n == 0)
        return efn__error(EFN_EINVALID,
                          "empty quantity; expected a number and a unit, "
                          "e.g. '16 %s'",
                          commodity_units[commodity]);

    p = s + (s[0] == '+' || s[0] == '-');
    if (starts_with_fold(p, n - (size_t)(p - s), "nan") ||
        starts_with_fold(p, n - (size_t)(p - s), "inf"))
        return efn__error(EFN_EINVALID,
                          "quantity '%.*s' is not a finite number", quote, s);

    len = scan_number(s, n);
    if (len == 0)
        return efn__error(EFN_EINVALID,
                          "quantity '%.*s' has no number; expected a number "
                          "and a unit, e.g. '16 %s'",
                          quote, s, commodity_units[commodity]);
    if (len > NUMBER_MAX)
        return efn__error(EFN_EINVALID,
                          "quantity '%.*s...': the number is longer than %d "
                          "characters",
                          quote, s, NUMBER_MAX);
    /* "1,200" is a thousand and two hundred or one point two, by country. */
    if (len < n && s[len] == ',')
        return efn__error(EFN_EINVALID,
                          "quantity '%.*s': commas are not allowed in "
                          "numbers; write 1200 for a thousand two hundred "
                          "and 1.2 for one point two",
                          quote, s);
    if ((rc = convert_number(&value, s, len, quote)) != EFN_OK)
        return rc;

    p = s + len;
    rest = n - len;
    while (rest > 0 && is_space(*p)) {
        p++;
        rest--;
    }
    if (rest > 0 && p != s + len && is_digit(*p))
        return efn__error(EFN_EINVALID,
                          "quantity '%.*s': spaces are not allowed inside "
                          "numbers",
                          quote, s);
    if (rest == 0) {
        factor = 1.0; /* a bare number is already canonical */
    } else if ((rc = lookup(&factor, p, rest, commodity, conventions)) !=
               EFN_OK) {
        return rc;
    }
    if (value < 0)
        return efn__error(EFN_EINVALID, "negative quantity %.*s", quote, s);
    result = value * factor;
    if (!isfinite(result))
        return efn__error(EFN_EINVALID, "quantity '%.*s' is out of range",
                          quote, s);
    *out = result + 0.0; /* -0 becomes 0 */
    return EFN_OK;
}
