/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * export.c: GeoJSON, GraphML, Graphviz DOT and CSV exports
 * (docs/exports.md).
 */
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* ---- text --------------------------------------------------------------- */

static void put(efn__buf *b, const char *s)
{
    efn__buf_printf(b, "%s", s);
}

static void putn(efn__buf *b, const char *s, size_t n)
{
    if (n)
        efn__buf_printf(b, "%.*s", (int)n, s);
}

/* printf writes the locale's decimal point; every format here wants '.'. */
static void c_point(char *s)
{
    const char *dp = localeconv()->decimal_point;
    size_t n;
    char *p;
    if (!dp || !dp[0] || strcmp(dp, ".") == 0)
        return;
    n = strlen(dp);
    p = strstr(s, dp);
    if (!p)
        return;
    *p = '.';
    memmove(p + 1, p + n, strlen(p + n) + 1);
}

typedef struct numtext {
    char s[48];
} numtext;

/* The shortest of %.15g..%.17g that reads back to `v`; NaN is "", an
 * infinity "inf" or "-inf". */
static const char *num(numtext *t, double v)
{
    int prec;
    if (isnan(v)) {
        t->s[0] = '\0';
        return t->s;
    }
    if (isinf(v)) {
        snprintf(t->s, sizeof t->s, "%s", v > 0 ? "inf" : "-inf");
        return t->s;
    }
    if (v == 0)
        v = 0; /* no "-0" */
    for (prec = 15; prec <= 17; prec++) {
        snprintf(t->s, sizeof t->s, "%.*g", prec, v);
        if (strtod(t->s, NULL) == v) /* strtod reads the same locale */
            break;
    }
    c_point(t->s);
    return t->s;
}

/* A short form for drawings: three significant digits, no exponent below
 * 10^6. */
static const char *shortnum(numtext *t, double v)
{
    double a = fabs(v);
    if (a >= 1000 && a < 1e6)
        snprintf(t->s, sizeof t->s, "%.0f", v);
    else
        snprintf(t->s, sizeof t->s, "%.3g", v);
    c_point(t->s);
    return t->s;
}

/* A fixed-point coordinate for DOT positions. */
static const char *fixed2(numtext *t, double v)
{
    snprintf(t->s, sizeof t->s, "%.2f", v);
    c_point(t->s);
    return t->s;
}

static int buf_finish(efn__buf *b, char **out)
{
    if (b->failed || !b->data) {
        efn__buf_free(b);
        return efn__nomem();
    }
    *out = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return EFN_OK;
}

/* "bcm_y", "mt_y", "twh_y": the unit as part of a column or key name. */
static const char *unit_slug(efn_commodity c)
{
    switch (c) {
    case EFN_GAS: return "bcm_y";
    case EFN_OIL: return "mt_y";
    case EFN_ELECTRICITY: return "twh_y";
    default: return "";
    }
}

static const char *const quantity_names[3] = {"supply", "demand",
                                              "peak_demand"};

/* ---- shared model helpers ----------------------------------------------- */

static int route_open(const efn_network *net, const efn__asset *a)
{
    size_t k;
    for (k = 0; k < a->nroute; k++)
        if (!net->nodes[a->route[k]].enabled)
            return 0;
    return 1;
}

/* The year an export means; see export.h. */
static int export_year(int *out, const efn_network *net, int year,
                       const efn_flow *flow, const char *fn)
{
    int y = efn__resolve_year(net, year);
    if (year < 0)
        return efn__error(EFN_EARG, "%s: year %d is negative", fn, year);
    if (flow) {
        int fy = efn_flow_year(flow);
        fy = fy ? fy : EFN_YEAR_LATEST;
        if (year == 0)
            y = fy;
        else if (y != fy)
            return efn__error(EFN_EARG,
                              "%s: year %d differs from the flow's year %d", fn,
                              year, efn__year_out(fy));
    }
    *out = y;
    return EFN_OK;
}

/* Per node: 1 where the file says "coordinates_approximate": true. The
 * key is not part of the model, so it is read from the kept document,
 * whose "nodes" array is in node order. */
static unsigned char *approx_flags(const efn_network *net)
{
    unsigned char *flag = efn__calloc(net->nnodes + 1, 1);
    const cJSON *nodes, *n;
    size_t i = 0;
    const cJSON *doc = efn__doc(net);
    if (!flag || !doc) {
        efn__free(flag);
        return NULL;
    }
    nodes = cJSON_GetObjectItemCaseSensitive(doc, "nodes");
    if (cJSON_GetArraySize(nodes) != (int)net->nnodes)
        return flag;
    cJSON_ArrayForEach(n, nodes)
    {
        flag[i++] = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
                        n, "coordinates_approximate"))
                        ? 1
                        : 0;
    }
    return flag;
}

/* A flow result laid out by asset, segment and node. */
typedef struct flowmap {
    efn_commodity commodity;
    double *asset_flow, *asset_util; /* per asset; NaN: not in the flow */
    size_t *seg_base;                /* per asset: first slot in seg_flow */
    double *seg_flow;                /* signed along the route; NaN: none */
    double *delivered, *unmet, *fraction, *injected; /* per node; NaN */
} flowmap;

static void flowmap_free(flowmap *fm)
{
    efn__free(fm->asset_flow);
    efn__free(fm->asset_util);
    efn__free(fm->seg_base);
    efn__free(fm->seg_flow);
    efn__free(fm->delivered);
    efn__free(fm->unmet);
    efn__free(fm->fraction);
    efn__free(fm->injected);
    memset(fm, 0, sizeof *fm);
}

static int not_of(const char *fn, const char *what, size_t i)
{
    return efn__error(EFN_EARG,
                      "%s: the result is not of this network (%s index %zu)",
                      fn, what, i);
}

/* Whether a segment of a result fits the network: an asset of the
 * result's commodity, whose route has that segment between those nodes
 * (either way). A result of another network rarely passes. */
static int segment_fits(const efn_network *net, efn_commodity commodity,
                        size_t asset, size_t segment, size_t from, size_t to)
{
    const efn__asset *a;
    if (asset >= net->nassets)
        return 0;
    a = &net->assets[asset];
    if (a->commodity != commodity || segment + 1 >= a->nroute)
        return 0;
    return (a->route[segment] == from && a->route[segment + 1] == to) ||
           (a->route[segment] == to && a->route[segment + 1] == from);
}

static int flowmap_build(flowmap *fm, const efn_network *net,
                         const efn_flow *flow, const char *fn)
{
    size_t i, nslots = 0;
    int rc = EFN_OK;
    memset(fm, 0, sizeof *fm);
    if (!flow)
        return EFN_OK;
    fm->commodity = efn_flow_commodity(flow);
    fm->asset_flow = efn__malloc((net->nassets + 1) * sizeof(double));
    fm->asset_util = efn__malloc((net->nassets + 1) * sizeof(double));
    fm->seg_base = efn__malloc((net->nassets + 1) * sizeof(size_t));
    fm->delivered = efn__malloc((net->nnodes + 1) * sizeof(double));
    fm->unmet = efn__malloc((net->nnodes + 1) * sizeof(double));
    fm->fraction = efn__malloc((net->nnodes + 1) * sizeof(double));
    fm->injected = efn__malloc((net->nnodes + 1) * sizeof(double));
    if (!fm->asset_flow || !fm->asset_util || !fm->seg_base || !fm->delivered ||
        !fm->unmet || !fm->fraction || !fm->injected) {
        rc = efn__nomem();
        goto done;
    }
    for (i = 0; i < net->nassets; i++) {
        fm->asset_flow[i] = fm->asset_util[i] = NAN;
        fm->seg_base[i] = nslots;
        nslots += net->assets[i].nroute - 1;
    }
    fm->seg_base[net->nassets] = nslots;
    for (i = 0; i < net->nnodes; i++)
        fm->delivered[i] = fm->unmet[i] = fm->fraction[i] = fm->injected[i] =
            NAN;
    fm->seg_flow = efn__malloc((nslots + 1) * sizeof(double));
    if (!fm->seg_flow) {
        rc = efn__nomem();
        goto done;
    }
    for (i = 0; i < nslots; i++)
        fm->seg_flow[i] = NAN;
    for (i = 0; i < efn_flow_asset_count(flow); i++) {
        efn_flow_asset a;
        if ((rc = efn_flow_asset_get(&a, flow, i)) != EFN_OK)
            goto done;
        if (a.asset >= net->nassets ||
            net->assets[a.asset].commodity != fm->commodity) {
            rc = not_of(fn, "asset", a.asset);
            goto done;
        }
        fm->asset_flow[a.asset] = a.flow;
        fm->asset_util[a.asset] = a.utilisation;
    }
    for (i = 0; i < efn_flow_segment_count(flow); i++) {
        efn_flow_segment s;
        if ((rc = efn_flow_segment_get(&s, flow, i)) != EFN_OK)
            goto done;
        if (!segment_fits(net, fm->commodity, s.asset, s.segment, s.from_node,
                          s.to_node)) {
            rc = not_of(fn, "asset", s.asset);
            goto done;
        }
        fm->seg_flow[fm->seg_base[s.asset] + s.segment] = s.flow;
    }
    for (i = 0; i < efn_flow_consumer_count(flow); i++) {
        efn_flow_consumer c;
        if ((rc = efn_flow_consumer_get(&c, flow, i)) != EFN_OK)
            goto done;
        if (c.node >= net->nnodes) {
            rc = not_of(fn, "node", c.node);
            goto done;
        }
        fm->delivered[c.node] = c.delivered;
        fm->unmet[c.node] = c.unmet;
        fm->fraction[c.node] = c.fraction;
    }
    for (i = 0; i < efn_flow_supplier_count(flow); i++) {
        efn_flow_supplier s;
        if ((rc = efn_flow_supplier_get(&s, flow, i)) != EFN_OK)
            goto done;
        if (s.node >= net->nnodes) {
            rc = not_of(fn, "node", s.node);
            goto done;
        }
        fm->injected[s.node] = s.injected;
    }
done:
    if (rc != EFN_OK)
        flowmap_free(fm);
    return rc;
}

