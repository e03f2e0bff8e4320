/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * flowcore.c: the flow problem, its maximum flow and minimum cut (efn's own
 * solver, maxflow.c), its least-cost allocation (efn's network simplex,
 * mcf.c) and its max-min fair allocation (GLPK linear programs).
 */
#include <math.h>
#include <string.h>

#include <glpk.h>

#include "costscale.h"
#include "flowcore.h"
#include "maxflow.h"
#include "maxvalue.h"
#include "mcf.h"

/* Every node of the route is open (`closed`: a flag a node). */
static int route_open(const efn__asset *a, const unsigned char *closed)
{
    size_t k;
    for (k = 0; k < a->nroute; k++)
        if (closed[a->route[k]])
            return 0;
    return 1;
}

static double positive(double v)
{
    return (isnan(v) || v <= 0) ? 0 : v;
}

void efn__fp_free(efn__fp *fp)
{
    efn__free(fp->seg);
    efn__free(fp->cost);
    efn__free(fp->sup_node);
    efn__free(fp->cons_node);
    efn__free(fp->cap);
    efn__free(fp->tail);
    efn__free(fp->head);
    memset(fp, 0, sizeof *fp);
}

/* A supplier or consumer met while building. */
typedef struct efn__fp_node {
    size_t node;
    double value;
} efn__fp_node;

/* What a flow problem takes of the network, read once, in order (node and
 * asset records are large: reading them twice, and each node once per
 * route through it, missed the cache at every step). */
typedef struct fp_sel {
    unsigned char *closed, *use; /* per node, per asset */
    /* Suppliers and consumers in node order, as they are met: only what
     * is written of these is touched, a few entries where most nodes are
     * junctions. */
    efn__fp_node *sup, *dem;
    size_t nseg, nsup, ncons;
    double supply_total;
} fp_sel;

static void sel_free(fp_sel *S)
{
    efn__free(S->closed);
    efn__free(S->use);
    efn__free(S->sup);
    efn__free(S->dem);
}

static int fp_select(fp_sel *S, const efn_network *net, efn_commodity commodity,
                     int year, const unsigned char *asset_off,
                     const unsigned char *node_off)
{
    size_t i;
    memset(S, 0, sizeof *S);
    S->closed = efn__malloc(net->nnodes + 1);
    S->use = efn__malloc(net->nassets + 1);
    S->sup = efn__malloc((net->nnodes + 1) * sizeof *S->sup);
    S->dem = efn__malloc((net->nnodes + 1) * sizeof *S->dem);
    if (!S->closed || !S->use || !S->sup || !S->dem) {
        sel_free(S);
        return efn__nomem();
    }
    for (i = 0; i < net->nnodes; i++) {
        const efn__node *n = &net->nodes[i];
        double v;
        S->closed[i] = !n->enabled || (node_off && node_off[i]);
        if (S->closed[i] || !n->q) /* no quantities: a junction */
            continue;
        v = positive(efn__qty_in(efn__node_q(n, EFN_SUPPLY, commodity), year));
        if (v > 0) {
            S->sup[S->nsup].node = i;
            S->sup[S->nsup++].value = v;
            S->supply_total += v;
        }
        v = positive(efn__qty_in(efn__node_q(n, EFN_DEMAND, commodity), year));
        if (v > 0) {
            S->dem[S->ncons].node = i;
            S->dem[S->ncons++].value = v;
        }
    }
    for (i = 0; i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        S->use[i] = a->commodity == commodity && !(asset_off && asset_off[i]) &&
                    efn_asset_is_active(net, i, year) &&
                    route_open(a, S->closed);
        if (S->use[i])
            S->nseg += (a->nroute - 1) * (a->bidirectional ? 2 : 1);
    }
    return EFN_OK;
}

/* The capacity of every segment of asset i when it has no segment
 * capacities (read once), else NaN. */
static double asset_cap(const efn_network *net, size_t i, int year)
{
    return net->assets[i].seg_capacity
               ? NAN
               : efn__segment_value(net, i, 0, EFN_CAPACITY, year);
}

/* The capacity of segment s of asset i; `acap`: asset_cap()'s. */
static double segment_cap(const efn_network *net, size_t i, size_t s, int year,
                          double acap)
{
    return net->assets[i].seg_capacity
               ? efn__segment_value(net, i, s, EFN_CAPACITY, year)
               : acap;
}

