/*
 * tanap_expansion: how much more Azerbaijani gas reaches Europe and Türkiye
 * if TANAP is expanded to 31 bcm/y, TAP to 20 and SCP to 31?
 *
 * Overlay: examples/scenarios/tanap_expansion.json. The expansion starts in
 * 2028 (the paper's "next wave" of Azerbaijani exports); the program
 * compares 2027 (before) with 2028 (after) on the same overlaid network, so
 * that the expansion is the only difference. Europe's demand for
 * Azerbaijani gas is doubled in both years, so that TAP, not demand, limits
 * what Europe receives.
 *
 * Worked by hand (gas, bcm/y; a year series' latest entry carries forward):
 *
 *   Data in 2027: Shah Deniz 79 mcm/d = 79 x 0.365 = 28.835; SCP 23.4;
 *   TANAP 17.4 and TAP 11.8 (their 2023 throughput, taken as capacity);
 *   IGB 3. Georgia wants 2.5, Türkiye 50.2 (2023, the latest figure).
 *   Overlay: Italy 20 + Greece 0.96 + Bulgaria 2.64 = 23.6 (2 x 2023).
 *
 *   Europe is reached only through TAP's first section, İpsala/Kipoi ->
 *   Komotini, so
 *     before: min(TAP 11.8, TANAP 17.4, SCP 23.4 - Georgia 2.5, SD 28.835)
 *             = 11.8 < 23.6 wanted: TAP binds;
 *     after:  min(TAP 20, TANAP 31, SCP 31 - 2.5 = 28.5, SD 43.835)
 *             = 20 < 23.6: TAP binds again;            increase 8.2.
 *
 *   Türkiye's other supplies (LNG 14.27, domestic 9.5 mcm/d = 3.4675,
 *   Iran 9.6, Blue Stream 16, TurkStream 31.5 less Europe's 16.7) exceed its
 *   50.2, so it is fully served before and after: 50.2 both times.
 *
 *   Azerbaijani gas into Türkiye (BOTAŞ at Türkgözü plus TANAP's Eskişehir
 *   offtake): the least-cost flow fills SCP, because Shah Deniz gas has a
 *   shorter way into Türkiye (692 km) than Blue Stream (1,213) or
 *   TurkStream (1,000) gas, so Türkiye gets what SCP carries beyond
 *   Georgia and Europe:
 *     before: 23.4 - 2.5 - 11.8 = 9.1;   after: 31 - 2.5 - 20 = 8.5.
 *   SCP carries 23.4 and 31 (full); TANAP 11.8 of 17.4 and 20 of 31.
 */
#include "example.h"

static const char *const europe[] = {"italy", "greece", "bulgaria"};

typedef struct corridor {
    double europe, europe_demand; /* Italy + Greece + Bulgaria */
    double turkiye, turkiye_demand;
    double az_to_turkiye;   /* Shah Deniz gas into Türkiye */
    double scp, tanap, tap; /* flows */
    double tanap_util, tap_cut;
    efn_flow *flow;
} corridor;

static corridor run(const efn_network *net, int year)
{
    corridor c = {0};
    size_t i;
    c.flow = ex_flow(net, EFN_GAS, year, EFN_ALLOC_MAX);
    for (i = 0; i < sizeof europe / sizeof europe[0]; i++) {
        c.europe += ex_delivered(c.flow, net, europe[i], NULL);
        c.europe_demand +=
            ex_node_qty(net, europe[i], EFN_DEMAND, EFN_GAS, year);
    }
    c.turkiye = ex_delivered(c.flow, net, "turkiye", NULL);
    c.turkiye_demand = ex_node_qty(net, "turkiye", EFN_DEMAND, EFN_GAS, year);
    c.az_to_turkiye =
        ex_asset_flow(c.flow, net, "botas_turkgozu_erzurum", NULL) +
        ex_asset_flow(c.flow, net, "tanap_eskisehir_offtake", NULL);
    c.scp = ex_asset_flow(c.flow, net, "scp", NULL);
    c.tanap = ex_asset_flow(c.flow, net, "tanap", &c.tanap_util);
    c.tap = ex_asset_flow(c.flow, net, "tap", NULL);
    c.tap_cut = ex_cut_capacity(c.flow, net, "tap");
    return c;
}

static void header(const char *what, int before_year, int after_year)
{
    ex_pad(what, 36);
    printf(" %10d %10d %10s\n", before_year, after_year, "change");
}

static void row(const char *what, double before, double after)
{
    printf("  ");
    ex_pad(what, 34);
    printf(" %10.5g %10.5g %+10.5g\n", before, after, after - before);
}

