/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * example.h: the few helpers the scenario programs share, so that each
 * program reads as its question and its answer. Header-only: every program
 * is one file.
 *
 * Every program runs as
 *
 *     NAME [--check] [NETWORK.json [SCENARIO_DIR]]
 *
 * NETWORK.json defaults to the bundled corridor network and SCENARIO_DIR to
 * the bundled overlays (compile-time paths EFN_EXAMPLE_DATA and
 * EFN_EXAMPLE_SCENARIOS). With --check the program also compares its key
 * figures with the values worked out by hand at the top of its source and
 * exits 1 when one differs by more than 1e-6, relative to
 * max(|hand value|, 1); the CTest tests run it that way. Without --check it
 * only prints, so it can be pointed at other data.
 */
#ifndef EFN_EXAMPLE_H
#define EFN_EXAMPLE_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efn.h"

#ifndef EFN_EXAMPLE_DATA
#define EFN_EXAMPLE_DATA "examples/data"
#endif
#ifndef EFN_EXAMPLE_SCENARIOS
#define EFN_EXAMPLE_SCENARIOS "examples/scenarios"
#endif

/* CHECK(call): an efn call that must succeed. On failure, prints the
 * library's message (file, JSON path, problem) and exits 1. */
#define CHECK(call)                                                            \
    do {                                                                       \
        int ex_rc_ = (call);                                                   \
        if (ex_rc_ != EFN_OK) {                                                \
            fprintf(stderr, "%s:%d: %s failed (%s): %s\n", __FILE__, __LINE__, \
                    #call, efn_status_name(ex_rc_), efn_last_error());         \
            exit(1);                                                           \
        }                                                                      \
    } while (0)

typedef struct ex_args {
    int check;             /* --check: compare key figures with hand values */
    const char *network;   /* network file */
    const char *scenarios; /* directory of scenario overlays */
} ex_args;

static int ex_failures;
static int ex_checked;

static inline ex_args ex_parse_args(int argc, char **argv)
{
    ex_args a = {0, EFN_EXAMPLE_DATA "/corridor.json", EFN_EXAMPLE_SCENARIOS};
    int i, positional = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--check") == 0) {
            a.check = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr,
                    "usage: %s [--check] [NETWORK.json [SCENARIO_DIR]]\n",
                    argv[0]);
            exit(2);
        } else if (positional++ == 0) {
            a.network = argv[i];
        } else {
            a.scenarios = argv[i];
        }
    }
    return a;
}

static inline efn_network *ex_load_network(const ex_args *a)
{
    efn_network *net = NULL;
    CHECK(efn_network_load(&net, a->network));
    return net;
}

/* Loads SCENARIO_DIR/file. */
static inline efn_scenario *ex_load_scenario(const ex_args *a, const char *file)
{
    efn_scenario *scn = NULL;
    size_t n = strlen(a->scenarios) + strlen(file) + 2;
    char *path = malloc(n);
    if (!path) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    snprintf(path, n, "%s/%s", a->scenarios, file);
    CHECK(efn_scenario_load(&scn, path));
    free(path);
    return scn;
}

/* A scenario written in the program itself (JSON text). */
static inline efn_scenario *ex_inline_scenario(const char *json,
                                               const char *name)
{
    efn_scenario *scn = NULL;
    CHECK(efn_scenario_load_buffer(&scn, json, strlen(json), name));
    return scn;
}

/* base + scenarios[0] + ... + scenarios[count - 1], as a new network. */
static inline efn_network *ex_apply(const efn_network *base,
                                    const efn_scenario *const *scenarios,
                                    size_t count)
{
    efn_network *out = NULL;
    CHECK(efn_scenario_apply_all(&out, base, scenarios, count));
    return out;
}

static inline size_t ex_node(const efn_network *net, const char *id)
{
    size_t i = 0;
    CHECK(efn_network_find_node(&i, net, id));
    return i;
}

static inline size_t ex_asset(const efn_network *net, const char *id)
{
    size_t i = 0;
    CHECK(efn_network_find_asset(&i, net, id));
    return i;
}

static inline const char *ex_node_id(const efn_network *net, size_t i)
{
    efn_node_info info;
    CHECK(efn_network_node(&info, net, i));
    return info.id;
}

static inline const char *ex_asset_id(const efn_network *net, size_t i)
{
    efn_asset_info info;
    CHECK(efn_network_asset(&info, net, i));
    return info.id;
}

/* A node's supply, demand or peak demand in the canonical unit; 0 when it
 * has none that year. */
