/*
 * efn's own least-cost maximum flows against GLPK's simplex on the same
 * linear program, on thousands of random networks of both families
 * (tests/randnet.h): the network simplex (lib/mcf.c) and cost scaling
 * (lib/costscale.c, given the maximum value, on costs that are multiples
 * of 1/4). The value must match the LP's maximum and the cost the LP's
 * least cost among maximum flows, each to a relative 1e-7; every flow must
 * be feasible. A network worked by hand checks the flows themselves.
 * `--quick` runs fewer networks (valgrind).
 */
#include <stdlib.h>

#include <glpk.h>

#include "check.h"
#include "costscale.h"
#include "flowcore.h"
#include "maxvalue.h"
#include "mcf.h"
#include "randnet.h"

/*
 * The oracle, written as the textbook LP: maximise the net flow out of s,
 * then fix it and minimise the cost. The value is fixed at the smaller of
 * the LP's and ours (`ours`, checked against the LP's separately), so that
 * rounding in the last bits cannot make the second LP infeasible.
 */
static void lp_reference(const net *g, double ours, double *value, double *cost)
{
    glp_prob *p = glp_create_prob();
    glp_smcp parm;
    int *ia = malloc((2 * g->m + 1) * sizeof *ia);
    int *ja = malloc((2 * g->m + 1) * sizeof *ja);
    double *ar = malloc((2 * g->m + 1) * sizeof *ar);
    int nnz = 0, vrow = (int)g->n + 1;
    size_t e, v;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    glp_add_rows(p, (int)g->n + 1);
    glp_add_cols(p, (int)g->m);
    for (v = 0; v < g->n; v++)
        if (v == g->s || v == g->t)
            glp_set_row_bnds(p, (int)v + 1, GLP_FR, 0, 0);
        else
            glp_set_row_bnds(p, (int)v + 1, GLP_FX, 0, 0);
    glp_set_row_bnds(p, vrow, GLP_FR, 0, 0);
    for (e = 0; e < g->m; e++) {
        int col = (int)e + 1;
        glp_set_col_bnds(p, col, g->cap[e] > 0 ? GLP_DB : GLP_FX, 0, g->cap[e]);
        if (g->tail[e] != g->head[e]) {
            ++nnz, ia[nnz] = (int)g->tail[e] + 1, ja[nnz] = col, ar[nnz] = -1;
            ++nnz, ia[nnz] = (int)g->head[e] + 1, ja[nnz] = col, ar[nnz] = 1;
        }
    }
    glp_load_matrix(p, nnz, ia, ja, ar);
    /* The value row, added column by column on top of the node rows. */
    {
        int *ind = malloc((g->m + 1) * sizeof *ind);
        double *val = malloc((g->m + 1) * sizeof *val);
        int k = 0;
        for (e = 0; e < g->m; e++) {
            double sgn = (g->tail[e] == g->s) - (double)(g->head[e] == g->s);
            if (sgn != 0)
                ++k, ind[k] = (int)e + 1, val[k] = sgn;
        }
        glp_set_mat_row(p, vrow, k, ind, val);
        free(ind);
        free(val);
    }
    glp_set_obj_dir(p, GLP_MAX);
    for (e = 0; e < g->m; e++) {
        double sgn = (g->tail[e] == g->s) - (double)(g->head[e] == g->s);
        glp_set_obj_coef(p, (int)e + 1, sgn);
    }
    glp_simplex(p, &parm);
    *value = glp_get_obj_val(p);
    glp_set_row_bnds(p, vrow, GLP_FX, ours < *value ? ours : *value, 0);
    glp_set_obj_dir(p, GLP_MIN);
    for (e = 0; e < g->m; e++)
        glp_set_obj_coef(p, (int)e + 1, g->cost[e]);
    glp_simplex(p, &parm);
    *cost = glp_get_obj_val(p);
    glp_delete_prob(p);
    free(ia);
    free(ja);
    free(ar);
}

