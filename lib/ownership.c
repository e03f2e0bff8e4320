/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * ownership.c: look-through ownership L = (I - W)^-1 and stake-weighted
 * capacity and throughput.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>

#include "model.h"

struct efn_ownership {
    const efn_network *net;
    int year;
    size_t n, nassets, ncountry;
    double *L;        /* n x n */
    double *own;      /* n x nassets, percent */
    double *listed;   /* nassets, percent */
    double *ultimate; /* nassets, percent */
    const char **country;
    size_t *owner_country; /* n: country index of ultimate owners */
    /* per owner and commodity: capacity, throughput */
    double *cap, *thr; /* n x EFN_COMMODITY_COUNT */
};

void efn_ownership_free(efn_ownership *o)
{
    if (!o)
        return;
    efn__free(o->L);
    efn__free(o->own);
    efn__free(o->listed);
    efn__free(o->ultimate);
    efn__free(o->country);
    efn__free(o->owner_country);
    efn__free(o->cap);
    efn__free(o->thr);
    efn__free(o);
}

static int inverse_finite(const gsl_matrix *m)
{
    size_t i, k;
    for (i = 0; i < m->size1; i++)
        for (k = 0; k < m->size2; k++)
            if (!isfinite(gsl_matrix_get(m, i, k)))
                return 0;
    return 1;
}

static int invert(efn_ownership *o)
{
    const efn_network *net = o->net;
    size_t n = o->n, i, k;
    gsl_matrix *A, *inv;
    gsl_permutation *p;
    int sign, rc = EFN_OK;
    if (n == 0)
        return EFN_OK;
    A = gsl_matrix_alloc(n, n);
    inv = gsl_matrix_alloc(n, n);
    p = gsl_permutation_alloc(n);
    if (!A || !inv || !p) {
        rc = efn__nomem();
        goto done;
    }
    gsl_matrix_set_identity(A);
    /* A = I - W, W[i][j] = share of owner j held by owner i. */
    for (k = 0; k < n; k++) {
        const efn__owner *ow = &net->owners[k];
        for (i = 0; i < ow->nparents; i++) {
            size_t par = ow->parents[i].owner;
            gsl_matrix_set(A, par, k,
                           gsl_matrix_get(A, par, k) -
                               ow->parents[i].share / 100.0);
        }
    }
    /* Validation has rejected every block of owners that holds itself
     * wholly, so I - W is invertible; a failed or non-finite inverse is
     * still caught. (A determinant threshold would wrongly reject many
     * independent, well-conditioned blocks whose product is tiny.) */
    if (gsl_linalg_LU_decomp(A, p, &sign) != GSL_SUCCESS ||
        gsl_linalg_LU_invert(A, p, inv) != GSL_SUCCESS ||
        !inverse_finite(inv)) {
        rc = efn__error(EFN_ERROR,
                        "%s: the ownership matrix I - W is "
                        "singular",
                        net->source);
        goto done;
    }
    for (i = 0; i < n; i++)
        for (k = 0; k < n; k++)
            o->L[i * n + k] = gsl_matrix_get(inv, i, k);
done:
    gsl_matrix_free(A);
    gsl_matrix_free(inv);
    gsl_permutation_free(p);
    return rc;
}

/* The asset's throughput: from `flow` when it covers the asset, else its
 * observed flow (the asset's, else its largest segment's), else 0. */
static double throughput(const efn_network *net, size_t a, int year,
                         const efn_flow *flow)
{
    double best = NAN;
    size_t i, s;
    if (flow && efn_flow_commodity(flow) == net->assets[a].commodity) {
        for (i = 0; i < efn_flow_asset_count(flow); i++) {
            efn_flow_asset fa;
            efn_flow_asset_get(&fa, flow, i);
            if (fa.asset == a)
                return fa.flow;
        }
        return 0;
    }
    best = efn__qty_at(&net->assets[a].flow, year);
    if (!isnan(best))
        return best;
    for (s = 0; s + 1 < net->assets[a].nroute; s++) {
        double f = efn__segment_value(net, a, s, EFN_FLOW, year);
        if (!isnan(f) && (isnan(best) || f > best))
            best = f;
    }
    return isnan(best) ? 0 : best;
}

