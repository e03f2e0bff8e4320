/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * network.h: the model (nodes, assets, owners), loading, validation, saving
 * and the query API.
 *
 * An efn_network is immutable once loaded: every function here that takes a
 * `const efn_network *` may run on the same network from several threads at
 * once. Scenarios (scenario.h) produce new networks.
 */
#ifndef EFN_NETWORK_H
#define EFN_NETWORK_H

#include "common.h"
#include "units.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct efn_network efn_network;

/* Node kinds of the format. */
typedef enum efn_node_kind {
    EFN_NODE_FIELD = 0,
    EFN_NODE_TERMINAL,
    EFN_NODE_JUNCTION,
    EFN_NODE_BORDER,
    EFN_NODE_MARKET,
    EFN_NODE_STORAGE,
    EFN_NODE_LNG
} efn_node_kind;

/* Asset statuses; efn_asset_is_active() says which carry flow. */
typedef enum efn_asset_status {
    EFN_STATUS_OPERATING = 0,
    EFN_STATUS_CONSTRUCTION,
    EFN_STATUS_PROPOSED,
    EFN_STATUS_IDLE,
    EFN_STATUS_RETIRED
} efn_asset_status;

/* Node quantities, per commodity. */
typedef enum efn_node_quantity {
    EFN_SUPPLY = 0,     /* most the node can inject */
    EFN_DEMAND = 1,     /* what the node wants to take, annual */
    EFN_PEAK_DEMAND = 2 /* peak demand, still in the canonical unit */
} efn_node_quantity;

/* Asset quantities. */
typedef enum efn_asset_quantity {
    EFN_CAPACITY = 0, /* no capacity key: unbounded (+infinity) */
    EFN_FLOW = 1,     /* observed flow; absent is NaN */
    EFN_TARIFF = 2    /* cost per canonical unit carried; absent is NaN */
} efn_asset_quantity;

/* "field", "terminal", ...; NULL for an unknown value. Static storage. */
EFN_EXPORT const char *efn_node_kind_name(efn_node_kind kind);
/* "operating", "construction", ...; NULL for an unknown value. */
EFN_EXPORT const char *efn_asset_status_name(efn_asset_status status);

/* ---- Loading, saving, freeing ------------------------------------------ */

/*
 * Loads a network file. On success *out is a new network the caller frees
 * with efn_network_free(); on failure *out is NULL and the status is one of
 * EFN_EIO, EFN_EINVALID, EFN_ENOMEM, with a message naming the file, the JSON
 * path and the problem. Only the first problem is reported; use
 * efn_validate_file() for all of them. The nodes and assets are read one at
 * a time, so a large file never stands as a whole parsed tree in memory;
 * the network keeps the file's text, compressed, for a lossless save.
 */
EFN_EXPORT int efn_network_load(efn_network **out, const char *path);

/*
 * Loads a network from `len` bytes of JSON text at `data` (need not be
 * NUL-terminated). `name` names the source in messages (NULL: "<buffer>").
 * The network keeps no pointer into `data`.
 */
EFN_EXPORT int efn_network_load_buffer(efn_network **out, const char *data,
                                       size_t len, const char *name);

/* Frees a network. Accepts NULL. */
EFN_EXPORT void efn_network_free(efn_network *net);

/*
 * Writes the network as JSON text. Every key of the loaded file is kept,
 * including keys efn does not know, in their order. *out is freed with
 * efn_free(). `pretty` selects indented output. A loaded network keeps its
 * file's text, compressed, rather than its parsed tree; the first
 * call that needs the tree (this one, a save, a copy, a scenario, an
 * export, risk data) parses the text again, once, so it may also fail
 * with EFN_ENOMEM. Safe from several threads at once.
 */
EFN_EXPORT int efn_network_to_json(char **out, const efn_network *net,
                                   int pretty);

/*
 * Saves the network to `path` (pretty-printed). Writes a temporary file
 * beside it and renames it, so a failed save leaves any previous file
 * intact. EFN_EIO with a message on failure.
 */
EFN_EXPORT int efn_network_save(const efn_network *net, const char *path);

/* The name the network was loaded from (a path, or the buffer's name). */
EFN_EXPORT const char *efn_network_source(const efn_network *net);
/* metadata.title, or "" when absent. */
EFN_EXPORT const char *efn_network_title(const efn_network *net);
/* metadata.year, or 0 when absent: the default year of analyses. */
EFN_EXPORT int efn_network_year(const efn_network *net);
/* The network's conventions (defaults where the file gives none). */
EFN_EXPORT void efn_network_conventions(efn_conventions *out,
                                        const efn_network *net);

/* ---- Validation -------------------------------------------------------- */

/* A list of problems found in a file. */
typedef struct efn_diagnostics efn_diagnostics;

/*
 * Checks a network file and collects every problem found, rather than
 * stopping at the first. Returns EFN_OK when the checks ran (whatever they
 * found) and *out holds the list, freed with efn_diagnostics_free(); an empty
 * list means the file is valid. Returns EFN_EIO or EFN_ENOMEM, *out NULL, when
 * the checks could not run. When the JSON itself is malformed the list holds
 * that one problem.
 */
EFN_EXPORT int efn_validate_file(efn_diagnostics **out, const char *path);
/* As efn_validate_file() on a buffer. */
EFN_EXPORT int efn_validate_buffer(efn_diagnostics **out, const char *data,
                                   size_t len, const char *name);

EFN_EXPORT size_t efn_diagnostics_count(const efn_diagnostics *diag);
/* The JSON path of problem i, "assets[3].stakes"; "" for the whole file. */
EFN_EXPORT const char *efn_diagnostics_path(const efn_diagnostics *diag,
                                            size_t i);
