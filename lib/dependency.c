/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * dependency.c: supplier, transit, asset and entry dependency from a trace;
 * HHI; single points of failure from dominator trees; owner countries.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <igraph/igraph.h>

#include "flowcore.h"
#include "tracecore.h"
#include "efn/ownership.h"

#define EFN_DEP_EPS 1e-9

typedef struct itemvec {
    efn_dep_item *v;
    size_t n, cap;
} itemvec;

struct efn_dependency {
    const efn_network *net;
    efn_trace *trace;
    size_t ncons;
    size_t *cons_node;
    double *volume, *hhi_origin, *hhi_entry;
    itemvec *items; /* ncons x EFN_DEP_KIND_COUNT */
};

void efn_dependency_free(efn_dependency *d)
{
    size_t i;
    if (!d)
        return;
    if (d->items)
        for (i = 0; i < d->ncons * EFN_DEP_KIND_COUNT; i++)
            efn__free(d->items[i].v);
    efn__free(d->items);
    efn__free(d->cons_node);
    efn__free(d->volume);
    efn__free(d->hhi_origin);
    efn__free(d->hhi_entry);
    efn_trace_free(d->trace);
    efn__free(d);
}

static itemvec *items_of(efn_dependency *d, size_t j, efn_dep_kind k)
{
    return &d->items[j * EFN_DEP_KIND_COUNT + (size_t)k];
}

static int push(efn_dependency *d, size_t j, efn_dep_item item)
{
    itemvec *iv = items_of(d, j, item.kind);
    if (iv->n == iv->cap) {
        size_t cap = iv->cap ? 2 * iv->cap : 8;
        efn_dep_item *g = efn__realloc(iv->v, cap * sizeof *g);
        if (!g)
            return efn__nomem();
        iv->v = g;
        iv->cap = cap;
    }
    iv->v[iv->n++] = item;
    return EFN_OK;
}

static int cmp_item(const void *a, const void *b)
{
    const efn_dep_item *x = a, *y = b;
    if (x->volume != y->volume)
        return x->volume < y->volume ? 1 : -1;
    if (x->asset != y->asset)
        return x->asset < y->asset ? -1 : 1;
    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    if (x->country && y->country)
        return strcmp(x->country, y->country);
    return 0;
}

static efn_dep_item item(efn_dep_kind kind)
{
    efn_dep_item it;
    memset(&it, 0, sizeof it);
    it.kind = kind;
    it.asset = SIZE_MAX;
    it.node = SIZE_MAX;
    return it;
}

/* Distinct countries of the nodes the flows touch. */
static size_t flow_countries(const efn_trace *t, const char **out)
{
    size_t n = 0, e, c, s;
    for (e = 0; e < t->nedges; e++) {
        size_t ends[2];
        ends[0] = t->node_of[t->edges[e].from];
        ends[1] = t->node_of[t->edges[e].to];
        for (s = 0; s < 2; s++) {
            const char *cc = t->net->nodes[ends[s]].country;
            for (c = 0; c < n; c++)
                if (strcmp(out[c], cc) == 0)
                    break;
            if (c == n)
                out[n++] = cc;
        }
    }
    return n;
}

static int suppliers(efn_dependency *d, size_t j)
{
    const efn_trace *t = d->trace;
    size_t c;
    int rc;
    double hhi = 0;
    for (c = 0; c < t->ncountry; c++) {
        efn_dep_item it = item(EFN_DEP_SUPPLIER);
        efn_trace_consumer_country(&it.volume, &it.share, t, j, c);
        if (it.volume <= EFN_DEP_EPS)
            continue;
        it.country = t->country[c];
        hhi += (100 * it.share) * (100 * it.share);
        if ((rc = push(d, j, it)) != EFN_OK)
            return rc;
    }
    d->hhi_origin[j] = hhi;
    return EFN_OK;
}

/* Transit: per country k, the volume at each node that has crossed k, not
 * counting volume that originated in k. */
