/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * network.c: turning a JSON document into the model, checking it as it
 * goes; loading, saving, copying and freeing networks.
 *
 * The network keeps the parsed cJSON document: the model's strings point
 * into it, and saving prints it, so keys efn does not know survive a load
 * and save unchanged and in order.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
/* for ZSTD_customMem: zstd's allocations through efn's allocator */
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zstd_errors.h>

#include "model.h"

static const char *const node_kinds[] = {
    "field", "terminal", "junction", "border", "market", "storage", "lng"};
static const char *const statuses[] = {"operating", "construction", "proposed",
                                       "idle", "retired"};
static const char *const owner_kinds[] = {"company", "state", "fund",
                                          "consortium", "other"};
static const char *const node_quantity_keys[] = {"supply", "demand",
                                                 "peak_demand"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *efn_node_kind_name(efn_node_kind kind)
{
    return (unsigned)kind < COUNT(node_kinds) ? node_kinds[kind] : NULL;
}

const char *efn_asset_status_name(efn_asset_status status)
{
    return (unsigned)status < COUNT(statuses) ? statuses[status] : NULL;
}

static int enum_index(const char *value, const char *const *names, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(value, names[i]) == 0)
            return (int)i;
    return -1;
}

static void enum_list(char *buf, size_t size, const char *const *names,
                      size_t n)
{
    size_t i, len = 0;
    buf[0] = '\0';
    for (i = 0; i < n && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
                                names[i]);
}

/* ---- typed getters: each reports at path.key --------------------------- */

static int get_string(efn__ctx *ctx, const cJSON *obj, const char *key,
                      int required, const char **out)
{
    const cJSON *v = efn__member(obj, key);
    if (!v) {
        if (required)
            return efn__report(ctx, NULL, "missing required key '%s'", key);
        return 0;
    }
    if (!cJSON_IsString(v))
        return efn__report(ctx, key, "expected a string, got %s",
                           efn__json_type_name(v));
    *out = v->valuestring;
    return 0;
}

static int get_enum(efn__ctx *ctx, const cJSON *obj, const char *key,
                    int required, const char *const *names, size_t n, int *out)
{
    const char *s = NULL;
    char list[256];
    int idx;
    if (get_string(ctx, obj, key, required, &s) < 0)
        return -1;
    if (!s)
        return 0;
    idx = enum_index(s, names, n);
    if (idx < 0) {
        enum_list(list, sizeof list, names, n);
        return efn__report(ctx, key, "unknown %s '%s'; expected one of %s", key,
                           s, list);
    }
    *out = idx;
    return 0;
}

static int get_year(efn__ctx *ctx, const cJSON *obj, const char *key, int *out)
{
    const cJSON *v = efn__member(obj, key);
    double d;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsNumber(v))
        return efn__report(ctx, key, "expected a year (an integer), got %s",
                           efn__json_type_name(v));
    d = v->valuedouble;
    if (!(d == floor(d)) || d < EFN_MIN_YEAR || d > EFN_MAX_YEAR)
        return efn__report(ctx, key, "%g is not a year from %d to %d", d,
                           EFN_MIN_YEAR, EFN_MAX_YEAR);
    *out = (int)d;
    return 0;
}

static int get_bool(efn__ctx *ctx, const cJSON *obj, const char *key, int *out)
{
    const cJSON *v = efn__member(obj, key);
    if (!v)
        return 0;
    if (!cJSON_IsBool(v))
        return efn__report(ctx, key, "expected true or false, got %s",
                           efn__json_type_name(v));
    *out = cJSON_IsTrue(v) ? 1 : 0;
    return 0;
}

static int get_number(efn__ctx *ctx, const cJSON *obj, const char *key,
                      double lo, double hi, double *out)
{
    const cJSON *v = efn__member(obj, key);
    if (!v)
        return 0;
    if (!cJSON_IsNumber(v))
        return efn__report(ctx, key, "expected a number, got %s",
                           efn__json_type_name(v));
    if (!isfinite(v->valuedouble))
        return efn__report(ctx, key, "not a finite number");
    if (v->valuedouble < lo || v->valuedouble > hi)
        return efn__report(ctx, key, "%g is out of range [%g, %g]",
                           v->valuedouble, lo, hi);
    *out = v->valuedouble;
    return 0;
}

static int get_id(efn__ctx *ctx, const cJSON *obj, const char **out)
{
    if (get_string(ctx, obj, "id", 1, out) < 0)
        return -1;
    if (!efn__valid_id(*out))
        return efn__report(ctx, "id",
                           "invalid id '%.64s'; ids are 1 to %d characters "
                           "from A-Z a-z 0-9 _ - . :",
                           *out, EFN_MAX_ID_LENGTH);
    return 0;
}

static int valid_country(const char *c)
{
    size_t n = 0;
    for (; c[n]; n++)
        if (!((c[n] >= 'A' && c[n] <= 'Z') || (c[n] >= '0' && c[n] <= '9') ||
              c[n] == '-'))
            return 0;
    return n >= 2 && n <= 8;
}

static int get_country(efn__ctx *ctx, const cJSON *obj, int required,
                       const char **out)
{
    if (get_string(ctx, obj, "country", required, out) < 0)
        return -1;
    if (*out && !valid_country(*out))
        return efn__report(ctx, "country",
                           "invalid country '%.32s'; expected an ISO 3166-1 "
                           "alpha-2 code such as \"TR\" or a region code such "
                           "as \"EU\" (2 to 8 upper-case letters)",
                           *out);
    return 0;
}

/* Shorthand: in collect mode keep going after a problem, else stop. */
#define STEP(expr)                                                             \
    do {                                                                       \
        if ((expr) < 0) {                                                      \
            bad = -1;                                                          \
            if (!ctx->collect)                                                 \
                goto done;                                                     \
        }                                                                      \
    } while (0)

/* ---- nodes -------------------------------------------------------------- */

/* Room for node n's quantity `which` of `commodity` (the entry it has, or
 * a new absent one); NULL when out of memory. */
static efn__qty *node_qty_add(efn__node *n, int which, int commodity)
{
    efn__node_qty *grown;
    unsigned k;
    for (k = 0; k < n->nq; k++)
        if (n->q[k].which == which && n->q[k].commodity == commodity)
            return &n->q[k].q;
    grown = efn__realloc(n->q, (n->nq + 1u) * sizeof *grown);
    if (!grown)
        return NULL;
    n->q = grown;
    memset(&grown[n->nq], 0, sizeof *grown);
    grown[n->nq].which = (unsigned char)which;
    grown[n->nq].commodity = (unsigned char)commodity;
    return &grown[n->nq++].q;
}

