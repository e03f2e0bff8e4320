/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * trace.c: proportional sharing (Bialek 1996) of computed or observed flows.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

#include "flowcore.h"
#include "tracecore.h"

/* No node or origin, in the 32-bit work arrays. */
#define NONE32 UINT32_MAX
/* Below this a flow is rounding noise (1 m3/y of gas). */
#define EFN_TRACE_EPS 1e-9
/* Largest cyclic system solved densely; beyond it, Gauss-Seidel. */
#define EFN_TRACE_DENSE_MAX 2000

void efn_trace_free(efn_trace *t)
{
    if (!t)
        return;
    efn__free(t->edges);
    efn__free(t->order);
    efn__free(t->P);
    efn__free(t->T);
    efn__free(t->W);
    efn__free(t->orig_node);
    efn__free(t->orig_implied);
    efn__free(t->orig_country);
    efn__free(t->country);
    efn__free(t->vstart);
    efn__free(t->vlen);
    efn__free(t->vorig);
    efn__free(t->vval);
    efn__free(t->cons_node);
    efn__free(t);
}

/* Kahn's algorithm over the edges, with the edges by tail in compressed
 * rows; sets t->cyclic when some node is left. The same pass over the
 * edges sets each node's throughput T = P + inflow. */
static int topo_order(efn_trace *t)
{
    size_t n = t->n, qh = 0, qt = 0, i, e;
    uint32_t *indeg = NULL, *adj = NULL, *stack = NULL, *ostart = NULL;
    /* nodes and edges are numbered in 32 bits from here on (add_edge
     * checks the edges) */
    if (n >= UINT32_MAX)
        return efn__error(EFN_ERROR, "tracing: more than 2^32 - 1 nodes");
    indeg = efn__calloc(n + 1, sizeof *indeg);
    adj = efn__malloc((t->nedges + 1) * sizeof *adj);
    ostart = efn__calloc(n + 2, sizeof *ostart);
    stack = efn__malloc((n + 1) * sizeof *stack);
    t->order = efn__malloc((n + 1) * sizeof *t->order);
    if (!indeg || !adj || !ostart || !stack || !t->order) {
        efn__free(indeg);
        efn__free(adj);
        efn__free(ostart);
        efn__free(stack);
        return efn__nomem();
    }
    for (i = 0; i < n; i++)
        t->T[i] = t->P[i];
    for (e = 0; e < t->nedges; e++) {
        const efn__tedge *ed = &t->edges[e];
        t->T[ed->to] += ed->flow;
        indeg[ed->to]++;
        ostart[ed->from + 2]++;
    }
    for (i = 2; i < n + 2; i++)
        ostart[i] += ostart[i - 1];
    for (e = 0; e < t->nedges; e++)
        adj[ostart[t->edges[e].from + 1]++] = (uint32_t)t->edges[e].to;
    /* A stack, sources pushed last to first: the order follows each
     * chain of edges from the lowest-numbered source onwards, so that a
     * tail is mostly placed just before its head. */
    for (i = n; i-- > 0;)
        if (!indeg[i])
            stack[qh++] = (uint32_t)i;
    while (qh > 0) {
        size_t u = stack[--qh], x;
        t->order[qt++] = (uint32_t)u;
        for (x = ostart[u + 1]; x-- > ostart[u];)
            if (--indeg[adj[x]] == 0)
                stack[qh++] = adj[x];
    }
    t->cyclic = qt < n;
    efn__free(indeg);
    efn__free(adj);
    efn__free(ostart);
    efn__free(stack);
    return EFN_OK;
}

static double passed(const efn_trace *t, const efn__tedge *e, int mode,
                     const double *z)
{
    if (mode == EFN_FULL)
        return e->flow;
    if (mode == EFN_BLOCK || t->T[e->from] <= 0)
        return 0;
    return e->flow * z[e->from] / t->T[e->from];
}

/* The edges by head: those into node i are byhead[start[i] ..
 * start[i + 1]), in edge order (a counting sort). Both are freed by the
 * caller; on failure neither is set. */
static int in_edges(const efn_trace *t, uint32_t **start_out,
                    uint32_t **byhead_out)
{
    size_t k, e;
    uint32_t *start = efn__calloc(t->n + 2, sizeof *start);
    uint32_t *byhead = efn__malloc((t->nedges + 1) * sizeof *byhead);
    uint32_t *fill = efn__malloc((t->n + 1) * sizeof *fill);
    if (!start || !byhead || !fill) {
        efn__free(start);
        efn__free(byhead);
        efn__free(fill);
        return efn__nomem();
    }
    for (e = 0; e < t->nedges; e++)
        start[t->edges[e].to + 1]++;
    for (k = 0; k < t->n; k++)
        start[k + 1] += start[k];
    memcpy(fill, start, t->n * sizeof *fill);
    for (e = 0; e < t->nedges; e++)
        byhead[fill[t->edges[e].to]++] = (uint32_t)e;
    efn__free(fill);
    *start_out = start;
    *byhead_out = byhead;
    return EFN_OK;
}

