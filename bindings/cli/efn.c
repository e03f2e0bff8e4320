/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * The `efn` command. Exit status: 0 ok, 1 analysis failed, 2 bad input or
 * usage.
 */
#define _POSIX_C_SOURCE 200809L /* isatty */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "efn.h"

#define EXIT_ANALYSIS 1
#define EXIT_INPUT 2
#define MAX_SCENARIOS 64
#define DEFAULT_TOP 10
#define MAX_TIMELINE_YEARS 200
/* Runs longer than these show progress on a terminal. */
#define PROGRESS_YEARS 5
#define PROGRESS_REMOVALS 50
/* An observed imbalance above this is flagged with '!'. */
#define IMBALANCE_TOLERANCE 1e-6

typedef struct options {
    const char *command;
    const char *analysis; /* timeline: "flow" or "n1" */
    const char *file;
    const char *scenarios[MAX_SCENARIOS];
    size_t nscenarios;
    int year;
    int commodity; /* -1: every commodity (analyses: gas) */
    int json;
    const char *format;
    const char *output;
    /* flow */
    int mode_given;
    efn_allocation mode;
    int observed;
    /* n1 */
    unsigned scope;      /* EFN_N1_* bits; 0: not given (assets) */
    int top;             /* 0: not given (DEFAULT_TOP) */
    const char *country; /* EU N-1 for this country */
    double peak_factor;  /* 0: not given (the library's default) */
    /* timeline */
    int from, to; /* 0: not given */
} options;

static void usage(FILE *to)
{
    fprintf(to,
            "usage: efn COMMAND [FILE] [options]\n"
            "       efn timeline flow|n1 [FILE] --from Y --to Y [options]\n"
            "\n"
            "commands:\n"
            "  validate   check a network file and list every problem\n"
            "  info       summarise a network: counts, years, assets, owners\n"
            "  flow       maximum deliverable flow: consumers, suppliers,\n"
            "             asset utilisation and what binds (the minimum cut)\n"
            "  n1         N-1: the loss from removing each asset, node or\n"
            "             country; with --country the EU 2017/1938 standard\n"
            "  timeline   run flow or n1 for every year from --from to --to\n"
            "  export     write the (scenario-applied) network: --format json\n"
            "\n"
            "FILE is a network file; without one, the bundled corridor "
            "network.\n"
            "\n"
            "options:\n"
            "  --scenario FILE   apply a scenario overlay (repeatable, in "
            "order)\n"
            "  --year Y          the year to report (default: the network's)\n"
            "  --commodity C     gas, oil or electricity (default: all; "
            "analyses: gas)\n"
            "  --json            machine-readable output\n"
            "  --format F        export format: json\n"
            "  -o, --output F    export to a file instead of standard output\n"
            "  --version         print the version\n"
            "  -h, --help        this help\n"
            "\n"
            "flow options:\n"
            "  --mode M          max (most delivered, default) or shared\n"
            "                    (every consumer served the same fraction)\n"
            "  --observed        balance the observed flows instead\n"
            "\n"
            "n1 options:\n"
            "  --by WHAT         assets, nodes, countries: what to remove\n"
            "                    (repeatable or a comma list; default assets)\n"
            "  --top N           show the N largest losses (default %d)\n"
            "  --country CC      also the EU N-1 formula for country CC (gas)\n"
            "  --peak-factor F   with --country: peak over average daily\n"
            "                    demand where no peak demand is given "
            "(default %g)\n"
            "\n"
            "timeline options:\n"
            "  --from Y --to Y   the years, both required, at most %d\n"
            "\n"
            "exit status: 0 ok, 1 analysis failed, 2 bad input or usage\n",
            DEFAULT_TOP, EFN_DEFAULT_PEAK_FACTOR, MAX_TIMELINE_YEARS);
}

static const char *default_network(void)
{
    static char path[4096];
    const char *dir = getenv("EFN_DATA_DIR");
    const char *candidates[3];
    size_t i;
    candidates[0] = dir;
    candidates[1] = EFN_SOURCE_DATA_DIR;
    candidates[2] = EFN_INSTALL_DATA_DIR;
    for (i = 0; i < 3; i++) {
        FILE *f;
        if (!candidates[i])
            continue;
        snprintf(path, sizeof path, "%s/corridor.json", candidates[i]);
        f = fopen(path, "rb");
        if (f) {
            fclose(f);
            return path;
        }
    }
    return NULL;
}

/* ---- options ------------------------------------------------------------ */

static int parse_int(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < -100000 || v > 100000)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_year(int *out, const char *option, const char *s)
{
    if (parse_int(s, out) < 0 || *out < 1800 || *out > 2300) {
        fprintf(stderr,
                "efn: %s expects a year from 1800 to 2300, got '%s'\n",
                option, s);
        return -1;
    }
    return 0;
}

/* "assets,nodes" and the like, added to *scope. */
static int parse_scope(unsigned *scope, const char *s)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"assets", EFN_N1_ASSETS},
                 {"nodes", EFN_N1_NODES},
                 {"countries", EFN_N1_COUNTRIES}};
    const char *p = s;
    for (;;) {
        size_t len = strcspn(p, ","), k;
        for (k = 0; k < sizeof names / sizeof names[0]; k++)
            if (strlen(names[k].name) == len &&
                strncmp(p, names[k].name, len) == 0)
                break;
        if (k == sizeof names / sizeof names[0]) {
            fprintf(stderr,
                    "efn: --by expects assets, nodes or countries (or a "
                    "comma list of them), got '%s'\n",
                    s);
            return -1;
        }
        *scope |= names[k].bit;
        if (p[len] == '\0')
            return 0;
        p += len + 1;
    }
}

static int takes_value(const char *a)
{
    static const char *const names[] = {
        "--scenario", "--year", "--commodity", "--format",      "-o",
        "--output",   "--mode", "--by",        "--top",         "--country",
        "--from",     "--to",   "--peak-factor"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(a, names[i]) == 0)
            return 1;
    return 0;
}