static int parse_node(efn__ctx *ctx, const cJSON *obj, efn__node *n)
{
    int bad = 0, kind = -1, q, enabled;
    double lat = NAN, lon = NAN;
    const cJSON *v;
    n->enabled = 1;
    n->lat = n->lon = NAN;
    if (!cJSON_IsObject(obj))
        return efn__report(ctx, NULL, "expected a node object, got %s",
                           efn__json_type_name(obj));
    STEP(get_id(ctx, obj, &n->id));
    STEP(get_string(ctx, obj, "name", 0, &n->name));
    STEP(get_enum(ctx, obj, "kind", 1, node_kinds, COUNT(node_kinds), &kind));
    n->kind = (unsigned char)(kind < 0 ? EFN_NODE_JUNCTION : kind);
    STEP(get_country(ctx, obj, 1, &n->country));
    {
        /* Where the node's supply comes from, when that is not where the
         * node is: an LNG terminal's cargoes, say. Tracing uses it. */
        const cJSON *oc = efn__member(obj, "origin_country");
        if (oc && (!cJSON_IsString(oc) || !valid_country(oc->valuestring)))
            STEP(efn__report(ctx, "origin_country",
                             "expected a country code such as \"DZ\" (2 to 8 "
                             "upper-case letters)"));
        else if (oc)
            n->origin = oc->valuestring;
    }
    STEP(get_number(ctx, obj, "lat", -90, 90, &lat));
    STEP(get_number(ctx, obj, "lon", -180, 180, &lon));
    if (!efn__member(obj, "lat") != !efn__member(obj, "lon"))
        STEP(efn__report(ctx, efn__member(obj, "lat") ? "lon" : "lat",
                         "missing: give both lat and lon, or neither"));
    n->has_coords = !isnan(lat) && !isnan(lon);
    n->lat = lat;
    n->lon = lon;
    enabled = 1;
    STEP(get_bool(ctx, obj, "enabled", &enabled));
    n->enabled = (unsigned char)enabled;
    STEP(efn__check_citations(ctx, obj));
    for (q = 0; q < 3; q++) {
        const cJSON *per = efn__member(obj, node_quantity_keys[q]);
        if (!per)
            continue;
        if (!cJSON_IsObject(per)) {
            STEP(efn__report(ctx, node_quantity_keys[q],
                             "expected an object of commodity: quantity, "
                             "such as {\"gas\": \"16 bcm/y\"}, got %s",
                             efn__json_type_name(per)));
            continue;
        }
        cJSON_ArrayForEach(v, per)
        {
            efn_commodity com;
            size_t old = efn__path_key(ctx, node_quantity_keys[q]);
            int r = 0;
            efn__path_key(ctx, v->string);
            if (efn_commodity_parse(&com, v->string) != EFN_OK)
                r = efn__report(ctx, NULL,
                                "unknown commodity '%s'; expected gas, oil or "
                                "electricity",
                                v->string);
            else {
                efn__qty *slot = node_qty_add(n, q, (int)com);
                if (!slot) {
                    ctx->nomem = 1;
                    r = -1;
                } else
                    r = efn__parse_quantity(ctx, v, (int)com, slot);
            }
            efn__path_pop(ctx, old);
            STEP(r);
        }
    }
done:
    if (!n->name)
        n->name = n->id;
    if (!n->origin)
        n->origin = n->country ? n->country : "";
    return bad;
}

/* ---- owners and stakes -------------------------------------------------- */

/* Reads [{owner, share}, ...]; owner ids are resolved against the owners. */
static int parse_stake_list(efn__ctx *ctx, const cJSON *arr,
                            const efn_network *net, size_t *out_n,
                            efn__stake **out)
{
    const cJSON *e;
    size_t n = 0, i = 0, j;
    int bad = 0;
    double sum = 0;
    efn__stake *items = NULL;
    *out_n = 0;
    *out = NULL;
    if (!cJSON_IsArray(arr))
        return efn__report(ctx, NULL,
                           "expected an array of {\"owner\": id, \"share\": "
                           "percent}, got %s",
                           efn__json_type_name(arr));
    n = (size_t)cJSON_GetArraySize(arr);
    if (n) {
        items = efn__calloc(n, sizeof *items);
        if (!items) {
            ctx->nomem = 1;
            return -1;
        }
    }
    cJSON_ArrayForEach(e, arr)
    {
        size_t old = efn__path_index(ctx, "", i);
        const char *owner = NULL;
        double share = NAN;
        long idx = -1;
        int r = 0;
        if (!cJSON_IsObject(e)) {
            r = efn__report(ctx, NULL,
                            "expected {\"owner\": id, \"share\": "
                            "percent}, got %s",
                            efn__json_type_name(e));
        } else {
            const cJSON *s = efn__member(e, "share");
            if (get_string(ctx, e, "owner", 1, &owner) < 0)
                r = -1;
            else if ((idx = efn__find_owner(net, owner)) < 0)
                r = efn__report(ctx, "owner", "unknown owner '%s'", owner);
            if (!s)
                r = efn__report(ctx, NULL, "missing required key 'share'");
            else if (!cJSON_IsNumber(s))
                r = efn__report(ctx, "share",
                                "expected a percentage (a number), got %s",
                                efn__json_type_name(s));
            else if (!isfinite(s->valuedouble) || s->valuedouble < 0 ||
                     s->valuedouble > 100)
                r = efn__report(ctx, "share",
                                "share %g is not a percentage from 0 to 100",
                                s->valuedouble);
            else
                share = s->valuedouble;
        }
        if (r == 0) {
            for (j = 0; j < i; j++)
                if (items[j].share >= 0 && items[j].owner == (size_t)idx)
                    r = efn__report(ctx, "owner",
                                    "owner '%s' is listed twice; give one "
                                    "entry with the total share",
                                    owner);
        }
        efn__path_pop(ctx, old);
        if (r < 0) {
            items[i].share = -1; /* not a stake: skipped by later checks */
            bad = -1;
            if (!ctx->collect)
                break;
        } else {
            items[i].owner = (size_t)idx;
            items[i].share = share;
            sum += share;
        }
        i++;
    }
    /* Shares are percentages as published; rounding in sources leaves a
     * few thousandths over 100, so allow a hair's breadth. */
    if (!bad && sum > 100 + 1e-6)
        bad = efn__report(ctx, NULL,
                          "shares sum to %.6g%%, expected at most 100%%", sum);
    if (bad) {
        efn__free(items);
        return -1;
    }
    *out_n = n;
    *out = items;
    return 0;
}

static int parse_owner_head(efn__ctx *ctx, const cJSON *obj, efn__owner *o)
{
    int bad = 0, kind = -1;
    if (!cJSON_IsObject(obj))
        return efn__report(ctx, NULL, "expected an owner object, got %s",
                           efn__json_type_name(obj));
    STEP(get_id(ctx, obj, &o->id));
    STEP(get_string(ctx, obj, "name", 0, &o->name));
    STEP(get_enum(ctx, obj, "kind", 0, owner_kinds, COUNT(owner_kinds), &kind));
    o->kind = kind < 0 ? "" : owner_kinds[kind];
    STEP(get_country(ctx, obj, 0, &o->country));
    STEP(efn__check_citations(ctx, obj));
done:
    if (!o->name)
        o->name = o->id ? o->id : "";
    if (!o->country)
        o->country = "";
    return bad;
}

/* ---- assets ------------------------------------------------------------- */

static int cmp_stakeset(const void *a, const void *b)
{
    int ya = ((const efn__stakeset *)a)->year;
    int yb = ((const efn__stakeset *)b)->year;
    return (ya > yb) - (ya < yb);
}

