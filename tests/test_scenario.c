/*
 * Scenario overlays on tests/data/small.json: every change kind, the base
 * left untouched, composition, and errors naming the change.
 */
#include <stdlib.h>

#include "check.h"

static const char *path_of(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", check_dir, name);
    return buf;
}

static double cap(const efn_network *net, const char *id, int year)
{
    double v = -1;
    CHECK_OK(efn_asset_quantity_get(&v, net, check_asset(net, id), EFN_CAPACITY,
                                    year));
    return v;
}

static double seg(const efn_network *net, const char *id, size_t s,
                  efn_asset_quantity w, int year)
{
    double v = -1;
    CHECK_OK(
        efn_segment_quantity_get(&v, net, check_asset(net, id), s, w, year));
    return v;
}

static efn_scenario *scenario_text(const char *text)
{
    efn_scenario *s = NULL;
    CHECK_OK(efn_scenario_load_buffer(&s, text, strlen(text), "inline.json"));
    return s;
}

static void test_expand(const efn_network *base)
{
    efn_scenario *s = NULL;
    efn_network *net = NULL;
    size_t i, owner;
    double v, share;
    efn_asset_info ai;
    char *before = NULL, *after = NULL;

    CHECK_OK(efn_network_to_json(&before, base, 0));
    CHECK_OK(efn_scenario_load(&s, path_of("expand.json")));
    if (!s)
        return;
    CHECK_STR(efn_scenario_name(s), "Expand g1");
    CHECK(efn_scenario_year(s) == 2028);
    CHECK(efn_scenario_change_count(s) == 11);
    CHECK_OK(efn_scenario_apply(&net, base, s));
    if (!net) {
        efn_scenario_free(s);
        return;
    }
    /* The result's year is the scenario's. */
    CHECK(efn_network_year(net) == 2028);
    /* Capacity from 2028 on; the earlier series kept: 7.41 in 2019, 16 in
     * 2027, 31 in 2028. */
    CHECK_NEAR(cap(net, "g1", 2019), 7.41, 1e-12);
    CHECK_NEAR(cap(net, "g1", 2027), 16, 0);
    CHECK_NEAR(cap(net, "g1", 2028), 31, 0);
    /* Segment b1-m1 was a constant 6; from 2028 it is 12. */
    CHECK_NEAR(seg(net, "g1", 2, EFN_CAPACITY, 2027), 6, 0);
    CHECK_NEAR(seg(net, "g1", 2, EFN_CAPACITY, 2028), 12, 0);
    CHECK_NEAR(seg(net, "g1", 0, EFN_FLOW, 2023), 20, 0);
    /* Supply replaced whole (no year): 31 in every year. */
    CHECK_OK(efn_network_find_node(&i, net, "f1"));
    CHECK_OK(efn_node_quantity_get(&v, net, i, EFN_SUPPLY, EFN_GAS, 2019));
    CHECK_NEAR(v, 31, 0);
    /* Stakes: the 2024 list until 2025, the new one from 2026. */
    CHECK_OK(
        efn_asset_stake(&owner, &share, net, check_asset(net, "g1"), 2025, 0));
    CHECK_NEAR(share, 30, 0);
    CHECK(efn_asset_stake_count(net, check_asset(net, "g1"), 2026) == 2);
    CHECK_OK(
        efn_asset_stake(&owner, &share, net, check_asset(net, "g1"), 2026, 0));
    CHECK_NEAR(share, 49, 0);
    /* prop1 is now operating, so active. */
    CHECK(efn_asset_is_active(net, check_asset(net, "prop1"), 2028));
    /* Added node, owner and asset; removed old1; grid1 disabled. */
    CHECK(efn_network_node_count(net) == 8);
    CHECK(efn_network_owner_count(net) == 7);
    CHECK(efn_network_asset_count(net) == 7); /* 7 + igb - old1 */
    CHECK_NEAR(cap(net, "igb", 2028), 3, 0);
    CHECK_ERR(efn_network_find_asset(&i, net, "old1"), EFN_ENOTFOUND,
              "no asset 'old1'");
    CHECK_OK(efn_network_asset(&ai, net, check_asset(net, "grid1")));
    CHECK(ai.enabled == 0);
    CHECK(!efn_asset_is_active(net, check_asset(net, "grid1"), 2028));

    /* The base is untouched. */
    CHECK_OK(efn_network_to_json(&after, base, 0));
    CHECK_STR(after, before);
    CHECK_NEAR(cap(base, "g1", 2028), 16, 0);
    CHECK(efn_network_asset_count(base) == 7);

    /* The result saves and reloads like a file, naming the scenario. */
    {
        char *text = NULL;
        efn_network *re = NULL;
        CHECK_OK(efn_network_to_json(&text, net, 1));
        CHECK(text && strstr(text, "\"applied_scenarios\""));
        CHECK(text && strstr(text, "\"Expand g1\""));
        CHECK_OK(efn_network_load_buffer(&re, text, strlen(text), "re"));
        if (re)
            CHECK_NEAR(cap(re, "g1", 2030), 31, 0);
        efn_network_free(re);
        efn_free(text);
    }
    efn_free(before);
    efn_free(after);
    efn_network_free(net);
    efn_scenario_free(s);
}

