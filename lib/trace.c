/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * trace.c: proportional sharing (Bialek 1996) of computed or observed flows.
 *
 * A trace works on its own nodes: those its flows touch (an end of an edge
 * with flow, an origin, a consumer), numbered as they are first met along
 * the routes, so that the nodes of a route, and the edges into them, lie
 * close together in memory. Only the numbering's map is sized by the
 * network's node count.
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
/* Largest cyclic system solved densely; beyond it, Jacobi iteration. */
#define EFN_TRACE_DENSE_MAX 2000

void efn_trace_free(efn_trace *t)
{
    if (!t)
        return;
    efn__free(t->node_of);
    efn__free(t->edges);
    efn__free(t->orig_node);
    efn__free(t->orig_inj);
    efn__free(t->orig_implied);
    efn__free(t->orig_country);
    efn__free(t->country);
    efn__free(t->node);
    efn__free(t->vorig);
    efn__free(t->vval);
    efn__free(t->cons_node);
    efn__free(t->cons_vol);
    efn__free(t);
}

/* The share of its tail's volume that edge e carries, f(e) / T(tail), or
 * 0 when the tail carries nothing. */
static double ratio(const efn_trace *t, const efn__tedge *e)
{
    double tt = t->node[e->from].T;
    return tt > 0 ? e->flow / tt : 0;
}

static double passed(const efn_trace *t, const efn__tedge *e, int mode,
                     const double *z)
{
    if (mode == EFN_FULL)
        return e->flow;
    if (mode == EFN_BLOCK)
        return 0;
    return ratio(t, e) * z[e->from];
}

/* The edges by head, in edge order within each head (a stable counting
 * sort): node v's are edge[start[v] .. start[v + 1]). As trace nodes are
 * numbered along the routes, and the edges come in route order, the edges
 * into nodes close in number are close in t->edges. */
typedef struct inrows {
    uint32_t *start, *edge;
} inrows;

static void inrows_free(inrows *r)
{
    efn__free(r->start);
    efn__free(r->edge);
    r->start = NULL;
    r->edge = NULL;
}

static int inrows_build(inrows *r, const efn_trace *t)
{
    size_t v, e;
    r->start = efn__calloc(t->n + 2, sizeof *r->start);
    r->edge = efn__malloc((t->nedges + 1) * sizeof *r->edge);
    if (!r->start || !r->edge) {
        inrows_free(r);
        return efn__nomem();
    }
    for (e = 0; e < t->nedges; e++)
        r->start[t->edges[e].to + 2]++;
    for (v = 2; v < t->n + 2; v++)
        r->start[v] += r->start[v - 1];
    for (e = 0; e < t->nedges; e++)
        r->edge[r->start[t->edges[e].to + 1]++] = (uint32_t)e;
    return EFN_OK;
}

/*
 * Depth-first search over the in-edges: visit(ctx, u) is called for every
 * node once the tails of all its in-edges have been visited (post-order, a
 * topological order). The search starts from each node in turn and climbs
 * its in-edges, so a node is visited just after the nodes upstream of it
 * that nothing visited before. An edge to a node still open closes a
 * cycle: the search then stops with *cyclic set. O(nodes + edges).
 */