static inline double ex_node_qty(const efn_network *net, const char *id,
                                 efn_node_quantity which, efn_commodity c,
                                 int year)
{
    double v = 0;
    CHECK(efn_node_quantity_get(&v, net, ex_node(net, id), which, c, year));
    return isnan(v) ? 0 : v;
}

/* An asset's capacity in the canonical unit (+inf: unconstrained). */
static inline double ex_capacity(const efn_network *net, const char *id,
                                 int year)
{
    double v = 0;
    CHECK(
        efn_asset_quantity_get(&v, net, ex_asset(net, id), EFN_CAPACITY, year));
    return v;
}

static inline efn_flow *ex_flow(const efn_network *net, efn_commodity c,
                                int year, efn_allocation mode)
{
    efn_flow *flow = NULL;
    efn_flow_options opt = EFN_FLOW_OPTIONS_INIT;
    opt.commodity = c;
    opt.year = year;
    opt.mode = mode;
    CHECK(efn_flow_run(&flow, net, &opt));
    return flow;
}

/* What consumer `id` received, and (when `unmet` is not NULL) its unmet
 * demand. */
static inline double ex_delivered(const efn_flow *flow, const efn_network *net,
                                  const char *id, double *unmet)
{
    efn_flow_consumer c;
    CHECK(efn_flow_consumer_find(&c, flow, ex_node(net, id)));
    if (unmet)
        *unmet = c.unmet;
    return c.delivered;
}

/* What supply node `id` injected; 0 when it supplies nothing that year. */
static inline double ex_injected(const efn_flow *flow, const efn_network *net,
                                 const char *id)
{
    size_t i, node = ex_node(net, id);
    efn_flow_supplier s;
    for (i = 0; i < efn_flow_supplier_count(flow); i++) {
        CHECK(efn_flow_supplier_get(&s, flow, i));
        if (s.node == node)
            return s.injected;
    }
    return 0;
}

/* The flow an asset carries (its largest segment flow) and, when
 * `utilisation` is not NULL, its utilisation; 0 for an inactive asset. */
static inline double ex_asset_flow(const efn_flow *flow, const efn_network *net,
                                   const char *id, double *utilisation)
{
    size_t i, asset = ex_asset(net, id);
    efn_flow_asset a;
    if (utilisation)
        *utilisation = 0;
    for (i = 0; i < efn_flow_asset_count(flow); i++) {
        CHECK(efn_flow_asset_get(&a, flow, i));
        if (a.asset == asset) {
            if (utilisation)
                *utilisation = a.utilisation;
            return fabs(a.flow);
        }
    }
    return 0;
}

/* The capacity of asset `id`'s segment in the minimum cut; 0 when none of
 * its segments is in the cut. */
static inline double ex_cut_capacity(const efn_flow *flow,
                                     const efn_network *net, const char *id)
{
    size_t i, asset = ex_asset(net, id);
    efn_cut_item c;
    for (i = 0; i < efn_flow_cut_count(flow); i++) {
        CHECK(efn_flow_cut_get(&c, flow, i));
        if (c.kind == EFN_CUT_SEGMENT && c.asset == asset)
            return c.capacity;
    }
    return 0;
}

/* Prints the minimum cut, what binds the maximum total, one item a line.
 * With `demands` 0, fully served demands are left out. */
static inline void ex_print_cut(const efn_flow *flow, const efn_network *net,
                                int demands)
{
    const char *unit = efn_commodity_unit(efn_flow_commodity(flow));
    size_t i;
    efn_cut_item c;
    for (i = 0; i < efn_flow_cut_count(flow); i++) {
        CHECK(efn_flow_cut_get(&c, flow, i));
        switch (c.kind) {
        case EFN_CUT_SEGMENT:
            printf("    %s, %s -> %s, is full at %.5g %s\n",
                   ex_asset_id(net, c.asset), ex_node_id(net, c.from_node),
                   ex_node_id(net, c.to_node), c.capacity, unit);
            break;
        case EFN_CUT_SUPPLY:
            printf("    supply of %s gives all it has, %.5g %s\n",
                   ex_node_id(net, c.node), c.capacity, unit);
            break;
        case EFN_CUT_DEMAND:
            if (demands)
                printf("    demand of %s is fully served, %.5g %s\n",
                       ex_node_id(net, c.node), c.capacity, unit);
            break;
        }
    }
}

/* Prints `s` left-aligned in `width` columns, counting UTF-8 characters
 * rather than bytes, so that "Türkiye" lines up. */