int main(int argc, char **argv)
{
    const int before_year = 2027, after_year = 2028;
    ex_args args = ex_parse_args(argc, argv);
    efn_network *base = ex_load_network(&args);
    efn_scenario *scn = ex_load_scenario(&args, "tanap_expansion.json");
    const efn_scenario *overlays[1] = {scn};
    efn_network *net = ex_apply(base, overlays, 1);
    corridor b = run(net, before_year), a = run(net, after_year);

    printf("%s\n\n", efn_scenario_name(scn));
    ex_print_wrapped(efn_scenario_description(scn), 2);
    printf("\n");
    header("What changes, gas in bcm/y", before_year, after_year);
    row("SCP (with SCPX) capacity", ex_capacity(net, "scp", before_year),
        ex_capacity(net, "scp", after_year));
    row("TANAP capacity", ex_capacity(net, "tanap", before_year),
        ex_capacity(net, "tanap", after_year));
    row("TAP capacity", ex_capacity(net, "tap", before_year),
        ex_capacity(net, "tap", after_year));
    row("Shah Deniz supply",
        ex_node_qty(net, "shah_deniz", EFN_SUPPLY, EFN_GAS, before_year),
        ex_node_qty(net, "shah_deniz", EFN_SUPPLY, EFN_GAS, after_year));
    row("Europe's demand (IT + GR + BG)", b.europe_demand, a.europe_demand);

    printf("\n");
    header("What the network delivers, bcm/y", before_year, after_year);
    row("max deliverable to Europe", b.europe, a.europe);
    row("Türkiye, demand", b.turkiye_demand, a.turkiye_demand);
    row("Türkiye, delivered", b.turkiye, a.turkiye);
    row("  of it Azerbaijani gas", b.az_to_turkiye, a.az_to_turkiye);
    row("SCP flow", b.scp, a.scp);
    row("TANAP flow", b.tanap, a.tanap);
    row("TAP flow", b.tap, a.tap);

    printf("\nWhat binds in %d (minimum cut, %.4g bcm/y in all):\n",
           before_year, efn_flow_max_total(b.flow));
    ex_print_cut(b.flow, net, 1);
    printf("What binds in %d (minimum cut, %.4g bcm/y in all):\n", after_year,
           efn_flow_max_total(a.flow));
    ex_print_cut(a.flow, net, 1);

    printf("\n");
    ex_say(0,
           "Why: Europe is reached only through TAP, which is full before "
           "(%.4g) and after (%.4g), so Europe gains exactly TAP's expansion, "
           "%+.4g bcm/y, and still wants %.4g more. Türkiye's demand is met "
           "either way from its other supplies. SCP is full both times "
           "(%.4g, then %.4g): after Georgia and Europe it leaves %.4g, then "
           "%.4g bcm/y of Azerbaijani gas for Türkiye, and TANAP runs at only "
           "%.0f%%. At most SCP's capacity less Georgia's offtake reaches "
           "Türkgözü, so TANAP's 31 bcm/y cannot be filled without more "
           "capacity upstream: SCP beyond 31 bcm/y (Shah Deniz, with %.4g "
           "to spare, is not the limit).",
           b.tap, a.tap, a.europe - b.europe, a.europe_demand - a.europe, b.scp,
           a.scp, b.az_to_turkiye, a.az_to_turkiye, 100 * a.tanap_util,
           ex_node_qty(net, "shah_deniz", EFN_SUPPLY, EFN_GAS, after_year) -
               ex_injected(a.flow, net, "shah_deniz"));

    ex_expect(&args, "Europe before", b.europe, 11.8);
    ex_expect(&args, "Europe after", a.europe, 20);
    ex_expect(&args, "Europe increase", a.europe - b.europe, 20 - 11.8);
    ex_expect(&args, "TAP in the cut before", b.tap_cut, 11.8);
    ex_expect(&args, "TAP in the cut after", a.tap_cut, 20);
    ex_expect(&args, "Türkiye before", b.turkiye, 50.2);
    ex_expect(&args, "Türkiye after", a.turkiye, 50.2);
    ex_expect(&args, "Azerbaijani gas to Türkiye before", b.az_to_turkiye,
              23.4 - 2.5 - 11.8);
    ex_expect(&args, "Azerbaijani gas to Türkiye after", a.az_to_turkiye,
              31 - 2.5 - 20);
    ex_expect(&args, "SCP flow before", b.scp, 23.4);
    ex_expect(&args, "SCP flow after", a.scp, 31);
    ex_expect(&args, "TANAP flow after", a.tanap, 20);

    efn_flow_free(b.flow);
    efn_flow_free(a.flow);
    efn_network_free(net);
    efn_scenario_free(scn);
    efn_network_free(base);
    return ex_finish(&args);
}