/* ---- GeoJSON ------------------------------------------------------------ */

/* cJSON calls that can fail only for want of memory; *ok records it. */
static void j_add(int *ok, cJSON *o, const char *key, cJSON *item)
{
    if (!item || !cJSON_AddItemToObject(o, key, item)) {
        cJSON_Delete(item);
        *ok = 0;
    }
}

static void j_str(int *ok, cJSON *o, const char *key, const char *v)
{
    j_add(ok, o, key, cJSON_CreateString(v ? v : ""));
}

/* A number, or null when NaN or infinite (JSON has neither). */
static void j_num(int *ok, cJSON *o, const char *key, double v)
{
    j_add(ok, o, key, isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull());
}

static void j_bool(int *ok, cJSON *o, const char *key, int v)
{
    j_add(ok, o, key, cJSON_CreateBool(v ? 1 : 0));
}

static void j_push(int *ok, cJSON *arr, cJSON *item)
{
    if (!item || !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        *ok = 0;
    }
}

static cJSON *j_position(const efn__node *n)
{
    cJSON *p = cJSON_CreateArray();
    int ok = 1;
    if (!p)
        return NULL;
    j_push(&ok, p, cJSON_CreateNumber(n->lon));
    j_push(&ok, p, cJSON_CreateNumber(n->lat));
    if (!ok) {
        cJSON_Delete(p);
        return NULL;
    }
    return p;
}

/* A Feature with an empty properties object; *props receives it. */
static cJSON *j_feature(int *ok, cJSON *features, cJSON **props)
{
    cJSON *f = cJSON_CreateObject();
    *props = NULL;
    if (!f) {
        *ok = 0;
        return NULL;
    }
    j_push(ok, features, f);
    if (!*ok)
        return NULL;
    j_str(ok, f, "type", "Feature");
    *props = cJSON_CreateObject();
    j_add(ok, f, "properties", *props);
    if (!*ok) {
        *props = NULL;
        return NULL;
    }
    return f;
}

static void geo_node(int *ok, cJSON *features, const efn_network *net, size_t i,
                     int year, const unsigned char *approx, const flowmap *fm,
                     int have_flow)
{
    const efn__node *n = &net->nodes[i];
    cJSON *props, *geom, *f = j_feature(ok, features, &props);
    char key[64];
    int q, c;
    if (!f)
        return;
    geom = cJSON_CreateObject();
    j_add(ok, f, "geometry", geom);
    if (!*ok)
        return;
    j_str(ok, geom, "type", "Point");
    j_add(ok, geom, "coordinates", j_position(n));
    j_str(ok, props, "feature", "node");
    j_str(ok, props, "id", n->id);
    j_str(ok, props, "name", n->name);
    j_str(ok, props, "kind", efn_node_kind_name(n->kind));
    j_str(ok, props, "country", n->country);
    j_bool(ok, props, "enabled", n->enabled);
    j_bool(ok, props, "coordinates_approximate", approx[i]);
    for (c = 0; c < EFN_COMMODITY_COUNT; c++)
        for (q = 0; q < 3; q++) {
            double v = efn__qty_at(efn__node_q(n, q, c), year);
            if (isnan(v))
                continue;
            snprintf(key, sizeof key, "%s_%s_%s", quantity_names[q],
                     efn_commodity_name((efn_commodity)c),
                     unit_slug((efn_commodity)c));
            j_num(ok, props, key, v);
        }
    if (!have_flow)
        return;
    if (!isnan(fm->delivered[i])) {
        snprintf(key, sizeof key, "delivered_%s", unit_slug(fm->commodity));
        j_num(ok, props, key, fm->delivered[i]);
        snprintf(key, sizeof key, "unmet_%s", unit_slug(fm->commodity));
        j_num(ok, props, key, fm->unmet[i]);
        j_num(ok, props, "served_fraction", fm->fraction[i]);
    }
    if (!isnan(fm->injected[i])) {
        snprintf(key, sizeof key, "injected_%s", unit_slug(fm->commodity));
        j_num(ok, props, key, fm->injected[i]);
    }
}

static void geo_asset(int *ok, cJSON *features, const efn_network *net,
                      size_t i, int year, const unsigned char *approx,
                      const flowmap *fm, int have_flow)
{
    const efn__asset *a = &net->assets[i];
    cJSON *props, *geom, *coords, *stakes, *f = j_feature(ok, features, &props);
    size_t k, located = 0, nstakes;
    int any_approx = 0;
    double cap;
    if (!f)
        return;
    geom = cJSON_CreateObject();
    j_add(ok, f, "geometry", geom);
    if (!*ok)
        return;
    j_str(ok, geom, "type", "LineString");
    coords = cJSON_CreateArray();
    j_add(ok, geom, "coordinates", coords);
    if (!*ok)
        return;
    for (k = 0; k < a->nroute; k++) {
        const efn__node *n = &net->nodes[a->route[k]];
        if (!n->has_coords)
            continue;
        located++;
        any_approx |= approx[a->route[k]];
        j_push(ok, coords, j_position(n));
    }
    j_str(ok, props, "feature", "asset");
    j_str(ok, props, "id", a->id);
    j_str(ok, props, "name", a->name);
    j_str(ok, props, "commodity", efn_commodity_name(a->commodity));
    j_str(ok, props, "unit", efn_commodity_unit(a->commodity));
    j_str(ok, props, "status", efn_asset_status_name(a->status));
    j_bool(ok, props, "active", efn_asset_is_active(net, i, year));
    j_bool(ok, props, "enabled", a->enabled);
    j_bool(ok, props, "bidirectional", a->bidirectional);
    j_num(ok, props, "start_year", a->start_year ? (double)a->start_year : NAN);
    j_num(ok, props, "end_year", a->end_year ? (double)a->end_year : NAN);
    j_num(ok, props, "length_km", a->length_km);
    j_str(ok, props, "from", net->nodes[a->route[0]].id);
    j_str(ok, props, "to", net->nodes[a->route[a->nroute - 1]].id);
    j_bool(ok, props, "route_complete", located == a->nroute);
    j_bool(ok, props, "coordinates_approximate", any_approx);
    efn_asset_quantity_get(&cap, net, i, EFN_CAPACITY, year);
    j_num(ok, props, "capacity", cap);
    j_bool(ok, props, "unbounded", isinf(cap));
    {
        double obs;
        efn_asset_quantity_get(&obs, net, i, EFN_FLOW, year);
        j_num(ok, props, "observed_flow", obs);
    }
    if (have_flow) {
        j_num(ok, props, "flow", fm->asset_flow[i]);
        j_num(ok, props, "utilisation", fm->asset_util[i]);
    }
    stakes = cJSON_CreateArray();
    j_add(ok, props, "stakes", stakes);
    nstakes = *ok ? efn_asset_stake_count(net, i, year) : 0;
    for (k = 0; k < nstakes; k++) {
        size_t owner;
        double share;
        cJSON *s;
        if (efn_asset_stake(&owner, &share, net, i, year, k) != EFN_OK)
            continue;
        s = cJSON_CreateObject();
        j_push(ok, stakes, s);
        if (!*ok)
            return;
        j_str(ok, s, "owner", net->owners[owner].id);
        j_num(ok, s, "share", share);
    }
}

