/*
 * Exports: GeoJSON parsed back with cJSON, GraphML read back with igraph,
 * DOT edge lines (and `dot`/`neato` when installed), CSV row counts and
 * RFC 4180 quoting, the error paths, and a decimal-comma locale.
 *
 * Built a second time as test_export_faults (EFN_EXPORT_FAULTS, against
 * the static library and its fault injector): every allocation of every
 * export fails in turn, and the call reports EFN_ENOMEM and leaks nothing.
 */
#define _POSIX_C_SOURCE 200809L

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#ifndef EFN_EXPORT_FAULTS
#include <igraph/igraph.h>
#endif

#include "check.h"

static const char *dir;

#ifndef EFN_EXPORT_FAULTS
static efn_network *load(const char *path)
{
    efn_network *net = NULL;
    CHECK_OK(efn_network_load(&net, path));
    return net;
}

static efn_network *load_data(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return load(path);
}

static efn_network *load_corridor(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/../../examples/data/corridor.json", dir);
    return load(path);
}
#endif

/*
 * Names with a comma, a quote and a line break; node b and d have no
 * coordinates, so p1 runs a -> c past b (route incomplete), and p2 (b, d)
 * and p3 (c, d) have fewer than two located nodes: no feature.
 * Gas flow: a supplies 10; c wants 8, d wants 1 through c and p3
 * (unbounded); p1 (12) carries 9 on both segments, utilisation 0.75.
 */
static const char quoting_json[] =
    "{\"efn\": 1, \"kind\": \"network\","
    " \"metadata\": {\"title\": \"Quoting, \\\"quotes\\\"\", \"year\": 2023},"
    " \"nodes\": ["
    "  {\"id\": \"a\", \"name\": \"Field, \\\"North\\\"\", \"kind\": \"field\","
    "   \"country\": \"AZ\", \"lat\": 40.5, \"lon\": 50.25,"
    "   \"supply\": {\"gas\": 10}},"
    "  {\"id\": \"b\", \"kind\": \"junction\", \"country\": \"GE\"},"
    "  {\"id\": \"c\", \"name\": \"Line\\nbreak\", \"kind\": \"market\","
    "   \"country\": \"TR\", \"lat\": 41, \"lon\": 30.5,"
    "   \"coordinates_approximate\": true, \"demand\": {\"gas\": 8}},"
    "  {\"id\": \"d\", \"kind\": \"market\", \"country\": \"TR\","
    "   \"demand\": {\"gas\": 1}}"
    " ],"
    " \"owners\": [{\"id\": \"o1\", \"name\": \"Owner \\\"One\\\", Ltd\","
    "   \"kind\": \"company\", \"country\": \"GB\"}],"
    " \"assets\": ["
    "  {\"id\": \"p1\", \"name\": \"Pipe, \\\"the big one\\\"\","
    "   \"commodity\": \"gas\", \"route\": [\"a\", \"b\", \"c\"],"
    "   \"capacity\": 12, \"stakes\": [{\"owner\": \"o1\", \"share\": 60.5}]},"
    "  {\"id\": \"p2\", \"commodity\": \"gas\", \"route\": [\"b\", \"d\"],"
    "   \"capacity\": 3, \"status\": \"proposed\"},"
    "  {\"id\": \"p3\", \"commodity\": \"gas\", \"route\": [\"c\", \"d\"]}"
    " ]}";

static efn_network *load_quoting(void)
{
    efn_network *net = NULL;
    CHECK_OK(efn_network_load_buffer(&net, quoting_json,
                                     sizeof quoting_json - 1, "quoting"));
    return net;
}

static efn_flow *run_flow(const efn_network *net, efn_commodity c)
{
    efn_flow *f = NULL;
    efn_flow_options o = EFN_FLOW_OPTIONS_INIT;
    o.commodity = c;
    CHECK_OK(efn_flow_run(&f, net, &o));
    return f;
}

#ifndef EFN_EXPORT_FAULTS

/* ---- a small RFC 4180 reader -------------------------------------------- */

typedef struct table {
    size_t rows, cols; /* rows include the header */
    int ragged;        /* a row with a different number of fields */
    char **cell;       /* rows x cols, when not ragged */
} table;

static void table_free(table *t)
{
    size_t i;
    for (i = 0; t->cell && i < t->rows * t->cols; i++)
        free(t->cell[i]);
    free(t->cell);
    memset(t, 0, sizeof *t);
}

/* Parses `text` twice: to count, then to keep the fields. */
static void table_read(table *t, const char *text)
{
    int pass;
    memset(t, 0, sizeof *t);
    for (pass = 0; pass < 2; pass++) {
        const char *p = text;
        size_t row = 0, col = 0;
        char *field = malloc(strlen(text) + 1);
        size_t len = 0;
        int quoted = 0, fresh = 1;
        if (pass == 1) {
            if (t->ragged || !t->rows) {
                free(field);
                return;
            }
            t->cell = calloc(t->rows * t->cols, sizeof *t->cell);
        }
        for (;; p++) {
            char ch = *p;
            if (quoted) {
                if (ch == '\0')
                    break; /* unterminated: counted as ragged below */
                if (ch == '"' && p[1] == '"') {
                    field[len++] = '"';
                    p++;
                } else if (ch == '"')
                    quoted = 0;
                else
                    field[len++] = ch;
                continue;
            }
            if (ch == '"' && fresh) {
                quoted = 1;
                fresh = 0;
                continue;
            }
            if (ch == ',' || ch == '\n' || ch == '\0') {
                if (ch == '\0' && fresh && col == 0)
                    break; /* after the last line */
                field[len] = '\0';
                if (pass == 1 && row < t->rows && col < t->cols)
                    t->cell[row * t->cols + col] = strdup(field);
                len = 0;
                fresh = 1;
                col++;
                if (ch != ',') {
                    if (pass == 0) {
                        if (row == 0)
                            t->cols = col;
                        else if (col != t->cols)
                            t->ragged = 1;
                    }
                    row++;
                    col = 0;
                }
                if (ch == '\0')
                    break;
                continue;
            }
            fresh = 0;
            field[len++] = ch;
        }
        if (quoted)
            t->ragged = 1;
        if (pass == 0)
            t->rows = row;
        free(field);
    }
}

static const char *cell(const table *t, size_t row, const char *column)
{
    size_t c;
    if (!t->cell || row >= t->rows)
        return NULL;
    for (c = 0; c < t->cols; c++)
        if (strcmp(t->cell[c], column) == 0)
            return t->cell[row * t->cols + c];
    return NULL;
}