/* Cost scaling, given the LP's maximum: the LP's least cost, a feasible
 * flow of that value. */
static int compare_scaling(const net *g, double ref_value, double ref_cost,
                           const char *kind, size_t nr)
{
    static double flow[4096];
    double scale = efn__cs_cost_scale(g->n, g->m, g->cost), sent, sum = 0;
    size_t e;
    int problems = 0;
    if (scale != 4 && scale != 2 && scale != 1) {
        fprintf(stderr, "%s #%zu: cost scale %g for quarters\n", kind, nr,
                scale);
        return 1;
    }
    if (efn__cs_solve(g->n, g->m, g->tail, g->head, g->cap, g->cost, scale,
                      g->s, g->t, ref_value, flow) != EFN_OK) {
        fprintf(stderr, "%s #%zu: cost scaling: %s\n", kind, nr,
                efn_last_error());
        return 1;
    }
    problems += flow_problems(g, flow, kind, nr, &sent);
    for (e = 0; e < g->m; e++)
        sum += flow[e] * g->cost[e];
    if (fabs(sent - ref_value) > 1e-9 * (fabs(ref_value) + 1)) {
        fprintf(stderr, "%s #%zu: cost scaling sends %.17g, LP %.17g\n", kind,
                nr, sent, ref_value);
        problems++;
    }
    if (fabs(sum - ref_cost) > 1e-7 * (fabs(ref_cost) + 1)) {
        fprintf(stderr, "%s #%zu: cost scaling's cost %.17g, LP %.17g\n", kind,
                nr, sum, ref_cost);
        problems++;
    }
    return problems;
}

/* Costs in quarters (the power-of-two scale cost scaling needs), some
 * zero; nothing on super-source and super-sink arcs. */
static void quarter_costs(net *g)
{
    size_t e;
    for (e = 0; e < g->m; e++)
        if (g->tail[e] == g->s || g->head[e] == g->t || below(8) == 0)
            g->cost[e] = 0;
        else
            g->cost[e] = (double)(1 + below(400)) / 4;
}

static int compare(const net *g, efn__mcf *w, const char *kind, size_t nr,
                   int scaling)
{
    static double flow[4096];
    double value = -1, cost = -1, ref_value, ref_cost, sum = 0, scale = 1, sent;
    size_t e;
    int problems = 0;
    if (efn__mcf_init(w, g->n, g->m, g->tail, g->head) != EFN_OK ||
        efn__mcf_solve(w, g->s, g->t, g->cap, g->cost, &value, flow, &cost) !=
            EFN_OK) {
        fprintf(stderr, "%s #%zu: %s\n", kind, nr, efn_last_error());
        efn__mcf_free(w);
        return 1;
    }
    lp_reference(g, value, &ref_value, &ref_cost);
    if (fabs(value - ref_value) > 1e-7 * (fabs(ref_value) + 1)) {
        fprintf(stderr, "%s #%zu: value %.17g, LP %.17g\n", kind, nr, value,
                ref_value);
        problems++;
    }
    if (fabs(cost - ref_cost) > 1e-7 * (fabs(ref_cost) + 1)) {
        fprintf(stderr, "%s #%zu: cost %.17g, LP %.17g\n", kind, nr, cost,
                ref_cost);
        problems++;
    }
    problems += flow_problems(g, flow, kind, nr, &sent);
    for (e = 0; e < g->m; e++) {
        if (g->cap[e] + 1 > scale)
            scale = g->cap[e] + 1;
        sum += flow[e] * g->cost[e];
    }
    if (fabs(sent - value) > 1e-9 * scale) {
        fprintf(stderr, "%s #%zu: source sends %g, value %g\n", kind, nr, sent,
                value);
        problems++;
    }
    if (fabs(sum - cost) > 1e-9 * (fabs(cost) + 1)) {
        fprintf(stderr, "%s #%zu: reported cost %g, flows cost %g\n", kind, nr,
                cost, sum);
        problems++;
    }
    efn__mcf_free(w);
    if (scaling)
        problems += compare_scaling(g, ref_value, ref_cost, kind, nr);
    return problems;
}

