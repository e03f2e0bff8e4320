/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * mcf.c: least-cost maximum flow by the primal network simplex on plain
 * arrays, safe to run on any thread with its own workspace.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "mcf.h"

/* No vertex or arc; tree fields are 32-bit (efn__mcf_init refuses larger
 * graphs). */
#define NONE ((size_t)UINT32_MAX)

enum { AT_LOWER = 1, AT_UPPER = -1, IN_TREE = 0, FIXED = 2 };

void efn__mcf_free(efn__mcf *w)
{
    efn__free(w->zero);
    efn__free(w->state);
    efn__free(w->nd);
    efn__free(w->pi);
    memset(w, 0, sizeof *w);
}

int efn__mcf_init(efn__mcf *w, size_t n, size_t m, const uint32_t *tail,
                  const uint32_t *head)
{
    size_t e, na, nv;
    memset(w, 0, sizeof *w);
    if (n < 2 || (m && (!tail || !head)))
        return efn__error(EFN_EARG, "least-cost flow: fewer than two vertices");
    for (e = 0; e < m; e++)
        if (tail[e] >= n || head[e] >= n)
            return efn__error(
                EFN_EARG, "least-cost flow: edge %zu has an end out of range",
                e);
    if (m > SIZE_MAX / 16 - n - 1 || n > SIZE_MAX / 16)
        return efn__nomem();
    if (n >= UINT32_MAX || m + 1 + n >= (size_t)1 << 31)
        return efn__error(EFN_EARG, "least-cost flow: graph too large");
    na = m + 1 + n;
    nv = n + 1;
    w->n = n;
    w->m = m;
    w->narcs = na;
    w->tail = tail;
    w->head = head;
    w->state = efn__malloc(na * sizeof *w->state);
    w->nd = efn__malloc(nv * sizeof *w->nd);
    w->pi = efn__malloc(nv * sizeof *w->pi);
    if (!w->state || !w->nd || !w->pi) {
        efn__mcf_free(w);
        return efn__nomem();
    }
    return EFN_OK;
}

/* ---- the arcs ------------------------------------------------------------ */

/* Arc e: an edge (e < m), the return edge (m), or the artificial edge of
 * vertex e - m - 1 to the root. */
static uint32_t arc_tail(const efn__mcf *w, size_t e)
{
    return e < w->m    ? w->tail[e]
           : e == w->m ? w->rtail
                       : (uint32_t)(e - w->m - 1);
}

static uint32_t arc_head(const efn__mcf *w, size_t e)
{
    return e < w->m ? w->head[e] : e == w->m ? w->rhead : (uint32_t)w->n;
}

static double arc_cost(const efn__mcf *w, size_t e)
{
    return e < w->m ? w->cost[e] : e == w->m ? w->rcost : 0;
}

static double arc_cap(const efn__mcf *w, size_t e)
{
    if (e < w->m)
        return w->cap[e] == INFINITY ? w->inf_cap : w->cap[e];
    return e == w->m ? w->rcap : INFINITY;
}

static double arc_flow(const efn__mcf *w, size_t e)
{
    return e < w->m ? w->flow[e] : e == w->m ? w->rflow : 0;
}

/* An artificial edge's flow stays 0 (efn__mcf), so it is not stored. */
static void set_flow(efn__mcf *w, size_t e, double f)
{
    if (e < w->m)
        w->flow[e] = f;
    else if (e == w->m)
        w->rflow = f;
}

/* ---- the spanning tree --------------------------------------------------- */

static void detach(efn__mcf *w, size_t x)
{
    size_t p = w->nd[x].parent;
    if (w->nd[x].prev != NONE)
        w->nd[w->nd[x].prev].next = w->nd[x].next;
    else
        w->nd[p].child = w->nd[x].next;
    if (w->nd[x].next != NONE)
        w->nd[w->nd[x].next].prev = w->nd[x].prev;
}

static void attach(efn__mcf *w, size_t x, size_t p)
{
    w->nd[x].parent = (uint32_t)p;
    w->nd[x].prev = (uint32_t)NONE;
    w->nd[x].next = w->nd[p].child;
    if (w->nd[p].child != NONE)
        w->nd[w->nd[p].child].prev = (uint32_t)x;
    w->nd[p].child = (uint32_t)x;
}

