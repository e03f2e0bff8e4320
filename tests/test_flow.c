/*
 * Flow analysis on networks small enough to solve by hand. The working is
 * in the comments; tests/data/flow_*.json hold the networks.
 */
#include <stdlib.h>

#include "check.h"
#include "flowcore.h"
#include "maxvalue.h"
#include "randnet.h"

static double delivered(const efn_flow *f, const efn_network *net,
                        const char *id)
{
    efn_flow_consumer c;
    memset(&c, 0, sizeof c);
    CHECK_OK(efn_flow_consumer_find(&c, f, check_node(net, id)));
    return c.delivered;
}

static double asset_flow(const efn_flow *f, const efn_network *net,
                         const char *id)
{
    size_t i, a;
    efn_flow_segment s;
    CHECK_OK(efn_network_find_asset(&a, net, id));
    for (i = 0; i < efn_flow_segment_count(f); i++) {
        CHECK_OK(efn_flow_segment_get(&s, f, i));
        if (s.asset == a)
            return s.flow;
    }
    return NAN;
}

/*
 * Diamond: s1 (10) -p1 9-> a; a -p2 5-> d1; a -p3 6-> b; s2 (6) -p5 10-> b;
 * b -p4 4-> d2; b -p6 10-> d1; d1 wants 8, d2 wants 7; p7 (b -> x) leads
 * nowhere.
 * d2 can get at most 4 (p4), d1 at most 8 (its demand): max total <= 12,
 * and 12 is reachable: d1 = 5 via p2 + 3 via p6, d2 = 4, b receives 6 from
 * s2 and 1 from a. Minimum cut {p4, demand of d1} = 4 + 8 = 12.
 * Least cost (lengths): s2's 6 units go 110 per unit (p5 + p4 or p6); s1
 * must send 6: 5 along p1+p2 (200) and 1 along p1+p3+p4/p6 (250). So p1 = 6,
 * p2 = 5, p3 = 1, p4 = 4, p5 = 6, p6 = 3; s1 spare 4.
 */