int efn_export_geojson(char **out, const efn_network *net, int year,
                       const efn_flow *flow)
{
    static const char fn[] = "efn_export_geojson";
    cJSON *root = NULL, *features, *meta, *skip_nodes, *skip_assets;
    unsigned char *approx = NULL;
    flowmap fm;
    size_t i, k;
    int ok = 1, rc;
    memset(&fm, 0, sizeof fm);
    if (!out)
        return efn__error(EFN_EARG, "%s: out is NULL", fn);
    *out = NULL;
    if (!net)
        return efn__error(EFN_EARG, "%s: net is NULL", fn);
    if ((rc = export_year(&year, net, year, flow, fn)) != EFN_OK)
        return rc;
    if ((rc = flowmap_build(&fm, net, flow, fn)) != EFN_OK)
        return rc;
    approx = approx_flags(net);
    root = efn__json_root();
    if (!approx || !root) {
        rc = efn__nomem();
        goto done;
    }
    j_str(&ok, root, "type", "FeatureCollection");
    /* A foreign member (RFC 7946, 6.1): what the collection shows, and
     * what it could not place. */
    meta = cJSON_CreateObject();
    j_add(&ok, root, "efn", meta);
    features = cJSON_CreateArray();
    j_add(&ok, root, "features", features);
    if (!ok) {
        rc = efn__nomem();
        goto done;
    }
    j_str(&ok, meta, "title", efn_network_title(net));
    j_num(&ok, meta, "year", year == EFN_YEAR_LATEST ? NAN : (double)year);
    if (flow) {
        j_str(&ok, meta, "flow_commodity", efn_commodity_name(fm.commodity));
        j_str(&ok, meta, "flow_unit", efn_commodity_unit(fm.commodity));
        j_str(&ok, meta, "flow_mode", efn_allocation_name(efn_flow_mode(flow)));
    }
    skip_nodes = cJSON_CreateArray();
    j_add(&ok, meta, "nodes_without_coordinates", skip_nodes);
    skip_assets = cJSON_CreateArray();
    j_add(&ok, meta, "assets_without_coordinates", skip_assets);
    for (i = 0; ok && i < net->nnodes; i++) {
        if (net->nodes[i].has_coords)
            geo_node(&ok, features, net, i, year, approx, &fm, flow != NULL);
        else
            j_push(&ok, skip_nodes, cJSON_CreateString(net->nodes[i].id));
    }
    for (i = 0; ok && i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        size_t located = 0;
        for (k = 0; k < a->nroute; k++)
            located += net->nodes[a->route[k]].has_coords ? 1 : 0;
        if (located >= 2)
            geo_asset(&ok, features, net, i, year, approx, &fm, flow != NULL);
        else
            j_push(&ok, skip_assets, cJSON_CreateString(a->id));
    }
    if (!ok) {
        rc = efn__nomem();
        goto done;
    }
    rc = efn__json_finish(root, out);
    root = NULL; /* consumed */
done:
    cJSON_Delete(root);
    efn__free(approx);
    flowmap_free(&fm);
    return rc;
}

/* ---- GraphML ------------------------------------------------------------ */

/* XML character data or attribute value. Control characters XML 1.0 does
 * not allow become spaces. */
static void xml_text(efn__buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        const char *rep;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&apos;"; break;
        default:
            rep =
                (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ? " " : NULL;
        }
        if (!rep)
            continue;
        putn(b, run, (size_t)(s - run));
        put(b, rep);
        run = s + 1;
    }
    putn(b, run, (size_t)(s - run));
}

static void xml_data(efn__buf *b, const char *indent, const char *key,
                     const char *value)
{
    efn__buf_printf(b, "%s<data key=\"%s\">", indent, key);
    xml_text(b, value);
    put(b, "</data>\n");
}

static void xml_num(efn__buf *b, const char *indent, const char *key, double v)
{
    numtext t;
    if (isnan(v))
        return; /* absent: the reader's default */
    /* xsd:double spells infinity "INF"; strtod and Python's float() read
     * it too. */
    xml_data(b, indent, key, isinf(v) ? (v > 0 ? "INF" : "-INF") : num(&t, v));
}

