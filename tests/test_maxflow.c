/*
 * efn's own maximum flows against igraph's on thousands of random
 * networks: sparse pipeline-like graphs with super-source and super-sink
 * arcs, bidirectional pairs, zero and huge capacities, parallel edges and
 * self-loops; and GENRMF-style frames (Goldfarb and Grigoriadis, "A
 * computational comparison of the Dinic and network simplex methods for
 * maximum flow", Annals of OR 13, 1988).
 *
 * - lib/maxflow.c (Dinic, with its flow): every value must match igraph's
 *   to a relative 1e-9, every flow must be feasible, every cut must carry
 *   the flow's value and be igraph's, edge for edge.
 * - lib/maxvalue.c (the value alone): the same value and cut four ways
 *   (search trees alone, push-relabel alone, the default hand-over, a
 *   hand-over at a random point), with and without opposite edges sharing
 *   arcs; and N-1 removals from a kept flow against from-scratch solves.
 *
 * `--quick` runs fewer networks (valgrind).
 */
#include <stdint.h>
#include <stdlib.h>

#include <igraph/igraph.h>

#include "check.h"
#include "maxflow.h"
#include "maxvalue.h"
#include "randnet.h"

/* igraph's maximum flow value, and its minimum cut as flags in `cut`. */
static double igraph_value(const net *g, unsigned char *cut)
{
    igraph_t ig;
    igraph_vector_int_t ev, cutv;
    igraph_vector_t cv;
    igraph_real_t v = -1, v2 = -1;
    size_t e;
    igraph_vector_int_init(&ev, (igraph_integer_t)(2 * g->m));
    igraph_vector_int_init(&cutv, 0);
    igraph_vector_init(&cv, (igraph_integer_t)g->m);
    for (e = 0; e < g->m; e++) {
        VECTOR(ev)[2 * e] = (igraph_integer_t)g->tail[e];
        VECTOR(ev)[2 * e + 1] = (igraph_integer_t)g->head[e];
        VECTOR(cv)[e] = g->cap[e];
    }
    igraph_create(&ig, &ev, (igraph_integer_t)g->n, IGRAPH_DIRECTED);
    igraph_maxflow_value(&ig, &v, (igraph_integer_t)g->s,
                         (igraph_integer_t)g->t, &cv, NULL);
    igraph_maxflow(&ig, &v2, NULL, &cutv, NULL, NULL, (igraph_integer_t)g->s,
                   (igraph_integer_t)g->t, &cv, NULL);
    memset(cut, 0, g->m);
    for (e = 0; e < (size_t)igraph_vector_int_size(&cutv); e++)
        cut[VECTOR(cutv)[e]] = 1;
    igraph_destroy(&ig);
    igraph_vector_destroy(&cv);
    igraph_vector_int_destroy(&cutv);
    igraph_vector_int_destroy(&ev);
    return v;
}

/* One network: value against igraph, feasibility, cut capacity. Returns
 * the number of problems found. */
static int compare(const net *g, efn__mf *mf, const char *kind, size_t nr)
{
    static double flow[4096];
    static unsigned char cut[4096], igcut[4096];
    double value = -1, ref, cutcap = 0, sent;
    size_t e;
    int problems = 0;
    if (efn__mf_init(mf, g->n, g->m, g->tail, g->head) != EFN_OK ||
        efn__mf_solve(mf, g->s, g->t, g->cap, &value, flow, cut) != EFN_OK) {
        fprintf(stderr, "%s #%zu: %s\n", kind, nr, efn_last_error());
        efn__mf_free(mf);
        return 1;
    }
    ref = igraph_value(g, igcut);
    if (!close_rel(value, ref)) {
        fprintf(stderr, "%s #%zu: value %.17g, igraph %.17g\n", kind, nr, value,
                ref);
        problems++;
    }
    problems += flow_problems(g, flow, kind, nr, &sent);
    if (!close_rel(sent, value)) {
        fprintf(stderr, "%s #%zu: source sends %.17g, value %.17g\n", kind, nr,
                sent, value);
        problems++;
    }
    for (e = 0; e < g->m; e++)
        if (cut[e])
            cutcap += g->cap[e];
    /* The sink side of a minimum cut that is reached backwards from the
     * sink in the residual graph is the same for every maximum flow, so
     * the cut must be igraph's edge for edge. */
    for (e = 0; e < g->m; e++)
        if (cut[e] != igcut[e]) {
            fprintf(stderr, "%s #%zu: edge %zu %s the cut, %s igraph's\n", kind,
                    nr, e, cut[e] ? "on" : "not on",
                    igcut[e] ? "on" : "not on");
            problems++;
            break;
        }
    if (!close_rel(cutcap, value)) {
        fprintf(stderr, "%s #%zu: cut capacity %.17g, flow %.17g\n", kind, nr,
                cutcap, value);
        problems++;
    }
    efn__mf_free(mf);
    return problems;
}