static inline void ex_pad(const char *s, int width)
{
    int cols = 0;
    const char *p;
    for (p = s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            cols++;
    printf("%s%*s", s, width > cols ? width - cols : 0, "");
}

/* Prints text word-wrapped to 76 columns, each line indented. */
static inline void ex_print_wrapped(const char *text, int indent)
{
    const char *p = text;
    while (*p) {
        int col = indent, len;
        printf("%*s", indent, "");
        for (;;) {
            while (*p == ' ')
                p++;
            len = (int)strcspn(p, " ");
            if (len == 0 || (col > indent && col + 1 + len > 76))
                break;
            printf(col > indent ? " %.*s" : "%.*s", len, p);
            col += (col > indent) + len;
            p += len;
        }
        printf("\n");
    }
}

#if defined(__GNUC__)
#define EX_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define EX_PRINTF(fmt, args)
#endif

/* printf, then word-wrapped to 76 columns with `indent` spaces: for the
 * prose of a report. */
static inline void ex_say(int indent, const char *fmt, ...) EX_PRINTF(2, 3);
static inline void ex_say(int indent, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ex_print_wrapped(buf, indent);
}

/* Mt/y of crude in barrels a day, at the network's conventions. */
static inline double ex_bpd(const efn_network *net, double mt_y)
{
    efn_conventions conv;
    double out = 0;
    efn_network_conventions(&conv, net);
    CHECK(efn_unit_convert(&out, mt_y, "Mt/y", "b/d", EFN_OIL, &conv));
    return out;
}

/* A figure for a report: values within 5e-7 of zero are the solver's
 * tolerance, shown as 0. */
static inline double ex_shown(double v)
{
    return fabs(v) < 5e-7 ? 0 : v;
}

/* Writes a whole number with thousands separators, "1,455,959", into buf
 * (at least 32 bytes) and returns buf. */
static inline const char *ex_thousands(char *buf, double v)
{
    char digits[32];
    int n, i, j = 0;
    snprintf(digits, sizeof digits, "%.0f", fabs(v) < 0.5 ? 0 : v);
    n = (int)strlen(digits);
    for (i = 0; i < n; i++) {
        if (i > 0 && digits[i - 1] != '-' && (n - i) % 3 == 0)
            buf[j++] = ',';
        buf[j++] = digits[i];
    }
    buf[j] = '\0';
    return buf;
}

/* Compares a computed key figure with the hand-worked value (when --check):
 * they may differ by 1e-6 relative to max(|hand|, 1). */
static inline void ex_expect(const ex_args *a, const char *what,
                             double computed, double hand)
{
    double tol = 1e-6 * (fabs(hand) > 1 ? fabs(hand) : 1);
    if (!a->check)
        return;
    ex_checked++;
    if (!(fabs(computed - hand) <= tol)) {
        ex_failures++;
        fprintf(stderr, "check failed: %s = %.10g, worked out by hand %.10g\n",
                what, computed, hand);
    }
}

/* The exit status: 1 when a check failed. */
static inline int ex_finish(const ex_args *a)
{
    if (!a->check)
        return 0;
    if (ex_failures) {
        fprintf(
            stderr,
            "check: %d of %d key figures differ from the hand-worked values\n",
            ex_failures, ex_checked);
        return 1;
    }
    printf("\ncheck: all %d key figures match the hand-worked values\n",
           ex_checked);
    return 0;
}

/* ---- Dependency helpers (east_west_corridor, nakhchivan_igdir,
 * trans_caspian) ------------------------------------------------------- */

/* The English name of the country codes the bundled network uses; the code
 * itself for any other. */
static inline const char *ex_country_name(const char *cc)
{
    static const char *const names[][2] = {
        {"AL", "Albania"},    {"AZ", "Azerbaijan"},
        {"BG", "Bulgaria"},   {"CN", "China"},
        {"DZ", "Algeria"},    {"EG", "Egypt"},
        {"EU", "EU"},         {"GE", "Georgia"},
        {"GR", "Greece"},     {"IR", "Iran"},
        {"IT", "Italy"},      {"KG", "Kyrgyzstan"},
        {"KZ", "Kazakhstan"}, {"RU", "Russia"},
        {"TJ", "Tajikistan"}, {"TM", "Turkmenistan"},
        {"TR", "Türkiye"},    {"US", "United States"},
        {"UZ", "Uzbekistan"}, {"ZZ", "unstated (LNG)"}};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i][0], cc) == 0)
            return names[i][1];
    return cc;
}

static inline size_t ex_owner(const efn_network *net, const char *id)
{
    size_t i = 0;
    CHECK(efn_network_find_owner(&i, net, id));
    return i;
}

/* Traces the year's flows (observed, or computed in "max" mode) and derives
 * the dependencies. */