static int propagate_acyclic(const efn_trace *t, const double *b,
                             const unsigned char *mode,
                             const unsigned char *fixed, double *z)
{
    size_t k;
    uint32_t *start = NULL, *byhead = NULL;
    int rc;
    /* In topological order every tail is final before its head is read;
     * edges are scanned by head with an index built once per call. */
    if ((rc = in_edges(t, &start, &byhead)) != EFN_OK)
        return rc;
    for (k = 0; k < t->n; k++) {
        size_t i = t->order[k], q;
        double v = b ? b[i] : 0;
        if (!(fixed && fixed[i]))
            for (q = start[i]; q < start[i + 1]; q++) {
                size_t ee = byhead[q];
                v += passed(t, &t->edges[ee], mode ? mode[ee] : EFN_PASS, z);
            }
        z[i] = v;
    }
    efn__free(start);
    efn__free(byhead);
    return EFN_OK;
}

/* (I - M) z = b', with M[i][j] = f(j -> i) / T(j) over passing edges. */
static int propagate_dense(const efn_trace *t, const double *b,
                           const unsigned char *mode,
                           const unsigned char *fixed, double *z)
{
    gsl_matrix *A = gsl_matrix_calloc(t->n, t->n);
    gsl_vector *rhs = gsl_vector_calloc(t->n);
    gsl_vector *x = gsl_vector_alloc(t->n);
    gsl_permutation *p = gsl_permutation_alloc(t->n);
    unsigned char *live = efn__calloc(t->n + 1, 1);
    size_t i, e;
    int sign, rc = EFN_OK, changed = 1;
    if (!A || !rhs || !x || !p || !live) {
        rc = efn__nomem();
        goto done;
    }
    /* Only nodes that some volume reaches take part: a circulation that no
     * origin feeds (a loop of observed flow with nothing in or out) would
     * make the system singular, and its volume is zero anyway. */
    for (i = 0; i < t->n; i++)
        live[i] = b && b[i] != 0;
    for (e = 0; e < t->nedges; e++)
        if (mode && mode[e] == EFN_FULL && !(fixed && fixed[t->edges[e].to]))
            live[t->edges[e].to] = 1;
    while (changed) {
        changed = 0;
        for (e = 0; e < t->nedges; e++) {
            const efn__tedge *ed = &t->edges[e];
            if (live[ed->from] && !live[ed->to] && !(fixed && fixed[ed->to]) &&
                (mode ? mode[e] : EFN_PASS) == EFN_PASS) {
                live[ed->to] = 1;
                changed = 1;
            }
        }
    }
    for (i = 0; i < t->n; i++) {
        gsl_matrix_set(A, i, i, 1.0);
        gsl_vector_set(rhs, i, b ? b[i] : 0);
    }
    for (e = 0; e < t->nedges; e++) {
        const efn__tedge *ed = &t->edges[e];
        int m = mode ? mode[e] : EFN_PASS;
        if ((fixed && fixed[ed->to]) || !live[ed->to])
            continue;
        if (m == EFN_PASS && !live[ed->from])
            continue;
        if (m == EFN_FULL)
            gsl_vector_set(rhs, ed->to, gsl_vector_get(rhs, ed->to) + ed->flow);
        else if (m == EFN_PASS && t->T[ed->from] > 0)
            gsl_matrix_set(A, ed->to, ed->from,
                           gsl_matrix_get(A, ed->to, ed->from) -
                               ed->flow / t->T[ed->from]);
    }
    if (gsl_linalg_LU_decomp(A, p, &sign) != GSL_SUCCESS ||
        gsl_linalg_LU_solve(A, p, rhs, x) != GSL_SUCCESS) {
        rc = efn__error(EFN_ERROR, "tracing: the flow system is singular");
        goto done;
    }
    for (i = 0; i < t->n; i++)
        z[i] = gsl_vector_get(x, i);
done:
    gsl_matrix_free(A);
    gsl_vector_free(rhs);
    gsl_vector_free(x);
    gsl_permutation_free(p);
    efn__free(live);
    return rc;
}

/* Jacobi iteration z <- b + M z. It converges because every cycle that
 * some volume reaches leaks flow to withdrawals (a closed circulation that
 * nothing feeds stays at zero from the start). */
static int propagate_iterative(const efn_trace *t, const double *b,
                               const unsigned char *mode,
                               const unsigned char *fixed, double *z)
{
    size_t i, e, it;
    double *next = efn__malloc((t->n + 1) * sizeof *next);
    if (!next)
        return efn__nomem();
    for (i = 0; i < t->n; i++)
        z[i] = b ? b[i] : 0;
    for (it = 0; it < 100000; it++) {
        double change = 0, scale = 0;
        for (i = 0; i < t->n; i++)
            next[i] = b ? b[i] : 0;
        for (e = 0; e < t->nedges; e++) {
            const efn__tedge *ed = &t->edges[e];
            if (!(fixed && fixed[ed->to]))
                next[ed->to] += passed(t, ed, mode ? mode[e] : EFN_PASS, z);
        }
        for (i = 0; i < t->n; i++) {
            change += fabs(next[i] - z[i]);
            scale += fabs(next[i]);
            z[i] = next[i];
        }
        if (change <= 1e-13 * (scale > 1 ? scale : 1)) {
            efn__free(next);
            return EFN_OK;
        }
    }
    efn__free(next);
    return efn__error(EFN_ERROR, "tracing: the cyclic flow system did not "
                                 "converge");
}

