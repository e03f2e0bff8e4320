/*
 * Tracing by proportional sharing and the dependencies derived from it, on
 * networks worked by hand (tests/data/trace_*.json, flow_diamond.json).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "check.h"

/* The share of consumer `cons` from origin country `cc`. */
static double country_share(const efn_trace *t, const efn_network *net,
                            const char *cons, const char *cc)
{
    size_t j, c, n;
    double v, s;
    for (j = 0; j < efn_trace_consumer_count(t); j++) {
        CHECK_OK(efn_trace_consumer_get(&n, &v, t, j));
        if (n != check_node(net, cons))
            continue;
        for (c = 0; c < efn_trace_country_count(t); c++)
            if (strcmp(efn_trace_country(t, c), cc) == 0) {
                CHECK_OK(efn_trace_consumer_country(&v, &s, t, j, c));
                return s;
            }
        return 0;
    }
    return -1;
}

/* The share of a dependency item of `kind` for consumer `cons`, matched by
 * country, asset id or node id. */
static double dep_share(const efn_dependency *d, const efn_network *net,
                        const char *cons, efn_dep_kind kind, const char *key)
{
    size_t j, i;
    efn_dep_item it;
    if (efn_dependency_consumer_find(&j, d, check_node(net, cons)) != EFN_OK)
        return -1;
    for (i = 0; i < efn_dependency_item_count(d, j, kind); i++) {
        CHECK_OK(efn_dependency_item_get(&it, d, j, kind, i));
        if (it.country && strcmp(it.country, key) == 0)
            return it.share;
        if (it.asset != SIZE_MAX &&
            (kind == EFN_DEP_ASSET || kind == EFN_DEP_ENTRY ||
             kind == EFN_DEP_SPOF_ASSET) &&
            it.asset == check_asset(net, key))
            return it.share;
        if (kind == EFN_DEP_ENTRY && it.asset == SIZE_MAX &&
            strcmp(key, "domestic") == 0)
            return it.share;
        if (kind == EFN_DEP_SPOF_NODE && it.node == check_node(net, key))
            return it.share;
    }
    return 0;
}

/*
 * Observed: A (AZ) -6-> J (GE), B (RU) -4-> J; J -5-> C1 (TR), J -5-> C2
 * (GR); B -2-> C2. J's mix is 6/10 AZ, 4/10 RU. C1 takes 5 from J: 3 AZ,
 * 2 RU. C2 takes 5 from J and 2 from B: 3 AZ, 4 RU, shares 3/7 and 4/7.
 * Transit: all of C1's gas crossed Georgia; 5/7 of C2's. Assets: C1 60%
 * through a1, 40% through b1, all through j1; C2 5/7 j2, 3/7 a1, 2/7 b1,
 * 2/7 b2. Entry into C1's country: j1 only; into C2's: j2 5/7, b2 2/7.
 * HHI of origins: C1 60^2 + 40^2 = 5200; C2 (300/7)^2 + (400/7)^2 =
 * 250000/49 = 5102.04. HHI of entry routes for C2: (500/7)^2 + (200/7)^2 =
 * 290000/49 = 5918.37. Every path to C1 passes J and j1; C2 also has B-C2.
 */
