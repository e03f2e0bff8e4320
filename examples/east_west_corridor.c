/*
 * east_west_corridor: the 2023 East-West gas corridor as the paper (Shaffer,
 * "Türkiye's Energy Engagement in Central Asia and the Caucasus", Silk Road
 * Paper, June 2024) describes it. Gas from Shah Deniz goes through SCP,
 * TANAP and TAP. Where do Türkiye's, Georgia's and Europe's gas come from,
 * and through which countries? How much of the corridor do TPAO and BOTAŞ,
 * and so Türkiye, hold?
 *
 * No overlay: the bundled network as it is, in 2023. The gas is traced
 * along the OBSERVED 2023 flows (efn_dependency_run with
 * EFN_TRACE_OBSERVED, proportional sharing), not along a computed optimum,
 * because the question is where the gas did go. Ownership is efn_ownership_run
 * for 2023, following the chains TPAO -> Türkiye and BOTAŞ -> Türkiye.
 *
 * Worked by hand from examples/data/corridor.json (gas in bcm/y):
 *
 *   Observed 2023 flows along the corridor:
 *     Shah Deniz -> Sangachal 23.8 -> SCP: 2.5 to Georgia at Tbilisi, 21.3
 *     on to Türkgözü; there 3.9 to BOTAŞ (Erzurum -> Türkiye) and 17.4 into
 *     TANAP; 5.6 leaves TANAP at Eskişehir for Türkiye, 11.8 goes on to
 *     Kipoi and into TAP: 10 to Italy, 0.48 to Greece, 1.32 over IGB to
 *     Bulgaria. Every junction balances (23.8 = 2.5 + 21.3, 21.3 = 3.9 +
 *     17.4, 17.4 = 5.6 + 11.8, 11.8 = 10 + 0.48 + 1.32).
 *
 *   Azerbaijani gas delivered (all of it from Shah Deniz, the one AZ origin):
 *     Türkiye  5.6 + 3.9 = 9.5         paper 9.5
 *     Europe   10 + 0.48 + 1.32 = 11.8 paper 11.8
 *     Georgia  2.5                     the minister [S20]: 2.5
 *
 *   Türkiye's 2023 inflow (the node takes all that reaches it):
 *     RU  Blue Stream 11.95 + TurkStream 8.6      = 20.55
 *     LNG by the origin of its cargoes [S45]: DZ 5.99, US 4.0, EG 1.32,
 *         and ZZ (unstated) 14.27 - 11.31 = 2.96
 *     TR  domestic output 0.807
 *     AZ  9.5;  IR  Tabriz-Ankara 5.4
 *     total 20.55 + 14.27 + 0.807 + 9.5 + 5.4      = 50.527
 *   Shares: RU 20.55/50.527 = 40.671%, AZ 18.802%, DZ 11.855%, IR 10.687%,
 *   US 7.917%, ZZ 5.858%, EG 2.612%, TR 1.597%.
 *   Erzurum mixes SCP and Iranian gas, Ankara mixes that with Blue Stream,
 *   but every path ends at the Turkish market, so the mixing does not change
 *   Türkiye's totals. HHI = 10^4 x (20.55^2 + 9.5^2 + 5.4^2 + 0.807^2 +
 *   5.99^2 + 4.0^2 + 1.32^2 + 2.96^2) / 50.527^2
 *   = 10^4 x (422.3025 + 90.25 + 29.16 + 0.651249 + 35.8801 + 16 + 1.7424
 *   + 8.7616) / 2552.977729 = 10^4 x 604.747849 / 2552.977729 = 2368.7941.
 *   Transit: only the Azerbaijani gas crossed a third country (Georgia):
 *   9.5 / 50.527 = 18.802%. Iranian and Russian gas enter Türkiye directly.
 *
 *   Georgia: 2.5, all Azerbaijani, no transit; HHI 10,000.
 *   Italy: 10, all Azerbaijani, through Georgia, Türkiye, Greece and
 *   Albania (each 100%); HHI 10,000. Greece: 0.48 through Georgia and
 *   Türkiye. Bulgaria: 1.32 through Georgia, Türkiye and Greece.
 *   Europe via TurkStream: 13.6, all Russian, through Türkiye (100%).
 *   Europe together (IT + GR + BG + TurkStream's Europe): 11.8 AZ + 13.6
 *   RU = 25.4; HHI = 10^4 x (11.8^2 + 13.6^2) / 25.4^2 = 10^4 x 324.2 /
 *   645.16 = 5025.1101. Transit: Türkiye 25.4/25.4 = 100%, Georgia
 *   11.8/25.4 = 46.457%, Greece (Italy's 10 and Bulgaria's 1.32) 11.32/25.4
 *   = 44.567%, Albania 10/25.4 = 39.370%.
 *
 *   Ownership in 2023 (TPAO and BOTAŞ are each 100% Türkiye; SOCAR Türkiye
 *   Enerji's 7% of TANAP looks through to SOCAR and so to Azerbaijan):
 *     SCP    TPAO 19%    -> Türkiye 19%;  capacity 23.4, flow 23.8 (SCP's
 *            whole-line figure): 0.19 x 23.4 = 4.446, 0.19 x 23.8 = 4.522
 *     TANAP  BOTAŞ 30%   -> Türkiye 30%;  capacity 17.4 (its 2023 throughput,
 *            above the 16 design), flow 17.4: 0.30 x 17.4 = 5.22 both
 *     TAP    BP, SOCAR, Snam, Fluxys, Enagás 20% each -> Türkiye 0
 *     BTC    TPAO 6.53%  -> Türkiye 6.53%; capacity 1.2 Mb/d = 1.2 x 365 /
 *            7.33 = 59.754434 Mt/y, 0.0653 x that = 3.901965 Mt/y; flow
 *            30.22 Mt/y (annualised), 0.0653 x 30.22 = 1.973366 Mt/y
 *   The gas lines together: 4.446 + 5.22 = 9.666 of 23.4 + 17.4 + 11.8 =
 *   52.6 (18.376%) of capacity; 4.522 + 5.22 = 9.742 of 23.8 + 17.4 + 11.8
 *   = 53.0 (18.381%) of the 2023 flow. (A stake-weighted sum along a chain
 *   counts the same gas once per line it crosses.)
 */
