/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * scenario.c: scenario overlays. A scenario's changes are applied to a copy
 * of the base network's JSON document, which is then read as a new network:
 * the result is checked exactly like a loaded file, keeps every unknown key,
 * and saves like one. The base is never touched.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

struct efn_scenario {
    cJSON *doc;
    char *source;
    const char *name, *description;
    int year;
    const cJSON *changes;
    size_t nchanges;
};

enum op { OP_SET, OP_SET_STAKES, OP_DISABLE, OP_ENABLE, OP_ADD, OP_REMOVE };
static const char *const op_names[] = {"set",    "set_stakes", "disable",
                                       "enable", "add",        "remove"};
enum target { T_ASSET, T_NODE, T_OWNER, T_COUNTRY, T_SEGMENT, T_NETWORK };
static const char *const target_names[] = {"asset",   "node",    "owner",
                                           "country", "segment", "network"};
/* Which targets each operation accepts, as bit masks of enum target. */
static const unsigned op_targets[] = {
    1u << T_ASSET | 1u << T_NODE | 1u << T_SEGMENT | 1u << T_NETWORK, /* set */
    1u << T_ASSET | 1u << T_OWNER,                  /* set_stakes */
    1u << T_ASSET | 1u << T_NODE | 1u << T_COUNTRY, /* disable */
    1u << T_ASSET | 1u << T_NODE | 1u << T_COUNTRY, /* enable */
    1u << T_ASSET | 1u << T_NODE | 1u << T_OWNER,   /* add */
    1u << T_ASSET | 1u << T_NODE | 1u << T_OWNER,   /* remove */
};

static const char *const asset_quantity_keys[] = {"capacity", "flow", "tariff"};
static const char *const asset_plain_keys[] = {
    "length_km",     "status", "start_year",        "end_year",
    "bidirectional", "name",   "outage_probability"};
/* The network's own objects a scenario may replace whole. */
static const char *const network_keys[] = {"risk", "conventions"};
static const char *const node_plain_keys[] = {"name", "lat", "lon", "kind",
                                              "country"};

