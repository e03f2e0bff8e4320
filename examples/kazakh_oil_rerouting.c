/*
 * kazakh_oil_rerouting: if the CPC pipeline through Russia is cut, how much
 * Kazakh crude can still leave across the Caspian (Aktau -> Baku by tanker)
 * and through BTC, how much room is left in BTC, and how much is stranded?
 *
 * Overlay: examples/scenarios/kazakh_oil_rerouting.json, year 2024 (the
 * first year of the 2.2 Mt/y SOCAR-KMG volume). It lets the export
 * terminals take what their lines bring and disables CPC. The base case is
 * the same overlay with CPC enabled again (a one-change scenario written in
 * this program), so that the disruption is the only difference.
 *
 * Worked by hand (oil, Mt/y, 2024; 7.33 bbl/t, so 1 Mt/y = 10^6 x 7.33 / 365
 * = 20,082 b/d; a year series' latest entry carries forward):
 *
 *   Data: Tengiz (Kazakh crude) 74.7 = CPC's 72.5 for Kazakh oil + the
 *   2.2 via Aktau; Aktau tanker link 2.2 (contractual); CPC 72.5 on its
 *   Kazakh section, 83 in all, with 10.5 of Russian crude joining at the
 *   border. At Sangachal: ACG 363 kb/d = 363,000 x 365 / 7.33 / 10^6 =
 *   18.0757, other crude 10.93 (2023 residual). BTC 1.2 Mb/d =
 *   1.2 x 365 / 7.33 = 59.7544. Supsa takes 0.136 (Baku-Supsa, 829.6 km,
 *   is cheaper than BTC's 1,768 km, so it is served first). Overlay: Ceyhan
 *   takes up to 59.7544, the CPC terminal up to 83.
 *
 *   Base: Tengiz sends 72.5 through CPC (its Kazakh section full) and 2.2
 *   by tanker (full): 74.7 delivered, 0 stranded. Sangachal gets
 *   18.0757 + 10.93 + 2.2 = 31.2057; less Supsa's 0.136, BTC carries
 *   31.0697; spare 59.7544 - 31.0697 = 28.6847.
 *
 *   CPC out: Kazakh crude can leave only by tanker: 2.2 (the tanker link
 *   binds). Stranded: 74.7 - 2.2 = 72.5 = 1,455,959 b/d. BTC carries the
 *   same 31.0697 as before, since the tanker link was already full; spare
 *   28.6847 = 576,052 b/d.
 */
#include "example.h"

typedef struct kz {
    double supply, delivered, stranded; /* Tengiz: Kazakh crude */
    double via_aktau, via_cpc;
    double btc_flow, btc_spare;
    efn_flow *flow;
} kz;

static kz run(const efn_network *net, int year)
{
    kz k;
    k.flow = ex_flow(net, EFN_OIL, year, EFN_ALLOC_MAX);
    k.supply = ex_node_qty(net, "tengiz", EFN_SUPPLY, EFN_OIL, year);
    k.delivered = ex_injected(k.flow, net, "tengiz");
    k.stranded = k.supply - k.delivered;
    k.via_aktau = ex_asset_flow(k.flow, net, "aktau_baku_tanker", NULL);
    k.via_cpc = k.delivered - k.via_aktau;
    k.btc_flow = ex_asset_flow(k.flow, net, "btc", NULL);
    k.btc_spare = ex_capacity(net, "btc", year) - k.btc_flow;
    return k;
}

static void row(const efn_network *net, const char *what, double base,
                double out)
{
    char b1[32], b2[32];
    base = ex_shown(base);
    out = ex_shown(out);
    printf("  ");
    ex_pad(what, 30);
    printf(" %9.5g %11s   %9.5g %11s\n", base,
           ex_thousands(b1, ex_bpd(net, base)), out,
           ex_thousands(b2, ex_bpd(net, out)));
}