int efn__propagate(const efn_trace *t, const double *b,
                   const unsigned char *mode, const unsigned char *fixed,
                   double *z)
{
    if (!t->cyclic)
        return propagate_acyclic(t, b, mode, fixed, z);
    if (t->n <= EFN_TRACE_DENSE_MAX)
        return propagate_dense(t, b, mode, fixed, z);
    return propagate_iterative(t, b, mode, fixed, z);
}

/* ---- building a trace --------------------------------------------------- */

static int add_edge(efn_trace *t, size_t *cap, size_t from, size_t to,
                    double flow, size_t asset, size_t segment)
{
    if (flow < 0) {
        size_t x = from;
        from = to;
        to = x;
        flow = -flow;
    }
    if (flow <= EFN_TRACE_EPS)
        return EFN_OK;
    if (t->nedges == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        efn__tedge *g = efn__realloc(t->edges, c * sizeof *g);
        if (!g)
            return efn__nomem();
        t->edges = g;
        *cap = c;
    }
    if (t->nedges >= UINT32_MAX - 1 || asset >= UINT32_MAX ||
        segment >= UINT32_MAX)
        return efn__error(EFN_ERROR, "tracing: more than 2^32 - 2 edges");
    t->edges[t->nedges].from = (uint32_t)from;
    t->edges[t->nedges].to = (uint32_t)to;
    t->edges[t->nedges].flow = flow;
    t->edges[t->nedges].asset = (uint32_t)asset;
    t->edges[t->nedges].segment = (uint32_t)segment;
    t->nedges++;
    return EFN_OK;
}