int efn_ownership_run(efn_ownership **out, const efn_network *net, int year,
                      const efn_flow *flow)
{
    efn_ownership *o;
    size_t i, a, k;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_ownership_run: out is NULL");
    *out = NULL;
    if (!net)
        return efn__error(EFN_EARG, "efn_ownership_run: net is NULL");
    efn__install_handlers();
    year = efn__resolve_year(net, year);
    o = efn__calloc(1, sizeof *o);
    if (!o)
        return efn__nomem();
    o->net = net;
    o->year = year;
    o->n = net->nowners;
    o->nassets = net->nassets;
    o->L = efn__calloc(o->n * o->n + 1, sizeof *o->L);
    o->own = efn__calloc(o->n * o->nassets + 1, sizeof *o->own);
    o->listed = efn__calloc(o->nassets + 1, sizeof *o->listed);
    o->ultimate = efn__calloc(o->nassets + 1, sizeof *o->ultimate);
    o->country = efn__calloc(o->n + 1, sizeof *o->country);
    o->owner_country = efn__calloc(o->n + 1, sizeof *o->owner_country);
    o->cap = efn__calloc(o->n * EFN_COMMODITY_COUNT + 1, sizeof *o->cap);
    o->thr = efn__calloc(o->n * EFN_COMMODITY_COUNT + 1, sizeof *o->thr);
    if (!o->L || !o->own || !o->listed || !o->ultimate || !o->country ||
        !o->owner_country || !o->cap || !o->thr) {
        efn_ownership_free(o);
        return efn__nomem();
    }
    if ((rc = invert(o)) != EFN_OK) {
        efn_ownership_free(o);
        return rc;
    }
    for (i = 0; i < o->n; i++) {
        const char *c = net->owners[i].country;
        if (net->owners[i].nparents)
            continue;
        for (k = 0; k < o->ncountry; k++)
            if (strcmp(o->country[k], c) == 0)
                break;
        if (k == o->ncountry)
            o->country[o->ncountry++] = c;
        o->owner_country[i] = k;
    }
    for (a = 0; a < o->nassets; a++) {
        size_t ns = efn_asset_stake_count(net, a, year);
        int active = efn_asset_is_active(net, a, year);
        double cap = NAN, thr = 0;
        efn_commodity com = net->assets[a].commodity;
        if (active) {
            efn_asset_quantity_get(&cap, net, a, EFN_CAPACITY, year);
            thr = throughput(net, a, year, flow);
        }
        for (k = 0; k < ns; k++) {
            size_t holder;
            double share;
            efn_asset_stake(&holder, &share, net, a, year, k);
            o->listed[a] += share;
            for (i = 0; i < o->n; i++)
                o->own[i * o->nassets + a] += o->L[i * o->n + holder] * share;
        }
        for (i = 0; i < o->n; i++) {
            double pct = o->own[i * o->nassets + a];
            if (fabs(pct) < 1e-12)
                o->own[i * o->nassets + a] = pct = 0;
            if (!net->owners[i].nparents)
                o->ultimate[a] += pct;
            if (active && pct > 0) {
                if (isfinite(cap))
                    o->cap[i * EFN_COMMODITY_COUNT + com] += pct / 100 * cap;
                o->thr[i * EFN_COMMODITY_COUNT + com] += pct / 100 * thr;
            }
        }
    }
    *out = o;
    return EFN_OK;
}

int efn_ownership_year(const efn_ownership *o)
{
    return o ? efn__year_out(o->year) : 0;
}

static int check(const efn_ownership *o, size_t owner, size_t asset,
                 const char *fn)
{
    if (!o)
        return efn__error(EFN_EARG, "%s: NULL argument", fn);
    if (owner != SIZE_MAX && owner >= o->n)
        return efn__error(EFN_ENOTFOUND, "%s: owner %zu out of range (%zu)", fn,
                          owner, o->n);
    if (asset != SIZE_MAX && asset >= o->nassets)
        return efn__error(EFN_ENOTFOUND, "%s: asset %zu out of range (%zu)", fn,
                          asset, o->nassets);
    return EFN_OK;
}

int efn_ownership_lookthrough(double *out, const efn_ownership *o, size_t i,
                              size_t j)
{
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_ownership_lookthrough: out is NULL");
    if ((rc = check(o, i, SIZE_MAX, "efn_ownership_lookthrough")) != EFN_OK ||
        (rc = check(o, j, SIZE_MAX, "efn_ownership_lookthrough")) != EFN_OK)
        return rc;
    *out = o->L[i * o->n + j];
    return EFN_OK;
}

int efn_ownership_is_ultimate(const efn_ownership *o, size_t i)
{
    return o && i < o->n && o->net->owners[i].nparents == 0;
}

int efn_ownership_interest(double *out_pct, const efn_ownership *o,
                           size_t owner, size_t asset)
{
    int rc;
    if (!out_pct)
        return efn__error(EFN_EARG, "efn_ownership_interest: out is NULL");
    if ((rc = check(o, owner, asset, "efn_ownership_interest")) != EFN_OK)
        return rc;
    *out_pct = o->own[owner * o->nassets + asset];
    return EFN_OK;
}

