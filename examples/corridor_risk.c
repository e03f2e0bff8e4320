/*
 * corridor_risk: if the corridor's gas lines fail at random, how often does
 * each market go short in a year, by how much, and which lines bind?
 *
 * Overlay: examples/scenarios/corridor_risk.json, one change that sets the
 * network's `risk` object. Each line's own probability is a group of that
 * one line, so that the report can count each line's outages. The numbers
 * are illustrative round assumptions (a failed line is out all year):
 *
 *   SCP, TANAP, TAP, each alone                        pS = pN = pP = 0.02
 *   TurkStream string 1 offshore, Blue Stream offshore      pT = pB = 0.03
 *   black_sea: those two together                                pK = 0.01
 *   Tabriz-Ankara's Iranian section alone                        pR = 0.05
 *   IR: every line with a node in Iran (that section and
 *       the Julfa swap to Nakhchivan)                            pI = 0.02
 *   every other line 0 (default probability 0, rate 0 per 1000 km-year).
 *
 * Run: 2023, mode "max" (the most gas delivered and, of those allocations,
 * the cheapest: a segment costs its asset's length_km per bcm), 100,000
 * samples (10,000 under valgrind; --samples N sets it), seed 2023, 2
 * workers; with --check the run is repeated with 1 worker and must give
 * the same JSON text.
 *
 * Worked by hand from examples/data/corridor.json (gas, bcm/y, 2023).
 *
 *   The network. Georgia (2.5) hangs on SCP (23.4) alone, which leaves
 *   20.9 at Türkgözü. From there two connectors take gas to Türkiye, and
 *   TANAP (17.4) then TAP (11.8) take 11.8 to Europe: TAP's first section
 *   ends at Komotini, where Greece (0.48) and IGB to Bulgaria (1.32) branch
 *   off, and Italy (10) is at its end. So SCP, TANAP or TAP out cuts all
 *   three off. Türkiye (50.2) also has LNG and domestic gas, 14.27 + 0.807
 *   = 15.077 (never out here), Iran 9.6, Blue Stream 16, and TurkStream
 *   string 1's Turkish line 15.75. Both strings land at Kıyıköy, so with
 *   string 1's offshore line out, string 2 (15.75) carries Europe's 13.6
 *   ("Europe via TurkStream") and 2.15 for Türkiye. Nakhchivan (0.3) is
 *   reached only by the Julfa swap in 2023 (Iğdır-Nakhchivan opens in
 *   2025); China (42) by Central Asia-China, which never fails here.
 *
 *   Who gives up gas. "max" keeps the total at its maximum and puts a
 *   shortfall where delivery costs most. Per bcm from Türkgözü: Türkiye 2
 *   (two connectors), Greece 1811 + 878/3 + 1 = 2104.7, Bulgaria 1811 +
 *   878/3 + 182 = 2285.7, Italy 1811 + 878 = 2689; from Kıyıköy: Türkiye
 *   70, Europe via TurkStream 142 + 1 = 143. So Türkiye is served first,
 *   and what it lacks is taken from Italy, then Bulgaria, then Greece,
 *   then Europe via TurkStream.
 *
 *   Türkiye's need beyond LNG, domestic, Iran and Blue Stream:
 *     R = 50.2 - 15.077 - 9.6 [Iran up] - 16 [Blue Stream up]
 *       = 9.523, 19.123 (Iran out), 25.523 (Blue Stream out), 35.123 (both).
 *   With SCP, TANAP, TAP up it gets, at nobody's expense, 9.1 from SCP and
 *   15.75 (string 1 up) or 2.15 (string 1 out) from TurkStream; the gap
 *   G = R - 24.85 or R - 11.25 is taken as above:
 *     string 1 up,  Blue Stream out, Iran up:  G = 0.673: Italy 0.673
 *     string 1 up,  Blue Stream out, Iran out: G = 10.273: Italy 10,
 *                                              Bulgaria 0.273
 *     string 1 out, Blue Stream up, Iran out:  G = 7.873: Italy 7.873
 *     string 1 out, Blue Stream out, Iran up:  G = 14.273: Europe's 11.8,
 *                                              Europe via TurkStream 2.473
 *     string 1 out, both out:                  G = 23.873: 11.8 + 12.073
 *   With SCP up but TANAP or TAP out, Europe's 11.8 is lost and Türkiye
 *   gets all 20.9: only R - 20.9 - 2.15 > 0 with string 1 out hurts, and
 *   it is the same 2.473 and 12.073 from Europe via TurkStream. With SCP
 *   out, Georgia's 2.5 and Europe's 11.8 are lost; Türkiye gets at most
 *   string 1's Turkish line, 15.75, so it loses R - 15.75 = 3.373 (Iran
 *   out), 9.773 (Blue Stream out), 19.373 (both); with string 1 out it
 *   takes that 15.75 from string 2 first, and Europe via TurkStream loses
 *   min(13.6, R - 2.15): 7.373, or 13.6 if Iran or Blue Stream is out too.
 *   (Each of these states was also solved with efn flow: the same losses.)
 *
 *   The probabilities. Europe's chain broken: qE = 1 - 0.98^3 = 0.058808.
 *   With the black_sea group, string 1 and Blue Stream both out: pDD = pK +
 *   (1 - pK) pT pB = 0.010891; string 1 only: pDU = (1 - pK) pT (1 - pB) =
 *   0.028809; Blue Stream only: pUD = 0.028809; Blue Stream out at all: pBS
 *   = pDD + pUD = 0.0397. Iran's line out: pIr = 1 - 0.95 x 0.98 = 0.069.
 *   All independent of each other. Per consumer, loss: probability:
 *
 *     Georgia      2.5: pS = 0.02                       P 0.02, mean 0.05
 *     Nakhchivan   0.3: pI = 0.02                       P 0.02, mean 0.006
 *     Greece       0.48: qE + (1-qE) pDD = 0.069058522
 *                                              P 0.069058522, mean 0.033148091
 *     Bulgaria     1.32: 0.069058522; 0.273: (1-qE) pUD pIr = 0.001870921
 *                                              P 0.070929443, mean 0.091668011
 *     Italy        10: qE + (1-qE)(pDD + pUD pIr) = 0.070929443;
 *                  0.673: (1-qE) pUD (1-pIr) = 0.025243879;
 *                  7.873: (1-qE) pDU pIr = 0.001870921
 *                                              P 0.098044244, mean 0.741013326
 *     Türkiye      9.773: pS pBS (1-pIr) = 0.000739214;
 *                  3.373: pS (1-pBS) pIr = 0.001325214;
 *                  19.373: pS pBS pIr = 0.000054786
 *                                              P 0.002119214, mean 0.012755654
 *     Europe via   7.373: pS pDU (1-pIr) = 0.000536424;
 *     TurkStream   13.6: pS (pDD + pDU pIr) = 0.000257576;
 *                  2.473: (1-pS) pDD (1-pIr) = 0.009936731;
 *                  12.073: (1-pS) pDD pIr = 0.000736449
 *                                              P 0.011467180, mean 0.040922779
 *     China        never                             P 0, mean 0
 *
 *   Total mean 0.975507861 (the sum). No shortfall at all needs SCP, TANAP
 *   and TAP up, no IR event, Blue Stream up, and not string 1 out with
 *   Tabriz-Ankara's own failure: P(none) = (1-qE)(1-pI)(1 - pBS - pDU pR)
 *   = 0.941192 x 0.98 x 0.95885955, so P(some shortfall) = 0.115578481.
 *   Lines out: SCP 0.02, string 1 and Blue Stream 1 - 0.97 x 0.99 = 0.0397,
 *   Tabriz-Ankara's Iranian section 0.069, the Julfa swap 0.02.
 *   p95 (the ceil(0.95 n)-th smallest loss): Italy, Greece and Bulgaria
 *   lose their whole demand in 6.9-7.1% > 5% of years, so 10, 0.48, 1.32;
 *   every other consumer is short in under 5%, so 0.
 *
 *   The checks. An estimate must lie within 4 standard errors of its hand
 *   value, the standard error worked out from the distribution above:
 *   sqrt(P (1 - P) / n) for a probability, sqrt((sum p x^2 - mean^2) / n)
 *   for a mean (at n = 100,000: Italy 0.00817, Georgia 0.00111); for the
 *   total, 4 times the sum of the consumers' standard errors, a bound on
 *   its own (a standard deviation of a sum is at most the sum of theirs).
 *   Exact: China 0; the p95s; the base total 120.4; TAP on the minimum cut
 *   in exactly the samples it fails in (out, İpsala/Kipoi can no longer
 *   reach a market and Komotini can; intact, its sections either have room
 *   or lead only to markets served in full), and so the Julfa swap (no
 *   capacity, so never full); the same JSON from 1 and 2 workers.
 */
