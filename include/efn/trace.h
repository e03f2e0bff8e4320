/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * trace.h: where flows come from, by proportional sharing (Bialek, "Tracing
 * the flow of electricity", IEE Proc. Gener. Transm. Distrib. 143(4), 1996):
 * at every node each outflow carries the same mix of origins as the node's
 * total inflow, injection included.
 */
#ifndef EFN_TRACE_H
#define EFN_TRACE_H

#include "common.h"
#include "flow.h"
#include "network.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum efn_trace_source {
    EFN_TRACE_FLOW = 0,    /* the flows of a flow analysis (its mode) */
    EFN_TRACE_OBSERVED = 1 /* the observed flows of the year */
} efn_trace_source;

typedef struct efn_trace_options {
    efn_commodity commodity;
    int year; /* 0: the network's year */
    efn_trace_source source;
    efn_allocation mode; /* for EFN_TRACE_FLOW */
} efn_trace_options;

#define EFN_TRACE_OPTIONS_INIT                                                 \
    {                                                                          \
        EFN_GAS, 0, EFN_TRACE_FLOW, EFN_ALLOC_MAX                              \
    }

typedef struct efn_trace efn_trace;

/*
 * Traces the flows of a year. With EFN_TRACE_FLOW the flows are those of
 * efn_flow_run() in the options' mode; with EFN_TRACE_OBSERVED the assets'
 * observed flows, where each node's injection is what leaves it beyond what
 * arrives (max(0, out - in)) and its withdrawal the reverse. An injection at
 * a node without supply cannot be explained by the data: it is traced as an
 * origin of its own, marked `implied`, and counted in
 * efn_trace_unbalanced_count().
 *
 * Only the nodes the flows touch take part. Acyclic flows are traced in
 * one depth-first pass in topological order, each node keeping the share
 * of its throughput from each origin whose gas reaches it (a node with one
 * edge in and no injection shares its tail's): the work is O(nodes +
 * edges) plus, at each node with several edges in or an injection, the
 * origins at its tails. Flows with cycles are solved, one origin at a
 * time, as the linear system (I - M) V = P, M[i][j] = f(j -> i) / T(j),
 * with GSL's LU decomposition (dense, for up to 2000 nodes) or Jacobi
 * iteration beyond. A volume below 1e-9 (rounding noise) is reported as
 * zero.
 *
 * The result refers to `net` (its ids and names): free the result before
 * the network.
 */
EFN_EXPORT int efn_trace_run(efn_trace **out, const efn_network *net,
                             const efn_trace_options *options);
/* Traces the flows of an existing flow analysis of `net`. */
EFN_EXPORT int efn_trace_from_flow(efn_trace **out, const efn_network *net,
                                   const efn_flow *flow);
EFN_EXPORT void efn_trace_free(efn_trace *trace);

EFN_EXPORT efn_commodity efn_trace_commodity(const efn_trace *trace);
EFN_EXPORT int efn_trace_year(const efn_trace *trace);
/* Which flows were traced, and for computed flows the allocation mode. */
EFN_EXPORT efn_trace_source efn_trace_source_of(const efn_trace *trace);
EFN_EXPORT efn_allocation efn_trace_mode(const efn_trace *trace);
/* 1 when the flows had a cycle and a linear system was solved. */
EFN_EXPORT int efn_trace_cyclic(const efn_trace *trace);
/* Origins whose injection the data does not explain (observed flows). */
EFN_EXPORT size_t efn_trace_unbalanced_count(const efn_trace *trace);

/* Origins: nodes that inject flow, in node order. */
EFN_EXPORT size_t efn_trace_origin_count(const efn_trace *trace);
EFN_EXPORT int efn_trace_origin_get(size_t *out_node, double *out_injected,
                                    int *out_implied, const efn_trace *trace,
                                    size_t k);
/* Origin countries, in order of first appearance among the origins. */
EFN_EXPORT size_t efn_trace_country_count(const efn_trace *trace);
EFN_EXPORT const char *efn_trace_country(const efn_trace *trace, size_t c);

/* Consumers: nodes that withdraw flow, in node order. */
EFN_EXPORT size_t efn_trace_consumer_count(const efn_trace *trace);
EFN_EXPORT int efn_trace_consumer_get(size_t *out_node, double *out_volume,
                                      const efn_trace *trace, size_t j);
/* Volume and share of consumer j's withdrawal from origin k. */
EFN_EXPORT int efn_trace_consumer_origin(double *out_volume, double *out_share,
                                         const efn_trace *trace, size_t j,
                                         size_t k);
/* Volume and share of consumer j's withdrawal from origin country c. */
EFN_EXPORT int efn_trace_consumer_country(double *out_volume, double *out_share,
                                          const efn_trace *trace, size_t j,
                                          size_t c);

/* Segments that carry flow, as directed edges in the direction of flow. */
typedef struct efn_trace_segment {
    size_t asset, segment;
    size_t from_node, to_node; /* direction of flow */
    double flow;               /* > 0 */
} efn_trace_segment;

EFN_EXPORT size_t efn_trace_segment_count(const efn_trace *trace);
EFN_EXPORT int efn_trace_segment_get(efn_trace_segment *out,
                                     const efn_trace *trace, size_t i);
EFN_EXPORT int efn_trace_segment_origin(double *out_volume, double *out_share,
                                        const efn_trace *trace, size_t i,
                                        size_t k);
EFN_EXPORT int efn_trace_segment_country(double *out_volume, double *out_share,
                                         const efn_trace *trace, size_t i,
                                         size_t c);

/* The result as JSON (freed with efn_free()). */
EFN_EXPORT int efn_trace_to_json(char **out, const efn_trace *trace);

#ifdef __cplusplus
}
#endif

#endif
