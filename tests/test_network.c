/*
 * Loading and querying the model: tests/data/small.json, values worked out
 * by hand from the file (comments give the arithmetic).
 */
#include <stdlib.h>

#include "check.h"

static const char *data_dir;

static char *path_of(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", data_dir, name);
    return buf;
}

static double nq(const efn_network *net, const char *id, efn_node_quantity w,
                 efn_commodity c, int year)
{
    double v = -1;
    CHECK_OK(efn_node_quantity_get(&v, net, check_node(net, id), w, c, year));
    return v;
}

static double aq(const efn_network *net, const char *id, efn_asset_quantity w,
                 int year)
{
    double v = -1;
    CHECK_OK(efn_asset_quantity_get(&v, net, check_asset(net, id), w, year));
    return v;
}

static void test_counts_and_info(const efn_network *net)
{
    efn_node_info ni;
    efn_asset_info ai;
    efn_owner_info oi;
    size_t i;
    CHECK(efn_network_node_count(net) == 7);
    CHECK(efn_network_asset_count(net) == 7);
    CHECK(efn_network_owner_count(net) == 6);
    CHECK_STR(efn_network_title(net), "Small test network");
    CHECK(efn_network_year(net) == 2023);

    CHECK_OK(efn_network_node(&ni, net, check_node(net, "f1")));
    CHECK_STR(ni.id, "f1");
    CHECK_STR(ni.name, "Field one");
    CHECK(ni.kind == EFN_NODE_FIELD);
    CHECK_STR(ni.country, "AZ");
    CHECK(ni.has_coordinates);
    CHECK_NEAR(ni.lat, 40.18, 1e-12);
    CHECK_NEAR(ni.lon, 49.47, 1e-12);
    CHECK(ni.enabled == 1);
    /* A node without a name is named by its id; without coordinates, NaN. */
    CHECK_OK(efn_network_node(&ni, net, check_node(net, "j1")));
    CHECK_STR(ni.name, "j1");
    CHECK(!ni.has_coordinates && isnan(ni.lat) && isnan(ni.lon));

    CHECK_OK(efn_network_asset(&ai, net, check_asset(net, "g1")));
    CHECK_STR(ai.name, "Gas line");
    CHECK(ai.commodity == EFN_GAS);
    CHECK(ai.status == EFN_STATUS_OPERATING);
    CHECK(ai.start_year == 2006 && ai.end_year == 0);
    CHECK(ai.route_length == 4 && ai.segment_count == 3);
    CHECK_NEAR(ai.length_km, 692, 0);
    CHECK(!ai.bidirectional);
    CHECK_OK(efn_asset_route_node(&i, net, check_asset(net, "g1"), 2));
    CHECK(i == check_node(net, "b1"));
    CHECK_ERR(efn_asset_route_node(&i, net, check_asset(net, "g1"), 4),
              EFN_ENOTFOUND, "route position 4");
    CHECK_OK(efn_network_asset(&ai, net, check_asset(net, "oil1")));
    CHECK(ai.bidirectional && ai.commodity == EFN_OIL && isnan(ai.length_km));

    CHECK_OK(efn_network_owner(&oi, net, 4));
    CHECK_STR(oi.id, "sgc");
    CHECK_STR(oi.kind, "company");
    CHECK(oi.parent_count == 2);
    {
        size_t p;
        double share;
        efn_owner_info pi;
        CHECK_OK(efn_owner_parent(&p, &share, net, 4, 1));
        CHECK_OK(efn_network_owner(&pi, net, p));
        CHECK_STR(pi.id, "socar");
        CHECK_NEAR(share, 49, 0);
        CHECK_ERR(efn_owner_parent(&p, &share, net, 4, 2), EFN_ENOTFOUND,
                  "has 2 owners");
    }
    /* An owner with no name is named by its id; no country is "". */
    CHECK_OK(efn_network_owner(&oi, net, 1));
    CHECK_STR(oi.name, "state_az");

    CHECK_ERR(efn_network_find_node(&i, net, "nowhere"), EFN_ENOTFOUND,
              "no node 'nowhere'");
    CHECK_ERR(efn_network_find_asset(&i, net, "f1"), EFN_ENOTFOUND,
              "no asset 'f1'");
    CHECK_ERR(efn_network_node(&ni, net, 7), EFN_ENOTFOUND, "out of range");
    CHECK_ERR(efn_network_asset(&ai, net, 99), EFN_ENOTFOUND, "out of range");
}