static int lookup(const char *s, const char *const *names, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- loading ------------------------------------------------------------ */

static int check_change(efn__ctx *ctx, const cJSON *c)
{
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(c, "op");
    const cJSON *target = cJSON_GetObjectItemCaseSensitive(c, "target");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(c, "id");
    const cJSON *year = cJSON_GetObjectItemCaseSensitive(c, "year");
    int o, t;
    if (!cJSON_IsObject(c))
        return efn__report(ctx, NULL, "expected a change object, got %s",
                           efn__json_type_name(c));
    if (!op)
        return efn__report(ctx, NULL,
                           "missing required key 'op' (set, set_stakes, "
                           "disable, enable, add or remove)");
    if (!cJSON_IsString(op) ||
        (o = lookup(op->valuestring, op_names, COUNT(op_names))) < 0)
        return efn__report(ctx, "op",
                           "unknown operation %s%s%s; expected set, "
                           "set_stakes, disable, enable, add or remove",
                           cJSON_IsString(op) ? "'" : "",
                           cJSON_IsString(op) ? op->valuestring
                                              : efn__json_type_name(op),
                           cJSON_IsString(op) ? "'" : "");
    if (!target)
        return efn__report(ctx, NULL, "missing required key 'target'");
    if (!cJSON_IsString(target) ||
        (t = lookup(target->valuestring, target_names, COUNT(target_names))) <
            0 ||
        !(op_targets[o] & (1u << t)))
        return efn__report(ctx, "target", "operation '%s' cannot target %s%s%s",
                           op_names[o], cJSON_IsString(target) ? "'" : "",
                           cJSON_IsString(target) ? target->valuestring
                                                  : efn__json_type_name(target),
                           cJSON_IsString(target) ? "'" : "");
    if (o == OP_ADD) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, "value");
        if (!v)
            return efn__report(ctx, NULL,
                               "missing required key 'value' (the "
                               "object to add)");
        if (!cJSON_IsObject(v))
            return efn__report(ctx, "value", "expected an object, got %s",
                               efn__json_type_name(v));
    } else if (t != T_NETWORK) {
        if (!id)
            return efn__report(ctx, NULL, "missing required key 'id'");
        if (!cJSON_IsString(id))
            return efn__report(ctx, "id", "expected a string, got %s",
                               efn__json_type_name(id));
    }
    if (o == OP_SET) {
        const cJSON *key = cJSON_GetObjectItemCaseSensitive(c, "key");
        if (!key)
            return efn__report(ctx, NULL, "missing required key 'key'");
        if (!cJSON_IsString(key))
            return efn__report(ctx, "key", "expected a string, got %s",
                               efn__json_type_name(key));
        if (!cJSON_GetObjectItemCaseSensitive(c, "value"))
            return efn__report(ctx, NULL, "missing required key 'value'");
        if (t == T_SEGMENT) {
            const cJSON *f = cJSON_GetObjectItemCaseSensitive(c, "from");
            const cJSON *to = cJSON_GetObjectItemCaseSensitive(c, "to");
            if (!cJSON_IsString(f) || !cJSON_IsString(to))
                return efn__report(ctx, cJSON_IsString(f) ? "to" : "from",
                                   "a segment change needs 'from' and 'to' "
                                   "node ids");
        }
    }
    if (o == OP_SET_STAKES) {
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(c, "stakes");
        if (!st)
            return efn__report(ctx, NULL, "missing required key 'stakes'");
        if (!cJSON_IsArray(st))
            return efn__report(ctx, "stakes",
                               "expected an array of {\"owner\", \"share\"}, "
                               "got %s",
                               efn__json_type_name(st));
    }
    if (year) {
        double y = cJSON_IsNumber(year) ? year->valuedouble : -1;
        if (y != floor(y) || y < EFN_MIN_YEAR || y > EFN_MAX_YEAR)
            return efn__report(ctx, "year", "expected a year from %d to %d",
                               EFN_MIN_YEAR, EFN_MAX_YEAR);
        if (o != OP_SET && !(o == OP_SET_STAKES && t == T_ASSET))
            return efn__report(ctx, "year",
                               "'year' applies only to set and to "
                               "set_stakes on an asset");
    }
    return 0;
}

static int scenario_from_text(efn_scenario **out, const char *data, size_t len,
                              const char *name)
{
    efn__ctx ctx;
    cJSON *doc;
    efn_scenario *s;
    const cJSON *v, *c;
    size_t i = 0;
    int bad = 0;
    memset(&ctx, 0, sizeof ctx);
    ctx.source = name;
    efn__install_handlers();
    doc = efn__json_parse(&ctx, data, len);
    if (!doc)
        return efn__ctx_status(&ctx);
    s = efn__calloc(1, sizeof *s);
    if (!s) {
        cJSON_Delete(doc);
        return efn__nomem();
    }
    s->doc = doc;
    s->source = efn__strdup(name);
    s->description = "";
    if (!s->source) {
        efn_scenario_free(s);
        return efn__nomem();
    }
    if (!cJSON_IsObject(doc)) {
        efn__report(&ctx, NULL,
                    "expected a JSON object at the top level, got %s",
                    efn__json_type_name(doc));
        goto done;
    }
    if (efn__check_duplicate_keys(&ctx, doc) < 0)
        goto done;
    v = cJSON_GetObjectItemCaseSensitive(doc, "efn");
    if (!v) {
        efn__report(&ctx, NULL,
                    "missing required key 'efn' (the format "
                    "version, 1); is this an efn file?");
        goto done;
    }
    if (!cJSON_IsNumber(v) || v->valuedouble != EFN_FORMAT_VERSION) {
        efn__report(&ctx, "efn",
                    "unsupported format version; this library reads "
                    "version %d",
                    EFN_FORMAT_VERSION);
        goto done;
    }
    v = cJSON_GetObjectItemCaseSensitive(doc, "kind");
    if (!cJSON_IsString(v) || strcmp(v->valuestring, "scenario") != 0) {
        efn__report(&ctx, v ? "kind" : NULL,
                    v ? "this file is not a scenario (kind must be "
                        "\"scenario\")"
                      : "missing required key 'kind' (\"scenario\")");
        goto done;
    }
    v = cJSON_GetObjectItemCaseSensitive(doc, "name");
    if (!v) {
        efn__report(&ctx, NULL, "missing required key 'name'");
        goto done;
    }
    if (!cJSON_IsString(v)) {
        efn__report(&ctx, "name", "expected a string, got %s",
                    efn__json_type_name(v));
        goto done;
    }
    s->name = v->valuestring;
    v = cJSON_GetObjectItemCaseSensitive(doc, "description");
    if (v && !cJSON_IsString(v)) {
        efn__report(&ctx, "description", "expected a string, got %s",
                    efn__json_type_name(v));
        goto done;
    }
    if (v)
        s->description = v->valuestring;
    v = cJSON_GetObjectItemCaseSensitive(doc, "year");
    if (v) {
        double y = cJSON_IsNumber(v) ? v->valuedouble : -1;
        if (y != floor(y) || y < EFN_MIN_YEAR || y > EFN_MAX_YEAR) {
            efn__report(&ctx, "year", "expected a year from %d to %d",
                        EFN_MIN_YEAR, EFN_MAX_YEAR);
            goto done;
        }
        s->year = (int)y;
    }
    v = cJSON_GetObjectItemCaseSensitive(doc, "changes");
    if (!v) {
        efn__report(&ctx, NULL, "missing required key 'changes'");
        goto done;
    }
    if (!cJSON_IsArray(v)) {
        efn__report(&ctx, "changes", "expected an array, got %s",
                    efn__json_type_name(v));
        goto done;
    }
    s->changes = v;
    cJSON_ArrayForEach(c, v)
    {
        size_t old = efn__path_push(&ctx, "changes[%zu]", i++);
        bad = check_change(&ctx, c);
        efn__path_pop(&ctx, old);
        if (bad)
            goto done;
    }
    s->nchanges = i;
done:
    if (ctx.nerrors || ctx.nomem) {
        efn_scenario_free(s);
        return efn__ctx_status(&ctx);
    }
    *out = s;
    return EFN_OK;
}