int efn_ownership_asset_totals(double *out_listed_pct, double *out_ultimate_pct,
                               double *out_untraced_pct, const efn_ownership *o,
                               size_t asset)
{
    int rc;
    if (!out_listed_pct || !out_ultimate_pct || !out_untraced_pct)
        return efn__error(EFN_EARG, "efn_ownership_asset_totals: NULL output");
    if ((rc = check(o, SIZE_MAX, asset, "efn_ownership_asset_totals")) !=
        EFN_OK)
        return rc;
    *out_listed_pct = o->listed[asset];
    *out_ultimate_pct = o->ultimate[asset];
    *out_untraced_pct = o->listed[asset] - o->ultimate[asset];
    if (fabs(*out_untraced_pct) < 1e-9)
        *out_untraced_pct = 0;
    return EFN_OK;
}

size_t efn_ownership_country_count(const efn_ownership *o)
{
    return o ? o->ncountry : 0;
}

const char *efn_ownership_country(const efn_ownership *o, size_t c)
{
    return o && c < o->ncountry ? o->country[c] : NULL;
}

int efn_ownership_country_interest(double *out_pct, const efn_ownership *o,
                                   size_t c, size_t asset)
{
    size_t i;
    int rc;
    if (!out_pct)
        return efn__error(EFN_EARG, "efn_ownership_country_interest: out is "
                                    "NULL");
    if ((rc = check(o, SIZE_MAX, asset, "efn_ownership_country_interest")) !=
        EFN_OK)
        return rc;
    if (c >= o->ncountry)
        return efn__error(EFN_ENOTFOUND, "country %zu out of range (%zu)", c,
                          o->ncountry);
    *out_pct = 0;
    for (i = 0; i < o->n; i++)
        if (!o->net->owners[i].nparents && o->owner_country[i] == c)
            *out_pct += o->own[i * o->nassets + asset];
    return EFN_OK;
}

int efn_ownership_owner_totals(double *out_capacity, double *out_throughput,
                               const efn_ownership *o, size_t owner,
                               efn_commodity commodity)
{
    int rc;
    if (!out_capacity || !out_throughput)
        return efn__error(EFN_EARG, "efn_ownership_owner_totals: NULL output");
    if ((rc = check(o, owner, SIZE_MAX, "efn_ownership_owner_totals")) !=
        EFN_OK)
        return rc;
    if ((unsigned)commodity >= EFN_COMMODITY_COUNT)
        return efn__error(EFN_EARG, "efn_ownership_owner_totals: unknown "
                                    "commodity");
    *out_capacity = o->cap[owner * EFN_COMMODITY_COUNT + commodity];
    *out_throughput = o->thr[owner * EFN_COMMODITY_COUNT + commodity];
    return EFN_OK;
}

int efn_ownership_country_totals(double *out_capacity, double *out_throughput,
                                 const efn_ownership *o, size_t c,
                                 efn_commodity commodity)
{
    size_t i;
    if (!out_capacity || !out_throughput || !o)
        return efn__error(EFN_EARG, "efn_ownership_country_totals: NULL "
                                    "argument");
    if (c >= o->ncountry || (unsigned)commodity >= EFN_COMMODITY_COUNT)
        return efn__error(EFN_ENOTFOUND, "country %zu out of range (%zu)", c,
                          o->ncountry);
    *out_capacity = *out_throughput = 0;
    for (i = 0; i < o->n; i++)
        if (!o->net->owners[i].nparents && o->owner_country[i] == c) {
            *out_capacity += o->cap[i * EFN_COMMODITY_COUNT + commodity];
            *out_throughput += o->thr[i * EFN_COMMODITY_COUNT + commodity];
        }
    return EFN_OK;
}

static void add_totals(cJSON *obj, const double *cap, const double *thr)
{
    int c;
    for (c = 0; c < EFN_COMMODITY_COUNT; c++) {
        cJSON *x;
        if (cap[c] == 0 && thr[c] == 0)
            continue;
        x = cJSON_AddObjectToObject(obj, efn_commodity_name((efn_commodity)c));
        if (!x)
            continue;
        cJSON_AddStringToObject(x, "unit",
                                efn_commodity_unit((efn_commodity)c));
        cJSON_AddNumberToObject(x, "capacity", cap[c]);
        cJSON_AddNumberToObject(x, "throughput", thr[c]);
    }
}