static void test_country_and_compose(const efn_network *base)
{
    efn_scenario *a = NULL, *b = NULL;
    efn_network *net = NULL, *step = NULL, *net2 = NULL;
    const efn_scenario *both[2];
    char *t1 = NULL, *t2 = NULL;
    CHECK_OK(efn_scenario_load(&a, path_of("expand.json")));
    CHECK_OK(efn_scenario_load(&b, path_of("cut_ge.json")));
    if (!a || !b)
        goto done;
    /* GE: every asset with a route node in Georgia (j1 or e1) is disabled,
     * then cable1 is enabled again: g1, oil1, new1, grid1 off. */
    CHECK_OK(efn_scenario_apply(&net, base, b));
    if (net) {
        CHECK(!efn_asset_is_active(net, check_asset(net, "g1"), 2023));
        CHECK(!efn_asset_is_active(net, check_asset(net, "oil1"), 2023));
        CHECK(efn_asset_is_active(net, check_asset(net, "cable1"), 2023));
        /* prop1 (f1 AZ -> m1 TR) does not cross Georgia; still proposed. */
        CHECK(!efn_asset_is_active(net, check_asset(net, "prop1"), 2023));
    }
    /* Applying A then B in one call equals applying them one by one. */
    both[0] = a;
    both[1] = b;
    CHECK_OK(efn_scenario_apply_all(&net2, base, both, 2));
    CHECK_OK(efn_scenario_apply(&step, base, a));
    efn_network_free(net);
    net = NULL;
    if (step)
        CHECK_OK(efn_scenario_apply(&net, step, b));
    if (net && net2) {
        CHECK_OK(efn_network_to_json(&t1, net, 0));
        CHECK_OK(efn_network_to_json(&t2, net2, 0));
        CHECK_STR(t1, t2);
        CHECK(efn_asset_is_active(net2, check_asset(net2, "prop1"), 2028));
    }
    /* Zero scenarios: a copy. */
    {
        efn_network *copy = NULL;
        CHECK_OK(efn_scenario_apply_all(&copy, base, NULL, 0));
        CHECK(copy && efn_network_asset_count(copy) == 7);
        efn_network_free(copy);
    }
done:
    efn_free(t1);
    efn_free(t2);
    efn_network_free(net);
    efn_network_free(net2);
    efn_network_free(step);
    efn_scenario_free(a);
    efn_scenario_free(b);
}

static void expect_apply_error(const efn_network *base, const char *text,
                               const char *needle)
{
    efn_scenario *s = scenario_text(text);
    efn_network *net = (efn_network *)&net;
    if (!s)
        return;
    CHECK_ERR(efn_scenario_apply(&net, base, s), EFN_EINVALID, needle);
    CHECK(net == NULL);
    efn_scenario_free(s);
}

#define SCN(changes)                                                           \
    "{\"efn\":1,\"kind\":\"scenario\",\"name\":\"t\",\"changes\":[" changes "]}"

/* A segment without a capacity of its own, set from a year on, keeps its
 * asset's before that year: g1's f1 -> j1 is 7.41 in 2019 and 16 in 2027
 * (g1's series), 20 from 2030. */