#include "example.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif

#define YEAR 2023
#define SEED 2023
#define SAMPLES 100000
#define SAMPLES_VALGRIND 10000
#define OVERLAY "corridor_risk.json"

/* ---- Reading numbers from the result's JSON text ---------------------- */

static size_t json_ws(const char *s, size_t i)
{
    while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
        i++;
    return i;
}

/* The end of the JSON value that starts at s[i] (text efn has read, so
 * valid). */
static size_t json_end(const char *s, size_t i)
{
    int depth = 0, in_string = 0;
    for (; s[i]; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                in_string = 0;
                if (depth == 0)
                    return i + 1;
            }
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return i;
            if (--depth == 0)
                return i + 1;
        } else if (depth == 0 && strchr(", \t\r\n", c)) {
            return i;
        }
    }
    return i;
}

/* Member `key` of the JSON object whose text is s: the key starts at *k,
 * its value spans [*v, *e). 0 when there is none. */
static int json_member(const char *s, const char *key, size_t *k, size_t *v,
                       size_t *e)
{
    size_t i = json_ws(s, 0), len = strlen(key);
    if (s[i] != '{')
        return 0;
    i = json_ws(s, i + 1);
    while (s[i] == '"') {
        size_t k0 = i, k1 = json_end(s, i);
        i = json_ws(s, k1);
        if (s[i] != ':')
            return 0;
        *v = json_ws(s, i + 1);
        *e = json_end(s, *v);
        if (k1 - k0 == len + 2 && strncmp(s + k0 + 1, key, len) == 0) {
            *k = k0;
            return 1;
        }
        i = json_ws(s, *e);
        if (s[i] == ',')
            i = json_ws(s, i + 1);
    }
    return 0;
}

