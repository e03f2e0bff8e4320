/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * flowcore.c: the flow problem, its maximum flow (igraph) and its
 * allocations (GLPK linear programs).
 */
#include <math.h>
#include <string.h>

#include <glpk.h>

#include "flowcore.h"

static int route_open(const efn_network *net, const efn__asset *a,
                      const unsigned char *node_off)
{
    size_t k;
    for (k = 0; k < a->nroute; k++) {
        size_t v = a->route[k];
        if (!net->nodes[v].enabled || (node_off && node_off[v]))
            return 0;
    }
    return 1;
}

static double positive(double v)
{
    return (isnan(v) || v <= 0) ? 0 : v;
}

void efn__fp_free(efn__fp *fp)
{
    if (fp->has_graph) {
        efn__lock();
        igraph_destroy(&fp->graph);
        efn__unlock();
    }
    efn__free(fp->seg);
    efn__free(fp->cost);
    efn__free(fp->sup_node);
    efn__free(fp->cons_node);
    efn__free(fp->cap);
    efn__free(fp->pair);
    efn__free(fp->tail);
    efn__free(fp->head);
    memset(fp, 0, sizeof *fp);
}

int efn__fp_build(efn__fp *fp, const efn_network *net, efn_commodity commodity,
                  int year, const unsigned char *asset_off,
                  const unsigned char *node_off)
{
    size_t i, s, e, nseg = 0, nsup = 0, ncons = 0;
    igraph_vector_int_t ev;
    int rc = EFN_OK;
    memset(fp, 0, sizeof *fp);
    efn__install_handlers();
    fp->net = net;
    fp->commodity = commodity;
    fp->year = year = efn__resolve_year(net, year);
    fp->nnodes = net->nnodes;
    fp->source = net->nnodes;
    fp->sink = net->nnodes + 1;

    for (i = 0; i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        if (a->commodity == commodity && !(asset_off && asset_off[i]) &&
            efn_asset_is_active(net, i, year) && route_open(net, a, node_off))
            nseg += (a->nroute - 1) * (a->bidirectional ? 2 : 1);
    }
    for (i = 0; i < net->nnodes; i++) {
        const efn__node *n = &net->nodes[i];
        if (!n->enabled || (node_off && node_off[i]))
            continue;
        if (positive(efn__qty_at(&n->q[EFN_SUPPLY][commodity], year)) > 0)
            nsup++;
        if (positive(efn__qty_at(&n->q[EFN_DEMAND][commodity], year)) > 0)
            ncons++;
    }
    fp->nseg = nseg;
    fp->nsup = nsup;
    fp->ncons = ncons;
    fp->nedges = nseg + nsup + ncons;
    fp->seg = efn__calloc(nseg, sizeof *fp->seg);
    fp->cost = efn__calloc(nseg, sizeof *fp->cost);
    fp->pair = efn__calloc(nseg, sizeof *fp->pair);
    fp->sup_node = efn__calloc(nsup, sizeof *fp->sup_node);
    fp->cons_node = efn__calloc(ncons, sizeof *fp->cons_node);
    fp->cap = efn__calloc(fp->nedges, sizeof *fp->cap);
    fp->tail = efn__calloc(fp->nedges + 1, sizeof *fp->tail);
    fp->head = efn__calloc(fp->nedges + 1, sizeof *fp->head);
    if (!fp->seg || !fp->cost || !fp->pair || !fp->sup_node || !fp->cons_node ||
        !fp->cap || !fp->tail || !fp->head) {
        efn__fp_free(fp);
        return efn__nomem();
    }

    e = 0;
    for (i = 0; i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        double length_cost = NAN, tariff;
        if (a->commodity != commodity || (asset_off && asset_off[i]) ||
            !efn_asset_is_active(net, i, year) || !route_open(net, a, node_off))
            continue;
        tariff = efn__qty_at(&a->tariff, year);
        if (!isnan(a->length_km))
            length_cost = a->length_km / (double)(a->nroute - 1);
        for (s = 0; s + 1 < a->nroute; s++) {
            int dir;
            double cap = efn__segment_value(net, i, s, EFN_CAPACITY, year);
            for (dir = 0; dir < (a->bidirectional ? 2 : 1); dir++) {
                efn_graph_edge *ed = &fp->seg[e];
                ed->asset = i;
                ed->segment = s;
                ed->reverse = dir;
                ed->from_node = dir ? a->route[s + 1] : a->route[s];
                ed->to_node = dir ? a->route[s] : a->route[s + 1];
                ed->capacity = cap;
                fp->cap[e] = cap;
                /* Cost per unit carried: tariff, else length, else one
                 * unit per segment so that shorter routes win ties. */
                fp->cost[e] = !isnan(tariff)        ? tariff
                              : !isnan(length_cost) ? length_cost
                                                    : 1.0;
                fp->pair[e] =
                    a->bidirectional ? (long)(dir ? e - 1 : e + 1) : -1;
                e++;
            }
        }
    }
    nsup = ncons = 0;
    for (i = 0; i < net->nnodes; i++) {
        const efn__node *n = &net->nodes[i];
        double sup, dem;
        if (!n->enabled || (node_off && node_off[i]))
            continue;
        sup = positive(efn__qty_at(&n->q[EFN_SUPPLY][commodity], year));
        dem = positive(efn__qty_at(&n->q[EFN_DEMAND][commodity], year));
        if (sup > 0) {
            fp->sup_node[nsup] = i;
            fp->cap[fp->nseg + nsup] = sup;
            fp->supply_total += sup;
            nsup++;
        }
        if (dem > 0) {
            fp->cons_node[ncons] = i;
            fp->cap[fp->nseg + fp->nsup + ncons] = dem;
            fp->demand_total += dem;
            ncons++;
        }
    }

    efn__lock();
    if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * fp->nedges)) !=
        IGRAPH_SUCCESS) {
        efn__unlock();
        efn__fp_free(fp);
        return efn__nomem();
    }
    for (e = 0; e < nseg; e++) {
        fp->tail[e] = fp->seg[e].from_node;
        fp->head[e] = fp->seg[e].to_node;
    }
    for (i = 0; i < fp->nsup; i++) {
        fp->tail[nseg + i] = fp->source;
        fp->head[nseg + i] = fp->sup_node[i];
    }
    for (i = 0; i < fp->ncons; i++) {
        fp->tail[nseg + fp->nsup + i] = fp->cons_node[i];
        fp->head[nseg + fp->nsup + i] = fp->sink;
    }
    for (e = 0; e < fp->nedges; e++) {
        VECTOR(ev)[2 * e] = (igraph_integer_t)fp->tail[e];
        VECTOR(ev)[2 * e + 1] = (igraph_integer_t)fp->head[e];
    }
    if (igraph_create(&fp->graph, &ev, (igraph_integer_t)(fp->nnodes + 2),
                      IGRAPH_DIRECTED) != IGRAPH_SUCCESS)
        rc = efn__error(EFN_ERROR, "igraph_create failed");
    else
        fp->has_graph = 1;
    igraph_vector_int_destroy(&ev);
    efn__unlock();
    if (rc != EFN_OK)
        efn__fp_free(fp);
    return rc;
}

