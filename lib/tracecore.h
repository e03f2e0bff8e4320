/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * tracecore.h: proportional sharing over a set of directed flows, shared by
 * tracing and dependency analysis.
 */
#ifndef EFN_TRACECORE_H
#define EFN_TRACECORE_H

#include "model.h"

/* An edge with flow: 24 bytes (node, asset and segment numbers fit 32
 * bits: trace_new and add_edge check). */
typedef struct efn__tedge {
    uint32_t from, to;
    uint32_t asset, segment;
    double flow; /* > 0 */
} efn__tedge;

struct efn_trace {
    const efn_network *net;
    efn_commodity commodity;
    int year;
    int cyclic;
    efn_trace_source source; /* observed or computed flows */
    efn_allocation mode;     /* for computed flows */
    size_t n;                /* nodes */
    size_t nedges;
    efn__tedge *edges;
    uint32_t *order;   /* topological order (acyclic) */
    double *P, *T, *W; /* injection, throughput, withdrawal per node */
    size_t norig;
    size_t *orig_node;
    unsigned char *orig_implied;
    size_t *orig_country; /* index into country */
    size_t ncountry;
    const char **country;
    /* The volume at node i from each origin, sparse: node i's entries are
     * vorig/vval[vstart[i] .. vstart[i] + vlen[i]), origins ascending, none
     * below EFN_TRACE_EPS in magnitude (those are zero). */
    size_t *vstart;
    uint32_t *vlen;
    uint32_t *vorig;
    double *vval;
    size_t nnz;
    size_t ncons;
    size_t *cons_node;
    size_t nunbalanced;
};

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
 * the flows are acyclic, else as a linear system. `z` has n entries.
 */
int efn__propagate(const struct efn_trace *t, const double *b,
                   const unsigned char *edge_mode, const unsigned char *fixed,
                   double *z);

/* Adds "source" (observed or flow) and, for computed flows, "mode". */
void efn__trace_json_source(cJSON *root, const struct efn_trace *t);

#endif
