/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * The `efn` command. Exit status: 0 ok, 1 analysis failed, 2 bad input or
 * usage.
 */
#define _POSIX_C_SOURCE 200809L /* isatty */

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
/* Volumes below this are solver noise: printed as 0, not listed. */
#define VOLUME_NOISE 5e-7

typedef struct options {
    const char *command;
    const char *analysis; /* timeline: "flow", "n1" or "depend" */
    const char *file;
    const char *scenarios[MAX_SCENARIOS];
    size_t nscenarios;
    int year;
    int commodity; /* -1: every commodity (analyses: gas) */
    int json;
    const char *format;
    const char *output;
    /* flow, trace, depend (and owners --computed) */
    int mode_given;
    efn_allocation mode;
    int observed;   /* flow: the balance; trace, depend: observed flows */
    int value_only; /* flow: the maximum deliverable total alone */
    /* n1 */
    unsigned scope;      /* EFN_N1_* bits; 0: not given (assets) */
    int totals_only;     /* n1: no consumer's standalone loss */
    int top;             /* 0: not given (DEFAULT_TOP) */
    const char *country; /* n1: EU N-1 for it; owners: only its owners */
    double peak_factor;  /* 0: not given (the library's default) */
    /* depend */
    const char *consumer; /* only this consumer's node id */
    /* owners */
    const char *owner; /* only this owner's id */
    int computed;      /* throughput from a max flow, not observed flows */
    /* timeline */
    int from, to; /* 0: not given */
    /* export */
    int with_flow;          /* include a computed flow (--flow) */
    const char *colour;     /* dot: commodity or utilisation */
    double size_in;         /* dot: longer side in inches; 0: default */
    int no_edge_labels;     /* dot: leave the edges unlabelled */
    const char *table;      /* csv: nodes, assets, flow, n1, trace, ... */
    const char *flow_table; /* csv flow: consumers, suppliers, ... */
    /* risk */
    long samples;      /* 0: not given (the library's default) */
    const char *seed;  /* NULL: not given */
    long workers;      /* 0: not given (one per processor) */
    double target_rse; /* 0: run every sample */
} options;

static void usage(FILE *to)
{
    fprintf(
        to,
        "usage: efn COMMAND [FILE] [options]\n"
        "       efn timeline flow|n1|depend [FILE] --from Y --to Y "
        "[options]\n"
        "\n"
        "commands:\n"
        "  validate   check a network file and list every problem\n"
        "  info       summarise a network: counts, years, assets, owners\n"
        "  flow       maximum deliverable flow: consumers, suppliers,\n"
        "             asset utilisation and what binds (the minimum cut)\n"
        "  n1         N-1: the loss from removing each asset, node or\n"
        "             country; with --country the EU 2017/1938 standard\n"
        "  trace      where each consumer's supply comes from: origin\n"
        "             countries and nodes, by proportional sharing\n"
        "  depend     per consumer: supplier countries and their HHI,\n"
        "             transit countries, assets, entry routes, single\n"
        "             points of failure, owner countries of the route\n"
        "  owners     look-through ownership: per ultimate owner, owner\n"
        "             country and asset; stake-weighted capacity and\n"
        "             throughput\n"
        "  timeline   run flow, n1 or depend for every year from --from "
        "to --to\n"
        "  risk       Monte Carlo: assets fail at random; unserved volume\n"
        "             per consumer, its quantiles, and what binds\n"
        "  export     write the (scenario-applied) network or a result:\n"
        "             --format json|geojson|graphml|dot|csv\n"
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
        "  --format F        export format: json, geojson, graphml, dot or "
        "csv\n"
        "  -o, --output F    export to a file instead of standard output\n"
        "  --version         print the version\n"
        "  -h, --help        this help\n"
        "\n"
        "flow options:\n"
        "  --mode M          max (most delivered, default) or shared\n"
        "                    (every consumer served the same fraction)\n"
        "  --observed        balance the observed flows instead\n"
        "  --value-only      the maximum deliverable total alone (fastest;\n"
        "                    no allocation, no binding cut)\n"
        "\n"
        "trace and depend options:\n"
        "  --observed        trace the observed flows (default: the "
        "computed\n"
        "                    flows of flow, in its --mode)\n"
        "  --mode M          max (default) or shared, for the computed "
        "flows\n"
        "  --consumer ID     depend: only the consumer at node ID\n"
        "\n"
        "owners options:\n"
        "  --owner ID        only owner ID\n"
        "  --country CC      only ultimate owners in country CC and the\n"
        "                    assets they hold\n"
        "  --computed        throughput from a max flow of --commodity\n"
        "                    (default: the observed flows; --mode "
        "applies)\n"
        "  --commodity C     show only commodity C (default: all; the\n"
        "                    flow of --computed: gas)\n"
        "\n"
        "n1 options:\n"
        "  --by WHAT         assets, nodes, countries: what to remove\n"
        "                    (repeatable or a comma list; default assets)\n"
        "  --top N           show the N largest losses (default %d)\n"
        "  --totals-only     the total's loss only, not each consumer's\n"
        "                    (much faster on large networks)\n"
        "  --country CC      also the EU N-1 formula for country CC (gas)\n"
        "  --peak-factor F   with --country: peak over average daily\n"
        "                    demand where no peak demand is given "
        "(default %g)\n"
        "\n"
        "export options:\n"
        "  --flow            include the computed flow of --commodity (in\n"
        "                    --mode) in geojson, graphml, dot and csv assets\n"
        "  --colour C        dot: commodity (default) or utilisation\n"
        "  --size INCHES     dot: the longer side of the map (default 10)\n"
        "  --no-edge-labels  dot: leave the lines unlabelled\n"
        "  --table T         csv: nodes, assets (default), flow, n1, trace,\n"
        "                    depend or owners; flow tables with\n"
        "                    --flow-table consumers|suppliers|segments|\n"
        "                    assets|cut (default consumers)\n"
        "\n"
        "risk options:\n"
        "  --samples N       samples to draw (default 10000)\n"
        "  --seed S          fixes the result exactly (default 1)\n"
        "  --workers N       threads (default: one per processor); the\n"
        "                    result does not depend on it\n"
        "  --target-rse X    stop once the relative standard error of the\n"
        "                    mean unserved total is below X\n"
        "  --mode M          max (default) or shared\n"
        "\n"
        "timeline options:\n"
        "  --from Y --to Y   the years, both required, at most %d\n"
        "                    (depend also takes --observed, --mode and\n"
        "                    --consumer)\n"
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
        fprintf(stderr, "efn: %s expects a year from 1800 to 2300, got '%s'\n",
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
        "--scenario",    "--year",     "--commodity",
        "--format",      "-o",         "--output",
        "--mode",        "--by",       "--top",
        "--country",     "--from",     "--to",
        "--peak-factor", "--consumer", "--owner",
        "--colour",      "--table",    "--flow-table",
        "--samples",     "--seed",     "--workers",
        "--target-rse",  "--size"};
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(a, names[i]) == 0)
            return 1;
    return 0;
}

/* The options whose value is an id or a code: where it goes. */
static const char **id_option(options *o, const char *a)
{
    if (strcmp(a, "--country") == 0)
        return &o->country;
    if (strcmp(a, "--consumer") == 0)
        return &o->consumer;
    if (strcmp(a, "--owner") == 0)
        return &o->owner;
    return NULL;
}