static void test_quantities(const efn_network *net)
{
    /* f1 supply: {"2018": 10 bcm/y, "2021": 36.5 mcm/d}; 36.5 * 0.365 =
     * 13.3225 bcm/y; before 2018 absent. */
    CHECK(isnan(nq(net, "f1", EFN_SUPPLY, EFN_GAS, 2017)));
    CHECK_NEAR(nq(net, "f1", EFN_SUPPLY, EFN_GAS, 2018), 10, 1e-12);
    CHECK_NEAR(nq(net, "f1", EFN_SUPPLY, EFN_GAS, 2020), 10, 1e-12);
    CHECK_NEAR(nq(net, "f1", EFN_SUPPLY, EFN_GAS, 2021), 13.3225, 1e-12);
    CHECK_NEAR(nq(net, "f1", EFN_SUPPLY, EFN_GAS, 2050), 13.3225, 1e-12);
    /* Year 0 means the network's year (2023). */
    CHECK_NEAR(nq(net, "f1", EFN_SUPPLY, EFN_GAS, 0), 13.3225, 1e-12);
    CHECK(isnan(nq(net, "f1", EFN_SUPPLY, EFN_OIL, 2023)));
    CHECK(isnan(nq(net, "f1", EFN_DEMAND, EFN_GAS, 2023)));

    /* m1 demand: {"2020": 5, "2023": "8 bcm/y", "2025": null}. */
    CHECK(isnan(nq(net, "m1", EFN_DEMAND, EFN_GAS, 2019)));
    CHECK_NEAR(nq(net, "m1", EFN_DEMAND, EFN_GAS, 2022), 5, 0);
    CHECK_NEAR(nq(net, "m1", EFN_DEMAND, EFN_GAS, 2023), 8, 0);
    CHECK_NEAR(nq(net, "m1", EFN_DEMAND, EFN_GAS, 2024), 8, 0);
    CHECK(isnan(nq(net, "m1", EFN_DEMAND, EFN_GAS, 2025)));
    /* peak 100 mcm/d = 100 * 0.365 = 36.5 bcm/y */
    CHECK_NEAR(nq(net, "m1", EFN_PEAK_DEMAND, EFN_GAS, 2023), 36.5, 1e-12);
    /* t1 oil demand 0.3 Mb/d at the file's 7.5 bbl/t:
     * 0.3e6 * 365 / 7.5 / 1e6 = 14.6 Mt/y */
    CHECK_NEAR(nq(net, "t1", EFN_DEMAND, EFN_OIL, 2023), 14.6, 1e-12);
    /* e1: 1 GW all year = 8760 GWh = 8.76 TWh/y */
    CHECK_NEAR(nq(net, "e1", EFN_SUPPLY, EFN_ELECTRICITY, 2023), 8.76, 1e-12);

    /* g1 capacity {"2018": 7.41, "2020": 16}: 0 before its first entry. */
    CHECK_NEAR(aq(net, "g1", EFN_CAPACITY, 2017), 0, 0);
    CHECK_NEAR(aq(net, "g1", EFN_CAPACITY, 2019), 7.41, 1e-12);
    CHECK_NEAR(aq(net, "g1", EFN_CAPACITY, 2020), 16, 0);
    CHECK_NEAR(aq(net, "g1", EFN_FLOW, 2022), 9.5, 0);
    CHECK_NEAR(aq(net, "g1", EFN_FLOW, 2023), 10.26, 1e-12);
    CHECK(isnan(aq(net, "g1", EFN_FLOW, 2021)));
    CHECK_NEAR(aq(net, "g1", EFN_TARIFF, 2023), 2.5, 0);
    /* oil1: 1.2 Mb/d at 7.5 bbl/t = 1.2e6 * 365 / 7.5 / 1e6 = 58.4 Mt/y */
    CHECK_NEAR(aq(net, "oil1", EFN_CAPACITY, 2023), 58.4, 1e-12);
    CHECK(isnan(aq(net, "oil1", EFN_TARIFF, 2023)));
    /* new1: 2 mcm/d = 0.73 bcm/y; grid1 has no capacity: unbounded. */
    CHECK_NEAR(aq(net, "new1", EFN_CAPACITY, 2025), 0.73, 1e-12);
    CHECK(isinf(aq(net, "grid1", EFN_CAPACITY, 2023)));
    /* cable1: 500 MW = 0.5 * 8.76 = 4.38 TWh/y */
    CHECK_NEAR(aq(net, "cable1", EFN_CAPACITY, 2023), 4.38, 1e-12);

    /* Segments: b1 -> m1 (segment 2) has its own 6 bcm/y and 5.6 flow; the
     * others take the asset's. */
    {
        double v;
        size_t g1 = check_asset(net, "g1");
        CHECK_OK(efn_segment_quantity_get(&v, net, g1, 2, EFN_CAPACITY, 2023));
        CHECK_NEAR(v, 6, 0);
        CHECK_OK(efn_segment_quantity_get(&v, net, g1, 2, EFN_FLOW, 2023));
        CHECK_NEAR(v, 5.6, 1e-12);
        CHECK_OK(efn_segment_quantity_get(&v, net, g1, 0, EFN_CAPACITY, 2019));
        CHECK_NEAR(v, 7.41, 1e-12);
        CHECK_OK(efn_segment_quantity_get(&v, net, g1, 1, EFN_FLOW, 2023));
        CHECK_NEAR(v, 10.26, 1e-12);
        CHECK_ERR(efn_segment_quantity_get(&v, net, g1, 3, EFN_FLOW, 2023),
                  EFN_ENOTFOUND, "segment 3 out of range");
    }
}