/* The row whose `column` is `value`; t->rows when none. */
static size_t find_row(const table *t, const char *column, const char *value)
{
    size_t r;
    for (r = 1; r < t->rows; r++) {
        const char *v = cell(t, r, column);
        if (v && strcmp(v, value) == 0)
            return r;
    }
    return t->rows;
}

static double cell_num(const table *t, size_t row, const char *column)
{
    const char *v = cell(t, row, column);
    return v && *v ? strtod(v, NULL) : NAN;
}

/* ---- GeoJSON ------------------------------------------------------------ */

static size_t located_route_nodes(const efn_network *net, size_t a)
{
    efn_asset_info info;
    efn_node_info n;
    size_t k, node, located = 0;
    CHECK_OK(efn_network_asset(&info, net, a));
    for (k = 0; k < info.route_length; k++) {
        CHECK_OK(efn_asset_route_node(&node, net, a, k));
        CHECK_OK(efn_network_node(&n, net, node));
        located += n.has_coordinates ? 1 : 0;
    }
    return located;
}

static int is_number_pair(const cJSON *p)
{
    return cJSON_IsArray(p) && cJSON_GetArraySize(p) == 2 &&
           cJSON_IsNumber(cJSON_GetArrayItem(p, 0)) &&
           cJSON_IsNumber(cJSON_GetArrayItem(p, 1));
}

/* Parses GeoJSON and checks it against the network: counts, [lon, lat]
 * order and ranges, LineStrings through their located route nodes. Returns
 * the parsed document (caller deletes) or NULL. */
static cJSON *check_geojson(const char *text, const efn_network *net)
{
    cJSON *doc = cJSON_Parse(text), *features, *f;
    size_t i, expect = 0, npoints = 0, nlines = 0;
    CHECK(doc != NULL);
    if (!doc)
        return NULL;
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "type")),
              "FeatureCollection");
    for (i = 0; i < efn_network_node_count(net); i++) {
        efn_node_info n;
        CHECK_OK(efn_network_node(&n, net, i));
        expect += n.has_coordinates ? 1 : 0;
    }
    for (i = 0; i < efn_network_asset_count(net); i++)
        expect += located_route_nodes(net, i) >= 2 ? 1 : 0;
    features = cJSON_GetObjectItem(doc, "features");
    CHECK((size_t)cJSON_GetArraySize(features) == expect);
    cJSON_ArrayForEach(f, features)
    {
        cJSON *geom = cJSON_GetObjectItem(f, "geometry");
        cJSON *props = cJSON_GetObjectItem(f, "properties");
        const char *type =
            cJSON_GetStringValue(cJSON_GetObjectItem(geom, "type"));
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(props, "id"));
        cJSON *coords = cJSON_GetObjectItem(geom, "coordinates"), *p;
        size_t idx = (size_t)-1;
        CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(f, "type")),
                  "Feature");
        CHECK(type && id);
        if (!type || !id)
            continue;
        if (strcmp(type, "Point") == 0) {
            efn_node_info n;
            npoints++;
            CHECK(is_number_pair(coords));
            CHECK_OK(efn_network_find_node(&idx, net, id));
            if (!is_number_pair(coords) ||
                efn_network_node(&n, net, idx) != EFN_OK)
                continue;
            CHECK(fabs(cJSON_GetArrayItem(coords, 0)->valuedouble) <= 180);
            CHECK(fabs(cJSON_GetArrayItem(coords, 1)->valuedouble) <= 90);
            CHECK(cJSON_GetArrayItem(coords, 0)->valuedouble == n.lon);
            CHECK(cJSON_GetArrayItem(coords, 1)->valuedouble == n.lat);
        } else {
            efn_asset_info a;
            size_t k = 0, node;
            CHECK_STR(type, "LineString");
            nlines++;
            CHECK_OK(efn_network_find_asset(&idx, net, id));
            if (efn_network_asset(&a, net, idx) != EFN_OK)
                continue;
            CHECK(cJSON_GetArraySize(coords) >= 2);
            CHECK((size_t)cJSON_GetArraySize(coords) ==
                  located_route_nodes(net, idx));
            CHECK(cJSON_IsTrue(cJSON_GetObjectItem(props, "route_complete")) ==
                  (located_route_nodes(net, idx) == a.route_length));
            /* positions: the located route nodes, in route order */
            cJSON_ArrayForEach(p, coords)
            {
                efn_node_info n;
                CHECK(is_number_pair(p));
                do {
                    n.has_coordinates = 0;
                    if (k >= a.route_length ||
                        efn_asset_route_node(&node, net, idx, k++) != EFN_OK ||
                        efn_network_node(&n, net, node) != EFN_OK)
                        break;
                } while (!n.has_coordinates);
                CHECK(n.has_coordinates);
                if (!n.has_coordinates || !is_number_pair(p))
                    break;
                CHECK(cJSON_GetArrayItem(p, 0)->valuedouble == n.lon);
                CHECK(cJSON_GetArrayItem(p, 1)->valuedouble == n.lat);
                CHECK(fabs(n.lon) <= 180 && fabs(n.lat) <= 90);
            }
        }
    }
    CHECK(npoints + nlines == expect);
    return doc;
}

static cJSON *feature(const cJSON *doc, const char *id)
{
    cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(doc, "features"))
    {
        const char *fid = cJSON_GetStringValue(
            cJSON_GetObjectItem(cJSON_GetObjectItem(f, "properties"), "id"));
        if (fid && strcmp(fid, id) == 0)
            return f;
    }
    return NULL;
}

static cJSON *prop(const cJSON *doc, const char *id, const char *key)
{
    return cJSON_GetObjectItem(
        cJSON_GetObjectItem(feature(doc, id), "properties"), key);
}

