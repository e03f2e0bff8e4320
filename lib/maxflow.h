/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * maxflow.h: a maximum flow of efn's own, for worker threads. igraph's
 * Debian build is not thread-safe, so code that runs off the calling thread
 * (risk.c) cannot use efn__fp_maxflow(); this solver touches no global
 * state: one workspace per thread, and threads never share one.
 */
#ifndef EFN_MAXFLOW_H
#define EFN_MAXFLOW_H

#include <stddef.h>

/*
 * A reusable workspace for one graph: n vertices, m directed edges with
 * fixed ends. Solving again with other capacities reuses every array.
 * Arc 2e is edge e forward (tail -> head), arc 2e + 1 its residual twin.
 */
typedef struct efn__mf {
    size_t n, m;
    size_t *tail, *head; /* m: copies of the edges' ends */
    size_t *first;       /* n + 1: arcs of vertex v are arcs[first[v] ..] */
    size_t *arcs;        /* 2m: arc ids grouped by the vertex they leave */
    double *res;         /* 2m: residual capacity of each arc */
    size_t *level;       /* n: BFS level; SIZE_MAX: not reached */
    size_t *iter;        /* n: current arc of each vertex */
    size_t *queue;       /* n */
    size_t *path;        /* n: arcs of the path being built */
    double eps;          /* the last solve's saturation tolerance */
    /* Kept by efn__mf_keep(), for efn__mf_without(): */
    double *base, base_value; /* 2m: the kept residuals; its value */
    unsigned char *dirty;     /* m: edges changed since */
    size_t *dirty_list, ndirty;
    size_t *stamp, stamp_now; /* n: searches */
    double *need;             /* n: what a removal left a vertex short of
                                 (< 0) or with too much of (> 0) */
    size_t *nlist;            /* 2m: the vertices with a need */
    unsigned char *side;      /* n: 1: the source reaches it in the kept
                                 flow's residual network; 2: it reaches the
                                 sink */
    size_t source, sink;      /* of the last solve */
} efn__mf;

/* Builds the workspace for edges tail[e] -> head[e], e < m, on vertices
 * 0..n-1 (n >= 1). Self-loops are allowed and carry nothing. EFN_EARG for
 * an end out of range, EFN_ENOMEM. On failure *mf holds nothing to free. */
int efn__mf_init(efn__mf *mf, size_t n, size_t m, const size_t *tail,
                 const size_t *head);
/* Frees the workspace; accepts a zeroed one. */
void efn__mf_free(efn__mf *mf);

/*
 * A maximum flow from `source` to `sink` under `cap` (m finite capacities,
 * >= 0), by Dinic's blocking flows (E. A. Dinic, "Algorithm for solution of
 * a problem of maximum flow in networks with power estimation", Soviet Math.
 * Doklady 11, 1970): O(V^2 E).
 *
 * Residuals of at most 1e-12 of the largest capacity count as saturated,
 * so that rounding cannot leave an edge that should bind looking open.
 *
 * *value: the net flow out of the source. Optional outputs (NULL to skip):
 * `flow` (m entries, each in [0, cap[e]]) and `cut` (m flags): a minimum
 * cut, the edges from the vertices that cannot reach the sink in the
 * residual graph into those that can (igraph's convention), zero-capacity
 * edges included. Its capacity equals *value up to that tolerance.
 *
 * EFN_EARG for a source or sink out of range or equal, or a capacity that
 * is negative, NaN or infinite.
 */
int efn__mf_solve(efn__mf *mf, size_t source, size_t sink, const double *cap,
                  double *value, double *flow, unsigned char *cut);

/*
 * Removals from a maximum flow without solving again. efn__mf_keep()
 * keeps the flow of the last efn__mf_solve() (of value `value`, under the
 * same source and sink). efn__mf_without() then gives the maximum value
 * with the `count` edges `edges` removed, and restores the kept flow.
 *
 * Exact, and local: removing edges that carry flow leaves each end with
 * too much inflow (excess) or too much outflow (deficit), L in all. The
 * value without them is F - L + lambda, lambda being the most that can be
 * routed from the excesses to the deficits in the residual network without
 * the removed edges (the source and the sink are vertices like the others
 * on the way). After such a routing, the vertices that can still reach
 * leftover excess form a side with nothing leaving it in the residual
 * network, the source in it and the sink not; taking the leftovers back to
 * the source and the sink along the flow stays on either side, so that
 * side is a cut the resulting flow saturates. The search for lambda starts
 * at the excesses and stops at the first level holding a deficit, so a
 * way round a removed edge near it is found near it. The issue's
 * one-edge form (the u-to-v flow that still fits without e, up to f(e)) is
 * the case of one removed edge. Only edges changed on the way are
 * restored. `source` and `sink` are those of the kept flow.
 */
int efn__mf_keep(efn__mf *mf, double value);
int efn__mf_without(efn__mf *mf, size_t source, size_t sink,
                    const size_t *edges, size_t count, double *value);

#endif