/* Option `a` with its value `v`. */
static int set_option(options *o, const char *a, const char *v)
{
    const char **slot;
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
            fprintf(stderr, "efn: --mode expects max or shared, got '%s'\n", v);
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
    } else if ((slot = id_option(o, a)) != NULL) {
        if (v[0] == '\0') {
            fprintf(stderr, "efn: %s expects %s\n", a,
                    slot == &o->country    ? "a country code"
                    : slot == &o->consumer ? "a node id"
                                           : "an owner id");
            return -1;
        }
        *slot = v;
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
    } else if (strcmp(a, "--samples") == 0 || strcmp(a, "--workers") == 0) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*v == '\0' || *end != '\0' || n < 1 || n > 100000000) {
            fprintf(stderr,
                    "efn: %s expects a whole number from 1 to 1e8, "
                    "got '%s'\n",
                    a, v);
            return -1;
        }
        if (a[2] == 's')
            o->samples = n;
        else
            o->workers = n;
    } else if (strcmp(a, "--seed") == 0) {
        char *end;
        (void)strtoull(v, &end, 10);
        if (*v == '\0' || *v == '-' || *end != '\0') {
            fprintf(stderr, "efn: --seed expects a whole number, got '%s'\n",
                    v);
            return -1;
        }
        o->seed = v;
    } else if (strcmp(a, "--target-rse") == 0) {
        char *end;
        o->target_rse = strtod(v, &end);
        if (*v == '\0' || *end != '\0' || !(o->target_rse > 0) ||
            o->target_rse >= 1) {
            fprintf(stderr,
                    "efn: --target-rse expects a number between 0 and "
                    "1, got '%s'\n",
                    v);
            return -1;
        }
    } else if (strcmp(a, "--size") == 0) {
        char *end;
        o->size_in = strtod(v, &end);
        if (*v == '\0' || *end != '\0' || !(o->size_in > 0) ||
            o->size_in > 1000) {
            fprintf(stderr,
                    "efn: --size expects inches, from 0 to 1000, got "
                    "'%s'\n",
                    v);
            return -1;
        }
    } else if (strcmp(a, "--colour") == 0) {
        o->colour = v;
    } else if (strcmp(a, "--table") == 0) {
        o->table = v;
    } else if (strcmp(a, "--flow-table") == 0) {
        o->flow_table = v;
    } else {
        o->output = v;
    }
    return 0;
}

/* The analyses, as bits, for the options that apply to some of them. */
enum {
    A_FLOW = 1u << 0,
    A_N1 = 1u << 1,
    A_TRACE = 1u << 2,
    A_DEPEND = 1u << 3,
    A_OWNERS = 1u << 4,
    A_EXPORT = 1u << 5,
    A_RISK = 1u << 6,
    A_TIMELINE = A_FLOW | A_N1 | A_DEPEND /* what timeline can run */
};

static const char *const analysis_names[] = {
    "flow", "n1", "trace", "depend", "owners", "export", "risk"};
#define ANALYSIS_COUNT (sizeof analysis_names / sizeof analysis_names[0])

/* The bit of analysis `name`; 0 when it is not one. */
static unsigned analysis_bit(const char *name)
{
    size_t i;
    for (i = 0; name && i < ANALYSIS_COUNT; i++)
        if (strcmp(name, analysis_names[i]) == 0)
            return 1u << i;
    return 0;
}

