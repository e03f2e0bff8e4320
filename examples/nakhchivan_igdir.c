/*
 * nakhchivan_igdir: Nakhchivan before (2023) and after (2025) the
 * Iğdır-Nakhchivan pipeline. How much does the exclave depend on Iran, as
 * supplier or as transit country, and what are its single points of failure?
 * The paper: the line "will end Nakhichevan's dependence on transit through
 * Iran".
 *
 * Overlay: examples/scenarios/nakhchivan_iran_cutoff.json (Iran delivers
 * nothing: every line with a node in Iran is disabled). Four cases: 2023 and
 * 2025, each as in the data and with Iran cut off.
 *
 * Computed flows, not observed: the data hold no observed flow on either
 * route into Nakhchivan (the swap volumes are not reported by line, and
 * SOCAR said in August 2025 that the Iğdır line had not started carrying
 * gas), so a trace of observed flows has no Nakhchivan at all. The program
 * traces the least-cost maximum flow of each case (efn_dependency_run with
 * EFN_TRACE_FLOW, "max" mode): what the network would carry.
 *
 * Worked by hand from examples/data/corridor.json (gas in bcm/y):
 *
 *   Nakhchivan wants 0.3 (SOCAR: 260-300 mcm a year, upper end). Routes:
 *     Iran swap at Julfa: from 2005, no capacity given, bounded by the
 *       Julfa supply, 0.35 (the 2004 agreement's 350 mcm a year);
 *     Iğdır -> Sadarak -> Nakhchivan: from 2025, 2 mcm/d = 2 x 0.365 =
 *       0.73, fed from the Turkish grid by an unconstrained connector.
 *   In Julfa's case the gas enters at an Iranian node, so the trace names
 *   Iran as the supplier country; under the swap Azerbaijan hands Iran the
 *   same volume (plus a 15% fee) at Astara, so in substance Iran is the
 *   transit country of Azerbaijani gas. Either way: all of it hangs on Iran.
 *
 *   2023: one route. Delivered 0.3 from Julfa: Iran 100%, no transit,
 *     HHI 10,000. Every path from a supply to Nakhchivan passes the Julfa
 *     node and the swap line: single points of failure {jolfa} and
 *     {iran_nakhchivan_swap}.
 *   2023, Iran cut off: no route: delivered 0, unmet 0.3.
 *   2025: two routes; no node or line lies on both, so no single point of
 *     failure. The least-cost flow still takes the swap (a connector of cost
 *     1 per bcm against 97.5 km of the Iğdır line), so the gas is still 100%
 *     Iranian, HHI 10,000: what SOCAR reported for 2025 (188.5 mcm via Iran
 *     from 1 January to 21 August).
 *   2025, Iran cut off: the 0.3 comes through Iğdır (0.3 / 0.73 = 41.1% of
 *     the line) and carries the Turkish grid's mix. The grid's least-cost
 *     inflow in 2025, for Türkiye's 50.2 (2023 figure carried forward) plus
 *     Nakhchivan's 0.3 = 50.5:
 *       LNG 14.27 (by origin: DZ 5.99, US 4.0, EG 1.32, unstated ZZ 2.96)
 *         and domestic output 9.5 mcm/d = 3.4675 (connectors, the
 *         cheapest);
 *       Shah Deniz through SCP: 23.4 - Georgia 2.5 - Europe via TAP 11.8
 *         = 9.1 (692 km) -> AZ 9.1;
 *       TurkStream string 1: Russkaya 31.5 - Europe's 16.7 (2024 figure
 *         carried forward) = 14.8 (1,000 km); Blue Stream (1,213 km) the
 *         rest, 50.5 - 14.27 - 3.4675 - 9.1 - 14.8 = 8.8625 -> RU 23.6625.
 *     Nakhchivan's shares: RU 23.6625 / 50.5 = 46.856%, AZ 9.1 / 50.5 =
 *     18.020%, DZ 5.99 / 50.5 = 11.861%, US 7.921%, TR 3.4675 / 50.5 =
 *     6.866%, ZZ 5.861%, EG 2.614%, Iran 0.
 *     HHI = 10^4 x (23.6625^2 + 9.1^2 + 3.4675^2 + 5.99^2 + 4.0^2 + 1.32^2
 *         + 2.96^2) / 50.5^2 = 10^4 x (559.91390625 + 82.81 + 12.02355625
 *         + 35.8801 + 16 + 1.7424 + 8.7616) / 2550.25
 *         = 10^4 x 717.1315625 / 2550.25 = 2812.0049.
 *     Transit: Türkiye for all but the Turkish-origin gas (imported LNG
 *     crosses the Turkish grid too), (50.5 - 3.4675) / 50.5 = 93.134%;
 *     Georgia for the Azerbaijani gas, 18.020%.
 *     Single points of failure: the nodes Sadarak, Iğdır and the Turkish
 *     grid, the lines igdir_nakhchivan and botas_igdir.
 */