int main(int argc, char **argv)
{
    const int year = 2024;
    static const char restore[] =
        "{\"efn\": 1, \"kind\": \"scenario\", \"name\": \"CPC running\","
        " \"changes\": [{\"op\": \"enable\", \"target\": \"asset\", \"id\": "
        "\"cpc\"}]}";
    ex_args args = ex_parse_args(argc, argv);
    efn_network *net = ex_load_network(&args);
    efn_scenario *overlay =
        ex_load_scenario(&args, "kazakh_oil_rerouting.json");
    efn_scenario *running = ex_inline_scenario(restore, "cpc_running");
    const efn_scenario *scn[2] = {overlay, running};
    efn_network *out_net, *base_net;
    kz base, out;
    double btc_cap, hand_btc, hand_spare;
    char b1[32], b2[32];

    out_net = ex_apply(net, scn, 1);
    base_net = ex_apply(net, scn, 2);
    base = run(base_net, year);
    out = run(out_net, year);
    btc_cap = ex_capacity(out_net, "btc", year);

    printf("%s, %d\n\n", efn_scenario_name(overlay), year);
    ex_print_wrapped(efn_scenario_description(overlay), 2);
    printf("\n");
    ex_say(2,
           "Tengiz (Kazakh crude) can supply %.5g Mt/y; the Aktau-Baku "
           "tanker link is agreed for %.5g Mt/y; BTC carries up to %.5g Mt/y "
           "(%s b/d).",
           out.supply, ex_capacity(out_net, "aktau_baku_tanker", year), btc_cap,
           ex_thousands(b1, ex_bpd(out_net, btc_cap)));
    printf("\n");
    printf("  %-30s %21s   %21s\n", "", "CPC running", "CPC out");
    printf("  %-30s %9s %11s   %9s %11s\n", "", "Mt/y", "b/d", "Mt/y", "b/d");
    row(net, "Kazakh crude via CPC", base.via_cpc, out.via_cpc);
    row(net, "Kazakh crude via Aktau and BTC", base.via_aktau, out.via_aktau);
    row(net, "Kazakh crude delivered", base.delivered, out.delivered);
    row(net, "Kazakh crude stranded", base.stranded, out.stranded);
    row(net, "BTC flow", base.btc_flow, out.btc_flow);
    row(net, "BTC spare capacity", base.btc_spare, out.btc_spare);

    printf("\nWhat binds with CPC out (minimum cut, %.5g Mt/y in all):\n",
           efn_flow_max_total(out.flow));
    ex_print_cut(out.flow, out_net, 1);
    printf("\n");
    ex_say(0,
           "Why: with CPC out, the only way out for Kazakh crude is the "
           "tanker link, which is full at %.5g Mt/y; %.5g Mt/y (%s b/d) of "
           "Kazakh supply is stranded. BTC is not the limit: it has %.5g "
           "Mt/y (%s b/d) to spare in both cases, because the tanker link "
           "was already full with CPC running. Using that room needs more "
           "Caspian shipping (or a pipeline), not more BTC capacity.",
           out.via_aktau, out.stranded,
           ex_thousands(b1, ex_bpd(net, out.stranded)), out.btc_spare,
           ex_thousands(b2, ex_bpd(net, out.btc_spare)));

    hand_btc = 363e3 * 365 / 7.33 / 1e6 + 10.93 + 2.2 - 0.136;
    hand_spare = 1.2 * 365 / 7.33 - hand_btc;
    ex_expect(&args, "Kazakh via Aktau, CPC out", out.via_aktau, 2.2);
    ex_expect(&args, "Kazakh delivered, CPC out", out.delivered, 2.2);
    ex_expect(&args, "Kazakh stranded, CPC out", out.stranded, 74.7 - 2.2);
    ex_expect(&args, "Kazakh stranded, CPC out, b/d", ex_bpd(net, out.stranded),
              72.5e6 * 7.33 / 365);
    ex_expect(&args, "tanker link in the cut",
              ex_cut_capacity(out.flow, out_net, "aktau_baku_tanker"), 2.2);
    ex_expect(&args, "BTC flow, CPC out", out.btc_flow, hand_btc);
    ex_expect(&args, "BTC spare, CPC out", out.btc_spare, hand_spare);
    ex_expect(&args, "BTC spare, CPC out, b/d", ex_bpd(net, out.btc_spare),
              hand_spare * 1e6 * 7.33 / 365);
    ex_expect(&args, "Kazakh via CPC, base", base.via_cpc, 72.5);
    ex_expect(&args, "Kazakh stranded, base", base.stranded, 0);
    ex_expect(&args, "BTC spare, base", base.btc_spare, hand_spare);

    efn_flow_free(base.flow);
    efn_flow_free(out.flow);
    efn_network_free(base_net);
    efn_network_free(out_net);
    efn_scenario_free(running);
    efn_scenario_free(overlay);
    efn_network_free(net);
    return ex_finish(&args);
}