/*
 * Worked by hand: the diamond of test_maxflow.c with costs. s=7 feeds s1
 * (0) 10 and s2 (1) 6; d1 (4) and d2 (5) drain 8 and 7 to t=8. Maximum 12
 * (cut b->d2 4, d1->t 8). Costs: a->d1 1, a->b 2, b->d2 1, s2->b 1,
 * b->d1 3, the rest 0. d1 takes 5 from s1 over a->d1 (cost 1 a unit); b
 * must pass on 4 to d2 and 3 to d1: s2 brings 6 to b for 1 a unit, the
 * seventh comes from s1 over a->b for 2. Cost 5 + 6 + 2 + 4 + 9 = 26.
 */
static void test_diamond(void)
{
    enum { S = DIAMOND_S, T = DIAMOND_T };
    uint32_t tail[DIAMOND_M], head[DIAMOND_M];
    double cap[DIAMOND_M];
    double cost[] = {0, 1, 2, 1, 1, 3, 0, 0, 0, 0, 0};
    double want[] = {6, 5, 1, 4, 6, 3, 0, 6, 6, 8, 4};
    double flow[11], value = 0, c = 0;
    efn__mcf w;
    size_t e;
    diamond(tail, head, cap);
    CHECK_OK(efn__mcf_init(&w, 9, 11, tail, head));
    CHECK_OK(efn__mcf_solve(&w, S, T, cap, cost, &value, flow, &c));
    CHECK_NEAR(value, 12, 1e-12);
    CHECK_NEAR(c, 26, 1e-12);
    for (e = 0; e < 11; e++)
        CHECK_NEAR(flow[e], want[e], 1e-12);
    /* Cost scaling, told the value 12, finds the same flows: the optimum
     * is unique (every other way to d1 or d2 costs more). */
    CHECK(efn__cs_cost_scale(9, 11, cost) == 1);
    for (e = 0; e < 11; e++)
        flow[e] = -1;
    CHECK_OK(efn__cs_solve(9, 11, tail, head, cap, cost, 1, S, T, 12, flow));
    for (e = 0; e < 11; e++)
        CHECK_NEAR(flow[e], want[e], 1e-12);
    /* Tenths are no power of two away from integers; quarters are. */
    cost[1] = 0.1;
    CHECK(efn__cs_cost_scale(9, 11, cost) == 0);
    cost[1] = 0.25;
    CHECK(efn__cs_cost_scale(9, 11, cost) == 4);
    cost[1] = 1e300; /* prices would overflow */
    CHECK(efn__cs_cost_scale(9, 11, cost) == 0);
    cost[1] = 1;
    CHECK_ERR(efn__cs_solve(9, 11, tail, head, cap, cost, 1, S, S, 12, flow),
              EFN_EARG, "bad arguments");
    /* Again with b->d2 out: d2 gets nothing, d1 its 8: 5 over a->d1 and 3
     * over b->d1 from s2 (1 + 3 a unit). Cost 5 + 12 = 17. */
    cap[3] = 0;
    CHECK_OK(efn__mcf_solve(&w, S, T, cap, cost, &value, flow, &c));
    CHECK_NEAR(value, 8, 1e-12);
    CHECK_NEAR(c, 17, 1e-12);
    CHECK_NEAR(flow[4], 3, 1e-12);
    CHECK_NEAR(flow[2], 0, 1e-12);
    /* No costs: any maximum flow, cost 0. */
    CHECK_OK(efn__mcf_solve(&w, S, T, cap, NULL, &value, flow, &c));
    CHECK_NEAR(value, 8, 1e-12);
    CHECK_NEAR(c, 0, 0);
    /* Bad arguments. */
    CHECK_ERR(efn__mcf_solve(&w, S, S, cap, cost, &value, flow, NULL), EFN_EARG,
              "bad source");
    cap[0] = -1;
    CHECK_ERR(efn__mcf_solve(&w, S, T, cap, cost, &value, flow, NULL), EFN_EARG,
              "edge 0: capacity");
    cap[0] = INFINITY;
    CHECK_ERR(efn__mcf_solve(&w, S, T, cap, cost, &value, flow, NULL), EFN_EARG,
              "edge 0: capacity");
    cap[0] = 9;
    cost[1] = NAN;
    CHECK_ERR(efn__mcf_solve(&w, S, T, cap, cost, &value, flow, NULL), EFN_EARG,
              "edge 1: cost");
    efn__mcf_free(&w);
    efn__mcf_free(&w);
    tail[0] = 9;
    CHECK_ERR(efn__mcf_init(&w, 9, 11, tail, head), EFN_EARG, "out of range");
}