/* Option `a` with its value `v`. */
static int set_option(options *o, const char *a, const char *v)
{
    if (strcmp(a, "--scenario") == 0) {
        if (o->nscenarios == MAX_SCENARIOS) {
            fprintf(stderr, "efn: at most %d scenarios\n", MAX_SCENARIOS);
            return -1;
        }
        o->scenarios[o->nscenarios++] = v;
    } else if (strcmp(a, "--year") == 0) {
        return parse_year(&o->year, a, v);
    } else if (strcmp(a, "--from") == 0) {
        return parse_year(&o->from, a, v);
    } else if (strcmp(a, "--to") == 0) {
        return parse_year(&o->to, a, v);
    } else if (strcmp(a, "--commodity") == 0) {
        efn_commodity c;
        if (efn_commodity_parse(&c, v) != EFN_OK) {
            fprintf(stderr,
                    "efn: --commodity expects gas, oil or electricity, got "
                    "'%s'\n",
                    v);
            return -1;
        }
        o->commodity = (int)c;
    } else if (strcmp(a, "--mode") == 0) {
        if (efn_allocation_parse(&o->mode, v) != EFN_OK) {
            fprintf(stderr, "efn: --mode expects max or shared, got '%s'\n",
                    v);
            return -1;
        }
        o->mode_given = 1;
    } else if (strcmp(a, "--by") == 0) {
        return parse_scope(&o->scope, v);
    } else if (strcmp(a, "--top") == 0) {
        if (parse_int(v, &o->top) < 0 || o->top < 1) {
            fprintf(stderr,
                    "efn: --top expects a positive whole number, got '%s'\n",
                    v);
            return -1;
        }
    } else if (strcmp(a, "--country") == 0) {
        if (v[0] == '\0') {
            fprintf(stderr, "efn: --country expects a country code\n");
            return -1;
        }
        o->country = v;
    } else if (strcmp(a, "--peak-factor") == 0) {
        char *end;
        o->peak_factor = strtod(v, &end);
        if (*v == '\0' || *end != '\0' || !isfinite(o->peak_factor) ||
            o->peak_factor <= 0) {
            fprintf(stderr,
                    "efn: --peak-factor expects a positive number, got "
                    "'%s'\n",
                    v);
            return -1;
        }
    } else if (strcmp(a, "--format") == 0) {
        o->format = v;
    } else {
        o->output = v;
    }
    return 0;
}

static int only_for(const char *option, const char *what)
{
    fprintf(stderr, "efn: %s applies to %s only\n", option, what);
    return -1;
}

/* Options that do not fit the command, and timeline's own requirements. */
static int check_options(const options *o)
{
    int timeline = strcmp(o->command, "timeline") == 0;
    const char *an = timeline ? o->analysis : o->command;
    int flow = strcmp(an ? an : "", "flow") == 0;
    int n1 = strcmp(an ? an : "", "n1") == 0;
    if (timeline && !flow && !n1) {
        if (o->analysis)
            fprintf(stderr,
                    "efn: timeline expects the analysis flow or n1, got "
                    "'%s'\n",
                    o->analysis);
        else
            fprintf(stderr, "efn: timeline needs an analysis: flow or n1\n");
        return -1;
    }
    if (o->mode_given && !flow)
        return only_for("--mode", "flow");
    if (o->observed && (!flow || timeline))
        return only_for("--observed", "flow");
    if (o->observed && o->mode_given) {
        fprintf(stderr, "efn: --mode does not apply to --observed\n");
        return -1;
    }
    if (o->scope && !n1)
        return only_for("--by", "n1");
    if (o->top && !n1)
        return only_for("--top", "n1");
    if (o->country && !n1)
        return only_for("--country", "n1");
    if (o->peak_factor > 0 && !o->country) {
        fprintf(stderr, "efn: --peak-factor needs --country\n");
        return -1;
    }
    if (o->country && o->commodity >= 0 && o->commodity != EFN_GAS)
        return only_for("--country", "gas");
    if ((o->from || o->to) && !timeline)
        return only_for(o->from ? "--from" : "--to", "timeline");
    if (!timeline)
        return 0;
    if (o->year) {
        fprintf(stderr, "efn: timeline takes --from and --to, not --year\n");
        return -1;
    }
    if (!o->from || !o->to) {
        fprintf(stderr, "efn: timeline needs --from Y and --to Y\n");
        return -1;
    }
    if (o->from > o->to || o->to - o->from >= MAX_TIMELINE_YEARS) {
        fprintf(stderr,
                "efn: --from %d --to %d: expected from <= to and at most %d "
                "years\n",
                o->from, o->to, MAX_TIMELINE_YEARS);
        return -1;
    }
    return 0;
}

static int parse_args(options *o, int argc, char **argv)
{
    int i;
    memset(o, 0, sizeof *o);
    o->commodity = -1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--version") == 0) {
            printf("efn %s\n", efn_version_string());
            exit(0);
        } else if (strcmp(a, "--json") == 0) {
            o->json = 1;
        } else if (strcmp(a, "--observed") == 0) {
            o->observed = 1;
        } else if (takes_value(a)) {
            if (i + 1 == argc) {
                fprintf(stderr, "efn: %s needs a value\n", a);
                return -1;
            }
            if (set_option(o, a, argv[++i]) < 0)
                return -1;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "efn: unknown option '%s'\n", a);
            return -1;
        } else if (!o->command) {
            o->command = a;
        } else if (strcmp(o->command, "timeline") == 0 && !o->analysis) {
            o->analysis = a;
        } else if (!o->file) {
            o->file = a;
        } else {
            fprintf(stderr, "efn: unexpected argument '%s'\n", a);
            return -1;
        }
    }
    if (!o->command) {
        usage(stderr);
        return -1;
    }
    return check_options(o);
}

/* Loads the network and applies the scenarios. Prints the error itself. */
static int load(efn_network **out, const options *o)
{
    efn_network *base = NULL;
    efn_scenario *scns[MAX_SCENARIOS];
    size_t i, n = 0;
    int rc;
    const char *file = o->file ? o->file : default_network();
    *out = NULL;
    if (!file) {
        fprintf(stderr, "efn: no FILE given and the bundled corridor network "
                        "was not found (set EFN_DATA_DIR)\n");
        return EXIT_INPUT;
    }
    if (efn_network_load(&base, file) != EFN_OK) {
        fprintf(stderr, "efn: %s\n", efn_last_error());
        return EXIT_INPUT;
    }
    if (o->nscenarios == 0) {
        *out = base;
        return 0;
    }
    for (i = 0; i < o->nscenarios; i++) {
        if (efn_scenario_load(&scns[n], o->scenarios[i]) != EFN_OK) {
            fprintf(stderr, "efn: %s\n", efn_last_error());
            goto fail;
        }
        n++;
    }
    rc = efn_scenario_apply_all(out, base, (const efn_scenario *const *)scns,
                                n);
    if (rc != EFN_OK) {
        fprintf(stderr, "efn: %s\n", efn_last_error());
        goto fail;
    }
    for (i = 0; i < n; i++)
        efn_scenario_free(scns[i]);
    efn_network_free(base);
    return 0;
fail:
    for (i = 0; i < n; i++)
        efn_scenario_free(scns[i]);
    efn_network_free(base);
    return EXIT_INPUT;
}