/* The problem alone, "shares sum to 104.5%, expected at most 100%". */
EFN_EXPORT const char *efn_diagnostics_problem(const efn_diagnostics *diag,
                                               size_t i);
/* The full message, "file: path: problem". */
EFN_EXPORT const char *efn_diagnostics_message(const efn_diagnostics *diag,
                                               size_t i);
EFN_EXPORT void efn_diagnostics_free(efn_diagnostics *diag);

/* ---- Queries ----------------------------------------------------------- *
 * Indexes run from 0 to count - 1 in file order. Strings returned belong to
 * the network and live as long as it does. Quantities are in the canonical
 * unit of the commodity (gas bcm/y, oil Mt/y, electricity TWh/y) for the year
 * asked: the value of a year series is its latest entry at or before the
 * year, absent before its first entry.
 */

EFN_EXPORT size_t efn_network_node_count(const efn_network *net);
EFN_EXPORT size_t efn_network_asset_count(const efn_network *net);
EFN_EXPORT size_t efn_network_owner_count(const efn_network *net);

/* Index lookups by id: EFN_ENOTFOUND (with a message) when absent. */
EFN_EXPORT int efn_network_find_node(size_t *out, const efn_network *net,
                                     const char *id);
EFN_EXPORT int efn_network_find_asset(size_t *out, const efn_network *net,
                                      const char *id);
EFN_EXPORT int efn_network_find_owner(size_t *out, const efn_network *net,
                                      const char *id);

typedef struct efn_node_info {
    const char *id;
    const char *name; /* the id when the file gives no name */
    efn_node_kind kind;
    const char *country; /* ISO 3166-1 alpha-2 or a region code */
    int has_coordinates; /* lat and lon given */
    double lat, lon;     /* degrees (WGS 84); NaN when absent */
    int enabled;         /* 0 when a scenario disabled the node */
} efn_node_info;

typedef struct efn_asset_info {
    const char *id;
    const char *name;
    efn_commodity commodity;
    efn_asset_status status;
    int start_year; /* 0 when absent */
    int end_year;   /* 0 when absent (no end) */
    int bidirectional;
    double length_km;     /* NaN when absent */
    size_t route_length;  /* nodes on the route, >= 2 */
    size_t segment_count; /* route_length - 1 */
    int enabled;          /* 0 when a scenario disabled the asset */
} efn_asset_info;

typedef struct efn_owner_info {
    const char *id;
    const char *name;
    const char *kind;    /* "company", "state", "fund", ...; "" if absent */
    const char *country; /* "" if absent */
    size_t parent_count; /* entries of its own `owners` list */
} efn_owner_info;

/* Fill *out for item i; EFN_ENOTFOUND when i is out of range. */
EFN_EXPORT int efn_network_node(efn_node_info *out, const efn_network *net,
                                size_t i);
EFN_EXPORT int efn_network_asset(efn_asset_info *out, const efn_network *net,
                                 size_t i);
EFN_EXPORT int efn_network_owner(efn_owner_info *out, const efn_network *net,
                                 size_t i);

/*
 * A node's supply, demand or peak demand of `commodity` in `year`, in the
 * canonical unit. *out is NaN when the node has none in that year.
 */
EFN_EXPORT int efn_node_quantity_get(double *out, const efn_network *net,
                                     size_t node, efn_node_quantity which,
                                     efn_commodity commodity, int year);

/* The node index of route position k of an asset. */
EFN_EXPORT int efn_asset_route_node(size_t *out, const efn_network *net,
                                    size_t asset, size_t k);

/*
 * An asset's capacity, observed flow or tariff in `year`, in the canonical
 * unit (tariff: cost per canonical unit). An asset with no capacity at all
 * is an unconstrained connector (+infinity); a capacity series before its
 * first entry, or after a null entry, is 0. Flow and tariff absent are NaN.
 */
EFN_EXPORT int efn_asset_quantity_get(double *out, const efn_network *net,
                                      size_t asset, efn_asset_quantity which,
                                      int year);

/*
 * The same for segment s (route[s] to route[s + 1]): the segment's own value
 * from `segments[]` when given, else the asset's.
 */
EFN_EXPORT int efn_segment_quantity_get(double *out, const efn_network *net,
                                        size_t asset, size_t segment,
                                        efn_asset_quantity which, int year);

/*
 * Whether the asset carries flow in `year`: it is enabled, start_year <= year
 * < end_year where given, and its status allows it: operating always;
 * construction once its start_year is given and reached; retired only before
 * a given end_year (historic years); proposed and idle never (a scenario sets
 * the status to operating to bring one in). Returns 1 or 0.
 */
EFN_EXPORT int efn_asset_is_active(const efn_network *net, size_t asset,
                                   int year);

/* Stakes of an asset in `year` (stakes may be a year series). */
EFN_EXPORT size_t efn_asset_stake_count(const efn_network *net, size_t asset,
                                        int year);
/* Stake k: owner index and share in percent (0 to 100). */
EFN_EXPORT int efn_asset_stake(size_t *out_owner, double *out_share_pct,
                               const efn_network *net, size_t asset, int year,
                               size_t k);

/* Parent k of an owner (its own `owners` list): owner index, share in %. */
EFN_EXPORT int efn_owner_parent(size_t *out_owner, double *out_share_pct,
                                const efn_network *net, size_t owner, size_t k);

/*
 * The years the network mentions (year series keys, start and end years),
 * sorted and without repeats. *out is freed with efn_free(); *count may be 0
 * (then *out is NULL).
 */
EFN_EXPORT int efn_network_years(int **out, size_t *count,
                                 const efn_network *net);

#ifdef __cplusplus
}
#endif

#endif