static int transit(efn_dependency *d, double *b, double *z,
                   unsigned char *fixed)
{
    const efn_trace *t = d->trace;
    const efn_network *net = d->net;
    const char **countries = efn__calloc(2 * t->nedges + 1, sizeof *countries);
    size_t nc, c, i, k, j;
    int rc = EFN_OK;
    if (!countries)
        return efn__nomem();
    nc = flow_countries(t, countries);
    for (c = 0; c < nc && rc == EFN_OK; c++) {
        for (i = 0; i < t->n; i++) {
            fixed[i] =
                strcmp(net->nodes[t->node_of[i]].country, countries[c]) == 0;
            b[i] = 0;
            if (fixed[i])
                for (k = t->node[i].vstart;
                     k < t->node[i].vstart + t->node[i].vlen; k++)
                    if (strcmp(t->country[t->orig_country[t->vorig[k]]],
                               countries[c]) != 0)
                        b[i] += efn__trace_volume(t, i, k);
        }
        if ((rc = efn__propagate(t, b, NULL, fixed, z)) != EFN_OK)
            break;
        for (j = 0; j < d->ncons && rc == EFN_OK; j++) {
            size_t v = t->cons_node[j]; /* its trace node */
            efn_dep_item it = item(EFN_DEP_TRANSIT);
            if (strcmp(net->nodes[d->cons_node[j]].country, countries[c]) ==
                    0 ||
                t->node[v].T <= 0)
                continue;
            it.share = z[v] / t->node[v].T;
            if (it.share <= EFN_DEP_EPS)
                continue;
            if (it.share > 1)
                it.share = 1;
            it.volume = it.share * d->volume[j];
            it.country = countries[c];
            rc = push(d, j, it);
        }
    }
    efn__free(countries);
    return rc;
}

/* Asset dependency: per asset A, the volume at each node that passed A.
 * Entry routes: per consumer country C and asset A, the volume that last
 * crossed into C through A. */
static int assets(efn_dependency *d, double *z, unsigned char *mode)
{
    const efn_trace *t = d->trace;
    const efn_network *net = d->net;
    size_t a, e, j, jj;
    int rc = EFN_OK;
    unsigned char *used = efn__calloc(net->nassets + 1, 1);
    if (!used)
        return efn__nomem();
    for (e = 0; e < t->nedges; e++)
        used[t->edges[e].asset] = 1;
    for (a = 0; a < net->nassets && rc == EFN_OK; a++) {
        if (!used[a])
            continue;
        for (e = 0; e < t->nedges; e++)
            mode[e] = t->edges[e].asset == a ? EFN_FULL : EFN_PASS;
        if ((rc = efn__propagate(t, NULL, mode, NULL, z)) != EFN_OK)
            break;
        for (j = 0; j < d->ncons && rc == EFN_OK; j++) {
            size_t v = t->cons_node[j];
            efn_dep_item it = item(EFN_DEP_ASSET);
            if (t->node[v].T <= 0)
                continue;
            it.share = z[v] / t->node[v].T;
            if (it.share <= EFN_DEP_EPS)
                continue;
            if (it.share > 1)
                it.share = 1;
            it.asset = a;
            it.volume = it.share * d->volume[j];
            rc = push(d, j, it);
        }
    }
    /* Entry routes, per consumer country (each computed once). */
    for (j = 0; j < d->ncons && rc == EFN_OK; j++) {
        const char *cc = net->nodes[d->cons_node[j]].country;
        for (jj = 0; jj < j; jj++)
            if (strcmp(net->nodes[d->cons_node[jj]].country, cc) == 0)
                break;
        if (jj < j)
            continue;
        for (a = 0; a < net->nassets && rc == EFN_OK; a++) {
            int crosses = 0;
            if (!used[a])
                continue;
            for (e = 0; e < t->nedges; e++) {
                const efn__tedge *ed = &t->edges[e];
                int in =
                    strcmp(net->nodes[t->node_of[ed->from]].country, cc) != 0 &&
                    strcmp(net->nodes[t->node_of[ed->to]].country, cc) == 0;
                mode[e] = !in              ? EFN_PASS
                          : ed->asset == a ? EFN_FULL
                                           : EFN_BLOCK;
                crosses |= in && ed->asset == a;
            }
            if (!crosses)
                continue;
            if ((rc = efn__propagate(t, NULL, mode, NULL, z)) != EFN_OK)
                break;
            for (jj = j; jj < d->ncons && rc == EFN_OK; jj++) {
                size_t v = t->cons_node[jj];
                efn_dep_item it = item(EFN_DEP_ENTRY);
                if (strcmp(net->nodes[d->cons_node[jj]].country, cc) != 0 ||
                    t->node[v].T <= 0)
                    continue;
                it.share = z[v] / t->node[v].T;
                if (it.share <= EFN_DEP_EPS)
                    continue;
                if (it.share > 1)
                    it.share = 1;
                it.asset = a;
                it.volume = it.share * d->volume[jj];
                rc = push(d, jj, it);
            }
        }
    }
    efn__free(used);
    /* What never crossed in is domestic; then the HHI over entry routes. */
    for (j = 0; j < d->ncons && rc == EFN_OK; j++) {
        itemvec *iv = items_of(d, j, EFN_DEP_ENTRY);
        double sum = 0, hhi = 0;
        size_t i;
        for (i = 0; i < iv->n; i++)
            sum += iv->v[i].share;
        if (1 - sum > 1e-9) {
            efn_dep_item it = item(EFN_DEP_ENTRY);
            it.share = 1 - sum;
            it.volume = it.share * d->volume[j];
            if ((rc = push(d, j, it)) != EFN_OK)
                break;
        }
        iv = items_of(d, j, EFN_DEP_ENTRY);
        for (i = 0; i < iv->n; i++)
            hhi += (100 * iv->v[i].share) * (100 * iv->v[i].share);
        d->hhi_entry[j] = hhi;
    }
    return rc;
}