/* Room for `more` entries in the sparse volumes. */
static int reserve(efn_trace *t, size_t *room, size_t more)
{
    size_t want = t->nnz + more, r = *room ? *room : 64;
    uint32_t *o;
    double *v;
    if (want <= *room)
        return EFN_OK;
    while (r < want)
        r *= 2;
    o = efn__realloc(t->vorig, r * sizeof *o);
    if (!o)
        return efn__nomem();
    t->vorig = o;
    v = efn__realloc(t->vval, r * sizeof *v);
    if (!v)
        return efn__nomem();
    t->vval = v;
    *room = r;
    return EFN_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/*
 * Acyclic flows: every node's volume by origin in one pass in topological
 * order, V(i) = P(i) e_origin(i) + sum over edges j -> i of
 * f(j -> i) V(j) / T(j), each node's entries merged in a sparse
 * accumulator. The additions for each origin come in the same order as in
 * one efn__propagate() column per origin, so the volumes are the same to
 * the bit; only what is never zero is stored, so the cost follows how far
 * each origin's gas spreads, not nodes times origins.
 *
 * Nodes are renumbered by their place in the order, and the in-edges
 * gathered by that place, so that the pass reads its edges, the tails'
 * throughputs and the tails' vectors near where it last read: a tail was
 * placed shortly before its head, and the vectors are stored in the order
 * they are formed. Reading them by node number instead costs a cache miss
 * per edge on large networks.
 */
static int volumes_in_order(efn_trace *t)
{
    size_t n = t->n, no = t->norig, room = 0, q, k, e;
    uint32_t *pos = NULL, *from = NULL;
    /* 32-bit but for vs, which counts entries */
    uint32_t *cstart = efn__calloc(n + 2, sizeof *cstart);
    size_t *vs = efn__malloc((n + 1) * sizeof *vs);
    uint32_t *orig_at = efn__malloc((n + 1) * sizeof *orig_at);
    uint32_t *mark = efn__malloc((no + 1) * sizeof *mark);
    uint32_t *touched = efn__malloc((no + 1) * sizeof *touched);
    double *acc = efn__malloc((no + 1) * sizeof *acc);
    double *tq = efn__malloc((n + 1) * sizeof *tq);
    double *flow = efn__malloc((t->nedges + 1) * sizeof *flow);
    int rc = EFN_OK;
    /* topo_order() has checked that node numbers fit in 32 bits */
    pos = efn__malloc((n + 1) * sizeof *pos);
    from = efn__malloc((t->nedges + 1) * sizeof *from);
    if (!pos || !from || !cstart || !vs || !orig_at || !mark || !touched ||
        !acc || !tq || !flow) {
        rc = efn__nomem();
        goto done;
    }
    for (q = 0; q < n; q++) {
        pos[t->order[q]] = (uint32_t)q;
        tq[q] = t->T[t->order[q]];
        orig_at[q] = NONE32;
    }
    for (k = 0; k < no; k++) {
        orig_at[pos[t->orig_node[k]]] = (uint32_t)k;
        mark[k] = NONE32;
    }
    /* In-edges by the head's place, in edge order within each head (a
     * stable counting sort): node q's are [cstart[q], cstart[q + 1]). */
    for (e = 0; e < t->nedges; e++)
        cstart[pos[t->edges[e].to] + 2]++;
    for (q = 2; q < n + 2; q++)
        cstart[q] += cstart[q - 1];
    for (e = 0; e < t->nedges; e++) {
        size_t at = cstart[pos[t->edges[e].to] + 1]++;
        from[at] = pos[t->edges[e].from];
        flow[at] = t->edges[e].flow;
    }
    for (q = 0; q < n; q++) {
        size_t nt = 0, j, x;
        if (orig_at[q] != NONE32) {
            k = orig_at[q];
            mark[k] = (uint32_t)q;
            acc[k] = 0 + t->P[t->order[q]];
            touched[nt++] = (uint32_t)k;
        }
        for (x = cstart[q]; x < cstart[q + 1]; x++) {
            size_t fq = from[x], end;
            double f = flow[x], tt = tq[fq];
            if (tt <= 0)
                continue;
            end = vs[fq + 1];
            for (j = vs[fq]; j < end; j++) {
                k = t->vorig[j];
                if (mark[k] != q) {
                    mark[k] = (uint32_t)q;
                    acc[k] = 0;
                    touched[nt++] = (uint32_t)k;
                }
                /* as the per-origin recursion computes it, to the bit */
                acc[k] += f * t->vval[j] / tt;
            }
        }
        if (nt * 8 > no) {
            /* Many origins: read them off in order, no sort. */
            size_t m = 0;
            for (k = 0; k < no; k++)
                if (mark[k] == q)
                    touched[m++] = (uint32_t)k;
        } else if (nt > 32) {
            qsort(touched, nt, sizeof *touched, cmp_u32);
        } else { /* insertion: most nodes mix few origins */
            for (j = 1; j < nt; j++) {
                uint32_t key = touched[j];
                size_t h = j;
                for (; h > 0 && touched[h - 1] > key; h--)
                    touched[h] = touched[h - 1];
                touched[h] = key;
            }
        }
        if ((rc = reserve(t, &room, nt)) != EFN_OK)
            goto done;
        vs[q] = t->nnz;
        for (j = 0; j < nt; j++)
            if (acc[touched[j]] != 0) {
                t->vorig[t->nnz] = touched[j];
                t->vval[t->nnz++] = acc[touched[j]];
            }
        vs[q + 1] = t->nnz;
    }
    /* Below noise is zero, as in the per-origin columns: dropped only now,
     * after every downstream node has added it in. */
    {
        size_t w = 0, j;
        for (q = 0; q < n; q++) { /* in the order they were stored */
            size_t i = t->order[q];
            t->vstart[i] = w;
            for (j = vs[q]; j < vs[q + 1]; j++)
                if (fabs(t->vval[j]) >= EFN_TRACE_EPS) {
                    t->vorig[w] = t->vorig[j];
                    t->vval[w++] = t->vval[j];
                }
            t->vlen[i] = (uint32_t)(w - t->vstart[i]);
        }
        t->nnz = w;
    }
done:
    efn__free(pos);
    efn__free(from);
    efn__free(cstart);
    efn__free(vs);
    efn__free(orig_at);
    efn__free(mark);
    efn__free(touched);
    efn__free(acc);
    efn__free(tq);
    efn__free(flow);
    return rc;
}

/* Cyclic flows: one column per origin (efn__propagate solves the system),
 * its entries kept by node. */
static int volumes_by_column(efn_trace *t, double *b, double *z)
{
    size_t n = t->n, k, i, room = 0;
    int rc = EFN_OK;
    /* The columns' entries as triplets first (solving each system twice,
     * to count and then to fill, would double the work). */
    size_t ntrip = 0, troom = 0, *ti = NULL, *tk = NULL;
    double *tv = NULL;
    for (k = 0; k < t->norig; k++) {
        memset(b, 0, n * sizeof *b);
        b[t->orig_node[k]] = t->P[t->orig_node[k]];
        if ((rc = efn__propagate(t, b, NULL, NULL, z)) != EFN_OK)
            goto done;
        for (i = 0; i < n; i++) {
            if (fabs(z[i]) < EFN_TRACE_EPS)
                continue;
            if (ntrip == troom) {
                size_t r = troom ? 2 * troom : 64;
                size_t *a = efn__realloc(ti, r * sizeof *a), *c;
                double *v;
                if (!a) {
                    rc = efn__nomem();
                    goto done;
                }
                ti = a;
                if (!(c = efn__realloc(tk, r * sizeof *c))) {
                    rc = efn__nomem();
                    goto done;
                }
                tk = c;
                if (!(v = efn__realloc(tv, r * sizeof *v))) {
                    rc = efn__nomem();
                    goto done;
                }
                tv = v;
                troom = r;
            }
            ti[ntrip] = i;
            tk[ntrip] = k;
            tv[ntrip++] = z[i];
        }
    }
    if ((rc = reserve(t, &room, ntrip)) != EFN_OK)
        goto done;
    for (i = 0; i < ntrip; i++)
        t->vlen[ti[i]]++;
    for (i = 1; i < n; i++)
        t->vstart[i] = t->vstart[i - 1] + t->vlen[i - 1];
    {
        size_t *fill = efn__malloc((n + 1) * sizeof *fill);
        if (!fill) {
            rc = efn__nomem();
            goto done;
        }
        for (i = 0; i < n; i++)
            fill[i] = t->vstart[i];
        for (i = 0; i < ntrip; i++) { /* origins ascend within each node */
            size_t at = fill[ti[i]]++;
            t->vorig[at] = (uint32_t)tk[i];
            t->vval[at] = tv[i];
        }
        efn__free(fill);
    }
    t->nnz = ntrip;
done:
    efn__free(ti);
    efn__free(tk);
    efn__free(tv);
    return rc;
}

/* The index of country `name` among t->country, added when new: an open
 * addressing table of `slots` entries (a power of two above twice the
 * origins), so that thousands of origins do not compare every name. */
static size_t country_index(efn_trace *t, size_t *table, size_t slots,
                            const char *name)
{
    size_t h = 1469598103934665603u, at;
    const unsigned char *p;
    for (p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    for (at = h & (slots - 1);; at = (at + 1) & (slots - 1)) {
        size_t c = table[at];
        if (c == (size_t)-1) {
            table[at] = t->ncountry;
            t->country[t->ncountry] = name;
            return t->ncountry++;
        }
        if (strcmp(t->country[c], name) == 0)
            return c;
    }
}

/* Origins, countries, consumers and the volumes, once edges, P and W are
 * set. */
static int finish(efn_trace *t, const unsigned char *has_supply)
{
    const efn_network *net = t->net;
    size_t i, k, slots, *table = NULL;
    double *b = NULL, *z = NULL;
    int rc;
    if ((rc = topo_order(t)) != EFN_OK)
        return rc;
    for (i = 0; i < t->n; i++) {
        if (t->P[i] > EFN_TRACE_EPS)
            t->norig++;
        if (t->W[i] > EFN_TRACE_EPS)
            t->ncons++;
    }
    t->orig_node = efn__calloc(t->norig + 1, sizeof *t->orig_node);
    t->orig_implied = efn__calloc(t->norig + 1, 1);
    t->orig_country = efn__calloc(t->norig + 1, sizeof *t->orig_country);
    t->country = efn__calloc(t->norig + 1, sizeof *t->country);
    t->cons_node = efn__calloc(t->ncons + 1, sizeof *t->cons_node);
    t->vstart = efn__calloc(t->n + 1, sizeof *t->vstart);
    t->vlen = efn__calloc(t->n + 1, sizeof *t->vlen);
    if (t->cyclic) { /* the linear systems' work vectors */
        b = efn__calloc(t->n + 1, sizeof *b);
        z = efn__calloc(t->n + 1, sizeof *z);
    }
    if (!t->orig_node || !t->orig_implied || !t->orig_country || !t->country ||
        !t->cons_node || !t->vstart || !t->vlen || (t->cyclic && (!b || !z))) {
        rc = efn__nomem();
        goto done;
    }
    for (slots = 16; slots < 2 * t->norig + 2; slots *= 2)
        ;
    if (!(table = efn__malloc(slots * sizeof *table))) {
        rc = efn__nomem();
        goto done;
    }
    for (i = 0; i < slots; i++)
        table[i] = (size_t)-1;
    for (i = 0, k = 0; i < t->n; i++) {
        if (t->P[i] <= EFN_TRACE_EPS)
            continue;
        t->orig_node[k] = i;
        t->orig_implied[k] = has_supply ? !has_supply[i] : 0;
        if (t->orig_implied[k])
            t->nunbalanced++;
        k++;
    }
    /* Each origin's country: its node and its name are far apart in
     * memory, so both are fetched ahead of their turn. */
    for (k = 0; k < t->norig; k++) {
        if (k + 16 < t->norig)
            EFN_PREFETCH(&net->nodes[t->orig_node[k + 16]]);
        if (k + 8 < t->norig)
            EFN_PREFETCH(net->nodes[t->orig_node[k + 8]].origin);
        t->orig_country[k] =
            country_index(t, table, slots, net->nodes[t->orig_node[k]].origin);
    }
    for (i = 0, k = 0; i < t->n; i++)
        if (t->W[i] > EFN_TRACE_EPS)
            t->cons_node[k++] = i;
    rc = t->cyclic ? volumes_by_column(t, b, z) : volumes_in_order(t);
done:
    efn__free(b);
    efn__free(z);
    efn__free(table);
    return rc;
}

static efn_trace *trace_new(const efn_network *net, efn_commodity c, int year)
{
    efn_trace *t = efn__calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->net = net;
    t->commodity = c;
    t->year = year;
    t->n = net->nnodes;
    t->P = efn__calloc(t->n + 1, sizeof *t->P);
    t->T = efn__calloc(t->n + 1, sizeof *t->T);
    t->W = efn__calloc(t->n + 1, sizeof *t->W);
    if (!t->P || !t->T || !t->W) {
        efn_trace_free(t);
        return NULL;
    }
    return t;
}

int efn_trace_from_flow(efn_trace **out, const efn_network *net,
                        const efn_flow *flow)
{
    efn_trace *t;
    const efn__flow_seg *seg;
    size_t i, cap = 0, nseg;
    int rc = EFN_OK;
    if (!out)
        return efn__error(EFN_EARG, "efn_trace_from_flow: out is NULL");
    *out = NULL;
    if (!net || !flow)
        return efn__error(EFN_EARG, "efn_trace_from_flow: NULL argument");
    if (efn__flow_network(flow) != net)
        return efn__error(EFN_EARG, "efn_trace_from_flow: the flow was not "
                                    "computed on this network");
    t = trace_new(net, efn_flow_commodity(flow), efn_flow_year(flow));
    if (!t)
        return efn__nomem();
    t->source = EFN_TRACE_FLOW;
    t->mode = efn_flow_mode(flow);
    /* Room for every segment at once. */
    seg = efn__flow_segments(flow, &nseg);
    cap = nseg + 1;
    if (!(t->edges = efn__malloc(cap * sizeof *t->edges))) {
        efn_trace_free(t);
        return efn__nomem();
    }
    for (i = 0; i < nseg && rc == EFN_OK; i++)
        rc = add_edge(t, &cap, seg[i].from_node, seg[i].to_node, seg[i].flow,
                      seg[i].asset, seg[i].segment);
    for (i = 0; i < efn_flow_supplier_count(flow); i++) {
        efn_flow_supplier s;
        efn_flow_supplier_get(&s, flow, i);
        t->P[s.node] += s.injected;
    }
    for (i = 0; i < efn_flow_consumer_count(flow); i++) {
        efn_flow_consumer c;
        efn_flow_consumer_get(&c, flow, i);
        t->W[c.node] += c.delivered;
    }
    if (rc == EFN_OK)
        rc = finish(t, NULL);
    if (rc != EFN_OK) {
        efn_trace_free(t);
        return rc;
    }
    *out = t;
    return EFN_OK;
}

static int trace_observed(efn_trace **out, const efn_network *net,
                          efn_commodity commodity, int year)
{
    efn_trace *t;
    size_t i, s, cap = 0;
    double *in, *outf;
    unsigned char *has_supply;
    int rc = EFN_OK;
    year = efn__resolve_year(net, year);
    t = trace_new(net, commodity, year);
    in = efn__calloc(net->nnodes + 1, sizeof *in);
    outf = efn__calloc(net->nnodes + 1, sizeof *outf);
    has_supply = efn__calloc(net->nnodes + 1, 1);
    if (!t || !in || !outf || !has_supply) {
        rc = efn__nomem();
        goto done;
    }
    t->source = EFN_TRACE_OBSERVED;
    for (i = 0; i < net->nassets && rc == EFN_OK; i++) {
        const efn__asset *a = &net->assets[i];
        if (a->commodity != commodity || !efn_asset_is_active(net, i, year))
            continue;
        for (s = 0; s + 1 < a->nroute && rc == EFN_OK; s++) {
            double f = efn__segment_value(net, i, s, EFN_FLOW, year);
            if (isnan(f) || f <= EFN_TRACE_EPS)
                continue;
            rc = add_edge(t, &cap, a->route[s], a->route[s + 1], f, i, s);
            outf[a->route[s]] += f;
            in[a->route[s + 1]] += f;
        }
    }
    for (i = 0; i < net->nnodes; i++) {
        double sup = efn__qty_at(
            efn__node_q(&net->nodes[i], EFN_SUPPLY, commodity), year);
        has_supply[i] = !isnan(sup) && sup > 0;
        if (outf[i] > in[i])
            t->P[i] = outf[i] - in[i];
        else
            t->W[i] = in[i] - outf[i];
    }
    if (rc == EFN_OK)
        rc = finish(t, has_supply);
done:
    efn__free(in);
    efn__free(outf);
    efn__free(has_supply);
    if (rc != EFN_OK) {
        efn_trace_free(t);
        return rc;
    }
    *out = t;
    return EFN_OK;
}

int efn_trace_run(efn_trace **out, const efn_network *net,
                  const efn_trace_options *options)
{
    efn_trace_options opt = EFN_TRACE_OPTIONS_INIT;
    efn_flow_options fo = EFN_FLOW_OPTIONS_INIT;
    efn_flow *flow = NULL;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_trace_run: out is NULL");
    *out = NULL;
    if (!net)
        return efn__error(EFN_EARG, "efn_trace_run: net is NULL");
    if (options)
        opt = *options;
    if ((unsigned)opt.commodity >= EFN_COMMODITY_COUNT)
        return efn__error(EFN_EARG, "efn_trace_run: unknown commodity");
    if (opt.source == EFN_TRACE_OBSERVED)
        return trace_observed(out, net, opt.commodity, opt.year);
    fo.commodity = opt.commodity;
    fo.year = opt.year;
    fo.mode = opt.mode;
    if ((rc = efn_flow_run(&flow, net, &fo)) != EFN_OK)
        return rc;
    rc = efn_trace_from_flow(out, net, flow);
    efn_flow_free(flow);
    return rc;
}

/* ---- accessors ---------------------------------------------------------- */

efn_commodity efn_trace_commodity(const efn_trace *t)
{
    return t ? t->commodity : EFN_GAS;
}

int efn_trace_year(const efn_trace *t)
{
    return t ? efn__year_out(t->year) : 0;
}
int efn_trace_cyclic(const efn_trace *t)
{
    return t ? t->cyclic : 0;
}

efn_trace_source efn_trace_source_of(const efn_trace *t)
{
    return t ? t->source : EFN_TRACE_FLOW;
}

efn_allocation efn_trace_mode(const efn_trace *t)
{
    return t ? t->mode : EFN_ALLOC_MAX;
}

void efn__trace_json_source(cJSON *root, const efn_trace *t)
{
    cJSON_AddStringToObject(
        root, "source", t->source == EFN_TRACE_OBSERVED ? "observed" : "flow");
    if (t->source == EFN_TRACE_FLOW)
        cJSON_AddStringToObject(root, "mode", efn_allocation_name(t->mode));
}

size_t efn_trace_unbalanced_count(const efn_trace *t)
{
    return t ? t->nunbalanced : 0;
}

size_t efn_trace_origin_count(const efn_trace *t)
{
    return t ? t->norig : 0;
}
size_t efn_trace_country_count(const efn_trace *t)
{
    return t ? t->ncountry : 0;
}
size_t efn_trace_consumer_count(const efn_trace *t)
{
    return t ? t->ncons : 0;
}
size_t efn_trace_segment_count(const efn_trace *t)
{
    return t ? t->nedges : 0;
}

const char *efn_trace_country(const efn_trace *t, size_t c)
{
    return t && c < t->ncountry ? t->country[c] : NULL;
}

int efn_trace_origin_get(size_t *out_node, double *out_injected,
                         int *out_implied, const efn_trace *t, size_t k)
{
    if (!out_node || !out_injected || !out_implied || !t)
        return efn__error(EFN_EARG, "efn_trace_origin_get: NULL argument");
    if (k >= t->norig)
        return efn__error(EFN_ENOTFOUND, "origin %zu out of range (%zu)", k,
                          t->norig);
    *out_node = t->orig_node[k];
    *out_injected = t->P[t->orig_node[k]];
    *out_implied = t->orig_implied[k];
    return EFN_OK;
}

int efn_trace_consumer_get(size_t *out_node, double *out_volume,
                           const efn_trace *t, size_t j)
{
    if (!out_node || !out_volume || !t)
        return efn__error(EFN_EARG, "efn_trace_consumer_get: NULL argument");
    if (j >= t->ncons)
        return efn__error(EFN_ENOTFOUND, "consumer %zu out of range (%zu)", j,
                          t->ncons);
    *out_node = t->cons_node[j];
    *out_volume = t->W[t->cons_node[j]];
    return EFN_OK;
}

/* The volume at node i from origin k: a binary search of its entries. */
static double volume(const efn_trace *t, size_t i, size_t k)
{
    size_t lo = t->vstart[i], hi = lo + t->vlen[i];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->vorig[mid] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->vstart[i] + t->vlen[i] && t->vorig[lo] == k ? t->vval[lo]
                                                               : 0;
}

/* The share of node i's throughput from origin k. */
static double mix(const efn_trace *t, size_t i, size_t k)
{
    return t->T[i] > 0 ? volume(t, i, k) / t->T[i] : 0;
}

/* The share of node i's throughput from the origins in country c, summed
 * over its entries in origin order. */
static double country_mix(const efn_trace *t, size_t i, size_t c)
{
    size_t j;
    double share = 0;
    if (!(t->T[i] > 0))
        return 0;
    for (j = t->vstart[i]; j < t->vstart[i] + t->vlen[i]; j++)
        if (t->orig_country[t->vorig[j]] == c)
            share += t->vval[j] / t->T[i];
    return share;
}

int efn_trace_consumer_origin(double *out_volume, double *out_share,
                              const efn_trace *t, size_t j, size_t k)
{
    size_t d;
    if (!out_volume || !out_share || !t)
        return efn__error(EFN_EARG, "efn_trace_consumer_origin: NULL argument");
    if (j >= t->ncons || k >= t->norig)
        return efn__error(EFN_ENOTFOUND,
                          "consumer %zu or origin %zu out of "
                          "range",
                          j, k);
    d = t->cons_node[j];
    *out_share = mix(t, d, k);
    *out_volume = t->W[d] * *out_share;
    return EFN_OK;
}

int efn_trace_consumer_country(double *out_volume, double *out_share,
                               const efn_trace *t, size_t j, size_t c)
{
    size_t d;
    if (!out_volume || !out_share || !t)
        return efn__error(EFN_EARG, "efn_trace_consumer_country: NULL "
                                    "argument");
    if (j >= t->ncons || c >= t->ncountry)
        return efn__error(EFN_ENOTFOUND,
                          "consumer %zu or country %zu out of "
                          "range",
                          j, c);
    d = t->cons_node[j];
    *out_share = country_mix(t, d, c);
    *out_volume = t->W[d] * *out_share;
    return EFN_OK;
}

int efn_trace_segment_get(efn_trace_segment *out, const efn_trace *t, size_t i)
{
    if (!out || !t)
        return efn__error(EFN_EARG, "efn_trace_segment_get: NULL argument");
    if (i >= t->nedges)
        return efn__error(EFN_ENOTFOUND, "segment %zu out of range (%zu)", i,
                          t->nedges);
    out->asset = t->edges[i].asset;
    out->segment = t->edges[i].segment;
    out->from_node = t->edges[i].from;
    out->to_node = t->edges[i].to;
    out->flow = t->edges[i].flow;
    return EFN_OK;
}

int efn_trace_segment_origin(double *out_volume, double *out_share,
                             const efn_trace *t, size_t i, size_t k)
{
    if (!out_volume || !out_share || !t)
        return efn__error(EFN_EARG, "efn_trace_segment_origin: NULL argument");
    if (i >= t->nedges || k >= t->norig)
        return efn__error(EFN_ENOTFOUND,
                          "segment %zu or origin %zu out of "
                          "range",
                          i, k);
    *out_share = mix(t, t->edges[i].from, k);
    *out_volume = t->edges[i].flow * *out_share;
    return EFN_OK;
}

int efn_trace_segment_country(double *out_volume, double *out_share,
                              const efn_trace *t, size_t i, size_t c)
{
    if (!out_volume || !out_share || !t)
        return efn__error(EFN_EARG, "efn_trace_segment_country: NULL "
                                    "argument");
    if (i >= t->nedges || c >= t->ncountry)
        return efn__error(EFN_ENOTFOUND,
                          "segment %zu or country %zu out of "
                          "range",
                          i, c);
    *out_share = country_mix(t, t->edges[i].from, c);
    *out_volume = t->edges[i].flow * *out_share;
    return EFN_OK;
}

/* Appends {key: name, volume, share} to `arr` when the volume is more
 * than noise. A failed allocation leaves the tree short, which
 * efn__json_finish reports. */
static void add_share(cJSON *arr, const char *key, const char *name, double v,
                      double s)
{
    cJSON *x;
    if (v <= EFN_TRACE_EPS)
        return;
    x = cJSON_CreateObject();
    if (!x || !cJSON_AddItemToArray(arr, x)) {
        cJSON_Delete(x);
        return;
    }
    cJSON_AddStringToObject(x, key, name);
    cJSON_AddNumberToObject(x, "volume", v);
    cJSON_AddNumberToObject(x, "share", s);
}

int efn_trace_to_json(char **out, const efn_trace *t)
{
    const efn_network *net;
    cJSON *root, *arr;
    size_t i, j, k, c;
    if (!out)
        return efn__error(EFN_EARG, "efn_trace_to_json: out is NULL");
    *out = NULL;
    if (!t)
        return efn__error(EFN_EARG, "efn_trace_to_json: trace is NULL");
    net = t->net;
    root = efn__json_root();
    if (!root)
        return efn__nomem();
    cJSON_AddStringToObject(root, "analysis", "trace");
    cJSON_AddStringToObject(root, "commodity",
                            efn_commodity_name(t->commodity));
    cJSON_AddStringToObject(root, "unit", efn_commodity_unit(t->commodity));
    efn__json_add_year(root, t->year);
    efn__trace_json_source(root, t);
    cJSON_AddBoolToObject(root, "cyclic", t->cyclic);
    cJSON_AddNumberToObject(root, "unbalanced_origins", (double)t->nunbalanced);
    arr = cJSON_AddArrayToObject(root, "origins");
    for (k = 0; arr && k < t->norig; k++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(o, "node", net->nodes[t->orig_node[k]].id);
        cJSON_AddStringToObject(o, "country", t->country[t->orig_country[k]]);
        cJSON_AddNumberToObject(o, "injected", t->P[t->orig_node[k]]);
        cJSON_AddBoolToObject(o, "implied", t->orig_implied[k]);
    }
    arr = cJSON_AddArrayToObject(root, "consumers");
    for (j = 0; arr && j < t->ncons; j++) {
        size_t d = t->cons_node[j];
        cJSON *o = cJSON_CreateObject(), *bo, *bc;
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(o, "node", net->nodes[d].id);
        cJSON_AddStringToObject(o, "country", net->nodes[d].country);
        cJSON_AddNumberToObject(o, "volume", t->W[d]);
        bo = cJSON_AddArrayToObject(o, "by_origin");
        for (k = t->vstart[d]; bo && k < t->vstart[d] + t->vlen[d]; k++) {
            double v, s;
            efn_trace_consumer_origin(&v, &s, t, j, t->vorig[k]);
            add_share(bo, "origin", net->nodes[t->orig_node[t->vorig[k]]].id, v,
                      s);
        }
        bc = cJSON_AddArrayToObject(o, "by_country");
        for (c = 0; bc && c < t->ncountry; c++) {
            double v, s;
            efn_trace_consumer_country(&v, &s, t, j, c);
            add_share(bc, "country", t->country[c], v, s);
        }
    }
    arr = cJSON_AddArrayToObject(root, "segments");
    for (i = 0; arr && i < t->nedges; i++) {
        const efn__tedge *e = &t->edges[i];
        cJSON *o = cJSON_CreateObject(), *bc;
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(o, "asset", net->assets[e->asset].id);
        cJSON_AddNumberToObject(o, "segment", (double)e->segment);
        cJSON_AddStringToObject(o, "from", net->nodes[e->from].id);
        cJSON_AddStringToObject(o, "to", net->nodes[e->to].id);
        cJSON_AddNumberToObject(o, "flow", e->flow);
        bc = cJSON_AddArrayToObject(o, "by_country");
        for (c = 0; bc && c < t->ncountry; c++) {
            double v, s;
            efn_trace_segment_country(&v, &s, t, i, c);
            add_share(bc, "country", t->country[c], v, s);
        }
    }
    return efn__json_finish(root, out);
}
