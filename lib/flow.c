/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * flow.c: the flow analysis result, and the balance of observed flows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flowcore.h"

struct efn_flow {
    const efn_network *net;
    efn_commodity commodity;
    int year;
    efn_allocation mode;
    double max_total, delivered_total, demand_total, supply_total;
    size_t ncons, nsup, nseg, nassets, ncut;
    efn_flow_consumer *cons;
    efn_flow_supplier *sup;
    efn__flow_seg *seg;
    efn_flow_asset *assets;
    efn_cut_item *cut;
};

const char *efn_allocation_name(efn_allocation mode)
{
    switch (mode) {
    case EFN_ALLOC_MAX: return "max";
    case EFN_ALLOC_SHARED: return "shared";
    default: return NULL;
    }
}

int efn_allocation_parse(efn_allocation *out, const char *name)
{
    if (!out || !name)
        return efn__error(EFN_EARG, "efn_allocation_parse: NULL argument");
    if (strcmp(name, "max") == 0)
        *out = EFN_ALLOC_MAX;
    else if (strcmp(name, "shared") == 0)
        *out = EFN_ALLOC_SHARED;
    else
        return efn__error(EFN_EINVALID,
                          "unknown allocation mode '%s'; expected max or "
                          "shared",
                          name);
    return EFN_OK;
}

void efn_flow_free(efn_flow *f)
{
    if (!f)
        return;
    efn__free(f->cons);
    efn__free(f->sup);
    efn__free(f->seg);
    efn__free(f->assets);
    efn__free(f->cut);
    efn__free(f);
}

/* Below this, a flow is rounding noise: 1e-9 of the canonical unit is
 * 1 m3/y of gas. */
#define EFN_FLOW_EPS 1e-9

static double clean(double v)
{
    return fabs(v) < EFN_FLOW_EPS ? 0.0 : v;
}

/* |flow| / capacity; 0 when unbounded. */
static double utilisation(double flow, double capacity)
{
    return isinf(capacity) || capacity <= 0 ? 0.0 : fabs(flow) / capacity;
}

/* The minimum cut's items, in the order segments, supplies, demands (edge
 * order). */
static int fill_cut(efn_flow *f, const efn__fp *fp, const unsigned char *cut)
{
    size_t e, ncut = 0;
    for (e = 0; e < fp->nedges; e++)
        if (cut[e])
            ncut++;
    if (!(f->cut = efn__calloc(ncut ? ncut : 1, sizeof *f->cut)))
        return efn__nomem();
    for (e = 0; e < fp->nedges; e++) {
        efn_cut_item *c;
        if (!cut[e])
            continue;
        c = &f->cut[f->ncut++];
        c->capacity = fp->cap[e];
        if (e < fp->nseg) {
            c->kind = EFN_CUT_SEGMENT;
            c->asset = fp->seg[e].asset;
            c->segment = fp->seg[e].segment;
            c->from_node = fp->tail[e];
            c->to_node = fp->head[e];
        } else if (e < fp->nseg + fp->nsup) {
            c->kind = EFN_CUT_SUPPLY;
            c->node = fp->sup_node[e - fp->nseg];
        } else {
            c->kind = EFN_CUT_DEMAND;
            c->node = fp->cons_node[e - fp->nseg - fp->nsup];
        }
    }
    return EFN_OK;
}

/* Segments, assets, suppliers and consumers from the edges' flows. The
 * edges' ends are not read (efn_flow_run frees them first): a segment's
 * come from its asset's route. */
