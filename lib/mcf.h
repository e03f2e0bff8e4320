/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * mcf.h: a least-cost maximum flow of efn's own (primal network simplex),
 * safe to run on any thread with its own workspace.
 */
#ifndef EFN_MCF_H
#define EFN_MCF_H

#include <stddef.h>
#include <stdint.h>

/*
 * A reusable workspace for one graph: n vertices, m directed edges with
 * fixed ends. Solving again with other capacities reuses every array.
 *
 * Internally: the m edges, then the return edge sink -> source, then one
 * artificial edge from every vertex to an extra root vertex n. The basis is
 * a spanning tree kept with parent pointers, subtree sizes and doubly
 * linked child lists.
 *
 * Only the basis is the workspace's own: the edges' ends, capacities and
 * costs are the caller's arrays, read in place, the flow is worked in the
 * caller's output, and the artificial edges are implicit (cost 0, no
 * bound, and never any flow: a cycle through the root goes against one of
 * them, which carries none). What is left is a state byte an arc and 32
 * bytes a vertex: 16 MiB on pipe-1.1M, where copies of every arc took 33
 * bytes each (67 MB).
 */
/* A vertex of the basis tree: its parent, the tree edge to it (`up`: the
 * edge leaves the vertex), its subtree's size, its children as a doubly
 * linked list. One record of 24 bytes, so that walking a subtree reads one
 * cache line a vertex. The potentials are an array of their own, dense
 * for pricing, which reads two of them an edge. */
struct efn__mcf_node {
    uint32_t parent, size;
    uint32_t pred : 31; /* arcs number under 2^31 (efn__mcf_init) */
    uint32_t pred_up : 1;
    uint32_t child, next, prev;
};

typedef struct efn__mcf {
    size_t n, m, narcs;          /* narcs = m + 1 + n */
    const uint32_t *tail, *head; /* m: the caller's (efn__mcf_init) */
    const double *cap, *cost;    /* m: the solve's, while it runs */
    double *flow;                /* m: the solve's output, worked in place */
    double *zero;                /* m zeros, for a solve without costs */
    uint32_t rtail, rhead;       /* the return edge: sink -> source */
    double rcap, rcost, rflow;
    signed char *state;       /* narcs: +1 at lower bound, -1 at upper, 0
                                 in the tree, 2 fixed (zero capacity) */
    struct efn__mcf_node *nd; /* n + 1: the tree, one record a vertex */
    double *pi;               /* n + 1: potentials */
    double inf_cap;           /* > 0: an edge's +inf capacity reads as
                                 this bound (0 after init: none) */
    size_t pivots;            /* pivots of the last solve */
} efn__mcf;

/* Builds the workspace for edges tail[e] -> head[e], e < m, on vertices
 * 0..n-1 (n >= 2); the two arrays are read in place, and must outlive the
 * workspace. EFN_EARG for an end out of range, EFN_ENOMEM. On failure *w
 * holds nothing to free. */
int efn__mcf_init(efn__mcf *w, size_t n, size_t m, const uint32_t *tail,
                  const uint32_t *head);
/* Frees the workspace; accepts a zeroed one. */
void efn__mcf_free(efn__mcf *w);

/*
 * A maximum flow from `source` to `sink` of least cost among maximum flows,
 * under capacities `cap` (m entries, finite, >= 0; +inf too when inf_cap
 * is set, read as that bound) and costs `cost` (m entries, finite, >= 0;
 * NULL: all zero). Both are read in place while the solve runs.
 *
 * Method: the primal network simplex (G. B. Dantzig, Linear Programming and
 * Extensions, 1963; R. K. Ahuja, T. L. Magnanti and J. B. Orlin, Network
 * Flows, 1993, chapter 11) on the circulation that adds an edge from the
 * sink back to the source of cost -C, C above the cost of any path, so that
 * every unit carried pays for itself: the optimum carries the maximum flow,
 * and among maximum flows the cheapest. Strongly feasible trees prevent
 * cycling (W. H. Cunningham, "A network simplex method", Mathematical
 * Programming 11, 1976); entering edges by block search (as LEMON's
 * NetworkSimplex, P. Kovacs, "Minimum-cost flow algorithms: an experimental
 * evaluation", Optimization Methods and Software 30, 2015).
 *
 * *value: the flow's value; `flow` (m entries, each in [0, cap[e]]; the
 * solve works in it); `cost_out` (optional): the cost of the flow.
 * EFN_EARG for a source or sink
 * out of range or equal, a capacity or cost negative, NaN or infinite.
 */
int efn__mcf_solve(efn__mcf *w, size_t source, size_t sink, const double *cap,
                   const double *cost, double *value, double *flow,
                   double *cost_out);

#endif
