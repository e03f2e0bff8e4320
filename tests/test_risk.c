/*
 * Monte Carlo risk on networks small enough to work by hand. Each estimate
 * is checked against its exact value within 4 standard errors computed by
 * hand from the sample count (a false alarm about once in 16,000 runs,
 * and never for a fixed seed, since the result is reproducible); exact
 * properties (quantiles, cuts, reproducibility) are checked exactly.
 * `--quick` (valgrind, ThreadSanitizer) draws fewer samples.
 */
#include <stdlib.h>

#include "check.h"

static const char *dir;
static size_t scale = 1; /* sample counts are divided by this */

static efn_network *net_from(const char *name, const char *json)
{
    efn_network *net = NULL;
    CHECK_OK(efn_network_load_buffer(&net, json, strlen(json), name));
    return net;
}

static efn_risk *run(const efn_network *net, const efn_risk_options *opt)
{
    efn_risk *r = NULL;
    CHECK_OK(efn_risk_run(&r, net, opt));
    return r;
}

static efn_risk_consumer consumer(const efn_risk *r, const efn_network *net,
                                  const char *id)
{
    efn_risk_consumer c;
    size_t node = 0;
    memset(&c, 0, sizeof c);
    CHECK_OK(efn_network_find_node(&node, net, id));
    CHECK_OK(efn_risk_consumer_find(&c, r, node));
    return c;
}

static efn_risk_asset asset(const efn_risk *r, const efn_network *net,
                            const char *id)
{
    efn_risk_asset a;
    size_t idx = 0, i;
    memset(&a, 0, sizeof a);
    CHECK_OK(efn_network_find_asset(&idx, net, id));
    for (i = 0; i < efn_risk_asset_count(r); i++) {
        CHECK_OK(efn_risk_asset_get(&a, r, i));
        if (a.asset == idx)
            return a;
    }
    CHECK(!"asset not in the risk result");
    return a;
}

/* The standard error of a frequency p over n samples. */
static double se_p(double p, size_t n)
{
    return sqrt(p * (1 - p) / (double)n);
}

/*
 * Two parallel lines A (p = 0.1) and B (p = 0.2) from s to d, each able to
 * carry d's whole demand of 10. d goes short only when both fail:
 * P = 0.1 x 0.2 = 0.02, and then it gets nothing, so unserved is 10 with
 * probability 0.02: mean 0.2, standard error sqrt(0.02 x 0.98 / N) x 10.
 * p50 = p95 = 0 (98% of samples lose nothing); p99 = 10 (the top 2% lose
 * everything). In every shortfall both lines are on the minimum cut.
 */
static const char parallel_json[] =
    "{\"efn\": 1, \"kind\": \"network\","
    " \"metadata\": {\"title\": \"two parallel lines\", \"year\": 2023},"
    " \"nodes\": ["
    "  {\"id\": \"s\", \"kind\": \"field\", \"country\": \"AZ\","
    "   \"supply\": {\"gas\": 20}},"
    "  {\"id\": \"d\", \"kind\": \"market\", \"country\": \"TR\","
    "   \"demand\": {\"gas\": 10}}],"
    " \"assets\": ["
    "  {\"id\": \"A\", \"commodity\": \"gas\", \"route\": [\"s\", \"d\"],"
    "   \"capacity\": 10, \"length_km\": 100, \"outage_probability\": 0.1},"
    "  {\"id\": \"B\", \"commodity\": \"gas\", \"route\": [\"s\", \"d\"],"
    "   \"capacity\": 10, \"length_km\": 200, \"outage_probability\": 0.2}]}";