static int fill_result(efn_flow *f, const efn__fp *fp, const double *flow)
{
    const efn_network *net = fp->net;
    size_t e, i, nseg = 0;
    long *asset_slot;
    /* Segments: one per (asset, segment), the reverse edge folded in. */
    for (e = 0; e < fp->nseg; e++)
        if (!fp->seg[e].reverse)
            nseg++;
    f->cons = efn__calloc(fp->ncons, sizeof *f->cons);
    f->sup = efn__calloc(fp->nsup, sizeof *f->sup);
    f->seg = efn__calloc(nseg, sizeof *f->seg);
    f->assets = efn__calloc(net->nassets, sizeof *f->assets);
    asset_slot =
        efn__malloc((net->nassets ? net->nassets : 1) * sizeof *asset_slot);
    if (!f->cons || !f->sup || !f->seg || !f->assets || !asset_slot) {
        efn__free(asset_slot);
        return efn__nomem();
    }
    for (i = 0; i < net->nassets; i++)
        asset_slot[i] = -1;
    for (e = 0; e < fp->nseg; e++) {
        const efn__fp_seg *g = &fp->seg[e];
        const size_t *route = net->assets[g->asset].route;
        efn__flow_seg *s;
        efn_flow_asset *a;
        double fl, util;
        long p;
        if (g->reverse)
            continue;
        s = &f->seg[f->nseg++];
        s->asset = g->asset;
        s->segment = g->segment;
        s->from_node = (uint32_t)route[g->segment];
        s->to_node = (uint32_t)route[g->segment + 1];
        s->capacity = fp->cap[e];
        fl = flow[e];
        if ((p = efn__fp_pair(fp, e)) >= 0)
            fl -= flow[p];
        s->flow = clean(fl);
        util = utilisation(s->flow, s->capacity);
        if (asset_slot[g->asset] < 0) {
            asset_slot[g->asset] = (long)f->nassets;
            a = &f->assets[f->nassets++];
            a->asset = g->asset;
            efn_asset_quantity_get(&a->capacity, net, g->asset, EFN_CAPACITY,
                                   fp->year);
        }
        a = &f->assets[asset_slot[g->asset]];
        if (fabs(s->flow) > a->flow)
            a->flow = fabs(s->flow);
        if (util > a->utilisation)
            a->utilisation = util;
    }
    efn__free(asset_slot);
    for (i = 0; i < fp->nsup; i++) {
        size_t ee = fp->nseg + i;
        efn_flow_supplier *s = &f->sup[i];
        s->node = fp->sup_node[i];
        s->supply = fp->cap[ee];
        s->injected = clean(flow[ee]);
        s->spare = clean(s->supply - s->injected);
    }
    f->nsup = fp->nsup;
    for (i = 0; i < fp->ncons; i++) {
        size_t ee = fp->nseg + fp->nsup + i;
        efn_flow_consumer *c = &f->cons[i];
        c->node = fp->cons_node[i];
        c->demand = fp->cap[ee];
        c->delivered = clean(flow[ee]);
        c->unmet = clean(c->demand - c->delivered);
        c->fraction = c->demand > 0 ? c->delivered / c->demand : 0;
        f->delivered_total += c->delivered;
    }
    f->ncons = fp->ncons;
    return EFN_OK;
}

/* The options (NULL: the defaults) into *opt, checked; `fn` names the
 * caller in messages. */
static int check_options(efn_flow_options *opt, const efn_network *net,
                         const efn_flow_options *options, const char *fn)
{
    efn_flow_options defaults = EFN_FLOW_OPTIONS_INIT;
    *opt = options ? *options : defaults;
    if (!net)
        return efn__error(EFN_EARG, "%s: net is NULL", fn);
    if ((unsigned)opt->commodity >= EFN_COMMODITY_COUNT)
        return efn__error(EFN_EARG, "%s: unknown commodity %d", fn,
                          (int)opt->commodity);
    if (opt->mode != EFN_ALLOC_MAX && opt->mode != EFN_ALLOC_SHARED)
        return efn__error(EFN_EARG, "%s: unknown allocation mode %d", fn,
                          (int)opt->mode);
    return EFN_OK;
}

int efn_flow_maximum(const efn_network *net, const efn_flow_options *options,
                     double *value)
{
    efn_flow_options opt;
    int rc;
    if (!value)
        return efn__error(EFN_EARG, "efn_flow_maximum: value is NULL");
    *value = 0;
    if ((rc = check_options(&opt, net, options, "efn_flow_maximum")) != EFN_OK)
        return rc;
    /* no flow problem: the solver's arcs straight from the network */
    rc = efn__fp_max_value(net, opt.commodity, opt.year, value);
    if (rc != EFN_OK)
        *value = 0;
    return rc;
}