static void test_diamond(void)
{
    efn_network *net = check_load("trace_diamond.json");
    efn_trace_options opt = EFN_TRACE_OPTIONS_INIT;
    efn_trace *t = NULL;
    efn_dependency *d = NULL;
    size_t j, n;
    double vol, hhi_o, hhi_e;
    if (!net)
        return;
    opt.source = EFN_TRACE_OBSERVED;
    CHECK_OK(efn_trace_run(&t, net, &opt));
    if (t) {
        CHECK(!efn_trace_cyclic(t));
        CHECK(efn_trace_unbalanced_count(t) == 0);
        CHECK(efn_trace_origin_count(t) == 2);
        CHECK(efn_trace_consumer_count(t) == 2);
        CHECK_NEAR(country_share(t, net, "C1", "AZ"), 0.6, 1e-12);
        CHECK_NEAR(country_share(t, net, "C1", "RU"), 0.4, 1e-12);
        CHECK_NEAR(country_share(t, net, "C2", "AZ"), 3.0 / 7, 1e-12);
        CHECK_NEAR(country_share(t, net, "C2", "RU"), 4.0 / 7, 1e-12);
        /* Segment j2 carries J's mix: 3 AZ of 5. */
        {
            size_t i, k, on;
            int implied;
            efn_trace_segment s;
            double v, sh, inj;
            for (i = 0; i < efn_trace_segment_count(t); i++) {
                CHECK_OK(efn_trace_segment_get(&s, t, i));
                if (s.asset != check_asset(net, "j2"))
                    continue;
                for (k = 0; k < efn_trace_origin_count(t); k++) {
                    CHECK_OK(efn_trace_origin_get(&on, &inj, &implied, t, k));
                    CHECK_OK(efn_trace_segment_origin(&v, &sh, t, i, k));
                    if (on == check_node(net, "A")) {
                        CHECK_NEAR(v, 3, 1e-12);
                        CHECK_NEAR(inj, 6, 1e-12);
                    }
                }
            }
        }
        efn_trace_free(t);
    }

    CHECK_OK(efn_dependency_run(&d, net, &opt));
    if (d) {
        CHECK_NEAR(dep_share(d, net, "C1", EFN_DEP_TRANSIT, "GE"), 1, 1e-12);
        CHECK_NEAR(dep_share(d, net, "C2", EFN_DEP_TRANSIT, "GE"), 5.0 / 7,
                   1e-12);
        /* Origin countries are not transit: RU for C2 is its supplier. */
        CHECK_NEAR(dep_share(d, net, "C2", EFN_DEP_TRANSIT, "RU"), 0, 0);
        CHECK_NEAR(dep_share(d, net, "C1", EFN_DEP_ASSET, "a1"), 0.6, 1e-12);
        CHECK_NEAR(dep_share(d, net, "C1", EFN_DEP_ASSET, "j1"), 1, 1e-12);
        CHECK_NEAR(dep_share(d, net, "C2", EFN_DEP_ASSET, "j2"), 5.0 / 7,
                   1e-12);
        CHECK_NEAR(dep_share(d, net, "C2", EFN_DEP_ASSET, "b1"), 2.0 / 7,
                   1e-12);
        CHECK_NEAR(dep_share(d, net, "C2", EFN_DEP_ASSET, "b2"), 2.0 / 7,
                   1e-12);
        CHECK_NEAR(dep_share(d, net, "C1", EFN_DEP_ENTRY, "j1"), 1, 1e-12);
        CHECK_NEAR(dep_share(d, net, "C2", EFN_DEP_ENTRY, "j2"), 5.0 / 7,
                   1e-12);
        CHECK_NEAR(dep_share(d, net, "C2", EFN_DEP_ENTRY, "b2"), 2.0 / 7,
                   1e-12);
        CHECK_NEAR(dep_share(d, net, "C1", EFN_DEP_SUPPLIER, "AZ"), 0.6, 1e-12);
        CHECK_OK(efn_dependency_consumer_find(&j, d, check_node(net, "C1")));
        CHECK_OK(efn_dependency_consumer_get(&n, &vol, &hhi_o, &hhi_e, d, j));
        CHECK_NEAR(vol, 5, 1e-12);
        CHECK_NEAR(hhi_o, 5200, 1e-8);
        CHECK_NEAR(hhi_e, 10000, 1e-8);
        /* C1: J and j1 dominate it; nothing else. */
        CHECK(efn_dependency_item_count(d, j, EFN_DEP_SPOF_NODE) == 1);
        CHECK_NEAR(dep_share(d, net, "C1", EFN_DEP_SPOF_NODE, "J"), 1, 0);
        CHECK(efn_dependency_item_count(d, j, EFN_DEP_SPOF_ASSET) == 1);
        CHECK_NEAR(dep_share(d, net, "C1", EFN_DEP_SPOF_ASSET, "j1"), 1, 0);
        CHECK_OK(efn_dependency_consumer_find(&j, d, check_node(net, "C2")));
        CHECK_OK(efn_dependency_consumer_get(&n, &vol, &hhi_o, &hhi_e, d, j));
        CHECK_NEAR(hhi_o, 250000.0 / 49, 1e-8);
        CHECK_NEAR(hhi_e, 290000.0 / 49, 1e-8);
        /* C2 has two ways in: no single point of failure. */
        CHECK(efn_dependency_item_count(d, j, EFN_DEP_SPOF_NODE) == 0);
        CHECK(efn_dependency_item_count(d, j, EFN_DEP_SPOF_ASSET) == 0);
        {
            char *json = NULL;
            CHECK_OK(efn_dependency_to_json(&json, d));
            CHECK(json && strstr(json, "\"hhi_origin\":\t5200"));
            efn_free(json);
        }
        efn_dependency_free(d);
    }
    efn_network_free(net);
}

/*
 * A cycle: X (AZ) -6-> Y, Wn (TM) -4-> Y, Y -2-> X, Y -8-> Z (TR). X's
 * injection is out - in = 6 - 2 = 4; Wn injects 4 without a supply (the
 * data do not explain it: an implied origin). With V the volumes by origin:
 *   V_X(x) = 4 + (2/10) V_Y(x),  V_Y(x) = V_X(x)      -> V_Y(x) = 5
 *   V_Y(w) = 4 + (6/6) V_X(w),   V_X(w) = (2/10) V_Y(w) -> V_Y(w) = 5
 * So Y, and Z after it, is half AZ, half TM: 4 and 4 of Z's 8.
 */
