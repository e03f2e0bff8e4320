/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * maxvalue.h: the value of a maximum flow and a minimum cut, as fast as
 * efn can, for efn_flow_maximum(). No flow comes out (a flow vector is
 * efn__mf's or the allocation's business); no global state, so any thread
 * may run it on a workspace of its own.
 *
 * Two methods in one solve, because no single one is fast on every kind
 * of network:
 *
 *  1. Boykov and Kolmogorov's search trees ("An experimental comparison of
 *     min-cut/max-flow algorithms for energy minimization in vision", IEEE
 *     PAMI 26(9), 2004): two trees, grown from the source and from the
 *     sink, that are kept between augmentations. Very fast when augmenting
 *     paths are short and many, as on pipeline networks where suppliers
 *     and consumers are spread through the grid; hopeless on long narrow
 *     frames (GENRMF), where it rebuilds its trees endlessly.
 *  2. Push-relabel (A. V. Goldberg and R. E. Tarjan, "A new approach to
 *     the maximum-flow problem", JACM 35(4), 1988) with highest-label
 *     selection, global relabelling and the gap heuristic (B. V. Cherkassky
 *     and A. V. Goldberg, "On implementing the push-relabel method for the
 *     maximum flow problem", Algorithmica 19, 1997), first phase only: the
 *     maximum preflow, whose value is the maximum flow's.
 *
 * Method 1 runs first with a budget of arc scans proportional to the
 * graph's size; if it has not finished by then, method 2 starts from the
 * flow it has found (a flow is a preflow with no excess), so nothing found
 * is lost. Either way the answer is exact; only the time differs.
 */
#ifndef EFN_MAXVALUE_H
#define EFN_MAXVALUE_H

#include <stddef.h>
#include <stdint.h>

/* One arc, in one cache line with its neighbours: 16 bytes. */
typedef struct efn__mv_arc {
    double res;    /* residual capacity */
    uint32_t to;   /* the vertex it enters */
    uint32_t twin; /* the reverse arc */
} efn__mv_arc;

typedef struct efn__mv {
    uint32_t n, m;
    uint32_t *first;     /* n + 1: the arcs leaving v are first[v] .. */
    efn__mv_arc *arc;    /* 2m, grouped by the vertex they leave */
    uint32_t *pos;       /* m: edge e's forward arc */
    uint32_t *mate;      /* m: the opposite edge sharing e's arcs, or none */
    double *excess;      /* n */
    uint32_t *label;     /* n: push-relabel distance labels */
    uint32_t *cur;       /* n: current arcs */
    uint32_t *bnext;     /* n: bucket lists (active: singly; inactive: */
    uint32_t *bprev;     /* n:  doubly linked) */
    uint32_t *active;    /* n + 1: heads of the active buckets */
    uint32_t *idle;      /* n + 1: heads of the inactive buckets */
    uint32_t *queue;     /* n */
    uint32_t *parent;    /* n: search trees: the arc to the parent */
    uint32_t *ts;        /* n: search trees: time stamps */
    uint32_t *dist;      /* n: search trees: distance to the root */
    unsigned char *tree; /* n: 0 free, 1 source tree, 2 sink tree */
    /* Arc scans the search trees may make before push-relabel takes over;
     * efn__mv_init sets it from the graph's size (8 per arc and vertex;
     * pipeline-like networks finish in 3), tests change it. */
    size_t budget;
    /* > 0: a capacity of +inf stands for this (a bound no flow reaches);
     * 0 (efn__mv_init's): +inf is an error. */
    double inf_cap;
    double scale; /* efn__mv_place(): the largest capacity placed */
    /* Kept by efn__mv_keep() for efn__mv_without(): */
    double *base, base_value; /* 2m arcs: the kept flow's residuals */
    double *kcap;             /* m: the capacities it was kept under */
    double keps;              /* its saturation tolerance */
    double *need;             /* n: excess (> 0) or deficit (< 0) */
    uint32_t *nlist;          /* n: the vertices with a need */
    uint32_t *kstamp, now;    /* n: searches */
    unsigned char *side;      /* n: 1 the source reaches it, 2 it reaches
                                 the sink (the extreme minimum cuts) */
    unsigned char *dirty;     /* 2m arcs: 1 changed, 2 removed */
    uint32_t *dirty_list, ndirty;
    /* Set by each solve: which method finished it (1 or 2). */
    int method;
    int probe;        /* efn__mv_probe() is running */
    double path_mean; /* the search trees' augmenting paths: mean arcs */
} efn__mv;

/* A workspace for edges tail[e] -> head[e], e < m, on vertices 0..n-1.
 * `pair` (NULL: none) names opposite edges: pair[e] = p >= 0 when edge p
 * runs head[e] -> tail[e] and pair[p] = e, else -1 (the flow problem's
 * bidirectional segments). A pair shares one arc pair, whose residuals are
 * the two capacities: the same maximum flow with half the arcs. EFN_EARG
 * for an end out of range, a pair that is not opposite, or a graph too
 * large for 32-bit arc numbers (2m must stay below 2^32 - 3), EFN_ENOMEM;
 * on failure *mv holds nothing to free. */
int efn__mv_init(efn__mv *mv, size_t n, size_t m, const uint32_t *tail,
                 const uint32_t *head, const long *pair);
/* The same with the pairs told by pair_of(ctx, e) (p or -1), so that a
 * caller that knows them need not write them out (the flow problem's
 * bidirectional segments: efn__fp_pair). */
int efn__mv_init_pairs(efn__mv *mv, size_t n, size_t m, const uint32_t *tail,
                       const uint32_t *head,
                       long (*pair_of)(const void *ctx, size_t e),
                       const void *ctx);
void efn__mv_free(efn__mv *mv);

/*
 * The same workspace built arc pair by arc pair from the caller's own
 * records, with no edge arrays: efn__mv_begin() for n vertices and up to
 * m edges (the limits and budget of efn__mv_init()); efn__mv_count(u, v)
 * for every arc pair; efn__mv_counted(); efn__mv_place(u, v, c_uv, c_vu)
 * for the same pairs in the same order (the arcs' residuals: the two
 * capacities, finite and >= 0); then efn__mv_solve_placed(). Placing
 * the pairs in efn__mv_init()'s edge order gives its very arcs, so the
 * same solve. No pos or mate: no cut, no efn__mv_keep().
 */
int efn__mv_begin(efn__mv *mv, size_t n, size_t m);
void efn__mv_count(efn__mv *mv, uint32_t u, uint32_t v);
void efn__mv_counted(efn__mv *mv);
void efn__mv_place(efn__mv *mv, uint32_t u, uint32_t v, double cuv, double cvu);
/* efn__mv_probe() on the placed arcs: mv->path_mean. */
int efn__mv_probe_placed(efn__mv *mv, size_t source, size_t sink);
/* The maximum flow value of the placed arcs, from the net flow into the
 * sink. */
int efn__mv_solve_placed(efn__mv *mv, size_t source, size_t sink,
                         double *value);

/*
 * The maximum flow value from `source` to `sink` under `cap` (m finite
 * capacities >= 0), and optionally (`cut` non-NULL, m flags) the minimum
 * cut of igraph's convention: the edges from the vertices that cannot
 * reach the sink in the final residual graph into those that can. Residuals
 * of at most 1e-12 of the largest capacity count as saturated. EFN_EARG as
 * efn__mf_solve.
 */
int efn__mv_solve(efn__mv *mv, size_t source, size_t sink, const double *cap,
                  double *value, unsigned char *cut);

/*
 * How long augmenting paths are, found cheaply: the search trees run until
 * their first 8 augmenting paths (EFN_MV_PROBE; or the end), and
 * mv->path_mean is their mean number of arcs. Measured on the benchmark's
 * networks: 3 to 6.5 on the pipeline-like ones, 15 to 133 on GENRMF frames.
 * Long paths mean deep trees, which is what makes the network simplex
 * pivot slowly; flowcore.c chooses its least-cost method by it. The
 * workspace holds a partial flow afterwards, which the next solve
 * discards. EFN_EARG as efn__mv_solve.
 */
int efn__mv_probe(efn__mv *mv, size_t source, size_t sink, const double *cap);

/*
 * N-1 on a kept maximum flow. efn__mv_keep() keeps `flow` (m entries: a
 * maximum flow of value `value` under `cap`, efn__mf_solve's for example).
 * efn__mv_without() then gives the maximum value with the `count` edges
 * `edges` removed, and restores the kept flow. Removing one edge of a pair
 * that shares arcs removes the pair (N-1 removes assets and nodes, which
 * take both directions).
 *
 * Exact, and local: removing edges that carry flow leaves each end with
 * too much inflow (excess) or too much outflow (deficit), L in all. The
 * value without them is F - L + lambda, lambda being the most that can be
 * routed from the excesses to the deficits in the residual network without
 * the removed edges (the source and the sink are vertices like the others
 * on the way). After such a routing, the vertices reachable from leftover
 * excess form a side that no residual arc leaves, the source in it and the
 * sink not; taking the leftovers back to the source and the sink along the
 * flow stays on either side, so that side is a cut the resulting flow
 * saturates. lambda is searched by Dinic's phases from the excesses, each
 * stopping at the first level that holds a deficit, so a way round a
 * removed edge near it is found near it; and when the removed edges take L
 * or more off one of the kept flow's two extreme minimum cuts, lambda is 0
 * without a search. Only arcs changed on the way are restored.
 */
int efn__mv_keep(efn__mv *mv, size_t source, size_t sink, const double *cap,
                 const double *flow, double value);
int efn__mv_without(efn__mv *mv, const size_t *edges, size_t count,
                    double *value);

#endif
