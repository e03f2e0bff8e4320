/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * n1.c: N-1 by removal, and the EU infrastructure standard.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowcore.h"
#include "maxflow.h"
#include "maxvalue.h"

struct efn_n1 {
    const efn_network *net;
    efn_commodity commodity;
    int year;
    double base_total;
    size_t ncons, nentries;
    size_t *cons_node;
    double *standalone; /* ncons */
    efn_n1_entry *entries;
    double *cons_loss; /* nentries x ncons, in ranked order */
};

void efn_n1_free(efn_n1 *n)
{
    if (!n)
        return;
    efn__free(n->cons_node);
    efn__free(n->standalone);
    efn__free(n->entries);
    efn__free(n->cons_loss);
    efn__free(n);
}

/* Below this a flow is rounding noise (1 m3/y of gas). */
#define EFN_N1_EPS 1e-9

/* A removal: which edges of the flow problem it takes away. */
typedef struct removal {
    efn_n1_kind kind;
    size_t index;
    const char *id;
} removal;

static int asset_crosses(const efn_network *net, size_t a, const char *country)
{
    size_t k;
    for (k = 0; k < net->assets[a].nroute; k++)
        if (strcmp(net->nodes[net->assets[a].route[k]].country, country) == 0)
            return 1;
    return 0;
}

/* Lists the edges a removal takes away in `list`; returns how many.
 * An asset's edges are one run (efn__fp_build adds them asset by asset),
 * found from `asset_first` (nassets + 1 entries). */
static size_t list_edges(const efn__fp *fp, const removal *r,
                         const size_t *asset_first, size_t *list)
{
    size_t e, n = 0;
    if (r->kind == EFN_N1_ASSET) {
        for (e = asset_first[r->index]; e < asset_first[r->index + 1]; e++)
            list[n++] = e;
        return n;
    }
    for (e = 0; e < fp->nseg; e++) {
        const efn__fp_seg *g = &fp->seg[e];
        int hit;
        if (r->kind == EFN_N1_NODE)
            hit = fp->tail[e] == r->index || fp->head[e] == r->index;
        else
            hit = asset_crosses(fp->net, g->asset, r->id);
        if (hit)
            list[n++] = e;
    }
    if (r->kind == EFN_N1_NODE) {
        for (e = 0; e < fp->nsup; e++)
            if (fp->sup_node[e] == r->index)
                list[n++] = fp->nseg + e;
        for (e = 0; e < fp->ncons; e++)
            if (fp->cons_node[e] == r->index)
                list[n++] = fp->nseg + fp->nsup + e;
    }
    return n;
}

static int carries_flow(const size_t *list, size_t n, const double *flow)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (flow[list[k]] > EFN_N1_EPS)
            return 1;
    return 0;
}

/* Consumer `only`'s maximum flow with the `n` edges of `list` at zero and
 * every other consumer's arc at zero too. */
static int solve(const efn__fp *fp, const size_t *list, size_t n, long only,
                 double *cap, double *value)
{
    size_t e;
    for (e = 0; e < fp->nedges; e++)
        cap[e] = fp->cap[e];
    for (e = 0; e < n; e++)
        cap[list[e]] = 0.0;
    for (e = 0; e < fp->ncons; e++)
        if ((long)e != only)
            cap[fp->nseg + fp->nsup + e] = 0.0;
    return efn__fp_maxflow(fp, cap, value, NULL, NULL);
}

static int cmp_entry(const void *a, const void *b)
{
    const efn_n1_entry *x = a, *y = b;
    if (x->loss != y->loss)
        return x->loss < y->loss ? 1 : -1;
    if (x->kind != y->kind)
        return (int)x->kind - (int)y->kind;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    return strcmp(x->id, y->id);
}

typedef struct ranked {
    efn_n1_entry entry;
    size_t slot; /* its row in the unranked loss table */
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    return cmp_entry(&((const ranked *)a)->entry, &((const ranked *)b)->entry);
}

