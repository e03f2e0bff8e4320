/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * tracecore.h: proportional sharing over a set of directed flows, shared by
 * tracing and dependency analysis.
 */
#ifndef EFN_TRACECORE_H
#define EFN_TRACECORE_H

#include "model.h"

/* An edge with flow: 24 bytes. Its ends are trace node numbers (below);
 * node, asset and segment numbers fit 32 bits (number_nodes and add_edge
 * check). */
typedef struct efn__tedge {
    uint32_t from, to;
    uint32_t asset, segment;
    double flow; /* > 0 */
} efn__tedge;

/* Below this a flow or a volume is rounding noise (1 m3/y of gas). */
#define EFN_TRACE_EPS 1e-9

/* A trace node's throughput T = injection + inflow, and its mix: the share
 * of T from each origin, sparse. Node i's entries are vorig/vval[vstart ..
 * vstart + vlen), origins ascending. A node that injects nothing and has
 * one edge in has its tail's mix, and points at its tail's entries. An
 * entry whose volume (share times T) is below EFN_TRACE_EPS in magnitude
 * reads as zero (efn__trace_volume). Fewer than 2^32 entries in all
 * (checked). One record, as the tracing reads and writes them together. */
typedef struct efn__tnode {
    double T;
    uint32_t vstart, vlen;
} efn__tnode;

/* A trace's nodes are those its flows touch: an end of an edge with flow,
 * an origin or a consumer, numbered 0 .. n-1 as first met (edges in order,
 * then origins, then consumers); node_of gives each one's network number.
 * Every per-node array below is by trace node. */
struct efn_trace {
    const efn_network *net;
    efn_commodity commodity;
    int year;
    int cyclic;
    efn_trace_source source; /* observed or computed flows */
    efn_allocation mode;     /* for computed flows */
    size_t n;                /* trace nodes */
    uint32_t *node_of;       /* network node of each */
    size_t nedges;
    efn__tedge *edges;
    efn__tnode *node; /* per node: throughput and mix */
    size_t norig;     /* origins: nodes that inject, in node order */
    uint32_t *orig_node;
    double *orig_inj; /* what each injects */
    unsigned char *orig_implied;
    size_t *orig_country; /* index into country */
    size_t ncountry;
    const char **country;
    uint32_t *vorig; /* the mixes (efn__tnode) */
    double *vval;
    size_t nnz;
    size_t ncons; /* consumers: nodes that withdraw, in node order */
    uint32_t *cons_node;
    double *cons_vol; /* what each withdraws */
    size_t nunbalanced;
};

/* The volume at node i from the origin of entry j (one of node i's), or
 * 0 when it is noise. */
static inline double efn__trace_volume(const struct efn_trace *t, size_t i,
                                       size_t j)
{
    double v = t->vval[j] * t->node[i].T;
    return v < EFN_TRACE_EPS && v > -EFN_TRACE_EPS ? 0 : v;
}

/* How an edge passes volume on in a propagation. */
enum {
    EFN_PASS = 0, /* its share of the tail's volume: f(e) Z(tail) / T(tail) */
    EFN_FULL = 1, /* all of its flow: f(e) */
    EFN_BLOCK = 2 /* nothing */
};

/*
 * One column of proportional sharing: Z(i) = b(i) + sum over edges e into i
 * of what e passes on (edge_mode, NULL: all EFN_PASS); a node with
 * fixed[i] set takes Z(i) = b(i) alone. Solved in topological order when
 * the flows are acyclic, else as a linear system. `b`, `fixed` and `z` are
 * by trace node (t->n entries); `edge_mode` by edge.
 */
int efn__propagate(const struct efn_trace *t, const double *b,
                   const unsigned char *edge_mode, const unsigned char *fixed,
                   double *z);

/* Adds "source" (observed or flow) and, for computed flows, "mode". */
void efn__trace_json_source(cJSON *root, const struct efn_trace *t);

#endif