/* efn__mv (lib/maxvalue.c) on the same network: its value and cut must be
 * igraph's whichever method finishes: the default (search trees, handing
 * over on long paths or when out of budget), search trees alone (an
 * unbounded budget), push-relabel alone (budget 0) and a hand-over at a
 * random point, so that push-relabel starts from a partial flow. */
/* Pairs every edge that has an opposite one not yet taken, whatever the
 * two capacities (efn__mv_init's `pair`). */
static void make_pairs(const net *g, long *pair)
{
    size_t e, f;
    for (e = 0; e < g->m; e++)
        pair[e] = -1;
    for (e = 0; e < g->m; e++)
        for (f = e + 1; pair[e] < 0 && f < g->m; f++)
            if (pair[f] < 0 && g->tail[f] == g->head[e] &&
                g->head[f] == g->tail[e] && g->tail[e] != g->head[e]) {
                pair[e] = (long)f;
                pair[f] = (long)e;
            }
}

static int compare_value(const net *g, const char *kind, size_t nr, int paired)
{
    static unsigned char cut[4096], igcut[4096];
    static long pair[4096];
    double ref = igraph_value(g, igcut);
    size_t e, budgets[4];
    int problems = 0, k;
    efn__mv mv;
    make_pairs(g, pair);
    if (efn__mv_init(&mv, g->n, g->m, g->tail, g->head, paired ? pair : NULL) !=
        EFN_OK) {
        fprintf(stderr, "%s #%zu: %s\n", kind, nr, efn_last_error());
        return 1;
    }
    budgets[0] = mv.budget;
    budgets[1] = SIZE_MAX;
    budgets[2] = 0;
    budgets[3] = 1 + below(4 * g->m + 1);
    for (k = 0; k < 4; k++) {
        double value = -1, cutcap = 0;
        mv.budget = budgets[k];
        if (efn__mv_solve(&mv, g->s, g->t, g->cap, &value, cut) != EFN_OK) {
            fprintf(stderr, "%s #%zu: %s\n", kind, nr, efn_last_error());
            problems++;
            continue;
        }
        if (!close_rel(value, ref)) {
            fprintf(stderr,
                    "%s #%zu (budget %d, method %d): value %.17g, igraph "
                    "%.17g\n",
                    kind, nr, k, mv.method, value, ref);
            problems++;
        }
        for (e = 0; e < g->m; e++) {
            if (cut[e])
                cutcap += g->cap[e];
            if (cut[e] != igcut[e]) {
                fprintf(stderr,
                        "%s #%zu (budget %d): edge %zu %s the cut, %s "
                        "igraph's\n",
                        kind, nr, k, e, cut[e] ? "on" : "not on",
                        igcut[e] ? "on" : "not on");
                problems++;
                break;
            }
        }
        if (!close_rel(cutcap, value)) {
            fprintf(stderr, "%s #%zu: cut capacity %.17g, value %.17g\n", kind,
                    nr, cutcap, value);
            problems++;
        }
        /* which method finished must follow from the budget */
        if ((k == 1 && mv.method != 1) || (k == 2 && mv.method != 2)) {
            fprintf(stderr, "%s #%zu: budget %d finished by method %d\n", kind,
                    nr, k, mv.method);
            problems++;
        }
    }
    efn__mv_free(&mv);
    return problems;
}

/* Worked by hand: the diamond of tests/data/flow_diamond.json as a bare
 * graph. s=7 feeds s1 (0) 10 and s2 (1) 6; d1 (4) and d2 (5) drain 8 and 7
 * to t=8. Maximum 12, cut {b->d2, d1->t}. */