/*
 * Single points of failure: the dominator tree of the active graph (every
 * segment split by a vertex of its own, so that assets dominate too) rooted
 * at a super-source joined to every supplier.
 */
static int spofs(efn_dependency *d, const efn_trace_options *opt)
{
    const efn_network *net = d->net;
    efn__fp fp;
    igraph_t g;
    igraph_vector_int_t ev, dom;
    size_t nv, root, e, j, nsegv = 0;
    size_t *segv_asset = NULL;
    long *segv_of = NULL;
    int rc, have_g = 0, have_ev = 0, have_dom = 0, locked = 0;
    if ((rc = efn__fp_build(&fp, net, opt->commodity, opt->year, NULL, NULL)) !=
        EFN_OK)
        return rc;
    /* One vertex per (asset, segment), shared by both directions. */
    segv_of = efn__malloc((fp.nseg + 1) * sizeof *segv_of);
    segv_asset = efn__malloc((fp.nseg + 1) * sizeof *segv_asset);
    if (!segv_of || !segv_asset) {
        rc = efn__nomem();
        goto done;
    }
    for (e = 0; e < fp.nseg; e++) {
        if (fp.seg[e].reverse) {
            segv_of[e] = segv_of[e - 1];
        } else {
            segv_of[e] = (long)nsegv;
            segv_asset[nsegv++] = fp.seg[e].asset;
        }
    }
    nv = fp.nnodes + nsegv + 1;
    root = nv - 1;
    efn__lock();
    locked = 1;
    if (igraph_vector_int_init(&ev, 0) != IGRAPH_SUCCESS) {
        rc = efn__nomem();
        goto done;
    }
    have_ev = 1;
    for (e = 0; e < fp.nseg; e++) {
        igraph_integer_t m = (igraph_integer_t)(fp.nnodes + (size_t)segv_of[e]);
        if (fp.cap[e] <= 0)
            continue;
        if (igraph_vector_int_push_back(&ev, (igraph_integer_t)fp.tail[e]) ||
            igraph_vector_int_push_back(&ev, m) ||
            igraph_vector_int_push_back(&ev, m) ||
            igraph_vector_int_push_back(&ev, (igraph_integer_t)fp.head[e])) {
            rc = efn__nomem();
            goto done;
        }
    }
    for (e = 0; e < fp.nsup; e++)
        if (igraph_vector_int_push_back(&ev, (igraph_integer_t)root) ||
            igraph_vector_int_push_back(&ev,
                                        (igraph_integer_t)fp.sup_node[e])) {
            rc = efn__nomem();
            goto done;
        }
    if (igraph_create(&g, &ev, (igraph_integer_t)nv, IGRAPH_DIRECTED) !=
        IGRAPH_SUCCESS) {
        rc = efn__error(EFN_ERROR, "igraph_create failed");
        goto done;
    }
    have_g = 1;
    if (igraph_vector_int_init(&dom, 0) != IGRAPH_SUCCESS) {
        rc = efn__nomem();
        goto done;
    }
    have_dom = 1;
    if (igraph_dominator_tree(&g, (igraph_integer_t)root, &dom, NULL, NULL,
                              IGRAPH_OUT) != IGRAPH_SUCCESS) {
        rc = efn__error(EFN_ERROR, "igraph_dominator_tree failed");
        goto done;
    }
    for (j = 0; j < d->ncons && rc == EFN_OK; j++) {
        igraph_integer_t v = (igraph_integer_t)d->cons_node[j];
        size_t guard = 0;
        /* Walk the immediate dominators up to the root. */
        while (guard++ < nv) {
            igraph_integer_t up = VECTOR(dom)[v];
            efn_dep_item it;
            if (up < 0 || up == v || (size_t)up == root)
                break;
            v = up;
            if ((size_t)v < fp.nnodes) {
                it = item(EFN_DEP_SPOF_NODE);
                it.node = (size_t)v;
            } else {
                it = item(EFN_DEP_SPOF_ASSET);
                it.asset = segv_asset[(size_t)v - fp.nnodes];
            }
            it.volume = d->volume[j];
            it.share = 1;
            if (it.kind == EFN_DEP_SPOF_ASSET) {
                /* Several segments of one asset: list it once. */
                itemvec *iv = items_of(d, j, EFN_DEP_SPOF_ASSET);
                size_t q;
                for (q = 0; q < iv->n; q++)
                    if (iv->v[q].asset == it.asset)
                        break;
                if (q < iv->n)
                    continue;
            }
            if ((rc = push(d, j, it)) != EFN_OK)
                break;
        }
    }
done:
    if (have_dom)
        igraph_vector_int_destroy(&dom);
    if (have_g)
        igraph_destroy(&g);
    if (have_ev)
        igraph_vector_int_destroy(&ev);
    if (locked)
        efn__unlock();
    efn__free(segv_of);
    efn__free(segv_asset);
    efn__fp_free(&fp);
    return rc;
}