static void test_parallel(void)
{
    efn_network *net = net_from("parallel.json", parallel_json);
    efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
    efn_risk *r;
    efn_risk_consumer c;
    efn_risk_asset a, b;
    size_t n = 200000 / scale;
    double se;
    if (!net)
        return;
    opt.samples = n;
    opt.seed = 20231;
    opt.workers = 2;
    r = run(net, &opt);
    if (r) {
        CHECK(efn_risk_samples(r) == n);
        CHECK(efn_risk_samples_requested(r) == n);
        CHECK(!efn_risk_stopped_early(r));
        CHECK(efn_risk_seed(r) == 20231);
        CHECK(efn_risk_workers(r) == 2);
        CHECK_NEAR(efn_risk_base_total(r), 10, 0);
        c = consumer(r, net, "d");
        CHECK_NEAR(c.demand, 10, 0);
        CHECK_NEAR(c.base_delivered, 10, 0);
        se = se_p(0.02, n) * 10;
        CHECK_NEAR(c.mean_unserved, 0.2, 4 * se);
        CHECK_NEAR(c.p_shortfall, 0.02, 4 * se_p(0.02, n));
        /* The estimated SE is the sample's: sqrt(q (1 - q) / (n - 1)) x 10
         * for the observed frequency q, which is near the hand SE. */
        CHECK_NEAR(c.se_unserved,
                   sqrt(c.p_shortfall * (1 - c.p_shortfall) / (double)(n - 1)) *
                       10,
                   1e-9 * se);
        CHECK_NEAR(c.se_unserved, se, 4 * 0.5 * sqrt(0.98 / (0.02 * n)) * se);
        CHECK_NEAR(c.p50, 0, 0);
        CHECK_NEAR(c.p95, 0, 0);
        CHECK_NEAR(c.p99, 10, 0);
        CHECK_NEAR(efn_risk_mean_unserved_total(r), c.mean_unserved, 0);
        CHECK_NEAR(efn_risk_se_unserved_total(r), c.se_unserved, 0);
        CHECK_NEAR((double)efn_risk_shortfall_samples(r) / (double)n,
                   c.p_shortfall, 0);
        CHECK(efn_risk_asset_count(r) == 2);
        a = asset(r, net, "A");
        b = asset(r, net, "B");
        CHECK_NEAR(a.probability, 0.1, 0);
        CHECK_NEAR(b.probability, 0.2, 0);
        CHECK(a.source == EFN_RISK_FROM_ASSET);
        CHECK_NEAR((double)a.failures / (double)n, 0.1, 4 * se_p(0.1, n));
        CHECK_NEAR((double)b.failures / (double)n, 0.2, 4 * se_p(0.2, n));
        CHECK(a.on_cut == efn_risk_shortfall_samples(r));
        CHECK(b.on_cut == efn_risk_shortfall_samples(r));
        CHECK_NEAR(a.cut_frequency, 1, 0);
        CHECK_NEAR(b.cut_frequency, 1, 0);
        CHECK(efn_risk_event_count(r) == 0);
    }
    efn_risk_free(r);
    efn_network_free(net);
}

/*
 * In series: L1 (s -> j -> k, p = 0.1) then L2 (k -> d, p = 0). d loses its
 * 10 whenever L1 fails: P = 0.1, mean 1. L1 alone is on the cut (k still
 * reaches the sink through L2, j does not).
 */
static void test_series(void)
{
    static const char json[] =
        "{\"efn\": 1, \"kind\": \"network\", \"metadata\": {\"year\": 2023},"
        " \"nodes\": ["
        "  {\"id\": \"s\", \"kind\": \"field\", \"country\": \"AZ\","
        "   \"supply\": {\"gas\": 10}},"
        "  {\"id\": \"j\", \"kind\": \"junction\", \"country\": \"GE\"},"
        "  {\"id\": \"k\", \"kind\": \"junction\", \"country\": \"TR\"},"
        "  {\"id\": \"d\", \"kind\": \"market\", \"country\": \"TR\","
        "   \"demand\": {\"gas\": 10}}],"
        " \"assets\": ["
        "  {\"id\": \"L1\", \"commodity\": \"gas\", \"route\": [\"s\", \"j\","
        "   \"k\"], \"capacity\": 10, \"outage_probability\": 0.1},"
        "  {\"id\": \"L2\", \"commodity\": \"gas\", \"route\": [\"k\", \"d\"],"
        "   \"capacity\": 12, \"outage_probability\": 0}]}";
    efn_network *net = net_from("series.json", json);
    efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
    efn_risk *r;
    efn_risk_consumer c;
    efn_risk_asset l1, l2;
    size_t n = 20000 / scale;
    if (!net)
        return;
    opt.samples = n;
    opt.seed = 7;
    opt.workers = 3;
    r = run(net, &opt);
    if (r) {
        c = consumer(r, net, "d");
        CHECK_NEAR(c.p_shortfall, 0.1, 4 * se_p(0.1, n));
        CHECK_NEAR(c.mean_unserved, 1, 4 * se_p(0.1, n) * 10);
        CHECK_NEAR(c.p50, 0, 0);
        CHECK_NEAR(c.p95, 10, 0);
        l1 = asset(r, net, "L1");
        l2 = asset(r, net, "L2");
        CHECK(l1.failures == efn_risk_shortfall_samples(r));
        CHECK(l2.failures == 0);
        CHECK_NEAR(l1.cut_frequency, 1, 0);
        CHECK(l2.on_cut == 0);
    }
    efn_risk_free(r);
    efn_network_free(net);
}