static int post_order(const efn_trace *t, const inrows *r,
                      int (*visit)(void *ctx, size_t u), void *ctx, int *cyclic)
{
    size_t n = t->n, s;
    unsigned char *state = efn__calloc(n + 1, 1); /* 0 new, 1 open, 2 done */
    /* the open nodes below the one in hand, and where each one's scan of
     * its in-edges resumes */
    uint32_t *stack = efn__malloc((n + 1) * sizeof *stack);
    uint32_t *resume = efn__malloc((n + 1) * sizeof *resume);
    int rc = EFN_OK;
    *cyclic = 0;
    if (!state || !stack || !resume) {
        rc = efn__nomem();
        goto done;
    }
    for (s = 0; s < n; s++) {
        /* the node in hand and its next in-edge, kept out of memory: the
         * scan is a chain of loads, and short */
        size_t sp = 0, u = s, x, end;
        if (state[s])
            continue;
        state[s] = 1;
        x = r->start[u];
        end = r->start[u + 1];
        for (;;) {
            if (x < end) {
                size_t v = t->edges[r->edge[x++]].from;
                if (state[v] == 0) { /* climb to v */
                    state[v] = 1;
                    stack[sp] = (uint32_t)u;
                    resume[sp++] = (uint32_t)x;
                    u = v;
                    x = r->start[u];
                    end = r->start[u + 1];
                } else if (state[v] == 1) {
                    *cyclic = 1;
                    goto done;
                }
                continue;
            }
            state[u] = 2;
            if ((rc = visit(ctx, u)) != EFN_OK)
                goto done;
            if (sp == 0)
                break;
            u = stack[--sp];
            x = resume[sp];
            end = r->start[u + 1];
        }
    }
done:
    efn__free(state);
    efn__free(stack);
    efn__free(resume);
    return rc;
}

typedef struct propagation {
    const efn_trace *t;
    const inrows *r;
    const double *b;
    const unsigned char *mode, *fixed;
    double *z;
} propagation;

static int propagate_at(void *ctx, size_t i)
{
    const propagation *p = ctx;
    const efn_trace *t = p->t;
    double v = p->b ? p->b[i] : 0;
    size_t q;
    if (!(p->fixed && p->fixed[i]))
        for (q = p->r->start[i]; q < p->r->start[i + 1]; q++) {
            size_t ee = p->r->edge[q];
            v += passed(t, &t->edges[ee], p->mode ? p->mode[ee] : EFN_PASS,
                        p->z);
        }
    p->z[i] = v;
    return EFN_OK;
}