#include <stdint.h>

#include "example.h"

static const int year = 2023;

/* Europe's consumers in the network: Azerbaijani gas off TAP, and Russian
 * gas through TurkStream string 2. */
static const char *const europe[] = {"italy", "greece", "bulgaria",
                                     "europe_via_turkstream"};
#define N_EUROPE (sizeof europe / sizeof europe[0])

static double seg_flow(const efn_network *net, const char *asset, size_t seg)
{
    double v = 0;
    CHECK(efn_segment_quantity_get(&v, net, ex_asset(net, asset), seg, EFN_FLOW,
                                   year));
    return isnan(v) ? 0 : v;
}

static double seg_capacity(const efn_network *net, const char *asset,
                           size_t seg)
{
    double v = 0;
    CHECK(efn_segment_quantity_get(&v, net, ex_asset(net, asset), seg,
                                   EFN_CAPACITY, year));
    return v;
}

/* One line of the corridor table; capacity < 0 or infinite: none given. */
static void corridor_row(const char *line, const char *section, double flow,
                         double capacity)
{
    printf("  ");
    ex_pad(line, 7);
    ex_pad(section, 34);
    printf("%7.2f", flow);
    if (capacity >= 0 && isfinite(capacity))
        printf("  %8.2f  %4.0f%%\n", capacity, 100 * flow / capacity);
    else
        printf("  %8s\n", "-");
}