static int print_json(cJSON *root)
{
    char *text = cJSON_Print(root);
    if (!text) {
        fprintf(stderr, "efn: out of memory\n");
        return EXIT_ANALYSIS;
    }
    printf("%s\n", text);
    cJSON_free(text);
    return 0;
}

/* ---- validate ----------------------------------------------------------- */

static int cmd_validate(const options *o)
{
    efn_diagnostics *d = NULL;
    const char *file = o->file ? o->file : default_network();
    size_t i, n;
    int problems = 0, rc;
    cJSON *root = NULL, *list = NULL;
    if (!file) {
        fprintf(stderr, "efn: no FILE given and the bundled corridor network "
                        "was not found (set EFN_DATA_DIR)\n");
        return EXIT_INPUT;
    }
    if (efn_validate_file(&d, file) != EFN_OK) {
        fprintf(stderr, "efn: %s\n", efn_last_error());
        return EXIT_INPUT;
    }
    n = efn_diagnostics_count(d);
    if (o->json) {
        root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "file", file);
        list = cJSON_AddArrayToObject(root, "problems");
    }
    for (i = 0; i < n; i++) {
        if (o->json) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "file", file);
            cJSON_AddStringToObject(p, "path", efn_diagnostics_path(d, i));
            cJSON_AddStringToObject(p, "problem",
                                    efn_diagnostics_problem(d, i));
            cJSON_AddStringToObject(p, "message",
                                    efn_diagnostics_message(d, i));
            cJSON_AddItemToArray(list, p);
        } else {
            printf("%s\n", efn_diagnostics_message(d, i));
        }
    }
    problems = n > 0;
    efn_diagnostics_free(d);
    /* Scenarios: each must load and apply to the (valid) network. */
    if (!problems && o->nscenarios) {
        efn_network *net = NULL;
        if (load(&net, o) != 0)
            problems = 1;
        efn_network_free(net);
        if (problems && o->json) {
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "message", efn_last_error());
            cJSON_AddItemToArray(list, p);
        }
    }
    if (o->json) {
        cJSON_AddBoolToObject(root, "valid", !problems);
        rc = print_json(root);
        cJSON_Delete(root);
        if (rc)
            return rc;
    } else if (!problems) {
        printf("%s: valid\n", file);
    }
    return problems ? EXIT_INPUT : 0;
}

/* ---- info --------------------------------------------------------------- */

static const char *fmt_qty(char *buf, size_t size, double v)
{
    if (isnan(v))
        snprintf(buf, size, "-");
    else if (isinf(v))
        snprintf(buf, size, "unbounded");
    else if (fabs(v) < 5e-7) /* solver noise, and no "-0" */
        snprintf(buf, size, "0");
    else if (fabs(v) >= 1e4) /* no exponents */
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.4g", v);
    return buf;
}

static cJSON *json_number_or_null(double v)
{
    if (isnan(v))
        return cJSON_CreateNull();
    if (isinf(v))
        return cJSON_CreateString("unbounded");
    return cJSON_CreateNumber(v);
}

