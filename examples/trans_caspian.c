/*
 * trans_caspian: a Trans-Caspian gas pipeline from Turkmenistan to Baku, of
 * 10 and of 30 bcm/y. How much less would Turkmenistan depend on the China
 * route? How would Europe's and Türkiye's supplier concentration change?
 * Which asset of the corridor binds first?
 *
 * Overlays (examples/scenarios/):
 *   trans_caspian_10.json, trans_caspian_30.json: the line brought in at 10
 *     or 30 bcm/y, Turkmen supply raised by as much (the data set it to the
 *     55 bcm/y of its one outlet, Central Asia-China), and Europe's demand at
 *     the end of TAP (Italy) raised by as much: the Turkmen gas is sold to
 *     Europe. Türkiye's demand is not raised: it is the whole Turkish
 *     consumption, and the data give Türkiye spare Russian, Iranian and LNG
 *     supply, so extra Turkish demand would be met by those instead.
 *   trans_caspian_corridor_expansion.json, applied after either: SCP 31,
 *     TANAP 31, TAP 20 bcm/y, the capacities they are said to be expandable
 *     to; Shah Deniz keeps its supply.
 * All on the 2023 network. The line does not exist, so there is nothing
 * observed: each case is the least-cost maximum flow (efn_flow_run, "max"),
 * traced by proportional sharing (efn_dependency_run, EFN_TRACE_FLOW).
 *
 * Worked by hand from examples/data/corridor.json (gas in bcm/y; costs per
 * bcm are line lengths, 1 for a connector with none):
 *
 *   Before (2023): Turkmenistan sends China its 42 (demand), all of its
 *   exports: share to China 42 / 42 = 100%. Shah Deniz (79 mcm/d = 28.835)
 *   fills SCP (23.4): Georgia 2.5, Europe through TANAP and TAP 11.8 (TAP
 *   full), Türkiye 23.4 - 2.5 - 11.8 = 9.1 by BOTAŞ at Türkgözü (692 km of
 *   SCP is cheaper than TurkStream's 1,000 or Blue Stream's 1,213).
 *   Türkiye's 50.2: LNG 14.27 by the origin of its cargoes (DZ 5.99, US
 *   4.0, EG 1.32, unstated ZZ 2.96), domestic 0.807 (TR), Iran 9.6
 *   (Tabriz-Ankara has no length in the data, so it is the cheapest
 *   import), AZ 9.1, TurkStream 15.75 (full) + Blue Stream the rest, 0.673:
 *   RU 16.423. HHI = 10^4 x (16.423^2 + 0.807^2 + 5.99^2 + 4.0^2 + 1.32^2
 *   + 2.96^2 + 9.6^2 + 9.1^2) / 50.2^2 = 10^4 x (269.714929 + 0.651249
 *   + 35.8801 + 16 + 1.7424 + 8.7616 + 92.16 + 82.81) / 2520.04
 *   = 10^4 x 507.720278 / 2520.04 = 2014.7310.
 *   Europe (Italy, Greece, Bulgaria, TurkStream's Europe): AZ 11.8 + RU 13.6
 *   = 25.4; HHI = 10^4 x (11.8^2 + 13.6^2) / 25.4^2 = 5025.1101.
 *   Everything is delivered: 120.4 = 2.5 + 50.2 + 0.3 + 0.48 + 1.32 + 10
 *   + 13.6 + 42, so only demand binds (TAP, though full, is not in the cut).
 *
 *   With the line, 10 or 30, on today's corridor: Europe can only be
 *   reached through TAP's first section (Kipoi -> Komotini), which is
 *   already full (11.8). The extra European demand cannot be served, the
 *   maximum stays 120.4, and the minimum cut names TAP at 11.8. At
 *   Sangachal Shah Deniz gas (connector, cost 1) is cheaper than Turkmen
 *   gas (300 km more), and Shah Deniz has 28.835 - 23.4 = 5.435 to spare,
 *   so SCP stays full of Azerbaijani gas: the line carries 0, China's share
 *   stays 100%, and Europe's and Türkiye's HHI do not move.
 *
 *   With the line and the corridor expanded (SCP 31, TANAP 31, TAP 20):
 *   Europe gets TAP's 20 (Greece 0.48 and Bulgaria 1.32, nearer, in full;
 *   Italy 18.2), the maximum rises by 20 - 11.8 = 8.2 to 128.6, and TAP
 *   binds again (the cut: TAP at 20). SCP carries 31: Georgia 2.5, Europe
 *   20, Türkiye 8.5, because even Turkmen gas reaches Türkiye more cheaply
 *   through SCP (300 + 692 km) than Blue Stream's gas, which Türkiye would
 *   otherwise take (1,213 km; TurkStream's 15.75 is used in full either
 *   way). Shah Deniz gives all 28.835, so Turkmen gas fills the rest:
 *   31 - 28.835 = 2.165, whether the line is 10 or 30. China's share:
 *   42 / (42 + 2.165) = 95.098%. For the line to carry 10 (or 30), SCP
 *   would need 28.835 + 10 = 38.835 (or 58.835).
 *   Sangachal's mix: AZ 28.835/31 = 93.016%, TM 2.165/31 = 6.984%.
 *   Türkiye: LNG and domestic as before (15.077 in all), IR 9.6, AZ 8.5 x
 *   28.835/31 = 7.906371, TM 8.5 x 2.165/31 = 0.593629, RU 50.2 - 15.077
 *   - 9.6 - 8.5 = 17.023 (TurkStream 15.75 + Blue Stream 1.273). HHI =
 *   10^4 x (17.023^2 + 63.035349 [the LNG origins and TR, as above] +
 *   9.6^2 + 7.906371^2 + 0.593629^2) / 50.2^2 = 10^4 x 507.840975 /
 *   2520.04 = 2015.2100. TM share 0.593629/50.2 = 1.183%.
 *   Europe: AZ 20 x 28.835/31 = 18.603226, TM 20 x 2.165/31 = 1.396774,
 *   RU 13.6; total 33.6; HHI = 10^4 x (18.603226^2 + 1.396774^2 + 13.6^2)
 *   / 33.6^2 = 10^4 x 532.990989 / 1128.96 = 4721.0795. TM share 4.157%.
 */