int efn_flow_run(efn_flow **out, const efn_network *net,
                 const efn_flow_options *options)
{
    efn_flow_options opt;
    efn__fp fp;
    efn_flow *f = NULL;
    double *alloc = NULL, path_mean = -1;
    unsigned char *cut = NULL;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_flow_run: out is NULL");
    *out = NULL;
    if ((rc = check_options(&opt, net, options, "efn_flow_run")) != EFN_OK)
        return rc;
    /* The least-cost solve's choice of method, probed before the problem
     * is built, so that the probe's workspace and the problem are never
     * held together (the peak of a large network's run). */
    if (opt.mode == EFN_ALLOC_MAX &&
        (rc = efn__fp_probe(net, opt.commodity, opt.year, &path_mean)) !=
            EFN_OK)
        return rc;
    if ((rc = efn__fp_build(&fp, net, opt.commodity, opt.year, NULL, NULL)) !=
        EFN_OK)
        return rc;
    fp.path_mean = path_mean;
    f = efn__calloc(1, sizeof *f);
    alloc = efn__calloc(fp.nedges ? fp.nedges : 1, sizeof *alloc);
    cut = efn__calloc(fp.nedges ? fp.nedges : 1, 1);
    if (!f || !alloc || !cut) {
        rc = efn__nomem();
        goto done;
    }
    f->net = net;
    f->commodity = opt.commodity;
    f->year = fp.year;
    f->mode = opt.mode;
    f->demand_total = fp.demand_total;
    f->supply_total = fp.supply_total;
    if (opt.mode == EFN_ALLOC_MAX) {
        /* One solve gives both: the least-cost maximum flow, and from it
         * the minimum cut (the same for every maximum flow). */
        if ((rc = efn__fp_allocate(&fp, NULL, opt.mode, alloc,
                                   &f->max_total)) != EFN_OK)
            goto done;
        /* not read from here on: room for the cut and the result */
        efn__free(fp.cost);
        fp.cost = NULL;
        if ((rc = efn__fp_cut(&fp, NULL, alloc, cut)) != EFN_OK)
            goto done;
    } else if ((rc = efn__fp_maxflow(&fp, NULL, &f->max_total, NULL, cut)) !=
                   EFN_OK ||
               (rc = efn__fp_allocate(&fp, NULL, opt.mode, alloc, NULL)) !=
                   EFN_OK)
        goto done;
    if ((rc = fill_cut(f, &fp, cut)) != EFN_OK)
        goto done;
    /* The cut's flags and the edges' ends are not read from here on: room
     * for the result. */
    efn__free(cut);
    cut = NULL;
    efn__free(fp.tail);
    efn__free(fp.head);
    fp.tail = fp.head = NULL;
    rc = fill_result(f, &fp, alloc);
done:
    efn__free(alloc);
    efn__free(cut);
    efn__fp_free(&fp);
    if (rc != EFN_OK) {
        efn_flow_free(f);
        return rc;
    }
    *out = f;
    return EFN_OK;
}

const efn_network *efn__flow_network(const efn_flow *f)
{
    return f ? f->net : NULL;
}

const efn__flow_seg *efn__flow_segments(const efn_flow *f, size_t *n)
{
    *n = f ? f->nseg : 0;
    return f ? f->seg : NULL;
}

const efn_flow_supplier *efn__flow_suppliers(const efn_flow *f, size_t *n)
{
    *n = f ? f->nsup : 0;
    return f ? f->sup : NULL;
}

const efn_flow_consumer *efn__flow_consumers(const efn_flow *f, size_t *n)
{
    *n = f ? f->ncons : 0;
    return f ? f->cons : NULL;
}

efn_commodity efn_flow_commodity(const efn_flow *f)
{
    return f ? f->commodity : EFN_GAS;
}

int efn_flow_year(const efn_flow *f)
{
    return f ? efn__year_out(f->year) : 0;
}