static void test_diamond(void)
{
    efn_network *net = check_load("flow_diamond.json");
    efn_flow *f = NULL;
    efn_flow_options opt = EFN_FLOW_OPTIONS_INIT;
    efn_cut_item cut;
    efn_flow_supplier sup;
    efn_flow_consumer con;
    efn_flow_asset fa;
    size_t p4;
    if (!net)
        return;
    CHECK_OK(efn_flow_run(&f, net, &opt));
    if (!f) {
        efn_network_free(net);
        return;
    }
    CHECK_NEAR(efn_flow_max_total(f), 12, 1e-9);
    CHECK_NEAR(efn_flow_delivered_total(f), 12, 1e-6);
    CHECK_NEAR(efn_flow_demand_total(f), 15, 0);
    CHECK_NEAR(efn_flow_supply_total(f), 16, 0);
    CHECK_NEAR(delivered(f, net, "d1"), 8, 1e-6);
    CHECK_NEAR(delivered(f, net, "d2"), 4, 1e-6);
    CHECK_OK(efn_flow_consumer_find(&con, f, check_node(net, "d2")));
    CHECK_NEAR(con.unmet, 3, 1e-6);
    CHECK_NEAR(con.fraction, 4.0 / 7.0, 1e-6);
    CHECK_NEAR(asset_flow(f, net, "p1"), 6, 1e-6);
    CHECK_NEAR(asset_flow(f, net, "p2"), 5, 1e-6);
    CHECK_NEAR(asset_flow(f, net, "p3"), 1, 1e-6);
    CHECK_NEAR(asset_flow(f, net, "p4"), 4, 1e-6);
    CHECK_NEAR(asset_flow(f, net, "p5"), 6, 1e-6);
    CHECK_NEAR(asset_flow(f, net, "p6"), 3, 1e-6);
    CHECK(efn_flow_supplier_count(f) == 2);
    CHECK_OK(efn_flow_supplier_get(&sup, f, 0));
    CHECK(sup.node == check_node(net, "s1"));
    CHECK_NEAR(sup.injected, 6, 1e-6);
    CHECK_NEAR(sup.spare, 4, 1e-6);
    /* Assets: p4 full (utilisation 1), p3 at 1/6. */
    CHECK(efn_flow_asset_count(f) == 7);
    CHECK_OK(efn_network_find_asset(&p4, net, "p4"));
    CHECK_OK(efn_flow_asset_get(&fa, f, 3));
    CHECK(fa.asset == p4);
    CHECK_NEAR(fa.utilisation, 1, 1e-6);
    CHECK_NEAR(fa.capacity, 4, 0);
    CHECK_OK(efn_flow_asset_get(&fa, f, 2));
    CHECK_NEAR(fa.utilisation, 1.0 / 6.0, 1e-6);
    /* The cut: segment p4 (b -> d2, 4) then the demand of d1 (8). */
    CHECK(efn_flow_cut_count(f) == 2);
    CHECK_OK(efn_flow_cut_get(&cut, f, 0));
    CHECK(cut.kind == EFN_CUT_SEGMENT && cut.asset == p4 && cut.segment == 0);
    CHECK(cut.from_node == check_node(net, "b") &&
          cut.to_node == check_node(net, "d2"));
    CHECK_NEAR(cut.capacity, 4, 0);
    CHECK_OK(efn_flow_cut_get(&cut, f, 1));
    CHECK(cut.kind == EFN_CUT_DEMAND && cut.node == check_node(net, "d1"));
    CHECK_NEAR(cut.capacity, 8, 0);
    CHECK_ERR(efn_flow_cut_get(&cut, f, 2), EFN_ENOTFOUND, "out of range");
    {
        char *json = NULL;
        CHECK_OK(efn_flow_to_json(&json, f));
        CHECK(json && strstr(json, "\"max_total\":\t12"));
        CHECK(json && strstr(json, "\"asset\":\t\"p4\""));
        efn_free(json);
    }
    efn_flow_free(f);

    /* Year with no supply or demand series entries: same constants. With
     * p4 disabled by a scenario, d2 gets nothing and d1 still 8. */
    {
        const char *t = "{\"efn\":1,\"kind\":\"scenario\",\"name\":\"x\","
                        "\"changes\":[{\"op\":\"disable\",\"target\":"
                        "\"asset\",\"id\":\"p4\"}]}";
        efn_scenario *s = NULL;
        efn_network *cut_net = NULL;
        CHECK_OK(efn_scenario_load_buffer(&s, t, strlen(t), "x"));
        CHECK_OK(efn_scenario_apply(&cut_net, net, s));
        if (cut_net) {
            CHECK_OK(efn_flow_run(&f, cut_net, &opt));
            if (f) {
                CHECK_NEAR(efn_flow_max_total(f), 8, 1e-9);
                CHECK_NEAR(delivered(f, cut_net, "d2"), 0, 1e-9);
            }
            efn_flow_free(f);
        }
        efn_network_free(cut_net);
        efn_scenario_free(s);
    }
    efn_network_free(net);
}

/*
 * Shared pipe: s (10) -trunk 6-> j -> c1 (wants 6, short line) and c2
 * (wants 3, long line); s3 (1) -> c3 (wants 4).
 * max: total = 6 (trunk) + 1 (s3) = 7; least cost sends the trunk's 6 to
 * c1 (10 + 10 per unit) rather than c2 (10 + 100): c1 6, c2 0, c3 1.
 * shared: first t with c1 = 6t, c2 = 3t, c3 = 4t: c3 <= 1 gives t = 1/4;
 * c3 cannot go beyond, so it is frozen at 1/4 (1 unit). Then c1 and c2 rise
 * together until 9t = 6, t = 2/3: c1 = 4, c2 = 2. Total 7.
 */