static void test_geojson_small(void)
{
    efn_network *net = load_data("small.json");
    char *text = NULL;
    cJSON *doc, *c, *meta;
    if (!net)
        return;
    CHECK_OK(efn_export_geojson(&text, net, 0, NULL));
    doc = text ? check_geojson(text, net) : NULL;
    if (doc) {
        /* f1: lat 40.18, lon 49.47, in [lon, lat] order */
        c = cJSON_GetObjectItem(
            cJSON_GetObjectItem(feature(doc, "f1"), "geometry"), "coordinates");
        CHECK(is_number_pair(c));
        if (is_number_pair(c)) {
            CHECK(cJSON_GetArrayItem(c, 0)->valuedouble == 49.47);
            CHECK(cJSON_GetArrayItem(c, 1)->valuedouble == 40.18);
        }
        CHECK(cJSON_IsTrue(prop(doc, "f1", "coordinates_approximate")));
        CHECK_STR(cJSON_GetStringValue(prop(doc, "f1", "name")), "Field one");
        CHECK_STR(cJSON_GetStringValue(prop(doc, "f1", "kind")), "field");
        CHECK_STR(cJSON_GetStringValue(prop(doc, "f1", "country")), "AZ");
        /* supply 2021: 36.5 mcm/d = 13.3225 bcm/y */
        CHECK_NEAR(prop(doc, "f1", "supply_gas_bcm_y")->valuedouble, 13.3225,
                   1e-9);
        CHECK(prop(doc, "f1", "delivered_bcm_y") == NULL);
        meta = cJSON_GetObjectItem(doc, "efn");
        CHECK(cJSON_GetObjectItem(meta, "year")->valuedouble == 2023);
        /* only f1 is located: every asset and six nodes are listed */
        CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(
                  meta, "assets_without_coordinates")) == 7);
        CHECK(cJSON_GetArraySize(
                  cJSON_GetObjectItem(meta, "nodes_without_coordinates")) == 6);
        cJSON_Delete(doc);
    }
    efn_free(text);
    efn_network_free(net);
}

static void test_geojson_corridor(void)
{
    efn_network *net = load_corridor();
    efn_flow *f;
    char *text = NULL;
    cJSON *doc, *x;
    size_t i, gas_lines = 0, with_flow = 0;
    if (!net)
        return;
    CHECK_OK(efn_export_geojson(&text, net, 0, NULL));
    doc = text ? check_geojson(text, net) : NULL;
    cJSON_Delete(doc);
    efn_free(text);
    text = NULL;

    /* With a gas flow: every gas LineString of an active asset carries
     * flow and utilisation, oil lines null. */
    f = run_flow(net, EFN_GAS);
    if (f) {
        CHECK_OK(efn_export_geojson(&text, net, 0, f));
        doc = text ? check_geojson(text, net) : NULL;
        cJSON_ArrayForEach(x, cJSON_GetObjectItem(doc, "features"))
        {
            cJSON *p = cJSON_GetObjectItem(x, "properties");
            const char *kind =
                cJSON_GetStringValue(cJSON_GetObjectItem(p, "feature"));
            const char *com =
                cJSON_GetStringValue(cJSON_GetObjectItem(p, "commodity"));
            if (!kind || strcmp(kind, "asset") != 0)
                continue;
            CHECK(cJSON_GetObjectItem(p, "utilisation") != NULL);
            CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(p, "unit")),
                      strcmp(com, "gas") == 0 ? "bcm/y" : "Mt/y");
            if (strcmp(com, "gas") == 0)
                gas_lines++;
            if (cJSON_IsNumber(cJSON_GetObjectItem(p, "flow"))) {
                CHECK_STR(com, "gas");
                CHECK(cJSON_IsTrue(cJSON_GetObjectItem(p, "active")));
                with_flow++;
            }
        }
        CHECK(gas_lines > 0 && with_flow > 0);
        /* every active gas asset of the flow with a feature has its flow */
        for (i = 0; i < efn_flow_asset_count(f); i++) {
            efn_flow_asset fa;
            efn_asset_info info;
            cJSON *fl;
            CHECK_OK(efn_flow_asset_get(&fa, f, i));
            CHECK_OK(efn_network_asset(&info, net, fa.asset));
            if (located_route_nodes(net, fa.asset) < 2)
                continue;
            fl = prop(doc, info.id, "flow");
            CHECK(cJSON_IsNumber(fl));
            /* cJSON prints 15 digits when they read back within its
             * tolerance */
            if (cJSON_IsNumber(fl))
                CHECK_NEAR(fl->valuedouble, fa.flow, 1e-12 * (1 + fa.flow));
        }
        cJSON_Delete(doc);
        efn_free(text);
        efn_flow_free(f);
    }
    efn_network_free(net);
}

static void test_geojson_quoting(void)
{
    efn_network *net = load_quoting();
    efn_flow *f;
    char *text = NULL;
    cJSON *doc, *c, *meta;
    if (!net)
        return;
    f = run_flow(net, EFN_GAS);
    CHECK_OK(efn_export_geojson(&text, net, 0, f));
    doc = text ? check_geojson(text, net) : NULL;
    if (doc) {
        CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "features")) == 3);
        CHECK_STR(cJSON_GetStringValue(prop(doc, "a", "name")),
                  "Field, \"North\"");
        CHECK_STR(cJSON_GetStringValue(prop(doc, "c", "name")), "Line\nbreak");
        CHECK(cJSON_IsTrue(prop(doc, "c", "coordinates_approximate")));
        CHECK(cJSON_IsFalse(prop(doc, "a", "coordinates_approximate")));
        CHECK_NEAR(prop(doc, "c", "delivered_bcm_y")->valuedouble, 8, 1e-6);
        CHECK_NEAR(prop(doc, "a", "injected_bcm_y")->valuedouble, 9, 1e-6);
        c = cJSON_GetObjectItem(
            cJSON_GetObjectItem(feature(doc, "p1"), "geometry"), "coordinates");
        CHECK(cJSON_GetArraySize(c) == 2);
        CHECK(cJSON_GetArrayItem(cJSON_GetArrayItem(c, 0), 0)->valuedouble ==
              50.25);
        CHECK(cJSON_GetArrayItem(cJSON_GetArrayItem(c, 1), 1)->valuedouble ==
              41);
        CHECK(cJSON_IsFalse(prop(doc, "p1", "route_complete")));
        CHECK(cJSON_IsTrue(prop(doc, "p1", "coordinates_approximate")));
        CHECK_NEAR(prop(doc, "p1", "flow")->valuedouble, 9, 1e-6);
        CHECK_NEAR(prop(doc, "p1", "utilisation")->valuedouble, 0.75, 1e-6);
        CHECK(prop(doc, "p1", "capacity")->valuedouble == 12);
        CHECK_STR(cJSON_GetStringValue(prop(doc, "p1", "unit")), "bcm/y");
        CHECK_STR(
            cJSON_GetStringValue(cJSON_GetObjectItem(
                cJSON_GetArrayItem(prop(doc, "p1", "stakes"), 0), "owner")),
            "o1");
        CHECK(cJSON_GetObjectItem(
                  cJSON_GetArrayItem(prop(doc, "p1", "stakes"), 0), "share")
                  ->valuedouble == 60.5);
        meta = cJSON_GetObjectItem(doc, "efn");
        c = cJSON_GetObjectItem(meta, "assets_without_coordinates");
        CHECK(cJSON_GetArraySize(c) == 2);
        CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(c, 0)), "p2");
        CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(c, 1)), "p3");
        CHECK_STR(
            cJSON_GetStringValue(cJSON_GetObjectItem(meta, "flow_commodity")),
            "gas");
        cJSON_Delete(doc);
    }
    efn_free(text);
    efn_flow_free(f);
    efn_network_free(net);
}