void efn__fp_finite_caps(const efn__fp *fp, const double *cap, double *out)
{
    size_t e;
    /* No flow can exceed the total supply, so it bounds an unbounded
     * segment without changing any maximum flow or minimum cut. */
    double bound = fp->supply_total + 1.0;
    for (e = 0; e < fp->nedges; e++)
        out[e] = isinf(cap[e]) ? bound : cap[e];
}

static int maxflow_locked(const efn__fp *fp, const double *cap, double *value,
                          double *flow, unsigned char *cut);

int efn__fp_maxflow(const efn__fp *fp, const double *cap, double *value,
                    double *flow, unsigned char *cut)
{
    int rc;
    efn__lock();
    rc = maxflow_locked(fp, cap, value, flow, cut);
    efn__unlock();
    return rc;
}

static int maxflow_locked(const efn__fp *fp, const double *cap, double *value,
                          double *flow, unsigned char *cut)
{
    igraph_vector_t capv, flowv;
    igraph_vector_int_t cutv;
    igraph_real_t v = 0;
    int rc = EFN_OK, have_flow = 0, have_cut = 0;
    size_t e;
    if (!cap)
        cap = fp->cap;
    if (igraph_vector_init(&capv, (igraph_integer_t)fp->nedges) !=
        IGRAPH_SUCCESS)
        return efn__nomem();
    efn__fp_finite_caps(fp, cap, VECTOR(capv));
    if (flow) {
        if (igraph_vector_init(&flowv, 0) != IGRAPH_SUCCESS) {
            rc = efn__nomem();
            goto done;
        }
        have_flow = 1;
    }
    if (cut) {
        if (igraph_vector_int_init(&cutv, 0) != IGRAPH_SUCCESS) {
            rc = efn__nomem();
            goto done;
        }
        have_cut = 1;
    }
    if (fp->nsup == 0 || fp->ncons == 0) {
        /* Nothing to carry; igraph would still search. */
        v = 0;
        if (flow)
            memset(flow, 0, fp->nedges * sizeof *flow);
        if (cut) {
            /* With no supplier the (empty) supply side is the cut; with no
             * consumer, the (empty) demand side. Either way: no edges. */
            memset(cut, 0, fp->nedges);
        }
        *value = 0;
        goto done;
    }
    if (flow || cut) {
        if (igraph_maxflow(
                &fp->graph, &v, flow ? &flowv : NULL, cut ? &cutv : NULL, NULL,
                NULL, (igraph_integer_t)fp->source, (igraph_integer_t)fp->sink,
                &capv, NULL) != IGRAPH_SUCCESS) {
            rc = efn__error(EFN_ERROR, "igraph_maxflow failed");
            goto done;
        }
    } else if (igraph_maxflow_value(
                   &fp->graph, &v, (igraph_integer_t)fp->source,
                   (igraph_integer_t)fp->sink, &capv, NULL) != IGRAPH_SUCCESS) {
        rc = efn__error(EFN_ERROR, "igraph_maxflow_value failed");
        goto done;
    }
    *value = v;
    if (flow)
        for (e = 0; e < fp->nedges; e++)
            flow[e] = VECTOR(flowv)[e];
    if (cut) {
        memset(cut, 0, fp->nedges);
        for (e = 0; e < (size_t)igraph_vector_int_size(&cutv); e++)
            cut[VECTOR(cutv)[e]] = 1;
    }
done:
    igraph_vector_destroy(&capv);
    if (have_flow)
        igraph_vector_destroy(&flowv);
    if (have_cut)
        igraph_vector_int_destroy(&cutv);
    return rc;
}