#include <stdint.h>

#include "example.h"

static const int year = 2023;

static const char *const europe[] = {"italy", "greece", "bulgaria",
                                     "europe_via_turkstream"};
#define N_EUROPE (sizeof europe / sizeof europe[0])
static const char *const europe_tap[] = {"italy", "greece", "bulgaria"};
#define N_TAP (sizeof europe_tap / sizeof europe_tap[0])

typedef struct tc_case {
    const char *label;
    const char *scenario[2]; /* overlays, NULL when none */
    /* computed */
    double max_total, demand_total;
    double tm_out, tm_china, tm_west, china_share;
    double eu_delivered, eu_demand, eu_hhi, eu_tm;
    double tr_hhi, tr_tm;
    double use_tcp, use_scp, use_tanap, use_tap;
    double tap_cut, scp_cut;
    efn_flow *flow;
    efn_network *net;
} tc_case;

static void run(tc_case *c, const ex_args *args, const efn_network *base)
{
    efn_scenario *scn[2] = {NULL, NULL};
    efn_dependency *dep;
    size_t n = 0, i;
    double v;
    while (n < 2 && c->scenario[n]) {
        scn[n] = ex_load_scenario(args, c->scenario[n]);
        n++;
    }
    c->net = ex_apply(base, (const efn_scenario *const *)scn, n);
    for (i = 0; i < n; i++)
        efn_scenario_free(scn[i]);
    c->flow = ex_flow(c->net, EFN_GAS, year, EFN_ALLOC_MAX);
    c->max_total = efn_flow_max_total(c->flow);
    c->demand_total = efn_flow_demand_total(c->flow);
    c->tm_out = ex_injected(c->flow, c->net, "turkmenistan_gas");
    c->tm_west = ex_asset_flow(c->flow, c->net, "trans_caspian", &c->use_tcp);
    ex_asset_flow(c->flow, c->net, "scp", &c->use_scp);
    ex_asset_flow(c->flow, c->net, "tanap", &c->use_tanap);
    ex_asset_flow(c->flow, c->net, "tap", &c->use_tap);
    c->tap_cut = ex_cut_capacity(c->flow, c->net, "tap");
    c->scp_cut = ex_cut_capacity(c->flow, c->net, "scp");
    for (i = 0; i < N_TAP; i++) {
        c->eu_delivered += ex_delivered(c->flow, c->net, europe_tap[i], NULL);
        c->eu_demand +=
            ex_node_qty(c->net, europe_tap[i], EFN_DEMAND, EFN_GAS, year);
    }

    dep = ex_dependency(c->net, EFN_GAS, year, EFN_TRACE_FLOW);
    c->tm_china =
        ex_dep_country(dep, c->net, "china", EFN_DEP_SUPPLIER, "TM", NULL);
    c->china_share = c->tm_out > 0 ? c->tm_china / c->tm_out : 0;
    c->eu_hhi = ex_group_hhi(dep, c->net, europe, N_EUROPE, &v);
    c->eu_tm = ex_group_country(dep, c->net, europe, N_EUROPE, EFN_DEP_SUPPLIER,
                                "TM") /
               v;
    ex_dep_consumer(dep, c->net, "turkiye", &v, &c->tr_hhi);
    c->tr_tm =
        ex_dep_country(dep, c->net, "turkiye", EFN_DEP_SUPPLIER, "TM", NULL) /
        v;
    efn_dependency_free(dep);
}