/* "flow, trace and depend" for a mask; `last` joins the last two. */
static const char *analyses_text(char *buf, size_t size, unsigned mask,
                                 const char *last)
{
    size_t i, len = 0;
    unsigned left = 0;
    buf[0] = '\0';
    for (i = 0; i < ANALYSIS_COUNT; i++)
        left += (mask >> i) & 1;
    for (i = 0; i < ANALYSIS_COUNT && len < size; i++) {
        if (!((mask >> i) & 1))
            continue;
        left--;
        len +=
            (size_t)snprintf(buf + len, size - len, "%s%s", analysis_names[i],
                             left > 1    ? ", "
                             : left == 1 ? last
                                         : "");
    }
    return buf;
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
    unsigned an = analysis_bit(timeline ? o->analysis : o->command);
    char buf[128];
    /* Which analyses each option applies to. */
    const struct {
        const char *name;
        int given;
        unsigned applies;
    } rules[] = {
        {"--mode", o->mode_given,
         A_FLOW | A_TRACE | A_DEPEND | A_OWNERS | A_EXPORT | A_RISK},
        {"--samples", o->samples != 0, A_RISK},
        {"--seed", o->seed != NULL, A_RISK},
        {"--workers", o->workers != 0, A_RISK},
        {"--target-rse", o->target_rse > 0, A_RISK},
        {timeline ? "--observed in a timeline" : "--observed", o->observed,
         timeline ? A_DEPEND : A_FLOW | A_TRACE | A_DEPEND | A_EXPORT},
        {"--by", o->scope != 0, A_N1 | A_EXPORT},
        {"--flow", o->with_flow, A_EXPORT},
        {"--colour", o->colour != NULL, A_EXPORT},
        {"--size", o->size_in > 0, A_EXPORT},
        {"--no-edge-labels", o->no_edge_labels, A_EXPORT},
        {"--totals-only", o->totals_only, A_N1},
        {"--value-only", o->value_only, A_FLOW},
        {"--table", o->table != NULL, A_EXPORT},
        {"--flow-table", o->flow_table != NULL, A_EXPORT},
        {"--top", o->top != 0, A_N1},
        {"--country", o->country != NULL, A_N1 | A_OWNERS},
        {"--peak-factor", o->peak_factor > 0, A_N1},
        {"--consumer", o->consumer != NULL, A_DEPEND},
        {"--owner", o->owner != NULL, A_OWNERS},
        {"--computed", o->computed, A_OWNERS},
    };
    size_t i;
    if (timeline && !(an & A_TIMELINE)) {
        analyses_text(buf, sizeof buf, A_TIMELINE, " or ");
        if (o->analysis)
            fprintf(stderr, "efn: timeline expects the analysis %s, got '%s'\n",
                    buf, o->analysis);
        else
            fprintf(stderr, "efn: timeline needs an analysis: %s\n", buf);
        return -1;
    }
    for (i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i].given && !(an & rules[i].applies))
            return only_for(
                rules[i].name,
                analyses_text(buf, sizeof buf, rules[i].applies, " and "));
    if (o->observed && o->mode_given) {
        fprintf(stderr, "efn: --mode does not apply to --observed\n");
        return -1;
    }
    if (o->mode_given && an == A_EXPORT && !o->with_flow &&
        !(o->table && strcmp(o->table, "assets") != 0)) {
        fprintf(stderr, "efn: --mode with export needs --flow or a --table "
                        "of an analysis\n");
        return -1;
    }
    if (o->mode_given && an == A_OWNERS && !o->computed) {
        fprintf(stderr, "efn: --mode with owners needs --computed\n");
        return -1;
    }
    if (o->peak_factor > 0 && !o->country) {
        fprintf(stderr, "efn: --peak-factor needs --country\n");
        return -1;
    }
    if (o->country && an == A_N1 && o->commodity >= 0 &&
        o->commodity != EFN_GAS)
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
        } else if (strcmp(a, "--computed") == 0) {
            o->computed = 1;
        } else if (strcmp(a, "--flow") == 0) {
            o->with_flow = 1;
        } else if (strcmp(a, "--no-edge-labels") == 0) {
            o->no_edge_labels = 1;
        } else if (strcmp(a, "--totals-only") == 0) {
            o->totals_only = 1;
        } else if (strcmp(a, "--value-only") == 0) {
            o->value_only = 1;
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
    rc =
        efn_scenario_apply_all(out, base, (const efn_scenario *const *)scns, n);
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
    else if (fabs(v) < VOLUME_NOISE) /* and no "-0" */
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
            cJSON_AddNumberToObject(
                a, "stakes", (double)efn_asset_stake_count(net, i, year));
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
            printf("\nowners\n  %-28s %-11s %-8s %s\n", "id", "kind", "country",
                   "owned by");
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

static int report(int status, int year);

/* The csv table of an analysis: runs it and writes it. */
static int export_csv(char **text, const efn_network *net, const options *o,
                      const efn_flow *flow)
{
    const char *table = o->table ? o->table : "assets";
    efn_commodity com =
        o->commodity >= 0 ? (efn_commodity)o->commodity : EFN_GAS;
    int rc;
    if (strcmp(table, "nodes") == 0)
        return efn_export_csv_nodes(text, net, o->year);
    if (strcmp(table, "assets") == 0)
        return efn_export_csv_assets(text, net, o->year, flow);
    if (strcmp(table, "flow") == 0) {
        efn_export_flow_table t = EFN_EXPORT_FLOW_CONSUMERS;
        if (o->flow_table &&
            (rc = efn_export_flow_table_parse(&t, o->flow_table)) != EFN_OK)
            return rc;
        return efn_export_csv_flow(text, net, flow, t);
    }
    if (strcmp(table, "n1") == 0) {
        efn_n1_options no = EFN_N1_OPTIONS_INIT;
        efn_n1 *n = NULL;
        no.commodity = com;
        no.year = o->year;
        no.scope = o->scope ? o->scope : EFN_N1_ASSETS;
        if ((rc = efn_n1_run(&n, net, &no)) == EFN_OK)
            rc = efn_export_csv_n1(text, net, n);
        efn_n1_free(n);
        return rc;
    }
    if (strcmp(table, "trace") == 0 || strcmp(table, "depend") == 0) {
        efn_trace_options to = EFN_TRACE_OPTIONS_INIT;
        to.commodity = com;
        to.year = o->year;
        to.mode = o->mode;
        to.source = o->observed ? EFN_TRACE_OBSERVED : EFN_TRACE_FLOW;
        if (table[0] == 't') {
            efn_trace *t = NULL;
            if ((rc = efn_trace_run(&t, net, &to)) == EFN_OK)
                rc = efn_export_csv_trace(text, net, t);
            efn_trace_free(t);
        } else {
            efn_dependency *d = NULL;
            if ((rc = efn_dependency_run(&d, net, &to)) == EFN_OK)
                rc = efn_export_csv_dependency(text, net, d);
            efn_dependency_free(d);
        }
        return rc;
    }
    if (strcmp(table, "owners") == 0) {
        efn_ownership *own = NULL;
        if ((rc = efn_ownership_run(&own, net, o->year, NULL)) == EFN_OK)
            rc = efn_export_csv_ownership(text, net, own);
        efn_ownership_free(own);
        return rc;
    }
    fprintf(stderr,
            "efn: --table expects nodes, assets, flow, n1, trace, "
            "depend or owners, got '%s'\n",
            table);
    return EFN_EARG;
}

/* The text of one export format. */
static int export_text(char **text, const efn_network *net, const options *o,
                       const efn_flow *flow)
{
    const char *format = o->format ? o->format : "json";
    efn_commodity com =
        o->commodity >= 0 ? (efn_commodity)o->commodity : EFN_GAS;
    efn_clear_error();
    if (strcmp(format, "json") == 0)
        return efn_network_to_json(text, net, 1);
    if (strcmp(format, "geojson") == 0)
        return efn_export_geojson(text, net, o->year, flow);
    if (strcmp(format, "graphml") == 0)
        return efn_export_graphml(text, net, com, o->year, flow);
    if (strcmp(format, "dot") == 0) {
        efn_export_dot_options d = EFN_EXPORT_DOT_OPTIONS_INIT;
        int rc;
        if (o->commodity >= 0)
            d.commodities = 1u << (unsigned)o->commodity;
        if (o->colour &&
            (rc = efn_export_colour_parse(&d.colour, o->colour)) != EFN_OK)
            return rc;
        if (o->size_in > 0)
            d.size_in = o->size_in;
        d.edge_labels = !o->no_edge_labels;
        return efn_export_dot(text, net, o->year, flow, &d);
    }
    return export_csv(text, net, o, flow);
}

static int cmd_export(const options *o)
{
    static const char *const formats[] = {"json", "geojson", "graphml", "dot",
                                          "csv"};
    efn_network *net = NULL;
    efn_flow *flow = NULL;
    char *text = NULL;
    size_t i;
    int rc, status = 0;
    for (i = 0; o->format && i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(o->format, formats[i]) == 0)
            break;
    if (o->format && i == sizeof formats / sizeof formats[0]) {
        fprintf(stderr,
                "efn: unknown export format '%s'; expected json, "
                "geojson, graphml, dot or csv\n",
                o->format);
        return EXIT_INPUT;
    }
    if ((!o->format || strcmp(o->format, "csv") != 0) &&
        (o->table || o->flow_table)) {
        fprintf(stderr, "efn: --table applies to --format csv only\n");
        return EXIT_INPUT;
    }
    if ((rc = load(&net, o)) != 0)
        return rc;
    if (o->with_flow || (o->table && strcmp(o->table, "flow") == 0)) {
        efn_flow_options fo = EFN_FLOW_OPTIONS_INIT;
        fo.commodity =
            o->commodity >= 0 ? (efn_commodity)o->commodity : EFN_GAS;
        fo.year = o->year;
        fo.mode = o->mode;
        if ((rc = efn_flow_run(&flow, net, &fo)) != EFN_OK) {
            status = report(rc, 0);
            goto done;
        }
    }
    rc = export_text(&text, net, o, flow);
    if (rc == EFN_EARG && !efn_last_error()[0]) {
        status = EXIT_INPUT; /* export_csv printed the usage error */
        goto done;
    }
    if (rc != EFN_OK) {
        status = report(rc, 0);
        goto done;
    }
    if (o->output)
        rc = efn_export_write(o->output, text);
    else if (fputs(text, stdout) == EOF ||
             (text[0] && text[strlen(text) - 1] != '\n' &&
              fputc('\n', stdout) == EOF))
        rc = EFN_EIO;
    if (rc != EFN_OK)
        status = report(rc, 0);
done:
    efn_free(text);
    efn_flow_free(flow);
    efn_network_free(net);
    return status;
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
typedef enum analysis_kind {
    AN_FLOW,
    AN_BALANCE,
    AN_N1,
    AN_TRACE,
    AN_DEPEND,
    AN_OWNERS
} analysis_kind;

typedef struct result {
    analysis_kind kind;
    int year;       /* as asked; 0: the network's */
    efn_flow *flow; /* flow; owners --computed: the flow it used */
    efn_balance *balance;
    efn_n1 *n1;
    int has_eu;
    efn_eu_n1 eu;
    efn_trace *trace;
    efn_dependency *dep;
    efn_ownership *own;
} result;

static void result_free(result *r)
{
    efn_flow_free(r->flow);
    efn_balance_free(r->balance);
    efn_n1_free(r->n1);
    efn_trace_free(r->trace);
    efn_dependency_free(r->dep);
    efn_ownership_free(r->own);
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
    opt.totals_only = o->totals_only;
    progress = progress && removals > PROGRESS_REMOVALS && progress_shown();
    if (progress)
        fprintf(stderr, "efn: N-1 over up to %zu removals...", removals);
    rc = efn_n1_run(&r->n1, net, &opt);
    if (progress)
        progress_done();
    if (rc != EFN_OK || !o->country)
        return rc;
    r->has_eu = 1;
    return efn_eu_n1_compute(&r->eu, net, o->country, r->year, o->peak_factor);
}

/* The flow analysis the options ask for: flow itself, the computed flows
 * that trace and depend follow, and owners --computed. */
static int run_flow(efn_flow **out, const efn_network *net, const options *o,
                    int year)
{
    efn_flow_options opt = EFN_FLOW_OPTIONS_INIT;
    opt.commodity = analysis_commodity(o);
    opt.year = year;
    opt.mode = o->mode_given ? o->mode : EFN_ALLOC_MAX;
    return efn_flow_run(out, net, &opt);
}

/* trace and depend: the observed flows, or the computed ones. */
static int run_trace(result *r, const efn_network *net, const options *o)
{
    efn_trace_options opt = EFN_TRACE_OPTIONS_INIT;
    opt.commodity = analysis_commodity(o);
    opt.year = r->year;
    opt.source = o->observed ? EFN_TRACE_OBSERVED : EFN_TRACE_FLOW;
    opt.mode = o->mode_given ? o->mode : EFN_ALLOC_MAX;
    if (r->kind == AN_DEPEND)
        return efn_dependency_run(&r->dep, net, &opt);
    return efn_trace_run(&r->trace, net, &opt);
}

/* Runs the analysis the options ask for in `year` (0: the network's).
 * `progress`: whether it may show progress itself. Prints any error. */
static int run_analysis(result *r, const efn_network *net, const options *o,
                        int year, int progress)
{
    unsigned an = analysis_bit(o->analysis ? o->analysis : o->command);
    int rc;
    memset(r, 0, sizeof *r);
    r->year = year;
    if (an == A_N1) {
        r->kind = AN_N1;
        rc = run_n1(r, net, o, progress);
    } else if (an == A_TRACE || an == A_DEPEND) {
        r->kind = an == A_TRACE ? AN_TRACE : AN_DEPEND;
        rc = run_trace(r, net, o);
    } else if (an == A_OWNERS) {
        r->kind = AN_OWNERS;
        rc = o->computed ? run_flow(&r->flow, net, o, year) : EFN_OK;
        if (rc == EFN_OK)
            rc = efn_ownership_run(&r->own, net, year, r->flow);
    } else if (o->observed) {
        r->kind = AN_BALANCE;
        rc = efn_balance_run(&r->balance, net, analysis_commodity(o), year);
    } else {
        r->kind = AN_FLOW;
        rc = run_flow(&r->flow, net, o, year);
    }
    if (rc != EFN_OK) {
        result_free(r);
        return report(rc, o->analysis ? year : 0);
    }
    return 0;
}

/* Drops from the dependency JSON every consumer but `node` (an id). */
static void keep_consumer(cJSON *root, const char *node)
{
    cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "consumers");
    cJSON *c = list ? list->child : NULL;
    while (c) {
        cJSON *next = c->next;
        const char *id =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "node"));
        if (!id || strcmp(id, node) != 0)
            cJSON_Delete(cJSON_DetachItemViaPointer(list, c));
        c = next;
    }
}