/*
 * The parallel lines through Georgia: A via ga, B via gb. Georgia fails
 * with p_c = 0.05 and takes both lines: P(shortfall) = p_c + (1 - p_c) x
 * 0.02 = 0.069. With a listed group of both lines too (p_g = 0.03):
 * P = 1 - 0.95 x 0.97 x 0.98 = 0.096931. A country no line crosses (RU)
 * takes nothing down.
 */
static const char georgia_json[] =
    "{\"efn\": 1, \"kind\": \"network\", \"metadata\": {\"year\": 2023},"
    " \"risk\": {\"countries\": {\"GE\": 0.05, \"RU\": 0.5}%s},"
    " \"nodes\": ["
    "  {\"id\": \"s\", \"kind\": \"field\", \"country\": \"AZ\","
    "   \"supply\": {\"gas\": 20}},"
    "  {\"id\": \"ga\", \"kind\": \"junction\", \"country\": \"GE\"},"
    "  {\"id\": \"gb\", \"kind\": \"junction\", \"country\": \"GE\"},"
    "  {\"id\": \"d\", \"kind\": \"market\", \"country\": \"TR\","
    "   \"demand\": {\"gas\": 10}}],"
    " \"assets\": ["
    "  {\"id\": \"A\", \"commodity\": \"gas\", \"route\": [\"s\", \"ga\","
    "   \"d\"], \"capacity\": 10, \"outage_probability\": 0.1},"
    "  {\"id\": \"B\", \"commodity\": \"gas\", \"route\": [\"s\", \"gb\","
    "   \"d\"], \"capacity\": 10, \"outage_probability\": 0.2}]}";

static void test_country(void)
{
    char json[4096];
    efn_network *net;
    efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
    efn_risk *r;
    efn_risk_consumer c;
    efn_risk_event ev;
    size_t n = 40000 / scale;
    snprintf(json, sizeof json, georgia_json, "");
    net = net_from("georgia.json", json);
    if (!net)
        return;
    opt.samples = n;
    opt.seed = 11;
    opt.workers = 4;
    r = run(net, &opt);
    if (r) {
        c = consumer(r, net, "d");
        CHECK_NEAR(c.p_shortfall, 0.069, 4 * se_p(0.069, n));
        CHECK_NEAR(c.mean_unserved, 0.69, 4 * se_p(0.069, n) * 10);
        CHECK(efn_risk_event_count(r) == 2);
        CHECK_OK(efn_risk_event_get(&ev, r, 0));
        CHECK(ev.kind == EFN_RISK_COUNTRY);
        CHECK_STR(ev.id, "GE");
        CHECK_NEAR(ev.probability, 0.05, 0);
        CHECK(ev.asset_count == 2);
        CHECK_NEAR((double)ev.occurrences / (double)n, 0.05, 4 * se_p(0.05, n));
        CHECK_OK(efn_risk_event_get(&ev, r, 1));
        CHECK_STR(ev.id, "RU");
        CHECK(ev.asset_count == 0);
        CHECK_ERR(efn_risk_event_get(&ev, r, 2), EFN_ENOTFOUND, "out of range");
    }
    efn_risk_free(r);
    efn_network_free(net);

    snprintf(json, sizeof json, georgia_json,
             ", \"groups\": [{\"id\": \"both\", \"probability\": 0.03,"
             " \"assets\": [\"A\", \"B\", \"A\"]}]");
    net = net_from("georgia_group.json", json);
    if (!net)
        return;
    r = run(net, &opt);
    if (r) {
        c = consumer(r, net, "d");
        CHECK_NEAR(c.p_shortfall, 0.096931, 4 * se_p(0.096931, n));
        CHECK(efn_risk_event_count(r) == 3);
        CHECK_OK(efn_risk_event_get(&ev, r, 2));
        CHECK(ev.kind == EFN_RISK_GROUP);
        CHECK_STR(ev.id, "both");
        CHECK(ev.asset_count == 2); /* listed twice, counted once */
    }
    efn_risk_free(r);
    efn_network_free(net);
}

/*
 * Allocation in the samples. Trunk T (s -> j, 10, p = 0.3, 10 km) and a
 * bypass B (s -> j, 5, p = 0, 50 km); from j, c1 (demand 6, 10 km) and c2
 * (demand 4, 100 km). The base sends all 10 through T. When T fails only
 * 5 gets through:
 *   shared: both served half: c1 gets 3 (unserved 3), c2 gets 2 (2);
 *   max: least cost serves c1 first: c1 gets 5 (1), c2 gets 0 (4).
 * So P(shortfall) = 0.3 for both in both modes, and the 99th percentiles
 * are those conditional losses exactly.
 */
