/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * scenario.h: scenario overlays. A scenario is an ordered list of changes
 * (set a quantity, set stakes, disable or enable an asset, node or country,
 * add or remove an asset, node or owner). Applying one to a network yields a
 * new network; the base network is never changed. The change kinds and
 * their keys are documented in docs/format.md ("Scenarios").
 */
#ifndef EFN_SCENARIO_H
#define EFN_SCENARIO_H

#include "common.h"
#include "network.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct efn_scenario efn_scenario;

/*
 * Loads a scenario file. *out is freed with efn_scenario_free(). The file's
 * form is checked here (keys, types, known operations); whether the ids it
 * names exist is checked when it is applied. EFN_EIO, EFN_EINVALID or
 * EFN_ENOMEM on failure, with file and JSON path in the message.
 */
EFN_EXPORT int efn_scenario_load(efn_scenario **out, const char *path);
/* As efn_scenario_load() from a buffer; `name` names it in messages. */
EFN_EXPORT int efn_scenario_load_buffer(efn_scenario **out, const char *data,
                                        size_t len, const char *name);
/* Frees a scenario. Accepts NULL. */
EFN_EXPORT void efn_scenario_free(efn_scenario *scn);

/* The scenario's name, description ("" when absent) and year (0 absent). */
EFN_EXPORT const char *efn_scenario_name(const efn_scenario *scn);
EFN_EXPORT const char *efn_scenario_description(const efn_scenario *scn);
EFN_EXPORT int efn_scenario_year(const efn_scenario *scn);
EFN_EXPORT size_t efn_scenario_change_count(const efn_scenario *scn);

/*
 * Applies the scenario to `base` and returns the result as a new network in
 * *out (freed with efn_network_free()); `base` is unchanged. A change naming
 * something that does not exist, or one that leaves the network invalid, is
 * EFN_EINVALID with a message naming the scenario file and the change's
 * JSON path ("tanap.json: changes[2].id: no asset 'tanap2'").
 *
 * When the scenario has a year, the result's metadata.year is that year.
 */
EFN_EXPORT int efn_scenario_apply(efn_network **out, const efn_network *base,
                                  const efn_scenario *scn);

/* Applies `count` scenarios in order: the same as applying them one by
 * one. `count` may be 0 (then *out is a copy of `base`). */
EFN_EXPORT int efn_scenario_apply_all(efn_network **out,
                                      const efn_network *base,
                                      const efn_scenario *const *scenarios,
                                      size_t count);

/* A copy of a network. */
EFN_EXPORT int efn_network_copy(efn_network **out, const efn_network *net);

#ifdef __cplusplus
}
#endif

#endif