/* The result as JSON: the library's object for flow, balance, trace,
 * dependency (only --consumer's, when given) and ownership (filtered by
 * --owner and --country); {"n1": ..., "eu_n1": ...} for N-1. */
static int result_json(cJSON **out, const result *r, const efn_network *net,
                       const options *o)
{
    char *text = NULL;
    cJSON *n1 = NULL, *eu = NULL;
    int rc;
    *out = NULL;
    if (r->kind != AN_N1) {
        rc = r->kind == AN_FLOW      ? efn_flow_to_json(&text, r->flow)
             : r->kind == AN_BALANCE ? efn_balance_to_json(&text, r->balance)
             : r->kind == AN_TRACE   ? efn_trace_to_json(&text, r->trace)
             : r->kind == AN_DEPEND
                 ? efn_dependency_to_json(&text, r->dep)
                 : efn_ownership_to_json(&text, r->own, o->owner, o->country);
        rc = parse_library_json(out, rc, text, r->year);
        if (rc == 0 && r->kind == AN_DEPEND && o->consumer)
            keep_consumer(*out, o->consumer);
        return rc;
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
    size_t i,
        n = consumers ? efn_flow_consumer_count(f) : efn_flow_supplier_count(f);
    char b[3][32];
    printf("\n%s\n  %-26s %-7s %12s %12s %12s%s\n",
           consumers ? "consumers" : "suppliers", "node", "country",
           consumers ? "demand" : "supply",
           consumers ? "delivered" : "injected", consumers ? "unmet" : "spare",
           consumers ? "   served" : "");
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
            printf("  %s at %s -> %s binds at %s %s\n", asset_id(net, c.asset),
                   node_id(net, c.from_node), node_id(net, c.to_node), b, unit);
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
           "country", "inflow", "outflow", "injection", "withdrawal", "supply",
           "demand", "imbalance");
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
    return kind == EFN_N1_ASSET  ? "asset"
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
    printf("  %-5s %-28s %10.2f  (%s %s)\n", "Im", "largest infrastructure",
           eu->im_mcm_d, eu->im_is_asset ? "asset" : "supply of",
           eu->im_is_asset ? asset_id(net, eu->im_index)
                           : node_id(net, eu->im_index));
    printf("  %-5s %-28s %10.2f", "Dmax", "peak daily demand", eu->dmax_mcm_d);
    if (eu->dmax_estimated)
        printf("  (estimated: annual demand x %g)", eu->peak_factor);
    printf("\n  N-1 = (EPm + Pm + Sm + LNGm - Im) / Dmax x 100 = %.2f %%\n",
           eu->n1_percent);
}

/* ---- trace, depend and owners ------------------------------------------- */

/* One line of a table of volumes and shares, sorted largest first. */
typedef struct row {
    char label[64];
    const char *note;     /* after the figures; "" for none */
    double volume, share; /* share: 0 to 1 */
    size_t index;         /* what it stands for; ties: lowest first */
    int last;             /* after the others, whatever its volume */
} row;

static int by_volume(const void *pa, const void *pb)
{
    const row *a = pa, *b = pb;
    if (a->last != b->last)
        return a->last - b->last;
    if (a->volume != b->volume)
        return a->volume > b->volume ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* Room for n rows (at least one); NULL after printing the error. */
static row *rows_new(size_t n)
{
    row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows)
        fprintf(stderr, "efn: out of memory\n");
    return rows;
}

#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
static void
row_set(row *r, size_t index, double volume, double share, const char *note,
        const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsnprintf(r->label, sizeof r->label, format, ap);
    va_end(ap);
    r->note = note ? note : "";
    r->volume = volume;
    r->share = share;
    r->index = index;
    r->last = 0;
}

/* The rows under a title, largest first; "none" when there are none. */
static void print_rows(const char *title, row *rows, size_t n)
{
    size_t i;
    char b[32];
    qsort(rows, n, sizeof *rows, by_volume);
    printf("  %s\n", title);
    if (n == 0)
        printf("    none\n");
    for (i = 0; i < n; i++)
        printf("    %-28s %10s %7.1f%s%s\n", rows[i].label,
               fmt_qty(b, sizeof b, rows[i].volume), 100 * rows[i].share,
               rows[i].note[0] ? "  " : "", rows[i].note);
}

/* The column heads of print_rows. */
static void print_rows_head(const char *unit)
{
    printf("  %-30s %10s %7s\n", "", unit, "%");
}

/* The asset's name when it has one beside its id; "" otherwise. */
static const char *asset_name(const efn_network *net, size_t asset)
{
    efn_asset_info ai;
    if (asset == SIZE_MAX || efn_network_asset(&ai, net, asset) != EFN_OK ||
        strcmp(ai.name, ai.id) == 0)
        return "";
    return ai.name;
}

/* "observed flows" or "computed flows (mode max)". */
static const char *flows_text(char *buf, size_t size, const options *o)
{
    if (o->observed)
        snprintf(buf, size, "observed flows");
    else
        snprintf(buf, size, "computed flows (mode %s)",
                 efn_allocation_name(o->mode_given ? o->mode : EFN_ALLOC_MAX));
    return buf;
}

/*
 * The Herfindahl-Hirschman index, 0 to 10,000, labelled with the thresholds
 * of the US Department of Justice and Federal Trade Commission, Horizontal
 * Merger Guidelines (2010), section 5.3: below 1500 unconcentrated, 1500 to
 * 2500 moderately concentrated, above 2500 highly concentrated. The margin
 * keeps rounding noise (2500.0000001) from changing the label.
 */
static const char *hhi_label(double hhi)
{
    if (hhi < 1500 - 1e-6)
        return "unconcentrated";
    if (hhi <= 2500 + 1e-6)
        return "moderately concentrated";
    return "highly concentrated";
}

/* The notes on a trace: cycles solved as a linear system, and origins the
 * data do not explain, by name. */
static void print_trace_notes(const efn_trace *t, const efn_network *net)
{
    size_t k, n = efn_trace_unbalanced_count(t);
    int printed = 0;
    char b[32];
    if (efn_trace_cyclic(t))
        printf("\nnote: the flows run in cycles; the origins were solved as "
               "a linear system\n");
    if (n == 0)
        return;
    printf("\nnote: %zu implied origin%s, injecting flow the data do not "
           "explain (no supply there), traced as origins of their own:\n  ",
           n, n == 1 ? "" : "s");
    for (k = 0; k < efn_trace_origin_count(t); k++) {
        size_t node;
        double injected;
        int implied;
        efn_trace_origin_get(&node, &injected, &implied, t, k);
        if (!implied)
            continue;
        printf("%s%s (%s) %s %s", printed ? ", " : "", node_id(net, node),
               node_country(net, node), fmt_qty(b, sizeof b, injected),
               efn_commodity_unit(efn_trace_commodity(t)));
        printed = 1;
    }
    printf("\n");
}