/* ---- linear programs ---------------------------------------------------- */

/* Relative slack granted to equalities that come from another solver. */
#define EFN_LP_TOL 1e-9

typedef struct lp {
    glp_prob *p;
    glp_smcp parm;
    size_t ncols;       /* nedges edge flows, then t */
    int t_col;          /* 1-based column of t, or 0 */
    int first_cons_row; /* 1-based row of consumer 0's fairness row */
    int total_row;
} lp;

static void set_edge_bounds(glp_prob *p, int col, double cap)
{
    if (isinf(cap))
        glp_set_col_bnds(p, col, GLP_LO, 0.0, 0.0);
    else if (cap <= 0)
        glp_set_col_bnds(p, col, GLP_FX, 0.0, 0.0);
    else
        glp_set_col_bnds(p, col, GLP_DB, 0.0, cap);
}

/* The flow polytope: conservation at every node, bidirectional segments
 * sharing one capacity, every edge within its capacity. */
static int lp_build(lp *L, const efn__fp *fp, const double *cap, int with_t)
{
    size_t e, nnz = 0, cap_nz, nbidir = 0, i;
    int *ia = NULL, *ja = NULL, rows, row;
    double *ar = NULL;
    int rc = EFN_OK;
    memset(L, 0, sizeof *L);
    glp_term_out(GLP_OFF);
    L->p = glp_create_prob();
    if (!L->p)
        return efn__nomem();
    glp_init_smcp(&L->parm);
    L->parm.msg_lev = GLP_MSG_OFF;
    L->parm.meth = GLP_DUALP;
    for (e = 0; e < fp->nseg; e++)
        if (fp->pair[e] > (long)e)
            nbidir++;
    /* rows: nodes, bidirectional pairs, consumers (fairness), total */
    rows = (int)(fp->nnodes + nbidir + fp->ncons + 1);
    glp_add_rows(L->p, rows);
    L->ncols = fp->nedges + (with_t ? 1 : 0);
    glp_add_cols(L->p, (int)L->ncols);
    cap_nz = 2 * fp->nedges + 2 * nbidir + 2 * fp->ncons + fp->ncons + 1;
    ia = efn__malloc(cap_nz * sizeof *ia);
    ja = efn__malloc(cap_nz * sizeof *ja);
    ar = efn__malloc(cap_nz * sizeof *ar);
    if (!ia || !ja || !ar) {
        rc = efn__nomem();
        goto done;
    }
    for (i = 0; i < fp->nnodes; i++)
        glp_set_row_bnds(L->p, (int)i + 1, GLP_FX, 0.0, 0.0);
    for (e = 0; e < fp->nedges; e++) {
        size_t from = fp->tail[e], to = fp->head[e];
        int col = (int)e + 1;
        set_edge_bounds(L->p, col, cap[e]);
        if (from < fp->nnodes) { /* leaves `from` */
            nnz++;
            ia[nnz - 1] = (int)from + 1;
            ja[nnz - 1] = col;
            ar[nnz - 1] = -1.0;
        }
        if (to < fp->nnodes) { /* enters `to` */
            nnz++;
            ia[nnz - 1] = (int)to + 1;
            ja[nnz - 1] = col;
            ar[nnz - 1] = 1.0;
        }
    }
    row = (int)fp->nnodes;
    for (e = 0; e < fp->nseg; e++) {
        if (fp->pair[e] <= (long)e)
            continue;
        row++;
        if (isinf(cap[e]))
            glp_set_row_bnds(L->p, row, GLP_FR, 0.0, 0.0);
        else
            glp_set_row_bnds(L->p, row, GLP_UP, 0.0, cap[e]);
        ia[nnz] = row, ja[nnz] = (int)e + 1, ar[nnz] = 1.0, nnz++;
        ia[nnz] = row, ja[nnz] = (int)fp->pair[e] + 1, ar[nnz] = 1.0, nnz++;
    }
    /* Fairness rows d_j - D_j t >= 0, free until used. */
    L->first_cons_row = row + 1;
    for (i = 0; i < fp->ncons; i++) {
        size_t ce = fp->nseg + fp->nsup + i;
        row++;
        glp_set_row_bnds(L->p, row, GLP_FR, 0.0, 0.0);
        ia[nnz] = row, ja[nnz] = (int)ce + 1, ar[nnz] = 1.0, nnz++;
        if (with_t) {
            ia[nnz] = row, ja[nnz] = (int)L->ncols, ar[nnz] = -cap[ce];
            nnz++;
        }
    }
    /* Total delivered, free until used. */
    row++;
    L->total_row = row;
    glp_set_row_bnds(L->p, row, GLP_FR, 0.0, 0.0);
    for (i = 0; i < fp->ncons; i++) {
        ia[nnz] = row;
        ja[nnz] = (int)(fp->nseg + fp->nsup + i) + 1;
        ar[nnz] = 1.0;
        nnz++;
    }
    if (with_t) {
        L->t_col = (int)L->ncols;
        glp_set_col_bnds(L->p, L->t_col, GLP_DB, 0.0, 1.0);
    }
    /* GLPK's arrays are 1-based: shift by one. */
    glp_load_matrix(L->p, (int)nnz, ia - 1, ja - 1, ar - 1);
done:
    efn__free(ia);
    efn__free(ja);
    efn__free(ar);
    return rc;
}

