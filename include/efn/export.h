/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * export.h: the network and analysis results in formats other tools read:
 * GeoJSON (QGIS, geojson.io), GraphML (igraph, networkx, Gephi, yEd),
 * Graphviz DOT (flow maps) and CSV tables (spreadsheets, pandas, R).
 * Fields, conventions and rendering commands: docs/exports.md.
 *
 * Every function returns its text through *out, freed with efn_free(); on
 * failure *out is NULL and efn_last_error() says why. Quantities are in the
 * canonical unit of their commodity (gas bcm/y, oil Mt/y, electricity
 * TWh/y), named in a "unit" field, column or label. Numbers are written with
 * '.' as the decimal point whatever the locale, in the shortest form that
 * reads back to the same double.
 *
 * Where a result (efn_flow, efn_n1, ...) is passed with a network, it must
 * have been computed on that network; indexes that do not fit it are
 * reported as EFN_EARG. A `year` of 0 means the flow's year when a flow is
 * given, else the network's; a year that differs from a given flow's year is
 * EFN_EARG.
 */
#ifndef EFN_EXPORT_H
#define EFN_EXPORT_H

#include "common.h"
#include "dependency.h"
#include "flow.h"
#include "n1.h"
#include "network.h"
#include "ownership.h"
#include "trace.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- GeoJSON (RFC 7946) ------------------------------------------------ */

/*
 * A FeatureCollection of the network in `year`: one Point per node with
 * coordinates ([lon, lat], WGS 84), then one LineString per asset through
 * the coordinates of its route nodes, in file order. A route node without
 * coordinates is skipped (the line runs straight past it, and the feature
 * says "route_complete": false); an asset with fewer than two located route
 * nodes, and a node without coordinates, gets no feature and is listed in
 * the collection's "efn" member. Properties: id, name, "feature" ("node" or
 * "asset"), kind or commodity, country or status, active, capacity and
 * observed flow with their "unit", stakes (owner id and share in percent),
 * and "coordinates_approximate". With `flow` (may be NULL), assets of its
 * commodity get "flow" (largest |flow| over their segments) and
 * "utilisation", other assets null; consumers and suppliers get their
 * delivered or injected volume. O(V + E + S) for S stakes.
 */
EFN_EXPORT int efn_export_geojson(char **out, const efn_network *net, int year,
                                  const efn_flow *flow);

/* ---- GraphML ------------------------------------------------------------ */

/*
 * The graph of `commodity` in `year` as efn_graph_build() makes it (vertex
 * v is node v, one edge per segment of each active asset, a reverse edge
 * after each segment of a bidirectional asset), as GraphML text. The
 * GraphML node id is the efn node id; vertex data: name, kind, country,
 * lat, lon (absent without coordinates), enabled, coordinates_approximate.
 * Edge data: asset (id), segment, reverse, capacity ("INF" when unbounded)
 * and, with `flow` (of the same commodity and year; may be NULL), the flow
 * along the edge's direction (>= 0) and its utilisation. Graph data:
 * commodity, unit, year. Written directly, so no igraph attribute handler
 * (process-global state) is touched; igraph_read_graph_graphml() and
 * networkx.read_graphml() read it. O(V + E).
 */
EFN_EXPORT int efn_export_graphml(char **out, const efn_network *net,
                                  efn_commodity commodity, int year,
                                  const efn_flow *flow);

/* ---- Graphviz DOT ------------------------------------------------------- */

typedef enum efn_export_colour {
    EFN_EXPORT_COLOUR_COMMODITY = 0,  /* gas blue, oil brown, electricity
                                         gold */
    EFN_EXPORT_COLOUR_UTILISATION = 1 /* green (idle) to amber (half) to red
                                         (full); grey when unknown */
} efn_export_colour;

/* "commodity" or "utilisation"; NULL for an unknown value. */
EFN_EXPORT const char *efn_export_colour_name(efn_export_colour colour);
/* Parses a colour scheme name. EFN_EINVALID for an unknown name. */
EFN_EXPORT int efn_export_colour_parse(efn_export_colour *out,
                                       const char *name);

typedef struct efn_export_dot_options {
    /* Commodities drawn, as a bit set of (1u << efn_commodity); 0: all of
     * them, or only the flow's when a flow is given. */
    unsigned commodities;
    efn_export_colour colour;
    int edge_labels; /* 1: label edges with flow / capacity and unit */
    int inactive;    /* 1: also draw inactive assets, dashed grey */
    double size_in;  /* longer side of the positioned drawing, inches;
                        <= 0: 10 */
} efn_export_dot_options;

#define EFN_EXPORT_DOT_OPTIONS_INIT                                            \
    {                                                                          \
        0u, EFN_EXPORT_COLOUR_COMMODITY, 1, 0, 10.0                            \
    }