int efn_scenario_load_buffer(efn_scenario **out, const char *data, size_t len,
                             const char *name)
{
    if (!out)
        return efn__error(EFN_EARG, "efn_scenario_load_buffer: out is NULL");
    *out = NULL;
    if (!data && len)
        return efn__error(EFN_EARG, "efn_scenario_load_buffer: data is NULL");
    return scenario_from_text(out, data ? data : "", len,
                              name ? name : "<buffer>");
}

int efn_scenario_load(efn_scenario **out, const char *path)
{
    char *data;
    size_t len;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_scenario_load: out is NULL");
    *out = NULL;
    if (!path)
        return efn__error(EFN_EARG, "efn_scenario_load: path is NULL");
    rc = efn__read_file(&data, &len, path);
    if (rc != EFN_OK)
        return rc;
    rc = scenario_from_text(out, data, len, path);
    efn__free(data);
    return rc;
}

void efn_scenario_free(efn_scenario *s)
{
    if (!s)
        return;
    cJSON_Delete(s->doc);
    efn__free(s->source);
    efn__free(s);
}

const char *efn_scenario_name(const efn_scenario *s)
{
    return s && s->name ? s->name : "";
}

const char *efn_scenario_description(const efn_scenario *s)
{
    return s && s->description ? s->description : "";
}

int efn_scenario_year(const efn_scenario *s)
{
    return s ? s->year : 0;
}

size_t efn_scenario_change_count(const efn_scenario *s)
{
    return s ? s->nchanges : 0;
}

/* ---- applying ----------------------------------------------------------- */

/* The error context of one change: "scn.json: changes[2].id: ...". */
typedef struct change_ctx {
    const efn_scenario *scn;
    size_t index;
} change_ctx;

static int change_error(const change_ctx *cc, const char *sub, const char *fmt,
                        ...) EFN_PRINTF(3, 4);