/* "gas origins in 2023, observed flows, in bcm/y" */
static void print_trace_title(const char *what, const efn_trace *t,
                              const options *o)
{
    char yb[32], fb[64];
    printf("%s %s in %s, %s, in %s\n",
           efn_commodity_name(efn_trace_commodity(t)), what,
           year_text(yb, sizeof yb, efn_trace_year(t)),
           flows_text(fb, sizeof fb, o),
           efn_commodity_unit(efn_trace_commodity(t)));
}

/* "C1 (TR): 5 bcm/y" and the column heads. */
static void print_consumer_head(const efn_network *net, size_t node,
                                double volume, const char *unit)
{
    char b[32];
    printf("\n%s (%s): %s %s\n", node_id(net, node), node_country(net, node),
           fmt_qty(b, sizeof b, volume), unit);
    print_rows_head(unit);
}

static int print_trace(const efn_trace *t, const efn_network *net,
                       const options *o)
{
    const char *unit = efn_commodity_unit(efn_trace_commodity(t));
    size_t j, k, n, nc = efn_trace_country_count(t);
    size_t no = efn_trace_origin_count(t);
    row *rows = rows_new(nc > no ? nc : no);
    if (!rows)
        return EXIT_ANALYSIS;
    print_trace_title("origins by proportional sharing", t, o);
    if (efn_trace_consumer_count(t) == 0)
        printf("  no consumer receives any\n");
    for (j = 0; j < efn_trace_consumer_count(t); j++) {
        size_t node, origin;
        double volume, v, s, injected;
        int implied;
        efn_trace_consumer_get(&node, &volume, t, j);
        print_consumer_head(net, node, volume, unit);
        for (k = n = 0; k < nc; k++) {
            efn_trace_consumer_country(&v, &s, t, j, k);
            if (v > VOLUME_NOISE)
                row_set(&rows[n++], k, v, s, "", "%s", efn_trace_country(t, k));
        }
        print_rows("origin countries", rows, n);
        for (k = n = 0; k < no; k++) {
            efn_trace_consumer_origin(&v, &s, t, j, k);
            efn_trace_origin_get(&origin, &injected, &implied, t, k);
            if (v > VOLUME_NOISE)
                row_set(&rows[n++], k, v, s, implied ? "implied" : "",
                        "%s (%s)", node_id(net, origin),
                        node_country(net, origin));
        }
        print_rows("origin nodes", rows, n);
    }
    print_trace_notes(t, net);
    free(rows);
    return 0;
}

/* The items of `kind` of consumer j, appended to rows[n...]; the new n. */
static size_t dep_rows(row *rows, size_t n, const efn_dependency *d,
                       const efn_network *net, size_t j, efn_dep_kind kind)
{
    size_t i, count = efn_dependency_item_count(d, j, kind);
    efn_node_info ni;
    for (i = 0; i < count; i++) {
        efn_dep_item it;
        efn_dependency_item_get(&it, d, j, kind, i);
        if (!(it.volume > VOLUME_NOISE))
            continue;
        if (kind == EFN_DEP_SPOF_NODE) {
            efn_network_node(&ni, net, it.node);
            row_set(&rows[n], n, it.volume, it.share,
                    strcmp(ni.name, ni.id) ? ni.name : "", "node %s (%s)",
                    ni.id, ni.country);
        } else if (kind == EFN_DEP_SPOF_ASSET) {
            row_set(&rows[n], n, it.volume, it.share, asset_name(net, it.asset),
                    "asset %s", asset_id(net, it.asset));
        } else if (kind == EFN_DEP_ASSET || kind == EFN_DEP_ENTRY) {
            row_set(&rows[n], n, it.volume, it.share, asset_name(net, it.asset),
                    "%s",
                    it.asset == SIZE_MAX ? "domestic"
                                         : asset_id(net, it.asset));
        } else {
            row_set(&rows[n], n, it.volume, it.share, "", "%s",
                    it.country[0] ? it.country : "unknown");
        }
        n++;
    }
    return n;
}

/* One consumer's dependencies, section by section. */
static int print_dep_consumer(const efn_dependency *d, const efn_network *net,
                              size_t j, const char *unit)
{
    static const struct {
        efn_dep_kind kind;
        const char *title;
    } sections[] = {
        {EFN_DEP_SUPPLIER, "supplier countries"},
        {EFN_DEP_TRANSIT, "transit countries (crossed; neither the origin's "
                          "nor the consumer's)"},
        {EFN_DEP_ASSET, "assets the volume flowed through"},
        {EFN_DEP_ENTRY, "entry routes (the asset it last entered the "
                        "country by)"},
        {EFN_DEP_SPOF_NODE, "single points of failure (volume at stake)"},
        {EFN_DEP_OWNER_COUNTRY, "owner countries of the route (look-through, "
                                "volume-weighted)"},
    };
    size_t node, k, n, total = 1;
    double volume, hhi[2], owned = 0;
    row *rows;
    efn_dependency_consumer_get(&node, &volume, &hhi[0], &hhi[1], d, j);
    for (k = 0; k < EFN_DEP_KIND_COUNT; k++)
        total += efn_dependency_item_count(d, j, (efn_dep_kind)k);
    if (!(rows = rows_new(total)))
        return EXIT_ANALYSIS;
    print_consumer_head(net, node, volume, unit);
    for (k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        efn_dep_kind kind = sections[k].kind;
        n = dep_rows(rows, 0, d, net, j, kind);
        if (kind == EFN_DEP_SPOF_NODE)
            n = dep_rows(rows, n, d, net, j, EFN_DEP_SPOF_ASSET);
        if (kind == EFN_DEP_OWNER_COUNTRY) {
            size_t i;
            for (i = 0; i < n; i++)
                owned += rows[i].share;
            /* What no listed stake carries to an ultimate owner. */
            if (volume > 0 && 1 - owned > 5e-4) {
                row_set(&rows[n], total, volume * (1 - owned), 1 - owned, "",
                        "%s", "(untraced or unlisted)");
                rows[n++].last = 1;
            }
        }
        print_rows(sections[k].title, rows, n);
        if (kind == EFN_DEP_SUPPLIER || kind == EFN_DEP_ENTRY) {
            double h = hhi[kind == EFN_DEP_ENTRY];
            printf("  HHI of %s: %.0f, %s\n",
                   kind == EFN_DEP_ENTRY ? "entry routes" : "origins", h,
                   hhi_label(h));
        }
    }
    free(rows);
    return 0;
}

/* The node of --consumer (validated on loading); SIZE_MAX for all. */
static size_t consumer_node(const efn_network *net, const options *o)
{
    size_t node = SIZE_MAX;
    if (o->consumer && efn_network_find_node(&node, net, o->consumer) != EFN_OK)
        node = SIZE_MAX;
    return node;
}

static int print_dependency(const efn_dependency *d, const efn_network *net,
                            const options *o)
{
    const efn_trace *t = efn_dependency_trace(d);
    const char *unit = efn_commodity_unit(efn_trace_commodity(t));
    size_t j, node, only = consumer_node(net, o);
    double volume, hhi_o, hhi_e;
    int rc = 0;
    print_trace_title("dependency", t, o);
    printf("HHI: 0 to 10,000; below 1500 unconcentrated, 1500 to 2500 "
           "moderately, above 2500 highly concentrated\n");
    if (efn_dependency_consumer_count(d) == 0)
        printf("  no consumer receives any\n");
    for (j = 0; j < efn_dependency_consumer_count(d) && rc == 0; j++) {
        efn_dependency_consumer_get(&node, &volume, &hhi_o, &hhi_e, d, j);
        if (only == SIZE_MAX || node == only)
            rc = print_dep_consumer(d, net, j, unit);
    }
    print_trace_notes(t, net);
    return rc;
}