static void test_activity_and_stakes(const efn_network *net)
{
    size_t g1 = check_asset(net, "g1"), owner;
    double share;
    efn_owner_info oi;
    /* operating from start_year 2006 */
    CHECK(!efn_asset_is_active(net, g1, 2005));
    CHECK(efn_asset_is_active(net, g1, 2006));
    /* construction with start_year 2025: active from 2025 */
    CHECK(!efn_asset_is_active(net, check_asset(net, "new1"), 2024));
    CHECK(efn_asset_is_active(net, check_asset(net, "new1"), 2025));
    /* proposed: never */
    CHECK(!efn_asset_is_active(net, check_asset(net, "prop1"), 2030));
    /* retired 1990-2010: historic years only, end year exclusive */
    CHECK(!efn_asset_is_active(net, check_asset(net, "old1"), 1989));
    CHECK(efn_asset_is_active(net, check_asset(net, "old1"), 2000));
    CHECK(!efn_asset_is_active(net, check_asset(net, "old1"), 2010));
    CHECK(!efn_asset_is_active(net, 99, 2010));

    /* g1's stakes are a series: none before 2020; three from 2020; a new
     * list from 2024. */
    CHECK(efn_asset_stake_count(net, g1, 2019) == 0);
    CHECK(efn_asset_stake_count(net, g1, 2023) == 3);
    CHECK_OK(efn_asset_stake(&owner, &share, net, g1, 2023, 2));
    CHECK_OK(efn_network_owner(&oi, net, owner));
    CHECK_STR(oi.id, "sgc");
    CHECK_NEAR(share, 21.02, 1e-12);
    CHECK(efn_asset_stake_count(net, g1, 2024) == 3);
    CHECK_OK(efn_asset_stake(&owner, &share, net, g1, 2030, 2));
    CHECK_OK(efn_network_owner(&oi, net, owner));
    CHECK_STR(oi.id, "socar");
    CHECK_NEAR(share, 51, 0);
    CHECK_ERR(efn_asset_stake(&owner, &share, net, g1, 2030, 3), EFN_ENOTFOUND,
              "stake 3");
    /* A plain list holds in every year. */
    CHECK(efn_asset_stake_count(net, check_asset(net, "oil1"), 1900) == 1);
}

