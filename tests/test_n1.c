/*
 * N-1 by removal and the EU infrastructure standard, worked by hand.
 */
#include <stdlib.h>

#include "check.h"

/*
 * The diamond of test_flow.c (max total 12). Removing, by hand:
 *   p1 (s1 -> a): only s2's 6 remain                      -> 6, loss 6
 *   p4 (b -> d2): d2 gets nothing, d1 still 8               -> 8, loss 4
 *   p5 (s2 -> b): s1's 9 alone: p2 5 + p3 4                 -> 9, loss 3
 *   p6 (b -> d1): d1 only through p2 (5), d2 4              -> 9, loss 3
 *   p3 (a -> b): a -> d1 5, s2's 6 through b                -> 11, loss 1
 *   p2 (a -> d1): b takes 6 from a and 6 from s2, serves 12 -> 12, loss 0
 *   p7 (b -> x): a dead end, no flow: not recomputed        -> 12, loss 0
 * Ranked by loss, ties in asset order: p1, p4, p5, p6, p3, p2, p7.
 * Standalone (each consumer alone): d1 8, d2 4. Losses: p1 costs d1 2
 * (s2's 6 via p6), p6 costs d1 3 (only p2's 5), p4 costs d2 4; no other
 * removal costs either one anything.
 */
static void test_diamond(void)
{
    static const char *order[] = {"p1", "p4", "p5", "p6", "p3", "p2", "p7"};
    static const double loss[] = {6, 4, 3, 3, 1, 0, 0};
    static const double d1_loss[] = {2, 0, 0, 3, 0, 0, 0};
    static const double d2_loss[] = {0, 4, 0, 0, 0, 0, 0};
    efn_network *net = check_load("flow_diamond.json");
    efn_n1 *n = NULL;
    efn_n1_entry e;
    size_t i, node, d1 = 0, d2 = 1;
    double v;
    if (!net)
        return;
    CHECK_OK(efn_n1_run(&n, net, NULL));
    if (!n) {
        efn_network_free(net);
        return;
    }
    CHECK_NEAR(efn_n1_base_total(n), 12, 1e-9);
    CHECK(efn_n1_entry_count(n) == 7);
    CHECK(efn_n1_consumer_count(n) == 2);
    CHECK_OK(efn_n1_consumer_get(&node, &v, n, d1));
    CHECK_NEAR(v, 8, 1e-9);
    CHECK_OK(efn_n1_consumer_get(&node, &v, n, d2));
    CHECK_NEAR(v, 4, 1e-9);
    for (i = 0; i < 7 && i < efn_n1_entry_count(n); i++) {
        CHECK_OK(efn_n1_entry_get(&e, n, i));
        CHECK_STR(e.id, order[i]);
        CHECK(e.kind == EFN_N1_ASSET);
        CHECK_NEAR(e.loss, loss[i], 1e-9);
        CHECK_NEAR(e.total_after, 12 - loss[i], 1e-9);
        CHECK_OK(efn_n1_consumer_loss(&v, n, i, d1));
        CHECK_NEAR(v, d1_loss[i], 1e-9);
        CHECK_OK(efn_n1_consumer_loss(&v, n, i, d2));
        CHECK_NEAR(v, d2_loss[i], 1e-9);
    }
    /* p7 carries no flow in any maximum flow: known without a solve. */
    CHECK_OK(efn_n1_entry_get(&e, n, 6));
    CHECK(e.recomputed == 0);
    CHECK_OK(efn_n1_entry_get(&e, n, 0));
    CHECK(e.recomputed == 1);
    CHECK_ERR(efn_n1_entry_get(&e, n, 7), EFN_ENOTFOUND, "out of range");
    {
        char *json = NULL;
        CHECK_OK(efn_n1_to_json(&json, n));
        CHECK(json && strstr(json, "\"id\":\t\"p1\""));
        efn_free(json);
    }
    efn_n1_free(n);

    /* Totals only: the same ranked losses (worked above), no consumers. */
    {
        efn_n1_options opt = EFN_N1_OPTIONS_INIT;
        opt.totals_only = 1;
        CHECK_OK(efn_n1_run(&n, net, &opt));
        if (n) {
            CHECK_NEAR(efn_n1_base_total(n), 12, 1e-9);
            CHECK(efn_n1_consumer_count(n) == 0);
            CHECK(efn_n1_entry_count(n) == 7);
            for (i = 0; i < 7 && i < efn_n1_entry_count(n); i++) {
                CHECK_OK(efn_n1_entry_get(&e, n, i));
                CHECK_STR(e.id, order[i]);
                CHECK_NEAR(e.loss, loss[i], 1e-9);
            }
            CHECK_ERR(efn_n1_consumer_loss(&v, n, 0, 0), EFN_ENOTFOUND,
                      "out of range");
            efn_n1_free(n);
        }
    }

    /* Nodes and countries. Country TR (b and d1) takes every line but p1:
     * nothing arrives, loss 12, the largest. Node d1 takes its own 8 of
     * demand: 4 left, loss 8. Node b: d2 cut off, d1 only via p2: 5, loss
     * 7. Country GE (node a): p1, p2, p3 go, s2's 6 reach b: loss 6. */
    {
        efn_n1_options opt = EFN_N1_OPTIONS_INIT;
        int seen = 0;
        opt.scope = EFN_N1_NODES | EFN_N1_COUNTRIES;
        CHECK_OK(efn_n1_run(&n, net, &opt));
        if (n) {
            CHECK_OK(efn_n1_entry_get(&e, n, 0));
            CHECK_STR(e.id, "TR");
            CHECK(e.kind == EFN_N1_COUNTRY);
            CHECK_NEAR(e.loss, 12, 1e-9);
            CHECK_OK(efn_n1_entry_get(&e, n, 1));
            CHECK_STR(e.id, "d1");
            CHECK_NEAR(e.loss, 8, 1e-9);
            CHECK_OK(efn_n1_entry_get(&e, n, 2));
            CHECK_STR(e.id, "b");
            CHECK(e.kind == EFN_N1_NODE);
            CHECK_NEAR(e.loss, 7, 1e-9);
            for (i = 0; i < efn_n1_entry_count(n); i++) {
                CHECK_OK(efn_n1_entry_get(&e, n, i));
                if (e.kind == EFN_N1_COUNTRY && strcmp(e.id, "GE") == 0) {
                    CHECK_NEAR(e.loss, 6, 1e-9);
                    seen = 1;
                }
            }
            CHECK(seen);
            efn_n1_free(n);
        }
    }
    efn_network_free(net);
}