/* ---- GraphML ------------------------------------------------------------ */

static char tmpdir[4096];

static const char *tmp_path(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", tmpdir, name);
    return buf;
}

/* Writes the GraphML of (commodity, year) to a file, reads it back with
 * igraph and compares it with efn_graph_build. With `keep`, returns 1 and
 * the graph read (the caller destroys it) when it was read. */
static int check_graphml(const efn_network *net, efn_commodity c, int year,
                         const efn_flow *flow, igraph_t *keep)
{
    int kept = 0;
    char *text = NULL, path[4200];
    efn_graph *eg = NULL;
    igraph_t g;
    FILE *in;
    igraph_error_t ig;
    size_t e;
    CHECK_OK(efn_export_graphml(&text, net, c, year, flow));
    CHECK_OK(efn_graph_build(&eg, net, c, year));
    if (!text || !eg) {
        efn_free(text);
        efn_graph_free(eg);
        return 0;
    }
    tmp_path(path, sizeof path, "graph.graphml");
    CHECK_OK(efn_export_write(path, text));
    in = fopen(path, "r");
    CHECK(in != NULL);
    if (in) {
        ig = igraph_read_graph_graphml(&g, in, 0);
        fclose(in);
        CHECK(ig == IGRAPH_SUCCESS);
        if (ig == IGRAPH_SUCCESS) {
            CHECK((size_t)igraph_vcount(&g) == efn_graph_vertex_count(eg));
            CHECK((size_t)igraph_ecount(&g) == efn_graph_edge_count(eg));
            CHECK(igraph_is_directed(&g));
            /* the same edges, in the same order, with their assets */
            for (e = 0; e < efn_graph_edge_count(eg); e++) {
                efn_graph_edge ed;
                efn_asset_info a;
                igraph_integer_t from, to;
                CHECK_OK(efn_graph_edge_get(&ed, eg, e));
                CHECK_OK(efn_network_asset(&a, net, ed.asset));
                igraph_edge(&g, (igraph_integer_t)e, &from, &to);
                CHECK((size_t)from == ed.from_node && (size_t)to == ed.to_node);
                CHECK_STR(EAS(&g, "asset", (igraph_integer_t)e), a.id);
                CHECK(EAN(&g, "segment", (igraph_integer_t)e) ==
                      (double)ed.segment);
                CHECK(EAN(&g, "capacity", (igraph_integer_t)e) == ed.capacity);
            }
            if (keep) {
                *keep = g;
                kept = 1;
            } else
                igraph_destroy(&g);
        }
    }
    remove(path);
    efn_free(text);
    efn_graph_free(eg);
    return kept;
}

static void test_graphml(void)
{
    efn_network *net = load_data("small.json"), *q, *cor;
    efn_flow *f;
    igraph_t g;
    char *text = NULL;
    if (net) {
        check_graphml(net, EFN_GAS, 0, NULL, NULL);
        check_graphml(net, EFN_OIL, 0, NULL, NULL); /* bidirectional */
        check_graphml(net, EFN_GAS, 2026, NULL, NULL);
        efn_network_free(net);
    }
    cor = load_corridor();
    if (cor) {
        check_graphml(cor, EFN_GAS, 0, NULL, NULL);
        check_graphml(cor, EFN_OIL, 0, NULL, NULL);
        f = run_flow(cor, EFN_OIL);
        if (f)
            check_graphml(cor, EFN_OIL, 0, f, NULL);
        efn_flow_free(f);
        efn_network_free(cor);
    }
    q = load_quoting();
    if (!q)
        return;
    f = run_flow(q, EFN_GAS);
    if (check_graphml(q, EFN_GAS, 0, f, &g)) {
        /* vertex 0: the GraphML id is the efn id; names survive XML */
        CHECK_STR(VAS(&g, "id", 0), "a");
        CHECK_STR(VAS(&g, "name", 0), "Field, \"North\"");
        CHECK_STR(VAS(&g, "kind", 0), "field");
        CHECK(VAN(&g, "lon", 0) == 50.25 && VAN(&g, "lat", 0) == 40.5);
        CHECK(isnan(VAN(&g, "lat", 1))); /* b: no coordinates */
        CHECK(VAB(&g, "coordinates_approximate", 2));
        CHECK_STR(GAS(&g, "commodity"), "gas");
        CHECK_STR(GAS(&g, "unit"), "bcm/y");
        CHECK(GAN(&g, "year") == 2023);
        /* edges: p1 a->b, p1 b->c, p3 c->d (p2 is proposed) */
        CHECK(igraph_ecount(&g) == 3);
        CHECK_NEAR(EAN(&g, "flow", 0), 9, 1e-6);
        CHECK_NEAR(EAN(&g, "utilisation", 1), 0.75, 1e-6);
        CHECK(isinf(EAN(&g, "capacity", 2)));
        CHECK_NEAR(EAN(&g, "flow", 2), 1, 1e-6);
        CHECK(EAN(&g, "utilisation", 2) == 0);
        igraph_destroy(&g);
    }
    /* escaped for XML, not mangled */
    CHECK_OK(efn_export_graphml(&text, q, EFN_GAS, 0, NULL));
    CHECK(text && strstr(text, "Field, &quot;North&quot;"));
    CHECK(text && !strstr(text, "\"flow\""));
    efn_free(text);
    efn_flow_free(f);
    efn_network_free(q);
}

/* ---- DOT ---------------------------------------------------------------- */

static size_t count_lines_with(const char *text, const char *needle)
{
    size_t n = 0;
    const char *line = text;
    while (line && *line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *hit = strstr(line, needle);
        if (hit && hit < line + len)
            n++;
        line = end ? end + 1 : NULL;
    }
    return n;
}

/* Segments of active assets of commodity mask `mask` whose route nodes are
 * enabled: the edges the DOT draws. */
static size_t active_segments(const efn_network *net, unsigned mask, int year)
{
    size_t a, n = 0;
    for (a = 0; a < efn_network_asset_count(net); a++) {
        efn_asset_info info;
        CHECK_OK(efn_network_asset(&info, net, a));
        if ((mask & (1u << info.commodity)) &&
            efn_asset_is_active(net, a, year))
            n += info.segment_count;
    }
    return n;
}

static int have_program(const char *name)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