static int cmd_info(const options *o)
{
    efn_network *net = NULL;
    size_t i, k, nn, na, no, nyears = 0;
    int *years = NULL, rc, year;
    size_t kinds[7] = {0}, per_com[EFN_COMMODITY_COUNT] = {0};
    size_t active[EFN_COMMODITY_COUNT] = {0};
    cJSON *root = NULL;
    char b1[32], b2[32];
    if ((rc = load(&net, o)) != 0)
        return rc;
    year = o->year ? o->year : efn_network_year(net);
    nn = efn_network_node_count(net);
    na = efn_network_asset_count(net);
    no = efn_network_owner_count(net);
    if (efn_network_years(&years, &nyears, net) != EFN_OK) {
        fprintf(stderr, "efn: %s\n", efn_last_error());
        efn_network_free(net);
        return EXIT_ANALYSIS;
    }
    for (i = 0; i < nn; i++) {
        efn_node_info ni;
        efn_network_node(&ni, net, i);
        kinds[ni.kind]++;
    }
    for (i = 0; i < na; i++) {
        efn_asset_info ai;
        efn_network_asset(&ai, net, i);
        per_com[ai.commodity]++;
        if (efn_asset_is_active(net, i, year))
            active[ai.commodity]++;
    }
    if (o->json) {
        cJSON *counts, *assets, *owners, *ys, *coms;
        root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "source", efn_network_source(net));
        cJSON_AddStringToObject(root, "title", efn_network_title(net));
        if (year)
            cJSON_AddNumberToObject(root, "year", year);
        else
            cJSON_AddNullToObject(root, "year");
        counts = cJSON_AddObjectToObject(root, "counts");
        cJSON_AddNumberToObject(counts, "nodes", (double)nn);
        cJSON_AddNumberToObject(counts, "assets", (double)na);
        cJSON_AddNumberToObject(counts, "owners", (double)no);
        coms = cJSON_AddObjectToObject(root, "commodities");
        for (k = 0; k < EFN_COMMODITY_COUNT; k++) {
            cJSON *c;
            if (!per_com[k])
                continue;
            c = cJSON_AddObjectToObject(coms,
                                        efn_commodity_name((efn_commodity)k));
            cJSON_AddStringToObject(c, "unit",
                                    efn_commodity_unit((efn_commodity)k));
            cJSON_AddNumberToObject(c, "assets", (double)per_com[k]);
            cJSON_AddNumberToObject(c, "active_assets", (double)active[k]);
        }
        ys = cJSON_AddArrayToObject(root, "years");
        for (i = 0; i < nyears; i++)
            cJSON_AddItemToArray(ys, cJSON_CreateNumber(years[i]));
        assets = cJSON_AddArrayToObject(root, "assets");
        for (i = 0; i < na; i++) {
            efn_asset_info ai;
            size_t first, last;
            double cap, flow;
            cJSON *a;
            efn_network_asset(&ai, net, i);
            if (o->commodity >= 0 && (int)ai.commodity != o->commodity)
                continue;
            efn_asset_route_node(&first, net, i, 0);
            efn_asset_route_node(&last, net, i, ai.route_length - 1);
            efn_asset_quantity_get(&cap, net, i, EFN_CAPACITY, year);
            efn_asset_quantity_get(&flow, net, i, EFN_FLOW, year);
            a = cJSON_CreateObject();
            cJSON_AddStringToObject(a, "id", ai.id);
            cJSON_AddStringToObject(a, "name", ai.name);
            cJSON_AddStringToObject(a, "commodity",
                                    efn_commodity_name(ai.commodity));
            cJSON_AddStringToObject(a, "status",
                                    efn_asset_status_name(ai.status));
            cJSON_AddBoolToObject(a, "active",
                                  efn_asset_is_active(net, i, year));
            cJSON_AddStringToObject(a, "unit",
                                    efn_commodity_unit(ai.commodity));
            cJSON_AddItemToObject(a, "capacity", json_number_or_null(cap));
            cJSON_AddItemToObject(a, "flow", json_number_or_null(flow));
            cJSON_AddNumberToObject(a, "segments", (double)ai.segment_count);
            cJSON_AddNumberToObject(a, "stakes",
                                    (double)efn_asset_stake_count(net, i, year));
            {
                efn_node_info n1, n2;
                efn_network_node(&n1, net, first);
                efn_network_node(&n2, net, last);
                cJSON_AddStringToObject(a, "from", n1.id);
                cJSON_AddStringToObject(a, "to", n2.id);
            }
            cJSON_AddItemToArray(assets, a);
        }
        owners = cJSON_AddArrayToObject(root, "owners");
        for (i = 0; i < no; i++) {
            efn_owner_info oi;
            cJSON *ow, *parents;
            efn_network_owner(&oi, net, i);
            ow = cJSON_CreateObject();
            cJSON_AddStringToObject(ow, "id", oi.id);
            cJSON_AddStringToObject(ow, "name", oi.name);
            cJSON_AddStringToObject(ow, "kind", oi.kind);
            cJSON_AddStringToObject(ow, "country", oi.country);
            parents = cJSON_AddArrayToObject(ow, "owners");
            for (k = 0; k < oi.parent_count; k++) {
                size_t p;
                double share;
                efn_owner_info pi;
                cJSON *pe = cJSON_CreateObject();
                efn_owner_parent(&p, &share, net, i, k);
                efn_network_owner(&pi, net, p);
                cJSON_AddStringToObject(pe, "owner", pi.id);
                cJSON_AddNumberToObject(pe, "share", share);
                cJSON_AddItemToArray(parents, pe);
            }
            cJSON_AddItemToArray(owners, ow);
        }
        rc = print_json(root);
        cJSON_Delete(root);
    } else {
        printf("%s\n", efn_network_title(net)[0] ? efn_network_title(net)
                                                  : efn_network_source(net));
        printf("source: %s\n", efn_network_source(net));
        if (year)
            printf("year:   %d\n", year);
        printf("nodes:  %zu (", nn);
        for (k = 0, i = 0; k < 7; k++)
            if (kinds[k])
                printf("%s%zu %s", i++ ? ", " : "", kinds[k],
                       efn_node_kind_name((efn_node_kind)k));
        printf(")\nassets: %zu (", na);
        for (k = 0, i = 0; k < EFN_COMMODITY_COUNT; k++)
            if (per_com[k])
                printf("%s%zu %s, %zu active", i++ ? "; " : "", per_com[k],
                       efn_commodity_name((efn_commodity)k), active[k]);
        printf(")\nowners: %zu\n", no);
        if (nyears)
            printf("years:  %d to %d\n", years[0], years[nyears - 1]);
        for (k = 0; k < EFN_COMMODITY_COUNT; k++) {
            if (!per_com[k] || (o->commodity >= 0 && (int)k != o->commodity))
                continue;
            printf("\n%s assets%s%.0d\n", efn_commodity_name((efn_commodity)k),
                   year ? " in " : "", year);
            printf("  %-24s %-13s %-6s %12s %12s  %s\n", "id", "status",
                   "active", "capacity", "flow", "route");
            printf("  %-24s %-13s %-6s %12s %12s\n", "", "", "",
                   efn_commodity_unit((efn_commodity)k),
                   efn_commodity_unit((efn_commodity)k));
            for (i = 0; i < na; i++) {
                efn_asset_info ai;
                size_t first, last;
                double cap, flow;
                efn_node_info n1, n2;
                efn_network_asset(&ai, net, i);
                if ((size_t)ai.commodity != k)
                    continue;
                efn_asset_route_node(&first, net, i, 0);
                efn_asset_route_node(&last, net, i, ai.route_length - 1);
                efn_network_node(&n1, net, first);
                efn_network_node(&n2, net, last);
                efn_asset_quantity_get(&cap, net, i, EFN_CAPACITY, year);
                efn_asset_quantity_get(&flow, net, i, EFN_FLOW, year);
                printf("  %-24s %-13s %-6s %12s %12s  %s -> %s%s\n", ai.id,
                       efn_asset_status_name(ai.status),
                       efn_asset_is_active(net, i, year) ? "yes" : "no",
                       fmt_qty(b1, sizeof b1, cap),
                       fmt_qty(b2, sizeof b2, flow), n1.id, n2.id,
                       ai.route_length > 2 ? " (via more)" : "");
            }
        }
        if (no) {
            printf("\nowners\n  %-28s %-11s %-8s %s\n", "id", "kind",
                   "country", "owned by");
            for (i = 0; i < no; i++) {
                efn_owner_info oi;
                efn_network_owner(&oi, net, i);
                printf("  %-28s %-11s %-8s", oi.id, oi.kind, oi.country);
                for (k = 0; k < oi.parent_count; k++) {
                    size_t p;
                    double share;
                    efn_owner_info pi;
                    efn_owner_parent(&p, &share, net, i, k);
                    efn_network_owner(&pi, net, p);
                    printf("%s%s %.4g%%", k ? ", " : " ", pi.id, share);
                }
                printf("\n");
            }
        }
        rc = 0;
    }
    efn_free(years);
    efn_network_free(net);
    return rc;
}

/* ---- export ------------------------------------------------------------- */

static int cmd_export(const options *o)
{
    efn_network *net = NULL;
    char *text = NULL;
    int rc;
    if (o->format && strcmp(o->format, "json") != 0) {
        fprintf(stderr, "efn: unknown export format '%s'; this version "
                        "exports json\n",
                o->format);
        return EXIT_INPUT;
    }
    if ((rc = load(&net, o)) != 0)
        return rc;
    if (o->output) {
        if (efn_network_save(net, o->output) != EFN_OK) {
            fprintf(stderr, "efn: %s\n", efn_last_error());
            efn_network_free(net);
            return EXIT_ANALYSIS;
        }
    } else {
        if (efn_network_to_json(&text, net, 1) != EFN_OK) {
            fprintf(stderr, "efn: %s\n", efn_last_error());
            efn_network_free(net);
            return EXIT_ANALYSIS;
        }
        printf("%s\n", text);
        efn_free(text);
    }
    efn_network_free(net);
    return 0;
}