static int parse_stakes(efn__ctx *ctx, const cJSON *st, const efn_network *net,
                        efn__asset *a)
{
    size_t old;
    int r;
    if (cJSON_IsArray(st)) {
        a->stakesets = efn__calloc(1, sizeof *a->stakesets);
        if (!a->stakesets) {
            ctx->nomem = 1;
            return -1;
        }
        a->nstakesets = 1;
        a->stakesets[0].year = INT_MIN;
        old = efn__path_push(ctx, ".stakes");
        r = parse_stake_list(ctx, st, net, &a->stakesets[0].n,
                             &a->stakesets[0].items);
        efn__path_pop(ctx, old);
        return r;
    }
    if (cJSON_IsObject(st)) {
        const cJSON *e;
        size_t n = (size_t)cJSON_GetArraySize(st), i = 0;
        int bad = 0;
        if (n == 0)
            return efn__report(ctx, "stakes", "empty year series of stakes");
        a->stakesets = efn__calloc(n, sizeof *a->stakesets);
        if (!a->stakesets) {
            ctx->nomem = 1;
            return -1;
        }
        cJSON_ArrayForEach(e, st)
        {
            int year = 0;
            if (!efn__is_year_key(e->string, &year) || year < EFN_MIN_YEAR ||
                year > EFN_MAX_YEAR) {
                old = efn__path_push(ctx, ".stakes");
                r = efn__report(ctx, NULL,
                                "year series key '%s' is not a year (four "
                                "digits, %d to %d)",
                                e->string, EFN_MIN_YEAR, EFN_MAX_YEAR);
                efn__path_pop(ctx, old);
            } else {
                size_t j;
                r = 0;
                for (j = 0; j < i; j++)
                    if (a->stakesets[j].year == year)
                        break;
                old = efn__path_push(ctx, ".stakes.%s", e->string);
                if (j < i)
                    r = efn__report(ctx, NULL, "year %d appears twice", year);
                else
                    r = parse_stake_list(ctx, e, net, &a->stakesets[i].n,
                                         &a->stakesets[i].items);
                efn__path_pop(ctx, old);
                if (r == 0)
                    a->stakesets[i++].year = year;
            }
            if (r < 0) {
                bad = -1;
                if (!ctx->collect)
                    break;
            }
        }
        a->nstakesets = i;
        qsort(a->stakesets, i, sizeof *a->stakesets, cmp_stakeset);
        return bad;
    }
    return efn__report(ctx, "stakes",
                       "expected an array of stakes or a year series of "
                       "them, got %s",
                       efn__json_type_name(st));
}

static int parse_segments(efn__ctx *ctx, const cJSON *segs,
                          const efn_network *net, efn__asset *a)
{
    const cJSON *e;
    size_t i = 0, nseg = a->nroute - 1;
    int bad = 0;
    char *seen;
    if (!cJSON_IsArray(segs))
        return efn__report(ctx, "segments",
                           "expected an array of {\"from\", \"to\", "
                           "\"capacity\"}, got %s",
                           efn__json_type_name(segs));
    a->seg_capacity = efn__calloc(nseg, sizeof *a->seg_capacity);
    a->seg_flow = efn__calloc(nseg, sizeof *a->seg_flow);
    seen = efn__calloc(nseg, 1);
    if (!a->seg_capacity || !a->seg_flow || !seen) {
        efn__free(seen);
        ctx->nomem = 1;
        return -1;
    }
    cJSON_ArrayForEach(e, segs)
    {
        size_t old = efn__path_push(ctx, ".segments[%zu]", i++);
        const char *from = NULL, *to = NULL;
        int r = 0;
        size_t s;
        if (!cJSON_IsObject(e)) {
            r = efn__report(ctx, NULL, "expected a segment object, got %s",
                            efn__json_type_name(e));
        } else if (get_string(ctx, e, "from", 1, &from) < 0 ||
                   get_string(ctx, e, "to", 1, &to) < 0) {
            r = -1;
        } else {
            long f = efn__find_node(net, from), t = efn__find_node(net, to);
            for (s = 0; s < nseg; s++)
                if ((long)a->route[s] == f && (long)a->route[s + 1] == t)
                    break;
            if (s == nseg)
                r = efn__report(ctx, NULL,
                                "%s -> %s is not a segment of the route "
                                "(consecutive route nodes, in route order)",
                                from, to);
            else if (seen[s])
                r = efn__report(ctx, NULL, "segment %s -> %s given twice", from,
                                to);
            else {
                size_t o2;
                seen[s] = 1;
                o2 = efn__path_push(ctx, ".capacity");
                if (efn__parse_quantity(ctx, efn__member(e, "capacity"),
                                        (int)a->commodity,
                                        &a->seg_capacity[s]) < 0)
                    r = -1;
                efn__path_pop(ctx, o2);
                o2 = efn__path_push(ctx, ".flow");
                if (efn__parse_quantity(ctx, efn__member(e, "flow"),
                                        (int)a->commodity, &a->seg_flow[s]) < 0)
                    r = -1;
                efn__path_pop(ctx, o2);
                if (efn__check_citations(ctx, e) < 0)
                    r = -1;
            }
        }
        efn__path_pop(ctx, old);
        if (r < 0) {
            bad = -1;
            if (!ctx->collect)
                break;
        }
    }
    efn__free(seen);
    return bad;
}

static int parse_quantity_key(efn__ctx *ctx, const cJSON *obj, const char *key,
                              int commodity, efn__qty *out)
{
    size_t old = efn__path_key(ctx, key);
    int r = efn__parse_quantity(ctx, efn__member(obj, key), commodity, out);
    efn__path_pop(ctx, old);
    return r;
}

static int parse_asset(efn__ctx *ctx, const cJSON *obj, const efn_network *net,
                       efn__asset *a)
{
    int bad = 0, com = -1, status = EFN_STATUS_OPERATING;
    const cJSON *route, *e, *st, *segs;
    a->enabled = 1;
    a->length_km = NAN;
    if (!cJSON_IsObject(obj))
        return efn__report(ctx, NULL, "expected an asset object, got %s",
                           efn__json_type_name(obj));
    STEP(get_id(ctx, obj, &a->id));
    STEP(get_string(ctx, obj, "name", 0, &a->name));
    STEP(get_enum(ctx, obj, "commodity", 1,
                  (const char *const[]){"gas", "oil", "electricity"}, 3, &com));
    a->commodity = com < 0 ? EFN_GAS : (efn_commodity)com;
    STEP(get_enum(ctx, obj, "status", 0, statuses, COUNT(statuses), &status));
    a->status = (efn_asset_status)status;
    STEP(get_year(ctx, obj, "start_year", &a->start_year));
    STEP(get_year(ctx, obj, "end_year", &a->end_year));
    if (a->start_year && a->end_year && a->end_year <= a->start_year)
        STEP(efn__report(ctx, "end_year",
                         "end_year %d is not after start_year %d", a->end_year,
                         a->start_year));
    STEP(get_bool(ctx, obj, "bidirectional", &a->bidirectional));
    STEP(get_bool(ctx, obj, "enabled", &a->enabled));
    STEP(get_number(ctx, obj, "length_km", 0, 1e6, &a->length_km));
    STEP(efn__check_citations(ctx, obj));

    route = efn__member(obj, "route");
    if (!route) {
        STEP(efn__report(ctx, NULL, "missing required key 'route'"));
    } else if (!cJSON_IsArray(route)) {
        STEP(efn__report(ctx, "route", "expected an array of node ids, got %s",
                         efn__json_type_name(route)));
    } else {
        size_t n = (size_t)cJSON_GetArraySize(route), i = 0;
        if (n < 2) {
            STEP(efn__report(ctx, "route",
                             "a route needs at least two nodes, got %zu", n));
        } else if (n > EFN_MAX_ROUTE) {
            STEP(efn__report(ctx, "route",
                             "a route of %zu nodes, over the limit of %u", n,
                             EFN_MAX_ROUTE));
        } else {
            int rbad = 0;
            const cJSON *ahead[3];
            size_t k;
            a->route = efn__calloc(n, sizeof *a->route);
            if (!a->route) {
                ctx->nomem = 1;
                bad = -1;
                goto done;
            }
            /* Route ids are looked up with what the lookups of the ids
             * ahead will read on its way into the cache: the slots of
             * those 9 ahead, the nodes of those 6 ahead, the node ids of
             * those 3 ahead (efn__idmap_prefetch's stages 0, 1, 2). */
            ahead[0] = ahead[1] = ahead[2] = route->child;
            for (k = 0; ahead[0] && k < 9; k++, ahead[0] = ahead[0]->next) {
                if (k < 6)
                    ahead[1] = ahead[1]->next;
                if (k < 3)
                    ahead[2] = ahead[2]->next;
            }
            cJSON_ArrayForEach(e, route)
            {
                char sub[48];
                long idx;
                int stage;
                for (stage = 0; stage < 3; stage++) {
                    const cJSON *x = ahead[stage];
                    if (!x)
                        continue;
                    if (cJSON_IsString(x))
                        efn__idmap_prefetch(&net->node_ids, x->valuestring,
                                            stage, efn__node_id_of, net->nodes,
                                            sizeof *net->nodes);
                    ahead[stage] = x->next;
                }
                idx = cJSON_IsString(e) ? efn__find_node(net, e->valuestring)
                                        : -1;
                if (idx >= 0 &&
                    !(i > 0 && a->route[i - 1] == (size_t)idx + 1)) {
                    a->route[i] = (size_t)idx + 1; /* 0: not resolved */
                    i++;
                    continue;
                }
                snprintf(sub, sizeof sub, "route[%zu]", i);
                if (!cJSON_IsString(e))
                    rbad = efn__report(ctx, sub, "expected a node id, got %s",
                                       efn__json_type_name(e));
                else if (idx < 0)
                    rbad = efn__report(ctx, sub, "unknown node '%.64s'",
                                       e->valuestring);
                else
                    rbad = efn__report(ctx, sub,
                                       "node '%s' follows itself; a segment "
                                       "joins two different nodes",
                                       e->valuestring);
                if (rbad && !ctx->collect)
                    break;
                i++;
            }
            for (i = 0; i < n; i++)
                a->route[i]--;
            if (rbad) {
                efn__free(a->route);
                a->route = NULL;
                STEP(-1);
            } else {
                a->nroute = n;
            }
        }
    }
    STEP(parse_quantity_key(ctx, obj, "capacity", (int)a->commodity,
                            &a->capacity));
    STEP(parse_quantity_key(ctx, obj, "flow", (int)a->commodity, &a->flow));
    STEP(parse_quantity_key(ctx, obj, "tariff", -1, &a->tariff));
    st = efn__member(obj, "stakes");
    if (st)
        STEP(parse_stakes(ctx, st, net, a));
    segs = efn__member(obj, "segments");
    if (segs && a->nroute >= 2)
        STEP(parse_segments(ctx, segs, net, a));
done:
    if (!a->name)
        a->name = a->id ? a->id : "";
    return bad;
}