static void test_diamond(void)
{
    enum { S = DIAMOND_S, T = DIAMOND_T };
    uint32_t tail[DIAMOND_M], head[DIAMOND_M];
    double cap[DIAMOND_M];
    double flow[11], value = 0;
    unsigned char cut[11];
    efn__mf mf;
    size_t e, ncut = 0;
    diamond(tail, head, cap);
    CHECK_OK(efn__mf_init(&mf, 9, 11, tail, head));
    CHECK_OK(efn__mf_solve(&mf, S, T, cap, &value, flow, cut));
    CHECK_NEAR(value, 12, 0);
    for (e = 0; e < 11; e++)
        ncut += cut[e];
    CHECK(ncut == 2);
    CHECK(cut[3] == 1);        /* b -> d2 */
    CHECK(cut[9] == 1);        /* d1 -> t */
    CHECK_NEAR(flow[6], 0, 0); /* the dead end */
    /* Solving again with other capacities reuses the workspace. */
    cap[3] = 0;
    CHECK_OK(efn__mf_solve(&mf, S, T, cap, &value, NULL, NULL));
    CHECK_NEAR(value, 8, 0);
    /* Bad arguments. */
    CHECK_ERR(efn__mf_solve(&mf, S, S, cap, &value, NULL, NULL), EFN_EARG,
              "bad source");
    cap[0] = -1;
    CHECK_ERR(efn__mf_solve(&mf, S, T, cap, &value, NULL, NULL), EFN_EARG,
              "capacity of edge 0");
    cap[0] = INFINITY;
    CHECK_ERR(efn__mf_solve(&mf, S, T, cap, &value, NULL, NULL), EFN_EARG,
              "capacity of edge 0");
    efn__mf_free(&mf);
    efn__mf_free(&mf); /* a freed workspace frees again harmlessly */
    tail[0] = 9;
    CHECK_ERR(efn__mf_init(&mf, 9, 11, tail, head), EFN_EARG, "out of range");
}

/* The same diamond by value, each method alone: 12, cut {b->d2, d1->t};
 * 8 without b->d2. */
static void test_diamond_value(void)
{
    enum { S = DIAMOND_S, T = DIAMOND_T };
    uint32_t tail[DIAMOND_M], head[DIAMOND_M];
    double cap[DIAMOND_M];
    double value = 0;
    unsigned char cut[11];
    efn__mv mv;
    size_t e, ncut, budget[] = {SIZE_MAX, 0};
    int k;
    long pair[11] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
    diamond(tail, head, cap);
    CHECK_OK(efn__mv_init(&mv, 9, 11, tail, head, NULL));
    for (k = 0; k < 2; k++) {
        mv.budget = budget[k];
        cap[3] = 4;
        CHECK_OK(efn__mv_solve(&mv, S, T, cap, &value, cut));
        CHECK(mv.method == k + 1);
        CHECK_NEAR(value, 12, 0);
        for (e = 0, ncut = 0; e < 11; e++)
            ncut += cut[e];
        CHECK(ncut == 2 && cut[3] == 1 && cut[9] == 1);
        cap[3] = 0;
        CHECK_OK(efn__mv_solve(&mv, S, T, cap, &value, NULL));
        CHECK_NEAR(value, 8, 0);
    }
    CHECK_ERR(efn__mv_solve(&mv, T, T, cap, &value, NULL), EFN_EARG,
              "bad source");
    cap[0] = NAN;
    CHECK_ERR(efn__mv_solve(&mv, S, T, cap, &value, NULL), EFN_EARG,
              "capacity of edge 0");
    efn__mv_free(&mv);
    efn__mv_free(&mv);
    tail[0] = 9;
    CHECK_ERR(efn__mv_init(&mv, 9, 11, tail, head, NULL), EFN_EARG,
              "out of range");
    tail[0] = 0; /* s1 again */
    pair[0] = 1; /* s1 -> a and a -> d1 are not opposite */
    pair[1] = 0;
    CHECK_ERR(efn__mv_init(&mv, 9, 11, tail, head, pair), EFN_EARG,
              "not its opposite");
}

/* No edges, or a sink nothing reaches: 0, and an empty cut. */
static void test_trivial(void)
{
    uint32_t tail[] = {0, 1}, head[] = {1, 0};
    double cap[] = {3, 4}, value = -1;
    unsigned char cut[2] = {9, 9};
    efn__mf mf;
    CHECK_OK(efn__mf_init(&mf, 3, 0, NULL, NULL));
    CHECK_OK(efn__mf_solve(&mf, 0, 2, cap, &value, NULL, NULL));
    CHECK_NEAR(value, 0, 0);
    efn__mf_free(&mf);
    CHECK_OK(efn__mf_init(&mf, 3, 2, tail, head));
    CHECK_OK(efn__mf_solve(&mf, 0, 2, cap, &value, NULL, cut));
    CHECK_NEAR(value, 0, 0);
    CHECK(cut[0] == 0 && cut[1] == 0);
    efn__mf_free(&mf);
}

/*
 * Removals from a kept maximum flow (efn__mv_without on a Dinic flow)
 * against solving from scratch with the removed edges at zero: one edge, a
 * run of edges (an asset), every edge at a vertex (a node). With `paired`,
 * opposite edges share arcs and removing an edge removes its pair. Returns
 * the number of problems.
 */