static void test_modes(void)
{
    static const char json[] =
        "{\"efn\": 1, \"kind\": \"network\", \"metadata\": {\"year\": 2023},"
        " \"nodes\": ["
        "  {\"id\": \"s\", \"kind\": \"field\", \"country\": \"AZ\","
        "   \"supply\": {\"gas\": 10}},"
        "  {\"id\": \"j\", \"kind\": \"junction\", \"country\": \"GE\"},"
        "  {\"id\": \"c1\", \"kind\": \"market\", \"country\": \"GE\","
        "   \"demand\": {\"gas\": 6}},"
        "  {\"id\": \"c2\", \"kind\": \"market\", \"country\": \"TR\","
        "   \"demand\": {\"gas\": 4}}],"
        " \"assets\": ["
        "  {\"id\": \"T\", \"commodity\": \"gas\", \"route\": [\"s\", \"j\"],"
        "   \"capacity\": 10, \"length_km\": 10, \"outage_probability\": 0.3},"
        "  {\"id\": \"B\", \"commodity\": \"gas\", \"route\": [\"s\", \"j\"],"
        "   \"capacity\": 5, \"length_km\": 50, \"outage_probability\": 0},"
        "  {\"id\": \"to1\", \"commodity\": \"gas\", \"route\": [\"j\","
        "   \"c1\"], \"capacity\": 10, \"length_km\": 10,"
        "   \"outage_probability\": 0},"
        "  {\"id\": \"to2\", \"commodity\": \"gas\", \"route\": [\"j\","
        "   \"c2\"], \"capacity\": 10, \"length_km\": 100,"
        "   \"outage_probability\": 0}]}";
    efn_network *net = net_from("modes.json", json);
    efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
    efn_risk *r;
    efn_risk_consumer c1, c2;
    size_t n = 2000 / scale;
    double tol = 4 * se_p(0.3, n);
    if (!net)
        return;
    opt.samples = n;
    opt.seed = 3;
    opt.workers = 2;
    opt.mode = EFN_ALLOC_SHARED;
    r = run(net, &opt);
    if (r) {
        CHECK(efn_risk_mode(r) == EFN_ALLOC_SHARED);
        c1 = consumer(r, net, "c1");
        c2 = consumer(r, net, "c2");
        CHECK_NEAR(c1.base_delivered, 6, 0);
        CHECK_NEAR(c1.p_shortfall, 0.3, tol);
        CHECK_NEAR(c2.p_shortfall, c1.p_shortfall, 0);
        CHECK_NEAR(c1.p99, 3, 1e-6);
        CHECK_NEAR(c2.p99, 2, 1e-6);
        CHECK_NEAR(c1.p50, 0, 0);
        CHECK_NEAR(c1.mean_unserved, 0.9, tol * 3);
        CHECK_NEAR(c2.mean_unserved, 0.6, tol * 2);
        CHECK_NEAR(asset(r, net, "T").cut_frequency, 1, 0);
        CHECK_NEAR(asset(r, net, "B").cut_frequency, 1, 0);
        CHECK(asset(r, net, "to1").on_cut == 0);
    }
    efn_risk_free(r);
    opt.mode = EFN_ALLOC_MAX;
    r = run(net, &opt);
    if (r) {
        c1 = consumer(r, net, "c1");
        c2 = consumer(r, net, "c2");
        CHECK_NEAR(c1.p_shortfall, 0.3, tol);
        CHECK_NEAR(c2.p_shortfall, c1.p_shortfall, 0);
        CHECK_NEAR(c1.p99, 1, 1e-6);
        CHECK_NEAR(c2.p99, 4, 1e-6);
        CHECK_NEAR(efn_risk_mean_unserved_total(r), 1.5, tol * 5);
    }
    efn_risk_free(r);
    efn_network_free(net);
}

/*
 * Where probabilities come from: the asset's own; else the rate over the
 * length, 1 - exp(-r L / 1000); else the default. Options override the
 * data, the data the library (0.31 per 1000 km-year for gas, 0.01).
 */
