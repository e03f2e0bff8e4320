/*
 * turkiye_gas_contracts: Türkiye after its Russian (end of 2024) and
 * Iranian (2026) gas contracts expire. Four cases, with and without
 * Iranian gas and with and without Russian gas, each with Sakarya at its
 * average (11 bcm/y) and at its peak (15 bcm/y): Türkiye's unmet demand and
 * its N-1 infrastructure standard (Regulation (EU) 2017/1938, Annex II).
 *
 * Overlays (examples/scenarios/), combined with efn_scenario_apply_all:
 * turkiye_sakarya_average.json or turkiye_sakarya_peak.json, then
 * turkiye_no_iran.json and/or turkiye_no_russia.json. Year 2026.
 *
 * Allocation: "shared" (every consumer served the same fraction of its
 * demand, ENTSOG's cooperative mode). In "max" mode the least-cost tie-break
 * would hand SCP's gas to Türkiye before Europe because its route is
 * shorter, so Türkiye's shortfall would depend on pipeline lengths, not on
 * anything agreed.
 *
 * Worked by hand (gas, bcm/y, 2026; a year series' latest entry carries
 * forward):
 *
 *   Türkiye wants 50.2 (2023's consumption, the data's latest figure). Its
 *   supplies: LNG 14.27 (2023), Sakarya S = 11 or 15 (overlay), Iran 9.6,
 *   Blue Stream 16, TurkStream string 1 (Russkaya's 31.5 less Europe's 16.7
 *   through string 2 leaves 14.8), and Azerbaijani gas through SCP (23.4),
 *   which Georgia (2.5) and Europe (Italy 10 + Greece 0.48 + Bulgaria 1.32
 *   = 11.8) share.
 *
 *   With Russian gas: 16 + 14.8 + 14.27 + S >= 56.07 > 50.2 even without
 *   Iran: unmet 0 (cases 1 and 2).
 *   Without Russian gas, Türkiye's own supplies are 14.27 + S (+ 9.6 with
 *   Iran); SCP's 23.4 is shared by Türkiye, Georgia and Europe, each served
 *   the fraction t = (23.4 + own) / (50.2 + 2.5 + 11.8 = 64.5), and
 *   Türkiye's unmet demand is 50.2 (1 - t):
 *     with Iran, S = 11: own 34.87, t = 58.27/64.5, unmet 50.2 x 6.23/64.5
 * = 4.8488 with Iran, S = 15: own 38.87, t = 62.27/64.5, unmet 50.2 x 2.23/64.5
 * = 1.7356 no Iran,   S = 11: own 25.27, t = 48.67/64.5, unmet 50.2
 * x 15.83/64.5 = 12.3204 no Iran,   S = 15: own 29.27, t = 52.67/64.5,
 * unmet 50.2 x 11.83/64.5 = 9.2072
 *
 *   EU N-1 (the terms are in mcm/d, 1 bcm/y = 1000/365 mcm/d; the ratio is
 *   the same in bcm/y): EPm = the lines entering Türkiye: SCP 23.4 + Blue
 *   Stream 16 + TurkStream 1 15.75 + TurkStream 2 16.7 (its capacity from
 *   2024, the 2024 throughput) + Tabriz-Ankara 14 = 85.85, less 14 without
 *   Iran and 31.75 without Russia; Pm = S; LNGm = 14.27 (the four LNG
 *   origin nodes: 5.99 + 4.0 + 1.32 + 2.96); Sm = 0; Im = SCP, 23.4.
 *   Dmax is Türkiye's peak_demand: the record day of 24 Feb 2025, 333.7
 *   mcm/d (= 333.7 x 0.365 = 121.8005 bcm/y).
 *     both renewed:   (85.85 + S + 14.27 - 23.4) / 121.8005 = 72.0194 %
 * | 75.3035 % no Iran:        (71.85 + ...)                         = 60.5252 %
 * | 63.8093 % no Russia:      (54.10 + ...)                         = 45.9522 %
 * | 49.2363 % neither:        (40.10 + ...)                         = 34.4580 %
 * | 37.7421 % (S = 11 | S = 15; the standard asks for at least 100 %.)
 */