/* ---- the whole document ------------------------------------------------- */

static void free_model(efn_network *net)
{
    size_t i, s;
    unsigned q;
    for (i = 0; i < net->nnodes; i++) {
        for (q = 0; q < net->nodes[i].nq; q++)
            efn__qty_free(&net->nodes[i].q[q].q);
        efn__free(net->nodes[i].q);
    }
    for (i = 0; i < net->nassets; i++) {
        efn__asset *a = &net->assets[i];
        efn__free(a->route);
        efn__qty_free(&a->capacity);
        efn__qty_free(&a->flow);
        efn__qty_free(&a->tariff);
        if (a->seg_capacity)
            for (s = 0; s + 1 < a->nroute; s++)
                efn__qty_free(&a->seg_capacity[s]);
        if (a->seg_flow)
            for (s = 0; s + 1 < a->nroute; s++)
                efn__qty_free(&a->seg_flow[s]);
        efn__free(a->seg_capacity);
        efn__free(a->seg_flow);
        for (s = 0; s < a->nstakesets; s++)
            efn__free(a->stakesets[s].items);
        efn__free(a->stakesets);
    }
    for (i = 0; i < net->nowners; i++)
        efn__free(net->owners[i].parents);
    efn__free(net->nodes);
    efn__free(net->assets);
    efn__free(net->owners);
    efn__idmap_free(&net->node_ids);
    efn__idmap_free(&net->asset_ids);
    efn__idmap_free(&net->owner_ids);
}

void efn_network_free(efn_network *net)
{
    if (!net)
        return;
    free_model(net);
    if (net->arena)
        efn__arena_free(net->arena);
    else
        cJSON_Delete(net->doc);
    efn__free(net->ztext);
    efn__arena_free(net->strings);
    efn__free(net->source);
    efn__free(net);
}

/* ---- the document, parsed from the kept text on demand -------------------
 * A loaded network needs its document only to save, copy, apply a scenario,
 * export or read risk data; the analyses read the model. The whole tree
 * would be most of a loaded network's memory (a 64-byte item for every
 * value), the text it came from a fifth of it: a load keeps the text. */

static pthread_mutex_t doc_mu = PTHREAD_MUTEX_INITIALIZER;

/* zstd allocates through efn's allocator (so the fault tests reach it). */
static void *z_alloc(void *opaque, size_t size)
{
    (void)opaque;
    return efn__malloc(size);
}

static void z_free(void *opaque, void *ptr)
{
    (void)opaque;
    efn__free(ptr);
}

static const ZSTD_customMem z_mem = {z_alloc, z_free, NULL};

/* zstd's failures are allocations or a corrupt frame (a bug here). */
static int z_status(size_t r)
{
    if (ZSTD_getErrorCode(r) == ZSTD_error_memory_allocation)
        return efn__nomem();
    return efn__error(EFN_ERROR, "zstd: %s", ZSTD_getErrorName(r));
}

/*
 * Compresses the text (len bytes) into *out, *out_len bytes: zstd's
 * fastest regular level (1), about 350 MB/s here and a sixth of the size on
 * a large network, streamed into a buffer that grows, so that the peak is
 * the text and its compressed form, not twice the text.
 */
static int pack_text(void **out, size_t *out_len, const char *text, size_t len)
{
    ZSTD_CCtx *cc = ZSTD_createCCtx_advanced(z_mem);
    ZSTD_inBuffer in = {text, len, 0};
    ZSTD_outBuffer o = {NULL, len / 8 + 4096, 0};
    size_t r;
    int rc = EFN_OK;
    *out = NULL;
    *out_len = 0;
    if (!cc || !(o.dst = efn__malloc(o.size))) {
        ZSTD_freeCCtx(cc);
        return efn__nomem();
    }
    r = ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, 1);
    if (!ZSTD_isError(r))
        r = ZSTD_CCtx_setPledgedSrcSize(cc, len);
    while (!ZSTD_isError(r)) {
        void *grown;
        r = ZSTD_compressStream2(cc, &o, &in, ZSTD_e_end);
        if (ZSTD_isError(r) || r == 0)
            break;
        if (!(grown = efn__realloc(o.dst, o.size * 2))) {
            rc = efn__nomem();
            break;
        }
        o.dst = grown;
        o.size *= 2;
    }
    ZSTD_freeCCtx(cc);
    if (rc == EFN_OK && ZSTD_isError(r))
        rc = z_status(r);
    if (rc != EFN_OK) {
        efn__free(o.dst);
        return rc;
    }
    /* to its size (a failure here is as any other: out of memory) */
    if (!(*out = efn__realloc(o.dst, o.pos ? o.pos : 1))) {
        efn__free(o.dst);
        return efn__nomem();
    }
    *out_len = o.pos;
    return EFN_OK;
}

/* The text back, len bytes and a terminator; NULL when out of memory. */
static char *unpack_text(const void *z, size_t zlen, size_t len)
{
    ZSTD_DCtx *dc = ZSTD_createDCtx_advanced(z_mem);
    char *text = efn__malloc(len + 1);
    size_t r;
    if (!dc || !text) {
        ZSTD_freeDCtx(dc);
        efn__free(text);
        efn__nomem();
        return NULL;
    }
    r = ZSTD_decompressDCtx(dc, text, len, z, zlen);
    ZSTD_freeDCtx(dc);
    if (ZSTD_isError(r) || r != len) {
        if (ZSTD_isError(r))
            z_status(r);
        else
            efn__error(EFN_ERROR,
                       "zstd: the text came back %zu bytes long, "
                       "not %zu",
                       r, len);
        efn__free(text);
        return NULL;
    }
    text[len] = '\0';
    return text;
}

