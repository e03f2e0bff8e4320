/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * maxflow.h: a maximum flow with its flow vector (Dinic), for the flows
 * efn keeps: N-1's base flow, which maxvalue.c then repairs. It touches no
 * global state (igraph's Debian build is not thread-safe): one workspace
 * per thread, and threads never share one. The value alone is maxvalue.h's
 * business.
 */
#ifndef EFN_MAXFLOW_H
#define EFN_MAXFLOW_H

#include <stddef.h>
#include <stdint.h>

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
} efn__mf;

/* Builds the workspace for edges tail[e] -> head[e], e < m, on vertices
 * 0..n-1 (n >= 1). Self-loops are allowed and carry nothing. EFN_EARG for
 * an end out of range, EFN_ENOMEM. On failure *mf holds nothing to free. */
int efn__mf_init(efn__mf *mf, size_t n, size_t m, const uint32_t *tail,
                 const uint32_t *head);
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

#endif