#include <stdint.h>

#include "example.h"

typedef struct nakh_case {
    const char *label;
    int year, iran_cut;
    double delivered, unmet, iran_supplier, iran_transit, hhi;
    double igdir_flow, igdir_util; /* the Iğdır line in the computed flow */
    size_t spof_nodes, spof_assets;
    efn_network *net;
    efn_dependency *dep;
    size_t j; /* Nakhchivan's index in dep, SIZE_MAX when it gets nothing */
} nakh_case;

/* 1 when `id` is among consumer j's single points of failure of `kind`
 * (EFN_DEP_SPOF_NODE: a node id; EFN_DEP_SPOF_ASSET: an asset id). */
static int is_spof(const nakh_case *c, efn_dep_kind kind, const char *id)
{
    size_t i;
    efn_dep_item it;
    if (c->j == SIZE_MAX)
        return 0;
    for (i = 0; i < efn_dependency_item_count(c->dep, c->j, kind); i++) {
        CHECK(efn_dependency_item_get(&it, c->dep, c->j, kind, i));
        if (strcmp(kind == EFN_DEP_SPOF_NODE ? ex_node_id(c->net, it.node)
                                             : ex_asset_id(c->net, it.asset),
                   id) == 0)
            return 1;
    }
    return 0;
}

static void run(nakh_case *c, const efn_network *base, const efn_scenario *cut)
{
    efn_flow *flow;
    c->net = ex_apply(base, &cut, c->iran_cut ? 1 : 0);
    flow = ex_flow(c->net, EFN_GAS, c->year, EFN_ALLOC_MAX);
    c->delivered = ex_delivered(flow, c->net, "nakhchivan", &c->unmet);
    c->igdir_flow =
        ex_asset_flow(flow, c->net, "igdir_nakhchivan", &c->igdir_util);
    efn_flow_free(flow);
    c->dep = ex_dependency(c->net, EFN_GAS, c->year, EFN_TRACE_FLOW);
    c->j = ex_dep_consumer(c->dep, c->net, "nakhchivan", NULL, &c->hhi);
    ex_dep_country(c->dep, c->net, "nakhchivan", EFN_DEP_SUPPLIER, "IR",
                   &c->iran_supplier);
    ex_dep_country(c->dep, c->net, "nakhchivan", EFN_DEP_TRANSIT, "IR",
                   &c->iran_transit);
    c->spof_nodes =
        c->j == SIZE_MAX
            ? 0
            : efn_dependency_item_count(c->dep, c->j, EFN_DEP_SPOF_NODE);
    c->spof_assets =
        c->j == SIZE_MAX
            ? 0
            : efn_dependency_item_count(c->dep, c->j, EFN_DEP_SPOF_ASSET);
}

/* One cell of the summary table; "-" when Nakhchivan gets nothing. */
static void print_cell(const nakh_case *c, double v, const char *format)
{
    if (c->j == SIZE_MAX)
        printf("%13s", "-");
    else
        printf(format, v);
}