cJSON *efn__doc(const efn_network *cnet)
{
    /* Parsing it again is filling a cache: the network stays the same. */
    efn_network *net = (efn_network *)cnet;
    cJSON *doc;
    pthread_mutex_lock(&doc_mu);
    if (!net->doc && net->ztext) {
        efn__arena *arena = NULL;
        int nomem = 0, checked = 0;
        char *text = unpack_text(net->ztext, net->ztext_len, net->text_len);
        /* the text was parsed by the fast parser once: it is again, or
         * memory ran out */
        doc = text ? efn__json_parse_fast(text, net->text_len, &arena, &nomem,
                                          &checked)
                   : NULL;
        efn__free(text);
        if (doc) {
            net->doc = doc;
            net->arena = arena;
            efn__free(net->ztext);
            net->ztext = NULL;
            net->ztext_len = net->text_len = 0;
        }
    }
    doc = net->doc;
    pthread_mutex_unlock(&doc_mu);
    return doc;
}

int efn__has_risk_data(const efn_network *net)
{
    /* set when the network is built and when its document is let go, and
     * never after: no lock needed */
    return net->risk_data;
}

/* Whether doc gives risk data: efn__has_risk_data(). */
static int risk_data_in(const cJSON *doc)
{
    const cJSON *assets = efn__member(doc, "assets"), *a;
    if (efn__member(doc, "risk"))
        return 1;
    for (a = assets ? assets->child : NULL; a; a = a->next)
        if (efn__member(a, "outage_probability"))
            return 1;
    return 0;
}

/* Where the model's strings go when the text is kept: an arena, with
 * country codes (a few dozen, on every node) kept once. */
typedef struct keeper {
    efn__arena *arena;
    const char *country[64]; /* by hash, the kept copies */
    int nomem;
} keeper;

static const char *keep(keeper *k, const char *s)
{
    const char *copy;
    if (!s)
        return NULL;
    if (!(copy = efn__arena_strdup(k->arena, s)))
        k->nomem = 1;
    return copy ? copy : s;
}

static const char *keep_country(keeper *k, const char *s)
{
    unsigned h = 0;
    const char *p, **slot;
    if (!s)
        return NULL;
    for (p = s; *p; p++)
        h = h * 31 + (unsigned char)*p;
    slot = &k->country[h % 64];
    if (!*slot || strcmp(*slot, s) != 0) {
        const char *copy = keep(k, s);
        if (k->nomem)
            return s;
        *slot = copy;
    }
    return *slot;
}

/* A name that is the id, an origin that is the country, stay the same
 * string. */
static void keep_node(keeper *k, efn__node *n)
{
    int same_name = n->name == n->id, same_origin = n->origin == n->country;
    n->id = keep(k, n->id);
    n->name = same_name ? n->id : keep(k, n->name);
    n->country = keep_country(k, n->country);
    n->origin = same_origin ? n->country : keep_country(k, n->origin);
}

static void keep_asset(keeper *k, efn__asset *a)
{
    int same_name = a->name == a->id;
    a->id = keep(k, a->id);
    a->name = same_name ? a->id : keep(k, a->name);
}

static void keep_owner(keeper *k, efn__owner *o)
{
    int same_name = o->name == o->id;
    o->id = keep(k, o->id);
    o->name = same_name ? o->id : keep(k, o->name);
    o->kind = keep(k, o->kind);
    o->country = keep_country(k, o->country);
}

/*
 * Lets the document go after a load (efn__doc() parses it again from the
 * text when needed): the model's strings move to the keeper's arena (the
 * network's `strings`), the tree is freed and `text` (len bytes, the
 * file's) is kept compressed. `kept`: the nodes' and assets' strings
 * were kept as they were read (a streamed load). On failure (EFN_ENOMEM)
 * the network is only fit to be freed.
 */
static int let_go(efn_network *net, keeper *k, const char *text, size_t len,
                  int kept)
{
    size_t i;
    int rc;
    net->title = keep(k, net->title);
    for (i = 0; i < net->nnodes && !kept; i++)
        keep_node(k, &net->nodes[i]);
    for (i = 0; i < net->nassets && !kept; i++)
        keep_asset(k, &net->assets[i]);
    for (i = 0; i < net->nowners; i++)
        keep_owner(k, &net->owners[i]);
    if (k->nomem)
        return efn__nomem();
    rc = pack_text(&net->ztext, &net->ztext_len, text, len);
    if (rc != EFN_OK)
        return rc;
    net->text_len = len;
    efn__arena_free(net->arena);
    net->arena = NULL;
    net->doc = NULL;
    return EFN_OK;
}

static int parse_header(efn__ctx *ctx, const cJSON *doc, efn_network *net)
{
    const cJSON *v, *meta, *conv;
    int bad = 0;
    if (!cJSON_IsObject(doc))
        return efn__report(ctx, NULL,
                           "expected a JSON object at the top level, got %s",
                           efn__json_type_name(doc));
    v = efn__member(doc, "efn");
    if (!v)
        STEP(efn__report(ctx, NULL,
                         "missing required key 'efn' (the format version, 1); "
                         "is this an efn file?"));
    else if (!cJSON_IsNumber(v))
        STEP(efn__report(ctx, "efn",
                         "expected the format version, the number %d; got %s",
                         EFN_FORMAT_VERSION, efn__json_type_name(v)));
    else if (v->valuedouble != EFN_FORMAT_VERSION)
        STEP(efn__report(ctx, "efn",
                         "unsupported format version %.17g; this library "
                         "reads version %d",
                         v->valuedouble, EFN_FORMAT_VERSION));
    v = efn__member(doc, "kind");
    if (!v)
        STEP(efn__report(ctx, NULL,
                         "missing required key 'kind' (\"network\")"));
    else if (!cJSON_IsString(v))
        STEP(efn__report(ctx, "kind", "expected \"network\", got %s",
                         efn__json_type_name(v)));
    else if (strcmp(v->valuestring, "network") != 0)
        STEP(efn__report(ctx, "kind", "this file is a '%.32s', not a network%s",
                         v->valuestring,
                         strcmp(v->valuestring, "scenario") == 0
                             ? "; apply it to a network with --scenario"
                             : ""));
    net->title = "";
    meta = efn__member(doc, "metadata");
    if (meta && !cJSON_IsObject(meta)) {
        STEP(efn__report(ctx, "metadata", "expected an object, got %s",
                         efn__json_type_name(meta)));
    } else if (meta) {
        const cJSON *src = efn__member(meta, "sources");
        size_t old = efn__path_push(ctx, "metadata");
        int r = get_string(ctx, meta, "title", 0, &net->title);
        if (r == 0)
            r = get_year(ctx, meta, "year", &net->year);
        if (r == 0 && src && !cJSON_IsObject(src) && !cJSON_IsArray(src))
            r = efn__report(ctx, "sources",
                            "expected an object of source key: citation, "
                            "got %s",
                            efn__json_type_name(src));
        if (r == 0 && cJSON_IsObject(src)) {
            const cJSON *e;
            size_t o2 = efn__path_push(ctx, ".sources");
            cJSON_ArrayForEach(e, src)
            {
                const cJSON *u = efn__member(e, "url");
                const cJSON *t = efn__member(e, "title");
                if (cJSON_IsString(e))
                    continue;
                if (!cJSON_IsObject(e))
                    r = efn__report(ctx, e->string,
                                    "expected a citation (a string, or an "
                                    "object with a url or a title), got %s",
                                    efn__json_type_name(e));
                else if (!cJSON_IsString(u) && !cJSON_IsString(t))
                    r = efn__report(ctx, e->string,
                                    "a citation object needs a url or a title "
                                    "(a string)");
                if (r < 0 && !ctx->collect)
                    break;
            }
            efn__path_pop(ctx, o2);
        }
        efn__path_pop(ctx, old);
        STEP(r);
        if (cJSON_IsObject(src))
            ctx->sources = src;
    }
    efn_conventions_init(&net->conv);
    conv = efn__member(doc, "conventions");
    if (conv && !cJSON_IsObject(conv)) {
        STEP(efn__report(ctx, "conventions", "expected an object, got %s",
                         efn__json_type_name(conv)));
    } else if (conv) {
        size_t old = efn__path_push(ctx, "conventions");
        int r = get_number(ctx, conv, "gas_twh_per_bcm", 1e-9, 1e9,
                           &net->conv.gas_twh_per_bcm);
        if (get_number(ctx, conv, "oil_bbl_per_tonne", 1e-9, 1e9,
                       &net->conv.oil_bbl_per_tonne) < 0)
            r = -1;
        efn__path_pop(ctx, old);
        STEP(r);
    }
done:
    return bad;
}