/* ---- analyses: shared helpers ------------------------------------------- */

/* Prints the library's last error (after "YEAR: " when year is given) and
 * returns the exit status for a failed call: 1 when the analysis itself
 * failed, 2 when the input was at fault. */
static int report(int status, int year)
{
    if (year)
        fprintf(stderr, "efn: %d: %s\n", year, efn_last_error());
    else
        fprintf(stderr, "efn: %s\n", efn_last_error());
    return status == EFN_ERROR || status == EFN_EINFEASIBLE ||
                   status == EFN_ENOMEM || status == EFN_ECANCELLED
               ? EXIT_ANALYSIS
               : EXIT_INPUT;
}

static efn_commodity analysis_commodity(const options *o)
{
    return o->commodity < 0 ? EFN_GAS : (efn_commodity)o->commodity;
}

static unsigned n1_scope(const options *o)
{
    return o->scope ? o->scope : EFN_N1_ASSETS;
}

static const char *node_id(const efn_network *net, size_t node)
{
    efn_node_info ni;
    return efn_network_node(&ni, net, node) == EFN_OK ? ni.id : "?";
}

static const char *node_country(const efn_network *net, size_t node)
{
    efn_node_info ni;
    return efn_network_node(&ni, net, node) == EFN_OK ? ni.country : "?";
}

static const char *asset_id(const efn_network *net, size_t asset)
{
    efn_asset_info ai;
    return efn_network_asset(&ai, net, asset) == EFN_OK ? ai.id : "?";
}

/* "2023"; "the latest year" when the network gives no year (the library
 * then reports a year beyond any real one). */
static const char *year_text(char *buf, size_t size, int year)
{
    if (year <= 0 || year > 9999)
        snprintf(buf, size, "the latest year");
    else
        snprintf(buf, size, "%d", year);
    return buf;
}

static int progress_shown(void)
{
    return isatty(STDERR_FILENO);
}

/* Clears the progress line. */
static void progress_done(void)
{
    fprintf(stderr, "\r\033[K");
}

/* Takes ownership of `text` (the library's JSON) and parses it. */
static int parse_library_json(cJSON **out, int rc, char *text, int year)
{
    *out = NULL;
    if (rc != EFN_OK)
        return report(rc, year);
    *out = cJSON_Parse(text);
    efn_free(text);
    if (!*out) {
        fprintf(stderr, "efn: cannot parse the library's JSON output\n");
        return EXIT_ANALYSIS;
    }
    return 0;
}

/* The result of one analysis in one year. */
typedef enum analysis_kind { AN_FLOW, AN_BALANCE, AN_N1 } analysis_kind;

typedef struct result {
    analysis_kind kind;
    int year; /* as asked; 0: the network's */
    efn_flow *flow;
    efn_balance *balance;
    efn_n1 *n1;
    int has_eu;
    efn_eu_n1 eu;
} result;

static void result_free(result *r)
{
    efn_flow_free(r->flow);
    efn_balance_free(r->balance);
    efn_n1_free(r->n1);
    memset(r, 0, sizeof *r);
}

/* Distinct countries of the network's nodes. */
static size_t country_count(const efn_network *net)
{
    size_t i, k, n = 0, nn = efn_network_node_count(net);
    for (i = 0; i < nn; i++) {
        const char *c = node_country(net, i);
        for (k = 0; k < i; k++)
            if (strcmp(node_country(net, k), c) == 0)
                break;
        n += k == i;
    }
    return n;
}

/* An upper bound on the removals N-1 will make. */
static size_t n1_removals(const efn_network *net, const options *o, int year)
{
    size_t i, n = 0, na = efn_network_asset_count(net);
    unsigned scope = n1_scope(o);
    if (scope & EFN_N1_ASSETS)
        for (i = 0; i < na; i++) {
            efn_asset_info ai;
            efn_network_asset(&ai, net, i);
            n += ai.commodity == analysis_commodity(o) &&
                 efn_asset_is_active(net, i, year);
        }
    if (scope & EFN_N1_NODES)
        n += efn_network_node_count(net);
    if (scope & EFN_N1_COUNTRIES)
        n += country_count(net);
    return n;
}

static int run_n1(result *r, const efn_network *net, const options *o,
                  int progress)
{
    efn_n1_options opt = EFN_N1_OPTIONS_INIT;
    size_t removals = n1_removals(net, o, r->year);
    int rc;
    opt.commodity = analysis_commodity(o);
    opt.year = r->year;
    opt.scope = n1_scope(o);
    progress = progress && removals > PROGRESS_REMOVALS && progress_shown();
    if (progress)
        fprintf(stderr, "efn: N-1 over up to %zu removals...", removals);
    rc = efn_n1_run(&r->n1, net, &opt);
    if (progress)
        progress_done();
    if (rc != EFN_OK || !o->country)
        return rc;
    r->has_eu = 1;
    return efn_eu_n1_compute(&r->eu, net, o->country, r->year,
                             o->peak_factor);
}

/* Runs the analysis the options ask for in `year` (0: the network's).
 * `progress`: whether it may show progress itself. Prints any error. */
static int run_analysis(result *r, const efn_network *net, const options *o,
                        int year, int progress)
{
    const char *an = o->analysis ? o->analysis : o->command;
    int rc;
    memset(r, 0, sizeof *r);
    r->year = year;
    if (strcmp(an, "n1") == 0) {
        r->kind = AN_N1;
        rc = run_n1(r, net, o, progress);
    } else if (o->observed) {
        r->kind = AN_BALANCE;
        rc = efn_balance_run(&r->balance, net, analysis_commodity(o), year);
    } else {
        efn_flow_options opt = EFN_FLOW_OPTIONS_INIT;
        r->kind = AN_FLOW;
        opt.commodity = analysis_commodity(o);
        opt.year = year;
        opt.mode = o->mode_given ? o->mode : EFN_ALLOC_MAX;
        rc = efn_flow_run(&r->flow, net, &opt);
    }
    if (rc != EFN_OK) {
        result_free(r);
        return report(rc, o->analysis ? year : 0);
    }
    return 0;
}

/* The result as JSON: the library's object for flow and balance;
 * {"n1": ..., "eu_n1": ...} for N-1. */