int efn_export_graphml(char **out, const efn_network *net,
                       efn_commodity commodity, int year, const efn_flow *flow)
{
    static const char fn[] = "efn_export_graphml";
    static const char *const keys[] = {
        "  <key id=\"g_commodity\" for=\"graph\" attr.name=\"commodity\" "
        "attr.type=\"string\"/>\n",
        "  <key id=\"g_unit\" for=\"graph\" attr.name=\"unit\" "
        "attr.type=\"string\"/>\n",
        "  <key id=\"g_year\" for=\"graph\" attr.name=\"year\" "
        "attr.type=\"int\"/>\n",
        "  <key id=\"v_name\" for=\"node\" attr.name=\"name\" "
        "attr.type=\"string\"/>\n",
        "  <key id=\"v_kind\" for=\"node\" attr.name=\"kind\" "
        "attr.type=\"string\"/>\n",
        "  <key id=\"v_country\" for=\"node\" attr.name=\"country\" "
        "attr.type=\"string\"/>\n",
        "  <key id=\"v_lat\" for=\"node\" attr.name=\"lat\" "
        "attr.type=\"double\"/>\n",
        "  <key id=\"v_lon\" for=\"node\" attr.name=\"lon\" "
        "attr.type=\"double\"/>\n",
        "  <key id=\"v_enabled\" for=\"node\" attr.name=\"enabled\" "
        "attr.type=\"boolean\"/>\n",
        "  <key id=\"v_approx\" for=\"node\" "
        "attr.name=\"coordinates_approximate\" attr.type=\"boolean\"/>\n",
        "  <key id=\"e_asset\" for=\"edge\" attr.name=\"asset\" "
        "attr.type=\"string\"/>\n",
        "  <key id=\"e_segment\" for=\"edge\" attr.name=\"segment\" "
        "attr.type=\"int\"/>\n",
        "  <key id=\"e_reverse\" for=\"edge\" attr.name=\"reverse\" "
        "attr.type=\"boolean\"/>\n",
        "  <key id=\"e_capacity\" for=\"edge\" attr.name=\"capacity\" "
        "attr.type=\"double\"/>\n",
    };
    efn_graph *g = NULL;
    efn__buf b = {0};
    unsigned char *approx = NULL;
    flowmap fm;
    size_t i, e;
    int rc;
    memset(&fm, 0, sizeof fm);
    if (!out)
        return efn__error(EFN_EARG, "%s: out is NULL", fn);
    *out = NULL;
    if (!net)
        return efn__error(EFN_EARG, "%s: net is NULL", fn);
    if ((unsigned)commodity >= EFN_COMMODITY_COUNT)
        return efn__error(EFN_EARG, "%s: unknown commodity %d", fn,
                          (int)commodity);
    if (flow && efn_flow_commodity(flow) != commodity)
        return efn__error(EFN_EARG, "%s: the flow is of %s, not %s", fn,
                          efn_commodity_name(efn_flow_commodity(flow)),
                          efn_commodity_name(commodity));
    if ((rc = export_year(&year, net, year, flow, fn)) != EFN_OK)
        return rc;
    if ((rc = flowmap_build(&fm, net, flow, fn)) != EFN_OK)
        return rc;
    if ((rc = efn_graph_build(&g, net, commodity, year)) != EFN_OK)
        goto done;
    approx = approx_flags(net);
    if (!approx) {
        rc = efn__nomem();
        goto done;
    }
    put(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
            "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
            "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/"
            "xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
        put(&b, keys[i]);
    if (flow)
        put(&b, "  <key id=\"e_flow\" for=\"edge\" attr.name=\"flow\" "
                "attr.type=\"double\"/>\n"
                "  <key id=\"e_util\" for=\"edge\" attr.name=\"utilisation\" "
                "attr.type=\"double\"/>\n");
    efn__buf_printf(&b, "  <graph id=\"%s\" edgedefault=\"directed\">\n",
                    efn_commodity_name(commodity));
    xml_data(&b, "    ", "g_commodity", efn_commodity_name(commodity));
    xml_data(&b, "    ", "g_unit", efn_commodity_unit(commodity));
    if (year != EFN_YEAR_LATEST)
        efn__buf_printf(&b, "    <data key=\"g_year\">%d</data>\n", year);
    for (i = 0; i < net->nnodes; i++) {
        const efn__node *n = &net->nodes[i];
        put(&b, "    <node id=\"");
        xml_text(&b, n->id);
        put(&b, "\">\n");
        xml_data(&b, "      ", "v_name", n->name);
        xml_data(&b, "      ", "v_kind", efn_node_kind_name(n->kind));
        xml_data(&b, "      ", "v_country", n->country);
        if (n->has_coords) {
            xml_num(&b, "      ", "v_lat", n->lat);
            xml_num(&b, "      ", "v_lon", n->lon);
        }
        xml_data(&b, "      ", "v_enabled", n->enabled ? "true" : "false");
        xml_data(&b, "      ", "v_approx", approx[i] ? "true" : "false");
        put(&b, "    </node>\n");
    }
    for (e = 0; e < efn_graph_edge_count(g); e++) {
        efn_graph_edge ed;
        char seg[32];
        if ((rc = efn_graph_edge_get(&ed, g, e)) != EFN_OK)
            goto done;
        efn__buf_printf(&b, "    <edge id=\"e%zu\" source=\"", e);
        xml_text(&b, net->nodes[ed.from_node].id);
        put(&b, "\" target=\"");
        xml_text(&b, net->nodes[ed.to_node].id);
        put(&b, "\">\n");
        xml_data(&b, "      ", "e_asset", net->assets[ed.asset].id);
        snprintf(seg, sizeof seg, "%zu", ed.segment);
        xml_data(&b, "      ", "e_segment", seg);
        xml_data(&b, "      ", "e_reverse", ed.reverse ? "true" : "false");
        xml_num(&b, "      ", "e_capacity", ed.capacity);
        if (flow) {
            double f = fm.seg_flow[fm.seg_base[ed.asset] + ed.segment];
            if (!isnan(f)) {
                /* The segment's signed flow, split by direction. */
                f = ed.reverse ? -f : f;
                f = f > 0 ? f : 0;
                xml_num(&b, "      ", "e_flow", f);
                xml_num(&b, "      ", "e_util",
                        isinf(ed.capacity) || ed.capacity <= 0
                            ? 0.0
                            : f / ed.capacity);
            }
        }
        put(&b, "    </edge>\n");
    }
    put(&b, "  </graph>\n</graphml>\n");
    rc = buf_finish(&b, out);
done:
    efn__buf_free(&b);
    efn__free(approx);
    efn_graph_free(g);
    flowmap_free(&fm);
    return rc;
}

/* ---- Graphviz DOT ------------------------------------------------------- */

const char *efn_export_colour_name(efn_export_colour colour)
{
    switch (colour) {
    case EFN_EXPORT_COLOUR_COMMODITY: return "commodity";
    case EFN_EXPORT_COLOUR_UTILISATION: return "utilisation";
    default: return NULL;
    }
}

int efn_export_colour_parse(efn_export_colour *out, const char *name)
{
    if (!out || !name)
        return efn__error(EFN_EARG, "efn_export_colour_parse: NULL argument");
    if (strcmp(name, "commodity") == 0)
        *out = EFN_EXPORT_COLOUR_COMMODITY;
    else if (strcmp(name, "utilisation") == 0 ||
             strcmp(name, "utilization") == 0)
        *out = EFN_EXPORT_COLOUR_UTILISATION;
    else
        return efn__error(EFN_EINVALID,
                          "unknown colour scheme '%s'; expected commodity or "
                          "utilisation",
                          name);
    return EFN_OK;
}

/* Inside a DOT double-quoted string: quote and backslash escaped (a
 * backslash would start one of Graphviz's label escapes), line breaks
 * and other control characters become spaces. */
static void dot_text(efn__buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        const char *rep = c == '"'    ? "\\\""
                          : c == '\\' ? "\\\\"
                          : c < 0x20  ? " "
                                      : NULL;
        if (!rep)
            continue;
        putn(b, run, (size_t)(s - run));
        put(b, rep);
        run = s + 1;
    }
    putn(b, run, (size_t)(s - run));
}

static const char *const commodity_colour[EFN_COMMODITY_COUNT] = {
    "#1f78b4", /* gas: blue */
    "#8c510a", /* oil: brown */
    "#e6a800"  /* electricity: gold */
};

/* Green at 0, amber at 0.5, red at 1 and beyond; grey when unknown. */
static void utilisation_colour(char *out, size_t n, double u)
{
    static const double stop[3][3] = {
        {0x1a, 0x98, 0x50}, {0xff, 0xbf, 0x00}, {0xd7, 0x30, 0x27}};
    const double *lo, *hi;
    double t;
    if (isnan(u)) {
        snprintf(out, n, "#999999");
        return;
    }
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    lo = u < 0.5 ? stop[0] : stop[1];
    hi = u < 0.5 ? stop[1] : stop[2];
    t = u < 0.5 ? u / 0.5 : (u - 0.5) / 0.5;
    snprintf(out, n, "#%02x%02x%02x",
             (unsigned)lround(lo[0] + t * (hi[0] - lo[0])),
             (unsigned)lround(lo[1] + t * (hi[1] - lo[1])),
             (unsigned)lround(lo[2] + t * (hi[2] - lo[2])));
}

static const char *node_shape(efn_node_kind k)
{
    switch (k) {
    case EFN_NODE_FIELD: return "triangle";
    case EFN_NODE_TERMINAL: return "box";
    case EFN_NODE_BORDER: return "diamond";
    case EFN_NODE_MARKET: return "doublecircle";
    case EFN_NODE_STORAGE: return "cylinder";
    case EFN_NODE_LNG: return "house";
    default: return "circle";
    }
}

typedef struct dot_edge {
    size_t asset, segment, from, to;
    double cap;    /* segment capacity; +inf unbounded */
    double flow;   /* |flow| of the flow result; NaN: none */
    double util;   /* NaN: unknown */
    double weight; /* what the pen width shows; NaN: nothing */
    int both;      /* draw arrows both ways */
    int inactive;
} dot_edge;

/* Positions in points: located nodes by an equirectangular projection,
 * the rest at the mean of their located neighbours, repeated outwards,
 * and any still unplaced in a row below. */
static int dot_layout(double *x, double *y, unsigned char *placed,
                      const efn_network *net, const unsigned char *drawn,
                      const dot_edge *ed, size_t ned, double size_in)
{
    double lonmin = HUGE_VAL, lonmax = -HUGE_VAL, latmin = HUGE_VAL,
           latmax = -HUGE_VAL, k, coslat, span;
    double *sx = NULL, *sy = NULL;
    size_t *cnt = NULL, i, e, row = 0;
    int changed = 1, any = 0;
    for (i = 0; i < net->nnodes; i++) {
        const efn__node *n = &net->nodes[i];
        if (!drawn[i] || !n->has_coords)
            continue;
        any = 1;
        lonmin = fmin(lonmin, n->lon);
        lonmax = fmax(lonmax, n->lon);
        latmin = fmin(latmin, n->lat);
        latmax = fmax(latmax, n->lat);
    }
    if (any) {
        coslat = cos((latmin + latmax) / 2 * 3.14159265358979323846 / 180);
        span = fmax((lonmax - lonmin) * coslat, latmax - latmin);
        k = span > 0 ? size_in * 72 / span : 72;
        for (i = 0; i < net->nnodes; i++) {
            const efn__node *n = &net->nodes[i];
            if (!drawn[i] || !n->has_coords)
                continue;
            x[i] = (n->lon - lonmin) * coslat * k;
            y[i] = (n->lat - latmin) * k;
            placed[i] = 1;
        }
    }
    sx = efn__calloc(net->nnodes + 1, sizeof *sx);
    sy = efn__calloc(net->nnodes + 1, sizeof *sy);
    cnt = efn__calloc(net->nnodes + 1, sizeof *cnt);
    if (!sx || !sy || !cnt) {
        efn__free(sx);
        efn__free(sy);
        efn__free(cnt);
        return efn__nomem();
    }
    while (any && changed) {
        changed = 0;
        memset(cnt, 0, (net->nnodes + 1) * sizeof *cnt);
        memset(sx, 0, (net->nnodes + 1) * sizeof *sx);
        memset(sy, 0, (net->nnodes + 1) * sizeof *sy);
        for (e = 0; e < ned; e++) {
            size_t u = ed[e].from, v = ed[e].to;
            if (placed[u] && !placed[v]) {
                sx[v] += x[u];
                sy[v] += y[u];
                cnt[v]++;
            } else if (placed[v] && !placed[u]) {
                sx[u] += x[v];
                sy[u] += y[v];
                cnt[u]++;
            }
        }
        for (i = 0; i < net->nnodes; i++)
            if (drawn[i] && !placed[i] && cnt[i]) {
                x[i] = sx[i] / (double)cnt[i];
                y[i] = sy[i] / (double)cnt[i];
                placed[i] = 2;
                changed = 1;
            }
    }
    for (i = 0; i < net->nnodes; i++)
        if (drawn[i] && !placed[i]) {
            x[i] = (double)(row % 10) * 72;
            y[i] = -72.0 * (double)(1 + row / 10);
            placed[i] = 2;
            row++;
        }
    efn__free(sx);
    efn__free(sy);
    efn__free(cnt);
    return EFN_OK;
}