/* The array `key` of doc, and in *count its length (0 when absent). */
static const cJSON *get_array(efn__ctx *ctx, const cJSON *doc, const char *key,
                              int required, int *bad, size_t *count)
{
    const cJSON *c;
    const cJSON *v = efn__member(doc, key);
    *count = 0;
    if (!v) {
        if (required)
            *bad = efn__report(ctx, NULL, "missing required key '%s'", key);
        return NULL;
    }
    if (!cJSON_IsArray(v)) {
        *bad = efn__report(ctx, key, "expected an array, got %s",
                           efn__json_type_name(v));
        return NULL;
    }
    *count = 0;
    for (c = v->child; c; c = c->next)
        ++*count;
    if (*count > EFN_MAX_ITEMS) {
        *bad = efn__report(ctx, key, "more than %u items", EFN_MAX_ITEMS);
        *count = 0;
        return NULL;
    }
    return v;
}

/* Item i's id into `map`: 0, or a repeat reported at its "id" (-1). */
static int add_id(efn__ctx *ctx, efn__idmap *map, size_t i,
                  const char *(*id_of)(const void *, size_t), const void *items,
                  const char *what)
{
    long dup = efn__idmap_insert(map, i, id_of, items);
    if (dup < 0)
        return 0;
    return efn__report(ctx, "id",
                       "duplicate %s id '%s'; first used by %ss[%ld]", what,
                       id_of(items, i), what, dup);
}

/* A load that reads the nodes and assets one element at a time
 * (efn__json_parse_lazy), keeping each one's strings as it goes. */
typedef struct stream {
    efn__json_lazy lazy[2]; /* "nodes", "assets" */
    keeper keep;
    int outage;  /* an asset gives outage_probability */
    int gave_up; /* the text is not as the lazy parse counted */
} stream;

/* An array's elements: a tree's children, or a lazy array's. */
typedef struct elems {
    const cJSON *next;
    efn__json_elems *it;
} elems;

/* Opens `arr` (the tree's), or the lazy array when the stream has it. */
static int elems_open(elems *x, efn__ctx *ctx, const cJSON *arr, stream *st,
                      int which, size_t *count)
{
    memset(x, 0, sizeof *x);
    if (st && st->lazy[which].begin) {
        *count = st->lazy[which].count;
        if (*count > EFN_MAX_ITEMS) {
            st->gave_up = 1; /* the whole tree's reader says so */
            return EFN_EINVALID;
        }
        if (efn__json_elems_open(&x->it, &st->lazy[which]) != EFN_OK) {
            ctx->nomem = 1;
            return EFN_ENOMEM;
        }
    }
    x->next = arr ? arr->child : NULL;
    return EFN_OK;
}

static const cJSON *elems_next(elems *x)
{
    const cJSON *e;
    if (x->it)
        return efn__json_elems_next(x->it);
    if ((e = x->next) != NULL)
        x->next = e->next;
    return e;
}

static const cJSON *elems_peek(const elems *x)
{
    return x->it ? efn__json_elems_peek(x->it) : x->next;
}

/* Closes x: a lazy array's reader must have read it all, cleanly. */
static int elems_close(elems *x, efn__ctx *ctx, stream *st, int done)
{
    int rc = x->it && done ? efn__json_elems_status(x->it) : EFN_OK;
    efn__json_elems_free(x->it);
    x->it = NULL;
    if (rc == EFN_ENOMEM)
        ctx->nomem = 1;
    else if (rc != EFN_OK)
        st->gave_up = 1;
    return rc == EFN_OK ? 0 : -1;
}

static int parse_model(efn__ctx *ctx, const cJSON *doc, efn_network *net,
                       stream *st)
{
    const cJSON *nodes, *assets, *owners, *e;
    elems x = {NULL, NULL};
    int bad = 0;
    size_t i, n, nnodes, nassets, nowners;

    ctx->conv = &net->conv;
    if (!cJSON_IsObject(doc))
        return parse_header(ctx, doc, net);
    STEP(parse_header(ctx, doc, net));
    if (!ctx->keys_checked)
        STEP(efn__check_duplicate_keys(ctx, doc));
    nodes = get_array(ctx, doc, "nodes", 1, &bad, &nnodes);
    assets = get_array(ctx, doc, "assets", 1, &bad, &nassets);
    owners = get_array(ctx, doc, "owners", 0, &bad, &nowners);
    if (bad && !ctx->collect)
        goto done;

    /* Nodes and owners first: assets and stakes refer to them. */
    if (elems_open(&x, ctx, nodes, st, 0, &nnodes) != EFN_OK)
        goto failed;
    n = nodes ? nnodes : 0;
    net->nodes = efn__calloc(n, sizeof *net->nodes);
    if (!net->nodes || efn__idmap_init(&net->node_ids, n) != EFN_OK)
        goto nomem;
    i = 0;
    while ((e = elems_next(&x)) != NULL) {
        size_t old = efn__path_index(ctx, "nodes", i);
        /* the next node's slot comes in while this one is read */
        const cJSON *peek = elems_peek(&x);
        const cJSON *next_id = peek ? efn__member(peek, "id") : NULL;
        int r;
        if (cJSON_IsString(next_id))
            efn__idmap_prefetch(&net->node_ids, next_id->valuestring, 0,
                                efn__node_id_of, net->nodes,
                                sizeof *net->nodes);
        r = parse_node(ctx, e, &net->nodes[i]);
        net->nnodes = ++i;
        if (st) {
            keep_node(&st->keep, &net->nodes[i - 1]);
            if (st->keep.nomem)
                goto nomem;
        }
        /* A node with a bad field keeps its id, so that what refers
         * to it is not reported as well. */
        if (net->nodes[i - 1].id && efn__valid_id(net->nodes[i - 1].id) &&
            add_id(ctx, &net->node_ids, i - 1, efn__node_id_of, net->nodes,
                   "node") != 0)
            r = -1;
        efn__path_pop(ctx, old);
        STEP(r);
    }
    if (elems_close(&x, ctx, st, 1) != 0)
        goto failed;

    n = owners ? nowners : 0;
    net->owners = efn__calloc(n, sizeof *net->owners);
    if (!net->owners || efn__idmap_init(&net->owner_ids, n) != EFN_OK)
        goto nomem;
    i = 0;
    if (owners) {
        cJSON_ArrayForEach(e, owners)
        {
            size_t old = efn__path_index(ctx, "owners", i);
            int r = parse_owner_head(ctx, e, &net->owners[i]);
            net->nowners = ++i;
            /* A owner with a bad field keeps its id, so that what refers
             * to it is not reported as well. */
            if (net->owners[i - 1].id && efn__valid_id(net->owners[i - 1].id) &&
                add_id(ctx, &net->owner_ids, i - 1, efn__owner_id_of,
                       net->owners, "owner") != 0)
                r = -1;
            efn__path_pop(ctx, old);
            STEP(r);
        }
        /* Second pass: each owner's own owners, now that all ids exist. */
        i = 0;
        cJSON_ArrayForEach(e, owners)
        {
            const cJSON *parents =
                cJSON_IsObject(e) ? efn__member(e, "owners") : NULL;
            int r = 0;
            if (parents) {
                size_t old = efn__path_push(ctx, "owners[%zu].owners", i);
                r = parse_stake_list(ctx, parents, net,
                                     &net->owners[i].nparents,
                                     &net->owners[i].parents);
                efn__path_pop(ctx, old);
            }
            i++;
            STEP(r);
        }
        if (!bad)
            STEP(efn__check_ownership_cycles(ctx, net));
    }

    if (elems_open(&x, ctx, assets, st, 1, &nassets) != EFN_OK)
        goto failed;
    n = assets ? nassets : 0;
    net->assets = efn__calloc(n, sizeof *net->assets);
    if (!net->assets || efn__idmap_init(&net->asset_ids, n) != EFN_OK)
        goto nomem;
    i = 0;
    while ((e = elems_next(&x)) != NULL) {
        size_t old = efn__path_index(ctx, "assets", i);
        int r = parse_asset(ctx, e, net, &net->assets[i]);
        net->nassets = ++i;
        if (st) {
            keep_asset(&st->keep, &net->assets[i - 1]);
            if (st->keep.nomem)
                goto nomem;
            if (efn__member(e, "outage_probability"))
                st->outage = 1;
        }
        if (r == 0)
            r = add_id(ctx, &net->asset_ids, i - 1, efn__asset_id_of,
                       net->assets, "asset");
        efn__path_pop(ctx, old);
        STEP(r);
    }
    if (elems_close(&x, ctx, st, 1) != 0)
        goto failed;
done:
    elems_close(&x, ctx, st, 0);
    return bad;
nomem:
    ctx->nomem = 1;
failed:
    elems_close(&x, ctx, st, 0);
    return -1;
}

