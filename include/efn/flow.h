/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * flow.h: flow analysis of one commodity in one year, and the balance of
 * observed flows. Formulas, algorithms and citations: docs/methods.md.
 *
 * The flow network: a super-source feeds every supply node up to its supply,
 * every demand node drains to a super-sink up to its demand, and every
 * segment of every active asset carries up to its capacity (a bidirectional
 * asset carries flow either way within one capacity). Quantities are in the
 * commodity's canonical unit (gas bcm/y, oil Mt/y, electricity TWh/y).
 */
#ifndef EFN_FLOW_H
#define EFN_FLOW_H

#include "common.h"
#include "network.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum efn_allocation {
    /* Maximum total delivery; among maximum flows the one of least cost
     * (cost per segment: the asset's tariff, else its length per segment,
     * else 1). */
    EFN_ALLOC_MAX = 0,
    /* Cooperative: every consumer served the same fraction of its demand,
     * as high as the network allows; then, without lowering anyone, the
     * others raised as far as they can (max-min fair, progressive filling),
     * least cost among those. */
    EFN_ALLOC_SHARED = 1
} efn_allocation;

/* "max" or "shared"; NULL for an unknown value. */
EFN_EXPORT const char *efn_allocation_name(efn_allocation mode);
EFN_EXPORT int efn_allocation_parse(efn_allocation *out, const char *name);

typedef struct efn_flow_options {
    efn_commodity commodity;
    int year; /* 0: the network's year */
    efn_allocation mode;
} efn_flow_options;

#define EFN_FLOW_OPTIONS_INIT                                                  \
    {                                                                          \
        EFN_GAS, 0, EFN_ALLOC_MAX                                              \
    }

typedef struct efn_flow efn_flow;

/*
 * Runs the flow analysis. *out is freed with efn_flow_free(). In "max" mode
 * one solve of efn's network simplex gives the maximum flow and its
 * least-cost allocation (on long narrow meshes with whole-number costs,
 * where augmenting paths are long, cost scaling from efn_flow_maximum()'s
 * value instead: docs/methods.md, section 1), and the minimum cut is read
 * off its residual network; in "shared" mode the maximum and the cut come from
 * efn_flow_maximum()'s solver and the fair allocation from linear programs
 * solved with GLPK's simplex. Deterministic: the same input gives the same
 * result bit for bit. EFN_EARG for bad options; EFN_ERROR when a solver
 * fails.
 *
 * The result refers to `net` (its ids and names): free the result before
 * the network.
 */
EFN_EXPORT int efn_flow_run(efn_flow **out, const efn_network *net,
                            const efn_flow_options *options);
EFN_EXPORT void efn_flow_free(efn_flow *flow);

/*
 * The maximum deliverable total alone (efn_flow_max_total() of the same
 * options, which it equals), without the allocation, the cut or a result
 * to free: for callers who ask "how much can get through" many times.
 * `options->mode` is checked but does not matter: every mode has the same
 * maximum. Solved by Boykov and Kolmogorov's search trees, handing over to
 * push-relabel (highest label, global relabelling, gap) when augmenting
 * paths turn out long; docs/methods.md. *value is 0 on failure; EFN_EARG
 * for bad options.
 */
EFN_EXPORT int efn_flow_maximum(const efn_network *net,
                                const efn_flow_options *options, double *value);

EFN_EXPORT efn_commodity efn_flow_commodity(const efn_flow *flow);
EFN_EXPORT int efn_flow_year(const efn_flow *flow);
EFN_EXPORT efn_allocation efn_flow_mode(const efn_flow *flow);

/* The maximum deliverable total: the value of a maximum flow. */
EFN_EXPORT double efn_flow_max_total(const efn_flow *flow);
/* The total delivered under the allocation mode (equal to the maximum in
 * "max" mode; at most the maximum in "shared" mode). */
EFN_EXPORT double efn_flow_delivered_total(const efn_flow *flow);
/* Sum of all demands and of all supplies of the commodity in the year. */
EFN_EXPORT double efn_flow_demand_total(const efn_flow *flow);
EFN_EXPORT double efn_flow_supply_total(const efn_flow *flow);

/* Consumers: the nodes with a positive demand, in node order. */
typedef struct efn_flow_consumer {
    size_t node;
    double demand;
    double delivered;
    double unmet;    /* demand - delivered */
    double fraction; /* delivered / demand */
} efn_flow_consumer;

/* Suppliers: the nodes with a positive supply, in node order. */
typedef struct efn_flow_supplier {
    size_t node;
    double supply;
    double injected;
    double spare; /* supply - injected */
} efn_flow_supplier;

