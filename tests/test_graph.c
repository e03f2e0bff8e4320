/*
 * The igraph graph of one commodity in one year (tests/data/small.json).
 */
#include <igraph/igraph.h>

#include "check.h"

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/data";
    char path[4096];
    efn_network *net = NULL;
    efn_graph *g = NULL;
    efn_graph_edge e;
    snprintf(path, sizeof path, "%s/small.json", dir);
    CHECK_OK(efn_network_load(&net, path));
    if (!net)
        return check_finish("test_graph");

    /* Gas in 2023: g1 (f1-j1-b1-m1, 3 segments) and grid1 (b1-j1) are
     * active; new1 starts 2025, prop1 is proposed, old1 retired 2010. */
    CHECK_OK(efn_graph_build(&g, net, EFN_GAS, 2023));
    CHECK(efn_graph_vertex_count(g) == 7);
    CHECK(efn_graph_edge_count(g) == 4);
    CHECK(igraph_ecount(efn_graph_igraph(g)) == 4);
    CHECK(igraph_vcount(efn_graph_igraph(g)) == 7);
    CHECK(igraph_is_directed(efn_graph_igraph(g)));
    CHECK_OK(efn_graph_edge_get(&e, g, 2));
    CHECK(e.from_node == check_node(net, "b1") &&
          e.to_node == check_node(net, "m1"));
    CHECK(e.segment == 2 && !e.reverse);
    CHECK_NEAR(e.capacity, 6, 0); /* the segment's own capacity */
    CHECK_OK(efn_graph_edge_get(&e, g, 0));
    CHECK_NEAR(e.capacity, 16, 0);
    {
        igraph_integer_t from, to;
        igraph_edge(efn_graph_igraph(g), 0, &from, &to);
        CHECK((size_t)from == check_node(net, "f1") &&
              (size_t)to == check_node(net, "j1"));
    }
    CHECK_OK(efn_graph_edge_get(&e, g, 3));
    CHECK(isinf(e.capacity)); /* grid1 has no capacity: unbounded */
    CHECK_ERR(efn_graph_edge_get(&e, g, 4), EFN_ENOTFOUND, "out of range");
    CHECK(efn_graph_year(g) == 2023 && efn_graph_commodity(g) == EFN_GAS);
    efn_graph_free(g);

    /* 2025 adds new1 (construction, start 2025); 2000 has old1 and grid1
     * only (g1 starts 2006). */
    CHECK_OK(efn_graph_build(&g, net, EFN_GAS, 2025));
    CHECK(efn_graph_edge_count(g) == 5);
    efn_graph_free(g);
    CHECK_OK(efn_graph_build(&g, net, EFN_GAS, 2000));
    CHECK(efn_graph_edge_count(g) == 2);
    efn_graph_free(g);

    /* Oil: oil1 is bidirectional, o1-j1-t1: each segment then its reverse,
     * one capacity of 1.2 Mb/d = 58.4 Mt/y at 7.5 bbl/t. */
    CHECK_OK(efn_graph_build(&g, net, EFN_OIL, 2023));
    CHECK(efn_graph_edge_count(g) == 4);
    CHECK_OK(efn_graph_edge_get(&e, g, 1));
    CHECK(e.reverse && e.segment == 0);
    CHECK(e.from_node == check_node(net, "j1") &&
          e.to_node == check_node(net, "o1"));
    CHECK_NEAR(e.capacity, 58.4, 1e-12);
    efn_graph_free(g);

    /* Year 0: the network's year. */
    CHECK_OK(efn_graph_build(&g, net, EFN_ELECTRICITY, 0));
    CHECK(efn_graph_edge_count(g) == 1 && efn_graph_year(g) == 2023);
    efn_graph_free(g);

    CHECK_ERR(efn_graph_build(&g, net, (efn_commodity)7, 2023), EFN_EARG,
              "unknown commodity");
    CHECK(g == NULL);
    efn_network_free(net);
    return check_finish("test_graph");
}