/* One market: volume, suppliers, transit, HHI; returns its HHI. */
static double print_market(const efn_dependency *dep, const efn_network *net,
                           const char *id, const char *label)
{
    double volume = 0, hhi = 0;
    size_t j = ex_dep_consumer(dep, net, id, &volume, &hhi);
    printf("  ");
    ex_pad(label, 22);
    if (j == SIZE_MAX) {
        printf("receives no gas\n");
        return 0;
    }
    printf("%7.3f bcm/y   HHI %6.0f\n", volume, hhi);
    printf("      from:    ");
    ex_print_dep_countries(dep, j, EFN_DEP_SUPPLIER, 15);
    printf("      through: ");
    ex_print_dep_countries(dep, j, EFN_DEP_TRANSIT, 15);
    return hhi;
}

/* Türkiye's origins by supply node, in the network's order. */
static void print_origins(const efn_dependency *dep, const efn_network *net,
                          const char *id)
{
    static const char *const labels[][2] = {
        {"shah_deniz", "Shah Deniz"}, {"sakarya", "domestic"},
        {"lng_algeria", "LNG (DZ)"},  {"lng_us", "LNG (US)"},
        {"lng_egypt", "LNG (EG)"},    {"lng_other_origin", "LNG (other)"},
        {"tabriz", "Iran"},           {"izobilny", "Blue Stream"},
        {"russkaya", "TurkStream"}};
    const efn_trace *t = efn_dependency_trace(dep);
    size_t j, k, l, n, origin, node = ex_node(net, id);
    double vol, share, injected;
    int implied, col;
    for (j = 0; j < efn_trace_consumer_count(t); j++) {
        CHECK(efn_trace_consumer_get(&n, &vol, t, j));
        if (n == node)
            break;
    }
    if (j == efn_trace_consumer_count(t))
        return;
    printf("      by source:");
    col = 16;
    for (k = 0; k < efn_trace_origin_count(t); k++) {
        const char *label;
        CHECK(efn_trace_origin_get(&origin, &injected, &implied, t, k));
        CHECK(efn_trace_consumer_origin(&vol, &share, t, j, k));
        if (vol <= 1e-9)
            continue;
        label = ex_node_id(net, origin);
        for (l = 0; l < sizeof labels / sizeof labels[0]; l++)
            if (strcmp(labels[l][0], label) == 0)
                label = labels[l][1];
        if (col > 16 && col + (int)strlen(label) + 9 > 78) {
            printf("\n%15s", "");
            col = 15;
        }
        col += printf(" %s %.3f", label, vol);
    }
    printf("\n");
}

typedef struct stake_row {
    const char *asset, *label;
    const char *holder, *holder_name; /* the Turkish company, or NULL */
    double paper_pct;                 /* the paper's figure; < 0: none */
    double tr_pct, capacity, flow;    /* computed */
} stake_row;