/* timeline depend: a line per consumer, its top supplier and HHI. */
static void print_dep_timeline_rows(const efn_dependency *d,
                                    const efn_network *net, const options *o,
                                    int year)
{
    size_t j, node, only = consumer_node(net, o);
    double volume, hhi_o, hhi_e;
    int printed = 0;
    char b[32];
    for (j = 0; j < efn_dependency_consumer_count(d); j++) {
        efn_dep_item top;
        efn_dependency_consumer_get(&node, &volume, &hhi_o, &hhi_e, d, j);
        if (only != SIZE_MAX && node != only)
            continue;
        printf("  %4d  %-24s %-7s %10s  ", year, node_id(net, node),
               node_country(net, node), fmt_qty(b, sizeof b, volume));
        if (efn_dependency_item_get(&top, d, j, EFN_DEP_SUPPLIER, 0) == EFN_OK)
            printf("%-8s %7.1f", top.country, 100 * top.share);
        else
            printf("%-8s %7s", "-", "-");
        printf(" %7.0f  %s\n", hhi_o, hhi_label(hhi_o));
        printed = 1;
    }
    if (!printed)
        printf("  %4d  %s\n", year,
               o->consumer ? "receives none" : "no consumer receives any");
}

/* ---- owners ------------------------------------------------------------- */

/* "gas from computed flows (mode max), others observed" and the like. */
static void print_ownership_title(const efn_ownership *own, const options *o)
{
    char yb[32], fb[64];
    printf("look-through ownership in %s, through chains of owners; "
           "throughput from ",
           year_text(yb, sizeof yb, efn_ownership_year(own)));
    if (o->computed)
        printf("%s %s, the other commodities' observed flows\n",
               efn_commodity_name(analysis_commodity(o)),
               flows_text(fb, sizeof fb, o));
    else
        printf("observed flows\n");
}

/* Rows of stake-weighted capacity and throughput, one per commodity shown:
 * --commodity's, else those with any. `label` and `country` head the
 * first. */
static void print_totals(const char *label, const char *country,
                         const double *cap, const double *thr, const options *o)
{
    int k, printed = 0;
    char b1[32], b2[32];
    for (k = 0; k < EFN_COMMODITY_COUNT; k++) {
        if (o->commodity >= 0 ? k != o->commodity : cap[k] == 0 && thr[k] == 0)
            continue;
        printf("  %-26s %-8s %-12s %12s %12s  %s\n", printed ? "" : label,
               printed ? "" : country, efn_commodity_name((efn_commodity)k),
               fmt_qty(b1, sizeof b1, cap[k]), fmt_qty(b2, sizeof b2, thr[k]),
               efn_commodity_unit((efn_commodity)k));
        printed = 1;
    }
    if (!printed)
        printf("  %-26s %-8s %-12s %12s %12s\n", label, country, "-", "0", "0");
}

static void print_totals_head(const char *what)
{
    printf("  %-26s %-8s %-12s %12s %12s\n", what, "country", "commodity",
           "capacity", "throughput");
}

/* Whether owners shows asset a: with --commodity, only its assets. */
static int asset_shown(const efn_network *net, const options *o, size_t a)
{
    efn_asset_info ai;
    return o->commodity < 0 || (efn_network_asset(&ai, net, a) == EFN_OK &&
                                (int)ai.commodity == o->commodity);
}

/* Whether the owners table shows owner i: --owner's, else the ultimate
 * owners (of --country's country when given). */
static int owner_shown(const efn_ownership *own, const efn_network *net,
                       const options *o, size_t i)
{
    efn_owner_info oi;
    efn_network_owner(&oi, net, i);
    if (o->owner && strcmp(oi.id, o->owner) != 0)
        return 0;
    if (o->country && strcmp(oi.country, o->country) != 0)
        return 0;
    return o->owner || efn_ownership_is_ultimate(own, i);
}

/* The ownership country of --country, or of --owner; SIZE_MAX when no
 * filter applies, SIZE_MAX - 1 when the filter matches none. */
static size_t country_filter(const efn_ownership *own, const efn_network *net,
                             const options *o)
{
    const char *cc = o->country;
    size_t c, i;
    efn_owner_info oi;
    if (!cc && o->owner &&
        efn_network_find_owner(&i, net, o->owner) == EFN_OK &&
        efn_network_owner(&oi, net, i) == EFN_OK)
        cc = oi.country;
    if (!cc)
        return SIZE_MAX;
    for (c = 0; c < efn_ownership_country_count(own); c++)
        if (strcmp(efn_ownership_country(own, c), cc) == 0)
            return c;
    return SIZE_MAX - 1;
}

/* Per owner shown: its totals, then its look-through interests. */
static void print_owners(const efn_ownership *own, const efn_network *net,
                         const options *o, row *rows)
{
    size_t i, a, n = 0, m, no = efn_network_owner_count(net);
    size_t na = efn_network_asset_count(net);
    efn_commodity sort_by = analysis_commodity(o);
    int year = efn_ownership_year(own);
    for (i = 0; i < no; i++) {
        double cap, thr;
        if (!owner_shown(own, net, o, i))
            continue;
        efn_ownership_owner_totals(&cap, &thr, own, i, sort_by);
        row_set(&rows[n++], i, cap, 0, "", "%s", "");
    }
    qsort(rows, n, sizeof *rows, by_volume);
    printf("\n%s: stake-weighted capacity and throughput of active assets\n",
           o->owner ? "owner" : "ultimate owners");
    print_totals_head("owner");
    if (n == 0)
        printf("  none\n");
    for (i = 0; i < n; i++) {
        double cap[EFN_COMMODITY_COUNT], thr[EFN_COMMODITY_COUNT];
        efn_owner_info oi;
        int k;
        efn_network_owner(&oi, net, rows[i].index);
        for (k = 0; k < EFN_COMMODITY_COUNT; k++)
            efn_ownership_owner_totals(&cap[k], &thr[k], own, rows[i].index,
                                       (efn_commodity)k);
        print_totals(oi.id, oi.country[0] ? oi.country : "-", cap, thr, o);
    }
    printf("\nlook-through interests, %% of each asset\n");
    for (i = 0; i < n; i++) {
        efn_owner_info oi;
        row *assets = rows + n; /* room for na after the owners */
        efn_network_owner(&oi, net, rows[i].index);
        printf("  %s%s%s%s\n", oi.id, strcmp(oi.name, oi.id) ? " (" : "",
               strcmp(oi.name, oi.id) ? oi.name : "",
               strcmp(oi.name, oi.id) ? ")" : "");
        if (!efn_ownership_is_ultimate(own, rows[i].index))
            printf("    (itself owned: what it holds directly and through "
                   "the companies it owns)\n");
        for (a = m = 0; a < na; a++) {
            double pct;
            efn_ownership_interest(&pct, own, rows[i].index, a);
            if (pct > 0 && asset_shown(net, o, a))
                row_set(&assets[m++], a, pct, 0, asset_name(net, a), "%s",
                        asset_id(net, a));
        }
        qsort(assets, m, sizeof *assets, by_volume);
        if (m == 0)
            printf("    none\n");
        for (a = 0; a < m; a++) {
            const char *inactive =
                efn_asset_is_active(net, assets[a].index, year)
                    ? ""
                    : "(not active: no capacity or throughput counted)";
            int pad = assets[a].note[0] || inactive[0] ? 26 : 0;
            printf("    %8.2f  %-*s%s%s%s%s\n", assets[a].volume, pad,
                   assets[a].label, pad ? " " : "", assets[a].note,
                   assets[a].note[0] && inactive[0] ? " " : "", inactive);
        }
    }
}