int efn__network_from_doc(efn_network **out, cJSON *doc, efn__arena *arena,
                          const char *source, efn__ctx *ctx)
{
    efn_network *net;
    int rc;
    *out = NULL;
    net = efn__calloc(1, sizeof *net);
    if (!net) {
        if (arena)
            efn__arena_free(arena);
        else
            cJSON_Delete(doc);
        return efn__nomem();
    }
    net->doc = doc;
    net->arena = arena;
    net->risk_data = 1; /* unknown: look when asked (a load tells) */
    net->source = efn__strdup(source);
    if (!net->source) {
        efn_network_free(net);
        return efn__nomem();
    }
    parse_model(ctx, doc, net, NULL);
    rc = efn__ctx_status(ctx);
    if (rc != EFN_OK || ctx->collect) {
        efn_network_free(net);
        return rc;
    }
    *out = net;
    return EFN_OK;
}

/* ---- files -------------------------------------------------------------- */

static int read_file(char **out, size_t *len, const char *path)
{
    FILE *f;
    char *data = NULL;
    size_t cap = 0, n = 0;
    struct stat st;
    *out = NULL;
    *len = 0;
    f = fopen(path, "rb");
    if (!f)
        return efn__error(EFN_EIO, "%s: cannot open: %s", path,
                          strerror(errno));
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fclose(f);
            return efn__error(EFN_EIO, "%s: is a directory, not a file", path);
        }
        if (S_ISREG(st.st_mode) && (size_t)st.st_size > EFN_MAX_FILE_BYTES) {
            fclose(f);
            return efn__error(EFN_EINVALID,
                              "%s: file is %lld bytes, over the limit of %zu "
                              "bytes",
                              path, (long long)st.st_size, EFN_MAX_FILE_BYTES);
        }
        if (S_ISREG(st.st_mode))
            cap = (size_t)st.st_size + 1;
    }
    if (cap < 4096)
        cap = 4096;
    data = efn__malloc(cap);
    if (!data) {
        fclose(f);
        return efn__nomem();
    }
    for (;;) {
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) {
            char *grown;
            if (cap > EFN_MAX_FILE_BYTES) {
                efn__free(data);
                fclose(f);
                return efn__error(EFN_EINVALID,
                                  "%s: file is over the limit of %zu bytes",
                                  path, EFN_MAX_FILE_BYTES);
            }
            grown = efn__realloc(data, cap * 2);
            if (!grown) {
                efn__free(data);
                fclose(f);
                return efn__nomem();
            }
            data = grown;
            cap *= 2;
        }
    }
    if (ferror(f)) {
        efn__free(data);
        fclose(f);
        return efn__error(EFN_EIO, "%s: read error: %s", path, strerror(errno));
    }
    fclose(f);
    *out = data;
    *len = n;
    return EFN_OK;
}

int efn__read_file(char **out, size_t *len, const char *path)
{
    return read_file(out, len, path);
}

/*
 * The streamed load: the top level parsed with "nodes" and "assets" left
 * unread, then each node and asset parsed, read into the model and
 * dropped, its strings kept; the text is kept, compressed, for the
 * document. The whole tree of a large network (a 64-byte item for every
 * value: several times the text) is never held. EFN_ENOMEM, or 1 when it
 * gives up on something the whole tree's path must read or report (not
 * plain JSON, a duplicate key, an error in the model): then nothing is
 * kept.
 */
static int stream_load(efn_network **out, const char *data, size_t len,
                       const char *name)
{
    efn__ctx ctx;
    stream st;
    efn__arena *arena = NULL;
    efn_network *net = NULL;
    cJSON *doc;
    int nomem = 0, checked = 0, rc;
    memset(&st, 0, sizeof st);
    st.lazy[0].key = "nodes";
    st.lazy[1].key = "assets";
    doc = efn__json_parse_lazy(data, len, &arena, &nomem, &checked, st.lazy, 2);
    if (!doc)
        return nomem ? efn__nomem() : 1;
    memset(&ctx, 0, sizeof ctx);
    ctx.source = name;
    ctx.keys_checked = checked;
    if (!checked || !(net = efn__calloc(1, sizeof *net)) ||
        !(net->source = efn__strdup(name)) ||
        !(net->strings = st.keep.arena = efn__arena_new())) {
        rc = checked ? efn__nomem() : 1;
        goto fail;
    }
    net->doc = doc;
    net->arena = arena;
    arena = NULL;
    parse_model(&ctx, doc, net, &st);
    if (ctx.nomem || st.keep.nomem) {
        rc = efn__nomem();
        goto fail;
    }
    if (st.gave_up || ctx.nerrors) {
        rc = 1;
        goto fail;
    }
    net->risk_data = efn__member(doc, "risk") || st.outage;
    if ((rc = let_go(net, &st.keep, data, len, 1)) != EFN_OK) {
        efn_network_free(net);
        return rc;
    }
    *out = net;
    return EFN_OK;
fail:
    efn_network_free(net);
    efn__arena_free(arena);
    return rc;
}