static void test_sources(void)
{
    static const char json[] =
        "{\"efn\": 1, \"kind\": \"network\", \"metadata\": {\"year\": 2023},"
        " %s"
        " \"nodes\": ["
        "  {\"id\": \"s\", \"kind\": \"field\", \"country\": \"AZ\","
        "   \"supply\": {\"gas\": 10, \"oil\": 10}},"
        "  {\"id\": \"d\", \"kind\": \"market\", \"country\": \"TR\","
        "   \"demand\": {\"gas\": 10, \"oil\": 10}}],"
        " \"assets\": ["
        "  {\"id\": \"own\", \"commodity\": \"gas\", \"route\": [\"s\","
        "   \"d\"], \"length_km\": 500, \"outage_probability\": 0.25},"
        "  {\"id\": \"long\", \"commodity\": \"gas\", \"route\": [\"s\","
        "   \"d\"], \"length_km\": 200},"
        "  {\"id\": \"bare\", \"commodity\": \"gas\", \"route\": [\"s\","
        "   \"d\"]},"
        "  {\"id\": \"oil\", \"commodity\": \"oil\", \"route\": [\"s\","
        "   \"d\"], \"length_km\": 200}]}";
    char text[4096];
    efn_network *net;
    efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
    efn_risk *r;
    efn_risk_asset a;

    snprintf(text, sizeof text, json, "");
    net = net_from("sources.json", text);
    if (!net)
        return;
    opt.samples = 1;
    opt.workers = 1;
    r = run(net, &opt);
    if (r) {
        a = asset(r, net, "own");
        CHECK_NEAR(a.probability, 0.25, 0);
        CHECK(a.source == EFN_RISK_FROM_ASSET);
        a = asset(r, net, "long");
        CHECK_NEAR(a.probability, 1 - exp(-0.31 * 0.2), 1e-15);
        CHECK(a.source == EFN_RISK_FROM_RATE);
        a = asset(r, net, "bare");
        CHECK_NEAR(a.probability, EFN_DEFAULT_OUTAGE_PROBABILITY, 0);
        CHECK(a.source == EFN_RISK_FROM_DEFAULT);
        CHECK(efn_risk_se_unserved_total(r) != efn_risk_se_unserved_total(r));
    }
    efn_risk_free(r);
    /* Options first. */
    opt.outage_rate_per_1000km_year = 0.5;
    opt.default_probability = 0.07;
    r = run(net, &opt);
    if (r) {
        CHECK_NEAR(asset(r, net, "long").probability, 1 - exp(-0.1), 1e-15);
        CHECK_NEAR(asset(r, net, "bare").probability, 0.07, 0);
        CHECK_NEAR(asset(r, net, "own").probability, 0.25, 0);
    }
    efn_risk_free(r);
    /* Oil has no library rate: the default applies. */
    opt = (efn_risk_options)EFN_RISK_OPTIONS_INIT;
    opt.samples = 1;
    opt.commodity = EFN_OIL;
    r = run(net, &opt);
    if (r) {
        CHECK(efn_risk_asset_count(r) == 1);
        a = asset(r, net, "oil");
        CHECK(a.source == EFN_RISK_FROM_DEFAULT);
        CHECK(efn_risk_commodity(r) == EFN_OIL);
    }
    efn_risk_free(r);
    efn_network_free(net);

    /* Then the data. */
    snprintf(text, sizeof text, json,
             "\"risk\": {\"outage_rate_per_1000km_year\": 1.5,"
             " \"default_outage_probability\": 0.03, \"note\": \"test\"},");
    net = net_from("sources_data.json", text);
    if (!net)
        return;
    opt = (efn_risk_options)EFN_RISK_OPTIONS_INIT;
    opt.samples = 1;
    r = run(net, &opt);
    if (r) {
        CHECK_NEAR(asset(r, net, "long").probability, 1 - exp(-0.3), 1e-15);
        CHECK_NEAR(asset(r, net, "bare").probability, 0.03, 0);
    }
    efn_risk_free(r);
    opt.commodity = EFN_OIL;
    r = run(net, &opt);
    if (r) {
        a = asset(r, net, "oil");
        CHECK(a.source == EFN_RISK_FROM_RATE);
        CHECK_NEAR(a.probability, 1 - exp(-0.3), 1e-15);
    }
    efn_risk_free(r);
    efn_network_free(net);
}

static char *json_of(const efn_network *net, const efn_risk_options *opt)
{
    efn_risk *r = run(net, opt);
    char *text = NULL;
    if (r)
        CHECK_OK(efn_risk_to_json(&text, r));
    efn_risk_free(r);
    return text;
}

/*
 * The same seed gives the same bits whatever the workers: the diamond of
 * tests/data/flow_diamond.json, every line failing at 2 incidents per
 * 1000 km-year (p from 0.02 to 0.18), several consumers, so that the
 * linear programs run in the samples; both modes.
 */
static int keep_going(size_t done, size_t total, void *user)
{
    (void)done;
    (void)total;
    ++*(size_t *)user;
    return 0;
}