static void test_shared(void)
{
    efn_network *net = check_load("flow_shared.json");
    efn_flow *f = NULL;
    efn_flow_options opt = EFN_FLOW_OPTIONS_INIT;
    efn_flow_consumer c;
    if (!net)
        return;
    CHECK_OK(efn_flow_run(&f, net, &opt));
    if (f) {
        CHECK_NEAR(efn_flow_max_total(f), 7, 1e-9);
        CHECK_NEAR(delivered(f, net, "c1"), 6, 1e-6);
        CHECK_NEAR(delivered(f, net, "c2"), 0, 1e-6);
        CHECK_NEAR(delivered(f, net, "c3"), 1, 1e-6);
        /* Cut: trunk (6) and s3's supply (1). */
        CHECK(efn_flow_cut_count(f) == 2);
        efn_flow_free(f);
    }
    opt.mode = EFN_ALLOC_SHARED;
    CHECK_OK(efn_flow_run(&f, net, &opt));
    if (f) {
        CHECK(efn_flow_mode(f) == EFN_ALLOC_SHARED);
        CHECK_NEAR(efn_flow_max_total(f), 7, 1e-9);
        CHECK_NEAR(efn_flow_delivered_total(f), 7, 1e-6);
        CHECK_NEAR(delivered(f, net, "c1"), 4, 1e-6);
        CHECK_NEAR(delivered(f, net, "c2"), 2, 1e-6);
        CHECK_NEAR(delivered(f, net, "c3"), 1, 1e-6);
        CHECK_OK(efn_flow_consumer_find(&c, f, check_node(net, "c2")));
        CHECK_NEAR(c.fraction, 2.0 / 3.0, 1e-6);
        CHECK_OK(efn_flow_consumer_find(&c, f, check_node(net, "c3")));
        CHECK_NEAR(c.fraction, 0.25, 1e-6);
        CHECK_ERR(efn_flow_consumer_find(&c, f, check_node(net, "j")),
                  EFN_ENOTFOUND, "is not a consumer");
        efn_flow_free(f);
    }
    efn_network_free(net);
}

/*
 * Bidirectional: x (5) to y (wants 5) through "bi", routed y -> x with one
 * capacity of 3 either way, and "u", x -> y, 1. Max 4: bi carries 3 against
 * its route (flow -3), u carries 1; the cut is both lines.
 */
/* efn_flow_run probes its least-cost method on arcs placed straight from
 * the network (efn__fp_probe), before it builds the flow problem; the
 * probe on the problem's own workspace must see the same arcs, so the
 * same mean path, exactly. */
static int probe_agrees(const efn_network *net, int year)
{
    efn__fp fp;
    efn__mv mv;
    double placed = -1;
    int ok = 1;
    CHECK_OK(efn__fp_probe(net, EFN_GAS, year, &placed));
    CHECK_OK(efn__fp_build(&fp, net, EFN_GAS, year, NULL, NULL));
    if (fp.nsup && fp.ncons) {
        CHECK_OK(efn__fp_mv_init(&mv, &fp));
        mv.inf_cap = fp.supply_total + 1.0;
        CHECK_OK(efn__mv_probe(&mv, fp.source, fp.sink, fp.cap));
        ok = placed == mv.path_mean;
        CHECK_NEAR(placed, mv.path_mean, 0);
        efn__mv_free(&mv);
    } else { /* nothing to carry: no path */
        ok = placed == 0;
        CHECK_NEAR(placed, 0, 0);
    }
    efn__fp_free(&fp);
    return ok;
}

/*
 * Two long parallel lines from src (8 to give) to dst (wants 8), each of
 * 12 segments and capacity 5: a of 12 km (1 a segment), b of 24 km (2 a
 * segment). Maximum 8; least cost fills a (5) and sends the other 3 on b:
 * 5 x 12 + 3 x 24 = 132. Augmenting paths here run 14 arcs (super-source,
 * 12 segments, super-sink; test_mcf.c checks the probe on this graph),
 * beyond EFN_SCALING_PATHS, and the lengths are whole numbers: the
 * allocation is the cost-scaling one.
 */
static void test_ladder(void)
{
    efn_network *net = check_load("flow_ladder.json");
    efn_flow *f = NULL;
    double path_mean = -1;
    size_t e;
    if (!net)
        return;
    /* the probe efn_flow_run makes first, on the network's own arcs */
    CHECK_OK(efn__fp_probe(net, EFN_GAS, 0, &path_mean));
    CHECK_NEAR(path_mean, 14, 0);
    CHECK(path_mean > EFN_SCALING_PATHS);
    CHECK(probe_agrees(net, 0));
    CHECK_OK(efn_flow_run(&f, net, NULL));
    if (f) {
        CHECK_NEAR(efn_flow_max_total(f), 8, 1e-9);
        CHECK_NEAR(delivered(f, net, "dst"), 8, 1e-9);
        for (e = 0; e < efn_flow_segment_count(f); e++) {
            efn_flow_segment seg;
            size_t a;
            CHECK_OK(efn_flow_segment_get(&seg, f, e));
            CHECK_OK(efn_network_find_asset(&a, net, "a"));
            CHECK_NEAR(seg.flow, seg.asset == a ? 5 : 3, 1e-9);
        }
        CHECK(efn_flow_segment_count(f) == 24);
        efn_flow_free(f);
    }
    efn_network_free(net);
}