/*
 * EU formula, tests/data/eu_n1.json, Türkiye in 2023:
 *   EPm  = a 16 bcm/y + b 6 bcm/y entering (bidirectional, routed out of
 *          TR) = 22000/365 = 60.2739726 mcm/d
 *   Pm   = 10 mcm/d, Sm = 5 mcm/d, LNGm = 10000/365 = 27.3972603 mcm/d
 *   Im   = a: 16000/365 = 43.8356164 mcm/d
 *   Dmax = no peak_demand in 2023: 36.5 bcm/y = 100 mcm/d x 2.0 = 200
 *   N-1  = (60.2739726 + 10 + 5 + 27.3972603 - 43.8356164) / 200 x 100
 *        = 29.4178082 %
 * In 2024 the market's peak_demand of 150 mcm/d applies:
 *   N-1  = 58.8356164 / 150 x 100 = 39.2237443 %
 */
static void test_eu(void)
{
    efn_network *net = check_load("eu_n1.json");
    efn_eu_n1 eu;
    size_t a;
    if (!net)
        return;
    CHECK_OK(efn_eu_n1_compute(&eu, net, "TR", 2023, 0));
    CHECK_STR(eu.country, "TR");
    CHECK_NEAR(eu.epm_mcm_d, 22000.0 / 365, 1e-9);
    CHECK_NEAR(eu.pm_mcm_d, 10, 1e-9);
    CHECK_NEAR(eu.sm_mcm_d, 5, 1e-9);
    CHECK_NEAR(eu.lngm_mcm_d, 10000.0 / 365, 1e-9);
    CHECK_NEAR(eu.im_mcm_d, 16000.0 / 365, 1e-9);
    CHECK_OK(efn_network_find_asset(&a, net, "a"));
    CHECK(eu.im_is_asset && eu.im_index == a);
    CHECK(eu.dmax_estimated);
    CHECK_NEAR(eu.peak_factor, 2.0, 0);
    CHECK_NEAR(eu.dmax_mcm_d, 200, 1e-9);
    CHECK_NEAR(eu.n1_percent, 29.4178082, 1e-6);
    CHECK_OK(efn_eu_n1_compute(&eu, net, "TR", 2024, 0));
    CHECK(!eu.dmax_estimated);
    CHECK_NEAR(eu.dmax_mcm_d, 150, 1e-9);
    CHECK_NEAR(eu.n1_percent, 39.2237443, 1e-6);
    /* A factor of 1.5 in 2023: Dmax 150 as well. */
    CHECK_OK(efn_eu_n1_compute(&eu, net, "TR", 2023, 1.5));
    CHECK_NEAR(eu.n1_percent, 39.2237443, 1e-6);
    {
        char *json = NULL;
        CHECK_OK(efn_eu_n1_to_json(&json, &eu, net));
        CHECK(json && strstr(json, "\"Im_from\":\t\"a\""));
        efn_free(json);
    }
    CHECK_ERR(efn_eu_n1_compute(&eu, net, "FR", 2023, 0), EFN_ENOTFOUND,
              "no node in country 'FR'");
    /* AZ has no demand: Dmax 0. */
    CHECK_ERR(efn_eu_n1_compute(&eu, net, "AZ", 2023, 0), EFN_EINVALID,
              "divides by Dmax");
    efn_network_free(net);
}

int main(int argc, char **argv)
{
    check_dir = argc > 1 ? argv[1] : "tests/data";
    test_diamond();
    test_eu();
    return check_finish("test_n1");
}