/* Per owner country shown: its totals. */
static void print_owner_countries(const efn_ownership *own, const options *o,
                                  size_t only)
{
    size_t c, nc = efn_ownership_country_count(own);
    int printed = 0;
    printf("\nowner countries (of the ultimate owners): stake-weighted "
           "capacity and throughput\n");
    print_totals_head("");
    for (c = 0; c < nc; c++) {
        double cap[EFN_COMMODITY_COUNT], thr[EFN_COMMODITY_COUNT];
        const char *cc = efn_ownership_country(own, c);
        int k;
        if (only != SIZE_MAX && c != only)
            continue;
        for (k = 0; k < EFN_COMMODITY_COUNT; k++)
            efn_ownership_country_totals(&cap[k], &thr[k], own, c,
                                         (efn_commodity)k);
        print_totals("", cc[0] ? cc : "unknown", cap, thr, o);
        printed = 1;
    }
    if (!printed)
        printf("  none\n");
}

/* Per asset with listed stakes (held by --owner, or by --country's
 * owners, when given): what its stakes add up to, and by country. */
static void print_owned_assets(const efn_ownership *own, const efn_network *net,
                               const options *o, size_t only, row *rows)
{
    size_t a, c, n, na = efn_network_asset_count(net);
    size_t nc = efn_ownership_country_count(own), owner = SIZE_MAX;
    int printed = 0;
    if (o->owner)
        efn_network_find_owner(&owner, net, o->owner);
    printf("\nassets: %% of each held, as listed in its stakes, reaching "
           "ultimate owners,\nlisted but untraced, not listed; and by owner "
           "country\n");
    printf("  %-26s %7s %8s %8s %8s  %s\n", "asset", "listed", "ultimate",
           "untraced", "unlisted", "by owner country");
    for (a = 0; a < na; a++) {
        double listed, ult, untraced, pct = 1;
        if (owner != SIZE_MAX)
            efn_ownership_interest(&pct, own, owner, a);
        else if (only == SIZE_MAX - 1)
            pct = 0;
        else if (only != SIZE_MAX)
            efn_ownership_country_interest(&pct, own, only, a);
        efn_ownership_asset_totals(&listed, &ult, &untraced, own, a);
        if (!(listed > 0) || !(pct > 0) || !asset_shown(net, o, a))
            continue;
        printf("  %-26s %7.2f %8.2f %8.2f %8.2f ", asset_id(net, a), listed,
               ult, untraced, listed < 100 ? 100 - listed : 0);
        for (c = n = 0; c < nc; c++) {
            const char *cc = efn_ownership_country(own, c);
            efn_ownership_country_interest(&pct, own, c, a);
            if (pct > 0)
                row_set(&rows[n++], c, pct, 0, "", "%s",
                        cc[0] ? cc : "unknown");
        }
        qsort(rows, n, sizeof *rows, by_volume);
        for (c = 0; c < n; c++)
            printf("%s%s %.2f", c ? ", " : " ", rows[c].label, rows[c].volume);
        printf("%s\n", n ? "" : " -");
        printed = 1;
    }
    if (!printed)
        printf("  none\n");
}

static int print_ownership(const efn_ownership *own, const efn_network *net,
                           const options *o)
{
    size_t no = efn_network_owner_count(net), na = efn_network_asset_count(net);
    size_t nc = efn_ownership_country_count(own);
    size_t only = country_filter(own, net, o);
    row *rows = rows_new(no + na + nc);
    if (!rows)
        return EXIT_ANALYSIS;
    print_ownership_title(own, o);
    print_owners(own, net, o, rows);
    print_owner_countries(own, o, only);
    print_owned_assets(own, net, o, only, rows);
    free(rows);
    return 0;
}

/* ---- analysis commands ------------------------------------------------- */

static int print_result(const result *r, const efn_network *net,
                        const options *o)
{
    if (r->kind == AN_FLOW)
        return print_flow(r->flow, net);
    if (r->kind == AN_BALANCE) {
        print_balance(r->balance, net, o);
        return 0;
    }
    if (r->kind == AN_TRACE)
        return print_trace(r->trace, net, o);
    if (r->kind == AN_DEPEND)
        return print_dependency(r->dep, net, o);
    if (r->kind == AN_OWNERS)
        return print_ownership(r->own, net, o);
    print_n1_entries(r->n1, net, o);
    if (r->has_eu)
        print_eu_n1(&r->eu, net);
    return 0;
}

/* --consumer and --owner must name a node and an owner of the network,
 * and owners --country a country some owner is in. */
static int check_ids(const efn_network *net, const options *o)
{
    size_t i, n = efn_network_owner_count(net);
    efn_owner_info oi;
    if (o->consumer && efn_network_find_node(&i, net, o->consumer) != EFN_OK) {
        fprintf(stderr, "efn: --consumer: no node '%s' in the network\n",
                o->consumer);
        return EXIT_INPUT;
    }
    if (o->owner && efn_network_find_owner(&i, net, o->owner) != EFN_OK) {
        fprintf(stderr, "efn: --owner: no owner '%s' in the network\n",
                o->owner);
        return EXIT_INPUT;
    }
    if (!o->country || analysis_bit(o->command) != A_OWNERS)
        return 0;
    for (i = 0; i < n; i++)
        if (efn_network_owner(&oi, net, i) == EFN_OK &&
            strcmp(oi.country, o->country) == 0)
            return 0;
    fprintf(stderr, "efn: --country: no owner in '%s' in the network\n",
            o->country);
    return EXIT_INPUT;
}

/* depend --consumer: the consumer must receive something. */
static int check_consumer(const result *r, const efn_network *net,
                          const options *o)
{
    size_t j;
    if (r->kind != AN_DEPEND || !o->consumer ||
        efn_dependency_consumer_find(&j, r->dep, consumer_node(net, o)) ==
            EFN_OK)
        return 0;
    fprintf(stderr, "efn: --consumer %s: %s\n", o->consumer, efn_last_error());
    return EXIT_INPUT;
}

/* efn flow --value-only: the maximum deliverable total, nothing else. */
static int cmd_flow_value(const options *o)
{
    efn_network *net = NULL;
    efn_flow_options fo = EFN_FLOW_OPTIONS_INIT;
    double value;
    char b[32];
    int rc;
    if (o->observed || o->mode_given) {
        fprintf(stderr, "efn: --value-only takes neither --observed nor "
                        "--mode (every mode has the same maximum)\n");
        return EXIT_INPUT;
    }
    if ((rc = load(&net, o)) != 0)
        return rc;
    fo.commodity = analysis_commodity(o);
    fo.year = o->year;
    if ((rc = efn_flow_maximum(net, &fo, &value)) != EFN_OK) {
        rc = report(rc, 0);
    } else if (o->json) {
        cJSON *root = cJSON_CreateObject();
        if (!root || !cJSON_AddStringToObject(root, "analysis", "flow") ||
            !cJSON_AddStringToObject(root, "commodity",
                                     efn_commodity_name(fo.commodity)) ||
            !cJSON_AddNumberToObject(
                root, "year", o->year ? o->year : efn_network_year(net)) ||
            !cJSON_AddStringToObject(root, "unit",
                                     efn_commodity_unit(fo.commodity)) ||
            !cJSON_AddNumberToObject(root, "max_total", value)) {
            fprintf(stderr, "efn: out of memory\n");
            rc = EXIT_ANALYSIS;
        } else {
            rc = print_json(root);
        }
        cJSON_Delete(root);
    } else {
        printf("maximum deliverable %s, %d: %s %s\n",
               efn_commodity_name(fo.commodity),
               o->year ? o->year : efn_network_year(net),
               fmt_qty(b, sizeof b, value), efn_commodity_unit(fo.commodity));
    }
    efn_network_free(net);
    return rc;
}