static void test_cycle(void)
{
    efn_network *net = check_load("trace_cycle.json");
    efn_trace_options opt = EFN_TRACE_OPTIONS_INIT;
    efn_trace *t = NULL;
    if (!net)
        return;
    opt.source = EFN_TRACE_OBSERVED;
    CHECK_OK(efn_trace_run(&t, net, &opt));
    if (t) {
        CHECK(efn_trace_cyclic(t));
        CHECK(efn_trace_unbalanced_count(t) == 1);
        CHECK_NEAR(country_share(t, net, "Z", "AZ"), 0.5, 1e-12);
        CHECK_NEAR(country_share(t, net, "Z", "TM"), 0.5, 1e-12);
        efn_trace_free(t);
    }
    efn_network_free(net);
}

/*
 * The computed least-cost flow of the diamond (test_flow.c): p1 6, p2 5,
 * p3 1, p4 4, p5 6, p6 3. Node a is all s1 (AZ); b takes 1 from a and 6
 * from s2 (RU): 1/7 AZ. d1 = 5 from a + 3 from b: AZ 5 + 3/7 = 38/7 of 8;
 * d2 = 4 from b: AZ 4/7 of 4, i.e. share 1/7.
 */
static void test_computed(void)
{
    efn_network *net = check_load("flow_diamond.json");
    efn_trace *t = NULL;
    if (!net)
        return;
    CHECK_OK(efn_trace_run(&t, net, NULL));
    if (t) {
        CHECK_NEAR(country_share(t, net, "d1", "AZ"), 38.0 / 7 / 8, 1e-7);
        CHECK_NEAR(country_share(t, net, "d2", "AZ"), 1.0 / 7, 1e-7);
        CHECK_NEAR(country_share(t, net, "d2", "RU"), 6.0 / 7, 1e-7);
        {
            char *json = NULL;
            CHECK_OK(efn_trace_to_json(&json, t));
            CHECK(json && strstr(json, "\"by_country\""));
            efn_free(json);
        }
        efn_trace_free(t);
    }
    efn_network_free(net);
}

/* An LNG terminal in TR whose cargoes come from Algeria: origin_country
 * makes the trace say DZ, while the node stays in TR. 3 of the market's 4
 * are Algerian; 1 comes from a TR field. */
static void test_origin_country(void)
{
    static const char text[] =
        "{\"efn\":1,\"kind\":\"network\",\"nodes\":["
        "{\"id\":\"lng\",\"kind\":\"lng\",\"country\":\"TR\","
        "\"origin_country\":\"DZ\",\"supply\":{\"gas\":3}},"
        "{\"id\":\"f\",\"kind\":\"field\",\"country\":\"TR\","
        "\"supply\":{\"gas\":1}},"
        "{\"id\":\"m\",\"kind\":\"market\",\"country\":\"TR\","
        "\"demand\":{\"gas\":4}}],\"assets\":["
        "{\"id\":\"a\",\"commodity\":\"gas\",\"route\":[\"lng\",\"m\"]},"
        "{\"id\":\"b\",\"commodity\":\"gas\",\"route\":[\"f\",\"m\"]}]}";
    efn_network *net = NULL;
    efn_trace *t = NULL;
    efn_node_info ni;
    CHECK_OK(efn_network_load_buffer(&net, text, sizeof text - 1, "lng"));
    if (!net)
        return;
    CHECK_OK(efn_network_node(&ni, net, 0));
    CHECK_STR(ni.country, "TR");
    CHECK_OK(efn_trace_run(&t, net, NULL));
    if (t) {
        CHECK_NEAR(country_share(t, net, "m", "DZ"), 0.75, 1e-9);
        CHECK_NEAR(country_share(t, net, "m", "TR"), 0.25, 1e-9);
        efn_trace_free(t);
    }
    efn_network_free(net);
    {
        static const char bad[] =
            "{\"efn\":1,\"kind\":\"network\",\"nodes\":[{\"id\":\"x\","
            "\"kind\":\"lng\",\"country\":\"TR\",\"origin_country\":"
            "\"algeria\"}],\"assets\":[]}";
        CHECK_ERR(efn_network_load_buffer(&net, bad, sizeof bad - 1, "b"),
                  EFN_EINVALID,
                  "b: nodes[0].origin_country: expected a country");
    }
}

/* A loop of observed flow that nothing feeds (A -> B -> A, 4) beside a
 * plain S -> D of 5: the loop carries no origin's volume and must not
 * make the trace fail; D's 5 is all from S. */