/* Every vertex hangs from the root n by its artificial edge, at zero. */
static void initial_tree(efn__mcf *w)
{
    size_t v, root = w->n;
    w->nd[root].parent = (uint32_t)NONE;
    w->nd[root].pred = 0; /* none: never read */
    w->nd[root].size = (uint32_t)(w->n + 1);
    w->pi[root] = 0;
    w->nd[root].child = (uint32_t)NONE;
    w->nd[root].next = (uint32_t)NONE;
    w->nd[root].prev = (uint32_t)NONE;
    for (v = 0; v < w->n; v++) {
        w->nd[v].child = (uint32_t)NONE;
        w->nd[v].pred = (uint32_t)(w->m + 1 + v) & 0x7fffffffu;
        w->nd[v].pred_up = 1;
        w->nd[v].size = 1;
        w->pi[v] = 0;
        attach(w, v, root);
    }
}

/* Adds sigma to the potential of every vertex under x (x included),
 * leaving out the subtree of `skip` (NONE: none). */
static void shift(efn__mcf *w, size_t x, size_t skip, double sigma)
{
    size_t top = x;
    for (;;) {
        w->pi[x] += sigma;
        if (w->nd[x].child != NONE) {
            x = w->nd[x].child;
            if (x != skip)
                continue;
        } else if (x == top)
            return;
        /* Next in preorder: a later sibling, or one of an ancestor's. */
        for (;;) {
            while (x != top && w->nd[x].next == NONE)
                x = w->nd[x].parent;
            if (x == top)
                return;
            x = w->nd[x].next;
            if (x != skip)
                break;
        }
    }
}

/*
 * Hangs the subtree of u_out, re-rooted at u_in, from v_in by edge `in`,
 * and restores zero reduced cost on `in` by shifting the potentials of the
 * smaller side. Subtree sizes change only on the stem (u_in .. u_out) and
 * on the paths from v_out and v_in up to the join vertex.
 */
static void retree(efn__mcf *w, size_t in, size_t u_in, size_t v_in,
                   size_t u_out, size_t join)
{
    size_t x = u_in, new_parent = v_in, carry_pred = in, moved, v_out, u;
    size_t below = 0, old_below = 0;
    signed char carry_up = arc_tail(w, in) == u_in;
    double target, sigma;
    moved = w->nd[u_out].size;
    v_out = w->nd[u_out].parent;
    for (u = v_out; u != join; u = w->nd[u].parent)
        w->nd[u].size = (uint32_t)(w->nd[u].size - moved);
    for (;;) {
        size_t old_parent = w->nd[x].parent, old_pred = w->nd[x].pred;
        size_t old_size = w->nd[x].size;
        signed char old_up = w->nd[x].pred_up;
        detach(w, x);
        attach(w, x, new_parent);
        w->nd[x].pred = (uint32_t)carry_pred & 0x7fffffffu;
        w->nd[x].pred_up = carry_up ? 1u : 0u;
        /* x keeps what hung from it, less the stem below it, plus the
         * stem above it (now its subtree): filled in on the way back. */
        w->nd[x].size = (uint32_t)(old_size - old_below);
        old_below = old_size;
        if (x == u_out)
            break;
        new_parent = x;
        carry_pred = old_pred;
        carry_up = (signed char)!old_up;
        x = old_parent;
    }
    /* Sizes along the stem, from u_out (now the deepest) back to u_in. */
    for (x = u_out;; x = w->nd[x].parent) {
        w->nd[x].size = (uint32_t)(w->nd[x].size + below);
        below = w->nd[x].size;
        if (x == u_in)
            break;
    }
    for (u = v_in; u != join; u = w->nd[u].parent)
        w->nd[u].size = (uint32_t)(w->nd[u].size + moved);
    target = arc_tail(w, in) == u_in ? w->pi[v_in] - arc_cost(w, in)
                                     : w->pi[v_in] + arc_cost(w, in);
    sigma = target - w->pi[u_in];
    if (2 * moved <= w->n + 1)
        shift(w, u_in, NONE, sigma);
    else
        shift(w, w->n, u_in, -sigma); /* everything else, the other way */
}

/* ---- pivots -------------------------------------------------------------- */