int main(int argc, char **argv)
{
    ex_args args = ex_parse_args(argc, argv);
    efn_network *net = ex_load_network(&args);
    efn_dependency *dep = ex_dependency(net, EFN_GAS, year, EFN_TRACE_OBSERVED);
    efn_ownership *own = NULL;
    double az_tr, az_ge, az_eu = 0, tr_vol = 0, tr_hhi = 0;
    double eu_total = 0, eu_hhi, v, s;
    double tr_share[4], tr_transit_ge, it_transit[4], eu_transit[4];
    double eu_az = 0, eu_ru = 0, tpao_scp, tpao_btc, botas_tanap;
    double cap_tr = 0, cap_all = 0, flow_tr = 0, flow_all = 0;
    static const char *const tr_from[4] = {"RU", "TR", "AZ", "IR"};
    static const char *const it_through[4] = {"GE", "TR", "GR", "AL"};
    stake_row rows[4] = {
        {"scp", "SCP (+SCPX)", "tpao", "TPAO", 19, 0, 0, 0},
        {"tanap", "TANAP", "botas", "BOTAŞ", 30, 0, 0, 0},
        {"tap", "TAP", NULL, NULL, -1, 0, 0, 0},
        {"btc", "BTC, Mt/y", "tpao", "TPAO", 6.53, 0, 0, 0},
    };
    size_t i, tr_country = SIZE_MAX, tpao, botas;

    printf("The East-West gas corridor in %d: Shah Deniz -> SCP -> TANAP -> "
           "TAP\n",
           year);
    printf("Network: %s\n", efn_network_title(net));
    printf("Gas in bcm/y, oil in Mt/y. Observed %d flows, traced by "
           "proportional sharing.\n\n",
           year);

    /* 1. The corridor's observed flows. */
    printf("1. The corridor's observed %d flows\n", year);
    printf("  line   section                              flow  capacity   "
           "use\n");
    corridor_row("SCP", "Sangachal -> Tbilisi", seg_flow(net, "scp", 0),
                 seg_capacity(net, "scp", 0));
    corridor_row("", "Tbilisi -> Georgia (offtake)",
                 seg_flow(net, "scp_georgia_offtake", 0), -1);
    corridor_row("", "Tbilisi -> Türkgözü", seg_flow(net, "scp", 1),
                 seg_capacity(net, "scp", 1));
    corridor_row("BOTAŞ", "Türkgözü -> Erzurum -> Türkiye",
                 seg_flow(net, "botas_turkgozu_erzurum", 0), -1);
    corridor_row("TANAP", "Türkgözü -> Eskişehir", seg_flow(net, "tanap", 0),
                 seg_capacity(net, "tanap", 0));
    corridor_row("", "Eskişehir -> Türkiye (offtake)",
                 seg_flow(net, "tanap_eskisehir_offtake", 0), -1);
    corridor_row("", "Eskişehir -> İpsala/Kipoi", seg_flow(net, "tanap", 1),
                 seg_capacity(net, "tanap", 1));
    corridor_row("TAP", "Kipoi -> Komotini", seg_flow(net, "tap", 0),
                 seg_capacity(net, "tap", 0));
    corridor_row("", "Komotini -> Greece (DESFA)",
                 seg_flow(net, "desfa_komotini_greece", 0), -1);
    corridor_row("IGB", "Komotini -> Bulgaria", seg_flow(net, "igb", 0),
                 seg_capacity(net, "igb", 0));
    corridor_row("TAP", "Komotini -> Albania -> Italy", seg_flow(net, "tap", 2),
                 seg_capacity(net, "tap", 2));
    printf("  SCP's %.1f is the minister's three destinations added up; it is "
           "above the\n  %.1f nameplate, and SCP's own reporting implies "
           "about 21.9.\n\n",
           seg_flow(net, "scp", 0), seg_capacity(net, "scp", 0));

    /* 2. Azerbaijani gas by destination, against the published figures. */
    az_tr = ex_dep_country(dep, net, "turkiye", EFN_DEP_SUPPLIER, "AZ", NULL);
    az_ge = ex_dep_country(dep, net, "georgia", EFN_DEP_SUPPLIER, "AZ", NULL);
    for (i = 0; i < 3; i++) /* Italy, Greece, Bulgaria: off TAP */
        az_eu +=
            ex_dep_country(dep, net, europe[i], EFN_DEP_SUPPLIER, "AZ", NULL);
    printf("2. Azerbaijani gas delivered in %d (traced)     model  published\n",
           year);
    printf("  to Türkiye                                 %7.2f  %7.2f  paper\n",
           az_tr, 9.5);
    printf("  to Europe (Italy, Greece, Bulgaria)        %7.2f  %7.2f  paper\n",
           az_eu, 11.8);
    printf("  to Georgia                                 %7.2f  %7.2f  the "
           "minister [S20]\n",
           az_ge, 2.5);
    printf("  in all                                     %7.2f  %7.2f\n",
           az_tr + az_eu + az_ge, 23.8);
    printf("  TANAP carried %.1f, so the paper's \"over 16 BCM\" holds; its "
           "offtake in\n  Türkiye, %.1f (EPDK: 5.9), does not bear out \"over "
           "6 BCM\". Türkiye's regulator\n  EPDK records 10.26 bcm imported "
           "from Azerbaijan against the minister's 9.5.\n\n",
           seg_flow(net, "tanap", 0),
           seg_flow(net, "tanap_eskisehir_offtake", 0));

    /* 3. Where each market's gas comes from and through which countries. */
    printf("3. Where the gas came from and which countries it crossed (%d)\n",
           year);
    tr_hhi = print_market(dep, net, "turkiye", "Türkiye");
    print_origins(dep, net, "turkiye");
    printf("      (LNG is traced to the countries its cargoes came from, %.2f "
           "bcm in all;\n       \"TR\" is domestic output, %.3f; \"ZZ\" is LNG "
           "of unstated origin)\n",
           ex_node_qty(net, "lng_algeria", EFN_SUPPLY, EFN_GAS, year) +
               ex_node_qty(net, "lng_us", EFN_SUPPLY, EFN_GAS, year) +
               ex_node_qty(net, "lng_egypt", EFN_SUPPLY, EFN_GAS, year) +
               ex_node_qty(net, "lng_other_origin", EFN_SUPPLY, EFN_GAS, year),
           ex_node_qty(net, "sakarya", EFN_SUPPLY, EFN_GAS, year));
    print_market(dep, net, "georgia", "Georgia");
    print_market(dep, net, "italy", "Italy (TAP)");
    print_market(dep, net, "greece", "Greece (TAP)");
    print_market(dep, net, "bulgaria", "Bulgaria (IGB)");
    print_market(dep, net, "europe_via_turkstream", "Europe via TurkStream");
    eu_hhi = ex_group_hhi(dep, net, europe, N_EUROPE, &eu_total);
    eu_az =
        ex_group_country(dep, net, europe, N_EUROPE, EFN_DEP_SUPPLIER, "AZ");
    eu_ru =
        ex_group_country(dep, net, europe, N_EUROPE, EFN_DEP_SUPPLIER, "RU");
    for (i = 0; i < 4; i++)
        eu_transit[i] = ex_group_country(dep, net, europe, N_EUROPE,
                                         EFN_DEP_TRANSIT, it_through[i]) /
                        eu_total;
    printf("  ");
    ex_pad("Europe, the four above", 22);
    printf("%7.3f bcm/y   HHI %6.0f\n", eu_total, eu_hhi);
    printf("      from:    Russia %.1f%% (%.3f), Azerbaijan %.1f%% (%.3f)\n",
           100 * eu_ru / eu_total, eu_ru, 100 * eu_az / eu_total, eu_az);
    printf("      through: Türkiye %.1f%%, Georgia %.1f%%, Greece %.1f%%, "
           "Albania %.1f%%\n",
           100 * eu_transit[1], 100 * eu_transit[0], 100 * eu_transit[2],
           100 * eu_transit[3]);
    printf("  HHI: sum of squared supplier-country shares in %%, 10,000 for a "
           "single country.\n  Every bcm Europe took from this network in %d "
           "crossed Türkiye.\n\n",
           year);

    /* 4. Türkiye's stake: TPAO and BOTAŞ, looked through to the state. */
    CHECK(efn_ownership_run(&own, net, year, NULL));
    for (i = 0; i < efn_ownership_country_count(own); i++)
        if (strcmp(efn_ownership_country(own, i), "TR") == 0)
            tr_country = i;
    tpao = ex_owner(net, "tpao");
    botas = ex_owner(net, "botas");
    printf("4. Türkiye's stake in the corridor, %d (look-through: TPAO and "
           "BOTAŞ -> state)\n",
           year);
    printf("%29sstake, %%      capacity, bcm/y   %d flow, bcm/y\n", "", year);
    printf("  line        held by       paper Türkiye      all  Türkiye      "
           "all  Türkiye\n");
    for (i = 0; i < 4; i++) {
        stake_row *r = &rows[i];
        size_t a = ex_asset(net, r->asset);
        double holder_pct = 0;
        r->tr_pct = 0;
        if (tr_country != SIZE_MAX)
            CHECK(
                efn_ownership_country_interest(&r->tr_pct, own, tr_country, a));
        if (r->holder)
            CHECK(efn_ownership_interest(&holder_pct, own,
                                         ex_owner(net, r->holder), a));
        r->capacity = ex_capacity(net, r->asset, year);
        CHECK(efn_asset_quantity_get(&r->flow, net, a, EFN_FLOW, year));
        printf("  ");
        ex_pad(r->label, 12);
        if (r->holder) {
            char buf[32];
            snprintf(buf, sizeof buf, "%s %.2f%%", r->holder_name, holder_pct);
            ex_pad(buf, 13);
            printf(" %5.2f", r->paper_pct);
        } else {
            ex_pad("none", 13);
            printf(" %5s", "-");
        }
        printf(" %7.2f %8.3f %8.3f %8.3f %8.3f\n", r->tr_pct, r->capacity,
               r->tr_pct / 100 * r->capacity, r->flow,
               r->tr_pct / 100 * r->flow);
        if (i < 3) {
            cap_all += r->capacity;
            cap_tr += r->tr_pct / 100 * r->capacity;
            flow_all += r->flow;
            flow_tr += r->tr_pct / 100 * r->flow;
        }
    }
    printf("  ");
    ex_pad("gas lines together", 39);
    printf(" %8.3f %8.3f %8.3f %8.3f\n", cap_all, cap_tr, flow_all, flow_tr);
    printf("  = Türkiye holds %.1f%% of the gas corridor's capacity and "
           "%.1f%% of its %d flow,\n    stake-weighted (a sum along a chain "
           "counts the same gas once per line).\n",
           100 * cap_tr / cap_all, 100 * flow_tr / flow_all, year);
    printf("  SCPX is part of SCP Co's system, so TPAO's 19%% of SCPX is its "
           "19%% of SCP.\n  TANAP's capacity is its %d throughput (design "
           "16 bcm/y); BTC's %.1f Mt/y is\n  1.2 Mb/d and its flow the "
           "Jan-Sep %d figure annualised.\n",
           year, rows[3].capacity, year);

    /* The checks: model against the hand-worked values. */
    CHECK(efn_ownership_interest(&tpao_scp, own, tpao, ex_asset(net, "scp")));
    CHECK(efn_ownership_interest(&tpao_btc, own, tpao, ex_asset(net, "btc")));
    CHECK(efn_ownership_interest(&botas_tanap, own, botas,
                                 ex_asset(net, "tanap")));
    ex_dep_consumer(dep, net, "turkiye", &tr_vol, &v);
    for (i = 0; i < 4; i++)
        ex_dep_country(dep, net, "turkiye", EFN_DEP_SUPPLIER, tr_from[i],
                       &tr_share[i]);
    ex_dep_country(dep, net, "turkiye", EFN_DEP_TRANSIT, "GE", &tr_transit_ge);
    for (i = 0; i < 4; i++)
        ex_dep_country(dep, net, "italy", EFN_DEP_TRANSIT, it_through[i],
                       &it_transit[i]);
    ex_expect(&args, "Azerbaijani gas to Türkiye", az_tr, 5.6 + 3.9);
    ex_expect(&args, "Azerbaijani gas to Europe", az_eu, 10 + 0.48 + 1.32);
    ex_expect(&args, "Azerbaijani gas to Georgia", az_ge, 2.5);
    ex_expect(&args, "Türkiye's traced volume", tr_vol,
              11.95 + 8.6 + 14.27 + 0.807 + 9.5 + 5.4);
    ex_expect(&args, "Türkiye from Russia", tr_share[0], 20.55 / 50.527);
    ex_expect(&args, "Türkiye from TR (domestic)", tr_share[1], 0.807 / 50.527);
    ex_expect(&args, "Türkiye from Azerbaijan", tr_share[2], 9.5 / 50.527);
    ex_expect(&args, "Türkiye from Iran", tr_share[3], 5.4 / 50.527);
    ex_expect(&args, "Türkiye's HHI", tr_hhi, 1e4 * 604.747849 / 2552.977729);
    for (i = 0; i < 4; i++) {
        static const char *const lng_cc[4] = {"DZ", "US", "EG", "ZZ"};
        static const double lng_bcm[4] = {5.99, 4.0, 1.32, 2.96};
        char what[64];
        double share;
        ex_dep_country(dep, net, "turkiye", EFN_DEP_SUPPLIER, lng_cc[i],
                       &share);
        snprintf(what, sizeof what, "Türkiye's LNG from %s", lng_cc[i]);
        ex_expect(&args, what, share, lng_bcm[i] / 50.527);
    }
    ex_expect(&args, "Türkiye through Georgia", tr_transit_ge, 9.5 / 50.527);
    for (i = 0; i < 4; i++) {
        char what[64];
        snprintf(what, sizeof what, "Italy's gas through %s", it_through[i]);
        ex_expect(&args, what, it_transit[i], 1);
    }
    ex_dep_country(dep, net, "europe_via_turkstream", EFN_DEP_TRANSIT, "TR",
                   &s);
    ex_expect(&args, "TurkStream Europe through Türkiye", s, 1);
    ex_dep_consumer(dep, net, "georgia", &v, &s);
    ex_expect(&args, "Georgia's HHI", s, 10000);
    ex_expect(&args, "Europe's volume", eu_total, 25.4);
    ex_expect(&args, "Europe's HHI", eu_hhi, 1e4 * 324.2 / 645.16);
    ex_expect(&args, "Europe through Türkiye", eu_transit[1], 1);
    ex_expect(&args, "Europe through Georgia", eu_transit[0], 11.8 / 25.4);
    ex_expect(&args, "Europe through Greece", eu_transit[2], 11.32 / 25.4);
    ex_expect(&args, "Europe through Albania", eu_transit[3], 10 / 25.4);
    ex_expect(&args, "TPAO in SCP, %", tpao_scp, 19);
    ex_expect(&args, "TPAO in BTC, %", tpao_btc, 6.53);
    ex_expect(&args, "BOTAŞ in TANAP, %", botas_tanap, 30);
    ex_expect(&args, "Türkiye in SCP, %", rows[0].tr_pct, 19);
    ex_expect(&args, "Türkiye in TANAP, %", rows[1].tr_pct, 30);
    ex_expect(&args, "Türkiye in TAP, %", rows[2].tr_pct, 0);
    ex_expect(&args, "Türkiye in BTC, %", rows[3].tr_pct, 6.53);
    ex_expect(&args, "Türkiye's SCP capacity",
              rows[0].tr_pct / 100 * rows[0].capacity, 0.19 * 23.4);
    ex_expect(&args, "Türkiye's SCP flow", rows[0].tr_pct / 100 * rows[0].flow,
              0.19 * 23.8);
    ex_expect(&args, "Türkiye's TANAP capacity",
              rows[1].tr_pct / 100 * rows[1].capacity, 0.30 * 17.4);
    ex_expect(&args, "Türkiye's TANAP flow",
              rows[1].tr_pct / 100 * rows[1].flow, 0.30 * 17.4);
    ex_expect(&args, "Türkiye's BTC capacity, Mt/y",
              rows[3].tr_pct / 100 * rows[3].capacity,
              0.0653 * 1.2 * 365 / 7.33);
    ex_expect(&args, "Türkiye's BTC flow, Mt/y",
              rows[3].tr_pct / 100 * rows[3].flow, 0.0653 * 30.22);
    ex_expect(&args, "Türkiye's gas capacity", cap_tr, 9.666);
    ex_expect(&args, "Türkiye's gas flow", flow_tr, 9.742);

    efn_ownership_free(own);
    efn_dependency_free(dep);
    efn_network_free(net);
    return ex_finish(&args);
}