int efn_ownership_to_json(char **out, const efn_ownership *o, const char *owner,
                          const char *country)
{
    const efn_network *net;
    cJSON *root, *arr;
    size_t i, a, c;
    if (!out)
        return efn__error(EFN_EARG, "efn_ownership_to_json: out is NULL");
    *out = NULL;
    if (!o)
        return efn__error(EFN_EARG, "efn_ownership_to_json: NULL argument");
    net = o->net;
    root = efn__json_root();
    if (!root)
        return efn__nomem();
    cJSON_AddStringToObject(root, "analysis", "ownership");
    efn__json_add_year(root, o->year);
    arr = cJSON_AddArrayToObject(root, "owners");
    for (i = 0; arr && i < o->n; i++) {
        const efn__owner *ow = &net->owners[i];
        cJSON *x, *tot, *assets;
        if (owner && strcmp(owner, ow->id) != 0)
            continue;
        if (country && strcmp(country, ow->country) != 0)
            continue;
        x = cJSON_CreateObject();
        if (!x || !cJSON_AddItemToArray(arr, x)) {
            cJSON_Delete(x);
            break;
        }
        cJSON_AddStringToObject(x, "id", ow->id);
        cJSON_AddStringToObject(x, "name", ow->name);
        cJSON_AddStringToObject(x, "country", ow->country);
        cJSON_AddBoolToObject(x, "ultimate", ow->nparents == 0);
        tot = cJSON_AddObjectToObject(x, "totals");
        if (tot)
            add_totals(tot, &o->cap[i * EFN_COMMODITY_COUNT],
                       &o->thr[i * EFN_COMMODITY_COUNT]);
        assets = cJSON_AddArrayToObject(x, "assets");
        for (a = 0; assets && a < o->nassets; a++) {
            double pct = o->own[i * o->nassets + a];
            cJSON *y;
            if (pct <= 0)
                continue;
            y = cJSON_CreateObject();
            if (!y || !cJSON_AddItemToArray(assets, y)) {
                cJSON_Delete(y);
                break;
            }
            cJSON_AddStringToObject(y, "asset", net->assets[a].id);
            cJSON_AddNumberToObject(y, "percent", pct);
        }
    }
    arr = cJSON_AddArrayToObject(root, "countries");
    for (c = 0; arr && c < o->ncountry; c++) {
        double cap[EFN_COMMODITY_COUNT], thr[EFN_COMMODITY_COUNT];
        int k;
        cJSON *x, *tot;
        if (country && strcmp(country, o->country[c]) != 0)
            continue;
        x = cJSON_CreateObject();
        if (!x || !cJSON_AddItemToArray(arr, x)) {
            cJSON_Delete(x);
            break;
        }
        cJSON_AddStringToObject(x, "country", o->country[c]);
        for (k = 0; k < EFN_COMMODITY_COUNT; k++)
            efn_ownership_country_totals(&cap[k], &thr[k], o, c,
                                         (efn_commodity)k);
        tot = cJSON_AddObjectToObject(x, "totals");
        if (tot)
            add_totals(tot, cap, thr);
    }
    arr = cJSON_AddArrayToObject(root, "assets");
    for (a = 0; arr && a < o->nassets; a++) {
        double listed, ult, untraced;
        cJSON *x, *by;
        if (o->listed[a] <= 0)
            continue;
        if (country) {
            /* Only the assets the country holds a look-through part of. */
            double pct = 0;
            for (c = 0; c < o->ncountry; c++)
                if (strcmp(o->country[c], country) == 0)
                    efn_ownership_country_interest(&pct, o, c, a);
            if (pct <= 0)
                continue;
        }
        x = cJSON_CreateObject();
        if (!x || !cJSON_AddItemToArray(arr, x)) {
            cJSON_Delete(x);
            break;
        }
        efn_ownership_asset_totals(&listed, &ult, &untraced, o, a);
        cJSON_AddStringToObject(x, "asset", net->assets[a].id);
        cJSON_AddNumberToObject(x, "listed_percent", listed);
        cJSON_AddNumberToObject(x, "ultimate_percent", ult);
        cJSON_AddNumberToObject(x, "untraced_percent", untraced);
        cJSON_AddNumberToObject(x, "unlisted_percent",
                                listed < 100 ? 100 - listed : 0);
        by = cJSON_AddObjectToObject(x, "by_country");
        for (c = 0; by && c < o->ncountry; c++) {
            double pct;
            efn_ownership_country_interest(&pct, o, c, a);
            if (pct > 0)
                cJSON_AddNumberToObject(
                    by, o->country[c][0] ? o->country[c] : "unknown", pct);
        }
    }
    return efn__json_finish(root, out);
}