static void test_reproducible(void)
{
    char path[4096];
    efn_network *net = NULL;
    efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
    char *one = NULL, *two = NULL, *four = NULL, *other = NULL;
    int mode;
    snprintf(path, sizeof path, "%s/flow_diamond.json", dir);
    CHECK_OK(efn_network_load(&net, path));
    if (!net)
        return;
    opt.outage_rate_per_1000km_year = 2;
    opt.samples = 3000 / scale + 7; /* a last batch that is not full */
    opt.seed = UINT64_C(18446744073709551557); /* above 2^53 */
    for (mode = 0; mode < 2; mode++) {
        opt.mode = mode ? EFN_ALLOC_SHARED : EFN_ALLOC_MAX;
        opt.workers = 1;
        one = json_of(net, &opt);
        opt.workers = 2;
        two = json_of(net, &opt);
        opt.workers = 4;
        four = json_of(net, &opt);
        opt.workers = 1;
        opt.seed ^= 1;
        other = json_of(net, &opt);
        opt.seed ^= 1;
        CHECK(one && two && four && other);
        if (one && two && four && other) {
            CHECK(strcmp(one, two) == 0);
            CHECK(strcmp(one, four) == 0);
            CHECK(strcmp(one, other) != 0);
        }
        /* With a progress callback the batches are smaller (256, against
         * 2048 without one): the same result, bit for bit. */
        {
            size_t calls = 0;
            char *watched;
            opt.workers = 2;
            opt.progress = keep_going;
            opt.progress_user = &calls;
            watched = json_of(net, &opt);
            opt.progress = NULL;
            opt.progress_user = NULL;
            CHECK(calls == (opt.samples + EFN_RISK_BATCH - 1) / EFN_RISK_BATCH);
            CHECK(watched && one && strcmp(one, watched) == 0);
            efn_free(watched);
        }
        if (one && two && four && other) {
            CHECK(strstr(one, "\"seed\":\t18446744073709551557") != NULL);
            CHECK(strstr(one, "\"workers\"") == NULL);
        }
        efn_free(one);
        efn_free(two);
        efn_free(four);
        efn_free(other);
    }
    efn_network_free(net);
}

/*
 * Early stop on the parallel lines: the relative standard error of the
 * mean total is 0.07 / sqrt(n / 256) after n / 256 batches (sqrt(0.98 /
 * 0.02 / n)), so a target of 0.2 stops it after a few batches.
 */
static void test_early_stop(void)
{
    efn_network *net = net_from("parallel.json", parallel_json);
    efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
    efn_risk *r;
    char *a = NULL, *b = NULL;
    if (!net)
        return;
    opt.samples = 1000000;
    opt.seed = 5;
    opt.target_rse = 0.2;
    opt.workers = 1;
    r = run(net, &opt);
    if (r) {
        size_t n = efn_risk_samples(r);
        CHECK(efn_risk_stopped_early(r));
        CHECK(n >= 2 * EFN_RISK_BATCH && n < 20 * EFN_RISK_BATCH);
        CHECK(n % EFN_RISK_BATCH == 0);
        CHECK(efn_risk_se_unserved_total(r) / efn_risk_mean_unserved_total(r) <
              0.2);
        CHECK(efn_risk_samples_requested(r) == 1000000);
        CHECK_OK(efn_risk_to_json(&a, r));
    }
    efn_risk_free(r);
    opt.workers = 3;
    r = run(net, &opt);
    if (r)
        CHECK_OK(efn_risk_to_json(&b, r));
    efn_risk_free(r);
    CHECK(a && b && strcmp(a, b) == 0);
    efn_free(a);
    efn_free(b);
    efn_network_free(net);

    /* Nothing ever fails: the mean stays 0 and every sample is drawn. */
    net = net_from("parallel.json", parallel_json);
    opt.samples = 600;
    opt.default_probability = 0;
    if (net) {
        efn_network *safe = NULL;
        static const char json[] =
            "{\"efn\": 1, \"kind\": \"network\", \"nodes\": ["
            " {\"id\": \"s\", \"kind\": \"field\", \"country\": \"AZ\","
            "  \"supply\": {\"gas\": 1}},"
            " {\"id\": \"d\", \"kind\": \"market\", \"country\": \"TR\","
            "  \"demand\": {\"gas\": 1}}], \"assets\": ["
            " {\"id\": \"x\", \"commodity\": \"gas\", \"route\": [\"s\","
            "  \"d\"]}]}";
        efn_network_free(net);
        safe = net_from("safe.json", json);
        r = safe ? run(safe, &opt) : NULL;
        if (r) {
            CHECK(efn_risk_samples(r) == 600);
            CHECK(!efn_risk_stopped_early(r));
            CHECK_NEAR(efn_risk_mean_unserved_total(r), 0, 0);
            CHECK_NEAR(efn_risk_se_unserved_total(r), 0, 0);
        }
        efn_risk_free(r);
        efn_network_free(safe);
    }
}

