/*
 * Look-through ownership through a chain with a cross-holding and an
 * incomplete chain (tests/data/own_chain.json), worked by hand.
 *
 * p is 70% state_x, 30% q; q is 50% state_y, 50% p. With P_X the part of p
 * that reaches state_x:
 *   P_X = 0.7 + 0.3 Q_X, Q_X = 0.5 P_X   ->  P_X = 0.7/0.85 = 0.8235294
 *   P_Y = 0.3 Q_Y, Q_Y = 0.5 + 0.5 P_Y   ->  P_Y = 0.15/0.85 = 0.1764706,
 *                                             Q_Y = 0.5882353, Q_X = 0.4117647
 * partial is 40% state_x and nothing else listed.
 * pipe: p 50, q 30, listed 10, partial 10:
 *   state_x = 50 P_X + 30 Q_X + 10 x 0.4 = 41.17647 + 12.35294 + 4 = 57.52941%
 *   state_y = 50 P_Y + 30 Q_Y = 8.82353 + 17.64706 = 26.47059%
 *   listed  = 10%;  ultimate sum 94%; untraced 6% (partial's missing 60%)
 * Capacity 20 and flow 10: state_x 11.505882 and 5.752941 bcm/y.
 * spur is proposed: it counts in interests, not in capacity or throughput.
 */
#include <stdint.h>

#include "check.h"

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/data";
    char path[4096];
    efn_network *net = NULL;
    efn_ownership *own = NULL;
    size_t pipe, sx, sy, listed, p, c;
    double v, cap, thr, l, u, un;
    snprintf(path, sizeof path, "%s/own_chain.json", dir);
    CHECK_OK(efn_network_load(&net, path));
    if (!net)
        return check_finish("test_ownership");
    CHECK_OK(efn_ownership_run(&own, net, 2023, NULL));
    if (!own) {
        efn_network_free(net);
        return check_finish("test_ownership");
    }
    CHECK_OK(efn_network_find_asset(&pipe, net, "pipe"));
    CHECK_OK(efn_network_find_owner(&sx, net, "state_x"));
    CHECK_OK(efn_network_find_owner(&sy, net, "state_y"));
    CHECK_OK(efn_network_find_owner(&listed, net, "listed"));
    CHECK_OK(efn_network_find_owner(&p, net, "p"));
    CHECK(efn_ownership_is_ultimate(own, sx));
    CHECK(!efn_ownership_is_ultimate(own, p));
    /* L[state_x][p] = P_X */
    CHECK_OK(efn_ownership_lookthrough(&v, own, sx, p));
    CHECK_NEAR(v, 0.7 / 0.85, 1e-12);
    /* L[p][p] = 1 / (1 - 0.3 x 0.5): p holds itself through q. */
    CHECK_OK(efn_ownership_lookthrough(&v, own, p, p));
    CHECK_NEAR(v, 1 / 0.85, 1e-12);
    CHECK_OK(efn_ownership_interest(&v, own, sx, pipe));
    CHECK_NEAR(v, 50 * 0.7 / 0.85 + 30 * 0.35 / 0.85 + 4, 1e-9);
    CHECK_NEAR(v, 57.5294118, 1e-6);
    CHECK_OK(efn_ownership_interest(&v, own, sy, pipe));
    CHECK_NEAR(v, 26.4705882, 1e-6);
    CHECK_OK(efn_ownership_interest(&v, own, listed, pipe));
    CHECK_NEAR(v, 10, 1e-12);
    CHECK_OK(efn_ownership_asset_totals(&l, &u, &un, own, pipe));
    CHECK_NEAR(l, 100, 1e-12);
    CHECK_NEAR(u, 94, 1e-9);
    CHECK_NEAR(un, 6, 1e-9);
    CHECK_OK(efn_ownership_owner_totals(&cap, &thr, own, sx, EFN_GAS));
    CHECK_NEAR(cap, 0.575294118 * 20, 1e-6);
    CHECK_NEAR(thr, 0.575294118 * 10, 1e-6);
    /* Countries of the ultimate owners: XX, YY, GB. */
    CHECK(efn_ownership_country_count(own) == 3);
    for (c = 0; c < efn_ownership_country_count(own); c++) {
        CHECK_OK(efn_ownership_country_interest(&v, own, c, pipe));
        CHECK_OK(efn_ownership_country_totals(&cap, &thr, own, c, EFN_GAS));
        if (strcmp(efn_ownership_country(own, c), "YY") == 0) {
            CHECK_NEAR(v, 26.4705882, 1e-6);
            CHECK_NEAR(cap, 0.264705882 * 20, 1e-6);
        } else if (strcmp(efn_ownership_country(own, c), "GB") == 0) {
            CHECK_NEAR(v, 10, 1e-12);
            /* listed's 60% of the proposed spur does not count. */
            CHECK_NEAR(cap, 2, 1e-12);
            CHECK_NEAR(thr, 1, 1e-12);
        }
    }
    {
        char *json = NULL;
        CHECK_OK(efn_ownership_to_json(&json, own, NULL, "YY"));
        CHECK(json && strstr(json, "\"state_y\""));
        CHECK(json && !strstr(json, "\"state_x\""));
        efn_free(json);
    }
    efn_ownership_free(own);

    /* With the trace: m's gas all went through pipe, so the owner
     * countries of its route are XX 57.53%, YY 26.47%, GB 10%. */
    {
        efn_dependency *d = NULL;
        efn_dep_item it;
        size_t j, i, m;
        CHECK_OK(efn_dependency_run(&d, net, NULL));
        CHECK_OK(efn_network_find_node(&m, net, "m"));
        if (d && efn_dependency_consumer_find(&j, d, m) == EFN_OK) {
            CHECK(efn_dependency_item_count(d, j, EFN_DEP_OWNER_COUNTRY) == 3);
            for (i = 0;
                 i < efn_dependency_item_count(d, j, EFN_DEP_OWNER_COUNTRY);
                 i++) {
                CHECK_OK(efn_dependency_item_get(&it, d, j,
                                                 EFN_DEP_OWNER_COUNTRY, i));
                if (strcmp(it.country, "XX") == 0)
                    CHECK_NEAR(it.share, 0.575294118, 1e-6);
                if (strcmp(it.country, "GB") == 0)
                    CHECK_NEAR(it.share, 0.1, 1e-9);
            }
        } else {
            CHECK(!"m is a consumer");
        }
        efn_dependency_free(d);
    }
    efn_network_free(net);
    return check_finish("test_ownership");
}