static int owner_countries(efn_dependency *d)
{
    const efn_network *net = d->net;
    efn_ownership *own = NULL;
    size_t j, c, i;
    int rc = efn_ownership_run(&own, net, d->trace->year, NULL);
    if (rc != EFN_OK)
        return rc;
    for (j = 0; j < d->ncons && rc == EFN_OK; j++) {
        itemvec *iv = items_of(d, j, EFN_DEP_ASSET);
        double total = 0;
        for (i = 0; i < iv->n; i++)
            total += iv->v[i].share;
        if (total <= 0)
            continue;
        for (c = 0; c < efn_ownership_country_count(own) && rc == EFN_OK; c++) {
            efn_dep_item it = item(EFN_DEP_OWNER_COUNTRY);
            double x = 0, pct;
            iv = items_of(d, j, EFN_DEP_ASSET);
            for (i = 0; i < iv->n; i++) {
                efn_ownership_country_interest(&pct, own, c, iv->v[i].asset);
                x += iv->v[i].share * pct / 100;
            }
            if (x <= EFN_DEP_EPS)
                continue;
            it.country = efn_ownership_country(own, c);
            it.share = x / total;
            it.volume = it.share * d->volume[j];
            rc = push(d, j, it);
        }
    }
    efn_ownership_free(own);
    return rc;
}