static void print_case(const nakh_case *c)
{
    size_t i;
    efn_dep_item it;
    efn_node_info ni;
    efn_asset_info ai;
    printf("\n%s\n", c->label);
    printf("  delivered %.3f of %.3f bcm/y", c->delivered,
           c->delivered + c->unmet);
    if (c->unmet > 5e-7)
        printf(", %.3f unmet", c->unmet);
    printf("\n");
    if (c->j == SIZE_MAX) {
        printf("  no route reaches Nakhchivan: nothing to trace\n");
        return;
    }
    printf("  from:    ");
    ex_print_dep_countries(c->dep, c->j, EFN_DEP_SUPPLIER, 11);
    printf("  through: ");
    ex_print_dep_countries(c->dep, c->j, EFN_DEP_TRANSIT, 11);
    printf("  entered by: ");
    for (i = 0; i < efn_dependency_item_count(c->dep, c->j, EFN_DEP_ENTRY);
         i++) {
        CHECK(efn_dependency_item_get(&it, c->dep, c->j, EFN_DEP_ENTRY, i));
        printf("%s%s %.0f%%", i ? ", " : "",
               it.asset == SIZE_MAX ? "domestic"
                                    : ex_asset_id(c->net, it.asset),
               100 * it.share);
    }
    printf("\n  HHI of supplier countries: %.0f\n", c->hhi);
    printf("  single points of failure (every supply path passes them):");
    if (c->spof_nodes + c->spof_assets == 0)
        printf(" none\n");
    else
        printf("\n");
    for (i = 0; i < c->spof_nodes; i++) {
        CHECK(efn_dependency_item_get(&it, c->dep, c->j, EFN_DEP_SPOF_NODE, i));
        CHECK(efn_network_node(&ni, c->net, it.node));
        printf("    node  %s (%s)\n", ni.name, ni.country);
    }
    for (i = 0; i < c->spof_assets; i++) {
        CHECK(
            efn_dependency_item_get(&it, c->dep, c->j, EFN_DEP_SPOF_ASSET, i));
        CHECK(efn_network_asset(&ai, c->net, it.asset));
        printf("    line  %s\n", ai.name);
    }
}