static int change_error(const change_ctx *cc, const char *sub, const char *fmt,
                        ...)
{
    char problem[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(problem, sizeof problem, fmt, ap);
    va_end(ap);
    return efn__error(EFN_EINVALID, "%s: changes[%zu]%s%s: %s", cc->scn->source,
                      cc->index, sub ? "." : "", sub ? sub : "", problem);
}

static cJSON *find_by_id(cJSON *arr, const char *id, int *index)
{
    cJSON *e;
    int i = 0;
    cJSON_ArrayForEach(e, arr)
    {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "id");
        if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0) {
            if (index)
                *index = i;
            return e;
        }
        i++;
    }
    return NULL;
}

static const char *array_key(int target)
{
    return target == T_NODE ? "nodes" : target == T_OWNER ? "owners" : "assets";
}

/* obj[key] = value (a copy), replacing any value there in its place.
 * cJSON_ReplaceItemInObject does not check its copy of the key, so the key
 * is copied here. */
static int put(cJSON *obj, const char *key, const cJSON *value)
{
    cJSON *copy = cJSON_Duplicate(value, 1);
    cJSON *old = cJSON_GetObjectItemCaseSensitive(obj, key);
    char *name;
    if (!copy)
        return efn__nomem();
    if (!old) {
        if (!cJSON_AddItemToObject(obj, key, copy)) {
            cJSON_Delete(copy);
            return efn__nomem();
        }
        return EFN_OK;
    }
    name = efn__strdup(key);
    if (!name) {
        cJSON_Delete(copy);
        return efn__nomem();
    }
    if (copy->string && !(copy->type & cJSON_StringIsConst))
        cJSON_free(copy->string);
    copy->string = name;
    copy->type &= ~cJSON_StringIsConst;
    cJSON_ReplaceItemViaPointer(obj, old, copy);
    return EFN_OK;
}

static int is_year_series(const cJSON *v)
{
    const cJSON *e;
    int y;
    if (!cJSON_IsObject(v) || !v->child)
        return 0;
    for (e = v->child; e; e = e->next)
        if (!efn__is_year_key(e->string, &y))
            return 0;
    return 1;
}

/*
 * obj[key] takes `value` from `year` on: the current value becomes a year
 * series (a plain value holds from EFN_MIN_YEAR), the entry for `year` is
 * set, and entries after it are kept.
 */
static int put_from_year(cJSON *obj, const char *key, const cJSON *value,
                         int year)
{
    cJSON *cur = cJSON_GetObjectItemCaseSensitive(obj, key);
    cJSON *series, *copy;
    char ykey[8];
    int rc;
    snprintf(ykey, sizeof ykey, "%04d", year);
    if (cur && is_year_series(cur))
        return put(cur, ykey, value);
    series = cJSON_CreateObject();
    if (!series)
        return efn__nomem();
    if (cur && !cJSON_IsNull(cur)) {
        char first[8];
        snprintf(first, sizeof first, "%04d", EFN_MIN_YEAR);
        copy = cJSON_Duplicate(cur, 1);
        if (!copy || !cJSON_AddItemToObject(series, first, copy)) {
            cJSON_Delete(copy);
            cJSON_Delete(series);
            return efn__nomem();
        }
    }
    rc = put(series, ykey, value);
    if (rc == EFN_OK)
        rc = put(obj, key, series);
    cJSON_Delete(series);
    return rc;
}

static int set_value(cJSON *obj, const char *key, const cJSON *value,
                     const cJSON *year)
{
    if (year)
        return put_from_year(obj, key, value, (int)year->valuedouble);
    return put(obj, key, value);
}