static void dot_edge_label(efn__buf *b, const efn_network *net,
                           const dot_edge *d, int have_flow)
{
    const efn__asset *a = &net->assets[d->asset];
    const char *unit = efn_commodity_unit(a->commodity);
    numtext t1, t2;
    put(b, ", label=\"");
    if (d->segment == 0) {
        dot_text(b, a->name);
        put(b, "\\n");
    }
    if (have_flow && isinf(d->cap))
        efn__buf_printf(b, "%s %s (unbounded)", shortnum(&t1, d->flow), unit);
    else if (have_flow)
        efn__buf_printf(b, "%s / %s %s", shortnum(&t1, d->flow),
                        shortnum(&t2, d->cap), unit);
    else if (isinf(d->cap))
        put(b, "unbounded");
    else
        efn__buf_printf(b, "%s %s", shortnum(&t1, d->cap), unit);
    put(b, "\"");
}

int efn_export_dot(char **out, const efn_network *net, int year,
                   const efn_flow *flow, const efn_export_dot_options *options)
{
    static const char fn[] = "efn_export_dot";
    efn_export_dot_options opt = EFN_EXPORT_DOT_OPTIONS_INIT;
    efn__buf b = {0};
    flowmap fm;
    dot_edge *ed = NULL;
    unsigned char *drawn = NULL, *placed = NULL, *approx = NULL;
    double *x = NULL, *y = NULL, maxw[EFN_COMMODITY_COUNT] = {0};
    size_t i, s, ned = 0, nalloc = 0;
    unsigned mask;
    int rc, c;
    memset(&fm, 0, sizeof fm);
    if (!out)
        return efn__error(EFN_EARG, "%s: out is NULL", fn);
    *out = NULL;
    if (!net)
        return efn__error(EFN_EARG, "%s: net is NULL", fn);
    if (options)
        opt = *options;
    if (opt.colour != EFN_EXPORT_COLOUR_COMMODITY &&
        opt.colour != EFN_EXPORT_COLOUR_UTILISATION)
        return efn__error(EFN_EARG, "%s: unknown colour scheme %d", fn,
                          (int)opt.colour);
    if (opt.commodities >= (1u << EFN_COMMODITY_COUNT))
        return efn__error(EFN_EARG, "%s: commodities 0x%x has unknown bits", fn,
                          opt.commodities);
    if (!(opt.size_in > 0) || !isfinite(opt.size_in))
        opt.size_in = 10;
    mask = opt.commodities ? opt.commodities
           : flow          ? 1u << efn_flow_commodity(flow)
                           : (1u << EFN_COMMODITY_COUNT) - 1;
    if ((rc = export_year(&year, net, year, flow, fn)) != EFN_OK)
        return rc;
    if ((rc = flowmap_build(&fm, net, flow, fn)) != EFN_OK)
        return rc;
    for (i = 0; i < net->nassets; i++)
        nalloc += net->assets[i].nroute - 1;
    ed = efn__calloc(nalloc + 1, sizeof *ed);
    drawn = efn__calloc(net->nnodes + 1, 1);
    placed = efn__calloc(net->nnodes + 1, 1);
    x = efn__calloc(net->nnodes + 1, sizeof *x);
    y = efn__calloc(net->nnodes + 1, sizeof *y);
    approx = approx_flags(net);
    if (!ed || !drawn || !placed || !x || !y || !approx) {
        rc = efn__nomem();
        goto done;
    }
    for (i = 0; i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        int in_flow = flow && a->commodity == fm.commodity;
        int active = efn_asset_is_active(net, i, year) && route_open(net, a);
        if (!(mask & (1u << a->commodity)) || (!active && !opt.inactive))
            continue;
        for (s = 0; s + 1 < a->nroute; s++) {
            dot_edge *d = &ed[ned];
            double f = in_flow ? fm.seg_flow[fm.seg_base[i] + s] : NAN;
            if (in_flow && active && isnan(f))
                continue; /* not in the flow: cannot happen for its own */
            d->asset = i;
            d->segment = s;
            d->from = a->route[s];
            d->to = a->route[s + 1];
            d->cap = efn__segment_value(net, i, s, EFN_CAPACITY, year);
            d->flow = NAN;
            d->util = NAN;
            d->weight = NAN;
            d->inactive = !active;
            d->both = a->bidirectional;
            if (!active) {
                /* drawn thin and grey, with no figures */
            } else if (in_flow) {
                if (f < 0) {
                    d->from = a->route[s + 1];
                    d->to = a->route[s];
                }
                d->both = a->bidirectional && f == 0;
                d->flow = fabs(f);
                d->weight = d->flow;
                if (isfinite(d->cap) && d->cap > 0)
                    d->util = d->flow / d->cap;
            } else {
                double obs = efn__segment_value(net, i, s, EFN_FLOW, year);
                d->weight = isfinite(d->cap) ? d->cap : NAN;
                if (!isnan(obs) && isfinite(d->cap) && d->cap > 0)
                    d->util = fabs(obs) / d->cap;
            }
            if (!isnan(d->weight) && d->weight > maxw[a->commodity])
                maxw[a->commodity] = d->weight;
            drawn[d->from] = drawn[d->to] = 1;
            ned++;
        }
    }
    if ((rc = dot_layout(x, y, placed, net, drawn, ed, ned, opt.size_in)) !=
        EFN_OK)
        goto done;

    put(&b, "digraph \"efn\" {\n  graph [label=\"");
    dot_text(&b, efn_network_title(net));
    if (year != EFN_YEAR_LATEST)
        efn__buf_printf(&b, " %d", year);
    if (flow)
        efn__buf_printf(&b, ", %s flow (%s)", efn_commodity_name(fm.commodity),
                        efn_allocation_name(efn_flow_mode(flow)));
    put(&b, "\", labelloc=t, fontname=\"Helvetica\", fontsize=14, "
            "outputorder=edgesfirst, forcelabels=true, splines=false];\n"
            "  node [shape=circle, width=0.12, height=0.12, fixedsize=true, "
            "label=\"\", style=filled, fillcolor=\"#404040\", "
            "color=\"#404040\", fontname=\"Helvetica\", fontsize=9];\n"
            "  edge [fontname=\"Helvetica\", fontsize=7, arrowsize=0.5];\n");
    for (i = 0; i < net->nnodes; i++) {
        const efn__node *n = &net->nodes[i];
        numtext tx, ty;
        if (!drawn[i])
            continue;
        put(&b, "  \"");
        dot_text(&b, n->id);
        efn__buf_printf(&b, "\" [pos=\"%s,%s!\", shape=%s, xlabel=\"",
                        fixed2(&tx, x[i]), fixed2(&ty, y[i]),
                        node_shape(n->kind));
        dot_text(&b, n->name);
        put(&b, "\", tooltip=\"");
        dot_text(&b, n->id);
        efn__buf_printf(&b, " (%s, ", efn_node_kind_name(n->kind));
        dot_text(&b, n->country);
        put(&b, placed[i] == 1 ? (approx[i] ? ", approximate position)" : ")")
                               : ", position inferred)");
        put(&b, placed[i] == 1 ? "\""
                               : "\", style=\"filled,dashed\", "
                                 "fillcolor=white");
        put(&b, "];\n");
    }
    for (i = 0; i < ned; i++) {
        const dot_edge *d = &ed[i];
        const efn__asset *a = &net->assets[d->asset];
        char colour[16];
        numtext tw;
        double w = 0.75;
        c = (int)a->commodity;
        if (d->inactive)
            snprintf(colour, sizeof colour, "#aaaaaa");
        else if (opt.colour == EFN_EXPORT_COLOUR_UTILISATION)
            utilisation_colour(colour, sizeof colour, d->util);
        else
            snprintf(colour, sizeof colour, "%s", commodity_colour[c]);
        if (!isnan(d->weight) && maxw[c] > 0)
            w += 6.25 * d->weight / maxw[c];
        put(&b, "  \"");
        dot_text(&b, net->nodes[d->from].id);
        put(&b, "\" -> \"");
        dot_text(&b, net->nodes[d->to].id);
        efn__buf_printf(&b, "\" [color=\"%s\", fontcolor=\"%s\", penwidth=%s",
                        colour, colour, fixed2(&tw, w));
        if (d->both)
            put(&b, ", dir=both");
        if (d->inactive)
            put(&b, ", style=dashed");
        else if (isinf(d->cap) && !flow)
            put(&b, ", style=dotted");
        if (opt.edge_labels && !d->inactive)
            dot_edge_label(&b, net, d, flow && a->commodity == fm.commodity);
        put(&b, ", tooltip=\"");
        dot_text(&b, a->name);
        efn__buf_printf(&b, " (");
        dot_text(&b, a->id);
        efn__buf_printf(&b, ", segment %zu)\"];\n", d->segment);
    }
    put(&b, "}\n");
    rc = buf_finish(&b, out);
done:
    efn__buf_free(&b);
    efn__free(ed);
    efn__free(drawn);
    efn__free(placed);
    efn__free(x);
    efn__free(y);
    efn__free(approx);
    flowmap_free(&fm);
    return rc;
}