int efn_n1_run(efn_n1 **out, const efn_network *net,
               const efn_n1_options *options)
{
    efn_n1_options opt = EFN_N1_OPTIONS_INIT;
    efn__fp fp;
    efn_n1 *n = NULL;
    removal *rem = NULL;
    ranked *rk = NULL;
    double *cap = NULL, *base_flow = NULL, *cons_flow = NULL, *loss = NULL;
    size_t *list = NULL, *asset_first = NULL, nlist, ncons;
    efn__mf mf;
    efn__mv mv;
    size_t nrem = 0, i, j, k;
    int rc;
    memset(&mf, 0, sizeof mf);
    memset(&mv, 0, sizeof mv);
    if (!out)
        return efn__error(EFN_EARG, "efn_n1_run: out is NULL");
    *out = NULL;
    if (!net)
        return efn__error(EFN_EARG, "efn_n1_run: net is NULL");
    if (options)
        opt = *options;
    if ((unsigned)opt.commodity >= EFN_COMMODITY_COUNT)
        return efn__error(EFN_EARG, "efn_n1_run: unknown commodity");
    if (!opt.scope)
        opt.scope = EFN_N1_ASSETS;
    if ((rc = efn__fp_build(&fp, net, opt.commodity, opt.year, NULL, NULL)) !=
        EFN_OK)
        return rc;
    n = efn__calloc(1, sizeof *n);
    rem = efn__calloc(net->nassets + 2 * net->nnodes + 1, sizeof *rem);
    cap = efn__calloc(fp.nedges + 1, sizeof *cap);
    base_flow = efn__calloc(fp.nedges + 1, sizeof *base_flow);
    /* Each consumer's own flow, kept to tell which removals touch it. */
    ncons = opt.totals_only ? 0 : fp.ncons;
    if (ncons && fp.nedges > SIZE_MAX / sizeof *cons_flow / ncons) {
        rc = efn__nomem();
        goto done;
    }
    cons_flow = efn__calloc(fp.nedges * ncons + 1, sizeof *cons_flow);
    list = efn__calloc(fp.nedges + 1, sizeof *list);
    asset_first = efn__calloc(net->nassets + 2, sizeof *asset_first);
    if (!n || !rem || !cap || !base_flow || !cons_flow || !list ||
        !asset_first) {
        rc = efn__nomem();
        goto done;
    }
    n->net = net;
    n->commodity = opt.commodity;
    n->year = fp.year;
    n->ncons = ncons;
    /* asset_first[a]: the first edge of asset a, or of the next asset
     * with edges (segment edges come asset by asset, in index order). */
    for (i = 0, k = 0; i <= net->nassets; i++) {
        while (k < fp.nseg && fp.seg[k].asset < i)
            k++;
        asset_first[i] = k;
    }

    /* What to remove: active assets with segments in the problem; nodes
     * that touch it; countries of those nodes, each once. */
    if (opt.scope & EFN_N1_ASSETS) {
        for (i = 0; i < net->nassets; i++) {
            if (asset_first[i] < asset_first[i + 1]) {
                rem[nrem].kind = EFN_N1_ASSET;
                rem[nrem].index = i;
                rem[nrem].id = net->assets[i].id;
                nrem++;
            }
        }
    }
    if (opt.scope & (EFN_N1_NODES | EFN_N1_COUNTRIES)) {
        unsigned char *touch = efn__calloc(net->nnodes + 1, 1);
        if (!touch) {
            rc = efn__nomem();
            goto done;
        }
        for (k = 0; k < fp.nseg; k++)
            touch[fp.tail[k]] = touch[fp.head[k]] = 1;
        for (k = 0; k < fp.nsup; k++)
            touch[fp.sup_node[k]] = 1;
        for (k = 0; k < fp.ncons; k++)
            touch[fp.cons_node[k]] = 1;
        if (opt.scope & EFN_N1_NODES)
            for (i = 0; i < net->nnodes; i++)
                if (touch[i]) {
                    rem[nrem].kind = EFN_N1_NODE;
                    rem[nrem].index = i;
                    rem[nrem].id = net->nodes[i].id;
                    nrem++;
                }
        if (opt.scope & EFN_N1_COUNTRIES)
            for (i = 0; i < net->nnodes; i++) {
                size_t q;
                if (!touch[i])
                    continue;
                for (q = 0; q < i; q++)
                    if (touch[q] && strcmp(net->nodes[q].country,
                                           net->nodes[i].country) == 0)
                        break;
                if (q < i)
                    continue;
                rem[nrem].kind = EFN_N1_COUNTRY;
                rem[nrem].index = 0;
                rem[nrem].id = net->nodes[i].country;
                nrem++;
            }
        efn__free(touch);
    }

    n->cons_node = efn__calloc(ncons + 1, sizeof *n->cons_node);
    n->standalone = efn__calloc(ncons + 1, sizeof *n->standalone);
    n->entries = efn__calloc(nrem + 1, sizeof *n->entries);
    loss = efn__calloc((nrem + 1) * (ncons + 1), sizeof *loss);
    n->cons_loss = efn__calloc((nrem + 1) * (ncons + 1), sizeof *loss);
    rk = efn__calloc(nrem + 1, sizeof *rk);
    if (!n->cons_node || !n->standalone || !n->entries || !loss ||
        !n->cons_loss || !rk) {
        rc = efn__nomem();
        goto done;
    }

    /* The intact network: one maximum flow for the system, one per
     * consumer on its own, each with its flow to tell which elements it
     * does not use. */
    if (fp.nsup && fp.ncons) {
        /* The system's maximum flow, kept for the repairs below. */
        efn__fp_finite_caps(&fp, fp.cap, cap);
        if ((rc = efn__mf_init(&mf, fp.nnodes + 2, fp.nedges, fp.tail,
                               fp.head)) != EFN_OK ||
            (rc = efn__mf_solve(&mf, fp.source, fp.sink, cap, &n->base_total,
                                base_flow, NULL)) != EFN_OK)
            goto done;
        efn__mf_free(&mf);
        /* Kept on compact arcs (a bidirectional segment's two edges share
         * one arc pair) for the repairs. */
        if ((rc = efn__fp_mv_init(&mv, &fp)) != EFN_OK ||
            (rc = efn__mv_keep(&mv, fp.source, fp.sink, cap, base_flow,
                               n->base_total)) != EFN_OK)
            goto done;
    }
    for (j = 0; j < ncons; j++) {
        double *fj = cons_flow + j * fp.nedges;
        n->cons_node[j] = fp.cons_node[j];
        for (k = 0; k < fp.nedges; k++)
            cap[k] = fp.cap[k];
        for (k = 0; k < fp.ncons; k++)
            if (k != j)
                cap[fp.nseg + fp.nsup + k] = 0;
        if ((rc = efn__fp_maxflow(&fp, cap, &n->standalone[j], fj, NULL)) !=
            EFN_OK)
            goto done;
    }

    for (i = 0; i < nrem; i++) {
        efn_n1_entry *en = &n->entries[i];
        double after = n->base_total;
        en->kind = rem[i].kind;
        en->index = rem[i].index;
        en->id = rem[i].id;
        nlist = list_edges(&fp, &rem[i], asset_first, list);
        if (carries_flow(list, nlist, base_flow)) {
            if ((rc = efn__mv_without(&mv, list, nlist, &after)) != EFN_OK)
                goto done;
            en->recomputed = 1;
        }
        en->total_after = after;
        en->loss = n->base_total - after;
        if (en->loss < EFN_N1_EPS)
            en->loss = 0;
        for (j = 0; j < ncons; j++) {
            double sa = n->standalone[j];
            if (carries_flow(list, nlist, cons_flow + j * fp.nedges)) {
                if ((rc = solve(&fp, list, nlist, (long)j, cap, &sa)) != EFN_OK)
                    goto done;
                en->recomputed = 1;
            }
            loss[i * ncons + j] =
                n->standalone[j] - sa < EFN_N1_EPS ? 0 : n->standalone[j] - sa;
        }
    }

    /* Rank, carrying each entry's row of consumer losses along. */
    for (i = 0; i < nrem; i++) {
        rk[i].entry = n->entries[i];
        rk[i].slot = i;
    }
    qsort(rk, nrem, sizeof *rk, cmp_ranked);
    for (i = 0; i < nrem; i++) {
        n->entries[i] = rk[i].entry;
        for (j = 0; j < ncons; j++)
            n->cons_loss[i * ncons + j] = loss[rk[i].slot * ncons + j];
    }
    n->nentries = nrem;
done:
    efn__free(rem);
    efn__free(rk);
    efn__free(cap);
    efn__free(base_flow);
    efn__free(cons_flow);
    efn__free(loss);
    efn__free(list);
    efn__free(asset_first);
    efn__mf_free(&mf);
    efn__mv_free(&mv);
    efn__fp_free(&fp);
    if (rc != EFN_OK) {
        efn_n1_free(n);
        return rc;
    }
    *out = n;
    return EFN_OK;
}

