/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * ownership.h: look-through (integrated) ownership through chains of
 * owners, and stake-weighted capacity and throughput.
 */
#ifndef EFN_OWNERSHIP_H
#define EFN_OWNERSHIP_H

#include "common.h"
#include "flow.h"
#include "network.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct efn_ownership efn_ownership;

/*
 * With W[i][j] the fraction of owner j held by owner i, the integrated
 * ownership matrix is L = (I - W)^-1 = I + W + W^2 + ... (solved with GSL's
 * LU decomposition; it exists because validation rejects ownership cycles
 * with no outside owner). Owner i's look-through interest in asset A, with
 * direct stakes s(j, A), is
 *     own(i, A) = sum_j L[i][j] s(j, A).
 * For the ultimate owners (owners with no listed owner) these interests add
 * up to at most the listed stakes; what they do not reach is reported as
 * untraced, and stakes not listed at all as unlisted.
 * Stake-weighted capacity and throughput of an owner: sum over assets of
 * own(i, A) x capacity(A) and x throughput(A), per commodity, where
 * throughput is the asset's observed flow in the year, or its flow in
 * `flow` when given (assets of `flow`'s commodity). O(N^3 + N A) for N
 * owners and A assets. *out freed with efn_ownership_free().
 *
 * The result refers to `net` (its ids and names): free the result before
 * the network.
 */
EFN_EXPORT int efn_ownership_run(efn_ownership **out, const efn_network *net,
                                 int year, const efn_flow *flow);
EFN_EXPORT void efn_ownership_free(efn_ownership *own);

EFN_EXPORT int efn_ownership_year(const efn_ownership *own);
/* L[i][j]: the fraction of owner j integrated into owner i. */
EFN_EXPORT int efn_ownership_lookthrough(double *out, const efn_ownership *own,
                                         size_t i, size_t j);
/* 1 when owner i has no listed owner of its own. */
EFN_EXPORT int efn_ownership_is_ultimate(const efn_ownership *own, size_t i);
/* Owner i's look-through interest in asset a, percent. */
EFN_EXPORT int efn_ownership_interest(double *out_pct, const efn_ownership *own,
                                      size_t owner, size_t asset);
/* Asset a: percent listed in stakes, percent reaching ultimate owners,
 * percent untraced (listed but not reaching an ultimate owner). */
EFN_EXPORT int efn_ownership_asset_totals(double *out_listed_pct,
                                          double *out_ultimate_pct,
                                          double *out_untraced_pct,
                                          const efn_ownership *own,
                                          size_t asset);
/* Country interest in asset a: the sum of its ultimate owners' interests,
 * percent. Countries: the `country` of ultimate owners ("" when absent). */
EFN_EXPORT size_t efn_ownership_country_count(const efn_ownership *own);
EFN_EXPORT const char *efn_ownership_country(const efn_ownership *own,
                                             size_t c);
EFN_EXPORT int efn_ownership_country_interest(double *out_pct,
                                              const efn_ownership *own,
                                              size_t c, size_t asset);
/* Stake-weighted capacity and throughput of owner i in `commodity`, in its
 * canonical unit (capacity of unbounded assets is not counted). */
EFN_EXPORT int efn_ownership_owner_totals(double *out_capacity,
                                          double *out_throughput,
                                          const efn_ownership *own,
                                          size_t owner,
                                          efn_commodity commodity);
EFN_EXPORT int efn_ownership_country_totals(double *out_capacity,
                                            double *out_throughput,
                                            const efn_ownership *own, size_t c,
                                            efn_commodity commodity);
/* JSON; `owner` keeps one owner; `country` keeps the owners of that country
 * (of any kind), its country totals and the assets it holds a look-through
 * part of. NULL for all. */
EFN_EXPORT int efn_ownership_to_json(char **out, const efn_ownership *own,
                                     const char *owner, const char *country);

#ifdef __cplusplus
}
#endif

#endif