/* In topological order every tail is final before its head is read. */
static int propagate_acyclic(const efn_trace *t, const double *b,
                             const unsigned char *mode,
                             const unsigned char *fixed, double *z)
{
    inrows r = {NULL, NULL};
    propagation p;
    int rc, cyclic;
    if ((rc = inrows_build(&r, t)) != EFN_OK)
        return rc;
    p.t = t;
    p.r = &r;
    p.b = b;
    p.mode = mode;
    p.fixed = fixed;
    p.z = z;
    rc = post_order(t, &r, propagate_at, &p, &cyclic);
    inrows_free(&r);
    return rc;
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
        else if (m == EFN_PASS && t->node[ed->from].T > 0)
            gsl_matrix_set(A, ed->to, ed->from,
                           gsl_matrix_get(A, ed->to, ed->from) -
                               ed->flow / t->node[ed->from].T);
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

/* The trace node of network node x, numbered when first met: map[x] is
 * its number + 1 (0 before), t->node_of has room for every network node.
 * Numbered so, the nodes of an asset's route come in a row, and a pass
 * that climbs a route reads its nodes' records in a row. */
static uint32_t node_at(efn_trace *t, uint32_t *map, size_t x)
{
    if (!map[x]) {
        t->node_of[t->n] = (uint32_t)x;
        map[x] = (uint32_t)++t->n;
    }
    return map[x] - 1;
}

/* Room to number every node of `net` (node_at): t->node_of and the map,
 * which the caller frees. */
static int number_nodes(efn_trace *t, uint32_t **map)
{
    size_t n = t->net->nnodes;
    if (n >= NONE32 - 1)
        return efn__error(EFN_ERROR, "tracing: more than 2^32 - 2 nodes");
    *map = efn__calloc(n + 1, sizeof **map);
    t->node_of = efn__malloc((n + 1) * sizeof *t->node_of);
    return *map && t->node_of ? EFN_OK : efn__nomem();
}

/* Appends the edge from -> to (network node numbers; a negative flow turns
 * it round) when its flow is more than noise, its ends numbered as trace
 * nodes. */
static int add_edge(efn_trace *t, size_t *cap, uint32_t *map, size_t from,
                    size_t to, double flow, size_t asset, size_t segment)
{
    efn__tedge *e;
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
    if (t->nedges >= NONE32 - 1 || asset >= NONE32 || segment >= NONE32)
        return efn__error(EFN_ERROR, "tracing: more than 2^32 - 2 edges");
    e = &t->edges[t->nedges++];
    e->from = node_at(t, map, from);
    e->to = node_at(t, map, to);
    e->flow = flow;
    e->asset = (uint32_t)asset;
    e->segment = (uint32_t)segment;
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

/* Node u's throughput, T(u) = P(u) + its inflow, added in edge order. */
static double throughput(const efn_trace *t, const inrows *r, size_t u,
                         double p)
{
    size_t x;
    for (x = r->start[u]; x < r->start[u + 1]; x++)
        p += t->edges[r->edge[x]].flow;
    return p;
}

/* Forming the nodes' mixes: the in-edges, the vectors' room, and a sparse
 * accumulator over the origins. */
typedef struct forming {
    efn_trace *t;
    const inrows *r;
    size_t room;
    uint32_t *mark, *touched;
    double *acc;
} forming;

/* Room for `more` entries, and the next node's vector to start. */
static int begin_vector(efn_trace *t, size_t *room, size_t u, size_t more)
{
    int rc = reserve(t, room, more);
    if (rc != EFN_OK)
        return rc;
    if (t->nnz + more >= NONE32)
        return efn__error(EFN_ERROR, "tracing: more than 2^32 - 1 entries "
                                     "by origin");
    t->node[u].vstart = (uint32_t)t->nnz;
    return EFN_OK;
}

/* Appends origin k's share to the vector begun, when it is not zero. */
static void put_share(efn_trace *t, size_t k, double share)
{
    if (share != 0) {
        t->vorig[t->nnz] = (uint32_t)k;
        t->vval[t->nnz++] = share;
    }
}

/*
 * Node u's throughput and mix, the share of its throughput from each
 * origin, appended to the sparse vectors (a post_order() visit):
 *   T(u) = P(u) + sum over edges j -> u of f(j -> u),
 *   V(u) = P(u) e_origin(u) + sum over edges j -> u of f(j -> u) s(j),
 *   s(u) = V(u) / T(u),
 * the edges taken in edge order and every tail's mix formed already. A
 * node that injects nothing and has one edge in (most nodes of a
 * pipeline network) has T(u) = f and s(u) = s(tail): it shares its
 * tail's entries, and nothing is stored for it.
 */
static int form(void *ctx, size_t u)
{
    forming *w = ctx;
    efn_trace *t = w->t;
    const inrows *r = w->r;
    size_t nt = 0, no = t->norig, j, k, x;
    /* seed_origins() has left P(u) in T and u's origin number + 1 in
     * vstart */
    size_t k_at_u = t->node[u].vstart ? t->node[u].vstart - 1 : NONE32;
    double T;
    int rc;
    T = t->node[u].T = throughput(t, r, u, t->node[u].T);
    if (k_at_u == NONE32 && r->start[u + 1] - r->start[u] == 1) {
        const efn__tnode *tail = &t->node[t->edges[r->edge[r->start[u]]].from];
        t->node[u].vstart = tail->vstart;
        t->node[u].vlen = tail->vlen;
        return EFN_OK;
    }
    if (k_at_u != NONE32) {
        k = k_at_u;
        w->mark[k] = (uint32_t)u;
        w->acc[k] = 0 + t->orig_inj[k];
        w->touched[nt++] = (uint32_t)k;
    }
    for (x = r->start[u]; x < r->start[u + 1]; x++) {
        const efn__tedge *e = &t->edges[r->edge[x]];
        size_t fq = e->from, end;
        end = (size_t)t->node[fq].vstart + t->node[fq].vlen;
        for (j = t->node[fq].vstart; j < end; j++) {
            k = t->vorig[j];
            if (w->mark[k] != u) {
                w->mark[k] = (uint32_t)u;
                w->acc[k] = 0;
                w->touched[nt++] = (uint32_t)k;
            }
            w->acc[k] += e->flow * t->vval[j];
        }
    }
    if (nt * 8 > no) {
        /* Many origins: read them off in order, no sort. */
        size_t m = 0;
        for (k = 0; k < no; k++)
            if (w->mark[k] == u)
                w->touched[m++] = (uint32_t)k;
    } else if (nt > 32) {
        qsort(w->touched, nt, sizeof *w->touched, cmp_u32);
    } else { /* insertion: most nodes mix few origins */
        for (j = 1; j < nt; j++) {
            uint32_t key = w->touched[j];
            size_t h = j;
            for (; h > 0 && w->touched[h - 1] > key; h--)
                w->touched[h] = w->touched[h - 1];
            w->touched[h] = key;
        }
    }
    if ((rc = begin_vector(t, &w->room, u, nt)) != EFN_OK)
        return rc;
    for (j = 0; T > 0 && j < nt; j++)
        put_share(t, w->touched[j], w->acc[w->touched[j]] / T);
    t->node[u].vlen = (uint32_t)(t->nnz - t->node[u].vstart);
    return EFN_OK;
}

/* In the cleared node records, each origin's P(u) in T and its origin
 * number + 1 in vstart (until its volumes are formed). */
static void seed_origins(efn_trace *t)
{
    size_t k;
    for (k = 0; k < t->norig; k++) {
        t->node[t->orig_node[k]].T = t->orig_inj[k];
        t->node[t->orig_node[k]].vstart = (uint32_t)k + 1;
    }
}

/*
 * Acyclic flows: every node's throughput and mix in one depth-first pass
 * over the in-edges (post_order), each node formed once its tails are.
 * The vectors are stored in the order they are formed, so a node reads
 * its tails' where they were just written. On a cycle, t->cyclic is set
 * and no mix is kept. O(edges + entries stored) but for the sort of each
 * node's origins.
 */
static int mixes_in_order(efn_trace *t, const inrows *r)
{
    size_t no = t->norig, k;
    forming w;
    int rc;
    w.t = t;
    w.r = r;
    w.room = 0;
    w.mark = efn__malloc((no + 1) * sizeof *w.mark);
    w.touched = efn__malloc((no + 1) * sizeof *w.touched);
    w.acc = efn__malloc((no + 1) * sizeof *w.acc);
    if (!w.mark || !w.touched || !w.acc) {
        rc = efn__nomem();
        goto done;
    }
    for (k = 0; k < no; k++)
        w.mark[k] = NONE32;
    if ((rc = post_order(t, r, form, &w, &t->cyclic)) != EFN_OK)
        goto done;
    if (t->cyclic)
        t->nnz = 0;
done:
    efn__free(w.mark);
    efn__free(w.touched);
    efn__free(w.acc);
    return rc;
}

/* Cyclic flows: one column of volumes per origin (efn__propagate solves
 * the system), kept as each node's mix. */
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
        b[t->orig_node[k]] = t->orig_inj[k];
        if ((rc = efn__propagate(t, b, NULL, NULL, z)) != EFN_OK)
            goto done;
        for (i = 0; i < n; i++) {
            if (fabs(z[i]) < EFN_TRACE_EPS || !(t->node[i].T > 0))
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
            tv[ntrip++] = z[i] / t->node[i].T;
        }
    }
    if (ntrip >= NONE32) {
        rc = efn__error(EFN_ERROR, "tracing: more than 2^32 - 1 entries by "
                                   "origin");
        goto done;
    }
    if ((rc = reserve(t, &room, ntrip)) != EFN_OK)
        goto done;
    for (i = 0; i < ntrip; i++)
        t->node[ti[i]].vlen++;
    for (i = 1; i < n; i++)
        t->node[i].vstart = t->node[i - 1].vstart + t->node[i - 1].vlen;
    {
        size_t *fill = efn__malloc((n + 1) * sizeof *fill);
        if (!fill) {
            rc = efn__nomem();
            goto done;
        }
        for (i = 0; i < n; i++)
            fill[i] = t->node[i].vstart;
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

/* Countries, throughputs and volumes, once the edges, the origins and the
 * consumers are set. */
static int finish(efn_trace *t)
{
    const efn_network *net = t->net;
    size_t i, k, slots, *table = NULL;
    double *b = NULL, *z = NULL;
    inrows r = {NULL, NULL};
    uint32_t *fit;
    int rc;
    /* node_of had room for every network node (number_nodes) */
    if (!(fit = efn__realloc(t->node_of, (t->n + 1) * sizeof *fit)))
        return efn__nomem();
    t->node_of = fit;
    t->orig_country = efn__calloc(t->norig + 1, sizeof *t->orig_country);
    t->country = efn__calloc(t->norig + 1, sizeof *t->country);
    t->node = efn__calloc(t->n + 1, sizeof *t->node);
    for (slots = 16; slots < 2 * t->norig + 2; slots *= 2)
        ;
    table = efn__malloc(slots * sizeof *table);
    if (!t->orig_country || !t->country || !t->node || !table) {
        rc = efn__nomem();
        goto done;
    }
    for (i = 0; i < slots; i++)
        table[i] = (size_t)-1;
    /* Each origin's country: its node and its name are far apart in
     * memory, so both are fetched ahead of their turn. */
    for (k = 0; k < t->norig; k++) {
        if (k + 16 < t->norig)
            EFN_PREFETCH(&net->nodes[t->node_of[t->orig_node[k + 16]]]);
        if (k + 8 < t->norig)
            EFN_PREFETCH(net->nodes[t->node_of[t->orig_node[k + 8]]].origin);
        t->orig_country[k] = country_index(
            t, table, slots, net->nodes[t->node_of[t->orig_node[k]]].origin);
    }
    seed_origins(t);
    if ((rc = inrows_build(&r, t)) != EFN_OK ||
        (rc = mixes_in_order(t, &r)) != EFN_OK || !t->cyclic)
        goto done;
    /* Cyclic: the throughputs, then one linear system per origin. */
    memset(t->node, 0, t->n * sizeof *t->node);
    seed_origins(t);
    for (i = 0; i < t->n; i++) {
        t->node[i].T = throughput(t, &r, i, t->node[i].T);
        t->node[i].vstart = 0;
    }
    inrows_free(&r);
    b = efn__calloc(t->n + 1, sizeof *b);
    z = efn__calloc(t->n + 1, sizeof *z);
    if (!b || !z) {
        rc = efn__nomem();
        goto done;
    }
    rc = volumes_by_column(t, b, z);
done:
    inrows_free(&r);
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
    return t;
}

int efn_trace_from_flow(efn_trace **out, const efn_network *net,
                        const efn_flow *flow)
{
    efn_trace *t;
    const efn__flow_seg *seg;
    const efn_flow_supplier *sup;
    const efn_flow_consumer *cons;
    size_t i, cap, nseg, nsup, ncons;
    uint32_t *map = NULL;
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
    seg = efn__flow_segments(flow, &nseg);
    sup = efn__flow_suppliers(flow, &nsup);
    cons = efn__flow_consumers(flow, &ncons);
    cap = nseg + 1; /* room for every segment at once */
    t->edges = efn__malloc(cap * sizeof *t->edges);
    t->orig_node = efn__malloc((nsup + 1) * sizeof *t->orig_node);
    t->orig_inj = efn__malloc((nsup + 1) * sizeof *t->orig_inj);
    t->orig_implied = efn__calloc(nsup + 1, 1);
    t->cons_node = efn__malloc((ncons + 1) * sizeof *t->cons_node);
    t->cons_vol = efn__malloc((ncons + 1) * sizeof *t->cons_vol);
    if (!t->edges || !t->orig_node || !t->orig_inj || !t->orig_implied ||
        !t->cons_node || !t->cons_vol) {
        rc = efn__nomem();
        goto done;
    }
    if ((rc = number_nodes(t, &map)) != EFN_OK)
        goto done;
    for (i = 0; i < nseg && rc == EFN_OK; i++)
        rc = add_edge(t, &cap, map, seg[i].from_node, seg[i].to_node,
                      seg[i].flow, seg[i].asset, seg[i].segment);
    if (rc != EFN_OK)
        goto done;
    /* Origins and consumers in the flow's order, which is node order; an
     * origin is named once (its number is kept in its node's record). */
    for (i = 0; i < nsup; i++) {
        const efn_flow_supplier *s = &sup[i];
        if (s->injected <= EFN_TRACE_EPS)
            continue;
        if (t->norig > 0 && s->node <= t->node_of[t->orig_node[t->norig - 1]]) {
            rc = efn__error(EFN_ERROR, "tracing: the flow's suppliers are "
                                       "not in node order");
            goto done;
        }
        t->orig_node[t->norig] = node_at(t, map, s->node);
        t->orig_inj[t->norig++] = s->injected;
    }
    for (i = 0; i < ncons; i++) {
        if (cons[i].delivered <= EFN_TRACE_EPS)
            continue;
        t->cons_node[t->ncons] = node_at(t, map, cons[i].node);
        t->cons_vol[t->ncons++] = cons[i].delivered;
    }
    efn__free(map);
    map = NULL;
    rc = finish(t);
done:
    efn__free(map);
    if (rc != EFN_OK) {
        efn_trace_free(t);
        return rc;
    }
    *out = t;
    return EFN_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Trace nodes list[0 .. m) put in network node order. */
static int in_node_order(const efn_trace *t, uint32_t *list, size_t m)
{
    size_t i;
    uint64_t *key = efn__malloc((m + 1) * sizeof *key);
    if (!key)
        return efn__nomem();
    for (i = 0; i < m; i++)
        key[i] = (uint64_t)t->node_of[list[i]] << 32 | list[i];
    qsort(key, m, sizeof *key, cmp_u64);
    for (i = 0; i < m; i++)
        list[i] = (uint32_t)key[i];
    efn__free(key);
    return EFN_OK;
}

static int trace_observed(efn_trace **out, const efn_network *net,
                          efn_commodity commodity, int year)
{
    efn_trace *t;
    size_t i, s, e, k, cap = 0;
    double *in = NULL, *outf = NULL;
    uint32_t *map = NULL;
    int rc = EFN_OK;
    year = efn__resolve_year(net, year);
    if (!(t = trace_new(net, commodity, year)))
        return efn__nomem();
    t->source = EFN_TRACE_OBSERVED;
    if ((rc = number_nodes(t, &map)) != EFN_OK)
        goto done;
    for (i = 0; i < net->nassets && rc == EFN_OK; i++) {
        const efn__asset *a = &net->assets[i];
        if (a->commodity != commodity || !efn_asset_is_active(net, i, year))
            continue;
        for (s = 0; s + 1 < a->nroute && rc == EFN_OK; s++) {
            double f = efn__segment_value(net, i, s, EFN_FLOW, year);
            if (isnan(f) || f <= EFN_TRACE_EPS)
                continue;
            rc = add_edge(t, &cap, map, a->route[s], a->route[s + 1], f, i, s);
        }
    }
    if (rc != EFN_OK)
        goto done;
    /* What each node puts in (out - in) or takes out (in - out). */
    in = efn__calloc(t->n + 1, sizeof *in);
    outf = efn__calloc(t->n + 1, sizeof *outf);
    t->orig_node = efn__malloc((t->n + 1) * sizeof *t->orig_node);
    t->orig_inj = efn__malloc((t->n + 1) * sizeof *t->orig_inj);
    t->orig_implied = efn__calloc(t->n + 1, 1);
    t->cons_node = efn__malloc((t->n + 1) * sizeof *t->cons_node);
    t->cons_vol = efn__malloc((t->n + 1) * sizeof *t->cons_vol);
    if (!in || !outf || !t->orig_node || !t->orig_inj || !t->orig_implied ||
        !t->cons_node || !t->cons_vol) {
        rc = efn__nomem();
        goto done;
    }
    for (e = 0; e < t->nedges; e++) {
        outf[t->edges[e].from] += t->edges[e].flow;
        in[t->edges[e].to] += t->edges[e].flow;
    }
    for (i = 0; i < t->n; i++) {
        if (outf[i] > in[i] && outf[i] - in[i] > EFN_TRACE_EPS)
            t->orig_node[t->norig++] = (uint32_t)i;
        else if (in[i] > outf[i] && in[i] - outf[i] > EFN_TRACE_EPS)
            t->cons_node[t->ncons++] = (uint32_t)i;
    }
    /* Origins and consumers are listed in node order, as a flow's are. */
    if ((rc = in_node_order(t, t->orig_node, t->norig)) != EFN_OK ||
        (rc = in_node_order(t, t->cons_node, t->ncons)) != EFN_OK)
        goto done;
    for (k = 0; k < t->norig; k++) {
        /* implied when its node has no supply */
        size_t v = t->orig_node[k];
        double sup = efn__qty_at(
            efn__node_q(&net->nodes[t->node_of[v]], EFN_SUPPLY, commodity),
            year);
        t->orig_inj[k] = outf[v] - in[v];
        t->orig_implied[k] = !(!isnan(sup) && sup > 0);
        t->nunbalanced += t->orig_implied[k];
    }
    for (k = 0; k < t->ncons; k++)
        t->cons_vol[k] = in[t->cons_node[k]] - outf[t->cons_node[k]];
    efn__free(map);
    map = NULL;
    rc = finish(t);
done:
    efn__free(map);
    efn__free(in);
    efn__free(outf);
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
    *out_node = t->node_of[t->orig_node[k]];
    *out_injected = t->orig_inj[k];
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
    *out_node = t->node_of[t->cons_node[j]];
    *out_volume = t->cons_vol[j];
    return EFN_OK;
}

/* Node i's entry for origin k (a binary search of its entries), or -1. */
static long entry_of(const efn_trace *t, size_t i, size_t k)
{
    size_t lo = t->node[i].vstart, end = lo + t->node[i].vlen, hi = end;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->vorig[mid] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end && t->vorig[lo] == k ? (long)lo : -1;
}

/* The share of node i's throughput from origin k (zero where the volume
 * is noise). */
static double mix(const efn_trace *t, size_t i, size_t k)
{
    long j = entry_of(t, i, k);
    return j >= 0 && efn__trace_volume(t, i, (size_t)j) != 0 ? t->vval[j] : 0;
}

/* The share of node i's throughput from the origins in country c, summed
 * over its entries in origin order. */
static double country_mix(const efn_trace *t, size_t i, size_t c)
{
    size_t j;
    double share = 0;
    for (j = t->node[i].vstart; j < t->node[i].vstart + t->node[i].vlen; j++)
        if (t->orig_country[t->vorig[j]] == c &&
            efn__trace_volume(t, i, j) != 0)
            share += t->vval[j];
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
    *out_volume = t->cons_vol[j] * *out_share;
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
    *out_volume = t->cons_vol[j] * *out_share;
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
    out->from_node = t->node_of[t->edges[i].from];
    out->to_node = t->node_of[t->edges[i].to];
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
        cJSON_AddStringToObject(o, "node",
                                net->nodes[t->node_of[t->orig_node[k]]].id);
        cJSON_AddStringToObject(o, "country", t->country[t->orig_country[k]]);
        cJSON_AddNumberToObject(o, "injected", t->orig_inj[k]);
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
        cJSON_AddStringToObject(o, "node", net->nodes[t->node_of[d]].id);
        cJSON_AddStringToObject(o, "country",
                                net->nodes[t->node_of[d]].country);
        cJSON_AddNumberToObject(o, "volume", t->cons_vol[j]);
        bo = cJSON_AddArrayToObject(o, "by_origin");
        for (k = t->node[d].vstart;
             bo && k < t->node[d].vstart + t->node[d].vlen; k++) {
            size_t at = t->node_of[t->orig_node[t->vorig[k]]];
            double v, s;
            efn_trace_consumer_origin(&v, &s, t, j, t->vorig[k]);
            add_share(bo, "origin", net->nodes[at].id, v, s);
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
        cJSON_AddStringToObject(o, "from", net->nodes[t->node_of[e->from]].id);
        cJSON_AddStringToObject(o, "to", net->nodes[t->node_of[e->to]].id);
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
