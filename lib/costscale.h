/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * costscale.h: a least-cost flow of a given value by cost scaling, for
 * networks where the network simplex's trees grow deep (long narrow
 * meshes such as GENRMF frames). Exact: the costs must be integers after
 * multiplying by a power of two (efn__cs_cost_scale says which), and the
 * solver then finds an optimum of those costs. No global state: any thread
 * may run it.
 */
#ifndef EFN_COSTSCALE_H
#define EFN_COSTSCALE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The power of two 2^k (k <= 30) that makes every cost[e] * 2^k an integer
 * small enough for the solver's exact integer prices on n vertices, or 0
 * when there is none (then efn__cs_solve does not apply).
 */
double efn__cs_cost_scale(size_t n, size_t m, const double *cost);

/*
 * A flow of value `value` from `source` to `sink` of least cost, on edges
 * tail[e] -> head[e] (e < m, vertices 0..n-1) with capacities `cap` (finite,
 * >= 0) and costs `cost` (>= 0, cost[e] * `scale` an integer, `scale` from
 * efn__cs_cost_scale). `value` must be at most the maximum flow (the
 * maximum flow's value, in practice). `flow` receives m entries in
 * [0, cap[e]]; balances hold to within 1e-12 of the largest capacity at each
 * vertex.
 *
 * Method: cost scaling (A. V. Goldberg and R. E. Tarjan, "Finding
 * minimum-cost circulations by successive approximation", Mathematics of
 * Operations Research 15(3), 1990) with costs multiplied by n + 1 so that
 * 1-optimal is optimal, epsilon divided by 16 a phase, and each phase's
 * refinement by partial augment-relabel (A. V. Goldberg, "An efficient
 * implementation of a scaling minimum-cost flow algorithm", Journal of
 * Algorithms 22(1), 1997; as LEMON's CostScaling, P. Kovacs, Optimization
 * Methods and Software 30, 2015), with global price updates.
 *
 * EFN_ENOMEM; EFN_ERROR when the prices leave their proven bound, which
 * only rounding in the capacities could cause (the caller then falls back
 * to the network simplex).
 */
int efn__cs_solve(size_t n, size_t m, const uint32_t *tail,
                  const uint32_t *head, const double *cap, const double *cost,
                  double scale, size_t source, size_t sink, double value,
                  double *flow);

#endif