static int apply_set(cJSON *doc, const change_ctx *cc, const cJSON *c,
                     int target, const char *id)
{
    const char *key = cJSON_GetObjectItemCaseSensitive(c, "key")->valuestring;
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(c, "value");
    const cJSON *year = cJSON_GetObjectItemCaseSensitive(c, "year");
    cJSON *arr, *obj;
    if (target == T_NETWORK) {
        if (lookup(key, network_keys, COUNT(network_keys)) < 0)
            return change_error(cc, "key",
                                "cannot set '%s' on the network; expected "
                                "risk or conventions",
                                key);
        if (year)
            return change_error(cc, "year",
                                "'%s' is not a quantity; it cannot be set "
                                "from a year",
                                key);
        return put(doc, key, value);
    }
    arr = cJSON_GetObjectItemCaseSensitive(doc, array_key(target));
    obj = find_by_id(arr, id, NULL);
    if (!obj)
        return change_error(cc, "id", "no %s '%s'",
                            target == T_NODE ? "node" : "asset", id);
    if (target == T_ASSET) {
        if (lookup(key, asset_quantity_keys, COUNT(asset_quantity_keys)) >= 0) {
            /* No capacity key means unbounded, which a year series cannot
             * express for the years before the change. */
            if (year && strcmp(key, "capacity") == 0 &&
                !cJSON_GetObjectItemCaseSensitive(obj, "capacity"))
                return change_error(cc, "year",
                                    "asset '%s' has no capacity (it is "
                                    "unbounded); set its capacity without a "
                                    "year, or give it one first",
                                    id);
            return set_value(obj, key, value, year);
        }
        if (lookup(key, asset_plain_keys, COUNT(asset_plain_keys)) >= 0) {
            if (year)
                return change_error(cc, "year",
                                    "'%s' is not a quantity; it cannot be set "
                                    "from a year",
                                    key);
            return put(obj, key, value);
        }
        return change_error(cc, "key",
                            "cannot set '%s' on an asset; expected capacity, "
                            "flow, tariff, length_km, status, start_year, "
                            "end_year, bidirectional, name or "
                            "outage_probability",
                            key);
    }
    if (target == T_NODE) {
        const char *dot = strchr(key, '.');
        if (dot) {
            char group[16];
            size_t glen = (size_t)(dot - key);
            efn_commodity com;
            cJSON *per;
            if (glen >= sizeof group)
                glen = sizeof group - 1;
            memcpy(group, key, glen);
            group[glen] = '\0';
            if ((strcmp(group, "supply") != 0 && strcmp(group, "demand") != 0 &&
                 strcmp(group, "peak_demand") != 0) ||
                efn_commodity_parse(&com, dot + 1) != EFN_OK)
                return change_error(cc, "key",
                                    "cannot set '%s' on a node; expected "
                                    "supply.C, demand.C or peak_demand.C with "
                                    "C one of gas, oil, electricity",
                                    key);
            per = cJSON_GetObjectItemCaseSensitive(obj, group);
            if (!per) {
                per = cJSON_AddObjectToObject(obj, group);
                if (!per)
                    return efn__nomem();
            } else if (!cJSON_IsObject(per)) {
                return change_error(cc, "key",
                                    "the node's '%s' is not an "
                                    "object",
                                    group);
            }
            return set_value(per, dot + 1, value, year);
        }
        if (lookup(key, node_plain_keys, COUNT(node_plain_keys)) >= 0) {
            if (year)
                return change_error(cc, "year",
                                    "'%s' is not a quantity; it cannot be set "
                                    "from a year",
                                    key);
            return put(obj, key, value);
        }
        return change_error(cc, "key",
                            "cannot set '%s' on a node; expected supply.C, "
                            "demand.C, peak_demand.C, name, lat, lon, kind or "
                            "country",
                            key);
    }
    /* A segment of an asset. */
    {
        const char *from =
            cJSON_GetObjectItemCaseSensitive(c, "from")->valuestring;
        const char *to = cJSON_GetObjectItemCaseSensitive(c, "to")->valuestring;
        const cJSON *route = cJSON_GetObjectItemCaseSensitive(obj, "route");
        const cJSON *r;
        cJSON *segs, *seg = NULL, *e;
        int found = 0;
        if (strcmp(key, "capacity") != 0 && strcmp(key, "flow") != 0)
            return change_error(cc, "key",
                                "cannot set '%s' on a segment; expected "
                                "capacity or flow",
                                key);
        cJSON_ArrayForEach(r, route)
        {
            if (r->next && cJSON_IsString(r) && cJSON_IsString(r->next) &&
                strcmp(r->valuestring, from) == 0 &&
                strcmp(r->next->valuestring, to) == 0)
                found = 1;
        }
        if (!found)
            return change_error(cc, NULL,
                                "%s -> %s is not a segment of asset '%s'", from,
                                to, id);
        segs = cJSON_GetObjectItemCaseSensitive(obj, "segments");
        if (!segs) {
            segs = cJSON_AddArrayToObject(obj, "segments");
            if (!segs)
                return efn__nomem();
        }
        cJSON_ArrayForEach(e, segs)
        {
            const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "from");
            const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "to");
            if (cJSON_IsString(f) && cJSON_IsString(t) &&
                strcmp(f->valuestring, from) == 0 &&
                strcmp(t->valuestring, to) == 0)
                seg = e;
        }
        if (!seg) {
            seg = cJSON_CreateObject();
            if (!seg || !cJSON_AddStringToObject(seg, "from", from) ||
                !cJSON_AddStringToObject(seg, "to", to) ||
                !cJSON_AddItemToArray(segs, seg)) {
                cJSON_Delete(seg);
                return efn__nomem();
            }
        }
        /* From a year on: before it, the segment keeps what it had, which
         * is the asset's value when it has none of its own. */
        if (year && !cJSON_GetObjectItemCaseSensitive(seg, key)) {
            const cJSON *inherited = cJSON_GetObjectItemCaseSensitive(obj, key);
            int rc;
            if (!inherited && strcmp(key, "capacity") == 0)
                return change_error(cc, "year",
                                    "asset '%s' has no capacity (it is "
                                    "unbounded); set the segment's capacity "
                                    "without a year",
                                    id);
            if (inherited && (rc = put(seg, key, inherited)) != EFN_OK)
                return rc;
        }
        return set_value(seg, key, value, year);
    }
}