efn_commodity efn_n1_commodity(const efn_n1 *n)
{
    return n ? n->commodity : EFN_GAS;
}

int efn_n1_year(const efn_n1 *n)
{
    return n ? efn__year_out(n->year) : 0;
}

double efn_n1_base_total(const efn_n1 *n)
{
    return n ? n->base_total : NAN;
}

size_t efn_n1_entry_count(const efn_n1 *n)
{
    return n ? n->nentries : 0;
}

int efn_n1_entry_get(efn_n1_entry *out, const efn_n1 *n, size_t i)
{
    if (!out || !n)
        return efn__error(EFN_EARG, "efn_n1_entry_get: NULL argument");
    if (i >= n->nentries)
        return efn__error(EFN_ENOTFOUND, "N-1 entry %zu out of range (%zu)", i,
                          n->nentries);
    *out = n->entries[i];
    return EFN_OK;
}

size_t efn_n1_consumer_count(const efn_n1 *n)
{
    return n ? n->ncons : 0;
}

int efn_n1_consumer_get(size_t *out_node, double *out_standalone,
                        const efn_n1 *n, size_t j)
{
    if (!out_node || !out_standalone || !n)
        return efn__error(EFN_EARG, "efn_n1_consumer_get: NULL argument");
    if (j >= n->ncons)
        return efn__error(EFN_ENOTFOUND, "consumer %zu out of range (%zu)", j,
                          n->ncons);
    *out_node = n->cons_node[j];
    *out_standalone = n->standalone[j];
    return EFN_OK;
}