int efn__fp_build(efn__fp *fp, const efn_network *net, efn_commodity commodity,
                  int year, const unsigned char *asset_off,
                  const unsigned char *node_off)
{
    size_t i, s, e, nseg, nsup, ncons;
    fp_sel S;
    int rc;
    memset(fp, 0, sizeof *fp);
    efn__install_handlers();
    fp->path_mean = -1;
    fp->net = net;
    fp->commodity = commodity;
    fp->year = year = efn__resolve_year(net, year);
    fp->nnodes = net->nnodes;
    fp->source = net->nnodes;
    fp->sink = net->nnodes + 1;
    if ((rc = fp_select(&S, net, commodity, year, asset_off, node_off)) !=
        EFN_OK)
        return rc;
    nseg = S.nseg;
    nsup = S.nsup;
    ncons = S.ncons;
    /* Vertices and edges are 32-bit in the solvers; twice the edges too
     * (each edge is listed at both ends). */
    if (net->nnodes >= UINT32_MAX - 2 ||
        nseg + nsup + ncons >= UINT32_MAX / 2 - 2) {
        sel_free(&S);
        return efn__error(EFN_EARG, "flow: network too large (2^31 edges "
                                    "or 2^32 nodes)");
    }
    fp->nseg = nseg;
    fp->nsup = nsup;
    fp->ncons = ncons;
    fp->nedges = nseg + nsup + ncons;
    fp->seg = efn__calloc(nseg + 1, sizeof *fp->seg);
    fp->cost = efn__calloc(fp->nedges + 1, sizeof *fp->cost);
    fp->sup_node = efn__calloc(nsup, sizeof *fp->sup_node);
    fp->cons_node = efn__calloc(ncons, sizeof *fp->cons_node);
    /* written in full below */
    fp->cap = efn__malloc((fp->nedges + 1) * sizeof *fp->cap);
    fp->tail = efn__malloc((fp->nedges + 1) * sizeof *fp->tail);
    fp->head = efn__malloc((fp->nedges + 1) * sizeof *fp->head);
    if (!fp->seg || !fp->cost || !fp->sup_node || !fp->cons_node || !fp->cap ||
        !fp->tail || !fp->head) {
        sel_free(&S);
        efn__fp_free(fp);
        return efn__nomem();
    }

    e = 0;
    for (i = 0; i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        double length_cost = NAN, tariff, acap;
        if (!S.use[i])
            continue;
        tariff = efn__qty_in(&a->tariff, year);
        if (!isnan(a->length_km))
            length_cost = a->length_km / (double)(a->nroute - 1);
        acap = asset_cap(net, i, year);
        for (s = 0; s + 1 < a->nroute; s++) {
            int dir;
            double cap = segment_cap(net, i, s, year, acap);
            for (dir = 0; dir < (a->bidirectional ? 2 : 1); dir++) {
                efn__fp_seg *ed;
                fp->tail[e] = (uint32_t)(dir ? a->route[s + 1] : a->route[s]);
                fp->head[e] = (uint32_t)(dir ? a->route[s] : a->route[s + 1]);
                fp->cap[e] = cap;
                ed = &fp->seg[e];
                ed->asset = (uint32_t)i;
                ed->segment = (uint32_t)s & 0x3fffffffu;
                ed->reverse = dir ? 1u : 0u;
                ed->paired = a->bidirectional ? 1u : 0u;
                /* Cost per unit carried: tariff, else length, else one
                 * unit per segment so that shorter routes win ties. */
                fp->cost[e] = !isnan(tariff)        ? tariff
                              : !isnan(length_cost) ? length_cost
                                                    : 1.0;
                e++;
            }
        }
    }
    for (i = 0; i < nsup; i++) { /* in node order */
        fp->sup_node[i] = S.sup[i].node;
        fp->cap[fp->nseg + i] = S.sup[i].value;
    }
    fp->supply_total = S.supply_total;
    for (i = 0; i < ncons; i++) {
        fp->cons_node[i] = S.dem[i].node;
        fp->cap[fp->nseg + fp->nsup + i] = S.dem[i].value;
        fp->demand_total += S.dem[i].value;
    }
    sel_free(&S);

    for (i = 0; i < fp->nsup; i++) {
        fp->tail[nseg + i] = (uint32_t)fp->source;
        fp->head[nseg + i] = (uint32_t)fp->sup_node[i];
    }
    for (i = 0; i < fp->ncons; i++) {
        fp->tail[nseg + fp->nsup + i] = (uint32_t)fp->cons_node[i];
        fp->head[nseg + fp->nsup + i] = (uint32_t)fp->sink;
    }
    return EFN_OK;
}