static int set_enabled(cJSON *obj, int enabled)
{
    cJSON *b = cJSON_CreateBool(enabled);
    int rc;
    if (!b)
        return efn__nomem();
    rc = put(obj, "enabled", b);
    cJSON_Delete(b);
    return rc;
}

static int apply_enable(cJSON *doc, const change_ctx *cc, int target,
                        const char *id, int enabled)
{
    if (target == T_COUNTRY) {
        /* Every asset with a route node in the country. */
        cJSON *nodes = cJSON_GetObjectItemCaseSensitive(doc, "nodes");
        cJSON *assets = cJSON_GetObjectItemCaseSensitive(doc, "assets");
        cJSON *a;
        int hits = 0, rc;
        cJSON_ArrayForEach(a, assets)
        {
            const cJSON *route = cJSON_GetObjectItemCaseSensitive(a, "route");
            const cJSON *r;
            int crosses = 0;
            cJSON_ArrayForEach(r, route)
            {
                const cJSON *n = cJSON_IsString(r)
                                     ? find_by_id(nodes, r->valuestring, NULL)
                                     : NULL;
                const cJSON *cc2 =
                    n ? cJSON_GetObjectItemCaseSensitive(n, "country") : NULL;
                if (cJSON_IsString(cc2) && strcmp(cc2->valuestring, id) == 0)
                    crosses = 1;
            }
            if (crosses) {
                hits++;
                if ((rc = set_enabled(a, enabled)) != EFN_OK)
                    return rc;
            }
        }
        if (!hits)
            return change_error(cc, "id", "no asset crosses country '%s'", id);
        return EFN_OK;
    } else {
        cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, array_key(target));
        cJSON *obj = find_by_id(arr, id, NULL);
        if (!obj)
            return change_error(cc, "id", "no %s '%s'", target_names[target],
                                id);
        return set_enabled(obj, enabled);
    }
}

static int route_uses(const cJSON *asset, const char *node)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(asset, "route"))
    {
        if (cJSON_IsString(r) && strcmp(r->valuestring, node) == 0)
            return 1;
    }
    return 0;
}

static int stakes_use(const cJSON *list, const char *owner)
{
    const cJSON *e;
    if (cJSON_IsObject(list)) { /* a year series of lists */
        for (e = list->child; e; e = e->next)
            if (stakes_use(e, owner))
                return 1;
        return 0;
    }
    cJSON_ArrayForEach(e, list)
    {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(e, "owner");
        if (cJSON_IsString(o) && strcmp(o->valuestring, owner) == 0)
            return 1;
    }
    return 0;
}