#include "example.h"

typedef struct tr_case {
    const char *label;
    int iran, russia;
    double lost_entry; /* bcm/y of entry capacity the case takes out */
} tr_case;

static const tr_case cases[] = {
    {"Russian and Iranian gas", 1, 1, 0},
    {"Russian gas, no Iranian", 0, 1, 14},
    {"Iranian gas, no Russian", 1, 0, 16 + 15.75},
    {"neither", 0, 0, 14 + 16 + 15.75},
};

int main(int argc, char **argv)
{
    const int year = 2026;
    const double demand = 50.2, scp = 23.4, corridor_demand = 50.2 + 2.5 + 11.8;
    const double lng = 5.99 + 4.0 + 1.32 + 2.96, iran = 9.6,
                 entry_all = 23.4 + 16 + 15.75 + 16.7 + 14, dmax_mcm_d = 333.7;
    const double sakarya_bcm[2] = {11, 15};
    ex_args args = ex_parse_args(argc, argv);
    efn_network *net = ex_load_network(&args);
    efn_scenario *sakarya[2], *no_iran, *no_russia;
    efn_eu_n1 eu;
    size_t c, s;
    double unmet_of[4][2];
    efn_network *net_of[4][2];
    efn_flow *flow_of[4][2];
    const efn_network *last;

    sakarya[0] = ex_load_scenario(&args, "turkiye_sakarya_average.json");
    sakarya[1] = ex_load_scenario(&args, "turkiye_sakarya_peak.json");
    no_iran = ex_load_scenario(&args, "turkiye_no_iran.json");
    no_russia = ex_load_scenario(&args, "turkiye_no_russia.json");

    printf("Türkiye's gas after the Russian and Iranian contracts, %d\n\n",
           year);
    ex_say(2,
           "Türkiye's demand in %d: %.5g bcm/y (the data's latest figure, "
           "its 2023 consumption, carried forward). Sakarya (all Turkish "
           "output) at its average or peak from the paper; LNG at 2023's "
           "%.5g bcm/y. \"No Iranian\" and \"no Russian\" take the import "
           "lines out of use (and out of the N-1 entry capacity). "
           "Allocation: shared, every consumer served the same fraction of "
           "its demand (Georgia and Europe share SCP with Türkiye).",
           year, ex_node_qty(net, "turkiye", EFN_DEMAND, EFN_GAS, year),
           ex_node_qty(net, "lng_algeria", EFN_SUPPLY, EFN_GAS, year) +
               ex_node_qty(net, "lng_us", EFN_SUPPLY, EFN_GAS, year) +
               ex_node_qty(net, "lng_egypt", EFN_SUPPLY, EFN_GAS, year) +
               ex_node_qty(net, "lng_other_origin", EFN_SUPPLY, EFN_GAS, year));
    printf("\n");
    printf("  %-25s %8s %9s %8s %10s %8s\n", "case", "Sakarya", "unmet",
           "served", "EPm", "EU N-1");
    printf("  %-25s %8s %9s %8s %10s %8s\n", "", "bcm/y", "bcm/y", "%", "mcm/d",
           "%");
    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (s = 0; s < 2; s++) {
            const efn_scenario *list[3];
            size_t n = 0;
            double unmet, delivered, own, hand_unmet, hand_n1;
            efn_network *net_c;
            efn_flow *flow;

            list[n++] = sakarya[s];
            if (!cases[c].iran)
                list[n++] = no_iran;
            if (!cases[c].russia)
                list[n++] = no_russia;
            net_c = ex_apply(net, list, n);
            flow = ex_flow(net_c, EFN_GAS, year, EFN_ALLOC_SHARED);
            delivered = ex_delivered(flow, net_c, "turkiye", &unmet);
            unmet_of[c][s] = unmet;
            CHECK(efn_eu_n1_compute(&eu, net_c, "TR", year, 0));

            printf("  %-25s %8.5g %9.4f %8.1f %10.2f %8.2f\n", cases[c].label,
                   ex_node_qty(net_c, "sakarya", EFN_SUPPLY, EFN_GAS, year),
                   ex_shown(unmet), 100 * delivered / demand, eu.epm_mcm_d,
                   eu.n1_percent);

            own = lng + sakarya_bcm[s] + (cases[c].iran ? iran : 0);
            hand_unmet = cases[c].russia
                             ? 0
                             : demand * (1 - (scp + own) / corridor_demand);
            hand_n1 = (entry_all - cases[c].lost_entry + sakarya_bcm[s] + lng -
                       23.4) /
                      (dmax_mcm_d * 0.365) * 100;
            ex_expect(&args, "Türkiye's unmet demand", unmet, hand_unmet);
            ex_expect(&args, "Türkiye's EU N-1 %", eu.n1_percent, hand_n1);
            ex_expect(&args, "Dmax estimated", eu.dmax_estimated, 0);
            ex_expect(&args, "Dmax, mcm/d", eu.dmax_mcm_d, dmax_mcm_d);

            net_of[c][s] = net_c;
            flow_of[c][s] = flow;
        }
    }
    printf("\n");
    ex_say(
        2,
        "What binds where Türkiye is short (minimum cut: full lines and "
        "exhausted supplies; TurkStream string 2 limits only Europe's "
        "TurkStream gas, %.4g of the %.4g bcm/y wanted once string 1 is "
        "out):",
        ex_capacity(net, "turkstream_2", year),
        ex_node_qty(net, "europe_via_turkstream", EFN_DEMAND, EFN_GAS, year));
    for (c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (s = 0; s < 2; s++)
            if (unmet_of[c][s] > 1e-6) {
                printf("  %s, Sakarya %.5g:\n", cases[c].label, sakarya_bcm[s]);
                ex_print_cut(flow_of[c][s], net_of[c][s], 0);
            }
    last = net_of[3][1];
    printf("\n");
    ex_say(2,
           "EU N-1 = (EPm + Pm + Sm + LNGm - Im) / Dmax x 100. Im is %s "
           "(%.2f mcm/d) in every case. Dmax is %s: %.2f mcm/d%s. EPm "
           "counts every line entering Türkiye, including TurkStream string "
           "2 (%.2f mcm/d), which carries Russian gas on to Europe.",
           eu.im_is_asset ? ex_asset_id(last, eu.im_index)
                          : ex_node_id(last, eu.im_index),
           eu.im_mcm_d,
           eu.dmax_estimated ? "estimated from annual demand"
                             : "Türkiye's peak_demand in the data",
           eu.dmax_mcm_d,
           eu.dmax_estimated ? " (annual demand / 365 x the peak factor)"
                             : " (the record day, 24 Feb 2025)",
           ex_capacity(last, "turkstream_2", year) * 1000 / 365);
    printf("\n");
    ex_say(2,
           "Why: with Russian gas Türkiye is fully served whatever Iran and "
           "Sakarya do. Without it, Türkiye, Georgia and Europe share the "
           "Azerbaijani gas SCP can carry (full at %.4g bcm/y), each served "
           "the same fraction. Then Sakarya's peak instead of its average "
           "cuts Türkiye's shortfall by %.3g bcm/y, and Iranian gas cuts it "
           "by %.3g (Sakarya at its average): less than the volumes "
           "themselves, since Georgia and Europe take their share of every "
           "extra bcm. No case meets the standard's 100%%.",
           ex_capacity(net, "scp", year), unmet_of[3][0] - unmet_of[3][1],
           unmet_of[3][0] - unmet_of[2][0]);

    for (c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (s = 0; s < 2; s++) {
            efn_flow_free(flow_of[c][s]);
            efn_network_free(net_of[c][s]);
        }
    efn_scenario_free(no_russia);
    efn_scenario_free(no_iran);
    efn_scenario_free(sakarya[1]);
    efn_scenario_free(sakarya[0]);
    efn_network_free(net);
    return ex_finish(&args);
}