static void test_bidirectional(void)
{
    efn_network *net = check_load("flow_bidir.json");
    efn_flow *f = NULL;
    efn_cut_item c;
    if (!net)
        return;
    CHECK_OK(efn_flow_run(&f, net, NULL));
    if (f) {
        CHECK_NEAR(efn_flow_max_total(f), 4, 1e-9);
        CHECK_NEAR(asset_flow(f, net, "bi"), -3, 1e-6);
        CHECK_NEAR(asset_flow(f, net, "u"), 1, 1e-6);
        CHECK(efn_flow_segment_count(f) == 2);
        CHECK(efn_flow_cut_count(f) == 2);
        CHECK_OK(efn_flow_cut_get(&c, f, 0));
        /* The reverse edge is what is cut: x -> y. */
        CHECK(c.kind == EFN_CUT_SEGMENT);
        CHECK(c.from_node == check_node(net, "x") &&
              c.to_node == check_node(net, "y"));
        CHECK_NEAR(c.capacity, 3, 0);
        efn_flow_free(f);
    }
    efn_network_free(net);
}

/* Observed flows of tests/data/small.json in 2023: g1 f1-j1-b1-m1 carries
 * 10.26 on its first two segments and 5.6 on b1-m1 (its own figure);
 * no other active gas asset has an observed flow. So j1 balances, b1
 * receives 10.26 and sends 5.6 (imbalance 4.66, a junction-like border),
 * f1 injects 10.26 within its supply 13.3225, m1 withdraws 5.6 within its
 * demand 8. */
static void test_balance(void)
{
    efn_network *net = check_load("small.json");
    efn_balance *b = NULL;
    efn_balance_node bn;
    size_t i;
    if (!net)
        return;
    CHECK_OK(efn_balance_run(&b, net, EFN_GAS, 2023));
    if (b) {
        CHECK(efn_balance_node_count(b) == 4);
        CHECK(efn_balance_unobserved_count(b) == 1); /* grid1 */
        for (i = 0; i < efn_balance_node_count(b); i++) {
            CHECK_OK(efn_balance_node_get(&bn, b, i));
            if (bn.node == check_node(net, "b1")) {
                CHECK_NEAR(bn.inflow, 10.26, 1e-9);
                CHECK_NEAR(bn.outflow, 5.6, 1e-9);
                CHECK_NEAR(bn.imbalance, 4.66, 1e-9);
            } else if (bn.node == check_node(net, "f1")) {
                CHECK_NEAR(bn.injection, 10.26, 1e-9);
                CHECK_NEAR(bn.imbalance, 0, 0);
            } else if (bn.node == check_node(net, "m1")) {
                CHECK_NEAR(bn.withdrawal, 5.6, 1e-9);
                CHECK_NEAR(bn.imbalance, 0, 0);
            } else {
                CHECK(bn.node == check_node(net, "j1"));
                CHECK_NEAR(bn.imbalance, 0, 1e-12);
            }
        }
        efn_balance_free(b);
    }
    efn_network_free(net);
}

/* efn_flow_maximum: the diamond's 12 (worked above), the bidirectional
 * network's 4, and the value alone in every mode; nothing to carry in a
 * year before any asset or supply exists is 0. */