static long fp_pair_of(const void *fp, size_t e)
{
    return efn__fp_pair(fp, e);
}

/* One arc pair u -> v: counted in pass 0, placed with its two residuals in
 * pass 1. */
static void arc_pair(efn__mv *mv, int pass, size_t u, size_t v, double cuv,
                     double cvu)
{
    if (pass)
        efn__mv_place(mv, (uint32_t)u, (uint32_t)v, cuv, cvu);
    else
        efn__mv_count(mv, (uint32_t)u, (uint32_t)v);
}

/* The maximum flow's value with no flow problem (efn__fp_max_value): the
 * search trees' arcs placed straight from the selection, in the order
 * efn__fp_build() numbers the edges, so the very arcs efn__fp_mv_init() would
 * make. Pass 0 counts, pass 1 places. */
static void place_all(efn__mv *mv, const efn_network *net, const fp_sel *S,
                      int year, double bound, int pass)
{
    size_t i, s, source = net->nnodes, sink = source + 1;
    for (i = 0; i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        double acap;
        if (!S->use[i])
            continue;
        acap = pass ? asset_cap(net, i, year) : 0;
        for (s = 0; s + 1 < a->nroute; s++) {
            double c = pass ? segment_cap(net, i, s, year, acap) : 0;
            if (isinf(c))
                c = bound;
            /* both ways: the two edges share one arc pair */
            arc_pair(mv, pass, a->route[s], a->route[s + 1], c,
                     a->bidirectional ? c : 0);
        }
    }
    for (i = 0; i < S->nsup; i++)
        arc_pair(mv, pass, source, S->sup[i].node, S->sup[i].value, 0);
    for (i = 0; i < S->ncons; i++)
        arc_pair(mv, pass, S->dem[i].node, sink, S->dem[i].value, 0);
}

/* The value-only solver's arcs placed straight from the network (every
 * active asset and open node), then efn__mv_probe_placed() (`probe`: sets
 * *out to the mean path) or efn__mv_solve_placed() (*out: the value). */
static int placed_run(const efn_network *net, efn_commodity commodity, int year,
                      int probe, double *out)
{
    fp_sel S;
    efn__mv mv;
    int rc;
    *out = 0;
    efn__install_handlers();
    year = efn__resolve_year(net, year);
    if ((rc = fp_select(&S, net, commodity, year, NULL, NULL)) != EFN_OK)
        return rc;
    if (S.nsup == 0 || S.ncons == 0) { /* nothing to carry */
        sel_free(&S);
        return EFN_OK;
    }
    rc = efn__mv_begin(&mv, net->nnodes + 2, S.nseg + S.nsup + S.ncons);
    if (rc == EFN_OK) {
        size_t s = net->nnodes, t = s + 1;
        /* No flow can exceed the total supply: it bounds an unbounded
         * segment, as in efn__fp_finite_caps(). */
        place_all(&mv, net, &S, year, 0, 0);
        efn__mv_counted(&mv);
        place_all(&mv, net, &S, year, S.supply_total + 1.0, 1);
        if (probe && (rc = efn__mv_probe_placed(&mv, s, t)) == EFN_OK)
            *out = mv.path_mean;
        else if (!probe)
            rc = efn__mv_solve_placed(&mv, s, t, out);
    }
    efn__mv_free(&mv);
    sel_free(&S);
    return rc;
}

int efn__fp_max_value(const efn_network *net, efn_commodity commodity, int year,
                      double *value)
{
    return placed_run(net, commodity, year, 0, value);
}