/* ---- CSV ---------------------------------------------------------------- */

typedef struct csv {
    efn__buf b;
    int col;
} csv;

static void csv_sep(csv *c)
{
    if (c->col++)
        put(&c->b, ",");
}

/* RFC 4180: quote a field holding a comma, a quote, CR or LF; double the
 * quotes inside. */
static void csv_str(csv *c, const char *s)
{
    const char *q;
    csv_sep(c);
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        put(&c->b, s);
        return;
    }
    put(&c->b, "\"");
    while ((q = strchr(s, '"')) != NULL) {
        putn(&c->b, s, (size_t)(q - s + 1));
        put(&c->b, "\"");
        s = q + 1;
    }
    put(&c->b, s);
    put(&c->b, "\"");
}

static void csv_num(csv *c, double v)
{
    numtext t;
    csv_sep(c);
    put(&c->b, num(&t, v));
}

static void csv_int(csv *c, long v)
{
    csv_sep(c);
    efn__buf_printf(&c->b, "%ld", v);
}

static void csv_bool(csv *c, int v)
{
    csv_sep(c);
    put(&c->b, v ? "true" : "false");
}

static void csv_end(csv *c)
{
    put(&c->b, "\n");
    c->col = 0;
}

static const char *node_id(const efn_network *net, size_t i)
{
    return net->nodes[i].id;
}

/* The columns node, name, country, unit that the consumer and supplier
 * tables begin with. */
static void csv_node_head(csv *c, const efn_network *net, size_t node,
                          const char *unit)
{
    csv_str(c, node_id(net, node));
    csv_str(c, net->nodes[node].name);
    csv_str(c, net->nodes[node].country);
    csv_str(c, unit);
}

static int csv_finish(csv *c, char **out)
{
    return buf_finish(&c->b, out);
}

#define CSV_BEGIN(fn, out, net)                                                \
    do {                                                                       \
        if (!(out))                                                            \
            return efn__error(EFN_EARG, "%s: out is NULL", fn);                \
        *(out) = NULL;                                                         \
        if (!(net))                                                            \
            return efn__error(EFN_EARG, "%s: net is NULL", fn);                \
    } while (0)

int efn_export_csv_nodes(char **out, const efn_network *net, int year)
{
    static const char fn[] = "efn_export_csv_nodes";
    csv c = {{0}, 0};
    unsigned char *approx;
    size_t i;
    int k, q, rc;
    CSV_BEGIN(fn, out, net);
    if ((rc = export_year(&year, net, year, NULL, fn)) != EFN_OK)
        return rc;
    approx = approx_flags(net);
    if (!approx)
        return efn__nomem();
    put(&c.b, "id,name,kind,country,lat,lon,coordinates_approximate,enabled");
    for (k = 0; k < EFN_COMMODITY_COUNT; k++)
        for (q = 0; q < 3; q++)
            efn__buf_printf(&c.b, ",%s_%s_%s", quantity_names[q],
                            efn_commodity_name((efn_commodity)k),
                            unit_slug((efn_commodity)k));
    put(&c.b, "\n");
    for (i = 0; i < net->nnodes; i++) {
        const efn__node *n = &net->nodes[i];
        csv_str(&c, n->id);
        csv_str(&c, n->name);
        csv_str(&c, efn_node_kind_name(n->kind));
        csv_str(&c, n->country);
        csv_num(&c, n->has_coords ? n->lat : NAN);
        csv_num(&c, n->has_coords ? n->lon : NAN);
        csv_bool(&c, approx[i]);
        csv_bool(&c, n->enabled);
        for (k = 0; k < EFN_COMMODITY_COUNT; k++)
            for (q = 0; q < 3; q++)
                csv_num(&c, efn__qty_at(efn__node_q(n, q, k), year));
        csv_end(&c);
    }
    efn__free(approx);
    return csv_finish(&c, out);
}

int efn_export_csv_assets(char **out, const efn_network *net, int year,
                          const efn_flow *flow)
{
    static const char fn[] = "efn_export_csv_assets";
    csv c = {{0}, 0};
    flowmap fm;
    size_t i, k;
    int rc;
    CSV_BEGIN(fn, out, net);
    if ((rc = export_year(&year, net, year, flow, fn)) != EFN_OK)
        return rc;
    if ((rc = flowmap_build(&fm, net, flow, fn)) != EFN_OK)
        return rc;
    put(&c.b, "id,name,commodity,unit,status,active,enabled,bidirectional,"
              "start_year,end_year,length_km,from,to,route,capacity,"
              "observed_flow,flow,utilisation,stakes\n");
    for (i = 0; i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        efn__buf list = {0};
        double v;
        size_t nst;
        csv_str(&c, a->id);
        csv_str(&c, a->name);
        csv_str(&c, efn_commodity_name(a->commodity));
        csv_str(&c, efn_commodity_unit(a->commodity));
        csv_str(&c, efn_asset_status_name(a->status));
        csv_bool(&c, efn_asset_is_active(net, i, year));
        csv_bool(&c, a->enabled);
        csv_bool(&c, a->bidirectional);
        csv_num(&c, a->start_year ? (double)a->start_year : NAN);
        csv_num(&c, a->end_year ? (double)a->end_year : NAN);
        csv_num(&c, a->length_km);
        csv_str(&c, net->nodes[a->route[0]].id);
        csv_str(&c, net->nodes[a->route[a->nroute - 1]].id);
        for (k = 0; k < a->nroute; k++)
            efn__buf_printf(&list, "%s%s", k ? " " : "",
                            net->nodes[a->route[k]].id);
        csv_str(&c, list.data ? list.data : "");
        efn__buf_free(&list);
        efn_asset_quantity_get(&v, net, i, EFN_CAPACITY, year);
        csv_num(&c, v);
        efn_asset_quantity_get(&v, net, i, EFN_FLOW, year);
        csv_num(&c, v);
        csv_num(&c, flow ? fm.asset_flow[i] : NAN);
        csv_num(&c, flow ? fm.asset_util[i] : NAN);
        nst = efn_asset_stake_count(net, i, year);
        for (k = 0; k < nst; k++) {
            size_t owner;
            double share;
            numtext t;
            if (efn_asset_stake(&owner, &share, net, i, year, k) == EFN_OK)
                efn__buf_printf(&list, "%s%s=%s", list.len ? ";" : "",
                                net->owners[owner].id, num(&t, share));
        }
        csv_str(&c, list.data ? list.data : "");
        if (list.failed)
            c.b.failed = 1;
        efn__buf_free(&list);
        csv_end(&c);
    }
    flowmap_free(&fm);
    return csv_finish(&c, out);
}