static void test_idle_circulation(void)
{
    static const char text[] =
        "{\"efn\":1,\"kind\":\"network\",\"metadata\":{\"year\":2023},"
        "\"nodes\":[{\"id\":\"A\",\"kind\":\"junction\",\"country\":"
        "\"AZ\"},{\"id\":\"B\",\"kind\":\"junction\",\"country\":\"GE\"},"
        "{\"id\":\"S\",\"kind\":\"field\",\"country\":\"AZ\",\"supply\":"
        "{\"gas\":5}},{\"id\":\"D\",\"kind\":\"market\",\"country\":"
        "\"TR\",\"demand\":{\"gas\":5}}],\"assets\":[{\"id\":\"loop\","
        "\"commodity\":\"gas\",\"route\":[\"A\",\"B\",\"A\"],\"flow\":4},"
        "{\"id\":\"sd\",\"commodity\":\"gas\",\"route\":[\"S\",\"D\"],"
        "\"flow\":5}]}";
    efn_network *net = NULL;
    efn_trace *t = NULL;
    efn_trace_options opt = EFN_TRACE_OPTIONS_INIT;
    opt.source = EFN_TRACE_OBSERVED;
    CHECK_OK(efn_network_load_buffer(&net, text, sizeof text - 1, "loop"));
    if (!net)
        return;
    CHECK_OK(efn_trace_run(&t, net, &opt));
    if (t) {
        CHECK(efn_trace_cyclic(t));
        CHECK_NEAR(country_share(t, net, "D", "AZ"), 1, 1e-12);
        efn_trace_free(t);
    }
    efn_network_free(net);
}

/* A flow traced against another network is refused, not misread. */
static void test_wrong_network(void)
{
    efn_network *a = check_load("flow_diamond.json"),
                *b = check_load("flow_shared.json");
    efn_flow *f = NULL;
    efn_trace *t = (efn_trace *)&t;
    if (a && b && efn_flow_run(&f, a, NULL) == EFN_OK) {
        CHECK_ERR(efn_trace_from_flow(&t, b, f), EFN_EARG,
                  "not computed on this network");
        CHECK(t == NULL);
    }
    efn_flow_free(f);
    efn_network_free(a);
    efn_network_free(b);
}

/* The trace of the observed flows of the network in `text`, loaded into
 * *net (both NULL on failure, which is checked). */
static efn_trace *observed_trace(efn_network **net, const char *text,
                                 size_t len, const char *name)
{
    efn_trace_options opt = EFN_TRACE_OPTIONS_INIT;
    efn_trace *t = NULL;
    CHECK_OK(efn_network_load_buffer(net, text, len, name));
    opt.source = EFN_TRACE_OBSERVED;
    if (*net)
        CHECK_OK(efn_trace_run(&t, *net, &opt));
    return t;
}

/* A deterministic generator for the random network below. */
static uint64_t dag_state = UINT64_C(88172645463325252);

static size_t dag_below(size_t n)
{
    dag_state ^= dag_state << 13;
    dag_state ^= dag_state >> 7;
    dag_state ^= dag_state << 17;
    return (size_t)(dag_state % n);
}

/*
 * A random acyclic network of observed flows (300 nodes, edges only from
 * lower to higher numbers, up to three in-edges a node, several edges
 * between some pairs), traced by the library and, independently here, by
 * the defining recursion evaluated densely in node order:
 *   P(i) = max(0, out - in), T(i) = P(i) + in,
 *   V(i, o) = P(i) [i = o] + sum over edges j -> i of f V(j, o) / T(j).
 * Every consumer's and every segment's volume from every origin must agree.
 */