/* flow, n1, trace, depend and owners: one analysis in one year. */
static int cmd_analysis(const options *o)
{
    efn_network *net = NULL;
    result r;
    cJSON *json = NULL;
    int rc;
    if (o->value_only)
        return cmd_flow_value(o);
    if ((rc = load(&net, o)) != 0)
        return rc;
    if ((rc = check_ids(net, o)) != 0 ||
        (rc = run_analysis(&r, net, o, o->year, 1)) != 0) {
        efn_network_free(net);
        return rc;
    }
    rc = check_consumer(&r, net, o);
    if (rc == 0 && o->json) {
        if ((rc = result_json(&json, &r, net, o)) == 0)
            rc = print_json(json);
        cJSON_Delete(json);
    } else if (rc == 0) {
        rc = print_result(&r, net, o);
    }
    result_free(&r);
    efn_network_free(net);
    return rc;
}

/* ---- timeline ----------------------------------------------------------- */

static void print_timeline_header(const options *o, const char *unit)
{
    if (strcmp(o->analysis, "depend") == 0) {
        printf("  %4s  %-24s %-7s %10s  %-8s %7s %7s\n", "year", "consumer",
               "country", "volume", "top", "%", "HHI");
        printf("  %4s  %-24s %-7s %10s  %-8s\n", "", "", "", unit, "supplier");
        return;
    }
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

static void print_timeline_row(const result *r, const efn_network *net,
                               const options *o)
{
    char b1[32], b2[32], b3[32], b4[32];
    if (r->kind == AN_DEPEND) {
        print_dep_timeline_rows(r->dep, net, o, r->year);
        return;
    }
    if (r->kind == AN_FLOW) {
        const efn_flow *f = r->flow;
        printf("  %4d %12s %12s %12s %12s  ", r->year,
               fmt_qty(b1, sizeof b1, efn_flow_max_total(f)),
               fmt_qty(b2, sizeof b2, efn_flow_delivered_total(f)),
               fmt_qty(b3, sizeof b3, efn_flow_demand_total(f)),
               fmt_qty(b4, sizeof b4,
                       efn_flow_demand_total(f) - efn_flow_delivered_total(f)));
        print_binding_assets(f, net);
        return;
    }
    printf("  %4d %12s  ", r->year,
           fmt_qty(b1, sizeof b1, efn_n1_base_total(r->n1)));
    if (efn_n1_entry_count(r->n1)) {
        efn_n1_entry e;
        efn_n1_entry_get(&e, r->n1, 0);
        /* When nothing costs anything, no removal is the top one. */
        printf("%-26s %12s", e.loss > VOLUME_NOISE ? e.id : "-",
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
    if ((rc = check_ids(net, o)) != 0) {
        efn_network_free(net);
        return rc;
    }
    if (o->json && !(list = cJSON_CreateArray())) {
        efn_network_free(net);
        fprintf(stderr, "efn: out of memory\n");
        return EXIT_ANALYSIS;
    }
    if (!o->json) {
        printf("%s %s timeline, %d to %d, in %s\n",
               efn_commodity_name(analysis_commodity(o)), o->analysis, o->from,
               o->to, unit);
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
            if ((rc = result_json(&item, &r, net, o)) == 0)
                cJSON_AddItemToArray(list, item);
        } else {
            print_timeline_row(&r, net, o);
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

/* ---- risk --------------------------------------------------------------- */

typedef struct risk_progress {
    double start;
    int shown;
} risk_progress;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Samples done, rate and time left, on one line of a terminal. */
static int show_risk_progress(size_t done, size_t total, void *user)
{
    risk_progress *p = user;
    double elapsed = now_seconds() - p->start;
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    fprintf(stderr, "\rrisk: %zu of %zu samples, %.0f/s, %.0f s left   ", done,
            total, rate, rate > 0 ? (double)(total - done) / rate : 0.0);
    fflush(stderr);
    p->shown = 1;
    return 0;
}

static void print_risk(const efn_risk *r, const efn_network *net)
{
    const char *unit = efn_commodity_unit(efn_risk_commodity(r));
    size_t i;
    printf("%s supply risk in %d, mode %s, in %s\n",
           efn_commodity_name(efn_risk_commodity(r)), efn_risk_year(r),
           efn_allocation_name(efn_risk_mode(r)), unit);
    printf("  samples %zu%s, seed %llu, %u worker(s)\n", efn_risk_samples(r),
           efn_risk_stopped_early(r) ? " (stopped at the target)" : "",
           (unsigned long long)efn_risk_seed(r), efn_risk_workers(r));
    printf("  deliverable with nothing failed  %10.4g %s\n",
           efn_risk_base_total(r), unit);
    printf("  mean unserved, all consumers     %10.4g %s (standard error "
           "%.3g)\n",
           efn_risk_mean_unserved_total(r), unit,
           efn_risk_se_unserved_total(r));
    printf("  samples with a shortfall         %10zu\n\n",
           efn_risk_shortfall_samples(r));
    printf("consumers: unserved volume, %s\n", unit);
    printf("  %-24s %9s %9s %9s %9s %9s %9s %8s\n", "node", "demand", "mean",
           "std err", "p50", "p95", "p99", "P(short)");
    for (i = 0; i < efn_risk_consumer_count(r); i++) {
        efn_risk_consumer c;
        efn_node_info ni;
        efn_risk_consumer_get(&c, r, i);
        efn_network_node(&ni, net, c.node);
        printf("  %-24s %9.4g %9.4g %9.3g %9.4g %9.4g %9.4g %7.2f%%\n", ni.id,
               c.demand, c.mean_unserved, c.se_unserved, c.p50, c.p95, c.p99,
               100 * c.p_shortfall);
    }
    printf("\nassets on the binding cut in shortfall samples\n");
    printf("  %-28s %10s %9s %9s %9s\n", "asset", "P(outage)", "failures",
           "on cut", "share");
    for (i = 0; i < efn_risk_asset_count(r); i++) {
        efn_risk_asset a;
        efn_asset_info ai;
        efn_risk_asset_get(&a, r, i);
        if (!a.on_cut)
            continue;
        efn_network_asset(&ai, net, a.asset);
        printf("  %-28s %10.4f %9zu %9zu %8.1f%%\n", ai.id, a.probability,
               a.failures, a.on_cut, 100 * a.cut_frequency);
    }
    printf("\nassumptions: an asset fails for the whole year with its "
           "outage_probability,\nelse a rate per 1000 km-year times its "
           "length, else a default (docs/methods.md, Risk)\n");
}

static int cmd_risk(const options *o)
{
    efn_network *net = NULL;
    efn_risk *r = NULL;
    efn_risk_options ro = EFN_RISK_OPTIONS_INIT;
    risk_progress prog = {0, 0};
    char *json = NULL;
    int rc, status = 0;
    if ((rc = load(&net, o)) != 0)
        return rc;
    ro.commodity = o->commodity >= 0 ? (efn_commodity)o->commodity : EFN_GAS;
    ro.year = o->year;
    ro.mode = o->mode;
    if (o->samples)
        ro.samples = (size_t)o->samples;
    if (o->seed)
        ro.seed = (uint64_t)strtoull(o->seed, NULL, 10);
    if (o->workers)
        ro.workers = (unsigned)o->workers;
    ro.target_rse = o->target_rse;
    if (isatty(fileno(stderr))) {
        prog.start = now_seconds();
        ro.progress = show_risk_progress;
        ro.progress_user = &prog;
    }
    rc = efn_risk_run(&r, net, &ro);
    if (prog.shown)
        fprintf(stderr, "\r%70s\r", "");
    if (rc != EFN_OK) {
        status = report(rc, 0);
    } else if (o->json) {
        if (efn_risk_to_json(&json, r) != EFN_OK)
            status = report(efn_last_error_code(), 0);
        else
            printf("%s\n", json);
    } else {
        print_risk(r, net);
    }
    efn_free(json);
    efn_risk_free(r);
    efn_network_free(net);
    return status;
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
    if (strcmp(o.command, "export") == 0)
        return cmd_export(&o);
    if (strcmp(o.command, "risk") == 0)
        return cmd_risk(&o);
    if (analysis_bit(o.command))
        return cmd_analysis(&o);
    if (strcmp(o.command, "timeline") == 0)
        return cmd_timeline(&o);
    fprintf(stderr, "efn: unknown command '%s'\n", o.command);
    usage(stderr);
    return EXIT_INPUT;
}