static void test_years(const efn_network *net)
{
    int *years = NULL;
    size_t n = 0, i;
    /* metadata 2023; supply 2018, 2021; demand 2020, 2023, 2025; capacity
     * 2018, 2020; flow 2022, 2023; stakes 2020, 2024; start 2006, 2025,
     * 1990; end 2010. */
    static const int expect[] = {1990, 2006, 2010, 2018, 2020,
                                 2021, 2022, 2023, 2024, 2025};
    CHECK_OK(efn_network_years(&years, &n, net));
    CHECK(n == sizeof expect / sizeof expect[0]);
    for (i = 0; i < n && i < sizeof expect / sizeof expect[0]; i++)
        CHECK(years[i] == expect[i]);
    efn_free(years);
}

static void test_conventions(const efn_network *net)
{
    efn_conventions c;
    efn_network_conventions(&c, net);
    CHECK_NEAR(c.gas_twh_per_bcm, 10, 0);
    CHECK_NEAR(c.oil_bbl_per_tonne, 7.5, 0);
}

static void test_api_errors(void)
{
    efn_network *net = (efn_network *)&net; /* must be reset to NULL */
    CHECK_ERR(efn_network_load(NULL, "x"), EFN_EARG, "out is NULL");
    CHECK_ERR(efn_network_load(&net, NULL), EFN_EARG, "path is NULL");
    CHECK(net == NULL);
    CHECK_ERR(efn_network_load(&net, path_of("does-not-exist.json")), EFN_EIO,
              "does-not-exist.json: cannot open");
    CHECK(net == NULL);
    CHECK_ERR(efn_network_load(&net, data_dir), EFN_EIO, "is a directory");
    CHECK(efn_last_error_code() == EFN_EIO);
    efn_clear_error();
    CHECK_STR(efn_last_error(), "");
    CHECK_STR(efn_status_name(EFN_EINVALID), "EFN_EINVALID");
    CHECK(efn_version_number() == EFN_VERSION_NUMBER);
    CHECK_STR(efn_version_string(), EFN_VERSION_STRING);
    efn_network_free(NULL);
    efn_free(NULL);
}

/* A buffer that is not NUL-terminated loads from its length alone. */
static void test_buffer(void)
{
    static const char text[] =
        "{\"efn\":1,\"kind\":\"network\",\"nodes\":[{\"id\":\"a\",\"kind\":"
        "\"field\",\"country\":\"AZ\"},{\"id\":\"b\",\"kind\":\"market\","
        "\"country\":\"TR\"}],\"assets\":[{\"id\":\"x\",\"commodity\":\"gas\","
        "\"route\":[\"a\",\"b\"],\"capacity\":\"16 bcm/y\"}]}GARBAGE";
    efn_network *net = NULL;
    double cap;
    CHECK_OK(efn_network_load_buffer(&net, text, sizeof text - 1 - 7, "mem"));
    CHECK(net && efn_network_asset_count(net) == 1);
    CHECK_OK(efn_asset_quantity_get(&cap, net, 0, EFN_CAPACITY, 2020));
    CHECK_NEAR(cap, 16, 0);
    CHECK_STR(efn_network_source(net), "mem");
    efn_network_free(net);
    CHECK_ERR(efn_network_load_buffer(&net, text, sizeof text - 1, "mem"),
              EFN_EINVALID, "mem: malformed JSON");
    CHECK(net == NULL);
}