static void test_random_dag(void)
{
    enum { N = 300, MAXE = 900 };
    static size_t from[MAXE], to[MAXE];
    static double f[MAXE], in[N], out[N], P[N], T[N], W[N];
    static double V[N][N]; /* V[i][o]: o indexes nodes */
    size_t ne = 0, i, e, k, j, len = 0, cap = 1 << 16;
    char *text = malloc(cap);
    efn_network *net = NULL;
    efn_trace *t = NULL;
    int bad = 0, implied;
    CHECK(text != NULL);
    if (!text)
        return;
    for (i = 1; i < N; i++) {
        size_t nin = 1 + dag_below(3);
        for (k = 0; k < nin && ne < MAXE; k++, ne++) {
            from[ne] = dag_below(i);
            to[ne] = i;
            f[ne] = 0.5 + (double)dag_below(1000) / 100;
        }
    }
#define PUT(...)                                                               \
    do {                                                                       \
        int w_ = snprintf(text + len, cap - len, __VA_ARGS__);                 \
        if (w_ < 0 || (size_t)w_ >= cap - len) {                               \
            char *g_ = realloc(text, cap *= 2);                                \
            CHECK(g_ != NULL);                                                 \
            if (!g_)                                                           \
                goto out;                                                      \
            text = g_;                                                         \
            continue;                                                          \
        }                                                                      \
        len += (size_t)w_;                                                     \
        break;                                                                 \
    } while (1)
    PUT("{\"efn\": 1, \"kind\": \"network\", \"metadata\": {\"year\": "
        "2023}, \"nodes\": [");
    for (i = 0; i < N; i++)
        PUT("%s{\"id\": \"n%zu\", \"kind\": \"junction\", \"country\": "
            "\"C%zu\"}",
            i ? ", " : "", i, i % 7);
    PUT("], \"assets\": [");
    for (e = 0; e < ne; e++)
        PUT("%s{\"id\": \"a%zu\", \"commodity\": \"gas\", \"route\": "
            "[\"n%zu\", \"n%zu\"], \"capacity\": 100, \"flow\": %.2f}",
            e ? ", " : "", e, from[e], to[e], f[e]);
    PUT("]}");
#undef PUT
    /* The recursion, densely, in node order (a topological order). */
    for (e = 0; e < ne; e++) {
        out[from[e]] += f[e];
        in[to[e]] += f[e];
    }
    for (i = 0; i < N; i++) {
        P[i] = out[i] > in[i] ? out[i] - in[i] : 0;
        W[i] = in[i] > out[i] ? in[i] - out[i] : 0;
        T[i] = P[i] + in[i];
        V[i][i] = P[i];
        for (e = 0; e < ne; e++) /* edges into i come from lower nodes */
            if (to[e] == i && T[from[e]] > 0)
                for (k = 0; k < N; k++)
                    V[i][k] += f[e] * V[from[e]][k] / T[from[e]];
    }
    if (!(t = observed_trace(&net, text, len, "random_dag")))
        goto out;
    CHECK(!efn_trace_cyclic(t));
    for (j = 0; j < efn_trace_consumer_count(t); j++) {
        size_t d, o;
        double vol, v, s, inj;
        bad += efn_trace_consumer_get(&d, &vol, t, j) != EFN_OK;
        bad += fabs(vol - W[d]) > 1e-9;
        for (k = 0; k < efn_trace_origin_count(t); k++) {
            double want;
            bad += efn_trace_origin_get(&o, &inj, &implied, t, k) != EFN_OK;
            want = T[d] > 0 ? W[d] * V[d][o] / T[d] : 0;
            if (fabs(want) < 1e-9) /* the library's noise floor */
                want = 0;
            bad += efn_trace_consumer_origin(&v, &s, t, j, k) != EFN_OK;
            if (fabs(v - want) > 1e-9 * (1 + want)) {
                if (bad < 5)
                    fprintf(stderr,
                            "consumer n%zu from n%zu: %.12g, want %.12g\n", d,
                            o, v, want);
                bad++;
            }
        }
    }
    for (e = 0; e < efn_trace_segment_count(t); e++) {
        efn_trace_segment sg;
        bad += efn_trace_segment_get(&sg, t, e) != EFN_OK;
        for (k = 0; k < efn_trace_origin_count(t); k++) {
            size_t o;
            double inj, v, s, want;
            bad += efn_trace_origin_get(&o, &inj, &implied, t, k) != EFN_OK;
            want = sg.flow * V[sg.from_node][o] / T[sg.from_node];
            if (fabs(V[sg.from_node][o]) < 1e-9)
                want = 0;
            bad += efn_trace_segment_origin(&v, &s, t, e, k) != EFN_OK;
            if (fabs(v - want) > 1e-9 * (1 + want)) {
                if (bad < 5)
                    fprintf(stderr,
                            "segment %zu from n%zu: %.12g, want %.12g\n", e, o,
                            v, want);
                bad++;
            }
        }
    }
    CHECK(bad == 0);
    CHECK(efn_trace_consumer_count(t) > 50 && efn_trace_origin_count(t) > 5);
out:
    efn_trace_free(t);
    efn_network_free(net);
    free(text);
}

/*
 * Traces of computed flows on random networks (both allocation modes),
 * checked against the defining recursion evaluated here, densely, from
 * the flow's own segments, suppliers and consumers (public API only):
 *   T(i) = P(i) + inflow(i),
 *   V(i, o) = P(i) [i = o] + sum over edges j -> i of f V(j, o) / T(j),
 * in a topological order found here by Kahn's algorithm. Every consumer's
 * and every segment's volume from every origin must agree, a volume
 * below 1e-9 being zero; the segments' ends and flows must be the flow's
 * (turned round where it runs against the route); and the JSON must name
 * each consumer's origins by their node ids. Nodes may both supply and
 * take; routes run through several nodes, some both ways.
 */
enum { RN = 48, RMAXE = 400 };

static int rand_net_text(char *text, size_t cap, size_t n, size_t seed)
{
    size_t len = 0, i, a, na = n + n / 2;
    int w;
    dag_state = UINT64_C(0x9E3779B97F4A7C15) ^ (seed * 7919 + 1);
#define PUTR(...)                                                              \
    do {                                                                       \
        w = snprintf(text + len, cap - len, __VA_ARGS__);                      \
        if (w < 0 || (size_t)w >= cap - len)                                   \
            return -1;                                                         \
        len += (size_t)w;                                                      \
    } while (0)
    PUTR("{\"efn\": 1, \"kind\": \"network\", \"metadata\": {\"year\": "
         "2023}, \"nodes\": [");
    for (i = 0; i < n; i++) {
        size_t r = dag_below(10);
        PUTR("%s{\"id\": \"n%zu\", \"kind\": \"junction\", \"country\": "
             "\"C%zu\"",
             i ? ", " : "", i, i % 5);
        if (r < 2 || r == 9)
            PUTR(", \"supply\": {\"gas\": %.1f}",
                 1 + (double)dag_below(90) / 10);
        if ((r >= 2 && r < 6) || r == 9)
            PUTR(", \"demand\": {\"gas\": %.2f}",
                 0.5 + (double)dag_below(400) / 100);
        PUTR("}");
    }
    PUTR("], \"assets\": [");
    for (a = 0; a < na; a++) {
        size_t nr = 2 + dag_below(3), k, at = dag_below(n);
        PUTR("%s{\"id\": \"a%zu\", \"commodity\": \"gas\", \"route\": [",
             a ? ", " : "", a);
        for (k = 0; k < nr; k++) {
            PUTR("%s\"n%zu\"", k ? ", " : "", at);
            at = (at + 1 + dag_below(n - 1)) % n; /* never the same twice */
        }
        PUTR("], \"capacity\": %.1f, \"length_km\": %zu%s}",
             0.5 + (double)dag_below(80) / 10, 10 + dag_below(300),
             dag_below(3) == 0 ? ", \"bidirectional\": true" : "");
    }
    PUTR("]}");
#undef PUTR
    return (int)len;
}