static int apply_remove(cJSON *doc, const change_ctx *cc, int target,
                        const char *id)
{
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, array_key(target));
    cJSON *e;
    int index = -1;
    if (!find_by_id(arr, id, &index))
        return change_error(cc, "id", "no %s '%s'", target_names[target], id);
    if (target == T_NODE) {
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "assets"))
        {
            if (route_uses(e, id)) {
                const cJSON *aid = cJSON_GetObjectItemCaseSensitive(e, "id");
                return change_error(
                    cc, "id",
                    "node '%s' is on the route of asset '%s'; "
                    "remove that asset first",
                    id, cJSON_IsString(aid) ? aid->valuestring : "?");
            }
        }
    }
    if (target == T_OWNER) {
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "assets"))
        {
            if (stakes_use(cJSON_GetObjectItemCaseSensitive(e, "stakes"), id)) {
                const cJSON *aid = cJSON_GetObjectItemCaseSensitive(e, "id");
                return change_error(
                    cc, "id",
                    "owner '%s' holds a stake in asset '%s'; "
                    "change its stakes first",
                    id, cJSON_IsString(aid) ? aid->valuestring : "?");
            }
        }
        cJSON_ArrayForEach(e, arr)
        {
            if (stakes_use(cJSON_GetObjectItemCaseSensitive(e, "owners"), id)) {
                const cJSON *oid = cJSON_GetObjectItemCaseSensitive(e, "id");
                return change_error(
                    cc, "id",
                    "owner '%s' owns part of owner '%s'; "
                    "change its owners first",
                    id, cJSON_IsString(oid) ? oid->valuestring : "?");
            }
        }
    }
    cJSON_DeleteItemFromArray(arr, index);
    return EFN_OK;
}

static int apply_change(cJSON *doc, const change_ctx *cc, const cJSON *c)
{
    int o = lookup(cJSON_GetObjectItemCaseSensitive(c, "op")->valuestring,
                   op_names, COUNT(op_names));
    int t = lookup(cJSON_GetObjectItemCaseSensitive(c, "target")->valuestring,
                   target_names, COUNT(target_names));
    const cJSON *idv = cJSON_GetObjectItemCaseSensitive(c, "id");
    const char *id = cJSON_IsString(idv) ? idv->valuestring : "";
    switch (o) {
    case OP_SET: return apply_set(doc, cc, c, t, id);
    case OP_DISABLE: return apply_enable(doc, cc, t, id, 0);
    case OP_ENABLE: return apply_enable(doc, cc, t, id, 1);
    case OP_REMOVE: return apply_remove(doc, cc, t, id);
    case OP_ADD: {
        cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, array_key(t));
        cJSON *copy;
        if (!arr) {
            arr = cJSON_AddArrayToObject(doc, array_key(t));
            if (!arr)
                return efn__nomem();
        }
        copy = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(c, "value"), 1);
        if (!copy || !cJSON_AddItemToArray(arr, copy)) {
            cJSON_Delete(copy);
            return efn__nomem();
        }
        return EFN_OK;
    }
    case OP_SET_STAKES: {
        cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, array_key(t));
        cJSON *obj = find_by_id(arr, id, NULL);
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(c, "stakes");
        if (!obj)
            return change_error(cc, "id", "no %s '%s'", target_names[t], id);
        return set_value(obj, t == T_OWNER ? "owners" : "stakes", st,
                         cJSON_GetObjectItemCaseSensitive(c, "year"));
    }
    default: return change_error(cc, "op", "unknown operation");
    }
}

static int note_scenario(cJSON *doc, const efn_scenario *s)
{
    cJSON *meta = cJSON_GetObjectItemCaseSensitive(doc, "metadata");
    cJSON *list, *name;
    if (!meta) {
        meta = cJSON_AddObjectToObject(doc, "metadata");
        if (!meta)
            return efn__nomem();
    }
    if (!cJSON_IsObject(meta))
        return EFN_OK; /* the base was valid, so this cannot happen */
    if (s->year) {
        cJSON *y = cJSON_CreateNumber(s->year);
        int rc;
        if (!y)
            return efn__nomem();
        rc = put(meta, "year", y);
        cJSON_Delete(y);
        if (rc != EFN_OK)
            return rc;
    }
    list = cJSON_GetObjectItemCaseSensitive(meta, "applied_scenarios");
    if (!cJSON_IsArray(list)) {
        cJSON_DeleteItemFromObjectCaseSensitive(meta, "applied_scenarios");
        list = cJSON_AddArrayToObject(meta, "applied_scenarios");
        if (!list)
            return efn__nomem();
    }
    name = cJSON_CreateString(s->name);
    if (!name || !cJSON_AddItemToArray(list, name)) {
        cJSON_Delete(name);
        return efn__nomem();
    }
    return EFN_OK;
}