static void lp_free(lp *L)
{
    if (L->p)
        glp_delete_prob(L->p);
    L->p = NULL;
}

static void lp_objective(lp *L, int dir)
{
    size_t c;
    glp_set_obj_dir(L->p, dir);
    for (c = 1; c <= L->ncols; c++)
        glp_set_obj_coef(L->p, (int)c, 0.0);
}

static int lp_solve(lp *L, double *obj)
{
    int r = glp_simplex(L->p, &L->parm);
    if (r != 0 || glp_get_status(L->p) != GLP_OPT) {
        /* Retry from a fresh basis with the primal method: GLPK's dual
         * simplex can stall on degenerate problems. */
        glp_std_basis(L->p);
        L->parm.meth = GLP_PRIMAL;
        r = glp_simplex(L->p, &L->parm);
        L->parm.meth = GLP_DUALP;
        if (r != 0 || glp_get_status(L->p) != GLP_OPT)
            return efn__error(EFN_ERROR,
                              "linear program failed (GLPK code %d, status "
                              "%d)",
                              r, glp_get_status(L->p));
    }
    if (obj)
        *obj = glp_get_obj_val(L->p);
    return EFN_OK;
}

/* Least cost over the current constraints; reads the flows out. */
static int lp_min_cost(lp *L, const efn__fp *fp, const double *cap,
                       double *flow)
{
    size_t e;
    int rc;
    lp_objective(L, GLP_MIN);
    for (e = 0; e < fp->nseg; e++)
        glp_set_obj_coef(L->p, (int)e + 1, fp->cost[e]);
    if ((rc = lp_solve(L, NULL)) != EFN_OK)
        return rc;
    for (e = 0; e < fp->nedges; e++) {
        double v = glp_get_col_prim(L->p, (int)e + 1);
        if (v < 0)
            v = 0;
        if (!isinf(cap[e]) && v > cap[e])
            v = cap[e];
        flow[e] = v;
    }
    return EFN_OK;
}

