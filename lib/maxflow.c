/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * maxflow.c: Dinic's maximum flow on plain arrays, safe to run on any
 * thread with its own workspace.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "maxflow.h"

/* Residuals up to this fraction of the largest capacity are saturated. */
#define EFN_MF_REL_EPS 1e-12

#define UNREACHED SIZE_MAX

void efn__mf_free(efn__mf *mf)
{
    efn__free(mf->tail);
    efn__free(mf->head);
    efn__free(mf->first);
    efn__free(mf->arcs);
    efn__free(mf->res);
    efn__free(mf->level);
    efn__free(mf->iter);
    efn__free(mf->queue);
    efn__free(mf->path);
    memset(mf, 0, sizeof *mf);
}

int efn__mf_init(efn__mf *mf, size_t n, size_t m, const uint32_t *tail,
                 const uint32_t *head)
{
    size_t e, v;
    memset(mf, 0, sizeof *mf);
    if (n == 0 || (m && (!tail || !head)))
        return efn__error(EFN_EARG, "maximum flow: empty graph or no edges");
    if (m > SIZE_MAX / 2 - 1)
        return efn__nomem();
    for (e = 0; e < m; e++)
        if (tail[e] >= n || head[e] >= n)
            return efn__error(
                EFN_EARG, "maximum flow: edge %zu has an end out of range", e);
    mf->n = n;
    mf->m = m;
    mf->tail = efn__malloc(m * sizeof *mf->tail);
    mf->head = efn__malloc(m * sizeof *mf->head);
    mf->first = efn__calloc(n + 1, sizeof *mf->first);
    mf->arcs = efn__malloc(2 * m * sizeof *mf->arcs);
    mf->res = efn__malloc(2 * m * sizeof *mf->res);
    mf->level = efn__malloc(n * sizeof *mf->level);
    mf->iter = efn__malloc(n * sizeof *mf->iter);
    mf->queue = efn__malloc(n * sizeof *mf->queue);
    mf->path = efn__malloc(n * sizeof *mf->path);
    if (!mf->tail || !mf->head || !mf->first || !mf->arcs || !mf->res ||
        !mf->level || !mf->iter || !mf->queue || !mf->path) {
        efn__mf_free(mf);
        return efn__nomem();
    }
    for (e = 0; e < m; e++) {
        mf->tail[e] = tail[e];
        mf->head[e] = head[e];
    }
    /* Counting sort of the arcs by the vertex they leave: forward arcs
     * leave the tail, twins the head. Arcs of a vertex stay in edge order,
     * which makes every solve deterministic. */
    for (e = 0; e < m; e++) {
        mf->first[tail[e] + 1]++;
        mf->first[head[e] + 1]++;
    }
    for (v = 0; v < n; v++)
        mf->first[v + 1] += mf->first[v];
    memcpy(mf->iter, mf->first, n * sizeof *mf->iter);
    for (e = 0; e < m; e++) {
        mf->arcs[mf->iter[tail[e]]++] = 2 * e;
        mf->arcs[mf->iter[head[e]]++] = 2 * e + 1;
    }
    return EFN_OK;
}

/* The vertex arc `a` enters, and the one it leaves. */
static size_t arc_to(const efn__mf *mf, size_t a)
{
    return (a & 1) ? mf->tail[a >> 1] : mf->head[a >> 1];
}

static size_t arc_from(const efn__mf *mf, size_t a)
{
    return (a & 1) ? mf->head[a >> 1] : mf->tail[a >> 1];
}

/* Moves d units over arc a (its twin gains them). */
static void bump(efn__mf *mf, size_t a, double d)
{
    mf->res[a] -= d;
    mf->res[a ^ 1] += d;
}

/* Levels from the source over arcs with residual above eps; 1 when the
 * sink is reached. */
static int bfs_levels(efn__mf *mf, size_t s, size_t t, double eps)
{
    size_t qh = 0, qt = 0, v, k;
    for (v = 0; v < mf->n; v++)
        mf->level[v] = UNREACHED;
    mf->level[s] = 0;
    mf->queue[qt++] = s;
    while (qh < qt) {
        v = mf->queue[qh++];
        if (v == t)
            break; /* deeper vertices cannot be on a shortest path */
        for (k = mf->first[v]; k < mf->first[v + 1]; k++) {
            size_t a = mf->arcs[k], w = arc_to(mf, a);
            if (mf->res[a] > eps && mf->level[w] == UNREACHED) {
                mf->level[w] = mf->level[v] + 1;
                mf->queue[qt++] = w;
            }
        }
    }
    return mf->level[t] != UNREACHED;
}