static void test_segment_from_year(const efn_network *base)
{
    const char *t = SCN("{\"op\":\"set\",\"target\":\"segment\",\"id\":"
                        "\"g1\",\"from\":\"f1\",\"to\":\"j1\",\"key\":"
                        "\"capacity\",\"value\":20,\"year\":2030}");
    efn_scenario *s = scenario_text(t);
    efn_network *net = NULL;
    if (!s)
        return;
    CHECK_OK(efn_scenario_apply(&net, base, s));
    if (net) {
        CHECK_NEAR(seg(net, "g1", 0, EFN_CAPACITY, 2019), 7.41, 1e-12);
        CHECK_NEAR(seg(net, "g1", 0, EFN_CAPACITY, 2027), 16, 0);
        CHECK_NEAR(seg(net, "g1", 0, EFN_CAPACITY, 2030), 20, 0);
    }
    efn_network_free(net);
    efn_scenario_free(s);
}

/* The network's own objects and an asset's outage probability: what a
 * risk scenario sets. The risk object is kept as given. */
static void test_network_keys(const efn_network *base)
{
    const char *t =
        SCN("{\"op\":\"set\",\"target\":\"network\",\"key\":\"risk\","
            "\"value\":{\"default_outage_probability\":0.05}},"
            "{\"op\":\"set\",\"target\":\"network\",\"key\":"
            "\"conventions\",\"value\":{\"oil_bbl_per_tonne\":7.5}},"
            "{\"op\":\"set\",\"target\":\"asset\",\"id\":\"g1\","
            "\"key\":\"outage_probability\",\"value\":0.02}");
    efn_scenario *s = scenario_text(t);
    efn_network *net = NULL;
    char *text = NULL;
    efn_conventions c;
    if (!s)
        return;
    CHECK_OK(efn_scenario_apply(&net, base, s));
    if (net) {
        efn_network_conventions(&c, net);
        CHECK_NEAR(c.oil_bbl_per_tonne, 7.5, 0);
        CHECK_OK(efn_network_to_json(&text, net, 0));
        CHECK(text && strstr(text, "\"risk\":{\"default_outage_probability\":"
                                   "0.05}"));
        CHECK(text && strstr(text, "\"outage_probability\":0.02"));
        efn_free(text);
    }
    efn_network_free(net);
    efn_scenario_free(s);
}