typedef struct progress_log {
    size_t calls, last_done, total, stop_at;
} progress_log;

static int on_progress(size_t done, size_t total, void *user)
{
    progress_log *log = user;
    log->calls++;
    log->last_done = done;
    log->total = total;
    return log->calls == log->stop_at;
}

static void test_progress_cancel(void)
{
    efn_network *net = net_from("parallel.json", parallel_json);
    efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
    efn_risk *r = (efn_risk *)&opt; /* must come back NULL */
    progress_log log = {0, 0, 0, 0};
    if (!net)
        return;
    opt.samples = 1000;
    opt.workers = 2;
    opt.progress = on_progress;
    opt.progress_user = &log;
    r = run(net, &opt);
    CHECK(log.calls == 4); /* 256, 512, 768, 1000 */
    CHECK(log.last_done == 1000 && log.total == 1000);
    efn_risk_free(r);

    memset(&log, 0, sizeof log);
    log.stop_at = 2;
    r = (efn_risk *)&opt;
    CHECK_ERR(efn_risk_run(&r, net, &opt), EFN_ECANCELLED,
              "cancelled by the progress callback after 512 of 1000");
    CHECK(r == NULL);
    CHECK(log.calls == 2);
    efn_network_free(net);
}

/* Bad risk data: EFN_EINVALID naming the file and the JSON path. */
static void test_bad_data(void)
{
    static const char base[] =
        "{\"efn\": 1, \"kind\": \"network\", %s \"nodes\": ["
        " {\"id\": \"s\", \"kind\": \"field\", \"country\": \"AZ\","
        "  \"supply\": {\"gas\": 1}},"
        " {\"id\": \"d\", \"kind\": \"market\", \"country\": \"TR\","
        "  \"demand\": {\"gas\": 1}}], \"assets\": ["
        " {\"id\": \"x\", \"commodity\": \"gas\", \"route\": [\"s\", \"d\"]},"
        " {\"id\": \"y\", \"commodity\": \"gas\", \"route\": [\"s\", \"d\"]"
        "  %s}]}";
    static const struct {
        const char *top, *asset, *expect;
    } cases[] = {
        {"\"risk\": 5,", "",
         "bad.json: risk: expected an object, got a number"},
        {"", ", \"outage_probability\": 1.5",
         "bad.json: assets[1].outage_probability: probability 1.5 is outside "
         "[0, 1]"},
        {"", ", \"outage_probability\": \"low\"",
         "bad.json: assets[1].outage_probability: expected a probability"},
        {"\"risk\": {\"countries\": {\"GE\": \"high\"}},", "",
         "bad.json: risk.countries.GE: expected a probability (a number from 0 "
         "to 1), got a string"},
        {"\"risk\": {\"countries\": [\"GE\"]},", "",
         "bad.json: risk.countries: expected an object"},
        {"\"risk\": {\"groups\": [{\"id\": \"g\", \"probability\": 0.1,"
         " \"assets\": [\"x\", \"zz\"]}]},",
         "", "bad.json: risk.groups[0].assets[1]: no asset 'zz'"},
        {"\"risk\": {\"groups\": [{\"id\": \"g\", \"assets\": []}]},", "",
         "bad.json: risk.groups[0].probability: missing"},
        {"\"risk\": {\"groups\": [{\"id\": \"g\", \"probability\": -0.1,"
         " \"assets\": []}]},",
         "", "bad.json: risk.groups[0].probability: probability -0.1"},
        {"\"risk\": {\"groups\": [{\"probability\": 0.1, \"assets\": []}]},",
         "", "bad.json: risk.groups[0]: expected a non-empty string 'id'"},
        {"\"risk\": {\"groups\": [{\"id\": \"g\", \"probability\": 0.1,"
         " \"assets\": []}, {\"id\": \"g\", \"probability\": 0.1,"
         " \"assets\": []}]},",
         "", "bad.json: risk.groups[1]: group id 'g' is used twice"},
        {"\"risk\": {\"groups\": [{\"id\": \"g\", \"probability\": 0.1,"
         " \"assets\": \"x\"}]},",
         "", "bad.json: risk.groups[0].assets: expected an array"},
        {"\"risk\": {\"groups\": [{\"id\": \"g\", \"probability\": 0.1,"
         " \"assets\": [], \"color\": 1}]},",
         "", "bad.json: risk.groups[0]: unknown key 'color'"},
        {"\"risk\": {\"groups\": {}},", "",
         "bad.json: risk.groups: expected an array"},
        {"\"risk\": {\"outage_rate_per_1000km_year\": -1},", "",
         "bad.json: risk.outage_rate_per_1000km_year: rate -1"},
        {"\"risk\": {\"outage_rate_per_1000km_year\": \"0.3\"},", "",
         "bad.json: risk.outage_rate_per_1000km_year: expected a number"},
        {"\"risk\": {\"default_outage_probability\": 2},", "",
         "bad.json: risk.default_outage_probability: probability 2"},
        {"\"risk\": {\"countrys\": {}},", "",
         "bad.json: risk: unknown key 'countrys'"},
    };
    efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
    size_t i;
    opt.samples = 1;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[2048];
        efn_network *net;
        efn_risk *r = (efn_risk *)&opt;
        snprintf(text, sizeof text, base, cases[i].top, cases[i].asset);
        net = net_from("bad.json", text);
        if (!net)
            continue;
        CHECK_ERR(efn_risk_run(&r, net, &opt), EFN_EINVALID, cases[i].expect);
        CHECK(r == NULL);
        efn_network_free(net);
    }
}