/* 1 when volume v is not `want` (the first few are shown). */
static int differs(double v, double want, int bad, size_t seed,
                   const char *what, size_t at, size_t origin)
{
    if (fabs(v - want) <= 1e-9 * (1 + want))
        return 0;
    if (bad < 5)
        fprintf(stderr, "seed %zu: %s %zu from n%zu: %.12g, want %.12g\n", seed,
                what, at, origin, v, want);
    return 1;
}

static void test_random_computed(void)
{
    static char text[1 << 16];
    static double V[RN][RN], P[RN], W[RN], T[RN];
    static size_t ef[RMAXE], et[RMAXE], order[RN], indeg[RN];
    static double fl[RMAXE];
    size_t seed, acyclic = 0, checked = 0;
    int bad = 0;
    for (seed = 0; seed < 120; seed++) {
        efn_network *net = NULL;
        efn_flow *f = NULL;
        efn_trace *t = NULL;
        efn_flow_options fo = EFN_FLOW_OPTIONS_INIT;
        size_t n = 12 + seed % (RN - 12), ne = 0, i, e, j, k, q, nq;
        int len = rand_net_text(text, sizeof text, n, seed);
        char *json = NULL;
        cJSON *doc = NULL, *cons, *c;
        CHECK(len > 0);
        if (len <= 0 || efn_network_load_buffer(&net, text, (size_t)len,
                                                "random") != EFN_OK) {
            CHECK(0);
            continue;
        }
        fo.mode = seed % 2 ? EFN_ALLOC_SHARED : EFN_ALLOC_MAX;
        CHECK_OK(efn_flow_run(&f, net, &fo));
        if (f)
            CHECK_OK(efn_trace_from_flow(&t, net, f));
        if (!t)
            goto next;
        /* The flow's edges, turned along their flow. */
        memset(P, 0, sizeof P);
        memset(W, 0, sizeof W);
        memset(indeg, 0, sizeof indeg);
        for (i = 0; i < efn_flow_segment_count(f) && ne < RMAXE; i++) {
            efn_flow_segment sg;
            efn_flow_segment_get(&sg, f, i);
            if (fabs(sg.flow) <= 1e-9)
                continue;
            ef[ne] = sg.flow > 0 ? sg.from_node : sg.to_node;
            et[ne] = sg.flow > 0 ? sg.to_node : sg.from_node;
            fl[ne++] = fabs(sg.flow);
        }
        CHECK(ne < RMAXE && ne == efn_trace_segment_count(t));
        for (i = 0; i < efn_flow_supplier_count(f); i++) {
            efn_flow_supplier s;
            efn_flow_supplier_get(&s, f, i);
            P[s.node] = s.injected > 1e-9 ? s.injected : 0;
        }
        for (i = 0; i < efn_flow_consumer_count(f); i++) {
            efn_flow_consumer c1;
            efn_flow_consumer_get(&c1, f, i);
            W[c1.node] = c1.delivered > 1e-9 ? c1.delivered : 0;
        }
        /* Kahn's algorithm over the edges. */
        for (e = 0; e < ne; e++)
            indeg[et[e]]++;
        for (i = 0, nq = 0; i < n; i++)
            if (!indeg[i])
                order[nq++] = i;
        for (q = 0; q < nq; q++)
            for (e = 0; e < ne; e++)
                if (ef[e] == order[q] && --indeg[et[e]] == 0)
                    order[nq++] = et[e];
        CHECK(efn_trace_cyclic(t) == (nq < n));
        if (nq < n)
            goto next;
        acyclic++;
        memset(V, 0, sizeof V);
        for (q = 0; q < n; q++) {
            size_t v = order[q];
            T[v] = P[v];
            for (e = 0; e < ne; e++)
                if (et[e] == v)
                    T[v] += fl[e];
            V[v][v] = P[v];
            for (e = 0; e < ne; e++)
                if (et[e] == v && T[ef[e]] > 0)
                    for (k = 0; k < n; k++)
                        V[v][k] += fl[e] * V[ef[e]][k] / T[ef[e]];
        }
        for (j = 0; j < efn_trace_consumer_count(t); j++) {
            size_t d, o;
            double vol, v, sh, inj;
            int implied;
            bad += efn_trace_consumer_get(&d, &vol, t, j) != EFN_OK;
            bad += fabs(vol - W[d]) > 1e-9;
            for (k = 0; k < efn_trace_origin_count(t); k++) {
                double want;
                bad += efn_trace_origin_get(&o, &inj, &implied, t, k) != EFN_OK;
                bad += fabs(inj - P[o]) > 1e-12 || implied;
                want = fabs(V[d][o]) < 1e-9 ? 0 : W[d] * V[d][o] / T[d];
                bad += efn_trace_consumer_origin(&v, &sh, t, j, k) != EFN_OK;
                bad += differs(v, want, bad, seed, "consumer", d, o);
                checked++;
            }
        }
        for (e = 0; e < efn_trace_segment_count(t); e++) {
            efn_trace_segment sg;
            bad += efn_trace_segment_get(&sg, t, e) != EFN_OK;
            bad += sg.from_node != ef[e] || sg.to_node != et[e] ||
                   fabs(sg.flow - fl[e]) > 1e-12;
            for (k = 0; k < efn_trace_origin_count(t); k++) {
                size_t o;
                double inj, v, sh, want;
                int implied;
                efn_trace_origin_get(&o, &inj, &implied, t, k);
                want = fabs(V[ef[e]][o]) < 1e-9
                           ? 0
                           : fl[e] * V[ef[e]][o] / T[ef[e]];
                bad += efn_trace_segment_origin(&v, &sh, t, e, k) != EFN_OK;
                bad += differs(v, want, bad, seed, "segment", e, o);
            }
        }
        /* The JSON names each consumer's origins by node id. */
        CHECK_OK(efn_trace_to_json(&json, t));
        doc = json ? cJSON_Parse(json) : NULL;
        CHECK(doc != NULL);
        cons = cJSON_GetObjectItem(doc, "consumers");
        j = 0;
        cJSON_ArrayForEach(c, cons)
        {
            size_t d;
            double vol;
            cJSON *x;
            efn_trace_consumer_get(&d, &vol, t, j++);
            cJSON_ArrayForEach(x, cJSON_GetObjectItem(c, "by_origin"))
            {
                const char *id =
                    cJSON_GetStringValue(cJSON_GetObjectItem(x, "origin"));
                size_t o = id ? (size_t)atoi(id + 1) : n;
                double want = o < n ? W[d] * V[d][o] / T[d] : -1;
                if (!id || o >= n || P[o] <= 0 ||
                    fabs(
                        cJSON_GetNumberValue(cJSON_GetObjectItem(x, "volume")) -
                        want) > 1e-9 * (1 + want)) {
                    if (bad < 5)
                        fprintf(stderr, "seed %zu: JSON origin %s of n%zu\n",
                                seed, id ? id : "?", d);
                    bad++;
                }
            }
        }
        CHECK(j == efn_trace_consumer_count(t));
    next:
        cJSON_Delete(doc);
        efn_free(json);
        efn_trace_free(t);
        efn_flow_free(f);
        efn_network_free(net);
    }
    CHECK(bad == 0);
    /* most least-cost and maximum flows here are acyclic */
    CHECK(acyclic > 60 && checked > 2000);
}