static int allocate_max(const efn__fp *fp, const double *cap, double max_total,
                        double *flow)
{
    lp L;
    int rc = lp_build(&L, fp, cap, 0);
    if (rc != EFN_OK)
        return rc;
    /* The total of the maximum flow exactly, so that the flows come out
     * round; igraph's value may differ from the LP's optimum in the last
     * bits, so on failure the bound is relaxed by a hair. */
    glp_set_row_bnds(L.p, L.total_row, GLP_LO, max_total, 0.0);
    rc = lp_min_cost(&L, fp, cap, flow);
    if (rc == EFN_ERROR) {
        glp_set_row_bnds(L.p, L.total_row, GLP_LO,
                         max_total * (1 - EFN_LP_TOL) - EFN_LP_TOL, 0.0);
        glp_std_basis(L.p);
        rc = lp_min_cost(&L, fp, cap, flow);
    }
    lp_free(&L);
    return rc;
}

/*
 * Max-min fair allocation by progressive filling (Bertsekas and Gallager,
 * Data Networks, 1992, section 6.5.2): raise the common fraction t of every
 * unfrozen consumer as far as it goes; freeze those that cannot go beyond
 * it; repeat with the rest.
 */
static int allocate_shared(const efn__fp *fp, const double *cap, double *flow)
{
    lp L;
    double *level = NULL, t = 0;
    unsigned char *frozen = NULL;
    size_t i, j, k, nfrozen = 0;
    int rc = lp_build(&L, fp, cap, 1);
    if (rc != EFN_OK)
        return rc;
    level = efn__calloc(fp->ncons, sizeof *level);
    frozen = efn__calloc(fp->ncons, 1);
    if (!level || !frozen) {
        rc = efn__nomem();
        goto done;
    }
    while (nfrozen < fp->ncons) {
        size_t newly = 0;
        /* Raise t for the unfrozen consumers. */
        for (i = 0; i < fp->ncons; i++) {
            int row = L.first_cons_row + (int)i;
            if (frozen[i])
                glp_set_row_bnds(L.p, row, GLP_FR, 0.0, 0.0);
            else
                glp_set_row_bnds(L.p, row, GLP_LO, 0.0, 0.0);
        }
        glp_set_col_bnds(L.p, L.t_col, GLP_DB, 0.0, 1.0);
        lp_objective(&L, GLP_MAX);
        glp_set_obj_coef(L.p, L.t_col, 1.0);
        if ((rc = lp_solve(&L, &t)) != EFN_OK)
            goto done;
        if (t > 1)
            t = 1;
        if (t < 0)
            t = 0;
        if (t >= 1 - EFN_LP_TOL) {
            for (i = 0; i < fp->ncons; i++)
                if (!frozen[i]) {
                    frozen[i] = 1;
                    level[i] = 1;
                    nfrozen++;
                }
            break;
        }
        /* Which of them cannot go beyond t while the others keep it? */
        glp_set_col_bnds(L.p, L.t_col, GLP_FX, t, t);
        for (i = 0; i < fp->ncons; i++) {
            size_t ce = fp->nseg + fp->nsup + i;
            double best;
            if (frozen[i])
                continue;
            lp_objective(&L, GLP_MAX);
            glp_set_obj_coef(L.p, (int)ce + 1, 1.0);
            if ((rc = lp_solve(&L, &best)) != EFN_OK)
                goto done;
            if (best <= t * cap[ce] * (1 + 1e-7) + 1e-9) {
                frozen[i] = 2; /* frozen this round */
                level[i] = t;
                newly++;
            }
        }
        if (newly == 0) {
            /* Rounding kept every bottleneck hidden: stop here. */
            for (i = 0; i < fp->ncons; i++)
                if (!frozen[i]) {
                    frozen[i] = 2;
                    level[i] = t;
                    newly++;
                }
        }
        /* Frozen consumers keep their level through a column bound. */
        for (j = 0; j < fp->ncons; j++) {
            size_t ce = fp->nseg + fp->nsup + j;
            if (frozen[j] == 2) {
                frozen[j] = 1;
                glp_set_col_bnds(
                    L.p, (int)ce + 1, cap[ce] > 0 ? GLP_DB : GLP_FX,
                    level[j] * cap[ce] * (1 - EFN_LP_TOL), cap[ce]);
            }
        }
        nfrozen += newly;
    }
    /* Every consumer at its level: least cost. Exact levels first, so the
     * flows come out round; relaxed by a hair if rounding makes that
     * infeasible. */
    for (k = 0; k < 2; k++) {
        double slack = k ? 1 - EFN_LP_TOL : 1;
        for (i = 0; i < fp->ncons; i++) {
            size_t ce = fp->nseg + fp->nsup + i;
            double lo = level[i] * cap[ce] * slack;
            if (lo > cap[ce])
                lo = cap[ce];
            glp_set_row_bnds(L.p, L.first_cons_row + (int)i, GLP_FR, 0.0, 0.0);
            glp_set_col_bnds(L.p, (int)ce + 1, lo < cap[ce] ? GLP_DB : GLP_FX,
                             lo, cap[ce]);
        }
        glp_set_col_bnds(L.p, L.t_col, GLP_FX, 0.0, 0.0);
        glp_std_basis(L.p);
        rc = lp_min_cost(&L, fp, cap, flow);
        if (rc != EFN_ERROR)
            break;
    }
done:
    efn__free(level);
    efn__free(frozen);
    lp_free(&L);
    return rc;
}

int efn__fp_allocate(const efn__fp *fp, const double *cap, efn_allocation mode,
                     double max_total, double *flow)
{
    if (!cap)
        cap = fp->cap;
    if (fp->nsup == 0 || fp->ncons == 0) {
        memset(flow, 0, fp->nedges * sizeof *flow);
        return EFN_OK;
    }
    if (mode == EFN_ALLOC_SHARED)
        return allocate_shared(fp, cap, flow);
    return allocate_max(fp, cap, max_total, flow);
}