static int result_json(cJSON **out, const result *r, const efn_network *net)
{
    char *text = NULL;
    cJSON *n1 = NULL, *eu = NULL;
    int rc;
    *out = NULL;
    if (r->kind != AN_N1) {
        rc = r->kind == AN_FLOW ? efn_flow_to_json(&text, r->flow)
                                : efn_balance_to_json(&text, r->balance);
        return parse_library_json(out, rc, text, r->year);
    }
    rc = efn_n1_to_json(&text, r->n1);
    rc = parse_library_json(&n1, rc, text, r->year);
    if (rc == 0 && r->has_eu) {
        text = NULL;
        rc = efn_eu_n1_to_json(&text, &r->eu, net);
        rc = parse_library_json(&eu, rc, text, r->year);
    }
    if (rc == 0 && !(*out = cJSON_CreateObject())) {
        fprintf(stderr, "efn: out of memory\n");
        rc = EXIT_ANALYSIS;
    }
    if (rc != 0) {
        cJSON_Delete(n1);
        cJSON_Delete(eu);
        return rc;
    }
    cJSON_AddItemToObject(*out, "n1", n1);
    if (eu)
        cJSON_AddItemToObject(*out, "eu_n1", eu);
    return 0;
}

/* ---- flow --------------------------------------------------------------- */

static int by_utilisation(const void *pa, const void *pb)
{
    const efn_flow_asset *a = pa, *b = pb;
    if (a->utilisation != b->utilisation)
        return a->utilisation > b->utilisation ? -1 : 1;
    return (a->asset > b->asset) - (a->asset < b->asset);
}

static void print_flow_totals(const efn_flow *f, const char *unit)
{
    char b[32];
    printf("%s flow in %s, mode %s, in %s\n",
           efn_commodity_name(efn_flow_commodity(f)),
           year_text(b, sizeof b, efn_flow_year(f)),
           efn_allocation_name(efn_flow_mode(f)), unit);
    printf("  %-16s %12s %s\n", "max deliverable",
           fmt_qty(b, sizeof b, efn_flow_max_total(f)), unit);
    printf("  %-16s %12s %s\n", "delivered",
           fmt_qty(b, sizeof b, efn_flow_delivered_total(f)), unit);
    printf("  %-16s %12s %s\n", "demand",
           fmt_qty(b, sizeof b, efn_flow_demand_total(f)), unit);
    printf("  %-16s %12s %s\n", "supply",
           fmt_qty(b, sizeof b, efn_flow_supply_total(f)), unit);
}

/* The consumers table (demand, delivered, unmet, % served) or the
 * suppliers table (supply, injected, spare). */
static void print_flow_nodes(const efn_flow *f, const efn_network *net,
                             const char *unit, int consumers)
{
    size_t i, n = consumers ? efn_flow_consumer_count(f)
                            : efn_flow_supplier_count(f);
    char b[3][32];
    printf("\n%s\n  %-26s %-7s %12s %12s %12s%s\n",
           consumers ? "consumers" : "suppliers", "node", "country",
           consumers ? "demand" : "supply",
           consumers ? "delivered" : "injected",
           consumers ? "unmet" : "spare", consumers ? "   served" : "");
    printf("  %-26s %-7s %12s %12s %12s%s\n", "", "", unit, unit, unit,
           consumers ? "        %" : "");
    for (i = 0; i < n; i++) {
        efn_flow_consumer c;
        efn_flow_supplier s;
        size_t node;
        double q[3];
        if (consumers) {
            efn_flow_consumer_get(&c, f, i);
            node = c.node;
            q[0] = c.demand, q[1] = c.delivered, q[2] = c.unmet;
        } else {
            efn_flow_supplier_get(&s, f, i);
            node = s.node;
            q[0] = s.supply, q[1] = s.injected, q[2] = s.spare;
        }
        printf("  %-26s %-7s %12s %12s %12s", node_id(net, node),
               node_country(net, node), fmt_qty(b[0], sizeof b[0], q[0]),
               fmt_qty(b[1], sizeof b[1], q[1]),
               fmt_qty(b[2], sizeof b[2], q[2]));
        if (consumers)
            printf(" %8.1f", 100 * c.fraction);
        printf("\n");
    }
}

static int print_flow_assets(const efn_flow *f, const efn_network *net,
                             const char *unit)
{
    size_t i, n = efn_flow_asset_count(f);
    efn_flow_asset *assets = malloc((n ? n : 1) * sizeof *assets);
    char b1[32], b2[32];
    if (!assets) {
        fprintf(stderr, "efn: out of memory\n");
        return EXIT_ANALYSIS;
    }
    for (i = 0; i < n; i++)
        efn_flow_asset_get(&assets[i], f, i);
    qsort(assets, n, sizeof *assets, by_utilisation);
    printf("\nassets, by utilisation\n  %-26s %12s %12s %12s\n", "asset",
           "capacity", "flow", "utilisation");
    printf("  %-26s %12s %12s %12s\n", "", unit, unit, "%");
    for (i = 0; i < n; i++) {
        const efn_flow_asset *a = &assets[i];
        printf("  %-26s %12s %12s ", asset_id(net, a->asset),
               fmt_qty(b1, sizeof b1, a->capacity),
               fmt_qty(b2, sizeof b2, a->flow));
        if (isinf(a->capacity))
            printf("%12s\n", "-");
        else
            printf("%12.1f\n", 100 * a->utilisation);
    }
    free(assets);
    return 0;
}

static void print_flow_cut(const efn_flow *f, const efn_network *net,
                           const char *unit)
{
    size_t i, n = efn_flow_cut_count(f);
    char b[32];
    printf("\nBinding (minimum cut; it sums to the max deliverable)\n");
    if (n == 0)
        printf("  nothing: no supply can reach any demand\n");
    for (i = 0; i < n; i++) {
        efn_cut_item c;
        efn_flow_cut_get(&c, f, i);
        fmt_qty(b, sizeof b, c.capacity);
        if (c.kind == EFN_CUT_SEGMENT)
            printf("  %s at %s -> %s binds at %s %s\n",
                   asset_id(net, c.asset), node_id(net, c.from_node),
                   node_id(net, c.to_node), b, unit);
        else if (c.kind == EFN_CUT_SUPPLY)
            printf("  supply of %s binds at %s %s\n", node_id(net, c.node), b,
                   unit);
        else
            printf("  demand of %s is fully served (%s %s)\n",
                   node_id(net, c.node), b, unit);
    }
}

