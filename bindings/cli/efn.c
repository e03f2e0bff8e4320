/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * The `efn` command. Exit status: 0 ok, 1 analysis failed, 2 bad input or
 * usage.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "efn.h"

#define EXIT_ANALYSIS 1
#define EXIT_INPUT 2
#define MAX_SCENARIOS 64

typedef struct options {
    const char *command;
    const char *file;
    const char *scenarios[MAX_SCENARIOS];
    size_t nscenarios;
    int year;
    int commodity; /* -1: every commodity */
    int json;
    const char *format;
    const char *output;
} options;

static void usage(FILE *to)
{
    fprintf(to,
            "usage: efn COMMAND [FILE] [options]\n"
            "\n"
            "commands:\n"
            "  validate   check a network file and list every problem\n"
            "  info       summarise a network: counts, years, assets, owners\n"
            "  export     write the (scenario-applied) network: --format json\n"
            "\n"
            "FILE is a network file; without one, the bundled corridor "
            "network.\n"
            "\n"
            "options:\n"
            "  --scenario FILE   apply a scenario overlay (repeatable, in "
            "order)\n"
            "  --year Y          the year to report (default: the network's)\n"
            "  --commodity C     gas, oil or electricity (default: all)\n"
            "  --json            machine-readable output\n"
            "  --format F        export format: json\n"
            "  -o, --output F    export to a file instead of standard output\n"
            "  --version         print the version\n"
            "  -h, --help        this help\n");
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

static int parse_int(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < -100000 || v > 100000)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_args(options *o, int argc, char **argv)
{
    int i;
    memset(o, 0, sizeof *o);
    o->commodity = -1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--version") == 0) {
            printf("efn %s\n", efn_version_string());
            exit(0);
        } else if (strcmp(a, "--json") == 0) {
            o->json = 1;
        } else if (strcmp(a, "--scenario") == 0 || strcmp(a, "--year") == 0 ||
                   strcmp(a, "--commodity") == 0 ||
                   strcmp(a, "--format") == 0 || strcmp(a, "-o") == 0 ||
                   strcmp(a, "--output") == 0) {
            if (!next) {
                fprintf(stderr, "efn: %s needs a value\n", a);
                return -1;
            }
            i++;
            if (strcmp(a, "--scenario") == 0) {
                if (o->nscenarios == MAX_SCENARIOS) {
                    fprintf(stderr, "efn: at most %d scenarios\n",
                            MAX_SCENARIOS);
                    return -1;
                }
                o->scenarios[o->nscenarios++] = next;
            } else if (strcmp(a, "--year") == 0) {
                if (parse_int(next, &o->year) < 0 || o->year < 1800 ||
                    o->year > 2300) {
                    fprintf(stderr,
                            "efn: --year expects a year from 1800 to 2300, "
                            "got '%s'\n",
                            next);
                    return -1;
                }
            } else if (strcmp(a, "--commodity") == 0) {
                efn_commodity c;
                if (efn_commodity_parse(&c, next) != EFN_OK) {
                    fprintf(stderr,
                            "efn: --commodity expects gas, oil or "
                            "electricity, got '%s'\n",
                            next);
                    return -1;
                }
                o->commodity = (int)c;
            } else if (strcmp(a, "--format") == 0) {
                o->format = next;
            } else {
                o->output = next;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "efn: unknown option '%s'\n", a);
            return -1;
        } else if (!o->command) {
            o->command = a;
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
    return 0;
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
    fprintf(stderr, "efn: unknown command '%s'\n", o.command);
    usage(stderr);
    return EXIT_INPUT;
}
