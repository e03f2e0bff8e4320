/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * flowcore.h: the flow problem shared by flow analysis, N-1 and risk: the
 * graph with its super-source and super-sink, maximum flows and cuts
 * (maxflow.c, maxvalue.c), least-cost allocations (mcf.c, costscale.c) and
 * fair ones (GLPK). None of it touches global state: any thread may solve
 * its own problem.
 */
#ifndef EFN_FLOWCORE_H
#define EFN_FLOWCORE_H

#include "model.h"

/* Augmenting paths longer than this on average (efn__mv_probe) send the
 * least-cost allocation to cost scaling. Measured on the benchmark's
 * networks: 3 to 3.5 arcs on the pipeline-like ones, where the network
 * simplex takes 2.4 pivots a vertex and is 8 to 50 times faster than cost
 * scaling; 15 to 133 on GENRMF frames, where it takes 36 pivots a vertex
 * on deep trees and is 17 times slower. */
#define EFN_SCALING_PATHS 10.0

/*
 * Edges are numbered: [0, nseg) the segment edges of the active assets (as
 * efn_graph_build orders them), then [nseg, nseg + nsup) the super-source
 * arcs to each supplier, then the arcs of each consumer to the super-sink.
 * Vertex v < nnodes is node v; `source` and `sink` follow.
 */
/* A segment edge's asset and segment (its ends are the edge's tail and
 * head, its capacity cap[e]); `paired`: one of the two edges of a
 * bidirectional asset's segment, next to each other, `reverse` the second,
 * against the route. 8 bytes, where efn_graph_edge takes 48. */
typedef struct efn__fp_seg {
    uint32_t asset;
    uint32_t segment : 30;
    uint32_t reverse : 1;
    uint32_t paired : 1;
} efn__fp_seg;

typedef struct efn__fp {
    const efn_network *net;
    efn_commodity commodity;
    int year;
    size_t nnodes, source, sink;
    size_t nseg, nsup, ncons, nedges;
    efn__fp_seg *seg;      /* nseg */
    double *cost;          /* nedges: cost per unit (0 off the segments) */
    size_t *sup_node;      /* nsup */
    size_t *cons_node;     /* ncons */
    double *cap;           /* nedges: capacities, +inf allowed */
    uint32_t *tail, *head; /* nedges: every edge's ends, so that solvers
                              need not rebuild the graph (vertices fit 32
                              bits: efn__fp_build checks) */
    double supply_total, demand_total;
    double path_mean; /* efn__fp_probe()'s on this problem's capacities,
                         when the caller ran it first; else -1 */
} efn__fp;

/* Builds the problem; assets or nodes flagged in `asset_off`/`node_off`
 * (either may be NULL) are left out. */
int efn__fp_build(efn__fp *fp, const efn_network *net, efn_commodity commodity,
                  int year, const unsigned char *asset_off,
                  const unsigned char *node_off);
/* The maximum flow's value alone, every active asset and open node,
 * without building the problem: the value-only solver's arcs are placed
 * straight from the network (efn_flow_maximum). */
int efn__fp_max_value(const efn_network *net, efn_commodity commodity, int year,
                      double *value);
/* The cost-scaling probe (efn__mv_probe) on the problem efn__fp_build()
 * would make with nothing off, run on arcs placed straight from the
 * network: the same arcs, so the same *path_mean, without the problem held
 * alongside. A caller that runs it before building sets fp->path_mean. */
int efn__fp_probe(const efn_network *net, efn_commodity commodity, int year,
                  double *path_mean);
void efn__fp_free(efn__fp *fp);

/* The opposite edge of edge e of a bidirectional segment, else -1. */
static inline long efn__fp_pair(const efn__fp *fp, size_t e)
{
    if (e >= fp->nseg || !fp->seg[e].paired)
        return -1;
    return fp->seg[e].reverse ? (long)e - 1 : (long)e + 1;
}

/* The value-only solver's workspace (maxvalue.h) for the problem's
 * edges, a bidirectional segment's two edges sharing one arc pair. On
 * failure *mv holds nothing to free. */
struct efn__mv;
int efn__fp_mv_init(struct efn__mv *mv, const efn__fp *fp);

/* Finite capacities for the solvers: +inf replaced by a bound no flow can reach
 * (the total supply plus one). `out` has nedges entries. */
void efn__fp_finite_caps(const efn__fp *fp, const double *cap, double *out);

/*
 * Maximum flow from the super-source to the super-sink under capacities
 * `cap` (nedges entries; NULL: the problem's own). Optional outputs:
 * `flow` (nedges entries), `cut` (a 0/1 flag per edge of a minimum cut).
 */
int efn__fp_maxflow(const efn__fp *fp, const double *cap, double *value,
                    double *flow, unsigned char *cut);

/*
 * A minimum cut of the maximum flow `flow` under `cap` (NULL: the
 * problem's): the edges from the vertices that cannot reach the sink in the
 * residual graph into those that can, as flags in `cut` (nedges). The same
 * for every maximum flow.
 */
int efn__fp_cut(const efn__fp *fp, const double *cap, const double *flow,
                unsigned char *cut);

/*
 * The allocation of `mode` under capacities `cap` (NULL: the problem's):
 * flows on every edge (nedges). EFN_ALLOC_MAX: a maximum flow of least
 * cost (mcf.c); EFN_ALLOC_SHARED: max-min fair (GLPK). *value (optional):
 * the total delivered, which in EFN_ALLOC_MAX is the maximum.
 */
int efn__fp_allocate(const efn__fp *fp, const double *cap, efn_allocation mode,
                     double *flow, double *value);

/* The network a flow result was computed on. */
const efn_network *efn__flow_network(const efn_flow *flow);

/* A flow result's segment as it is kept: 32 bytes where efn_flow_segment
 * takes 56 (efn_flow_segment_get() widens it, the utilisation worked out
 * there). Indexes fit 32 bits (efn__fp_build). */
typedef struct efn__flow_seg {
    uint32_t asset, segment;
    uint32_t from_node, to_node;
    double capacity, flow;
} efn__flow_seg;

/* A flow result's segments in place (efn_flow_segment_get's, without the
 * copies): *n of them. */
const efn__flow_seg *efn__flow_segments(const efn_flow *flow, size_t *n);
/* Its suppliers and consumers in place, in node order, each node once. */
const efn_flow_supplier *efn__flow_suppliers(const efn_flow *flow, size_t *n);
const efn_flow_consumer *efn__flow_consumers(const efn_flow *flow, size_t *n);

#endif
