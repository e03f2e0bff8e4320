/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * dependency.h: who depends on whom and through where, from a trace:
 * supplier countries, transit countries, assets, entry routes, their HHI,
 * and single points of failure (dominators).
 */
#ifndef EFN_DEPENDENCY_H
#define EFN_DEPENDENCY_H

#include "common.h"
#include "network.h"
#include "trace.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum efn_dep_kind {
    EFN_DEP_SUPPLIER = 0,     /* origin country: volume and share */
    EFN_DEP_TRANSIT = 1,      /* a country crossed that is neither the origin's
                                 nor the consumer's */
    EFN_DEP_ASSET = 2,        /* an asset the volume flowed through */
    EFN_DEP_ENTRY = 3,        /* the asset by which it last entered the
                                 consumer's country (domestic: asset SIZE_MAX) */
    EFN_DEP_SPOF_NODE = 4,    /* a node every supply path passes through */
    EFN_DEP_SPOF_ASSET = 5,   /* an asset every supply path passes through */
    EFN_DEP_OWNER_COUNTRY = 6 /* look-through owner country of the assets
                                 carrying the volume, volume-weighted */
} efn_dep_kind;

#define EFN_DEP_KIND_COUNT 7

typedef struct efn_dep_item {
    efn_dep_kind kind;
    const char *country; /* SUPPLIER, TRANSIT, OWNER_COUNTRY */
    size_t asset;        /* ASSET, ENTRY, SPOF_ASSET; SIZE_MAX: domestic */
    size_t node;         /* SPOF_NODE */
    double volume;       /* canonical unit; for SPOFs the volume at stake */
    double share;        /* of the consumer's volume, 0 to 1 */
} efn_dep_item;

typedef struct efn_dependency efn_dependency;

/*
 * Traces the flows (efn_trace_run with `options`) and derives, for every
 * consumer d with volume Q(d):
 *   supplier share  s(d, c) = sum over origins o in country c of Q(d, o)/Q(d)
 *   transit share   t(d, k) = the part of Q(d) whose path crossed a node of
 *                   country k, k not the origin's country nor d's; paths are
 *                   distributed by proportional sharing
 *   asset share     a(d, A) = the part of Q(d) that flowed through asset A
 *   entry share     the part that last entered d's country through asset A
 *   HHI             sum of (100 s)^2 over supplier countries (0 to 10,000),
 *                   and the same over entry routes
 *   SPOFs           nodes and assets that dominate d from the super-source
 *                   in the active graph (igraph_dominator_tree; Lengauer and
 *                   Tarjan 1979), with Q(d) at stake
 *   owner country   sum over A of a(d,A) own(c,A) / sum over A of a(d,A),
 *                   own from look-through ownership (ownership.h)
 * Items of each kind are sorted by volume, largest first. Cost: one trace
 * plus one propagation per country, per asset and per consumer country.
 *
 * The result refers to `net` (its ids and names): free the result before
 * the network.
 */
EFN_EXPORT int efn_dependency_run(efn_dependency **out, const efn_network *net,
                                  const efn_trace_options *options);
EFN_EXPORT void efn_dependency_free(efn_dependency *dep);

EFN_EXPORT size_t efn_dependency_consumer_count(const efn_dependency *dep);
/* Consumer j: node, volume received, HHI of origin countries and of entry
 * routes (0 to 10,000). */
EFN_EXPORT int efn_dependency_consumer_get(size_t *out_node, double *out_volume,
                                           double *out_hhi_origin,
                                           double *out_hhi_entry,
                                           const efn_dependency *dep, size_t j);
/* The index of the consumer at `node`; EFN_ENOTFOUND if none. */
EFN_EXPORT int efn_dependency_consumer_find(size_t *out,
                                            const efn_dependency *dep,
                                            size_t node);
EFN_EXPORT size_t efn_dependency_item_count(const efn_dependency *dep, size_t j,
                                            efn_dep_kind kind);
EFN_EXPORT int efn_dependency_item_get(efn_dep_item *out,
                                       const efn_dependency *dep, size_t j,
                                       efn_dep_kind kind, size_t i);
/* The trace the dependency was derived from; owned by `dep`. */
EFN_EXPORT const efn_trace *efn_dependency_trace(const efn_dependency *dep);
EFN_EXPORT int efn_dependency_to_json(char **out, const efn_dependency *dep);

#ifdef __cplusplus
}
#endif

#endif