/* Graphviz (a dependency: make deps installs it) must accept the text. */
static void graphviz_accepts(const char *text)
{
    char path[4200], cmd[9000];
    CHECK(have_program("dot"));
    CHECK(have_program("neato"));
    tmp_path(path, sizeof path, "map.dot");
    CHECK_OK(efn_export_write(path, text));
    snprintf(cmd, sizeof cmd, "dot -Tsvg '%s' -o /dev/null", path);
    CHECK(system(cmd) == 0);
    snprintf(cmd, sizeof cmd, "neato -n -Tsvg '%s' -o /dev/null", path);
    CHECK(system(cmd) == 0);
    remove(path);
}

static void test_dot(void)
{
    efn_network *net = load_corridor(), *q;
    efn_export_dot_options opt = EFN_EXPORT_DOT_OPTIONS_INIT;
    efn_flow *f;
    char *text = NULL;
    if (net) {
        CHECK_OK(efn_export_dot(&text, net, 0, NULL, NULL));
        CHECK(text && strncmp(text, "digraph", 7) == 0);
        if (text) {
            CHECK(count_lines_with(text, " -> ") ==
                  active_segments(net, 7u, 0));
            CHECK(count_lines_with(text, "pos=\"") > 0);
            graphviz_accepts(text);
        }
        efn_free(text);
        text = NULL;
        opt.commodities = 1u << EFN_OIL;
        opt.colour = EFN_EXPORT_COLOUR_UTILISATION;
        CHECK_OK(efn_export_dot(&text, net, 2023, NULL, &opt));
        CHECK(text && count_lines_with(text, " -> ") ==
                          active_segments(net, 1u << EFN_OIL, 2023));
        efn_free(text);
        text = NULL;
        f = run_flow(net, EFN_GAS);
        if (f) {
            opt = (efn_export_dot_options)EFN_EXPORT_DOT_OPTIONS_INIT;
            opt.colour = EFN_EXPORT_COLOUR_UTILISATION;
            CHECK_OK(efn_export_dot(&text, net, 0, f, &opt));
            CHECK(text &&
                  count_lines_with(text, " -> ") == efn_flow_segment_count(f));
            CHECK(text && strstr(text, "bcm/y"));
            CHECK(text && !strstr(text, "Mt/y"));
            if (text)
                graphviz_accepts(text);
            efn_free(text);
            text = NULL;
        }
        efn_flow_free(f);
        efn_network_free(net);
    }
    q = load_quoting();
    if (!q)
        return;
    f = run_flow(q, EFN_GAS);
    CHECK_OK(efn_export_dot(&text, q, 0, f, NULL));
    if (text) {
        /* p1's two segments and p3; p2 is proposed */
        CHECK(count_lines_with(text, " -> ") == 3);
        CHECK(strstr(text, "xlabel=\"Field, \\\"North\\\"\""));
        CHECK(strstr(text, "xlabel=\"Line break\""));
        CHECK(strstr(text, "\"a\" -> \"b\""));
        /* a (50.25 E, 40.5 N) is the east end: x = 720 points */
        CHECK(strstr(text, "\"a\" [pos=\"720.00,"));
        /* b has no coordinates: dashed, placed between a and c */
        CHECK(strstr(text, "position inferred"));
        CHECK(strstr(text, "9 / 12 bcm/y"));
        graphviz_accepts(text);
    }
    efn_free(text);
    text = NULL;
    opt = (efn_export_dot_options)EFN_EXPORT_DOT_OPTIONS_INIT;
    opt.inactive = 1;
    opt.edge_labels = 0;
    CHECK_OK(efn_export_dot(&text, q, 0, NULL, &opt));
    CHECK(text && count_lines_with(text, " -> ") == 4);
    CHECK(text && count_lines_with(text, "style=dashed") == 1);
    CHECK(text && !strstr(text, "label=\"Pipe"));
    efn_free(text);
    efn_flow_free(f);
    efn_network_free(q);
}

/* ---- CSV ---------------------------------------------------------------- */

static void test_csv_network(void)
{
    efn_network *net = load_data("small.json"), *q;
    efn_flow *f;
    char *text = NULL;
    table t;
    size_t r;
    if (net) {
        CHECK_OK(efn_export_csv_nodes(&text, net, 0));
        table_read(&t, text ? text : "");
        CHECK(!t.ragged && t.rows == 1 + efn_network_node_count(net));
        CHECK(t.cols == 8 + 9);
        r = find_row(&t, "id", "f1");
        CHECK_STR(cell(&t, r, "lat"), "40.18");
        CHECK_STR(cell(&t, r, "lon"), "49.47");
        CHECK_STR(cell(&t, r, "coordinates_approximate"), "true");
        CHECK_STR(cell(&t, r, "supply_gas_bcm_y"), "13.3225");
        CHECK_STR(cell(&t, r, "supply_oil_mt_y"), "");
        r = find_row(&t, "id", "m1");
        CHECK_STR(cell(&t, r, "demand_gas_bcm_y"), "8");
        CHECK_STR(cell(&t, r, "lat"), "");
        table_free(&t);
        efn_free(text);
        text = NULL;

        CHECK_OK(efn_export_csv_assets(&text, net, 0, NULL));
        table_read(&t, text ? text : "");
        CHECK(!t.ragged && t.rows == 1 + efn_network_asset_count(net));
        r = find_row(&t, "id", "g1");
        CHECK_STR(cell(&t, r, "capacity"), "16");
        CHECK_STR(cell(&t, r, "observed_flow"), "10.26");
        CHECK_STR(cell(&t, r, "route"), "f1 j1 b1 m1");
        CHECK_STR(cell(&t, r, "stakes"), "bp=29.99;tpao=19;sgc=21.02");
        CHECK_STR(cell(&t, r, "active"), "true");
        CHECK_STR(cell(&t, r, "flow"), "");
        r = find_row(&t, "id", "grid1");
        CHECK_STR(cell(&t, r, "capacity"), "inf");
        r = find_row(&t, "id", "prop1");
        CHECK_STR(cell(&t, r, "active"), "false");
        table_free(&t);
        efn_free(text);
        text = NULL;
        /* 2024: the new stakes */
        CHECK_OK(efn_export_csv_assets(&text, net, 2024, NULL));
        table_read(&t, text ? text : "");
        CHECK_STR(cell(&t, find_row(&t, "id", "g1"), "stakes"),
                  "bp=30;tpao=19;socar=51");
        table_free(&t);
        efn_free(text);
        text = NULL;
        efn_network_free(net);
    }

    q = load_quoting();
    if (!q)
        return;
    f = run_flow(q, EFN_GAS);
    CHECK_OK(efn_export_csv_nodes(&text, q, 0));
    CHECK(text && strstr(text, "\"Field, \"\"North\"\"\""));
    CHECK(text && strstr(text, "\"Line\nbreak\""));
    table_read(&t, text ? text : "");
    CHECK(!t.ragged && t.rows == 5);
    CHECK_STR(cell(&t, 1, "name"), "Field, \"North\"");
    CHECK_STR(cell(&t, 3, "name"), "Line\nbreak");
    table_free(&t);
    efn_free(text);
    text = NULL;

    CHECK_OK(efn_export_csv_assets(&text, q, 0, f));
    CHECK(text && strstr(text, ",\"Pipe, \"\"the big one\"\"\",gas,"));
    table_read(&t, text ? text : "");
    CHECK(!t.ragged && t.rows == 4);
    CHECK_STR(cell(&t, 1, "name"), "Pipe, \"the big one\"");
    /* the flow solver's answer, to within its tolerance */
    CHECK_NEAR(cell_num(&t, 1, "flow"), 9, 1e-6);
    CHECK_NEAR(cell_num(&t, 1, "utilisation"), 0.75, 1e-6);
    CHECK_STR(cell(&t, 1, "stakes"), "o1=60.5");
    CHECK_STR(cell(&t, 2, "flow"), ""); /* proposed: not in the flow */
    CHECK_STR(cell(&t, 3, "capacity"), "inf");
    CHECK_NEAR(cell_num(&t, 3, "flow"), 1, 1e-6);
    table_free(&t);
    efn_free(text);
    text = NULL;

    CHECK_OK(efn_export_csv_flow(&text, q, f, EFN_EXPORT_FLOW_CONSUMERS));
    table_read(&t, text ? text : "");
    CHECK(!t.ragged && t.rows == 3);
    CHECK_STR(cell(&t, 1, "name"), "Line\nbreak");
    CHECK_NEAR(cell_num(&t, 1, "delivered"), 8, 1e-6);
    CHECK_STR(cell(&t, 2, "node"), "d");
    table_free(&t);
    efn_free(text);
    efn_flow_free(f);
    efn_network_free(q);
}