/*
 * Noise: a volume below 1e-9 is zero. A carries 2e-9 into M, B 100; M
 * sends 1 to C1 and the rest, 99.000000002, to C2. M's mix is A 2e-11,
 * B 1 - 2e-11. C1 takes 2e-11 from A: noise, so zero; C2 takes 1.98e-9
 * from A (worked by hand: 99.000000002 * 2e-9 / 100.000000002), kept.
 */
static void test_noise(void)
{
    static const char text[] =
        "{\"efn\": 1, \"kind\": \"network\", \"metadata\": {\"year\": 2023},"
        " \"nodes\": ["
        "{\"id\": \"A\", \"kind\": \"field\", \"country\": \"XA\"},"
        "{\"id\": \"B\", \"kind\": \"field\", \"country\": \"XB\"},"
        "{\"id\": \"M\", \"kind\": \"junction\", \"country\": \"XM\"},"
        "{\"id\": \"C1\", \"kind\": \"market\", \"country\": \"XC\"},"
        "{\"id\": \"C2\", \"kind\": \"market\", \"country\": \"XC\"}],"
        " \"assets\": ["
        "{\"id\": \"a\", \"commodity\": \"gas\", \"route\": [\"A\", \"M\"],"
        " \"capacity\": 1, \"flow\": 2e-9},"
        "{\"id\": \"b\", \"commodity\": \"gas\", \"route\": [\"B\", \"M\"],"
        " \"capacity\": 200, \"flow\": 100},"
        "{\"id\": \"c1\", \"commodity\": \"gas\", \"route\": [\"M\", \"C1\"],"
        " \"capacity\": 200, \"flow\": 1},"
        "{\"id\": \"c2\", \"commodity\": \"gas\", \"route\": [\"M\", \"C2\"],"
        " \"capacity\": 200, \"flow\": 99.000000002}]}";
    efn_network *net = NULL;
    efn_trace *t = NULL;
    size_t j, k, node, on;
    double vol, v, s, inj;
    int implied;
    if (!(t = observed_trace(&net, text, sizeof text - 1, "noise")))
        goto out;
    CHECK(efn_trace_origin_count(t) == 2 && efn_trace_consumer_count(t) == 2);
    for (j = 0; j < efn_trace_consumer_count(t); j++) {
        CHECK_OK(efn_trace_consumer_get(&node, &vol, t, j));
        for (k = 0; k < efn_trace_origin_count(t); k++) {
            CHECK_OK(efn_trace_origin_get(&on, &inj, &implied, t, k));
            CHECK_OK(efn_trace_consumer_origin(&v, &s, t, j, k));
            if (on != check_node(net, "A"))
                continue;
            if (node == check_node(net, "C1")) {
                CHECK(v == 0 && s == 0);
            } else {
                CHECK_NEAR(v, 99.000000002 * 2e-9 / 100.000000002, 1e-20);
                CHECK(v > 1e-9);
            }
        }
        /* by country: C1's gas is all B's */
        if (node == check_node(net, "C1")) {
            size_t c;
            for (c = 0; c < efn_trace_country_count(t); c++) {
                CHECK_OK(efn_trace_consumer_country(&v, &s, t, j, c));
                if (strcmp(efn_trace_country(t, c), "XA") == 0)
                    CHECK(v == 0 && s == 0);
            }
        }
    }
out:
    efn_trace_free(t);
    efn_network_free(net);
}

