/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * n1.h: N-1 analysis (remove each asset, node or country in turn) and the
 * infrastructure standard of Regulation (EU) 2017/1938, Annex II.
 */
#ifndef EFN_N1_H
#define EFN_N1_H

#include "common.h"
#include "network.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What to remove, as a bit set. */
enum { EFN_N1_ASSETS = 1, EFN_N1_NODES = 2, EFN_N1_COUNTRIES = 4 };

typedef enum efn_n1_kind {
    EFN_N1_ASSET = 0,
    EFN_N1_NODE = 1,
    EFN_N1_COUNTRY = 2
} efn_n1_kind;

typedef struct efn_n1_options {
    efn_commodity commodity;
    int year;        /* 0: the network's year */
    unsigned scope;  /* EFN_N1_ASSETS | EFN_N1_NODES | EFN_N1_COUNTRIES */
    int totals_only; /* 1: the total's loss only, no consumer's (see
                        efn_n1_run: the consumers cost most of the time) */
} efn_n1_options;

#define EFN_N1_OPTIONS_INIT                                                    \
    {                                                                          \
        EFN_GAS, 0, EFN_N1_ASSETS, 0                                           \
    }

typedef struct efn_n1 efn_n1;

/* One removal and what it costs. */
typedef struct efn_n1_entry {
    efn_n1_kind kind;
    size_t index;       /* asset or node index; for a country, 0 */
    const char *id;     /* asset id, node id or country code */
    double total_after; /* maximum deliverable total without it */
    double loss;        /* base total - total_after */
    int recomputed;     /* 0 when the answer was known without a solve */
} efn_n1_entry;

/*
 * Removes each active asset of the commodity in turn (and, by `scope`, each
 * node or each country: every asset with a route node in the country), and
 * computes the loss in the maximum deliverable total and in each consumer's
 * standalone deliverable (the most it could receive with priority over every
 * other consumer: the maximum flow to it alone). Ranked by loss, largest
 * first; ties in kind, then index order.
 *
 * A removed node takes the segments that touch it and its own supply and
 * demand; the rest of a line through it may still carry flow. (A node that
 * a scenario disables takes every line through it out whole.)
 *
 * An element that carries no flow in a maximum flow cannot lower that
 * maximum, so it is not solved again (the same for each consumer's own
 * maximum flow). The total after a removal is not solved from scratch
 * either: the removed edges' flow is taken back along the paths that
 * carried it and augmenting paths then find what can go round the gap
 * (exact; docs/methods.md). Each consumer's standalone loss is one maximum
 * flow per removal that carries its flow: up to R K solves for R removals
 * and K consumers, which dominates on large networks; `totals_only` skips
 * them (efn_n1_consumer_count() is then 0). *out is freed with
 * efn_n1_free().
 *
 * The result refers to `net` (its ids and names): free the result before
 * the network.
 */
EFN_EXPORT int efn_n1_run(efn_n1 **out, const efn_network *net,
                          const efn_n1_options *options);
EFN_EXPORT void efn_n1_free(efn_n1 *n1);

EFN_EXPORT efn_commodity efn_n1_commodity(const efn_n1 *n1);
EFN_EXPORT int efn_n1_year(const efn_n1 *n1);
/* The maximum deliverable total with nothing removed. */
EFN_EXPORT double efn_n1_base_total(const efn_n1 *n1);
/* Entries, ranked. */
EFN_EXPORT size_t efn_n1_entry_count(const efn_n1 *n1);
EFN_EXPORT int efn_n1_entry_get(efn_n1_entry *out, const efn_n1 *n1, size_t i);
/* Consumers (nodes with a positive demand), in node order, with their
 * standalone deliverable with nothing removed. */
EFN_EXPORT size_t efn_n1_consumer_count(const efn_n1 *n1);
EFN_EXPORT int efn_n1_consumer_get(size_t *out_node, double *out_standalone,
                                   const efn_n1 *n1, size_t j);
/* Loss in consumer j's standalone deliverable when entry i is removed. */
EFN_EXPORT int efn_n1_consumer_loss(double *out, const efn_n1 *n1, size_t i,
                                    size_t j);
/* The whole result as JSON (freed with efn_free()). */
EFN_EXPORT int efn_n1_to_json(char **out, const efn_n1 *n1);

/* ---- Regulation (EU) 2017/1938, Annex II ------------------------------ */

/*
 * N-1 [%] = (EPm + Pm + Sm + LNGm - Im) / Dmax x 100, every term in mcm/d,
 * for the calculated area of one country, from the gas network of a year:
 *   EPm  entry capacity: capacities of active gas segments entering the
 *        country from outside it (the entering direction of bidirectional
 *        ones), plus the supply of supply nodes in the country that are not
 *        fields, storage or LNG (modelled import points);
 *   Pm   production: supply of the country's field nodes;
 *   Sm   storage deliverability: supply of its storage nodes;
 *   LNGm LNG send-out: supply of its lng nodes;
 *   Im   the single largest infrastructure: the largest of the entry
 *        capacity of each asset and the supply of each supply node;
 *   Dmax the sum of the country's nodes' gas peak_demand; where no node has
 *        one, estimated as annual demand / 365 x peak_factor.
 * 1 bcm/y = 1000/365 mcm/d.
 */
typedef struct efn_eu_n1 {
    const char *country;
    int year;
    double epm_mcm_d, pm_mcm_d, sm_mcm_d, lngm_mcm_d, im_mcm_d, dmax_mcm_d;
    double n1_percent;
    int im_is_asset;    /* 1: Im is an asset's entry capacity */
    size_t im_index;    /* that asset's, or the supply node's, index */
    int dmax_estimated; /* 1: Dmax from annual demand x peak_factor */
    double peak_factor; /* the factor used, when estimated */
} efn_eu_n1;

/* The default peak-day factor: peak daily demand over average daily demand
 * when a country has no peak_demand (see docs/methods.md). */
#define EFN_DEFAULT_PEAK_FACTOR 2.0

/*
 * Computes the standard for `country` in `year` (0: the network's).
 * `peak_factor` <= 0 selects EFN_DEFAULT_PEAK_FACTOR. EFN_ENOTFOUND when no
 * node is in the country; EFN_EINVALID when Dmax is 0 or an entry has no
 * capacity (unbounded), since the formula needs finite terms.
 */
EFN_EXPORT int efn_eu_n1_compute(efn_eu_n1 *out, const efn_network *net,
                                 const char *country, int year,
                                 double peak_factor);
EFN_EXPORT int efn_eu_n1_to_json(char **out, const efn_eu_n1 *eu,
                                 const efn_network *net);

#ifdef __cplusplus
}
#endif

#endif