int main(int argc, char **argv)
{
    ex_args args = ex_parse_args(argc, argv);
    efn_network *base = ex_load_network(&args);
    efn_scenario *cut = ex_load_scenario(&args, "nakhchivan_iran_cutoff.json");
    nakh_case cases[4] = {
        {.label = "2023, before the Iğdır line", .year = 2023},
        {.label = "2023, Iran cut off", .year = 2023, .iran_cut = 1},
        {.label = "2025, with the Iğdır line", .year = 2025},
        {.label = "2025, Iran cut off", .year = 2025, .iran_cut = 1},
    };
    static const char *const after_spof_nodes[] = {"sadarak", "igdir",
                                                   "turkiye"};
    static const char *const after_spof_assets[] = {"igdir_nakhchivan",
                                                    "botas_igdir"};
    double igdir_cap, julfa, demand, share;
    size_t i;

    for (i = 0; i < 4; i++)
        run(&cases[i], base, cut);
    igdir_cap = ex_capacity(cases[2].net, "igdir_nakhchivan", 2025);
    julfa = ex_node_qty(base, "jolfa", EFN_SUPPLY, EFN_GAS, 2023);
    demand = ex_node_qty(base, "nakhchivan", EFN_DEMAND, EFN_GAS, 2023);

    printf("Nakhchivan's gas before and after the Iğdır-Nakhchivan pipeline\n");
    printf("Gas in bcm/y. Least-cost maximum flows of the bundled network, "
           "traced by\nproportional sharing (the data hold no observed flow "
           "into Nakhchivan).\n\n");
    printf("Routes into Nakhchivan                       2023      2025\n");
    printf("  Iran swap at Julfa (Iranian supply)     %8.3f  %8.3f\n", julfa,
           ex_node_qty(base, "jolfa", EFN_SUPPLY, EFN_GAS, 2025));
    printf("  Iğdır-Nakhchivan line (2 mcm/d)         %8s  %8.3f\n", "none",
           igdir_cap);
    printf("  Nakhchivan's demand                     %8.3f  %8.3f\n", demand,
           ex_node_qty(base, "nakhchivan", EFN_DEMAND, EFN_GAS, 2025));

    printf("\n%-26s%13s%13s%13s%13s\n", "", "2023", "2023, Iran", "2025",
           "2025, Iran");
    printf("%-26s%13s%13s%13s%13s\n", "", "", "cut off", "", "cut off");
    printf("  %-24s", "delivered");
    for (i = 0; i < 4; i++)
        printf("%13.3f", cases[i].delivered);
    printf("\n  %-24s", "from Iran (supplier)");
    for (i = 0; i < 4; i++)
        print_cell(&cases[i], 100 * cases[i].iran_supplier, "%12.1f%%");
    printf("\n  %-24s", "through Iran (transit)");
    for (i = 0; i < 4; i++)
        print_cell(&cases[i], 100 * cases[i].iran_transit, "%12.1f%%");
    printf("\n  %-24s", "HHI of suppliers");
    for (i = 0; i < 4; i++)
        print_cell(&cases[i], cases[i].hhi, "%13.0f");
    printf("\n  %-24s", "single points of failure");
    for (i = 0; i < 4; i++)
        print_cell(&cases[i],
                   (double)(cases[i].spof_nodes + cases[i].spof_assets),
                   "%13.0f");
    printf("\n  (At Julfa the data name Iran as the supplier; under the swap "
           "Azerbaijan hands\n  Iran as much gas at Astara, so in substance "
           "Iran is the transit country.)\n");

    for (i = 0; i < 4; i++)
        print_case(&cases[i]);

    printf("\nWhat changes\n");
    ex_say(2,
           "Before the line, all of Nakhchivan's gas came through Iran, and "
           "the Julfa crossing and the swap were single points of failure: "
           "with Iran cut off, Nakhchivan got nothing. With the line "
           "(%.2f bcm/y, %.1f times the demand) there are two independent "
           "routes and no single point of failure. The least-cost flow "
           "still takes the swap, so the gas stays Iranian until Iran "
           "stops (as in 2025: SOCAR reported 188.5 mcm via Iran by 21 "
           "August, and the Iğdır line not yet in use). Then the whole "
           "%.1f comes through Türkiye, the line %.0f%% full, none of it "
           "from or through Iran. It is the Turkish grid's mix, by "
           "proportional sharing: mostly Russian (%.1f%%), then Turkish "
           "output (%.1f%%), Azerbaijani gas (%.1f%%) and LNG from "
           "Algeria, the US, Egypt and elsewhere (the rest); "
           "contractually SOCAR's gas, physically a share of what Türkiye "
           "takes in. The new single points of failure are Turkish: the "
           "grid, Iğdır and the line itself.",
           igdir_cap, igdir_cap / demand, cases[3].delivered,
           100 * cases[3].igdir_util,
           100 *
               ex_dep_country(cases[3].dep, cases[3].net, "nakhchivan",
                              EFN_DEP_SUPPLIER, "RU", NULL) /
               cases[3].delivered,
           100 *
               ex_dep_country(cases[3].dep, cases[3].net, "nakhchivan",
                              EFN_DEP_SUPPLIER, "TR", NULL) /
               cases[3].delivered,
           100 *
               ex_dep_country(cases[3].dep, cases[3].net, "nakhchivan",
                              EFN_DEP_SUPPLIER, "AZ", NULL) /
               cases[3].delivered);

    /* The checks. */
    ex_expect(&args, "Iğdır line capacity", igdir_cap, 2 * 0.365);
    ex_expect(&args, "2023 delivered", cases[0].delivered, 0.3);
    ex_expect(&args, "2023 from Iran", cases[0].iran_supplier, 1);
    ex_expect(&args, "2023 HHI", cases[0].hhi, 10000);
    ex_expect(&args, "2023 SPOF nodes", (double)cases[0].spof_nodes, 1);
    ex_expect(&args, "2023 SPOF Julfa",
              is_spof(&cases[0], EFN_DEP_SPOF_NODE, "jolfa"), 1);
    ex_expect(&args, "2023 SPOF lines", (double)cases[0].spof_assets, 1);
    ex_expect(&args, "2023 SPOF swap",
              is_spof(&cases[0], EFN_DEP_SPOF_ASSET, "iran_nakhchivan_swap"),
              1);
    ex_expect(&args, "2023 Iran cut: delivered", cases[1].delivered, 0);
    ex_expect(&args, "2023 Iran cut: unmet", cases[1].unmet, 0.3);
    ex_expect(&args, "2023 Iran cut: traced", cases[1].j == SIZE_MAX, 1);
    ex_expect(&args, "2025 delivered", cases[2].delivered, 0.3);
    ex_expect(&args, "2025 from Iran", cases[2].iran_supplier, 1);
    ex_expect(&args, "2025 SPOFs",
              (double)(cases[2].spof_nodes + cases[2].spof_assets), 0);
    ex_expect(&args, "2025 Iran cut: delivered", cases[3].delivered, 0.3);
    ex_expect(&args, "2025 Iran cut: from Iran", cases[3].iran_supplier, 0);
    ex_expect(&args, "2025 Iran cut: through Iran", cases[3].iran_transit, 0);
    ex_dep_country(cases[3].dep, cases[3].net, "nakhchivan", EFN_DEP_SUPPLIER,
                   "RU", &share);
    ex_expect(&args, "2025 Iran cut: from Russia", share, 23.6625 / 50.5);
    ex_dep_country(cases[3].dep, cases[3].net, "nakhchivan", EFN_DEP_SUPPLIER,
                   "TR", &share);
    ex_expect(&args, "2025 Iran cut: from TR (domestic)", share, 3.4675 / 50.5);
    ex_dep_country(cases[3].dep, cases[3].net, "nakhchivan", EFN_DEP_SUPPLIER,
                   "DZ", &share);
    ex_expect(&args, "2025 Iran cut: from Algeria (LNG)", share, 5.99 / 50.5);
    ex_dep_country(cases[3].dep, cases[3].net, "nakhchivan", EFN_DEP_SUPPLIER,
                   "AZ", &share);
    ex_expect(&args, "2025 Iran cut: from Azerbaijan", share, 9.1 / 50.5);
    ex_dep_country(cases[3].dep, cases[3].net, "nakhchivan", EFN_DEP_TRANSIT,
                   "TR", &share);
    ex_expect(&args, "2025 Iran cut: through Türkiye", share,
              (50.5 - 3.4675) / 50.5);
    ex_dep_country(cases[3].dep, cases[3].net, "nakhchivan", EFN_DEP_TRANSIT,
                   "GE", &share);
    ex_expect(&args, "2025 Iran cut: through Georgia", share, 9.1 / 50.5);
    ex_expect(&args, "2025 Iran cut: HHI", cases[3].hhi,
              1e4 * 717.1315625 / 2550.25);
    ex_expect(&args, "2025 Iran cut: Iğdır line flow", cases[3].igdir_flow,
              0.3);
    ex_expect(&args, "2025 Iran cut: Iğdır line use", cases[3].igdir_util,
              0.3 / 0.73);
    ex_expect(&args, "2025 Iran cut: SPOF nodes", (double)cases[3].spof_nodes,
              3);
    ex_expect(&args, "2025 Iran cut: SPOF lines", (double)cases[3].spof_assets,
              2);
    for (i = 0; i < 3; i++)
        ex_expect(&args, after_spof_nodes[i],
                  is_spof(&cases[3], EFN_DEP_SPOF_NODE, after_spof_nodes[i]),
                  1);
    for (i = 0; i < 2; i++)
        ex_expect(&args, after_spof_assets[i],
                  is_spof(&cases[3], EFN_DEP_SPOF_ASSET, after_spof_assets[i]),
                  1);

    for (i = 0; i < 4; i++) {
        efn_dependency_free(cases[i].dep);
        efn_network_free(cases[i].net);
    }
    efn_scenario_free(cut);
    efn_network_free(base);
    return ex_finish(&args);
}