const char *efn_export_flow_table_name(efn_export_flow_table t)
{
    switch (t) {
    case EFN_EXPORT_FLOW_CONSUMERS: return "consumers";
    case EFN_EXPORT_FLOW_SUPPLIERS: return "suppliers";
    case EFN_EXPORT_FLOW_SEGMENTS: return "segments";
    case EFN_EXPORT_FLOW_ASSETS: return "assets";
    case EFN_EXPORT_FLOW_CUT: return "cut";
    default: return NULL;
    }
}

int efn_export_flow_table_parse(efn_export_flow_table *out, const char *name)
{
    int t;
    if (!out || !name)
        return efn__error(EFN_EARG,
                          "efn_export_flow_table_parse: NULL argument");
    for (t = 0; t <= (int)EFN_EXPORT_FLOW_CUT; t++)
        if (strcmp(name,
                   efn_export_flow_table_name((efn_export_flow_table)t)) == 0) {
            *out = (efn_export_flow_table)t;
            return EFN_OK;
        }
    return efn__error(EFN_EINVALID,
                      "unknown flow table '%s'; expected consumers, "
                      "suppliers, segments, assets or cut",
                      name);
}

int efn_export_csv_flow(char **out, const efn_network *net,
                        const efn_flow *flow, efn_export_flow_table table)
{
    static const char fn[] = "efn_export_csv_flow";
    csv c = {{0}, 0};
    efn_commodity commodity;
    const char *unit;
    size_t i, n;
    int rc = EFN_OK;
    CSV_BEGIN(fn, out, net);
    if (!flow)
        return efn__error(EFN_EARG, "%s: flow is NULL", fn);
    if (!efn_export_flow_table_name(table))
        return efn__error(EFN_EARG, "%s: unknown table %d", fn, (int)table);
    commodity = efn_flow_commodity(flow);
    unit = efn_commodity_unit(commodity);
    switch (table) {
    case EFN_EXPORT_FLOW_CONSUMERS:
        put(&c.b, "node,name,country,unit,demand,delivered,unmet,fraction\n");
        n = efn_flow_consumer_count(flow);
        for (i = 0; i < n && rc == EFN_OK; i++) {
            efn_flow_consumer x;
            if ((rc = efn_flow_consumer_get(&x, flow, i)) != EFN_OK)
                break;
            if (x.node >= net->nnodes) {
                rc = not_of(fn, "node", x.node);
                break;
            }
            csv_node_head(&c, net, x.node, unit);
            csv_num(&c, x.demand);
            csv_num(&c, x.delivered);
            csv_num(&c, x.unmet);
            csv_num(&c, x.fraction);
            csv_end(&c);
        }
        break;
    case EFN_EXPORT_FLOW_SUPPLIERS:
        put(&c.b, "node,name,country,unit,supply,injected,spare\n");
        n = efn_flow_supplier_count(flow);
        for (i = 0; i < n; i++) {
            efn_flow_supplier x;
            if ((rc = efn_flow_supplier_get(&x, flow, i)) != EFN_OK)
                break;
            if (x.node >= net->nnodes) {
                rc = not_of(fn, "node", x.node);
                break;
            }
            csv_node_head(&c, net, x.node, unit);
            csv_num(&c, x.supply);
            csv_num(&c, x.injected);
            csv_num(&c, x.spare);
            csv_end(&c);
        }
        break;
    case EFN_EXPORT_FLOW_SEGMENTS:
        put(&c.b, "asset,segment,from,to,unit,capacity,flow,utilisation\n");
        n = efn_flow_segment_count(flow);
        for (i = 0; i < n; i++) {
            efn_flow_segment x;
            if ((rc = efn_flow_segment_get(&x, flow, i)) != EFN_OK)
                break;
            if (!segment_fits(net, commodity, x.asset, x.segment, x.from_node,
                              x.to_node)) {
                rc = not_of(fn, "asset", x.asset);
                break;
            }
            csv_str(&c, net->assets[x.asset].id);
            csv_int(&c, (long)x.segment);
            csv_str(&c, node_id(net, x.from_node));
            csv_str(&c, node_id(net, x.to_node));
            csv_str(&c, unit);
            csv_num(&c, x.capacity);
            csv_num(&c, x.flow);
            csv_num(&c, x.utilisation);
            csv_end(&c);
        }
        break;
    case EFN_EXPORT_FLOW_ASSETS:
        put(&c.b, "asset,name,unit,capacity,flow,utilisation\n");
        n = efn_flow_asset_count(flow);
        for (i = 0; i < n; i++) {
            efn_flow_asset x;
            if ((rc = efn_flow_asset_get(&x, flow, i)) != EFN_OK)
                break;
            if (x.asset >= net->nassets ||
                net->assets[x.asset].commodity != commodity) {
                rc = not_of(fn, "asset", x.asset);
                break;
            }
            csv_str(&c, net->assets[x.asset].id);
            csv_str(&c, net->assets[x.asset].name);
            csv_str(&c, unit);
            csv_num(&c, x.capacity);
            csv_num(&c, x.flow);
            csv_num(&c, x.utilisation);
            csv_end(&c);
        }
        break;
    case EFN_EXPORT_FLOW_CUT:
        put(&c.b, "kind,asset,segment,from,to,node,unit,capacity\n");
        n = efn_flow_cut_count(flow);
        for (i = 0; i < n; i++) {
            efn_cut_item x;
            if ((rc = efn_flow_cut_get(&x, flow, i)) != EFN_OK)
                break;
            if (x.kind == EFN_CUT_SEGMENT) {
                if (!segment_fits(net, commodity, x.asset, x.segment,
                                  x.from_node, x.to_node)) {
                    rc = not_of(fn, "asset", x.asset);
                    break;
                }
                csv_str(&c, "segment");
                csv_str(&c, net->assets[x.asset].id);
                csv_int(&c, (long)x.segment);
                csv_str(&c, node_id(net, x.from_node));
                csv_str(&c, node_id(net, x.to_node));
                csv_str(&c, "");
            } else {
                if (x.node >= net->nnodes) {
                    rc = not_of(fn, "node", x.node);
                    break;
                }
                csv_str(&c, x.kind == EFN_CUT_SUPPLY ? "supply" : "demand");
                csv_str(&c, "");
                csv_str(&c, "");
                csv_str(&c, "");
                csv_str(&c, "");
                csv_str(&c, node_id(net, x.node));
            }
            csv_str(&c, unit);
            csv_num(&c, x.capacity);
            csv_end(&c);
        }
        break;
    }
    if (rc != EFN_OK) {
        efn__buf_free(&c.b);
        return rc;
    }
    return csv_finish(&c, out);
}

static const char *n1_kind_name(efn_n1_kind k)
{
    return k == EFN_N1_ASSET ? "asset" : k == EFN_N1_NODE ? "node" : "country";
}

int efn_export_csv_n1(char **out, const efn_network *net, const efn_n1 *n1)
{
    static const char fn[] = "efn_export_csv_n1";
    csv c = {{0}, 0};
    size_t i, j, ncons, nent;
    double base;
    int rc = EFN_OK;
    CSV_BEGIN(fn, out, net);
    if (!n1)
        return efn__error(EFN_EARG, "%s: n1 is NULL", fn);
    ncons = efn_n1_consumer_count(n1);
    nent = efn_n1_entry_count(n1);
    base = efn_n1_base_total(n1);
    put(&c.b, "rank,kind,id,unit,total_after,loss,loss_fraction,recomputed");
    for (j = 0; j < ncons; j++) {
        size_t node;
        double standalone;
        if ((rc = efn_n1_consumer_get(&node, &standalone, n1, j)) != EFN_OK)
            goto done;
        if (node >= net->nnodes) {
            rc = not_of(fn, "node", node);
            goto done;
        }
        /* Ids hold no comma or quote, so "loss_<id>" needs no quoting. */
        efn__buf_printf(&c.b, ",loss_%s", net->nodes[node].id);
    }
    put(&c.b, "\n");
    for (i = 0; i < nent; i++) {
        efn_n1_entry e;
        if ((rc = efn_n1_entry_get(&e, n1, i)) != EFN_OK)
            goto done;
        csv_int(&c, (long)(i + 1));
        csv_str(&c, n1_kind_name(e.kind));
        csv_str(&c, e.id);
        csv_str(&c, efn_commodity_unit(efn_n1_commodity(n1)));
        csv_num(&c, e.total_after);
        csv_num(&c, e.loss);
        csv_num(&c, base > 0 ? e.loss / base : NAN);
        csv_bool(&c, e.recomputed);
        for (j = 0; j < ncons; j++) {
            double loss;
            if ((rc = efn_n1_consumer_loss(&loss, n1, i, j)) != EFN_OK)
                goto done;
            csv_num(&c, loss);
        }
        csv_end(&c);
    }
done:
    if (rc != EFN_OK) {
        efn__buf_free(&c.b);
        return rc;
    }
    return csv_finish(&c, out);
}

