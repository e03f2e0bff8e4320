/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * randnet.h: random flow networks for the solver tests (test_maxflow.c,
 * test_mcf.c): sparse pipeline-like graphs with super-source and
 * super-sink arcs, bidirectional pairs, zero and huge capacities, parallel
 * edges and self-loops; and GENRMF-style frames (Goldfarb and Grigoriadis,
 * "A computational comparison of the Dinic and network simplex methods for
 * maximum flow", Annals of OR 13, 1988).
 */
#ifndef EFN_TEST_RANDNET_H
#define EFN_TEST_RANDNET_H

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

/* A small generator of our own (xorshift64*), so the networks are the same
 * on every platform. */
static uint64_t rng_state = UINT64_C(0x2545F4914F6CDD1D);

static inline uint64_t next_u64(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static inline size_t below(size_t n)
{
    return (size_t)(next_u64() % n);
}

static inline double uniform(void)
{
    return (double)(next_u64() >> 11) * (1.0 / 9007199254740992.0);
}

typedef struct net {
    size_t n, m, s, t;
    uint32_t tail[4096], head[4096];
    double cap[4096];
    double cost[4096]; /* per unit; set by random_costs() */
} net;

static inline void add_edge(net *g, size_t u, size_t v, double c)
{
    if (g->m >= 4096)
        return;
    g->tail[g->m] = (uint32_t)u;
    g->head[g->m] = (uint32_t)v;
    g->cap[g->m] = c;
    g->m++;
}

/* A capacity as pipelines have them: mostly round figures, some fractions,
 * some zero (an outage), a few huge (an unbounded connector). */
static inline double pipe_cap(void)
{
    size_t kind = below(20);
    if (kind == 0)
        return 0;
    if (kind == 1)
        return 1e6;
    if (kind < 10)
        return (double)(1 + below(40));
    return 0.5 + 40 * uniform();
}

/* Nodes 0..k-1, then s = k, t = k + 1: a random tree in flow order, extra
 * edges, some bidirectional; suppliers fed by s, consumers drained to t. */
static inline void pipeline_net(net *g)
{
    size_t k = 3 + below(28), i, extra;
    g->n = k + 2;
    g->m = 0;
    g->s = k;
    g->t = k + 1;
    for (i = 1; i < k; i++) {
        size_t p = below(i);
        double c = pipe_cap();
        add_edge(g, p, i, c);
        if (below(5) == 0)
            add_edge(g, i, p, c); /* bidirectional: one capacity each way */
    }
    extra = below(k + 1);
    for (i = 0; i < extra; i++) {
        size_t u = below(k), v = below(k);
        add_edge(g, u, v, pipe_cap()); /* parallel edges, self-loops too */
    }
    for (i = 0; i < k; i++) {
        if (below(3) == 0)
            add_edge(g, g->s, i, 1 + 30 * uniform());
        if (below(3) == 0)
            add_edge(g, i, g->t, 1 + 30 * uniform());
    }
    if (below(10) == 0)
        add_edge(g, g->t, 0, 5); /* an edge out of the sink */
    if (below(10) == 0)
        add_edge(g, 0, g->s, 5); /* an edge into the source */
}

/* GENRMF: b frames of a x a grids; inside a frame every neighbour pair is
 * joined both ways with capacity c2 a^2; each vertex of frame f feeds a
 * vertex of frame f + 1 chosen by a random permutation, with a capacity
 * drawn from [c1, c2]. Source: the first vertex of the first frame; sink:
 * the last vertex of the last frame. */
static inline void genrmf_net(net *g)
{
    size_t a = 2 + below(3), b = 2 + below(4), f, x, y, i;
    size_t aa = a * a, perm[16];
    double c1 = 1, c2 = 1 + (double)below(100);
    g->n = aa * b;
    g->m = 0;
    g->s = 0;
    g->t = g->n - 1;
    for (f = 0; f < b; f++) {
        for (x = 0; x < a; x++)
            for (y = 0; y < a; y++) {
                size_t v = f * aa + x * a + y;
                if (x + 1 < a) {
                    add_edge(g, v, v + a, c2 * (double)aa);
                    add_edge(g, v + a, v, c2 * (double)aa);
                }
                if (y + 1 < a) {
                    add_edge(g, v, v + 1, c2 * (double)aa);
                    add_edge(g, v + 1, v, c2 * (double)aa);
                }
            }
        if (f + 1 == b)
            break;
        for (i = 0; i < aa; i++)
            perm[i] = i;
        for (i = aa - 1; i > 0; i--) {
            size_t j = below(i + 1), tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        for (i = 0; i < aa; i++)
            add_edge(g, f * aa + i, (f + 1) * aa + perm[i],
                     (double)(c1 + (double)below((size_t)(c2 - c1) + 1)));
    }
}

/* Costs as efn gives them: a length per segment (some zero), the same both
 * ways; nothing on super-source and super-sink arcs. */
static inline void random_costs(net *g)
{
    size_t e;
    for (e = 0; e < g->m; e++) {
        if (g->tail[e] == g->s || g->head[e] == g->t)
            g->cost[e] = 0;
        else if (below(8) == 0)
            g->cost[e] = 0;
        else if (below(2) == 0)
            g->cost[e] = (double)(1 + below(20));
        else
            g->cost[e] = 100 * uniform();
    }
}

static inline int close_rel(double a, double b)
{
    double scale = fabs(b) > 1 ? fabs(b) : 1;
    return fabs(a - b) <= 1e-9 * scale;
}

/* The problems with `flow` on g, each reported on stderr after
 * "kind #nr": an edge's flow outside [0, its capacity], a vertex other
 * than s and t out of balance by more than 1e-9 of (the largest capacity
 * + 1). *sent: the net flow out of s. */
static inline int flow_problems(const net *g, const double *flow,
                                const char *kind, size_t nr, double *sent)
{
    static double balance[4096];
    double scale = 1;
    size_t e, v;
    int problems = 0;
    for (v = 0; v < g->n; v++)
        balance[v] = 0;
    for (e = 0; e < g->m; e++) {
        if (g->cap[e] + 1 > scale)
            scale = g->cap[e] + 1;
        if (flow[e] < 0 || flow[e] > g->cap[e]) {
            fprintf(stderr, "%s #%zu: flow %g on edge %zu of capacity %g\n",
                    kind, nr, flow[e], e, g->cap[e]);
            problems++;
        }
        balance[g->tail[e]] -= flow[e];
        balance[g->head[e]] += flow[e];
    }
    for (v = 0; v < g->n; v++)
        if (v != g->s && v != g->t && fabs(balance[v]) > 1e-9 * scale) {
            fprintf(stderr, "%s #%zu: vertex %zu out of balance by %g\n", kind,
                    nr, v, balance[v]);
            problems++;
        }
    *sent = -balance[g->s];
    return problems;
}

/* The diamond of tests/data/flow_diamond.json as a bare graph, worked by
 * hand in test_maxflow.c and test_mcf.c: vertices s1 0, s2 1, a 2, b 3,
 * d1 4, d2 5, x 6 (a dead end), the super-source DIAMOND_S and the
 * super-sink DIAMOND_T; edges s1->a 9, a->d1 5, a->b 6, b->d2 4, s2->b 10,
 * b->d1 10, b->x 5, s->s1 10, s->s2 6, d1->t 8, d2->t 7, in that order. */
enum { DIAMOND_S = 7, DIAMOND_T = 8, DIAMOND_N = 9, DIAMOND_M = 11 };

static inline void diamond(uint32_t *tail, uint32_t *head, double *cap)
{
    static const uint32_t t0[DIAMOND_M] = {0, 2, 2, 3, 1, 3, 3, 7, 7, 4, 5};
    static const uint32_t h0[DIAMOND_M] = {2, 4, 3, 5, 3, 4, 6, 0, 1, 8, 8};
    static const double c0[DIAMOND_M] = {9, 5, 6, 4, 10, 10, 5, 10, 6, 8, 7};
    memcpy(tail, t0, sizeof t0);
    memcpy(head, h0, sizeof h0);
    memcpy(cap, c0, sizeof c0);
}

#endif