/* One segment of an active asset. `flow` is signed for bidirectional
 * assets: positive along the route, negative against it. */
typedef struct efn_flow_segment {
    size_t asset;
    size_t segment;
    size_t from_node, to_node; /* route order */
    double capacity;           /* +inf: unbounded */
    double flow;
    double utilisation; /* |flow| / capacity; 0 when unbounded */
} efn_flow_segment;

/* One active asset: its largest segment flow and utilisation. */
typedef struct efn_flow_asset {
    size_t asset;
    double capacity;    /* the asset's capacity in the year (+inf: none) */
    double flow;        /* the largest |flow| over its segments */
    double utilisation; /* the largest utilisation over its segments */
} efn_flow_asset;

typedef enum efn_cut_kind {
    EFN_CUT_SEGMENT = 0, /* a segment of an asset is full */
    EFN_CUT_SUPPLY = 1,  /* a supply node gives all it can */
    EFN_CUT_DEMAND = 2   /* a demand node is fully served */
} efn_cut_kind;

/* One element of the minimum cut: what binds the maximum total. */
typedef struct efn_cut_item {
    efn_cut_kind kind;
    size_t asset, segment;     /* EFN_CUT_SEGMENT */
    size_t from_node, to_node; /* EFN_CUT_SEGMENT: the direction cut */
    size_t node;               /* EFN_CUT_SUPPLY, EFN_CUT_DEMAND */
    double capacity;           /* what it limits the total to contribute */
} efn_cut_item;

EFN_EXPORT size_t efn_flow_consumer_count(const efn_flow *flow);
EFN_EXPORT int efn_flow_consumer_get(efn_flow_consumer *out,
                                     const efn_flow *flow, size_t i);
EFN_EXPORT size_t efn_flow_supplier_count(const efn_flow *flow);
EFN_EXPORT int efn_flow_supplier_get(efn_flow_supplier *out,
                                     const efn_flow *flow, size_t i);
EFN_EXPORT size_t efn_flow_segment_count(const efn_flow *flow);
EFN_EXPORT int efn_flow_segment_get(efn_flow_segment *out, const efn_flow *flow,
                                    size_t i);
EFN_EXPORT size_t efn_flow_asset_count(const efn_flow *flow);
EFN_EXPORT int efn_flow_asset_get(efn_flow_asset *out, const efn_flow *flow,
                                  size_t i);
/* The minimum cut, in the order: segments, supplies, demands. Its
 * capacities sum to the maximum total. */
EFN_EXPORT size_t efn_flow_cut_count(const efn_flow *flow);
EFN_EXPORT int efn_flow_cut_get(efn_cut_item *out, const efn_flow *flow,
                                size_t i);

/* The flow of consumer node `node` (EFN_ENOTFOUND if not a consumer). */
EFN_EXPORT int efn_flow_consumer_find(efn_flow_consumer *out,
                                      const efn_flow *flow, size_t node);

/*
 * The result as JSON text (freed with efn_free()): totals, consumers,
 * suppliers, segments, assets and the cut, by id, with units.
 */
EFN_EXPORT int efn_flow_to_json(char **out, const efn_flow *flow);

/* ---- balance of observed flows ----------------------------------------- */

typedef struct efn_balance efn_balance;

/* One node's balance of observed flows (the assets' and segments' `flow`)
 * in the year. */
typedef struct efn_balance_node {
    size_t node;
    double inflow, outflow; /* observed flows into and out of the node */
    double injection;       /* max(0, outflow - inflow) */
    double withdrawal;      /* max(0, inflow - outflow) */
    double supply, demand;  /* the node's own, 0 when absent */
    /* What the data cannot explain: at a node with neither supply nor
     * demand, |inflow - outflow|; else injection beyond supply plus
     * withdrawal beyond demand. */
    double imbalance;
} efn_balance_node;

/* Balances every node touched by an active asset of the commodity that has
 * an observed flow. Assets without an observed flow are skipped and
 * counted. O(V + E). *out freed with efn_balance_free(). */
EFN_EXPORT int efn_balance_run(efn_balance **out, const efn_network *net,
                               efn_commodity commodity, int year);
EFN_EXPORT void efn_balance_free(efn_balance *balance);
EFN_EXPORT size_t efn_balance_node_count(const efn_balance *balance);
EFN_EXPORT int efn_balance_node_get(efn_balance_node *out,
                                    const efn_balance *balance, size_t i);
/* Active assets of the commodity that had no observed flow in the year. */
EFN_EXPORT size_t efn_balance_unobserved_count(const efn_balance *balance);
EFN_EXPORT int efn_balance_to_json(char **out, const efn_balance *balance);

#ifdef __cplusplus
}
#endif

#endif
