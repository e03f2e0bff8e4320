/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * query.c: reading the model: counts, lookups, attributes by year.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

int efn__resolve_year(const efn_network *net, int year)
{
    if (year)
        return year;
    if (net && net->year)
        return net->year;
    return EFN_YEAR_LATEST;
}

void efn__json_add_year(cJSON *obj, int year)
{
    if (year == EFN_YEAR_LATEST || year == 0)
        cJSON_AddNullToObject(obj, "year");
    else
        cJSON_AddNumberToObject(obj, "year", year);
}

int efn__year_out(int year)
{
    return year == EFN_YEAR_LATEST ? 0 : year;
}

size_t efn_network_node_count(const efn_network *net)
{
    return net ? net->nnodes : 0;
}

size_t efn_network_asset_count(const efn_network *net)
{
    return net ? net->nassets : 0;
}

size_t efn_network_owner_count(const efn_network *net)
{
    return net ? net->nowners : 0;
}

const char *efn_network_source(const efn_network *net)
{
    return net ? net->source : "";
}

const char *efn_network_title(const efn_network *net)
{
    return net && net->title ? net->title : "";
}

int efn_network_year(const efn_network *net)
{
    return net ? net->year : 0;
}

void efn_network_conventions(efn_conventions *out, const efn_network *net)
{
    if (!out)
        return;
    if (net)
        *out = net->conv;
    else
        efn_conventions_init(out);
}

static int find(size_t *out, const efn_network *net, const char *id,
                const char *what,
                long (*lookup)(const efn_network *, const char *))
{
    long i;
    if (!out || !net || !id)
        return efn__error(EFN_EARG, "efn_network_find_%s: NULL argument", what);
    i = lookup(net, id);
    if (i < 0)
        return efn__error(EFN_ENOTFOUND, "%s: no %s '%s'", net->source, what,
                          id);
    *out = (size_t)i;
    return EFN_OK;
}

int efn_network_find_node(size_t *out, const efn_network *net, const char *id)
{
    return find(out, net, id, "node", efn__find_node);
}

int efn_network_find_asset(size_t *out, const efn_network *net, const char *id)
{
    return find(out, net, id, "asset", efn__find_asset);
}

int efn_network_find_owner(size_t *out, const efn_network *net, const char *id)
{
    return find(out, net, id, "owner", efn__find_owner);
}

static int range(const efn_network *net, size_t i, size_t n, const char *what)
{
    if (!net)
        return efn__error(EFN_EARG, "network is NULL");
    if (i >= n)
        return efn__error(EFN_ENOTFOUND, "%s index %zu out of range (%zu %ss)",
                          what, i, n, what);
    return EFN_OK;
}

int efn_network_node(efn_node_info *out, const efn_network *net, size_t i)
{
    const efn__node *n;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_network_node: out is NULL");
    if ((rc = range(net, i, net ? net->nnodes : 0, "node")) != EFN_OK)
        return rc;
    n = &net->nodes[i];
    out->id = n->id;
    out->name = n->name;
    out->kind = n->kind;
    out->country = n->country;
    out->has_coordinates = n->has_coords;
    out->lat = n->lat;
    out->lon = n->lon;
    out->enabled = n->enabled;
    return EFN_OK;
}

int efn_network_asset(efn_asset_info *out, const efn_network *net, size_t i)
{
    const efn__asset *a;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_network_asset: out is NULL");
    if ((rc = range(net, i, net ? net->nassets : 0, "asset")) != EFN_OK)
        return rc;
    a = &net->assets[i];
    out->id = a->id;
    out->name = a->name;
    out->commodity = a->commodity;
    out->status = a->status;
    out->start_year = a->start_year;
    out->end_year = a->end_year;
    out->bidirectional = a->bidirectional;
    out->length_km = a->length_km;
    out->route_length = a->nroute;
    out->segment_count = a->nroute - 1;
    out->enabled = a->enabled;
    return EFN_OK;
}

int efn_network_owner(efn_owner_info *out, const efn_network *net, size_t i)
{
    const efn__owner *o;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_network_owner: out is NULL");
    if ((rc = range(net, i, net ? net->nowners : 0, "owner")) != EFN_OK)
        return rc;
    o = &net->owners[i];
    out->id = o->id;
    out->name = o->name;
    out->kind = o->kind;
    out->country = o->country;
    out->parent_count = o->nparents;
    return EFN_OK;
}