int efn_export_csv_trace(char **out, const efn_network *net,
                         const efn_trace *trace)
{
    static const char fn[] = "efn_export_csv_trace";
    csv c = {{0}, 0};
    const char *unit;
    size_t j, k, ncons, ncountry;
    int rc = EFN_OK;
    CSV_BEGIN(fn, out, net);
    if (!trace)
        return efn__error(EFN_EARG, "%s: trace is NULL", fn);
    unit = efn_commodity_unit(efn_trace_commodity(trace));
    ncons = efn_trace_consumer_count(trace);
    ncountry = efn_trace_country_count(trace);
    put(&c.b, "consumer,consumer_country,consumer_volume,origin_country,unit,"
              "volume,share\n");
    for (j = 0; j < ncons; j++) {
        size_t node;
        double total;
        if ((rc = efn_trace_consumer_get(&node, &total, trace, j)) != EFN_OK)
            break;
        if (node >= net->nnodes) {
            rc = not_of(fn, "node", node);
            break;
        }
        for (k = 0; k < ncountry; k++) {
            double v, share;
            if ((rc = efn_trace_consumer_country(&v, &share, trace, j, k)) !=
                EFN_OK)
                break;
            csv_str(&c, net->nodes[node].id);
            csv_str(&c, net->nodes[node].country);
            csv_num(&c, total);
            csv_str(&c, efn_trace_country(trace, k));
            csv_str(&c, unit);
            csv_num(&c, v);
            csv_num(&c, share);
            csv_end(&c);
        }
        if (rc != EFN_OK)
            break;
    }
    if (rc != EFN_OK) {
        efn__buf_free(&c.b);
        return rc;
    }
    return csv_finish(&c, out);
}

static const char *const dep_kind_names[EFN_DEP_KIND_COUNT] = {
    "supplier",  "transit",    "asset",        "entry",
    "spof_node", "spof_asset", "owner_country"};

int efn_export_csv_dependency(char **out, const efn_network *net,
                              const efn_dependency *dep)
{
    static const char fn[] = "efn_export_csv_dependency";
    csv c = {{0}, 0};
    const char *unit;
    size_t j, i, ncons;
    int k, rc = EFN_OK;
    CSV_BEGIN(fn, out, net);
    if (!dep)
        return efn__error(EFN_EARG, "%s: dependency is NULL", fn);
    unit = efn_commodity_unit(efn_trace_commodity(efn_dependency_trace(dep)));
    ncons = efn_dependency_consumer_count(dep);
    put(&c.b, "consumer,consumer_country,consumer_volume,hhi_origin,"
              "hhi_entry,kind,item_type,item,unit,volume,share\n");
    for (j = 0; j < ncons && rc == EFN_OK; j++) {
        size_t node;
        double vol, hhi_o, hhi_e;
        if ((rc = efn_dependency_consumer_get(&node, &vol, &hhi_o, &hhi_e, dep,
                                              j)) != EFN_OK)
            break;
        if (node >= net->nnodes) {
            rc = not_of(fn, "node", node);
            break;
        }
        for (k = 0; k < EFN_DEP_KIND_COUNT && rc == EFN_OK; k++) {
            size_t n = efn_dependency_item_count(dep, j, (efn_dep_kind)k);
            for (i = 0; i < n; i++) {
                efn_dep_item it;
                const char *type = "", *item = "";
                if ((rc = efn_dependency_item_get(&it, dep, j, (efn_dep_kind)k,
                                                  i)) != EFN_OK)
                    break;
                switch (it.kind) {
                case EFN_DEP_SUPPLIER:
                case EFN_DEP_TRANSIT:
                case EFN_DEP_OWNER_COUNTRY:
                    type = "country";
                    item = it.country ? it.country : "";
                    break;
                case EFN_DEP_SPOF_NODE:
                    if (it.node >= net->nnodes) {
                        rc = not_of(fn, "node", it.node);
                        break;
                    }
                    type = "node";
                    item = net->nodes[it.node].id;
                    break;
                default:
                    if (it.asset == SIZE_MAX) {
                        type = "domestic";
                        item = "";
                    } else if (it.asset >= net->nassets) {
                        rc = not_of(fn, "asset", it.asset);
                        break;
                    } else {
                        type = "asset";
                        item = net->assets[it.asset].id;
                    }
                }
                if (rc != EFN_OK)
                    break;
                csv_str(&c, net->nodes[node].id);
                csv_str(&c, net->nodes[node].country);
                csv_num(&c, vol);
                csv_num(&c, hhi_o);
                csv_num(&c, hhi_e);
                csv_str(&c, dep_kind_names[k]);
                csv_str(&c, type);
                csv_str(&c, item);
                csv_str(&c, unit);
                csv_num(&c, it.volume);
                csv_num(&c, it.share);
                csv_end(&c);
            }
        }
    }
    if (rc != EFN_OK) {
        efn__buf_free(&c.b);
        return rc;
    }
    return csv_finish(&c, out);
}

/* Below this a percentage is rounding noise. */
#define EFN_EXPORT_PCT_EPS 1e-9

int efn_export_csv_ownership(char **out, const efn_network *net,
                             const efn_ownership *own)
{
    static const char fn[] = "efn_export_csv_ownership";
    csv c = {{0}, 0};
    double *direct = NULL;
    size_t o, a, k;
    int year, rc = EFN_OK;
    CSV_BEGIN(fn, out, net);
    if (!own)
        return efn__error(EFN_EARG, "%s: ownership is NULL", fn);
    year = efn__resolve_year(net, efn_ownership_year(own));
    /* Direct stakes, owner-major: a stake listed twice adds up. */
    direct = efn__calloc(net->nowners * net->nassets + 1, sizeof *direct);
    if (!direct)
        return efn__nomem();
    for (a = 0; a < net->nassets; a++) {
        size_t n = efn_asset_stake_count(net, a, year);
        for (k = 0; k < n; k++) {
            size_t owner;
            double share;
            if (efn_asset_stake(&owner, &share, net, a, year, k) == EFN_OK)
                direct[owner * net->nassets + a] += share;
        }
    }
    put(&c.b, "owner,owner_name,owner_country,ultimate,asset,asset_name,"
              "commodity,direct_pct,lookthrough_pct\n");
    for (o = 0; o < net->nowners; o++) {
        const efn__owner *ow = &net->owners[o];
        for (a = 0; a < net->nassets; a++) {
            double d = direct[o * net->nassets + a], lt;
            if ((rc = efn_ownership_interest(&lt, own, o, a)) != EFN_OK) {
                rc = not_of(fn, "owner", o);
                goto done;
            }
            if (d <= EFN_EXPORT_PCT_EPS && lt <= EFN_EXPORT_PCT_EPS)
                continue;
            csv_str(&c, ow->id);
            csv_str(&c, ow->name);
            csv_str(&c, ow->country);
            csv_bool(&c, efn_ownership_is_ultimate(own, o));
            csv_str(&c, net->assets[a].id);
            csv_str(&c, net->assets[a].name);
            csv_str(&c, efn_commodity_name(net->assets[a].commodity));
            csv_num(&c, d);
            csv_num(&c, lt);
            csv_end(&c);
        }
    }
done:
    efn__free(direct);
    if (rc != EFN_OK) {
        efn__buf_free(&c.b);
        return rc;
    }
    return csv_finish(&c, out);
}

/* ---- files -------------------------------------------------------------- */

int efn_export_write(const char *path, const char *text)
{
    char *copy;
    size_t len;
    int rc;
    if (!path || !text)
        return efn__error(EFN_EARG, "efn_export_write: NULL argument");
    len = strlen(text);
    if (len == 0 || text[len - 1] != '\n')
        return efn__write_atomic(path, text);
    /* efn__write_atomic adds the final newline itself. */
    copy = efn__malloc(len);
    if (!copy)
        return efn__nomem();
    memcpy(copy, text, len - 1);
    copy[len - 1] = '\0';
    rc = efn__write_atomic(path, copy);
    efn__free(copy);
    return rc;
}