int efn_dependency_run(efn_dependency **out, const efn_network *net,
                       const efn_trace_options *options)
{
    efn_trace_options opt = EFN_TRACE_OPTIONS_INIT;
    efn_dependency *d;
    double *b = NULL, *z = NULL;
    unsigned char *fixed = NULL, *mode = NULL;
    size_t j, k;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_dependency_run: out is NULL");
    *out = NULL;
    if (!net)
        return efn__error(EFN_EARG, "efn_dependency_run: net is NULL");
    if (options)
        opt = *options;
    d = efn__calloc(1, sizeof *d);
    if (!d)
        return efn__nomem();
    d->net = net;
    if ((rc = efn_trace_run(&d->trace, net, &opt)) != EFN_OK)
        goto done;
    opt.year = d->trace->year;
    d->ncons = d->trace->ncons;
    d->cons_node = efn__calloc(d->ncons + 1, sizeof *d->cons_node);
    d->volume = efn__calloc(d->ncons + 1, sizeof *d->volume);
    d->hhi_origin = efn__calloc(d->ncons + 1, sizeof *d->hhi_origin);
    d->hhi_entry = efn__calloc(d->ncons + 1, sizeof *d->hhi_entry);
    d->items = efn__calloc(d->ncons * EFN_DEP_KIND_COUNT + 1, sizeof *d->items);
    b = efn__calloc(d->trace->n + 1, sizeof *b);
    z = efn__calloc(d->trace->n + 1, sizeof *z);
    fixed = efn__calloc(d->trace->n + 1, 1);
    mode = efn__calloc(d->trace->nedges + 1, 1);
    if (!d->cons_node || !d->volume || !d->hhi_origin || !d->hhi_entry ||
        !d->items || !b || !z || !fixed || !mode) {
        rc = efn__nomem();
        goto done;
    }
    for (j = 0; j < d->ncons; j++) {
        efn_trace_consumer_get(&d->cons_node[j], &d->volume[j], d->trace, j);
        if ((rc = suppliers(d, j)) != EFN_OK)
            goto done;
    }
    if ((rc = transit(d, b, z, fixed)) != EFN_OK ||
        (rc = assets(d, z, mode)) != EFN_OK ||
        (rc = spofs(d, &opt)) != EFN_OK || (rc = owner_countries(d)) != EFN_OK)
        goto done;
    for (j = 0; j < d->ncons; j++)
        for (k = 0; k < EFN_DEP_KIND_COUNT; k++) {
            itemvec *iv = items_of(d, j, (efn_dep_kind)k);
            if (k != EFN_DEP_SPOF_NODE && k != EFN_DEP_SPOF_ASSET && iv->n > 1)
                qsort(iv->v, iv->n, sizeof *iv->v, cmp_item);
        }
done:
    efn__free(b);
    efn__free(z);
    efn__free(fixed);
    efn__free(mode);
    if (rc != EFN_OK) {
        efn_dependency_free(d);
        return rc;
    }
    *out = d;
    return EFN_OK;
}

size_t efn_dependency_consumer_count(const efn_dependency *d)
{
    return d ? d->ncons : 0;
}

int efn_dependency_consumer_get(size_t *out_node, double *out_volume,
                                double *out_hhi_origin, double *out_hhi_entry,
                                const efn_dependency *d, size_t j)
{
    if (!out_node || !out_volume || !out_hhi_origin || !out_hhi_entry || !d)
        return efn__error(EFN_EARG, "efn_dependency_consumer_get: NULL "
                                    "argument");
    if (j >= d->ncons)
        return efn__error(EFN_ENOTFOUND, "consumer %zu out of range (%zu)", j,
                          d->ncons);
    *out_node = d->cons_node[j];
    *out_volume = d->volume[j];
    *out_hhi_origin = d->hhi_origin[j];
    *out_hhi_entry = d->hhi_entry[j];
    return EFN_OK;
}

int efn_dependency_consumer_find(size_t *out, const efn_dependency *d,
                                 size_t node)
{
    size_t j;
    if (!out || !d)
        return efn__error(EFN_EARG, "efn_dependency_consumer_find: NULL "
                                    "argument");
    for (j = 0; j < d->ncons; j++)
        if (d->cons_node[j] == node) {
            *out = j;
            return EFN_OK;
        }
    return efn__error(EFN_ENOTFOUND, "node '%s' receives no %s in %d",
                      node < d->net->nnodes ? d->net->nodes[node].id : "?",
                      efn_commodity_name(d->trace->commodity), d->trace->year);
}