static int print_flow(const efn_flow *f, const efn_network *net)
{
    const char *unit = efn_commodity_unit(efn_flow_commodity(f));
    int rc;
    print_flow_totals(f, unit);
    print_flow_nodes(f, net, unit, 1);
    print_flow_nodes(f, net, unit, 0);
    if ((rc = print_flow_assets(f, net, unit)) != 0)
        return rc;
    print_flow_cut(f, net, unit);
    return 0;
}

static void print_balance(const efn_balance *b, const efn_network *net,
                          const options *o)
{
    efn_commodity c = analysis_commodity(o);
    const char *unit = efn_commodity_unit(c);
    int year = o->year ? o->year : efn_network_year(net);
    size_t i, flagged = 0;
    char q[7][32], yb[32];
    printf("observed %s flows in %s, in %s: %zu active asset(s) without an "
           "observed flow skipped\n",
           efn_commodity_name(c), year_text(yb, sizeof yb, year), unit,
           efn_balance_unobserved_count(b));
    printf("  %-22s %-7s %10s %10s %10s %10s %10s %10s %10s\n", "node",
           "country", "inflow", "outflow", "injection", "withdrawal",
           "supply", "demand", "imbalance");
    printf("  %-22s %-7s %10s %10s %10s %10s %10s %10s %10s\n", "", "", unit,
           unit, unit, unit, unit, unit, unit);
    for (i = 0; i < efn_balance_node_count(b); i++) {
        efn_balance_node n;
        int bad;
        efn_balance_node_get(&n, b, i);
        bad = n.imbalance > IMBALANCE_TOLERANCE;
        flagged += bad;
        printf("  %-22s %-7s %10s %10s %10s %10s %10s %10s %10s%s\n",
               node_id(net, n.node), node_country(net, n.node),
               fmt_qty(q[0], sizeof q[0], n.inflow),
               fmt_qty(q[1], sizeof q[1], n.outflow),
               fmt_qty(q[2], sizeof q[2], n.injection),
               fmt_qty(q[3], sizeof q[3], n.withdrawal),
               fmt_qty(q[4], sizeof q[4], n.supply),
               fmt_qty(q[5], sizeof q[5], n.demand),
               fmt_qty(q[6], sizeof q[6], n.imbalance), bad ? " !" : "");
    }
    if (flagged)
        printf("\n! %zu node(s) where the observed flows do not add up "
               "(imbalance above %g %s)\n",
               flagged, IMBALANCE_TOLERANCE, unit);
}

/* ---- n1 ----------------------------------------------------------------- */

static const char *n1_kind_name(efn_n1_kind kind)
{
    return kind == EFN_N1_ASSET ? "asset"
           : kind == EFN_N1_NODE ? "node"
                                 : "country";
}

/* "assets, nodes and countries" for a scope. */
static void print_scope(unsigned scope)
{
    static const char *const names[] = {"assets", "nodes", "countries"};
    unsigned bit;
    int printed = 0, left = 0;
    for (bit = 0; bit < 3; bit++)
        left += (scope >> bit) & 1;
    for (bit = 0; bit < 3; bit++) {
        if (!((scope >> bit) & 1))
            continue;
        left--;
        printf("%s%s", printed ? (left ? ", " : " and ") : "", names[bit]);
        printed = 1;
    }
}

/* "d1 2, d2 4": the consumers whose standalone deliverable entry i lowers. */
static void print_consumer_losses(const efn_n1 *n, const efn_network *net,
                                  size_t i)
{
    size_t j, node;
    int printed = 0;
    char b[32];
    for (j = 0; j < efn_n1_consumer_count(n); j++) {
        double loss, standalone;
        efn_n1_consumer_loss(&loss, n, i, j);
        if (!(loss > 1e-9))
            continue;
        efn_n1_consumer_get(&node, &standalone, n, j);
        printf("%s%s %s", printed ? ", " : "", node_id(net, node),
               fmt_qty(b, sizeof b, loss));
        printed = 1;
    }
    printf("%s\n", printed ? "" : "-");
}

static void print_n1_entries(const efn_n1 *n, const efn_network *net,
                             const options *o)
{
    const char *unit = efn_commodity_unit(efn_n1_commodity(n));
    size_t i, count = efn_n1_entry_count(n);
    size_t top = (size_t)(o->top ? o->top : DEFAULT_TOP);
    char b1[32], b2[32];
    printf("%s N-1 in %s, removing ", efn_commodity_name(efn_n1_commodity(n)),
           year_text(b1, sizeof b1, efn_n1_year(n)));
    print_scope(n1_scope(o));
    printf(" one at a time, in %s\n", unit);
    printf("  base total (max deliverable) %s %s\n\n",
           fmt_qty(b1, sizeof b1, efn_n1_base_total(n)), unit);
    printf("  %4s  %-7s %-26s %12s %12s  %s\n", "rank", "kind", "removed",
           "total after", "loss", "consumers losing (standalone)");
    printf("  %4s  %-7s %-26s %12s %12s  %s\n", "", "", "", unit, unit, unit);
    for (i = 0; i < count && i < top; i++) {
        efn_n1_entry e;
        efn_n1_entry_get(&e, n, i);
        printf("  %4zu  %-7s %-26s %12s %12s  ", i + 1, n1_kind_name(e.kind),
               e.id, fmt_qty(b1, sizeof b1, e.total_after),
               fmt_qty(b2, sizeof b2, e.loss));
        print_consumer_losses(n, net, i);
    }
    if (count > top)
        printf("  (%zu more; --json for all)\n", count - top);
}

static void print_eu_n1(const efn_eu_n1 *eu, const efn_network *net)
{
    char b[32];
    printf("\nEU N-1 for %s in %s (Regulation (EU) 2017/1938, Annex II), "
           "in mcm/d\n",
           eu->country, year_text(b, sizeof b, eu->year));
    printf("  %-5s %-28s %10.2f\n", "EPm", "entry capacity", eu->epm_mcm_d);
    printf("  %-5s %-28s %10.2f\n", "Pm", "production", eu->pm_mcm_d);
    printf("  %-5s %-28s %10.2f\n", "Sm", "storage deliverability",
           eu->sm_mcm_d);
    printf("  %-5s %-28s %10.2f\n", "LNGm", "LNG send-out", eu->lngm_mcm_d);
    printf("  %-5s %-28s %10.2f  (%s %s)\n", "Im",
           "largest infrastructure", eu->im_mcm_d,
           eu->im_is_asset ? "asset" : "supply of",
           eu->im_is_asset ? asset_id(net, eu->im_index)
                           : node_id(net, eu->im_index));
    printf("  %-5s %-28s %10.2f", "Dmax", "peak daily demand",
           eu->dmax_mcm_d);
    if (eu->dmax_estimated)
        printf("  (estimated: annual demand x %g)", eu->peak_factor);
    printf("\n  N-1 = (EPm + Pm + Sm + LNGm - Im) / Dmax x 100 = %.2f %%\n",
           eu->n1_percent);
}