/*
 * A Graphviz digraph of the network in `year`: one edge per segment of each
 * active asset of the chosen commodities whose route nodes are all enabled
 * (with `flow`: exactly the flow's segments, drawn in the direction of
 * flow), and the nodes they touch. Every node has pos="x,y!" in points, an
 * equirectangular projection of lon/lat scaled to `size_in`, so
 * `neato -n -Tsvg` draws a map; a node without coordinates sits at the mean
 * of its located route neighbours (else in a row below the map). `dot -Tsvg`
 * ignores positions and draws a layered diagram. Pen width grows with |flow|
 * (without a flow: with capacity), relative to the largest of the same
 * commodity. Without a flow, utilisation colours use observed flows.
 * `options` may be NULL (EFN_EXPORT_DOT_OPTIONS_INIT). O(V + E).
 */
EFN_EXPORT int efn_export_dot(char **out, const efn_network *net, int year,
                              const efn_flow *flow,
                              const efn_export_dot_options *options);

/* ---- CSV (RFC 4180 quoting) --------------------------------------------- *
 * A header row, then one row per item; lines end in "\n". A field is quoted
 * when it holds a comma, a double quote, CR or LF, and a quote inside is
 * doubled. Booleans are true/false; an absent number is an empty field; an
 * unbounded capacity is "inf". Column lists: docs/exports.md.
 */

/* Nodes in `year`: id, name, kind, country, lat, lon,
 * coordinates_approximate, enabled, and supply, demand and peak demand of
 * each commodity (columns named with the unit, "supply_gas_bcm_y"). */
EFN_EXPORT int efn_export_csv_nodes(char **out, const efn_network *net,
                                    int year);

/* Assets in `year`, one row each: id, name, commodity, unit, status, active,
 * route, capacity, observed flow, and with `flow` (may be NULL) the flow and
 * utilisation for assets of its commodity; stakes as "owner:share;...". */
EFN_EXPORT int efn_export_csv_assets(char **out, const efn_network *net,
                                     int year, const efn_flow *flow);

/* The tables of a flow result. */
typedef enum efn_export_flow_table {
    EFN_EXPORT_FLOW_CONSUMERS = 0,
    EFN_EXPORT_FLOW_SUPPLIERS = 1,
    EFN_EXPORT_FLOW_SEGMENTS = 2,
    EFN_EXPORT_FLOW_ASSETS = 3,
    EFN_EXPORT_FLOW_CUT = 4
} efn_export_flow_table;

/* "consumers", "suppliers", "segments", "assets", "cut"; NULL if unknown. */
EFN_EXPORT const char *efn_export_flow_table_name(efn_export_flow_table t);
/* Parses a table name. EFN_EINVALID for an unknown name. */
EFN_EXPORT int efn_export_flow_table_parse(efn_export_flow_table *out,
                                           const char *name);

/* One table of a flow result of `net`. */
EFN_EXPORT int efn_export_csv_flow(char **out, const efn_network *net,
                                   const efn_flow *flow,
                                   efn_export_flow_table table);

/* N-1 entries, ranked: rank, kind, id, unit, total_after, loss,
 * loss_fraction (of the base total), recomputed, then one column
 * "loss_<node id>" per consumer: its loss in standalone deliverable. */
EFN_EXPORT int efn_export_csv_n1(char **out, const efn_network *net,
                                 const efn_n1 *n1);

/* The trace as consumer x origin country, one row per pair, consumers in
 * node order and countries in the trace's order: consumer, consumer_country,
 * consumer_volume, origin_country, unit, volume, share. */
EFN_EXPORT int efn_export_csv_trace(char **out, const efn_network *net,
                                    const efn_trace *trace);

/* Dependencies as consumer x kind x item: consumer, consumer_country,
 * consumer_volume, hhi_origin, hhi_entry, kind ("supplier", "transit",
 * "asset", "entry", "spof_node", "spof_asset", "owner_country"), item_type
 * ("country", "asset", "node", "domestic"), item, unit, volume, share. */
EFN_EXPORT int efn_export_csv_dependency(char **out, const efn_network *net,
                                         const efn_dependency *dep);

/* Ownership as owner x asset, for every pair with a direct stake or a
 * look-through interest: owner, owner_name, owner_country, ultimate, asset,
 * asset_name, commodity, direct_pct, lookthrough_pct. */
EFN_EXPORT int efn_export_csv_ownership(char **out, const efn_network *net,
                                        const efn_ownership *own);

/* ---- Files -------------------------------------------------------------- */

/*
 * Writes `text` to `path`, ending it with one newline if it has none.
 * Writes a temporary file beside `path` and renames it, so a failure leaves
 * any previous file intact. EFN_EIO with a message on failure.
 */
EFN_EXPORT int efn_export_write(const char *path, const char *text);

#ifdef __cplusplus
}
#endif

#endif