size_t efn_dependency_item_count(const efn_dependency *d, size_t j,
                                 efn_dep_kind kind)
{
    if (!d || j >= d->ncons || (unsigned)kind >= EFN_DEP_KIND_COUNT)
        return 0;
    return d->items[j * EFN_DEP_KIND_COUNT + (size_t)kind].n;
}

int efn_dependency_item_get(efn_dep_item *out, const efn_dependency *d,
                            size_t j, efn_dep_kind kind, size_t i)
{
    const itemvec *iv;
    if (!out || !d)
        return efn__error(EFN_EARG, "efn_dependency_item_get: NULL argument");
    if (j >= d->ncons || (unsigned)kind >= EFN_DEP_KIND_COUNT)
        return efn__error(EFN_ENOTFOUND, "consumer %zu or kind %d out of range",
                          j, (int)kind);
    iv = &d->items[j * EFN_DEP_KIND_COUNT + (size_t)kind];
    if (i >= iv->n)
        return efn__error(EFN_ENOTFOUND, "item %zu out of range (%zu)", i,
                          iv->n);
    *out = iv->v[i];
    return EFN_OK;
}

const efn_trace *efn_dependency_trace(const efn_dependency *d)
{
    return d ? d->trace : NULL;
}

static const char *const kind_keys[EFN_DEP_KIND_COUNT] = {
    "suppliers",  "transit",     "assets",         "entry_routes",
    "spof_nodes", "spof_assets", "owner_countries"};

int efn_dependency_to_json(char **out, const efn_dependency *d)
{
    const efn_network *net;
    cJSON *root, *arr;
    size_t j, k, i;
    if (!out)
        return efn__error(EFN_EARG, "efn_dependency_to_json: out is NULL");
    *out = NULL;
    if (!d)
        return efn__error(EFN_EARG, "efn_dependency_to_json: NULL argument");
    net = d->net;
    root = efn__json_root();
    if (!root)
        return efn__nomem();
    cJSON_AddStringToObject(root, "analysis", "dependency");
    cJSON_AddStringToObject(root, "commodity",
                            efn_commodity_name(d->trace->commodity));
    cJSON_AddStringToObject(root, "unit",
                            efn_commodity_unit(d->trace->commodity));
    efn__json_add_year(root, d->trace->year);
    efn__trace_json_source(root, d->trace);
    arr = cJSON_AddArrayToObject(root, "consumers");
    for (j = 0; arr && j < d->ncons; j++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(o, "node", net->nodes[d->cons_node[j]].id);
        cJSON_AddStringToObject(o, "country",
                                net->nodes[d->cons_node[j]].country);
        cJSON_AddNumberToObject(o, "volume", d->volume[j]);
        cJSON_AddNumberToObject(o, "hhi_origin", d->hhi_origin[j]);
        cJSON_AddNumberToObject(o, "hhi_entry", d->hhi_entry[j]);
        for (k = 0; k < EFN_DEP_KIND_COUNT; k++) {
            const itemvec *iv = &d->items[j * EFN_DEP_KIND_COUNT + k];
            cJSON *list = cJSON_AddArrayToObject(o, kind_keys[k]);
            for (i = 0; list && i < iv->n; i++) {
                const efn_dep_item *it = &iv->v[i];
                cJSON *x = cJSON_CreateObject();
                if (!x || !cJSON_AddItemToArray(list, x)) {
                    cJSON_Delete(x);
                    break;
                }
                if (it->country)
                    cJSON_AddStringToObject(x, "country", it->country);
                if (k == EFN_DEP_SPOF_NODE)
                    cJSON_AddStringToObject(x, "node", net->nodes[it->node].id);
                if (k == EFN_DEP_ASSET || k == EFN_DEP_ENTRY ||
                    k == EFN_DEP_SPOF_ASSET)
                    cJSON_AddStringToObject(x, "asset",
                                            it->asset == SIZE_MAX
                                                ? "domestic"
                                                : net->assets[it->asset].id);
                cJSON_AddNumberToObject(x, "volume", it->volume);
                cJSON_AddNumberToObject(x, "share", it->share);
            }
        }
    }
    return efn__json_finish(root, out);
}