static void test_bad_options(void)
{
    efn_network *net = net_from("parallel.json", parallel_json);
    efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
    efn_risk *r = NULL;
    if (!net)
        return;
    CHECK_ERR(efn_risk_run(NULL, net, &opt), EFN_EARG, "out is NULL");
    CHECK_ERR(efn_risk_run(&r, NULL, &opt), EFN_EARG, "net is NULL");
    opt.samples = 0;
    CHECK_ERR(efn_risk_run(&r, net, &opt), EFN_EARG, "samples is 0");
    opt = (efn_risk_options)EFN_RISK_OPTIONS_INIT;
    opt.mode = (efn_allocation)7;
    CHECK_ERR(efn_risk_run(&r, net, &opt), EFN_EARG, "allocation mode 7");
    opt = (efn_risk_options)EFN_RISK_OPTIONS_INIT;
    opt.commodity = (efn_commodity)9;
    CHECK_ERR(efn_risk_run(&r, net, &opt), EFN_EARG, "unknown commodity");
    opt = (efn_risk_options)EFN_RISK_OPTIONS_INIT;
    opt.default_probability = 1.5;
    CHECK_ERR(efn_risk_run(&r, net, &opt), EFN_EARG, "default_probability");
    opt = (efn_risk_options)EFN_RISK_OPTIONS_INIT;
    opt.target_rse = -1;
    CHECK_ERR(efn_risk_run(&r, net, &opt), EFN_EARG, "target_rse");
    opt = (efn_risk_options)EFN_RISK_OPTIONS_INIT;
    opt.outage_rate_per_1000km_year = NAN;
    CHECK_ERR(efn_risk_run(&r, net, &opt), EFN_EARG, "outage_rate");
    CHECK(r == NULL);
    /* Accessors on NULL and out of range. */
    CHECK(efn_risk_samples(NULL) == 0);
    CHECK(efn_risk_consumer_count(NULL) == 0);
    efn_risk_free(NULL);
    r = run(net, NULL); /* NULL options: the defaults, all processors */
    if (r) {
        efn_risk_consumer c;
        char *text = NULL;
        CHECK(efn_risk_samples(r) == 10000);
        CHECK(efn_risk_workers(r) >= 1);
        CHECK_ERR(efn_risk_consumer_get(&c, r, 1), EFN_ENOTFOUND,
                  "out of range");
        CHECK_ERR(efn_risk_consumer_find(&c, r, 0), EFN_ENOTFOUND,
                  "not a consumer");
        CHECK_OK(efn_risk_to_json(&text, r));
        CHECK(text && strstr(text, "\"analysis\":\t\"risk\""));
        efn_free(text);
    }
    efn_risk_free(r);
    efn_network_free(net);
}

int main(int argc, char **argv)
{
    dir = argc > 1 ? argv[1] : "tests/data";
    if (argc > 2 && strcmp(argv[2], "--quick") == 0)
        scale = 10;
    test_parallel();
    test_series();
    test_country();
    test_modes();
    test_sources();
    test_reproducible();
    test_early_stop();
    test_progress_cancel();
    test_bad_data();
    test_bad_options();
    return check_finish("risk");
}