/* A number at the top level of a JSON object's text; NaN when absent. */
static double json_number(const char *s, const char *key)
{
    size_t k, v, e;
    return json_member(s, key, &k, &v, &e) ? strtod(s + v, NULL) : NAN;
}

/* ---- The hand-worked values -------------------------------------------- */

typedef struct hand {
    const char *id;
    double loss[4], p[4]; /* its losses and their probabilities; p 0 ends */
    double p95;
} hand;

static double hand_p(const hand *h)
{
    double s = 0;
    int i;
    for (i = 0; i < 4; i++)
        s += h->p[i];
    return s;
}

static double hand_mean(const hand *h)
{
    double s = 0;
    int i;
    for (i = 0; i < 4; i++)
        s += h->p[i] * h->loss[i];
    return s;
}

static double hand_se(const hand *h, double n)
{
    double m = hand_mean(h), s2 = 0;
    int i;
    for (i = 0; i < 4; i++)
        s2 += h->p[i] * h->loss[i] * h->loss[i];
    return sqrt((s2 - m * m) / n);
}

static double se_p(double p, double n)
{
    return sqrt(p * (1 - p) / n);
}

/* Compares an estimate with its hand value: they may differ by `tol`. */
static void expect_within(const ex_args *a, const char *what, double computed,
                          double hand_value, double tol)
{
    if (!a->check)
        return;
    ex_checked++;
    printf("  %-44s %12.6g %12.6g %10.3g\n", what, computed, hand_value, tol);
    if (!(fabs(computed - hand_value) <= tol)) {
        ex_failures++;
        fprintf(stderr,
                "check failed: %s = %.10g, worked out by hand %.10g +- %.3g\n",
                what, computed, hand_value, tol);
    }
}