efn_allocation efn_flow_mode(const efn_flow *f)
{
    return f ? f->mode : EFN_ALLOC_MAX;
}

double efn_flow_max_total(const efn_flow *f)
{
    return f ? f->max_total : NAN;
}

double efn_flow_delivered_total(const efn_flow *f)
{
    return f ? f->delivered_total : NAN;
}

double efn_flow_demand_total(const efn_flow *f)
{
    return f ? f->demand_total : NAN;
}

double efn_flow_supply_total(const efn_flow *f)
{
    return f ? f->supply_total : NAN;
}

#define GETTER(name, type, field, count)                                       \
    int name(type *out, const efn_flow *f, size_t i)                           \
    {                                                                          \
        if (!out || !f)                                                        \
            return efn__error(EFN_EARG, #name ": NULL argument");              \
        if (i >= f->count)                                                     \
            return efn__error(EFN_ENOTFOUND,                                   \
                              #name ": index %zu out of "                      \
                                    "range (%zu)",                             \
                              i, f->count);                                    \
        *out = f->field[i];                                                    \
        return EFN_OK;                                                         \
    }

GETTER(efn_flow_consumer_get, efn_flow_consumer, cons, ncons)
GETTER(efn_flow_supplier_get, efn_flow_supplier, sup, nsup)

int efn_flow_segment_get(efn_flow_segment *out, const efn_flow *f, size_t i)
{
    const efn__flow_seg *s;
    if (!out || !f)
        return efn__error(EFN_EARG, "efn_flow_segment_get: NULL argument");
    if (i >= f->nseg)
        return efn__error(EFN_ENOTFOUND,
                          "efn_flow_segment_get: index %zu out of range (%zu)",
                          i, f->nseg);
    s = &f->seg[i];
    out->asset = s->asset;
    out->segment = s->segment;
    out->from_node = s->from_node;
    out->to_node = s->to_node;
    out->capacity = s->capacity;
    out->flow = s->flow;
    out->utilisation = utilisation(s->flow, s->capacity);
    return EFN_OK;
}
GETTER(efn_flow_asset_get, efn_flow_asset, assets, nassets)
GETTER(efn_flow_cut_get, efn_cut_item, cut, ncut)

size_t efn_flow_consumer_count(const efn_flow *f)
{
    return f ? f->ncons : 0;
}
size_t efn_flow_supplier_count(const efn_flow *f)
{
    return f ? f->nsup : 0;
}
size_t efn_flow_segment_count(const efn_flow *f)
{
    return f ? f->nseg : 0;
}
size_t efn_flow_asset_count(const efn_flow *f)
{
    return f ? f->nassets : 0;
}
size_t efn_flow_cut_count(const efn_flow *f)
{
    return f ? f->ncut : 0;
}

int efn_flow_consumer_find(efn_flow_consumer *out, const efn_flow *f,
                           size_t node)
{
    size_t i;
    if (!out || !f)
        return efn__error(EFN_EARG, "efn_flow_consumer_find: NULL argument");
    for (i = 0; i < f->ncons; i++)
        if (f->cons[i].node == node) {
            *out = f->cons[i];
            return EFN_OK;
        }
    return efn__error(EFN_ENOTFOUND,
                      "node %zu ('%s') is not a consumer of %s "
                      "in %d",
                      node,
                      node < f->net->nnodes ? f->net->nodes[node].id : "?",
                      efn_commodity_name(f->commodity), f->year);
}

/* ---- JSON --------------------------------------------------------------- */

/* Adds a number, null (NaN) or "unbounded" (+inf) under `key`; on failure
 * nothing leaks (the tree is then short, which efn__json_finish sees). */
static void add_num(cJSON *obj, const char *key, double v)
{
    cJSON *item;
    if (isnan(v))
        item = cJSON_CreateNull();
    else if (isinf(v))
        item = cJSON_CreateString("unbounded");
    else
        item = cJSON_CreateNumber(v);
    if (item && !cJSON_AddItemToObject(obj, key, item))
        cJSON_Delete(item);
}

static _Thread_local unsigned long json_mark;

cJSON *efn__json_root(void)
{
    efn__install_handlers(); /* cJSON's allocations counted from now on */
    json_mark = efn__alloc_failures();
    return cJSON_CreateObject();
}

int efn__json_finish(cJSON *root, char **out)
{
    int rc;
    if (!root)
        return efn__nomem();
    if (efn__alloc_failures() != json_mark) {
        cJSON_Delete(root);
        return efn__nomem();
    }
    rc = efn__json_print(root, 1, out);
    cJSON_Delete(root);
    return rc;
}

int efn_flow_to_json(char **out, const efn_flow *f)
{
    cJSON *root, *arr, *o;
    const efn_network *net;
    size_t i;
    int ok = 1;
    if (!out)
        return efn__error(EFN_EARG, "efn_flow_to_json: out is NULL");
    *out = NULL;
    if (!f)
        return efn__error(EFN_EARG, "efn_flow_to_json: flow is NULL");
    net = f->net;
    root = efn__json_root();
    if (!root)
        return efn__nomem();
    ok &= cJSON_AddStringToObject(root, "analysis", "flow") != NULL;
    ok &= cJSON_AddStringToObject(root, "commodity",
                                  efn_commodity_name(f->commodity)) != NULL;
    ok &= cJSON_AddStringToObject(root, "unit",
                                  efn_commodity_unit(f->commodity)) != NULL;
    efn__json_add_year(root, f->year);
    ok &= cJSON_AddStringToObject(root, "mode", efn_allocation_name(f->mode)) !=
          NULL;
    ok &= cJSON_AddNumberToObject(root, "max_total", f->max_total) != NULL;
    ok &= cJSON_AddNumberToObject(root, "delivered_total",
                                  f->delivered_total) != NULL;
    ok &=
        cJSON_AddNumberToObject(root, "demand_total", f->demand_total) != NULL;
    ok &=
        cJSON_AddNumberToObject(root, "supply_total", f->supply_total) != NULL;
    arr = cJSON_AddArrayToObject(root, "consumers");
    for (i = 0; arr && i < f->ncons; i++) {
        const efn_flow_consumer *c = &f->cons[i];
        o = cJSON_CreateObject();
        ok &= o && cJSON_AddItemToArray(arr, o);
        if (!o)
            break;
        cJSON_AddStringToObject(o, "node", net->nodes[c->node].id);
        cJSON_AddStringToObject(o, "country", net->nodes[c->node].country);
        cJSON_AddNumberToObject(o, "demand", c->demand);
        cJSON_AddNumberToObject(o, "delivered", c->delivered);
        cJSON_AddNumberToObject(o, "unmet", c->unmet);
        cJSON_AddNumberToObject(o, "fraction", c->fraction);
    }
    arr = cJSON_AddArrayToObject(root, "suppliers");
    for (i = 0; arr && i < f->nsup; i++) {
        const efn_flow_supplier *s = &f->sup[i];
        o = cJSON_CreateObject();
        ok &= o && cJSON_AddItemToArray(arr, o);
        if (!o)
            break;
        cJSON_AddStringToObject(o, "node", net->nodes[s->node].id);
        cJSON_AddStringToObject(o, "country", net->nodes[s->node].country);
        cJSON_AddNumberToObject(o, "supply", s->supply);
        cJSON_AddNumberToObject(o, "injected", s->injected);
        cJSON_AddNumberToObject(o, "spare", s->spare);
    }
    arr = cJSON_AddArrayToObject(root, "assets");
    for (i = 0; arr && i < f->nassets; i++) {
        const efn_flow_asset *a = &f->assets[i];
        o = cJSON_CreateObject();
        ok &= o && cJSON_AddItemToArray(arr, o);
        if (!o)
            break;
        cJSON_AddStringToObject(o, "asset", net->assets[a->asset].id);
        add_num(o, "capacity", a->capacity);
        cJSON_AddNumberToObject(o, "flow", a->flow);
        cJSON_AddNumberToObject(o, "utilisation", a->utilisation);
    }
    arr = cJSON_AddArrayToObject(root, "segments");
    for (i = 0; arr && i < f->nseg; i++) {
        const efn__flow_seg *s = &f->seg[i];
        o = cJSON_CreateObject();
        ok &= o && cJSON_AddItemToArray(arr, o);
        if (!o)
            break;
        cJSON_AddStringToObject(o, "asset", net->assets[s->asset].id);
        cJSON_AddNumberToObject(o, "segment", (double)s->segment);
        cJSON_AddStringToObject(o, "from", net->nodes[s->from_node].id);
        cJSON_AddStringToObject(o, "to", net->nodes[s->to_node].id);
        add_num(o, "capacity", s->capacity);
        cJSON_AddNumberToObject(o, "flow", s->flow);
        cJSON_AddNumberToObject(o, "utilisation",
                                utilisation(s->flow, s->capacity));
    }
    arr = cJSON_AddArrayToObject(root, "cut");
    for (i = 0; arr && i < f->ncut; i++) {
        const efn_cut_item *c = &f->cut[i];
        o = cJSON_CreateObject();
        ok &= o && cJSON_AddItemToArray(arr, o);
        if (!o)
            break;
        if (c->kind == EFN_CUT_SEGMENT) {
            cJSON_AddStringToObject(o, "kind", "segment");
            cJSON_AddStringToObject(o, "asset", net->assets[c->asset].id);
            cJSON_AddStringToObject(o, "from", net->nodes[c->from_node].id);
            cJSON_AddStringToObject(o, "to", net->nodes[c->to_node].id);
        } else {
            cJSON_AddStringToObject(
                o, "kind", c->kind == EFN_CUT_SUPPLY ? "supply" : "demand");
            cJSON_AddStringToObject(o, "node", net->nodes[c->node].id);
        }
        add_num(o, "capacity", c->capacity);
    }
    if (!ok) {
        cJSON_Delete(root);
        return efn__nomem();
    }
    return efn__json_finish(root, out);
}

/* ---- balance ------------------------------------------------------------ */

struct efn_balance {
    const efn_network *net;
    efn_commodity commodity;
    int year;
    size_t n, unobserved;
    efn_balance_node *nodes;
};

int efn_balance_run(efn_balance **out, const efn_network *net,
                    efn_commodity commodity, int year)
{
    efn_balance *b;
    double *in, *outf;
    unsigned char *touched;
    size_t i, s, k;
    if (!out)
        return efn__error(EFN_EARG, "efn_balance_run: out is NULL");
    *out = NULL;
    if (!net || (unsigned)commodity >= EFN_COMMODITY_COUNT)
        return efn__error(EFN_EARG, "efn_balance_run: bad argument");
    year = efn__resolve_year(net, year);
    b = efn__calloc(1, sizeof *b);
    in = efn__calloc(net->nnodes + 1, sizeof *in);
    outf = efn__calloc(net->nnodes + 1, sizeof *outf);
    touched = efn__calloc(net->nnodes + 1, 1);
    if (!b || !in || !outf || !touched) {
        efn__free(b);
        efn__free(in);
        efn__free(outf);
        efn__free(touched);
        return efn__nomem();
    }
    b->net = net;
    b->commodity = commodity;
    b->year = year;
    for (i = 0; i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        int observed = 0;
        if (a->commodity != commodity || !efn_asset_is_active(net, i, year))
            continue;
        for (s = 0; s + 1 < a->nroute; s++) {
            double f = efn__segment_value(net, i, s, EFN_FLOW, year);
            size_t u = a->route[s], v = a->route[s + 1];
            if (isnan(f))
                continue;
            observed = 1;
            if (f < 0) { /* cannot happen: quantities are >= 0 */
                size_t t = u;
                u = v;
                v = t;
                f = -f;
            }
            outf[u] += f;
            in[v] += f;
            touched[u] = touched[v] = 1;
        }
        if (!observed)
            b->unobserved++;
    }
    for (i = 0; i < net->nnodes; i++)
        if (touched[i])
            b->n++;
    b->nodes = efn__calloc(b->n ? b->n : 1, sizeof *b->nodes);
    if (!b->nodes) {
        efn__free(b);
        efn__free(in);
        efn__free(outf);
        efn__free(touched);
        return efn__nomem();
    }
    for (i = 0, k = 0; i < net->nnodes; i++) {
        efn_balance_node *bn;
        double sup, dem;
        if (!touched[i])
            continue;
        bn = &b->nodes[k++];
        bn->node = i;
        bn->inflow = in[i];
        bn->outflow = outf[i];
        bn->injection = outf[i] > in[i] ? outf[i] - in[i] : 0;
        bn->withdrawal = in[i] > outf[i] ? in[i] - outf[i] : 0;
        sup = efn__qty_at(efn__node_q(&net->nodes[i], EFN_SUPPLY, commodity),
                          year);
        dem = efn__qty_at(efn__node_q(&net->nodes[i], EFN_DEMAND, commodity),
                          year);
        bn->supply = isnan(sup) ? 0 : sup;
        bn->demand = isnan(dem) ? 0 : dem;
        if (isnan(sup) && isnan(dem))
            bn->imbalance = fabs(in[i] - outf[i]);
        else
            bn->imbalance =
                (bn->injection > bn->supply ? bn->injection - bn->supply : 0) +
                (bn->withdrawal > bn->demand ? bn->withdrawal - bn->demand : 0);
        bn->imbalance = clean(bn->imbalance);
    }
    efn__free(in);
    efn__free(outf);
    efn__free(touched);
    *out = b;
    return EFN_OK;
}

void efn_balance_free(efn_balance *b)
{
    if (!b)
        return;
    efn__free(b->nodes);
    efn__free(b);
}

size_t efn_balance_node_count(const efn_balance *b)
{
    return b ? b->n : 0;
}

size_t efn_balance_unobserved_count(const efn_balance *b)
{
    return b ? b->unobserved : 0;
}

int efn_balance_node_get(efn_balance_node *out, const efn_balance *b, size_t i)
{
    if (!out || !b)
        return efn__error(EFN_EARG, "efn_balance_node_get: NULL argument");
    if (i >= b->n)
        return efn__error(EFN_ENOTFOUND,
                          "efn_balance_node_get: index %zu out of range (%zu)",
                          i, b->n);
    *out = b->nodes[i];
    return EFN_OK;
}

int efn_balance_to_json(char **out, const efn_balance *b)
{
    cJSON *root, *arr;
    size_t i;
    if (!out)
        return efn__error(EFN_EARG, "efn_balance_to_json: out is NULL");
    *out = NULL;
    if (!b)
        return efn__error(EFN_EARG, "efn_balance_to_json: balance is NULL");
    root = efn__json_root();
    if (!root)
        return efn__nomem();
    cJSON_AddStringToObject(root, "analysis", "balance");
    cJSON_AddStringToObject(root, "commodity",
                            efn_commodity_name(b->commodity));
    cJSON_AddStringToObject(root, "unit", efn_commodity_unit(b->commodity));
    efn__json_add_year(root, b->year);
    cJSON_AddNumberToObject(root, "unobserved_assets", (double)b->unobserved);
    arr = cJSON_AddArrayToObject(root, "nodes");
    for (i = 0; arr && i < b->n; i++) {
        const efn_balance_node *n = &b->nodes[i];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            cJSON_Delete(root);
            return efn__nomem();
        }
        cJSON_AddStringToObject(o, "node", b->net->nodes[n->node].id);
        cJSON_AddNumberToObject(o, "inflow", n->inflow);
        cJSON_AddNumberToObject(o, "outflow", n->outflow);
        cJSON_AddNumberToObject(o, "injection", n->injection);
        cJSON_AddNumberToObject(o, "withdrawal", n->withdrawal);
        cJSON_AddNumberToObject(o, "supply", n->supply);
        cJSON_AddNumberToObject(o, "demand", n->demand);
        cJSON_AddNumberToObject(o, "imbalance", n->imbalance);
    }
    return efn__json_finish(root, out);
}