static void test_csv_flow(void)
{
    efn_network *net = load_data("flow_diamond.json");
    efn_flow *f;
    char *text = NULL;
    table t;
    size_t r;
    int k;
    static const size_t rows[] = {2, 2, 7, 7, 0};
    if (!net)
        return;
    f = run_flow(net, EFN_GAS);
    if (!f) {
        efn_network_free(net);
        return;
    }
    for (k = 0; k <= (int)EFN_EXPORT_FLOW_CUT; k++) {
        size_t want =
            k == EFN_EXPORT_FLOW_CUT ? efn_flow_cut_count(f) : rows[k];
        efn_export_flow_table parsed;
        CHECK_OK(efn_export_flow_table_parse(
            &parsed, efn_export_flow_table_name((efn_export_flow_table)k)));
        CHECK(parsed == (efn_export_flow_table)k);
        CHECK_OK(efn_export_csv_flow(&text, net, f, (efn_export_flow_table)k));
        table_read(&t, text ? text : "");
        CHECK(!t.ragged && t.rows == 1 + want);
        CHECK_STR(cell(&t, 1, "unit"), "bcm/y");
        if (k == EFN_EXPORT_FLOW_SEGMENTS) {
            /* p4 (b -> d2, capacity 4) is full */
            r = find_row(&t, "asset", "p4");
            CHECK_STR(cell(&t, r, "from"), "b");
            CHECK_STR(cell(&t, r, "to"), "d2");
            CHECK_NEAR(cell_num(&t, r, "flow"), 4, 1e-6);
            CHECK_NEAR(cell_num(&t, r, "utilisation"), 1, 1e-6);
        }
        if (k == EFN_EXPORT_FLOW_CUT) {
            /* the cut {p4, demand of d1} */
            CHECK(want == 2);
            CHECK_STR(cell(&t, 1, "kind"), "segment");
            CHECK_STR(cell(&t, 1, "asset"), "p4");
            CHECK_STR(cell(&t, 2, "kind"), "demand");
            CHECK_STR(cell(&t, 2, "node"), "d1");
            CHECK_STR(cell(&t, 2, "capacity"), "8");
        }
        table_free(&t);
        efn_free(text);
        text = NULL;
    }
    efn_flow_free(f);
    efn_network_free(net);
}

static void test_csv_analyses(void)
{
    efn_network *net = load_data("flow_diamond.json"), *tr, *own;
    efn_n1 *n1 = NULL;
    efn_trace *trace = NULL;
    efn_dependency *dep = NULL;
    efn_ownership *o = NULL;
    efn_trace_options topt = EFN_TRACE_OPTIONS_INIT;
    char *text = NULL;
    table t;
    size_t j, items = 0;
    int k;
    if (net) {
        CHECK_OK(efn_n1_run(&n1, net, NULL));
        if (n1) {
            CHECK_OK(efn_export_csv_n1(&text, net, n1));
            table_read(&t, text ? text : "");
            CHECK(!t.ragged && t.rows == 1 + efn_n1_entry_count(n1));
            CHECK(t.cols == 8 + efn_n1_consumer_count(n1));
            CHECK_STR(cell(&t, 0, "rank"), "rank");
            CHECK_STR(cell(&t, 1, "rank"), "1");
            CHECK(cell(&t, 0, "loss_d1") && cell(&t, 0, "loss_d2"));
            table_free(&t);
            efn_free(text);
            text = NULL;
        }
        efn_n1_free(n1);
        efn_network_free(net);
    }
    tr = load_data("trace_diamond.json");
    if (tr) {
        topt.source = EFN_TRACE_OBSERVED;
        CHECK_OK(efn_trace_run(&trace, tr, &topt));
        if (trace) {
            CHECK_OK(efn_export_csv_trace(&text, tr, trace));
            table_read(&t, text ? text : "");
            CHECK(!t.ragged &&
                  t.rows == 1 + efn_trace_consumer_count(trace) *
                                    efn_trace_country_count(trace));
            /* C1 takes 5 from J: 6/10 from A (AZ) = 3 */
            for (j = 1; j < t.rows; j++)
                if (strcmp(cell(&t, j, "consumer"), "C1") == 0 &&
                    strcmp(cell(&t, j, "origin_country"), "AZ") == 0)
                    CHECK_NEAR(cell_num(&t, j, "volume"), 3, 1e-9);
            table_free(&t);
            efn_free(text);
            text = NULL;
        }
        efn_trace_free(trace);
        CHECK_OK(efn_dependency_run(&dep, tr, &topt));
        if (dep) {
            for (j = 0; j < efn_dependency_consumer_count(dep); j++)
                for (k = 0; k < EFN_DEP_KIND_COUNT; k++)
                    items += efn_dependency_item_count(dep, j, (efn_dep_kind)k);
            CHECK_OK(efn_export_csv_dependency(&text, tr, dep));
            table_read(&t, text ? text : "");
            CHECK(!t.ragged && t.rows == 1 + items);
            CHECK(t.cols == 11);
            CHECK(find_row(&t, "kind", "supplier") < t.rows);
            table_free(&t);
            efn_free(text);
            text = NULL;
        }
        efn_dependency_free(dep);
        efn_network_free(tr);
    }
    own = load_data("own_chain.json");
    if (own) {
        CHECK_OK(efn_ownership_run(&o, own, 2023, NULL));
        if (o) {
            size_t r;
            CHECK_OK(efn_export_csv_ownership(&text, own, o));
            table_read(&t, text ? text : "");
            CHECK(!t.ragged && t.rows > 1);
            /* direct stakes in pipe: p 50, q 30, listed 10, partial 10 */
            for (r = 1; r < t.rows; r++)
                if (strcmp(cell(&t, r, "asset"), "pipe") == 0 &&
                    strcmp(cell(&t, r, "owner"), "q") == 0)
                    CHECK_STR(cell(&t, r, "direct_pct"), "30");
            r = find_row(&t, "owner", "state_x");
            CHECK(r < t.rows);
            CHECK_STR(cell(&t, r, "direct_pct"), "0");
            CHECK_STR(cell(&t, r, "ultimate"), "true");
            table_free(&t);
            efn_free(text);
            text = NULL;
        }
        efn_ownership_free(o);
        efn_network_free(own);
    }
}