/* ---- The report --------------------------------------------------------- */

/* The node's name up to " (": "Italy", not "Italy (TAP exit ...)". */
static void print_short_name(const efn_network *net, size_t node, int width)
{
    efn_node_info info;
    char buf[64];
    const char *cut;
    size_t len;
    CHECK(efn_network_node(&info, net, node));
    cut = strstr(info.name, " (");
    len = cut ? (size_t)(cut - info.name) : strlen(info.name);
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, info.name, len);
    buf[len] = '\0';
    ex_pad(buf, width);
}

/* The active assets of the run with a route node in country `cc`. */
static void print_country_assets(const efn_risk *r, const efn_network *net,
                                 const char *cc)
{
    size_t i, k, node;
    int first = 1;
    efn_risk_asset ra;
    efn_asset_info ai;
    efn_node_info ni;
    for (i = 0; i < efn_risk_asset_count(r); i++) {
        CHECK(efn_risk_asset_get(&ra, r, i));
        CHECK(efn_network_asset(&ai, net, ra.asset));
        for (k = 0; k < ai.route_length; k++) {
            CHECK(efn_asset_route_node(&node, net, ra.asset, k));
            CHECK(efn_network_node(&ni, net, node));
            if (strcmp(ni.country, cc) == 0) {
                printf("%s%s", first ? "" : ", ", ai.id);
                first = 0;
                break;
            }
        }
    }
}

static int by_cut(const void *x, const void *y)
{
    const efn_risk_asset *a = x, *b = y;
    if (a->on_cut != b->on_cut)
        return a->on_cut < b->on_cut ? 1 : -1;
    if (a->failures != b->failures)
        return a->failures < b->failures ? 1 : -1;
    return a->asset < b->asset ? -1 : a->asset > b->asset;
}

static efn_risk *run(const efn_network *net, size_t samples, unsigned workers)
{
    efn_risk *r = NULL;
    efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
    opt.commodity = EFN_GAS;
    opt.year = YEAR;
    opt.mode = EFN_ALLOC_MAX;
    opt.samples = samples;
    opt.seed = SEED;
    opt.workers = workers;
    CHECK(efn_risk_run(&r, net, &opt));
    return r;
}

/* Takes "--samples N" out of argv; `dflt` when absent. */
static size_t samples_arg(int *argc, char **argv, size_t dflt)
{
    int i, j;
    for (i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--samples") != 0)
            continue;
        if (i + 1 >= *argc || strtod(argv[i + 1], NULL) < 1) {
            fprintf(stderr, "%s: --samples needs a count >= 1\n", argv[0]);
            exit(2);
        }
        dflt = (size_t)strtod(argv[i + 1], NULL);
        for (j = i; j + 2 <= *argc; j++)
            argv[j] = argv[j + 2];
        *argc -= 2;
        i--;
    }
    return dflt;
}