static inline efn_dependency *ex_dependency(const efn_network *net,
                                            efn_commodity c, int year,
                                            efn_trace_source source)
{
    efn_dependency *dep = NULL;
    efn_trace_options opt = EFN_TRACE_OPTIONS_INIT;
    opt.commodity = c;
    opt.year = year;
    opt.source = source;
    CHECK(efn_dependency_run(&dep, net, &opt));
    return dep;
}

/* The index of consumer `id` in `dep`, and its volume and HHI of origin
 * countries (either pointer may be NULL); (size_t)-1, volume 0 and HHI 0
 * when the node receives nothing. */
static inline size_t ex_dep_consumer(const efn_dependency *dep,
                                     const efn_network *net, const char *id,
                                     double *volume, double *hhi)
{
    size_t j, node;
    double vol = 0, h = 0, he = 0;
    if (efn_dependency_consumer_find(&j, dep, ex_node(net, id)) != EFN_OK) {
        efn_clear_error();
        j = (size_t)-1;
    } else {
        CHECK(efn_dependency_consumer_get(&node, &vol, &h, &he, dep, j));
    }
    if (volume)
        *volume = vol;
    if (hhi)
        *hhi = h;
    return j;
}

/* The volume of consumer `id`'s gas that came from (EFN_DEP_SUPPLIER) or
 * crossed (EFN_DEP_TRANSIT) country `cc`, and its share (0 to 1) when
 * `share` is not NULL; 0 when none. */
static inline double ex_dep_country(const efn_dependency *dep,
                                    const efn_network *net, const char *id,
                                    efn_dep_kind kind, const char *cc,
                                    double *share)
{
    size_t i, j = ex_dep_consumer(dep, net, id, NULL, NULL);
    efn_dep_item it;
    if (share)
        *share = 0;
    if (j == (size_t)-1)
        return 0;
    for (i = 0; i < efn_dependency_item_count(dep, j, kind); i++) {
        CHECK(efn_dependency_item_get(&it, dep, j, kind, i));
        if (it.country && strcmp(it.country, cc) == 0) {
            if (share)
                *share = it.share;
            return it.volume;
        }
    }
    return 0;
}

/* Prints consumer j's countries of `kind`, largest first, as
 * "Russia 40.7% (20.550), ..." wrapped at 78 columns, continuation lines
 * indented by `indent` (the caller has printed that much already); "none"
 * when there are none. */
static inline void ex_print_dep_countries(const efn_dependency *dep, size_t j,
                                          efn_dep_kind kind, int indent)
{
    size_t i, n = efn_dependency_item_count(dep, j, kind);
    int col = indent;
    efn_dep_item it;
    char buf[96];
    for (i = 0; i < n; i++) {
        int chars = 0;
        const char *p;
        CHECK(efn_dependency_item_get(&it, dep, j, kind, i));
        snprintf(buf, sizeof buf, "%s %.1f%% (%.3f)%s",
                 ex_country_name(it.country), 100 * it.share, it.volume,
                 i + 1 < n ? "," : "");
        for (p = buf; *p; p++)
            chars += (*p & 0xC0) != 0x80;
        if (i > 0 && col + 1 + chars > 78) {
            printf("\n%*s", indent, "");
            col = indent;
        } else if (i > 0) {
            putchar(' ');
            col++;
        }
        fputs(buf, stdout);
        col += chars;
    }
    printf("%s\n", n ? "" : "none");
}

/* The volume of country `cc` (of `kind`) summed over `n` consumers. */
static inline double ex_group_country(const efn_dependency *dep,
                                      const efn_network *net,
                                      const char *const *ids, size_t n,
                                      efn_dep_kind kind, const char *cc)
{
    double v = 0;
    size_t k;
    for (k = 0; k < n; k++)
        v += ex_dep_country(dep, net, ids[k], kind, cc, NULL);
    return v;
}

/* The HHI (0 to 10,000) of the origin countries of `n` consumers taken
 * together, and their total volume in *total (may be NULL). */
static inline double ex_group_hhi(const efn_dependency *dep,
                                  const efn_network *net,
                                  const char *const *ids, size_t n,
                                  double *total)
{
    const efn_trace *t = efn_dependency_trace(dep);
    size_t c;
    double sum = 0, sq = 0;
    for (c = 0; c < efn_trace_country_count(t); c++) {
        double v = ex_group_country(dep, net, ids, n, EFN_DEP_SUPPLIER,
                                    efn_trace_country(t, c));
        sum += v;
        sq += v * v;
    }
    if (total)
        *total = sum;
    return sum > 0 ? 1e4 * sq / (sum * sum) : 0;
}

#endif