int efn__fp_probe(const efn_network *net, efn_commodity commodity, int year,
                  double *path_mean)
{
    return placed_run(net, commodity, year, 1, path_mean);
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

int efn__fp_mv_init(efn__mv *mv, const efn__fp *fp)
{
    return efn__mv_init_pairs(mv, fp->nnodes + 2, fp->nedges, fp->tail,
                              fp->head, fp_pair_of, fp);
}

int efn__fp_maxflow(const efn__fp *fp, const double *cap, double *value,
                    double *flow, unsigned char *cut)
{
    efn__mf mf;
    double *fin;
    int rc;
    if (!cap)
        cap = fp->cap;
    if (fp->nsup == 0 || fp->ncons == 0) {
        /* Nothing to carry. With no supplier the (empty) supply side is the
         * cut; with no consumer, the (empty) demand side: no edges. */
        *value = 0;
        if (flow)
            memset(flow, 0, fp->nedges * sizeof *flow);
        if (cut)
            memset(cut, 0, fp->nedges);
        return EFN_OK;
    }
    if (!flow) {
        /* The value (and cut) alone: search trees, then push-relabel,
         * with the bound of efn__fp_finite_caps() for +inf. */
        efn__mv mv;
        rc = efn__fp_mv_init(&mv, fp);
        mv.inf_cap = fp->supply_total + 1.0;
        if (rc == EFN_OK)
            rc = efn__mv_solve(&mv, fp->source, fp->sink, cap, value, cut);
        efn__mv_free(&mv);
        return rc;
    }
    if (!(fin = efn__malloc(fp->nedges * sizeof *fin)))
        return efn__nomem();
    efn__fp_finite_caps(fp, cap, fin);
    rc = efn__mf_init(&mf, fp->nnodes + 2, fp->nedges, fp->tail, fp->head);
    if (rc == EFN_OK)
        rc = efn__mf_solve(&mf, fp->source, fp->sink, fin, value, flow, cut);
    efn__mf_free(&mf);
    efn__free(fin);
    return rc;
}

/*
 * The minimum cut of a maximum flow: the edges from the vertices that
 * cannot reach the sink in the residual graph into those that can. That
 * set of vertices is the same for every maximum flow, so the cut does not
 * depend on which one `flow` is. An edge counts as saturated when its room
 * is within 1e-9 of its capacity (rounding in the solvers).
 */
int efn__fp_cut(const efn__fp *fp, const double *cap, const double *flow,
                unsigned char *cut)
{
    size_t nv = fp->nnodes + 2, e, v, head = 0, tail = 0;
    /* 32-bit: nv and 2 nedges fit (efn__fp_build) */
    uint32_t *first = NULL, *adj = NULL, *queue = NULL;
    unsigned char *reach = NULL;
    int rc = EFN_OK;
    if (!cap)
        cap = fp->cap;
    memset(cut, 0, fp->nedges);
    first = efn__calloc(nv + 1, sizeof *first);
    adj = efn__malloc((2 * fp->nedges + 1) * sizeof *adj);
    queue = efn__malloc(nv * sizeof *queue);
    reach = efn__calloc(nv, 1);
    if (!first || !adj || !queue || !reach) {
        rc = efn__nomem();
        goto done;
    }
    /* Every edge, listed at both of its ends. */
    for (e = 0; e < fp->nedges; e++) {
        first[fp->tail[e] + 1]++;
        first[fp->head[e] + 1]++;
    }
    for (v = 0; v < nv; v++)
        first[v + 1] += first[v];
    for (e = 0; e < fp->nedges; e++) {
        adj[first[fp->tail[e]]++] = (uint32_t)e;
        adj[first[fp->head[e]]++] = (uint32_t)e;
    }
    for (v = nv; v > 0; v--)
        first[v] = first[v - 1];
    first[0] = 0;
    /* Backwards from the sink: x reaches y's side over edge x->y with
     * room, or over edge y->x carrying flow. */
    reach[fp->sink] = 1;
    queue[tail++] = (uint32_t)fp->sink;
    while (head < tail) {
        size_t y = queue[head++], k;
        for (k = first[y]; k < first[y + 1]; k++) {
            size_t a = adj[k], x;
            double c = cap[a], tol = isinf(c) ? 0 : 1e-9 * c;
            int open;
            if (fp->head[a] == y) {
                x = fp->tail[a];
                open = isinf(c) || c - flow[a] > tol;
            } else {
                x = fp->head[a];
                open = flow[a] > tol;
            }
            if (open && !reach[x]) {
                reach[x] = 1;
                queue[tail++] = (uint32_t)x;
            }
        }
    }
    for (e = 0; e < fp->nedges; e++)
        cut[e] = !reach[fp->tail[e]] && reach[fp->head[e]];
done:
    efn__free(first);
    efn__free(adj);
    efn__free(queue);
    efn__free(reach);
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
        if (efn__fp_pair(fp, e) > (long)e)
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
        if (efn__fp_pair(fp, e) <= (long)e)
            continue;
        row++;
        if (isinf(cap[e]))
            glp_set_row_bnds(L->p, row, GLP_FR, 0.0, 0.0);
        else
            glp_set_row_bnds(L->p, row, GLP_UP, 0.0, cap[e]);
        ia[nnz] = row, ja[nnz] = (int)e + 1, ar[nnz] = 1.0, nnz++;
        ia[nnz] = row, ja[nnz] = (int)efn__fp_pair(fp, e) + 1, ar[nnz] = 1.0,
        nnz++;
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

/*
 * Cost scaling instead of the network simplex, when it applies and pays:
 * the costs are integers up to a power of two (so that it is exact), and
 * the value-only solver's first augmenting paths are long
 * (EFN_SCALING_PATHS). Returns 1 with `flow` and *value set, 0 when the
 * network simplex should run, or a status < 0. A cost-scaling run that
 * leaves its price bounds (only rounding in the capacities can cause that)
 * gives way to the network simplex too.
 */
static int allocate_by_scaling(const efn__fp *fp, const double *cap,
                               double *flow, double *value)
{
    size_t n = fp->nnodes + 2;
    double scale = efn__cs_cost_scale(n, fp->nedges, fp->cost), v = 0;
    double *fin;
    efn__mv mv;
    /* probed before the problem was built (efn__fp_probe) */
    int known = cap == fp->cap && fp->path_mean >= 0;
    int rc = EFN_OK, deep = known && fp->path_mean > EFN_SCALING_PATHS;
    if (scale <= 0 || (known && !deep))
        return 0;
    if ((rc = efn__fp_mv_init(&mv, fp)) != EFN_OK)
        return rc;
    mv.inf_cap = fp->supply_total + 1.0; /* as efn__fp_finite_caps() */
    if (!known) {
        rc = efn__mv_probe(&mv, fp->source, fp->sink, cap);
        deep = mv.path_mean > EFN_SCALING_PATHS;
    }
    if (rc == EFN_OK && deep)
        rc = efn__mv_solve(&mv, fp->source, fp->sink, cap, &v, NULL);
    efn__mv_free(&mv);
    if (rc != EFN_OK || !deep)
        return rc; /* 0 when shallow: the network simplex */
    if (!(fin = efn__malloc((fp->nedges + 1) * sizeof *fin)))
        return efn__nomem();
    efn__fp_finite_caps(fp, cap, fin);
    rc = efn__cs_solve(n, fp->nedges, fp->tail, fp->head, fin, fp->cost, scale,
                       fp->source, fp->sink, v, flow);
    efn__free(fin);
    if (rc == EFN_ENOMEM)
        return rc;
    if (rc != EFN_OK)
        return 0; /* cost scaling left its price bounds */
    *value = v;
    return 1;
}

/*
 * Least cost among maximum flows: efn's network simplex, or cost scaling
 * where that is exact and faster (allocate_by_scaling). The two edges of a
 * bidirectional segment each get the whole capacity; opposite flows on
 * them are then cancelled, which keeps every balance and leaves one of the
 * two at zero, so the pair's total is within the shared capacity. Costs
 * are the problem's (zero on the supply and demand arcs); an unbounded
 * capacity reads as a bound no flow reaches (efn__fp_finite_caps).
 */
static int allocate_max(const efn__fp *fp, const double *cap, double *flow,
                        double *value)
{
    efn__mcf w;
    size_t e;
    int rc = allocate_by_scaling(fp, cap, flow, value);
    if (rc == 0) {
        rc = efn__mcf_init(&w, fp->nnodes + 2, fp->nedges, fp->tail, fp->head);
        w.inf_cap = fp->supply_total + 1.0;
        if (rc == EFN_OK)
            rc = efn__mcf_solve(&w, fp->source, fp->sink, cap, fp->cost, value,
                                flow, NULL);
        efn__mcf_free(&w);
    } else if (rc == 1)
        rc = EFN_OK;
    if (rc != EFN_OK)
        return rc;
    for (e = 0; e < fp->nseg; e++) {
        long p = efn__fp_pair(fp, e);
        if (p > (long)e) {
            double both = flow[e] < flow[p] ? flow[e] : flow[p];
            flow[e] -= both;
            flow[p] -= both;
        }
    }
    return EFN_OK;
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
                     double *flow, double *value)
{
    double v = 0;
    int rc;
    if (!cap)
        cap = fp->cap;
    if (fp->nsup == 0 || fp->ncons == 0) {
        memset(flow, 0, fp->nedges * sizeof *flow);
        if (value)
            *value = 0;
        return EFN_OK;
    }
    if (mode == EFN_ALLOC_SHARED) {
        size_t i;
        if ((rc = allocate_shared(fp, cap, flow)) != EFN_OK)
            return rc;
        for (i = 0; i < fp->ncons; i++)
            v += flow[fp->nseg + fp->nsup + i];
    } else if ((rc = allocate_max(fp, cap, flow, &v)) != EFN_OK)
        return rc;
    if (value)
        *value = v;
    return EFN_OK;
}