static void test_maximum(void)
{
    efn_network *net = check_load("flow_diamond.json");
    efn_flow_options opt = EFN_FLOW_OPTIONS_INIT;
    double v = -1;
    if (net) {
        CHECK_OK(efn_flow_maximum(net, NULL, &v));
        CHECK_NEAR(v, 12, 1e-9);
        opt.mode = EFN_ALLOC_SHARED;
        v = -1;
        CHECK_OK(efn_flow_maximum(net, &opt, &v));
        CHECK_NEAR(v, 12, 1e-9);
        opt.commodity = EFN_OIL; /* the diamond carries gas only */
        v = -1;
        CHECK_OK(efn_flow_maximum(net, &opt, &v));
        CHECK_NEAR(v, 0, 0);
        opt.commodity = (efn_commodity)42;
        CHECK_ERR(efn_flow_maximum(net, &opt, &v), EFN_EARG,
                  "unknown commodity 42");
        CHECK_NEAR(v, 0, 0);
        opt.commodity = EFN_GAS;
        opt.mode = (efn_allocation)7;
        CHECK_ERR(efn_flow_maximum(net, &opt, &v), EFN_EARG,
                  "unknown allocation mode 7");
        CHECK_ERR(efn_flow_maximum(net, NULL, NULL), EFN_EARG, "value is NULL");
        efn_network_free(net);
    }
    net = check_load("flow_bidir.json");
    if (net) {
        CHECK_OK(efn_flow_maximum(net, NULL, &v));
        CHECK_NEAR(v, 4, 1e-9);
        efn_network_free(net);
    }
    CHECK_ERR(efn_flow_maximum(NULL, NULL, &v), EFN_EARG, "net is NULL");
}

/* Unbounded segments (no capacity) through the value-only call, one way
 * and both ways: a supplies 10; a-b has no capacity, b-c carries 3; b
 * takes 4 and c 10. By hand: 4 + 3 = 7, the same as the least-cost
 * maximum flow; a bound standing in for +inf must not show. */
static void test_unbounded(void)
{
    const char *fmt =
        "{\"efn\": 1, \"kind\": \"network\", \"nodes\": ["
        "{\"id\": \"a\", \"kind\": \"field\", \"country\": \"AZ\", \"supply\": "
        "{\"gas\": 10}},"
        "{\"id\": \"b\", \"kind\": \"market\", \"country\": \"GE\", "
        "\"demand\": {\"gas\": 4}},"
        "{\"id\": \"c\", \"kind\": \"market\", \"country\": \"TR\", "
        "\"demand\": {\"gas\": 10}}],"
        "\"assets\": ["
        "{\"id\": \"ab\", \"commodity\": \"gas\", \"route\": [\"a\", \"b\"]%s},"
        "{\"id\": \"bc\", \"commodity\": \"gas\", \"route\": [\"b\", \"c\"],"
        " \"capacity\": 3}]}";
    const char *extra[2] = {"", ", \"bidirectional\": true"};
    int k;
    for (k = 0; k < 2; k++) {
        char text[1024];
        efn_network *net = NULL;
        efn_flow *f = NULL;
        efn_flow_options opt = EFN_FLOW_OPTIONS_INIT;
        double v = -1;
        snprintf(text, sizeof text, fmt, extra[k]);
        CHECK_OK(
            efn_network_load_buffer(&net, text, strlen(text), "unbounded"));
        if (!net)
            continue;
        CHECK_OK(efn_flow_maximum(net, NULL, &v));
        CHECK_NEAR(v, 7, 1e-9);
        CHECK_OK(efn_flow_run(&f, net, NULL));
        if (f)
            CHECK_NEAR(efn_flow_max_total(f), 7, 1e-9);
        efn_flow_free(f);
        f = NULL;
        /* fair shares: the maximum and cut of lib/maxvalue.c from the flow
         * problem, +inf read as the bound there */
        opt.mode = EFN_ALLOC_SHARED;
        CHECK_OK(efn_flow_run(&f, net, &opt));
        if (f)
            CHECK_NEAR(efn_flow_max_total(f), 7, 1e-9);
        efn_flow_free(f);
        efn_network_free(net);
    }
}

/* A random network as JSON text: segment capacities, unbounded assets,
 * both-ways assets, capacity series (some not yet in force in 2023), a
 * disabled node, suppliers and consumers. Returns the text's length. */