/* A network's nodes and assets are read one element at a time; the order
 * of the top-level keys, strings full of brackets, and a bad element must
 * read (or be reported) as the whole tree reads them. */
static void test_streamed(void)
{
    /* assets before owners before nodes; names with brackets, commas,
     * escaped quotes and a \u escape; an asset with nested arrays */
    static const char text[] =
        "{\"assets\":[{\"id\":\"x\",\"name\":\"p],[{\\\"q\\\"}\","
        "\"commodity\":\"gas\",\"route\":[\"a\",\"m\",\"b\"],"
        "\"capacity\":{\"2020\":\"16 bcm/y\",\"2030\":\"31 bcm/y\"},"
        "\"stakes\":[{\"owner\":\"o\",\"share\":0.5}],"
        "\"extra\":[[1,[2,\"]\"]],{\"k\":\"[\"}]},"
        "{\"id\":\"y\",\"commodity\":\"gas\",\"route\":[\"b\",\"a\"],"
        "\"capacity\":\"2 bcm/y\",\"outage_probability\":0.25}],"
        "\"owners\":[{\"id\":\"o\",\"name\":\"O, Inc.\"}],"
        "\"kind\":\"network\",\"efn\":1,"
        "\"nodes\":[{\"id\":\"a\",\"kind\":\"field\",\"country\":\"AZ\"},"
        "{\"id\":\"m\",\"name\":\"T\\u00fcrkiye ]\",\"kind\":"
        "\"junction\",\"country\":\"TR\"},"
        "{\"id\":\"b\",\"kind\":\"market\",\"country\":\"TR\","
        "\"name\":\"{\"}]}";
    efn_network *net = NULL;
    efn_node_info ni;
    efn_asset_info ai;
    efn_owner_info oi;
    double cap;
    char *saved = NULL;
    CHECK_OK(efn_network_load_buffer(&net, text, sizeof text - 1, "s"));
    if (!net)
        return;
    CHECK(efn_network_node_count(net) == 3);
    CHECK(efn_network_asset_count(net) == 2);
    CHECK_OK(efn_network_node(&ni, net, 1));
    CHECK_STR(ni.id, "m");
    CHECK_STR(ni.name, "T\xc3\xbcrkiye ]");
    CHECK_STR(ni.country, "TR");
    CHECK_OK(efn_network_node(&ni, net, 2));
    CHECK_STR(ni.name, "{");
    CHECK_STR(ni.country, "TR");
    CHECK_OK(efn_network_asset(&ai, net, 0));
    CHECK_STR(ai.id, "x");
    CHECK_STR(ai.name, "p],[{\"q\"}");
    CHECK(ai.route_length == 3);
    CHECK_OK(efn_asset_quantity_get(&cap, net, 0, EFN_CAPACITY, 2030));
    CHECK_NEAR(cap, 31, 0);
    CHECK_OK(efn_network_asset(&ai, net, 1));
    CHECK_STR(ai.id, "y");
    CHECK_OK(efn_network_owner(&oi, net, 0));
    CHECK_STR(oi.name, "O, Inc.");
    {
        size_t at = 0;
        CHECK_OK(efn_network_find_node(&at, net, "b"));
        CHECK(at == 2);
        CHECK_OK(efn_network_find_asset(&at, net, "y"));
        CHECK(at == 1);
    }
    /* the unknown member, nested brackets and all, comes back */
    CHECK_OK(efn_network_to_json(&saved, net, 0));
    CHECK(saved && strstr(saved, "\"extra\":[[1,[2,\"]\"]],{\"k\":\"[\"}]"));
    efn_network_free(net);
    efn_free(saved);

    {
        /* A text that does not compress (64 KB of pseudo-random letters in
         * an unknown member): the kept, compressed copy outgrows its first
         * buffer, and still comes back whole. */
        size_t n = 65536, len = 0, at = 0;
        char *big = check_noise_network(n, 12345, &len, &at), *back = NULL;
        if (big) {
            CHECK_OK(efn_network_load_buffer(&net, big, len, "noise"));
            if (net) {
                CHECK_OK(efn_network_to_json(&back, net, 0));
                big[at + n] = '\0';
                CHECK(back && strstr(back, big + at) != NULL);
                efn_free(back);
                efn_network_free(net);
                net = NULL;
            }
            free(big);
        }
    }

    {
        /* Bad elements: the message the whole tree's reader gives, as
         * efn_validate_buffer() (which always reads the whole tree) says. */
        static const char *const bad[] = {
            /* two nodes without a comma between them */
            "{\"efn\":1,\"kind\":\"network\",\"nodes\":[{\"id\":\"a\","
            "\"kind\":\"field\",\"country\":\"AZ\"} {\"id\":\"b\","
            "\"kind\":\"field\",\"country\":\"AZ\"}],\"assets\":[]}",
            /* a trailing comma */
            "{\"efn\":1,\"kind\":\"network\",\"nodes\":[{\"id\":\"a\","
            "\"kind\":\"field\",\"country\":\"AZ\"},],\"assets\":[]}",
            /* an array closed by a brace */
            "{\"efn\":1,\"kind\":\"network\",\"nodes\":[{\"id\":\"a\","
            "\"kind\":\"field\",\"country\":\"AZ\"}},\"assets\":[]}",
            /* a duplicate key inside the second node */
            "{\"efn\":1,\"kind\":\"network\",\"nodes\":[{\"id\":\"a\","
            "\"kind\":\"field\",\"country\":\"AZ\"},{\"id\":\"b\","
            "\"kind\":\"field\",\"kind\":\"market\",\"country\":\"AZ\"}],"
            "\"assets\":[]}",
            /* an unknown node in the second asset's route */
            "{\"efn\":1,\"kind\":\"network\",\"nodes\":[{\"id\":\"a\","
            "\"kind\":\"field\",\"country\":\"AZ\"},{\"id\":\"b\","
            "\"kind\":\"market\",\"country\":\"AZ\"}],\"assets\":["
            "{\"id\":\"x\",\"commodity\":\"gas\",\"route\":[\"a\",\"b\"]},"
            "{\"id\":\"y\",\"commodity\":\"gas\",\"route\":[\"a\",\"c\"]}]}",
        };
        static const char *const where[] = {"line 1", "line 1", "line 1",
                                            "nodes[1]", "assets[1].route[1]"};
        size_t k;
        for (k = 0; k < sizeof bad / sizeof *bad; k++) {
            efn_diagnostics *d = NULL;
            char want[1024];
            CHECK(efn_network_load_buffer(&net, bad[k], strlen(bad[k]), "b") ==
                  EFN_EINVALID);
            CHECK(net == NULL);
            snprintf(want, sizeof want, "%s", efn_last_error());
            CHECK(strstr(want, where[k]) != NULL);
            CHECK_OK(efn_validate_buffer(&d, bad[k], strlen(bad[k]), "b"));
            CHECK(d && efn_diagnostics_count(d) > 0);
            if (d && efn_diagnostics_count(d) > 0) {
                CHECK(strstr(want, efn_diagnostics_path(d, 0)) != NULL);
                CHECK(strstr(want, efn_diagnostics_problem(d, 0)) != NULL);
            }
            efn_diagnostics_free(d);
        }
    }
}

int main(int argc, char **argv)
{
    efn_network *net = NULL;
    data_dir = argc > 1 ? argv[1] : "tests/data";
    CHECK_OK(efn_network_load(&net, path_of("small.json")));
    if (!net)
        return check_finish("test_network");
    test_counts_and_info(net);
    test_quantities(net);
    test_activity_and_stakes(net);
    test_years(net);
    test_conventions(net);
    efn_network_free(net);
    test_api_errors();
    test_buffer();
    test_streamed();
    return check_finish("test_network");
}