int efn_n1_consumer_loss(double *out, const efn_n1 *n, size_t i, size_t j)
{
    if (!out || !n)
        return efn__error(EFN_EARG, "efn_n1_consumer_loss: NULL argument");
    if (i >= n->nentries || j >= n->ncons)
        return efn__error(EFN_ENOTFOUND,
                          "N-1 entry %zu or consumer %zu out of range", i, j);
    *out = n->cons_loss[i * n->ncons + j];
    return EFN_OK;
}

static const char *kind_name(efn_n1_kind k)
{
    return k == EFN_N1_ASSET ? "asset" : k == EFN_N1_NODE ? "node" : "country";
}

int efn_n1_to_json(char **out, const efn_n1 *n)
{
    cJSON *root, *arr, *cons;
    size_t i, j;
    if (!out)
        return efn__error(EFN_EARG, "efn_n1_to_json: out is NULL");
    *out = NULL;
    if (!n)
        return efn__error(EFN_EARG, "efn_n1_to_json: n1 is NULL");
    root = efn__json_root();
    if (!root)
        return efn__nomem();
    cJSON_AddStringToObject(root, "analysis", "n1");
    cJSON_AddStringToObject(root, "commodity",
                            efn_commodity_name(n->commodity));
    cJSON_AddStringToObject(root, "unit", efn_commodity_unit(n->commodity));
    efn__json_add_year(root, n->year);
    cJSON_AddNumberToObject(root, "base_total", n->base_total);
    cons = cJSON_AddArrayToObject(root, "consumers");
    for (j = 0; cons && j < n->ncons; j++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(cons, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(o, "node", n->net->nodes[n->cons_node[j]].id);
        cJSON_AddNumberToObject(o, "standalone", n->standalone[j]);
    }
    arr = cJSON_AddArrayToObject(root, "entries");
    for (i = 0; arr && i < n->nentries; i++) {
        const efn_n1_entry *e = &n->entries[i];
        cJSON *o = cJSON_CreateObject(), *cl;
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddNumberToObject(o, "rank", (double)(i + 1));
        cJSON_AddStringToObject(o, "kind", kind_name(e->kind));
        cJSON_AddStringToObject(o, "id", e->id);
        cJSON_AddNumberToObject(o, "total_after", e->total_after);
        cJSON_AddNumberToObject(o, "loss", e->loss);
        cJSON_AddBoolToObject(o, "recomputed", e->recomputed);
        cl = cJSON_AddObjectToObject(o, "consumer_loss");
        for (j = 0; cl && j < n->ncons; j++)
            cJSON_AddNumberToObject(cl, n->net->nodes[n->cons_node[j]].id,
                                    n->cons_loss[i * n->ncons + j]);
    }
    return efn__json_finish(root, out);
}

/* ---- EU infrastructure standard ---------------------------------------- */

/* bcm/y to mcm/d: 1000 mcm per bcm over 365 days. */
#define MCM_D(bcm_y) ((bcm_y)*1000.0 / 365.0)

int efn_eu_n1_compute(efn_eu_n1 *out, const efn_network *net,
                      const char *country, int year, double peak_factor)
{
    size_t i, s, nodes_in = 0;
    double annual = 0, peak = 0, best = -1;
    int have_peak = 0;
    if (!out || !net || !country)
        return efn__error(EFN_EARG, "efn_eu_n1_compute: NULL argument");
    memset(out, 0, sizeof *out);
    year = efn__resolve_year(net, year);
    if (peak_factor <= 0 || !isfinite(peak_factor))
        peak_factor = EFN_DEFAULT_PEAK_FACTOR;
    out->year = efn__year_out(year);
    out->n1_percent = NAN;
    for (i = 0; i < net->nnodes; i++) {
        const efn__node *n = &net->nodes[i];
        double sup, dem, pk;
        if (strcmp(n->country, country) != 0)
            continue;
        if (!out->country)
            out->country = n->country;
        nodes_in++;
        if (!n->enabled)
            continue;
        sup = efn__qty_at(efn__node_q(n, EFN_SUPPLY, EFN_GAS), year);
        dem = efn__qty_at(efn__node_q(n, EFN_DEMAND, EFN_GAS), year);
        pk = efn__qty_at(efn__node_q(n, EFN_PEAK_DEMAND, EFN_GAS), year);
        if (!isnan(dem))
            annual += dem;
        if (!isnan(pk)) {
            peak += pk;
            have_peak = 1;
        }
        if (!isnan(sup) && sup > 0) {
            double m = MCM_D(sup);
            switch (n->kind) {
            case EFN_NODE_FIELD: out->pm_mcm_d += m; break;
            case EFN_NODE_STORAGE: out->sm_mcm_d += m; break;
            case EFN_NODE_LNG: out->lngm_mcm_d += m; break;
            default: out->epm_mcm_d += m; break;
            }
            if (m > best) {
                best = m;
                out->im_is_asset = 0;
                out->im_index = i;
            }
        }
    }
    if (!nodes_in)
        return efn__error(EFN_ENOTFOUND, "%s: no node in country '%s'",
                          net->source, country);
    /* Entry capacity: segments from outside the country into it. */
    for (i = 0; i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        double entry = 0;
        if (a->commodity != EFN_GAS || !efn_asset_is_active(net, i, year))
            continue;
        for (s = 0; s + 1 < a->nroute; s++) {
            const efn__node *u = &net->nodes[a->route[s]];
            const efn__node *v = &net->nodes[a->route[s + 1]];
            int in_fwd = strcmp(u->country, country) != 0 &&
                         strcmp(v->country, country) == 0;
            int in_rev = a->bidirectional && strcmp(v->country, country) != 0 &&
                         strcmp(u->country, country) == 0;
            double cap;
            if (!in_fwd && !in_rev)
                continue;
            if (!u->enabled || !v->enabled)
                continue;
            cap = efn__segment_value(net, i, s, EFN_CAPACITY, year);
            if (isinf(cap))
                return efn__error(EFN_EINVALID,
                                  "%s: asset '%s' enters %s with no capacity; "
                                  "the N-1 formula needs a technical capacity "
                                  "for every entry point",
                                  net->source, a->id, country);
            entry += cap;
        }
        if (entry > 0) {
            double m = MCM_D(entry);
            out->epm_mcm_d += m;
            if (m > best) {
                best = m;
                out->im_is_asset = 1;
                out->im_index = i;
            }
        }
    }
    out->im_mcm_d = best > 0 ? best : 0;
    if (!(best > 0)) {
        out->im_is_asset = 0;
        out->im_index = SIZE_MAX; /* no infrastructure at all */
    }
    if (have_peak) {
        out->dmax_mcm_d = MCM_D(peak);
    } else {
        out->dmax_estimated = 1;
        out->peak_factor = peak_factor;
        out->dmax_mcm_d = MCM_D(annual) * peak_factor;
    }
    if (!(out->dmax_mcm_d > 0))
        return efn__error(EFN_EINVALID,
                          "%s: country '%s' has no gas demand or peak_demand "
                          "in %d; N-1 divides by Dmax",
                          net->source, country, year);
    out->n1_percent = (out->epm_mcm_d + out->pm_mcm_d + out->sm_mcm_d +
                       out->lngm_mcm_d - out->im_mcm_d) /
                      out->dmax_mcm_d * 100.0;
    return EFN_OK;
}

int efn_eu_n1_to_json(char **out, const efn_eu_n1 *eu, const efn_network *net)
{
    cJSON *root;
    if (!out)
        return efn__error(EFN_EARG, "efn_eu_n1_to_json: out is NULL");
    *out = NULL;
    if (!eu || !net)
        return efn__error(EFN_EARG, "efn_eu_n1_to_json: NULL argument");
    root = efn__json_root();
    if (!root)
        return efn__nomem();
    cJSON_AddStringToObject(root, "analysis", "eu_n1");
    cJSON_AddStringToObject(root, "country", eu->country ? eu->country : "");
    efn__json_add_year(root, eu->year);
    cJSON_AddStringToObject(root, "unit", "mcm/d");
    cJSON_AddNumberToObject(root, "EPm", eu->epm_mcm_d);
    cJSON_AddNumberToObject(root, "Pm", eu->pm_mcm_d);
    cJSON_AddNumberToObject(root, "Sm", eu->sm_mcm_d);
    cJSON_AddNumberToObject(root, "LNGm", eu->lngm_mcm_d);
    cJSON_AddNumberToObject(root, "Im", eu->im_mcm_d);
    if (eu->im_index == SIZE_MAX)
        cJSON_AddNullToObject(root, "Im_from");
    else
        cJSON_AddStringToObject(root, "Im_from",
                                eu->im_is_asset ? net->assets[eu->im_index].id
                                                : net->nodes[eu->im_index].id);
    cJSON_AddNumberToObject(root, "Dmax", eu->dmax_mcm_d);
    cJSON_AddBoolToObject(root, "Dmax_estimated", eu->dmax_estimated);
    if (eu->dmax_estimated)
        cJSON_AddNumberToObject(root, "peak_factor", eu->peak_factor);
    cJSON_AddNumberToObject(root, "n1_percent", eu->n1_percent);
    return efn__json_finish(root, out);
}