/* `owned`: data itself, handed over (freed here), else NULL. */
static int load_buffer(efn_network **out, const char *data, size_t len,
                       const char *name, efn_diagnostics *diags, char *owned)
{
    efn__ctx ctx;
    cJSON *doc;
    efn__arena *arena = NULL;
    int nomem = 0, rc;
    efn__install_handlers();
    if (!diags) {
        rc = stream_load(out, data, len, name);
        if (rc != 1) {
            efn__free(owned);
            return rc;
        }
    }
    /* The whole tree: to collect every problem, or to read and report
     * what the streamed load gave up on. */
    memset(&ctx, 0, sizeof ctx);
    ctx.source = name;
    ctx.collect = diags != NULL;
    ctx.diags = diags;
    doc = efn__json_parse_fast(data, len, &arena, &nomem, &ctx.keys_checked);
    if (!doc && nomem) {
        efn__free(owned);
        return efn__nomem();
    }
    if (!doc && !(doc = efn__json_parse(&ctx, data, len))) {
        efn__free(owned);
        return efn__ctx_status(&ctx);
    }
    rc = efn__network_from_doc(out, doc, arena, name, &ctx);
    if (rc == EFN_OK && arena && !diags) {
        /* The fast parser's document can be parsed again from the text:
         * let it go, the text kept compressed. */
        keeper k;
        memset(&k, 0, sizeof k);
        (*out)->risk_data = risk_data_in((*out)->doc);
        if (!((*out)->strings = k.arena = efn__arena_new()) ||
            let_go(*out, &k, data, len, 0) != EFN_OK) {
            efn_network_free(*out);
            *out = NULL;
            rc = efn__nomem();
        }
    }
    efn__free(owned);
    return rc;
}

int efn_network_load_buffer(efn_network **out, const char *data, size_t len,
                            const char *name)
{
    if (!out)
        return efn__error(EFN_EARG, "efn_network_load_buffer: out is NULL");
    *out = NULL;
    if (!data && len)
        return efn__error(EFN_EARG, "efn_network_load_buffer: data is NULL");
    return load_buffer(out, data ? data : "", len, name ? name : "<buffer>",
                       NULL, NULL);
}

int efn_network_load(efn_network **out, const char *path)
{
    char *data;
    size_t len;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_network_load: out is NULL");
    *out = NULL;
    if (!path)
        return efn__error(EFN_EARG, "efn_network_load: path is NULL");
    rc = read_file(&data, &len, path);
    if (rc != EFN_OK)
        return rc;
    return load_buffer(out, data, len, path, NULL, data);
}

int efn_validate_buffer(efn_diagnostics **out, const char *data, size_t len,
                        const char *name)
{
    efn_diagnostics *d;
    efn_network *unused = NULL;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_validate_buffer: out is NULL");
    *out = NULL;
    if (!data && len)
        return efn__error(EFN_EARG, "efn_validate_buffer: data is NULL");
    d = efn__calloc(1, sizeof *d);
    if (!d)
        return efn__nomem();
    rc = load_buffer(&unused, data ? data : "", len, name ? name : "<buffer>",
                     d, NULL);
    if (rc == EFN_ENOMEM) {
        efn_diagnostics_free(d);
        return rc;
    }
    *out = d;
    efn_clear_error();
    return EFN_OK;
}

int efn_validate_file(efn_diagnostics **out, const char *path)
{
    char *data;
    size_t len;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_validate_file: out is NULL");
    *out = NULL;
    if (!path)
        return efn__error(EFN_EARG, "efn_validate_file: path is NULL");
    rc = read_file(&data, &len, path);
    if (rc == EFN_EINVALID) {
        /* Over the size limit: that is the file's one problem. */
        efn_diagnostics *d = efn__calloc(1, sizeof *d);
        char problem[256];
        const char *msg = efn_last_error();
        const char *colon = strstr(msg, ": ");
        if (!d)
            return efn__nomem();
        snprintf(problem, sizeof problem, "%s", colon ? colon + 2 : msg);
        if (efn__diags_add(d, path, "", problem) != EFN_OK) {
            efn_diagnostics_free(d);
            return efn__nomem();
        }
        *out = d;
        return EFN_OK;
    }
    if (rc != EFN_OK)
        return rc;
    rc = efn_validate_buffer(out, data, len, path);
    efn__free(data);
    return rc;
}

size_t efn_diagnostics_count(const efn_diagnostics *d)
{
    return d ? d->n : 0;
}

const char *efn_diagnostics_path(const efn_diagnostics *d, size_t i)
{
    return d && i < d->n ? d->items[i].path : NULL;
}

const char *efn_diagnostics_problem(const efn_diagnostics *d, size_t i)
{
    return d && i < d->n ? d->items[i].problem : NULL;
}

const char *efn_diagnostics_message(const efn_diagnostics *d, size_t i)
{
    return d && i < d->n ? d->items[i].message : NULL;
}

void efn_diagnostics_free(efn_diagnostics *d)
{
    size_t i;
    if (!d)
        return;
    for (i = 0; i < d->n; i++) {
        efn__free(d->items[i].path);
        efn__free(d->items[i].problem);
        efn__free(d->items[i].message);
    }
    efn__free(d->items);
    efn__free(d);
}

/* ---- saving ------------------------------------------------------------- */

int efn_network_to_json(char **out, const efn_network *net, int pretty)
{
    const cJSON *doc;
    if (!out)
        return efn__error(EFN_EARG, "efn_network_to_json: out is NULL");
    *out = NULL;
    if (!net)
        return efn__error(EFN_EARG, "efn_network_to_json: net is NULL");
    if (!(doc = efn__doc(net)))
        return efn__nomem();
    return efn__json_print(doc, pretty, out);
}

int efn__write_atomic(const char *path, const char *text)
{
    efn__buf tmp = {0};
    FILE *f;
    size_t len = strlen(text);
    int ok;
    efn__buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
    if (tmp.failed)
        return efn__nomem();
    f = fopen(tmp.data, "wb");
    if (!f) {
        int rc =
            efn__error(EFN_EIO, "%s: cannot write: %s", path, strerror(errno));
        efn__buf_free(&tmp);
        return rc;
    }
    ok = fwrite(text, 1, len, f) == len && fputc('\n', f) != EOF;
    ok = (fflush(f) == 0) && ok;
    ok = (fsync(fileno(f)) == 0 || errno == EINVAL) && ok;
    if (fclose(f) != 0)
        ok = 0;
    if (!ok) {
        int rc =
            efn__error(EFN_EIO, "%s: write failed: %s", path, strerror(errno));
        remove(tmp.data);
        efn__buf_free(&tmp);
        return rc;
    }
    if (rename(tmp.data, path) != 0) {
        int rc = efn__error(EFN_EIO, "%s: cannot replace: %s", path,
                            strerror(errno));
        remove(tmp.data);
        efn__buf_free(&tmp);
        return rc;
    }
    efn__buf_free(&tmp);
    return EFN_OK;
}

int efn_network_save(const efn_network *net, const char *path)
{
    char *text;
    int rc;
    if (!net || !path)
        return efn__error(EFN_EARG, "efn_network_save: %s is NULL",
                          net ? "path" : "net");
    rc = efn_network_to_json(&text, net, 1);
    if (rc != EFN_OK)
        return rc;
    rc = efn__write_atomic(path, text);
    efn__free(text);
    return rc;
}

int efn_network_copy(efn_network **out, const efn_network *net)
{
    cJSON *doc;
    efn__ctx ctx;
    if (!out)
        return efn__error(EFN_EARG, "efn_network_copy: out is NULL");
    *out = NULL;
    if (!net)
        return efn__error(EFN_EARG, "efn_network_copy: net is NULL");
    if (!(doc = efn__doc(net)) || !(doc = cJSON_Duplicate(doc, 1)))
        return efn__nomem();
    memset(&ctx, 0, sizeof ctx);
    ctx.source = net->source;
    return efn__network_from_doc(out, doc, NULL, net->source, &ctx);
}

static const efn__qty absent_qty = {EFN_Q_ABSENT, 0, 0, NULL, NULL};

const efn__qty *efn__node_q(const efn__node *n, int which, int commodity)
{
    unsigned k;
    for (k = 0; k < n->nq; k++)
        if (n->q[k].which == which && n->q[k].commodity == commodity)
            return &n->q[k].q;
    return &absent_qty;
}