/* One row of the comparison table: `expr`, of the case `c`, for each case. */
#define ROW(what, format, expr)                                                \
    do {                                                                       \
        printf("  ");                                                          \
        ex_pad(what, 30);                                                      \
        for (i = 0; i < 5; i++) {                                              \
            const tc_case *c = &cases[i];                                      \
            printf(format, (expr));                                            \
        }                                                                      \
        printf("\n");                                                          \
    } while (0)

int main(int argc, char **argv)
{
    ex_args args = ex_parse_args(argc, argv);
    efn_network *base = ex_load_network(&args);
    tc_case cases[5] = {
        {.label = "2023"},
        {.label = "TCP 10", .scenario = {"trans_caspian_10.json", NULL}},
        {.label = "TCP 30", .scenario = {"trans_caspian_30.json", NULL}},
        {.label = "TCP 10+exp",
         .scenario = {"trans_caspian_10.json",
                      "trans_caspian_corridor_expansion.json"}},
        {.label = "TCP 30+exp",
         .scenario = {"trans_caspian_30.json",
                      "trans_caspian_corridor_expansion.json"}},
    };
    double sd; /* Shah Deniz's supply */
    size_t i;

    for (i = 0; i < 5; i++)
        run(&cases[i], &args, base);
    sd = ex_node_qty(base, "shah_deniz", EFN_SUPPLY, EFN_GAS, year);

    printf("A Trans-Caspian gas pipeline, 10 or 30 bcm/y, on the %d network\n",
           year);
    printf("Gas in bcm/y. Least-cost maximum flows, traced by proportional "
           "sharing.\n");
    printf("TCP = Trans-Caspian line; exp = SCP 31, TANAP 31, TAP 20 "
           "(their expandable\ncapacities). Each TCP case adds its volume "
           "to Turkmen supply and to\nEurope's demand at the end of TAP.\n\n");
    printf("  %-30s", "");
    for (i = 0; i < 5; i++)
        printf("%11s", cases[i].label);
    printf("\n");
    printf("Turkmenistan\n");
    ROW("gas sent out", "%11.3f", c->tm_out);
    ROW("  to China", "%11.3f", c->tm_china);
    ROW("  west, through the TCP", "%11.3f", c->tm_west);
    ROW("share going to China, %", "%11.1f", 100 * c->china_share);
    printf("Europe (IT, GR, BG, TurkStream)\n");
    ROW("Caspian gas wanted (IT+GR+BG)", "%11.3f", c->eu_demand);
    ROW("  delivered", "%11.3f", c->eu_delivered);
    ROW("HHI of supplier countries", "%11.0f", c->eu_hhi);
    ROW("Turkmen share, %", "%11.2f", 100 * c->eu_tm);
    printf("Türkiye\n");
    ROW("HHI of supplier countries", "%11.0f", c->tr_hhi);
    ROW("Turkmen share, %", "%11.2f", 100 * c->tr_tm);
    printf("The corridor, use of capacity, %%\n");
    ROW("Trans-Caspian", "%11.0f", 100 * c->use_tcp);
    ROW("SCP (with SCPX)", "%11.0f", 100 * c->use_scp);
    ROW("TANAP", "%11.0f", 100 * c->use_tanap);
    ROW("TAP", "%11.0f", 100 * c->use_tap);
    printf("The whole network\n");
    ROW("demand", "%11.2f", c->demand_total);
    ROW("maximum deliverable", "%11.2f", c->max_total);

    printf("\nWhat binds (the minimum cut; fully served demands left out)\n");
    for (i = 0; i < 5; i++) {
        printf("  %s:\n", cases[i].label);
        if (cases[i].max_total >= cases[i].demand_total * (1 - 1e-9))
            printf("    nothing but demand: every consumer is served in "
                   "full\n");
        else
            ex_print_cut(cases[i].flow, cases[i].net, 0);
    }

    printf("\nWhat it means\n");
    ex_say(2,
           "TAP binds first. Its first section, Kipoi -> Komotini, is the "
           "only way into Europe and was full in 2023 (%.1f), so a "
           "Trans-Caspian line alone, of 10 or of 30, delivers nothing more "
           "to Europe and carries nothing (%.3f bcm/y): the extra European "
           "demand "
           "goes unmet, Turkmenistan still sends %.0f%% of its gas to "
           "China, and Europe's and Türkiye's concentration does not move. "
           "SCP is full as well (%.0f%%): Azerbaijani gas also feeds "
           "Türkiye through it, and Shah Deniz, nearer Sangachal, has %.3f "
           "to spare before any Turkmen gas is needed. With SCP and TANAP "
           "at 31 and TAP at 20, Europe gains %.1f, TAP binds again, SCP "
           "runs full at 31, and Shah Deniz's %.3f leaves %.3f for "
           "Turkmen gas, whatever the line's size: China's share falls only "
           "to %.1f%%. Europe's HHI falls from %.0f to %.0f, mostly because "
           "it gets more Azerbaijani gas; Turkmen gas is %.1f%% of Europe's "
           "supply and %.1f%% of Türkiye's. A Trans-Caspian line is worth "
           "what the lines west of Baku can take after Azerbaijan's own "
           "gas: with Shah Deniz at %.1f, SCP would need %.1f to carry 10 "
           "of Turkmen gas and %.1f to carry 30 (Türkiye would take what "
           "TAP cannot, in place of Russian gas).",
           cases[1].use_tap * ex_capacity(cases[1].net, "tap", year),
           cases[2].tm_west, 100 * cases[2].china_share, 100 * cases[1].use_scp,
           sd - 23.4, cases[3].eu_delivered - cases[0].eu_delivered, sd,
           cases[3].tm_west, 100 * cases[3].china_share, cases[0].eu_hhi,
           cases[3].eu_hhi, 100 * cases[3].eu_tm, 100 * cases[3].tr_tm, sd,
           sd + 10, sd + 30);

    /* The checks. */
    for (i = 0; i < 3; i++) {
        ex_expect(&args, "Turkmen gas to China", cases[i].tm_china, 42);
        ex_expect(&args, "Turkmen gas west", cases[i].tm_west, 0);
        ex_expect(&args, "share to China", cases[i].china_share, 1);
        ex_expect(&args, "Europe delivered", cases[i].eu_delivered, 11.8);
        ex_expect(&args, "Europe's HHI", cases[i].eu_hhi,
                  1e4 * (11.8 * 11.8 + 13.6 * 13.6) / (25.4 * 25.4));
        ex_expect(&args, "Türkiye's HHI", cases[i].tr_hhi,
                  1e4 * 507.720278 / 2520.04);
        ex_expect(&args, "maximum deliverable", cases[i].max_total, 120.4);
        ex_expect(&args, "SCP use", cases[i].use_scp, 1);
        ex_expect(&args, "TAP in the cut", cases[i].tap_cut, i ? 11.8 : 0);
        ex_expect(&args, "SCP not in the cut", cases[i].scp_cut, 0);
    }
    for (i = 3; i < 5; i++) {
        ex_expect(&args, "Turkmen gas west (exp)", cases[i].tm_west,
                  31 - 79 * 0.365);
        ex_expect(&args, "Turkmen gas west (exp), bcm/y", cases[i].tm_west,
                  2.165);
        ex_expect(&args, "Turkmen gas to China (exp)", cases[i].tm_china, 42);
        ex_expect(&args, "share to China (exp)", cases[i].china_share,
                  42 / (42 + 2.165));
        ex_expect(&args, "Europe delivered (exp)", cases[i].eu_delivered, 20);
        ex_expect(&args, "Europe's HHI (exp)", cases[i].eu_hhi,
                  1e4 * 532.990989 / 1128.96);
        ex_expect(&args, "Europe's Turkmen share (exp)", cases[i].eu_tm,
                  20 * 2.165 / 31 / 33.6);
        ex_expect(&args, "Türkiye's HHI (exp)", cases[i].tr_hhi,
                  1e4 * 507.8409753 / 2520.04);
        ex_expect(&args, "Türkiye's Turkmen share (exp)", cases[i].tr_tm,
                  8.5 * 2.165 / 31 / 50.2);
        ex_expect(&args, "maximum deliverable (exp)", cases[i].max_total,
                  128.6);
        ex_expect(&args, "SCP use (exp)", cases[i].use_scp, 1);
        ex_expect(&args, "TAP in the cut (exp)", cases[i].tap_cut, 20);
    }
    ex_expect(&args, "TCP 10 use (exp)", cases[3].use_tcp, 2.165 / 10);
    ex_expect(&args, "TCP 30 use (exp)", cases[4].use_tcp, 2.165 / 30);

    for (i = 0; i < 5; i++) {
        efn_flow_free(cases[i].flow);
        efn_network_free(cases[i].net);
    }
    efn_network_free(base);
    return ex_finish(&args);
}