/* The most violating of arcs [e, end), all of one kind, into *best. */
static void scan(const efn__mcf *w, size_t e, size_t end, size_t *best,
                 double *best_v)
{
    const signed char *state = w->state;
    const double *pi = w->pi;
    double bv = *best_v;
    size_t b = *best;
    if (end <= w->m) {
        const uint32_t *tail = w->tail, *head = w->head;
        const double *cost = w->cost;
        for (; e < end; e++) {
            signed char s = state[e];
            if (s == AT_LOWER || s == AT_UPPER) {
                double v = s * (cost[e] + pi[tail[e]] - pi[head[e]]);
                if (v < bv) {
                    bv = v;
                    b = e;
                }
            }
        }
    } else if (e == w->m) {
        signed char s = state[e];
        if (s == AT_LOWER || s == AT_UPPER) {
            double v = s * (w->rcost + pi[w->rtail] - pi[w->rhead]);
            if (v < bv) {
                bv = v;
                b = e;
            }
        }
    } else {
        /* artificial: cost 0, never at an upper bound */
        double root = pi[w->n];
        for (; e < end; e++)
            if (state[e] == AT_LOWER) {
                double v = pi[e - w->m - 1] - root;
                if (v < bv) {
                    bv = v;
                    b = e;
                }
            }
    }
    *best = b;
    *best_v = bv;
}

/* Block search: the most violating edge of the first block that has one,
 * the block scanned kind by kind (edges, the return edge, artificial). */
static size_t entering(const efn__mcf *w, size_t *cursor, size_t block,
                       double eps)
{
    size_t e = *cursor, best = NONE, left = w->narcs, na = w->narcs;
    double best_v = -eps;
    while (left > 0) {
        size_t todo = block < left ? block : left;
        left -= todo;
        while (todo > 0) {
            size_t end = e < w->m ? w->m : e == w->m ? e + 1 : na, len;
            len = end - e < todo ? end - e : todo;
            scan(w, e, e + len, &best, &best_v);
            todo -= len;
            if ((e += len) == na)
                e = 0;
        }
        if (best != NONE)
            break;
    }
    *cursor = e;
    return best;
}

/* The lowest common ancestor: a vertex's subtree is larger than any of
 * its descendants', so the smaller side climbs. */
static size_t join_of(const efn__mcf *w, size_t a, size_t b)
{
    while (a != b) {
        if (w->nd[a].size < w->nd[b].size)
            a = w->nd[a].parent;
        else
            b = w->nd[b].parent;
    }
    return a;
}

static double room(double cap, double flow)
{
    double d = cap - flow;
    return d > 0 ? d : 0;
}

/* Adds f to arc e's flow. */
static void add_flow(efn__mcf *w, size_t e, double f)
{
    set_flow(w, e, arc_flow(w, e) + f);
}

/* One pivot on entering edge `in`. EFN_ERROR if the cycle is unbounded. */
static int pivot(efn__mcf *w, size_t in)
{
    size_t first, second, join, u, u_out = NONE, lv;
    size_t t_in = arc_tail(w, in), h_in = arc_head(w, in);
    double delta, val;
    int side = 0, at_zero;
    if (w->state[in] == AT_LOWER) {
        first = t_in;
        second = h_in;
    } else {
        first = h_in;
        second = t_in;
    }
    join = join_of(w, first, second);
    delta = arc_cap(w, in);
    /* The strongly feasible choice: the last blocking edge met going round
     * the cycle from the join vertex in the cycle's direction. */
    for (u = first; u != join; u = w->nd[u].parent) {
        size_t e = w->nd[u].pred;
        double f = arc_flow(w, e);
        double d = w->nd[u].pred_up ? (f > 0 ? f : 0) : room(arc_cap(w, e), f);
        if (d < delta) {
            delta = d;
            u_out = u;
            side = 1;
        }
    }
    for (u = second; u != join; u = w->nd[u].parent) {
        size_t e = w->nd[u].pred;
        double f = arc_flow(w, e);
        double d = w->nd[u].pred_up ? room(arc_cap(w, e), f) : (f > 0 ? f : 0);
        if (d <= delta) {
            delta = d;
            u_out = u;
            side = 2;
        }
    }
    if (isinf(delta))
        return efn__error(EFN_ERROR, "least-cost flow: unbounded cycle");
    if (delta > 0) {
        val = w->state[in] * delta;
        add_flow(w, in, val);
        for (u = t_in; u != join; u = w->nd[u].parent)
            add_flow(w, w->nd[u].pred, w->nd[u].pred_up ? -val : val);
        for (u = h_in; u != join; u = w->nd[u].parent)
            add_flow(w, w->nd[u].pred, w->nd[u].pred_up ? val : -val);
    }
    if (side == 0) {
        /* The entering edge itself blocks: it goes to its other bound. */
        if (w->state[in] == AT_LOWER) {
            set_flow(w, in, arc_cap(w, in));
            w->state[in] = AT_UPPER;
        } else {
            set_flow(w, in, 0);
            w->state[in] = AT_LOWER;
        }
        return EFN_OK;
    }
    lv = w->nd[u_out].pred;
    at_zero = side == 1 ? w->nd[u_out].pred_up : !w->nd[u_out].pred_up;
    set_flow(w, lv, at_zero ? 0 : arc_cap(w, lv));
    w->state[lv] = at_zero ? AT_LOWER : AT_UPPER;
    w->state[in] = IN_TREE;
    if (side == 1)
        retree(w, in, first, second, u_out, join);
    else
        retree(w, in, second, first, u_out, join);
    return EFN_OK;
}