int main(int argc, char **argv)
{
    size_t samples =
        samples_arg(&argc, argv, UNDER_VALGRIND() ? SAMPLES_VALGRIND : SAMPLES);
    ex_args args = ex_parse_args(argc, argv);
    const double n = (double)samples;
    efn_network *base = ex_load_network(&args);
    efn_scenario *scn = ex_load_scenario(&args, OVERLAY);
    const efn_scenario *overlays[1] = {scn};
    efn_network *net = ex_apply(base, overlays, 1);
    char *json = NULL, buf[32];
    efn_risk *r;
    efn_risk_consumer c;
    efn_risk_event ev;
    efn_risk_asset *assets;
    size_t i, na, shortfalls;
    const char *unit = efn_commodity_unit(EFN_GAS);

    r = run(net, samples, 2);
    CHECK(efn_risk_to_json(&json, r));
    shortfalls = efn_risk_shortfall_samples(r);

    printf("%s\n\n", efn_scenario_name(scn));
    ex_print_wrapped(efn_scenario_description(scn), 2);

    printf("\nAssumptions (the overlay's risk object), a failed line out all "
           "year:\n");
    printf("  every line not named below: probability %g, rate %g per 1000 "
           "km-year\n",
           json_number(json, "default_outage_probability"),
           json_number(json, "outage_rate_per_1000km_year"));
    printf("  %-22s %-8s %11s %6s %14s\n", "event", "kind", "probability",
           "lines", "happened in");
    for (i = 0; i < efn_risk_event_count(r); i++) {
        CHECK(efn_risk_event_get(&ev, r, i));
        printf("  %-22s %-8s %11.4g %6zu %7s (%.2f%%)\n", ev.id,
               ev.kind == EFN_RISK_COUNTRY ? "country" : "group",
               ev.probability, ev.asset_count,
               ex_thousands(buf, (double)ev.occurrences),
               100.0 * (double)ev.occurrences / n);
        if (ev.kind == EFN_RISK_COUNTRY) {
            printf("    %s: ", ex_country_name(ev.id));
            print_country_assets(r, net, ev.id);
            printf("\n");
        }
    }

    printf("\nThe run: gas in %d, mode %s, %s sampled years, seed %llu, %u "
           "workers\n",
           efn_risk_year(r),
           efn_risk_mode(r) == EFN_ALLOC_MAX ? "max" : "shared",
           ex_thousands(buf, n), (unsigned long long)efn_risk_seed(r),
           efn_risk_workers(r));
    printf("  delivered with nothing failed   %8.5g %s\n",
           efn_risk_base_total(r), unit);
    printf("  years with a shortfall          %8s (%.2f%%)\n",
           ex_thousands(buf, (double)shortfalls),
           100.0 * (double)shortfalls / n);
    printf("  mean unserved, all markets      %8.4f %s (standard error %.4f)\n",
           efn_risk_mean_unserved_total(r), unit,
           efn_risk_se_unserved_total(r));

    printf("\nPer market, gas unserved in a year, %s\n", unit);
    ex_pad("", 32);
    printf("%6s %8s %8s %6s %6s %8s\n", "demand", "mean", "std err", "p95",
           "p99", "P(short)");
    for (i = 0; i < efn_risk_consumer_count(r); i++) {
        CHECK(efn_risk_consumer_get(&c, r, i));
        printf("  ");
        print_short_name(net, c.node, 30);
        printf("%6.4g %8.5f %8.5f %6.4g %6.4g %7.2f%%\n", c.demand,
               ex_shown(c.mean_unserved), c.se_unserved, ex_shown(c.p95),
               ex_shown(c.p99), 100 * c.p_shortfall);
    }

    na = efn_risk_asset_count(r);
    assets = malloc((na + 1) * sizeof *assets);
    if (!assets) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    for (i = 0; i < na; i++)
        CHECK(efn_risk_asset_get(&assets[i], r, i));
    qsort(assets, na, sizeof *assets, by_cut);
    printf("\nWhat binds: lines on the minimum cut in the %s years with a "
           "shortfall\n",
           ex_thousands(buf, (double)shortfalls));
    printf("  (out: its loss binds; intact: it is full)\n");
    printf("  %-24s %12s %16s %14s\n", "line", "out in", "on the cut in",
           "share of them");
    for (i = 0; i < na && (assets[i].on_cut > 0 || assets[i].failures > 0);
         i++) {
        char out_in[32];
        snprintf(out_in, sizeof out_in, "%.2f%%",
                 100.0 * (double)assets[i].failures / n);
        printf("  %-24s %12s %16s %13.1f%%\n",
               ex_asset_id(net, assets[i].asset), out_in,
               ex_thousands(buf, (double)assets[i].on_cut),
               100 * assets[i].cut_frequency);
    }

    {
        efn_risk_consumer ge, it, gr, tr, ets, nk;
        CHECK(efn_risk_consumer_find(&ge, r, ex_node(net, "georgia")));
        CHECK(efn_risk_consumer_find(&it, r, ex_node(net, "italy")));
        CHECK(efn_risk_consumer_find(&gr, r, ex_node(net, "greece")));
        CHECK(efn_risk_consumer_find(&tr, r, ex_node(net, "turkiye")));
        CHECK(efn_risk_consumer_find(&ets, r,
                                     ex_node(net, "europe_via_turkstream")));
        CHECK(efn_risk_consumer_find(&nk, r, ex_node(net, "nakhchivan")));
        printf("\n");
        ex_say(0,
               "Reading. Georgia hangs on one line: it goes short only when "
               "SCP fails, and then gets nothing (%.2f%% of years). Italy, "
               "Greece and Bulgaria hang on a chain of three, SCP, TANAP and "
               "TAP, any of which cuts them off, so each is short in at least "
               "1 - 0.98^3 = 5.9%% of years (Greece %.2f%%). Italy is short "
               "more often (%.2f%%) and loses the most, %.3f %s on "
               "average (%.1f%% of its demand), because the allocation serves "
               "the nearest market first: when Blue Stream or TurkStream "
               "string 1 is out, Türkiye makes up its gap with Azerbaijani "
               "gas at Türkgözü that would have gone on to Europe, and Italy, "
               "the farthest, gives it up first. Türkiye, with LNG, Iranian, "
               "two Russian and Azerbaijani supplies, goes short only when SCP "
               "fails together with Blue Stream or the Iranian line (%.2f%%), "
               "though then by 3 to 19 %s. Europe via TurkStream is hurt only "
               "when string 1 fails: Türkiye then draws on string 2 at "
               "Kıyıköy, beyond its spare 2.15 %s at Europe's expense "
               "(%.2f%%). Nakhchivan, reached only by the Iranian swap at "
               "Julfa, is short exactly in an Iranian cut-off (%.2f%%); the "
               "Central Asia-China line has no outage assumption, so China "
               "never is.",
               100 * ge.p_shortfall, 100 * gr.p_shortfall, 100 * it.p_shortfall,
               it.mean_unserved, unit, 100 * it.mean_unserved / it.demand,
               100 * tr.p_shortfall, unit, unit, 100 * ets.p_shortfall,
               100 * nk.p_shortfall);
        printf("\n");
        ex_say(0,
               "What it does not say. The probabilities are illustrative, not "
               "from outage records, and a failed line is out for the whole "
               "year, so the volumes are the loss of a year-long outage; "
               "storage, contract flexibility and repairs are not modelled. "
               "Who loses follows the \"max\" allocation's least cost, not "
               "contracts: with \"shared\" every market would give up the "
               "same fraction. The cut counts the years with any shortfall, "
               "Nakhchivan's and Georgia's included.");
    }

    if (args.check) {
        const double pS = 0.02, pN = 0.02, pP = 0.02, pT = 0.03, pB = 0.03,
                     pK = 0.01, pR = 0.05, pI = 0.02;
        const double qE = 1 - (1 - pS) * (1 - pN) * (1 - pP);
        const double pDD = pK + (1 - pK) * pT * pB;
        const double pDU = (1 - pK) * pT * (1 - pB);
        const double pUD = (1 - pK) * (1 - pT) * pB;
        const double pBS = pDD + pUD;
        const double pIr = 1 - (1 - pR) * (1 - pI);
        const double pGr = qE + (1 - qE) * pDD;
        hand h[] = {
            {"georgia", {2.5}, {pS}, 0},
            {"turkiye",
             {9.773, 3.373, 19.373},
             {pS * pBS * (1 - pIr), pS * (1 - pBS) * pIr, pS * pBS * pIr},
             0},
            {"nakhchivan", {0.3}, {pI}, 0},
            {"greece", {0.48}, {pGr}, 0.48},
            {"bulgaria", {1.32, 0.273}, {pGr, (1 - qE) * pUD * pIr}, 1.32},
            {"italy",
             {10, 0.673, 7.873},
             {qE + (1 - qE) * (pDD + pUD * pIr), (1 - qE) * pUD * (1 - pIr),
              (1 - qE) * pDU * pIr},
             10},
            {"europe_via_turkstream",
             {7.373, 13.6, 2.473, 12.073},
             {pS * pDU * (1 - pIr), pS * (pDD + pDU * pIr),
              (1 - pS) * pDD * (1 - pIr), (1 - pS) * pDD * pIr},
             0},
            {"china", {0}, {0}, 0},
        };
        const struct {
            const char *id;
            double p;
        } out[] = {{"scp", pS},
                   {"turkstream_1", 1 - (1 - pT) * (1 - pK)},
                   {"blue_stream_offshore", 1 - (1 - pB) * (1 - pK)},
                   {"tabriz_ankara_ir", pIr},
                   {"iran_nakhchivan_swap", pI}};
        double total = 0, total_se = 0, p_any;
        char what[96], *json1 = NULL;
        efn_risk *r1;
        efn_risk_asset ra;

        printf("\nCheck against the values worked out by hand (n = %s)\n",
               ex_thousands(buf, n));
        printf("  %-44s %12s %12s %10s\n", "figure", "estimate", "by hand",
               "allowed");
        for (i = 0; i < sizeof h / sizeof h[0]; i++) {
            double hp = hand_p(&h[i]), hm = hand_mean(&h[i]);
            CHECK(efn_risk_consumer_find(&c, r, ex_node(net, h[i].id)));
            total += hm;
            total_se += hand_se(&h[i], n);
            snprintf(what, sizeof what, "%s P(shortfall)", h[i].id);
            expect_within(&args, what, c.p_shortfall, hp, 4 * se_p(hp, n));
            snprintf(what, sizeof what, "%s mean unserved", h[i].id);
            expect_within(&args, what, c.mean_unserved, hm,
                          4 * hand_se(&h[i], n));
            snprintf(what, sizeof what, "%s p95", h[i].id);
            expect_within(&args, what, c.p95, h[i].p95, 1e-9);
        }
        expect_within(&args, "mean unserved, total",
                      efn_risk_mean_unserved_total(r), total, 4 * total_se);
        p_any = 1 - (1 - qE) * (1 - pI) * (1 - pBS - pDU * pR);
        expect_within(&args, "P(some shortfall)", (double)shortfalls / n, p_any,
                      4 * se_p(p_any, n));
        expect_within(&args, "delivered with nothing failed",
                      efn_risk_base_total(r), 120.4, 1e-6 * 120.4);
        for (i = 0; i < sizeof out / sizeof out[0]; i++) {
            size_t j, asset = ex_asset(net, out[i].id);
            for (j = 0; j < na; j++)
                if (assets[j].asset == asset)
                    break;
            if (j == na) {
                fprintf(stderr, "check failed: %s is not in the run\n",
                        out[i].id);
                ex_failures++;
                continue;
            }
            snprintf(what, sizeof what, "%s out", out[i].id);
            expect_within(&args, what, (double)assets[j].failures / n, out[i].p,
                          4 * se_p(out[i].p, n));
            if (strcmp(out[i].id, "iran_nakhchivan_swap") == 0) {
                snprintf(what, sizeof what, "%s: on the cut - out", out[i].id);
                expect_within(&args, what,
                              (double)assets[j].on_cut -
                                  (double)assets[j].failures,
                              0, 0);
            }
        }
        for (i = 0; i < na; i++) {
            CHECK(efn_risk_asset_get(&ra, r, i));
            if (ra.asset == ex_asset(net, "tap"))
                expect_within(&args, "tap: on the cut - out",
                              (double)ra.on_cut - (double)ra.failures, 0, 0);
        }
        r1 = run(net, samples, 1);
        CHECK(efn_risk_to_json(&json1, r1));
        expect_within(&args, "JSON of 1 and 2 workers differs",
                      strcmp(json, json1) != 0, 0, 0);
        efn_free(json1);
        efn_risk_free(r1);
    }

    free(assets);
    efn_free(json);
    efn_risk_free(r);
    efn_network_free(net);
    efn_scenario_free(scn);
    efn_network_free(base);
    return ex_finish(&args);
}