/*
 * The graph of tests/data/flow_ladder.json, bare: src 0, a1..a11 1..11,
 * b1..b11 12..22, dst 23, super-source 24, super-sink 25; lines a (cost 1 a
 * segment) and b (2), capacity 5 each, supply and demand 8. Every
 * augmenting path runs 14 arcs, so the probe's mean is 14, beyond
 * EFN_SCALING_PATHS: efn_flow_run allocates it by cost scaling
 * (test_flow.c checks its flows: 5 on a, 3 on b). By hand: cost 132.
 */
static void test_ladder(void)
{
    uint32_t tail[26], head[26];
    size_t e, m = 0, i;
    double cap[26], cost[26], flow[26], sum = 0;
    efn__mv mv;
    for (i = 0; i < 2; i++) {
        size_t base = 1 + 11 * i, k;
        for (k = 0; k < 12; k++) {
            tail[m] = k == 0 ? 0 : base + k - 1;
            head[m] = k == 11 ? 23 : base + k;
            cap[m] = 5;
            cost[m] = (double)(i + 1);
            m++;
        }
    }
    tail[m] = 24, head[m] = 0, cap[m] = 8, cost[m] = 0, m++;
    tail[m] = 23, head[m] = 25, cap[m] = 8, cost[m] = 0, m++;
    CHECK_OK(efn__mv_init(&mv, 26, m, tail, head, NULL));
    CHECK_OK(efn__mv_probe(&mv, 24, 25, cap));
    CHECK_NEAR(mv.path_mean, 14, 0);
    CHECK(mv.path_mean > EFN_SCALING_PATHS);
    efn__mv_free(&mv);
    CHECK_OK(efn__cs_solve(26, m, tail, head, cap, cost, 1, 24, 25, 8, flow));
    for (e = 0; e < m; e++)
        sum += flow[e] * cost[e];
    CHECK_NEAR(sum, 132, 1e-9);
    CHECK_NEAR(flow[0], 5, 1e-12);
    CHECK_NEAR(flow[12], 3, 1e-12);
}

int main(int argc, char **argv)
{
    static net g;
    efn__mcf w;
    size_t i, rounds = 3000, frames = 1000;
    int problems = 0;
    glp_term_out(GLP_OFF);
    if (argc > 1 && strcmp(argv[argc - 1], "--quick") == 0) {
        rounds = 200;
        frames = 60;
    }
    test_diamond();
    test_ladder();
    for (i = 0; i < rounds; i++) {
        pipeline_net(&g);
        random_costs(&g);
        problems += compare(&g, &w, "pipeline", i, 0);
        quarter_costs(&g);
        problems += compare(&g, &w, "pipeline, quarters", i, 1);
    }
    for (i = 0; i < frames; i++) {
        genrmf_net(&g);
        random_costs(&g);
        problems += compare(&g, &w, "genrmf", i, 0);
        quarter_costs(&g);
        problems += compare(&g, &w, "genrmf, quarters", i, 1);
    }
    printf("mcf: %zu pipeline and %zu GENRMF networks, each with two cost "
           "sets; %d problems\n",
           rounds, frames, problems);
    CHECK(problems == 0);
    glp_free_env();
    return check_finish("mcf");
}