int efn__mcf_solve(efn__mcf *w, size_t source, size_t sink, const double *cap,
                   const double *cost, double *value, double *flow,
                   double *cost_out)
{
    size_t e, m = w->m, ret = w->m, cursor = 0, block, in;
    double csum = 0, out_s = 0, in_t = 0, eps, total = 0;
    int rc = EFN_OK;
    if (source >= w->n || sink >= w->n || source == sink)
        return efn__error(EFN_EARG, "least-cost flow: bad source or sink");
    for (e = 0; e < m; e++) {
        if (!(isfinite(cap[e]) || (w->inf_cap > 0 && cap[e] == INFINITY)) ||
            cap[e] < 0)
            return efn__error(
                EFN_EARG, "least-cost flow: edge %zu: capacity %g", e, cap[e]);
        if (cost && (!isfinite(cost[e]) || cost[e] < 0))
            return efn__error(EFN_EARG, "least-cost flow: edge %zu: cost %g", e,
                              cost[e]);
    }
    if (!cost) {
        if (!w->zero && !(w->zero = efn__calloc(m ? m : 1, sizeof *w->zero)))
            return efn__nomem();
        cost = w->zero;
    }
    w->cap = cap;
    w->cost = cost;
    w->flow = flow;
    for (e = 0; e < m; e++) {
        double c = arc_cap(w, e);
        flow[e] = 0;
        w->state[e] = c > 0 && w->tail[e] != w->head[e] ? AT_LOWER : FIXED;
        csum += cost[e];
        if (w->tail[e] == source && w->head[e] != source)
            out_s += c;
        if (w->head[e] == sink && w->tail[e] != sink)
            in_t += c;
    }
    /* The return edge: a bound on any flow, and a profit above the cost of
     * any path. */
    w->rtail = (uint32_t)sink;
    w->rhead = (uint32_t)source;
    w->rcap = out_s < in_t ? out_s : in_t;
    w->rcost = -(csum + 1);
    w->rflow = 0;
    w->state[ret] = w->rcap > 0 ? AT_LOWER : FIXED;
    for (e = m + 1; e < w->narcs; e++)
        w->state[e] = IN_TREE;
    initial_tree(w);
    /* Reduced costs are sums of terms up to csum + 1: tolerate rounding at
     * that scale. */
    eps = (csum + 1) * 1e-12;
    block = (size_t)sqrt((double)w->narcs);
    if (block < 10)
        block = 10;
    w->pivots = 0;
    while ((in = entering(w, &cursor, block, eps)) != NONE) {
        if ((rc = pivot(w, in)) != EFN_OK)
            break;
        /* Strongly feasible trees cannot cycle in exact arithmetic; this
         * bound (far above any count seen) guards against rounding. */
        if (++w->pivots > 1000 * (w->narcs + 1000)) {
            rc = efn__error(EFN_ERROR,
                            "least-cost flow: no optimum after %zu pivots",
                            w->pivots);
            break;
        }
    }
    w->cap = w->cost = NULL;
    w->flow = NULL;
    if (rc != EFN_OK)
        return rc;
    for (e = 0; e < m; e++) {
        double f = flow[e];
        if (f < 0)
            f = 0;
        if (f > cap[e])
            f = cap[e];
        flow[e] = f;
        total += f * cost[e];
    }
    *value = w->rflow > 0 ? w->rflow : 0;
    if (cost_out)
        *cost_out = total;
    return EFN_OK;
}