/*
 * A line of 20,000 segments from n0 to n20000, listed from the far end,
 * so that the search climbs the whole line at once. The line carries 5,
 * and 4 on its last segment: n0 puts in 5, n19999 takes 1 and n20000 4,
 * all of it n0's.
 */
static void test_long_line(void)
{
    enum { L = 20000 };
    size_t cap = 200 * (size_t)L + 4096, len = 0, i, node, on;
    char *text = malloc(cap);
    efn_network *net = NULL;
    efn_trace *t = NULL;
    double vol, v, s, inj;
    int implied, w, overflow = 0;
    CHECK(text != NULL);
    if (!text)
        return;
#define PUTL(...)                                                              \
    do {                                                                       \
        w = snprintf(text + len, cap - len, __VA_ARGS__);                      \
        if (w < 0 || (size_t)w >= cap - len) {                                 \
            overflow = 1;                                                      \
            goto out;                                                          \
        }                                                                      \
        len += (size_t)w;                                                      \
    } while (0)
    PUTL("{\"efn\": 1, \"kind\": \"network\", \"metadata\": {\"year\": "
         "2023}, \"nodes\": [");
    for (i = 0; i <= L; i++)
        PUTL("%s{\"id\": \"n%zu\", \"kind\": \"junction\", \"country\": "
             "\"%s\"}",
             i ? ", " : "", i, i == 0 ? "AA" : "ZZ");
    PUTL("], \"assets\": [");
    for (i = L; i-- > 0;)
        PUTL("%s{\"id\": \"s%zu\", \"commodity\": \"gas\", \"route\": "
             "[\"n%zu\", \"n%zu\"], \"capacity\": 10, \"flow\": %d}",
             i + 1 < L ? ", " : "", i, i, i + 1, i + 1 < L ? 5 : 4);
    PUTL("]}");
#undef PUTL
    if (!(t = observed_trace(&net, text, len, "line")))
        goto out;
    CHECK(!efn_trace_cyclic(t));
    CHECK(efn_trace_origin_count(t) == 1 && efn_trace_consumer_count(t) == 2);
    CHECK_OK(efn_trace_origin_get(&on, &inj, &implied, t, 0));
    CHECK(on == 0 && inj == 5);
    for (i = 0; i < efn_trace_consumer_count(t); i++) {
        CHECK_OK(efn_trace_consumer_get(&node, &vol, t, i));
        CHECK(node == (i == 0 ? L - 1 : L));
        CHECK(vol == (i == 0 ? 1 : 4));
        CHECK_OK(efn_trace_consumer_origin(&v, &s, t, i, 0));
        CHECK_NEAR(v, vol, 1e-12);
        CHECK_NEAR(s, 1, 1e-15);
    }
out:
    CHECK(!overflow);
    efn_trace_free(t);
    efn_network_free(net);
    free(text);
}

int main(int argc, char **argv)
{
    check_dir = argc > 1 ? argv[1] : "tests/data";
    test_idle_circulation();
    test_wrong_network();
    test_origin_country();
    test_diamond();
    test_cycle();
    test_computed();
    test_random_dag();
    test_random_computed();
    test_noise();
    test_long_line();
    return check_finish("test_trace");
}
