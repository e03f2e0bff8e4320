/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * graph.c: the igraph graph of one commodity in one year.
 */
#include <math.h>
#include <string.h>

#include <igraph/igraph.h>

#include "model.h"

struct efn_graph {
    igraph_t g;
    int has_graph;
    size_t nvertices, nedges;
    efn_graph_edge *edges;
    efn_commodity commodity;
    int year;
};

static int route_enabled(const efn_network *net, const efn__asset *a)
{
    size_t k;
    for (k = 0; k < a->nroute; k++)
        if (!net->nodes[a->route[k]].enabled)
            return 0;
    return 1;
}

int efn_graph_build(efn_graph **out, const efn_network *net,
                    efn_commodity commodity, int year)
{
    efn_graph *g = NULL;
    igraph_vector_int_t ev;
    size_t i, s, n = 0, e = 0;
    int rc = EFN_OK, have_ev = 0, locked = 0;
    if (!out)
        return efn__error(EFN_EARG, "efn_graph_build: out is NULL");
    *out = NULL;
    if (!net)
        return efn__error(EFN_EARG, "efn_graph_build: net is NULL");
    if ((unsigned)commodity >= EFN_COMMODITY_COUNT)
        return efn__error(EFN_EARG, "efn_graph_build: unknown commodity %d",
                          (int)commodity);
    efn__install_handlers();
    year = efn__resolve_year(net, year);
    for (i = 0; i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        if (a->commodity == commodity && efn_asset_is_active(net, i, year) &&
            route_enabled(net, a))
            n += (a->nroute - 1) * (a->bidirectional ? 2 : 1);
    }
    g = efn__calloc(1, sizeof *g);
    if (!g)
        return efn__nomem();
    g->commodity = commodity;
    g->year = year;
    g->nvertices = net->nnodes;
    g->edges = efn__calloc(n, sizeof *g->edges);
    if (!g->edges) {
        rc = efn__nomem();
        goto done;
    }
    efn__lock();
    locked = 1;
    if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * n)) !=
        IGRAPH_SUCCESS) {
        rc = efn__nomem();
        goto done;
    }
    have_ev = 1;
    for (i = 0; i < net->nassets; i++) {
        const efn__asset *a = &net->assets[i];
        if (a->commodity != commodity || !efn_asset_is_active(net, i, year) ||
            !route_enabled(net, a))
            continue;
        for (s = 0; s + 1 < a->nroute; s++) {
            int dir;
            double cap = efn__segment_value(net, i, s, EFN_CAPACITY, year);
            for (dir = 0; dir < (a->bidirectional ? 2 : 1); dir++) {
                efn_graph_edge *ed = &g->edges[e];
                ed->asset = i;
                ed->segment = s;
                ed->reverse = dir;
                ed->from_node = dir ? a->route[s + 1] : a->route[s];
                ed->to_node = dir ? a->route[s] : a->route[s + 1];
                ed->capacity = cap;
                VECTOR(ev)[2 * e] = (igraph_integer_t)ed->from_node;
                VECTOR(ev)[2 * e + 1] = (igraph_integer_t)ed->to_node;
                e++;
            }
        }
    }
    g->nedges = e;
    if (igraph_create(&g->g, &ev, (igraph_integer_t)net->nnodes,
                      IGRAPH_DIRECTED) != IGRAPH_SUCCESS) {
        rc = efn__error(EFN_ERROR, "igraph_create failed for %zu edges", e);
        goto done;
    }
    g->has_graph = 1;
done:
    if (have_ev)
        igraph_vector_int_destroy(&ev);
    if (locked)
        efn__unlock();
    if (rc != EFN_OK) {
        efn_graph_free(g);
        return rc;
    }
    *out = g;
    return EFN_OK;
}

void efn_graph_free(efn_graph *g)
{
    if (!g)
        return;
    if (g->has_graph) {
        efn__lock();
        igraph_destroy(&g->g);
        efn__unlock();
    }
    efn__free(g->edges);
    efn__free(g);
}

const struct igraph_s *efn_graph_igraph(const efn_graph *g)
{
    return g ? &g->g : NULL;
}

size_t efn_graph_vertex_count(const efn_graph *g)
{
    return g ? g->nvertices : 0;
}

size_t efn_graph_edge_count(const efn_graph *g)
{
    return g ? g->nedges : 0;
}

int efn_graph_edge_get(efn_graph_edge *out, const efn_graph *g, size_t e)
{
    if (!out || !g)
        return efn__error(EFN_EARG, "efn_graph_edge_get: NULL argument");
    if (e >= g->nedges)
        return efn__error(EFN_ENOTFOUND, "edge %zu out of range (%zu edges)", e,
                          g->nedges);
    *out = g->edges[e];
    return EFN_OK;
}

efn_commodity efn_graph_commodity(const efn_graph *g)
{
    return g ? g->commodity : EFN_GAS;
}

int efn_graph_year(const efn_graph *g)
{
    return g ? g->year : 0;
}