/* Applies every change of `s` to `doc`; `upto` limits how many. */
static int apply_to_doc(cJSON *doc, const efn_scenario *s, size_t upto)
{
    const cJSON *c;
    change_ctx cc;
    int rc;
    cc.scn = s;
    cc.index = 0;
    cJSON_ArrayForEach(c, s->changes)
    {
        if (cc.index >= upto)
            break;
        if ((rc = apply_change(doc, &cc, c)) != EFN_OK)
            return rc;
        cc.index++;
    }
    return note_scenario(doc, s);
}

/* Reads `doc` (consumed) as a network named like `base`. */
static int reparse(efn_network **out, cJSON *doc, const efn_network *base)
{
    efn__ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.source = base->source;
    return efn__network_from_doc(out, doc, NULL, base->source, &ctx);
}

/* The result is invalid: find the first change that makes it so, by
 * applying the changes one at a time. Only runs on failure. */
static int blame(const efn_network *base, const efn_scenario *const *scns,
                 size_t count)
{
    char network_msg[2048];
    size_t i, k;
    snprintf(network_msg, sizeof network_msg, "%s", efn_last_error());
    for (i = 0; i < count; i++) {
        for (k = 1; k <= scns[i]->nchanges; k++) {
            cJSON *doc = cJSON_Duplicate(efn__doc(base), 1);
            efn_network *net = NULL;
            size_t j;
            int rc = doc ? EFN_OK : EFN_ENOMEM;
            for (j = 0; j < i && rc == EFN_OK; j++)
                rc = apply_to_doc(doc, scns[j], scns[j]->nchanges);
            if (rc == EFN_OK)
                rc = apply_to_doc(doc, scns[i], k);
            if (rc != EFN_OK) {
                cJSON_Delete(doc);
                return rc;
            }
            rc = reparse(&net, doc, base);
            efn_network_free(net);
            if (rc == EFN_ENOMEM)
                return rc;
            if (rc != EFN_OK) {
                char inner[2048];
                snprintf(inner, sizeof inner, "%s", efn_last_error());
                return efn__error(EFN_EINVALID,
                                  "%s: changes[%zu]: the change leaves the "
                                  "network invalid: %s",
                                  scns[i]->source, k - 1, inner);
            }
        }
    }
    return efn__error(EFN_EINVALID, "after scenarios: %s", network_msg);
}

int efn_scenario_apply_all(efn_network **out, const efn_network *base,
                           const efn_scenario *const *scenarios, size_t count)
{
    cJSON *doc;
    size_t i;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_scenario_apply: out is NULL");
    *out = NULL;
    if (!base || (count && !scenarios))
        return efn__error(EFN_EARG, "efn_scenario_apply: NULL argument");
    for (i = 0; i < count; i++)
        if (!scenarios[i])
            return efn__error(EFN_EARG,
                              "efn_scenario_apply: scenario %zu is "
                              "NULL",
                              i);
    doc = cJSON_Duplicate(efn__doc(base), 1);
    if (!doc)
        return efn__nomem();
    for (i = 0; i < count; i++) {
        rc = apply_to_doc(doc, scenarios[i], scenarios[i]->nchanges);
        if (rc != EFN_OK) {
            cJSON_Delete(doc);
            return rc;
        }
    }
    rc = reparse(out, doc, base);
    if (rc == EFN_EINVALID)
        rc = blame(base, scenarios, count);
    return rc;
}

int efn_scenario_apply(efn_network **out, const efn_network *base,
                       const efn_scenario *scn)
{
    return efn_scenario_apply_all(out, base, &scn, 1);
}