static int compare_without(const net *g, efn__mf *mf, const char *kind,
                           size_t nr, int paired)
{
    static double cap[4096], flow[4096];
    static size_t list[4096];
    static long pair[4096];
    double base = 0, fresh = 0, fast = 0;
    size_t trial, e, n;
    int problems = 0;
    efn__mf ref;
    efn__mv mv;
    memset(&mv, 0, sizeof mv);
    make_pairs(g, pair);
    if (efn__mf_init(mf, g->n, g->m, g->tail, g->head) != EFN_OK ||
        efn__mf_solve(mf, g->s, g->t, g->cap, &base, flow, NULL) != EFN_OK ||
        efn__mf_init(&ref, g->n, g->m, g->tail, g->head) != EFN_OK ||
        efn__mv_init(&mv, g->n, g->m, g->tail, g->head, paired ? pair : NULL) !=
            EFN_OK ||
        efn__mv_keep(&mv, g->s, g->t, g->cap, flow, base) != EFN_OK) {
        fprintf(stderr, "%s #%zu: %s\n", kind, nr, efn_last_error());
        efn__mf_free(mf);
        efn__mv_free(&mv);
        return 1;
    }
    for (trial = 0; trial < 6 && g->m; trial++) {
        n = 0;
        if (trial < 2) {
            list[n++] = below(g->m);
        } else if (trial < 4) {
            size_t first = below(g->m), len = 1 + below(6);
            for (e = first; e < g->m && e < first + len; e++)
                list[n++] = e;
        } else {
            size_t v = below(g->n);
            for (e = 0; e < g->m; e++)
                if (g->tail[e] == v || g->head[e] == v)
                    list[n++] = e;
        }
        memcpy(cap, g->cap, g->m * sizeof *cap);
        for (e = 0; e < n; e++) {
            cap[list[e]] = 0;
            if (paired && pair[list[e]] >= 0)
                cap[pair[list[e]]] = 0;
        }
        if (efn__mf_solve(&ref, g->s, g->t, cap, &fresh, NULL, NULL) !=
                EFN_OK ||
            efn__mv_without(&mv, list, n, &fast) != EFN_OK) {
            fprintf(stderr, "%s #%zu: %s\n", kind, nr, efn_last_error());
            problems++;
            continue;
        }
        if (fabs(fast - fresh) > 1e-9 * (fabs(fresh) > 1 ? fabs(fresh) : 1)) {
            fprintf(stderr,
                    "%s #%zu trial %zu: without %zu edges %.17g, from "
                    "scratch %.17g\n",
                    kind, nr, trial, n, fast, fresh);
            problems++;
        }
    }
    /* The kept flow is back: nothing removed gives the base value. */
    if (efn__mv_without(&mv, list, 0, &fast) != EFN_OK || fast != base) {
        fprintf(stderr, "%s #%zu: kept flow not restored\n", kind, nr);
        problems++;
    }
    efn__mf_free(&ref);
    efn__mf_free(mf);
    efn__mv_free(&mv);
    return problems;
}

int main(int argc, char **argv)
{
    static net g;
    efn__mf mf;
    size_t i, rounds = 3000, frames = 1000;
    int problems = 0;
    if (argc > 1 && strcmp(argv[argc - 1], "--quick") == 0) {
        rounds = 200;
        frames = 60;
    }
    test_diamond();
    test_diamond_value();
    test_trivial();
    for (i = 0; i < rounds; i++) {
        pipeline_net(&g);
        problems += compare(&g, &mf, "pipeline", i);
    }
    for (i = 0; i < frames; i++) {
        genrmf_net(&g);
        problems += compare(&g, &mf, "genrmf", i);
    }
    for (i = 0; i < rounds; i++) {
        pipeline_net(&g);
        problems += compare_value(&g, "pipeline value", i, 0);
        problems += compare_value(&g, "pipeline value, paired", i, 1);
    }
    for (i = 0; i < frames; i++) {
        genrmf_net(&g);
        problems += compare_value(&g, "genrmf value", i, 0);
        problems += compare_value(&g, "genrmf value, paired", i, 1);
    }
    for (i = 0; i < rounds; i++) {
        pipeline_net(&g);
        problems += compare_without(&g, &mf, "pipeline removal", i, 0);
        problems += compare_without(&g, &mf, "pipeline removal, paired", i, 1);
    }
    for (i = 0; i < frames; i++) {
        genrmf_net(&g);
        problems += compare_without(&g, &mf, "genrmf removal", i, 0);
        problems += compare_without(&g, &mf, "genrmf removal, paired", i, 1);
    }
    printf("maxflow: %zu pipeline and %zu GENRMF networks, each solved, "
           "solved by value (4 ways, with and without opposite edges sharing "
           "arcs) and with 6 removals (with and without pairs), %d problems\n",
           rounds, frames, problems);
    CHECK(problems == 0);
    return check_finish("maxflow");
}