/* A blocking flow in the level graph, by depth-first search with current
 * arcs, iterative so that deep graphs cannot overflow the stack. */
static double blocking_flow(efn__mf *mf, size_t s, size_t t, double eps)
{
    size_t depth = 0, v = s, k;
    double pushed = 0;
    memcpy(mf->iter, mf->first, mf->n * sizeof *mf->iter);
    for (;;) {
        if (v == t) {
            double d = mf->res[mf->path[0]];
            for (k = 1; k < depth; k++)
                if (mf->res[mf->path[k]] < d)
                    d = mf->res[mf->path[k]];
            for (k = 0; k < depth; k++)
                bump(mf, mf->path[k], d);
            pushed += d;
            /* Back to the tail of the first arc now saturated: the
             * bottleneck itself is exactly 0, so there is one. */
            for (k = 0; k < depth && mf->res[mf->path[k]] > eps; k++)
                ;
            depth = k;
            v = depth ? arc_to(mf, mf->path[depth - 1]) : s;
            continue;
        }
        while (mf->iter[v] < mf->first[v + 1]) {
            size_t a = mf->arcs[mf->iter[v]], w = arc_to(mf, a);
            if (mf->res[a] > eps && mf->level[w] != UNREACHED &&
                mf->level[w] == mf->level[v] + 1)
                break;
            mf->iter[v]++;
        }
        if (mf->iter[v] < mf->first[v + 1]) {
            size_t a = mf->arcs[mf->iter[v]];
            mf->path[depth++] = a;
            v = arc_to(mf, a);
            continue;
        }
        /* A dead end: no path to the sink from v in this phase. */
        if (v == s)
            return pushed;
        mf->level[v] = UNREACHED;
        depth--;
        v = arc_from(mf, mf->path[depth]);
        mf->iter[v]++;
    }
}

int efn__mf_solve(efn__mf *mf, size_t source, size_t sink, const double *cap,
                  double *value, double *flow, unsigned char *cut)
{
    size_t e, k, qh = 0, qt = 0;
    double scale = 0, eps, out = 0;
    if (source >= mf->n || sink >= mf->n || source == sink)
        return efn__error(EFN_EARG,
                          "maximum flow: bad source %zu or sink %zu (%zu "
                          "vertices)",
                          source, sink, mf->n);
    for (e = 0; e < mf->m; e++) {
        if (!(cap[e] >= 0) || isinf(cap[e]))
            return efn__error(EFN_EARG,
                              "maximum flow: capacity of edge %zu is %g; "
                              "expected a finite number >= 0",
                              e, cap[e]);
        if (cap[e] > scale)
            scale = cap[e];
        mf->res[2 * e] = cap[e];
        mf->res[2 * e + 1] = 0;
    }
    eps = scale * EFN_MF_REL_EPS;
    mf->eps = eps;
    while (bfs_levels(mf, source, sink, eps))
        blocking_flow(mf, source, sink, eps);

    /* The flow on edge e is its twin's residual. */
    for (e = 0; e < mf->m; e++) {
        double f = mf->res[2 * e + 1];
        if (f < 0)
            f = 0;
        if (f > cap[e])
            f = cap[e];
        if (flow)
            flow[e] = f;
        if (mf->tail[e] == mf->head[e])
            continue;
        if (mf->tail[e] == source)
            out += f;
        if (mf->head[e] == source)
            out -= f;
    }
    *value = out;
    if (cut) {
        /* The sink side: vertices that reach the sink in the residual
         * graph, found backwards from it. `level` marks them (0). */
        for (k = 0; k < mf->n; k++)
            mf->level[k] = UNREACHED;
        mf->level[sink] = 0;
        mf->queue[qt++] = sink;
        while (qh < qt) {
            size_t w = mf->queue[qh++];
            for (k = mf->first[w]; k < mf->first[w + 1]; k++) {
                /* arcs[k] leaves w; its twin enters w from u. */
                size_t b = mf->arcs[k], u = arc_to(mf, b);
                if (mf->res[b ^ 1] > eps && mf->level[u] == UNREACHED) {
                    mf->level[u] = 0;
                    mf->queue[qt++] = u;
                }
            }
        }
        for (e = 0; e < mf->m; e++)
            cut[e] = (unsigned char)(mf->level[mf->tail[e]] == UNREACHED &&
                                     mf->level[mf->head[e]] == 0);
    }
    return EFN_OK;
}
