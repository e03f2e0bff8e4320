/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * graph.h: the directed graph of one commodity in one year, as an igraph
 * graph, with the mapping from its edges back to assets and segments.
 */
#ifndef EFN_GRAPH_H
#define EFN_GRAPH_H

#include "common.h"
#include "network.h"

#ifdef __cplusplus
extern "C" {
#endif

struct igraph_s; /* igraph_t, from <igraph/igraph.h> */

typedef struct efn_graph efn_graph;

/* One directed edge of the graph. */
typedef struct efn_graph_edge {
    size_t asset;     /* asset index in the network */
    size_t segment;   /* segment s of the asset: route[s] to route[s + 1] */
    size_t from_node; /* node index the edge leaves */
    size_t to_node;   /* node index the edge enters */
    int reverse;      /* 1 for the reverse edge of a bidirectional asset */
    double capacity;  /* segment capacity, canonical unit; +inf unbounded */
} efn_graph_edge;

/*
 * Builds the graph of `commodity` in `year`: vertex v is node v of the
 * network (every node, so vertex ids equal node indices), one edge per
 * segment of every active asset of that commodity whose route nodes are all
 * enabled, in asset then route order; a bidirectional asset adds the
 * reverse edge of each segment right after the forward one. O(V + E).
 * *out is freed with efn_graph_free().
 */
EFN_EXPORT int efn_graph_build(efn_graph **out, const efn_network *net,
                               efn_commodity commodity, int year);
EFN_EXPORT void efn_graph_free(efn_graph *graph);

/* The igraph graph; owned by `graph`, valid while it lives. */
EFN_EXPORT const struct igraph_s *efn_graph_igraph(const efn_graph *graph);
EFN_EXPORT size_t efn_graph_vertex_count(const efn_graph *graph);
EFN_EXPORT size_t efn_graph_edge_count(const efn_graph *graph);
/* Edge e's asset, segment, ends and capacity. EFN_ENOTFOUND out of range. */
EFN_EXPORT int efn_graph_edge_get(efn_graph_edge *out, const efn_graph *graph,
                                  size_t e);
EFN_EXPORT efn_commodity efn_graph_commodity(const efn_graph *graph);
EFN_EXPORT int efn_graph_year(const efn_graph *graph);

#ifdef __cplusplus
}
#endif

#endif