int efn_node_quantity_get(double *out, const efn_network *net, size_t node,
                          efn_node_quantity which, efn_commodity commodity,
                          int year)
{
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_node_quantity_get: out is NULL");
    *out = NAN;
    if ((rc = range(net, node, net ? net->nnodes : 0, "node")) != EFN_OK)
        return rc;
    if ((unsigned)which > EFN_PEAK_DEMAND ||
        (unsigned)commodity >= EFN_COMMODITY_COUNT)
        return efn__error(EFN_EARG,
                          "efn_node_quantity_get: bad quantity or commodity");
    *out = efn__qty_at(efn__node_q(&net->nodes[node], which, commodity),
                       efn__resolve_year(net, year));
    return EFN_OK;
}

int efn_asset_route_node(size_t *out, const efn_network *net, size_t asset,
                         size_t k)
{
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_asset_route_node: out is NULL");
    if ((rc = range(net, asset, net ? net->nassets : 0, "asset")) != EFN_OK)
        return rc;
    if (k >= net->assets[asset].nroute)
        return efn__error(EFN_ENOTFOUND,
                          "route position %zu out of range (asset '%s' has "
                          "%zu route nodes)",
                          k, net->assets[asset].id, net->assets[asset].nroute);
    *out = net->assets[asset].route[k];
    return EFN_OK;
}

static const efn__qty *asset_qty(const efn__asset *a, efn_asset_quantity w)
{
    switch (w) {
    case EFN_CAPACITY: return &a->capacity;
    case EFN_FLOW: return &a->flow;
    case EFN_TARIFF: return &a->tariff;
    default: return NULL;
    }
}

static double value_of(const efn__qty *q, efn_asset_quantity which, int year)
{
    double v = efn__qty_at(q, year);
    /* No capacity at all is an unconstrained connector; a capacity series
     * before its first entry (or after a null) is no capacity yet. */
    if (isnan(v) && which == EFN_CAPACITY)
        return q->kind == EFN_Q_ABSENT ? INFINITY : 0.0;
    return v;
}

int efn_asset_quantity_get(double *out, const efn_network *net, size_t asset,
                           efn_asset_quantity which, int year)
{
    const efn__qty *q;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_asset_quantity_get: out is NULL");
    *out = NAN;
    if ((rc = range(net, asset, net ? net->nassets : 0, "asset")) != EFN_OK)
        return rc;
    q = asset_qty(&net->assets[asset], which);
    if (!q)
        return efn__error(EFN_EARG, "efn_asset_quantity_get: bad quantity");
    *out = value_of(q, which, efn__resolve_year(net, year));
    return EFN_OK;
}

double efn__segment_value(const efn_network *net, size_t asset, size_t segment,
                          efn_asset_quantity which, int year)
{
    const efn__asset *a = &net->assets[asset];
    const efn__qty *q = asset_qty(a, which);
    if (which == EFN_CAPACITY && a->seg_capacity &&
        a->seg_capacity[segment].kind != EFN_Q_ABSENT)
        q = &a->seg_capacity[segment];
    else if (which == EFN_FLOW && a->seg_flow &&
             a->seg_flow[segment].kind != EFN_Q_ABSENT)
        q = &a->seg_flow[segment];
    return value_of(q, which, year);
}

int efn_segment_quantity_get(double *out, const efn_network *net, size_t asset,
                             size_t segment, efn_asset_quantity which, int year)
{
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_segment_quantity_get: out is NULL");
    *out = NAN;
    if ((rc = range(net, asset, net ? net->nassets : 0, "asset")) != EFN_OK)
        return rc;
    if (segment + 1 >= net->assets[asset].nroute)
        return efn__error(
            EFN_ENOTFOUND, "segment %zu out of range (asset '%s' has %zu)",
            segment, net->assets[asset].id, net->assets[asset].nroute - 1);
    if (!asset_qty(&net->assets[asset], which))
        return efn__error(EFN_EARG, "efn_segment_quantity_get: bad quantity");
    *out = efn__segment_value(net, asset, segment, which,
                              efn__resolve_year(net, year));
    return EFN_OK;
}

int efn_asset_is_active(const efn_network *net, size_t asset, int year)
{
    const efn__asset *a;
    if (!net || asset >= net->nassets)
        return 0;
    a = &net->assets[asset];
    year = efn__resolve_year(net, year);
    if (!a->enabled)
        return 0;
    if (a->start_year && year < a->start_year)
        return 0;
    if (a->end_year && year >= a->end_year)
        return 0;
    switch (a->status) {
    case EFN_STATUS_OPERATING: return 1;
    case EFN_STATUS_CONSTRUCTION: return a->start_year != 0;
    case EFN_STATUS_RETIRED: return a->end_year != 0;
    default: return 0;
    }
}