/* ---- errors, files, locale ---------------------------------------------- */

static void test_errors(void)
{
    efn_network *net = load_data("small.json"), *diamond;
    efn_flow *f, *fd;
    efn_export_dot_options opt = EFN_EXPORT_DOT_OPTIONS_INIT;
    efn_export_colour colour;
    efn_export_flow_table table_kind;
    char *text = (char *)"untouched", path[4200];
    if (!net)
        return;
    f = run_flow(net, EFN_GAS);
    CHECK_ERR(efn_export_geojson(NULL, net, 0, NULL), EFN_EARG, "out is NULL");
    CHECK_ERR(efn_export_geojson(&text, NULL, 0, NULL), EFN_EARG,
              "net is NULL");
    CHECK(text == NULL);
    CHECK_ERR(efn_export_geojson(&text, net, 2020, f), EFN_EARG,
              "differs from the flow's year 2023");
    CHECK_ERR(efn_export_geojson(&text, net, -1, NULL), EFN_EARG, "negative");
    CHECK_ERR(efn_export_graphml(&text, net, (efn_commodity)7, 0, NULL),
              EFN_EARG, "unknown commodity 7");
    CHECK_ERR(efn_export_graphml(&text, net, EFN_OIL, 0, f), EFN_EARG,
              "the flow is of gas, not oil");
    opt.colour = (efn_export_colour)9;
    CHECK_ERR(efn_export_dot(&text, net, 0, NULL, &opt), EFN_EARG,
              "unknown colour scheme 9");
    opt = (efn_export_dot_options)EFN_EXPORT_DOT_OPTIONS_INIT;
    opt.commodities = 8;
    CHECK_ERR(efn_export_dot(&text, net, 0, NULL, &opt), EFN_EARG,
              "unknown bits");
    CHECK_ERR(efn_export_csv_flow(&text, net, NULL, EFN_EXPORT_FLOW_CUT),
              EFN_EARG, "flow is NULL");
    CHECK_ERR(efn_export_csv_flow(&text, net, f, (efn_export_flow_table)42),
              EFN_EARG, "unknown table 42");
    CHECK_ERR(efn_export_csv_n1(&text, net, NULL), EFN_EARG, "n1 is NULL");
    CHECK_ERR(efn_export_csv_trace(&text, net, NULL), EFN_EARG,
              "trace is NULL");
    CHECK_ERR(efn_export_csv_dependency(&text, net, NULL), EFN_EARG,
              "dependency is NULL");
    CHECK_ERR(efn_export_csv_ownership(&text, net, NULL), EFN_EARG,
              "ownership is NULL");
    CHECK_ERR(efn_export_csv_nodes(&text, NULL, 0), EFN_EARG, "net is NULL");
    CHECK(text == NULL);

    /* a flow of another network: its indexes do not fit */
    diamond = load_data("flow_diamond.json");
    fd = diamond ? run_flow(diamond, EFN_GAS) : NULL;
    if (fd) {
        CHECK_ERR(efn_export_csv_assets(&text, net, 0, fd), EFN_EARG,
                  "not of this network");
        CHECK_ERR(efn_export_csv_flow(&text, net, fd, EFN_EXPORT_FLOW_SEGMENTS),
                  EFN_EARG, "not of this network");
    }
    efn_flow_free(fd);
    efn_network_free(diamond);

    CHECK_OK(efn_export_colour_parse(&colour, "utilisation"));
    CHECK(colour == EFN_EXPORT_COLOUR_UTILISATION);
    CHECK_STR(efn_export_colour_name(colour), "utilisation");
    CHECK_ERR(efn_export_colour_parse(&colour, "rainbow"), EFN_EINVALID,
              "unknown colour scheme 'rainbow'");
    CHECK(efn_export_colour_name((efn_export_colour)5) == NULL);
    CHECK_ERR(efn_export_flow_table_parse(&table_kind, "flows"), EFN_EINVALID,
              "unknown flow table 'flows'");
    CHECK(efn_export_flow_table_name((efn_export_flow_table)5) == NULL);

    CHECK_ERR(efn_export_write(NULL, "x"), EFN_EARG, "NULL argument");
    CHECK_ERR(
        efn_export_write(tmp_path(path, sizeof path, "no/such/dir.csv"), "x"),
        EFN_EIO, "cannot write");
    efn_flow_free(f);
    efn_network_free(net);
}

static void test_write(void)
{
    char path[4200], buf[64];
    FILE *in;
    size_t n;
    tmp_path(path, sizeof path, "out.csv");
    CHECK_OK(efn_export_write(path, "a,b\n1,2\n"));
    in = fopen(path, "rb");
    CHECK(in != NULL);
    if (in) {
        n = fread(buf, 1, sizeof buf - 1, in);
        buf[n] = '\0';
        fclose(in);
        CHECK_STR(buf, "a,b\n1,2\n"); /* one final newline, not two */
    }
    CHECK_OK(efn_export_write(path, "x"));
    in = fopen(path, "rb");
    if (in) {
        n = fread(buf, 1, sizeof buf - 1, in);
        buf[n] = '\0';
        fclose(in);
        CHECK_STR(buf, "x\n");
    }
    remove(path);
}