static void test_errors(const efn_network *base)
{
    efn_scenario *s = (efn_scenario *)&s;
    expect_apply_error(base,
                       SCN("{\"op\":\"disable\",\"target\":\"asset\",\"id\":"
                           "\"g1\"},{\"op\":\"set\",\"target\":\"asset\","
                           "\"id\":\"tanap2\",\"key\":\"capacity\","
                           "\"value\":1}"),
                       "inline.json: changes[1].id: no asset 'tanap2'");
    expect_apply_error(base,
                       SCN("{\"op\":\"set\",\"target\":\"node\",\"id\":\"f1\","
                           "\"key\":\"supply.coal\",\"value\":1}"),
                       "changes[0].key: cannot set 'supply.coal'");
    expect_apply_error(base,
                       SCN("{\"op\":\"remove\",\"target\":\"node\",\"id\":"
                           "\"j1\"}"),
                       "changes[0].id: node 'j1' is on the route of asset "
                       "'g1'");
    expect_apply_error(base,
                       SCN("{\"op\":\"remove\",\"target\":\"owner\",\"id\":"
                           "\"tpao\"}"),
                       "owner 'tpao' holds a stake in asset 'g1'");
    expect_apply_error(base,
                       SCN("{\"op\":\"remove\",\"target\":\"owner\",\"id\":"
                           "\"state_az\"}"),
                       "owner 'state_az' owns part of owner 'socar'");
    expect_apply_error(base,
                       SCN("{\"op\":\"disable\",\"target\":\"country\","
                           "\"id\":\"FR\"}"),
                       "changes[0].id: no asset crosses country 'FR'");
    expect_apply_error(base,
                       SCN("{\"op\":\"set\",\"target\":\"segment\",\"id\":"
                           "\"g1\",\"from\":\"m1\",\"to\":\"b1\",\"key\":"
                           "\"capacity\",\"value\":1}"),
                       "m1 -> b1 is not a segment of asset 'g1'");
    /* A change that leaves the network invalid is named, with the
     * network's own path. */
    expect_apply_error(base,
                       SCN("{\"op\":\"set\",\"target\":\"asset\",\"id\":"
                           "\"g1\",\"key\":\"capacity\",\"value\":1},{\"op\":"
                           "\"add\",\"target\":\"asset\",\"value\":{\"id\":"
                           "\"x\",\"commodity\":\"oil\",\"route\":[\"f1\","
                           "\"nowhere\"]}}"),
                       "small.json: assets[7].route[1]: unknown node "
                       "'nowhere'");
    CHECK(strstr(efn_last_error(),
                 "inline.json: changes[1]: the change leaves the network "
                 "invalid: ") == efn_last_error());
    expect_apply_error(base,
                       SCN("{\"op\":\"set\",\"target\":\"asset\",\"id\":"
                           "\"oil1\",\"key\":\"capacity\",\"value\":\"5 "
                           "bcm/y\"}"),
                       "assets[1].capacity: unit 'bcm/y' is a gas unit, not "
                       "a unit of oil");
    expect_apply_error(base,
                       SCN("{\"op\":\"set_stakes\",\"target\":\"asset\","
                           "\"id\":\"g1\",\"stakes\":[{\"owner\":\"bp\","
                           "\"share\":60},{\"owner\":\"tpao\",\"share\":"
                           "44.5}]}"),
                       "assets[0].stakes: shares sum to 104.5%, expected at "
                       "most 100%");
    expect_apply_error(base,
                       SCN("{\"op\":\"add\",\"target\":\"node\",\"value\":{"
                           "\"id\":\"f1\",\"kind\":\"field\",\"country\":"
                           "\"AZ\"}}"),
                       "nodes[7].id: duplicate node id 'f1'; first used by "
                       "nodes[0]");

    /* grid1 has no capacity (unbounded): from a year on cannot keep that
     * for the years before. */
    expect_apply_error(base,
                       SCN("{\"op\":\"set\",\"target\":\"asset\",\"id\":"
                           "\"grid1\",\"key\":\"capacity\",\"value\":3,"
                           "\"year\":2030}"),
                       "changes[0].year: asset 'grid1' has no capacity");
    expect_apply_error(base,
                       SCN("{\"op\":\"set\",\"target\":\"network\","
                           "\"key\":\"nodes\",\"value\":[]}"),
                       "changes[0].key: cannot set 'nodes' on the network");

    /* Form errors are found at load. */
    CHECK_ERR(efn_scenario_load_buffer(&s, SCN("{\"op\":\"explode\"}"),
                                       strlen(SCN("{\"op\":\"explode\"}")),
                                       "f.json"),
              EFN_EINVALID, "f.json: changes[0].op: unknown operation");
    CHECK(s == NULL);
    {
        const char *t = SCN("{\"op\":\"set\",\"target\":\"asset\",\"id\":"
                            "\"g1\",\"key\":\"name\",\"value\":\"x\","
                            "\"year\":2030}");
        efn_scenario *y = NULL;
        CHECK_OK(efn_scenario_load_buffer(&y, t, strlen(t), "y.json"));
        if (y) {
            efn_network *net = NULL;
            CHECK_ERR(efn_scenario_apply(&net, base, y), EFN_EINVALID,
                      "changes[0].year: 'name' is not a quantity");
        }
        efn_scenario_free(y);
    }
    {
        const char *t = "{\"efn\":1,\"kind\":\"network\",\"nodes\":[],"
                        "\"assets\":[]}";
        CHECK_ERR(efn_scenario_load_buffer(&s, t, strlen(t), "n.json"),
                  EFN_EINVALID, "n.json: kind: this file is not a scenario");
    }
    CHECK_ERR(efn_scenario_load(&s, path_of("missing.json")), EFN_EIO,
              "cannot open");
    CHECK_ERR(efn_scenario_apply(NULL, base, NULL), EFN_EARG, "out is NULL");
}

int main(int argc, char **argv)
{
    efn_network *base = NULL;
    check_dir = argc > 1 ? argv[1] : "tests/data";
    CHECK_OK(efn_network_load(&base, path_of("small.json")));
    if (!base)
        return check_finish("test_scenario");
    test_expand(base);
    test_country_and_compose(base);
    test_errors(base);
    test_network_keys(base);
    test_segment_from_year(base);
    efn_network_free(base);
    return check_finish("test_scenario");
}