static const efn__stakeset *stakes_at(const efn__asset *a, int year)
{
    const efn__stakeset *found = NULL;
    size_t i;
    for (i = 0; i < a->nstakesets; i++)
        if (a->stakesets[i].year <= year)
            found = &a->stakesets[i];
    return found;
}

size_t efn_asset_stake_count(const efn_network *net, size_t asset, int year)
{
    const efn__stakeset *s;
    if (!net || asset >= net->nassets)
        return 0;
    s = stakes_at(&net->assets[asset], efn__resolve_year(net, year));
    return s ? s->n : 0;
}

int efn_asset_stake(size_t *out_owner, double *out_share_pct,
                    const efn_network *net, size_t asset, int year, size_t k)
{
    const efn__stakeset *s;
    int rc;
    if (!out_owner || !out_share_pct)
        return efn__error(EFN_EARG, "efn_asset_stake: NULL output");
    if ((rc = range(net, asset, net ? net->nassets : 0, "asset")) != EFN_OK)
        return rc;
    s = stakes_at(&net->assets[asset], efn__resolve_year(net, year));
    if (!s || k >= s->n)
        return efn__error(EFN_ENOTFOUND,
                          "stake %zu out of range for asset '%s' in %d", k,
                          net->assets[asset].id, year);
    *out_owner = s->items[k].owner;
    *out_share_pct = s->items[k].share;
    return EFN_OK;
}

int efn_owner_parent(size_t *out_owner, double *out_share_pct,
                     const efn_network *net, size_t owner, size_t k)
{
    int rc;
    if (!out_owner || !out_share_pct)
        return efn__error(EFN_EARG, "efn_owner_parent: NULL output");
    if ((rc = range(net, owner, net ? net->nowners : 0, "owner")) != EFN_OK)
        return rc;
    if (k >= net->owners[owner].nparents)
        return efn__error(EFN_ENOTFOUND, "owner '%s' has %zu owners, not %zu",
                          net->owners[owner].id, net->owners[owner].nparents,
                          k + 1);
    *out_owner = net->owners[owner].parents[k].owner;
    *out_share_pct = net->owners[owner].parents[k].share;
    return EFN_OK;
}

/* ---- the years a network mentions --------------------------------------- */

typedef struct yearset {
    int *v;
    size_t n, cap;
    int failed;
} yearset;

static void add_year(yearset *s, int y)
{
    if (!y || y == INT_MIN || s->failed)
        return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 32;
        int *grown = efn__realloc(s->v, cap * sizeof *grown);
        if (!grown) {
            s->failed = 1;
            return;
        }
        s->v = grown;
        s->cap = cap;
    }
    s->v[s->n++] = y;
}

static void add_qty(yearset *s, const efn__qty *q)
{
    size_t i;
    if (q->kind == EFN_Q_SERIES)
        for (i = 0; i < q->n; i++)
            add_year(s, q->years[i]);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int efn_network_years(int **out, size_t *count, const efn_network *net)
{
    yearset s = {0};
    size_t i, j, k;
    int q, c;
    if (!out || !count || !net)
        return efn__error(EFN_EARG, "efn_network_years: NULL argument");
    *out = NULL;
    *count = 0;
    add_year(&s, net->year);
    for (i = 0; i < net->nnodes; i++)
        for (q = 0; q < 3; q++)
            for (c = 0; c < EFN_COMMODITY_COUNT; c++)
                add_qty(&s, efn__node_q(&net->nodes[i], q, c));
    for (i = 0; i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        add_year(&s, a->start_year);
        add_year(&s, a->end_year);
        add_qty(&s, &a->capacity);
        add_qty(&s, &a->flow);
        add_qty(&s, &a->tariff);
        for (j = 0; j + 1 < a->nroute; j++) {
            if (a->seg_capacity)
                add_qty(&s, &a->seg_capacity[j]);
            if (a->seg_flow)
                add_qty(&s, &a->seg_flow[j]);
        }
        for (j = 0; j < a->nstakesets; j++)
            add_year(&s, a->stakesets[j].year);
    }
    if (s.failed) {
        efn__free(s.v);
        return efn__nomem();
    }
    if (s.n == 0)
        return EFN_OK;
    qsort(s.v, s.n, sizeof *s.v, cmp_int);
    for (i = 1, k = 1; i < s.n; i++)
        if (s.v[i] != s.v[k - 1])
            s.v[k++] = s.v[i];
    *out = s.v;
    *count = k;
    return EFN_OK;
}