static size_t random_network(char *buf, size_t size)
{
    size_t nn = 4 + below(9), na = 3 + below(14), len = 0, i, k;
#define PUT(...)                                                               \
    len += (size_t)snprintf(buf + len, len < size ? size - len : 0, __VA_ARGS__)
    PUT("{\"efn\": 1, \"kind\": \"network\", \"nodes\": [");
    for (i = 0; i < nn; i++) {
        PUT("%s{\"id\": \"n%zu\", \"kind\": \"junction\", \"country\": \"AZ\"",
            i ? ", " : "", i);
        if (below(3) == 0)
            PUT(", \"supply\": {\"gas\": %zu}", 1 + below(20));
        if (below(2) == 0)
            PUT(", \"demand\": {\"gas\": %zu}", 1 + below(12));
        if (below(15) == 0)
            PUT(", \"enabled\": false");
        PUT("}");
    }
    PUT("], \"assets\": [");
    for (i = 0; i < na; i++) {
        size_t nr = 2 + below(3), route[4], r;
        route[0] = below(nn);
        for (r = 1; r < nr; r++) /* no node twice in a row */
            route[r] = (route[r - 1] + 1 + below(nn - 1)) % nn;
        PUT("%s{\"id\": \"a%zu\", \"commodity\": \"gas\", \"route\": [",
            i ? ", " : "", i);
        for (r = 0; r < nr; r++)
            PUT("%s\"n%zu\"", r ? ", " : "", route[r]);
        PUT("]");
        k = below(5);
        if (k == 1)
            PUT(", \"capacity\": {\"2020\": %zu, \"2025\": %zu}", below(9),
                1 + below(9));
        else if (k == 2)
            PUT(", \"capacity\": {\"2024\": %zu}", 1 + below(9));
        else if (k > 2)
            PUT(", \"capacity\": %zu", below(10));
        /* k == 0: no capacity, unbounded */
        if (below(3) == 0)
            PUT(", \"bidirectional\": true");
        if (below(4) == 0)
            PUT(", \"segments\": [{\"from\": \"n%zu\", \"to\": \"n%zu\", "
                "\"capacity\": %zu}]",
                route[0], route[1], below(6));
        PUT("}");
    }
    PUT("]}");
#undef PUT
    return len;
}

/* The value-only call places its solver's arcs straight from the network
 * (efn__fp_max_value); the least-cost maximum flow builds the whole flow
 * problem and solves it by another method. On 1,500 random networks, in
 * three years each, the two maxima agree, and so do the probes of the
 * least-cost method (probe_agrees). */
static void test_maximum_random(void)
{
    static const int years[3] = {2021, 2023, 2026};
    char text[8192];
    int t, y, failed = 0;
    rng_state = UINT64_C(0x9E3779B97F4A7C15);
    for (t = 0; t < 1500 && !failed; t++) {
        size_t len = random_network(text, sizeof text);
        efn_network *net = NULL;
        CHECK(len < sizeof text);
        CHECK_OK(efn_network_load_buffer(&net, text, len, "random"));
        if (!net) {
            failed = 1;
            continue;
        }
        for (y = 0; y < 3; y++) {
            efn_flow_options opt = EFN_FLOW_OPTIONS_INIT;
            efn_flow *f = NULL;
            double v = -1;
            opt.year = years[y];
            CHECK_OK(efn_flow_maximum(net, &opt, &v));
            CHECK_OK(efn_flow_run(&f, net, &opt));
            if (!probe_agrees(net, years[y]) ||
                (f && fabs(v - efn_flow_max_total(f)) > 1e-9 * (1 + v))) {
                CHECK_NEAR(v, efn_flow_max_total(f), 1e-9 * (1 + v));
                fprintf(stderr, "network %d, %d: %s\n", t, years[y], text);
                failed = 1;
            }
            efn_flow_free(f);
        }
        efn_network_free(net);
    }
}

static void test_errors(void)
{
    efn_flow *f = (efn_flow *)&f;
    efn_flow_options opt = EFN_FLOW_OPTIONS_INIT;
    efn_allocation m;
    CHECK_ERR(efn_flow_run(&f, NULL, &opt), EFN_EARG, "net is NULL");
    CHECK(f == NULL);
    CHECK_OK(efn_allocation_parse(&m, "shared"));
    CHECK(m == EFN_ALLOC_SHARED);
    CHECK_ERR(efn_allocation_parse(&m, "fair"), EFN_EINVALID,
              "unknown allocation mode 'fair'");
    CHECK_STR(efn_allocation_name(EFN_ALLOC_MAX), "max");
}

int main(int argc, char **argv)
{
    check_dir = argc > 1 ? argv[1] : "tests/data";
    test_diamond();
    test_shared();
    test_bidirectional();
    test_ladder();
    test_maximum();
    test_unbounded();
    test_maximum_random();
    test_balance();
    test_errors();
    return check_finish("test_flow");
}