/* A host in a decimal-comma locale still gets '.' in every format. */
static void test_locale(void)
{
    static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "de_DE",
                                        "fr_FR.UTF-8", "fr_FR.utf8", "fr_FR"};
    efn_network *net;
    efn_flow *f;
    char *text = NULL;
    const char *set = NULL;
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0] && !set; i++)
        set = setlocale(LC_NUMERIC, names[i]);
    if (!set || strcmp(localeconv()->decimal_point, ",") != 0) {
        CHECK(getenv("EFN_REQUIRE_LOCALE") == NULL);
        printf("test_export: no decimal-comma locale here; the "
               "export_locale test runs this check\n");
        setlocale(LC_NUMERIC, "C");
        return;
    }
    net = load_quoting();
    f = net ? run_flow(net, EFN_GAS) : NULL;
    if (f) {
        CHECK_OK(efn_export_csv_nodes(&text, net, 0));
        CHECK(text && strstr(text, ",40.5,50.25,"));
        efn_free(text);
        CHECK_OK(efn_export_csv_assets(&text, net, 0, f));
        CHECK(text && strstr(text, ",o1=60.5\n"));
        efn_free(text);
        CHECK_OK(efn_export_dot(&text, net, 0, f, NULL));
        CHECK(text && strstr(text, "pos=\"720.00,") && !strstr(text, "720,00"));
        efn_free(text);
        CHECK_OK(efn_export_graphml(&text, net, EFN_GAS, 0, f));
        CHECK(text && strstr(text, ">50.25<") && strstr(text, ">40.5<"));
        efn_free(text);
        CHECK_OK(efn_export_geojson(&text, net, 0, f));
        CHECK(text && strstr(text, "50.25") && !strstr(text, "50,25"));
        efn_free(text);
    }
    efn_flow_free(f);
    efn_network_free(net);
    setlocale(LC_NUMERIC, "C");
}

int main(int argc, char **argv)
{
    const char *base = getenv("TMPDIR");
    dir = argc > 1 ? argv[1] : "tests/data";
    snprintf(tmpdir, sizeof tmpdir, "%s/efn_export_XXXXXX",
             base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    igraph_set_attribute_table(&igraph_cattribute_table);
    test_geojson_small();
    test_geojson_corridor();
    test_geojson_quoting();
    test_graphml();
    test_dot();
    test_csv_network();
    test_csv_flow();
    test_csv_analyses();
    test_errors();
    test_write();
    test_locale();
    rmdir(tmpdir);
    return check_finish("test_export");
}

#else /* EFN_EXPORT_FAULTS */

void efn__fault_inject(long n);
unsigned long efn__fault_allocations(void);

static efn_network *net;
static efn_flow *flow;
static efn_n1 *n1;
static efn_dependency *dep;
static efn_ownership *own;

static int do_geojson(char **out)
{
    return efn_export_geojson(out, net, 0, flow);
}
static int do_graphml(char **out)
{
    return efn_export_graphml(out, net, EFN_GAS, 0, flow);
}
static int do_dot(char **out)
{
    return efn_export_dot(out, net, 0, flow, NULL);
}
static int do_nodes(char **out)
{
    return efn_export_csv_nodes(out, net, 0);
}
static int do_assets(char **out)
{
    return efn_export_csv_assets(out, net, 0, flow);
}
static int do_segments(char **out)
{
    return efn_export_csv_flow(out, net, flow, EFN_EXPORT_FLOW_SEGMENTS);
}
static int do_n1(char **out)
{
    return efn_export_csv_n1(out, net, n1);
}
static int do_trace(char **out)
{
    return efn_export_csv_trace(out, net, efn_dependency_trace(dep));
}
static int do_dependency(char **out)
{
    return efn_export_csv_dependency(out, net, dep);
}
static int do_ownership(char **out)
{
    return efn_export_csv_ownership(out, net, own);
}

/* Count the allocations of a clean run, then fail each in turn: the call
 * reports EFN_ENOMEM with *out NULL (valgrind and ASan see no leak). A
 * first clean run fills what the network parses on first need (its
 * document), so that the counted run and the failing ones do the same
 * work; test_faults' load+save fails that parse too. */
static void sweep(const char *name, int (*fn)(char **))
{
    unsigned long n, i;
    char *text = NULL;
    efn__fault_inject(-1);
    CHECK_OK(fn(&text));
    efn_free(text);
    text = NULL;
    efn__fault_inject(-1);
    CHECK_OK(fn(&text));
    efn_free(text);
    n = efn__fault_allocations();
    CHECK(n > 0);
    for (i = 0; i < n; i++) {
        int rc;
        text = (char *)"untouched";
        efn__fault_inject((long)i);
        rc = fn(&text);
        check_count++;
        if (rc != EFN_ENOMEM || text != NULL) {
            check_failures++;
            fprintf(stderr,
                    "%s: allocation %lu of %lu failed but the call "
                    "returned %s (%s)\n",
                    name, i, n, efn_status_name(rc), efn_last_error());
            if (rc == EFN_OK)
                efn_free(text);
        }
    }
    efn__fault_inject(-1);
    printf("%s: %lu allocation failures injected\n", name, n);
}

int main(int argc, char **argv)
{
    efn_trace_options topt = EFN_TRACE_OPTIONS_INIT;
    (void)argc;
    (void)argv;
    dir = argc > 1 ? argv[1] : "tests/data";
    net = load_quoting();
    if (!net)
        return check_finish("test_export_faults");
    flow = run_flow(net, EFN_GAS);
    CHECK_OK(efn_n1_run(&n1, net, NULL));
    CHECK_OK(efn_dependency_run(&dep, net, &topt));
    CHECK_OK(efn_ownership_run(&own, net, 0, flow));
    if (flow && n1 && dep && own) {
        sweep("geojson", do_geojson);
        sweep("graphml", do_graphml);
        sweep("dot", do_dot);
        sweep("csv nodes", do_nodes);
        sweep("csv assets", do_assets);
        sweep("csv flow segments", do_segments);
        sweep("csv n1", do_n1);
        sweep("csv trace", do_trace);
        sweep("csv dependency", do_dependency);
        sweep("csv ownership", do_ownership);
    }
    efn_ownership_free(own);
    efn_dependency_free(dep);
    efn_n1_free(n1);
    efn_flow_free(flow);
    efn_network_free(net);
    return check_finish("test_export_faults");
}

#endif