/* ---- flow and n1 commands ----------------------------------------------- */

static int print_result(const result *r, const efn_network *net,
                        const options *o)
{
    if (r->kind == AN_FLOW)
        return print_flow(r->flow, net);
    if (r->kind == AN_BALANCE) {
        print_balance(r->balance, net, o);
        return 0;
    }
    print_n1_entries(r->n1, net, o);
    if (r->has_eu)
        print_eu_n1(&r->eu, net);
    return 0;
}

/* flow and n1: one analysis in one year. */
static int cmd_analysis(const options *o)
{
    efn_network *net = NULL;
    result r;
    cJSON *json = NULL;
    int rc;
    if ((rc = load(&net, o)) != 0)
        return rc;
    if ((rc = run_analysis(&r, net, o, o->year, 1)) != 0) {
        efn_network_free(net);
        return rc;
    }
    if (o->json) {
        if ((rc = result_json(&json, &r, net)) == 0)
            rc = print_json(json);
        cJSON_Delete(json);
    } else {
        rc = print_result(&r, net, o);
    }
    result_free(&r);
    efn_network_free(net);
    return rc;
}

/* ---- timeline ----------------------------------------------------------- */

static void print_timeline_header(const options *o, const char *unit)
{
    if (strcmp(o->analysis, "flow") == 0) {
        printf("  %4s %12s %12s %12s %12s  %s\n", "year", "max deliv.",
               "delivered", "demand", "unmet", "binding assets");
        printf("  %4s %12s %12s %12s %12s\n", "", unit, unit, unit, unit);
        return;
    }
    printf("  %4s %12s  %-26s %12s%s\n", "year", "base total", "top removal",
           "loss", o->country ? "   EU N-1" : "");
    printf("  %4s %12s  %-26s %12s%s\n", "", unit, "", unit,
           o->country ? "          %" : "");
}

/* The assets of the minimum cut, each once: "p4,tap". */
static void print_binding_assets(const efn_flow *f, const efn_network *net)
{
    size_t i, k, n = efn_flow_cut_count(f);
    int printed = 0;
    for (i = 0; i < n; i++) {
        efn_cut_item c, prev;
        efn_flow_cut_get(&c, f, i);
        if (c.kind != EFN_CUT_SEGMENT)
            continue;
        for (k = 0; k < i; k++) {
            efn_flow_cut_get(&prev, f, k);
            if (prev.kind == EFN_CUT_SEGMENT && prev.asset == c.asset)
                break;
        }
        if (k < i)
            continue;
        printf("%s%s", printed ? "," : "", asset_id(net, c.asset));
        printed = 1;
    }
    printf("%s\n", printed ? "" : "-");
}

static void print_timeline_row(const result *r, const efn_network *net)
{
    char b1[32], b2[32], b3[32], b4[32];
    if (r->kind == AN_FLOW) {
        const efn_flow *f = r->flow;
        printf("  %4d %12s %12s %12s %12s  ", r->year,
               fmt_qty(b1, sizeof b1, efn_flow_max_total(f)),
               fmt_qty(b2, sizeof b2, efn_flow_delivered_total(f)),
               fmt_qty(b3, sizeof b3, efn_flow_demand_total(f)),
               fmt_qty(b4, sizeof b4,
                       efn_flow_demand_total(f) -
                           efn_flow_delivered_total(f)));
        print_binding_assets(f, net);
        return;
    }
    printf("  %4d %12s  ", r->year,
           fmt_qty(b1, sizeof b1, efn_n1_base_total(r->n1)));
    if (efn_n1_entry_count(r->n1)) {
        efn_n1_entry e;
        efn_n1_entry_get(&e, r->n1, 0);
        /* When nothing costs anything, no removal is the top one. */
        printf("%-26s %12s", e.loss > 5e-7 ? e.id : "-",
               fmt_qty(b2, sizeof b2, e.loss));
    } else {
        printf("%-26s %12s", "-", "-");
    }
    if (r->has_eu)
        printf(" %9.2f", r->eu.n1_percent);
    printf("\n");
}

static int cmd_timeline(const options *o)
{
    efn_network *net = NULL;
    cJSON *list = NULL;
    int rc, year, nyears = o->to - o->from + 1;
    int progress = nyears > PROGRESS_YEARS && progress_shown();
    const char *unit = efn_commodity_unit(analysis_commodity(o));
    if ((rc = load(&net, o)) != 0)
        return rc;
    if (o->json && !(list = cJSON_CreateArray())) {
        efn_network_free(net);
        fprintf(stderr, "efn: out of memory\n");
        return EXIT_ANALYSIS;
    }
    if (!o->json) {
        printf("%s %s timeline, %d to %d, in %s\n",
               efn_commodity_name(analysis_commodity(o)), o->analysis,
               o->from, o->to, unit);
        print_timeline_header(o, unit);
    }
    for (year = o->from; year <= o->to && rc == 0; year++) {
        result r;
        cJSON *item = NULL;
        if (progress)
            fprintf(stderr, "\refn: timeline %d (%d of %d)\033[K", year,
                    year - o->from + 1, nyears);
        if ((rc = run_analysis(&r, net, o, year, 0)) != 0)
            break;
        if (o->json) {
            if ((rc = result_json(&item, &r, net)) == 0)
                cJSON_AddItemToArray(list, item);
        } else {
            print_timeline_row(&r, net);
        }
        result_free(&r);
    }
    if (progress)
        progress_done();
    if (rc == 0 && o->json)
        rc = print_json(list);
    cJSON_Delete(list);
    efn_network_free(net);
    return rc;
}

int main(int argc, char **argv)
{
    options o;
    if (parse_args(&o, argc, argv) < 0)
        return EXIT_INPUT;
    if (strcmp(o.command, "validate") == 0)
        return cmd_validate(&o);
    if (strcmp(o.command, "info") == 0)
        return cmd_info(&o);
    if (strcmp(o.command, "flow") == 0 || strcmp(o.command, "n1") == 0)
        return cmd_analysis(&o);
    if (strcmp(o.command, "timeline") == 0)
        return cmd_timeline(&o);
    if (strcmp(o.command, "export") == 0)
        return cmd_export(&o);
    fprintf(stderr, "efn: unknown command '%s'\n", o.command);
    usage(stderr);
    return EXIT_INPUT;
}
