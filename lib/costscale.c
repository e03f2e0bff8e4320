/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * costscale.c: a least-cost flow of a given value by cost scaling with
 * partial augment-relabel and global price updates. See costscale.h.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "costscale.h"
#include "internal.h"

#define NONE UINT32_MAX
#define ALPHA 16       /* epsilon's divisor from one phase to the next */
#define PATH_MAX_LEN 4 /* partial augment-relabel: arcs a path may grow */
#define REL_EPS                                                                \
    1e-12 /* excess up to this share of the largest capacity                   \
             is none (rounding), as in maxvalue.c */

typedef struct cs_arc {
    int64_t cost;  /* scaled by (n + 1); the reverse arc's is its negative */
    double res;    /* residual capacity */
    uint32_t to;   /* the vertex it enters */
    uint32_t twin; /* the reverse arc */
} cs_arc;

typedef struct cs {
    uint32_t n;
    uint32_t *first; /* n + 1 */
    cs_arc *arc;     /* 2m */
    uint32_t *pos;   /* m: edge e's forward arc */
    int64_t *pi;     /* n: prices */
    int64_t *pstart; /* n: prices when the phase began */
    double *excess;  /* n */
    uint32_t *cur;   /* n: current arcs */
    uint32_t *queue; /* n: active vertices, first in first out */
    uint32_t qhead, qlen;
    unsigned char *inq;      /* n: in the queue */
    uint32_t *path;          /* PATH_MAX_LEN + 2: vertices of a partial path */
    uint32_t *rank;          /* n: global update */
    uint32_t *bucket;        /* max_rank + 1: global update */
    uint32_t *bnext, *bprev; /* n: global update */
    uint32_t max_rank;
    uint32_t *order;     /* n: price refinement: a topological order */
    unsigned char *mark; /* n: price refinement: 1 on the path, 2 done */
    int64_t eps, bound;  /* the phase's epsilon; the drop it allows */
    double tol;
} cs;

static void cs_free(cs *c)
{
    efn__free(c->first);
    efn__free(c->arc);
    efn__free(c->pos);
    efn__free(c->pi);
    efn__free(c->pstart);
    efn__free(c->excess);
    efn__free(c->cur);
    efn__free(c->queue);
    efn__free(c->inq);
    efn__free(c->path);
    efn__free(c->rank);
    efn__free(c->bucket);
    efn__free(c->bnext);
    efn__free(c->bprev);
    efn__free(c->order);
    efn__free(c->mark);
}

/* The largest cost that keeps prices exact: costs are multiplied by n + 1,
 * a phase lowers a price by at most (ALPHA + 2)(n + 1) epsilon (the bound
 * efn__cs_solve checks), and the epsilons sum below twice the largest
 * cost: 2^62 / (64 (n + 1)^2) leaves room. */
static double cost_limit(size_t n)
{
    double n1 = (double)n + 1;
    return ldexp(1.0, 62) / (64 * n1 * n1);
}

double efn__cs_cost_scale(size_t n, size_t m, const double *cost)
{
    double scale = 1, limit = cost_limit(n), top = 0;
    size_t e;
    int k;
    for (e = 0; e < m; e++) {
        if (!(cost[e] >= 0) || isinf(cost[e]))
            return 0;
        if (cost[e] > top)
            top = cost[e];
    }
    for (k = 0; k <= 30; k++, scale *= 2) {
        if (top * scale > limit)
            return 0;
        for (e = 0; e < m; e++) {
            double c = cost[e] * scale;
            if (c != floor(c))
                break;
        }
        if (e == m)
            return scale;
    }
    return 0;
}

static int cs_init(cs *c, size_t n, size_t m, const uint32_t *tail,
                   const uint32_t *head)
{
    size_t e, v;
    memset(c, 0, sizeof *c);
    if (n >= NONE / ALPHA - 2 || m >= NONE / 2)
        return efn__error(EFN_EARG, "least-cost flow: graph too large");
    c->n = (uint32_t)n;
    c->max_rank = (uint32_t)(ALPHA * n);
    c->first = efn__calloc(n + 1, sizeof *c->first);
    c->arc = efn__malloc((2 * m + 1) * sizeof *c->arc);
    c->pos = efn__malloc((m + 1) * sizeof *c->pos);
    c->pi = efn__calloc(n, sizeof *c->pi);
    c->pstart = efn__malloc(n * sizeof *c->pstart);
    c->excess = efn__calloc(n, sizeof *c->excess);
    c->cur = efn__malloc(n * sizeof *c->cur);
    c->queue = efn__malloc(n * sizeof *c->queue);
    c->inq = efn__calloc(n, 1);
    c->path = efn__malloc((PATH_MAX_LEN + 2) * sizeof *c->path);
    c->rank = efn__malloc(n * sizeof *c->rank);
    c->bucket = efn__malloc(((size_t)c->max_rank + 1) * sizeof *c->bucket);
    c->bnext = efn__malloc(n * sizeof *c->bnext);
    c->bprev = efn__malloc(n * sizeof *c->bprev);
    c->order = efn__malloc(n * sizeof *c->order);
    c->mark = efn__malloc(n);
    if (!c->first || !c->arc || !c->pos || !c->pi || !c->pstart || !c->excess ||
        !c->cur || !c->queue || !c->inq || !c->path || !c->rank || !c->bucket ||
        !c->bnext || !c->bprev) {
        cs_free(c);
        return efn__nomem();
    }
    /* Arcs grouped by the vertex they leave: count, then place. */
    for (e = 0; e < m; e++) {
        c->first[tail[e] + 1]++;
        c->first[head[e] + 1]++;
    }
    for (v = 0; v < n; v++)
        c->first[v + 1] += c->first[v];
    memcpy(c->cur, c->first, n * sizeof *c->cur);
    for (e = 0; e < m; e++) {
        uint32_t a = c->cur[tail[e]]++, b = c->cur[head[e]]++;
        c->arc[a].to = (uint32_t)head[e];
        c->arc[a].twin = b;
        c->arc[b].to = (uint32_t)tail[e];
        c->arc[b].twin = a;
        c->pos[e] = a;
    }
    return EFN_OK;
}

static int64_t reduced(const cs *c, uint32_t u, const cs_arc *a)
{
    return a->cost + c->pi[u] - c->pi[a->to];
}

static void activate(cs *c, uint32_t v)
{
    uint32_t at = c->qhead + c->qlen;
    if (c->inq[v])
        return;
    c->inq[v] = 1;
    if (at >= c->n)
        at -= c->n;
    c->queue[at] = v;
    c->qlen++;
}

/* Moves `delta` along arc k out of u. */
static void push(cs *c, uint32_t u, uint32_t k, double delta)
{
    cs_arc *a = &c->arc[k];
    double before = c->excess[a->to];
    a->res -= delta;
    c->arc[a->twin].res += delta;
    c->excess[u] -= delta;
    c->excess[a->to] += delta;
    if (before <= c->tol && c->excess[a->to] > c->tol)
        activate(c, a->to);
}

/* Lowers u's price so that its cheapest residual arc becomes admissible
 * (reduced cost -epsilon). `back` (or NONE) is an arc that is about to
 * become residual: the reverse of the path arc into u. */
static int relabel(cs *c, uint32_t u, uint32_t back)
{
    int64_t best = INT64_MAX;
    uint32_t k;
    for (k = c->first[u]; k < c->first[u + 1]; k++)
        if (c->arc[k].res > 0) {
            int64_t rc = reduced(c, u, &c->arc[k]);
            if (rc < best)
                best = rc;
        }
    if (back != NONE) {
        int64_t rc = reduced(c, u, &c->arc[back]);
        if (rc < best)
            best = rc;
    }
    if (best == INT64_MAX)
        return -1; /* nowhere to go: only rounding can cause this */
    c->pi[u] -= best + c->eps;
    c->cur[u] = c->first[u];
    /* A vertex with excess has a residual path to a deficit, whose price
     * no phase changes: its price cannot fall further than the bound. */
    return c->excess[u] > c->tol && c->pstart[u] - c->pi[u] > c->bound ? -1 : 0;
}

/* The buckets of vertices by rank, doubly linked lists: v out of bucket
 * `from`, and in at the head of bucket `to`. */
static void bucket_out(cs *c, uint32_t v, uint32_t from)
{
    if (c->bprev[v] != NONE)
        c->bnext[c->bprev[v]] = c->bnext[v];
    else
        c->bucket[from] = c->bnext[v];
    if (c->bnext[v] != NONE)
        c->bprev[c->bnext[v]] = c->bprev[v];
}

static void bucket_in(cs *c, uint32_t v, uint32_t to)
{
    c->bnext[v] = c->bucket[to];
    c->bprev[v] = NONE;
    if (c->bucket[to] != NONE)
        c->bprev[c->bucket[to]] = v;
    c->bucket[to] = v;
}

/*
 * Global price update: ranks every vertex by its distance, in multiples of
 * epsilon, from the vertices with a deficit in the residual network
 * (a bucket-based Dijkstra), then lowers each price by its rank times
 * epsilon. Equivalent to a series of relabels; makes the admissible arcs
 * point towards the deficits.
 */
static int global_update(cs *c)
{
    uint32_t n = c->n, u, r, left = 0; /* active vertices not ranked */
    for (r = 0; r <= c->max_rank; r++)
        c->bucket[r] = NONE;
    for (u = 0; u < n; u++) {
        if (c->excess[u] < -c->tol) {
            c->rank[u] = 0;
            bucket_in(c, u, 0);
        } else {
            if (c->excess[u] > c->tol)
                left++;
            c->rank[u] = c->max_rank;
        }
    }
    if (!left)
        return 0;
    for (r = 0; r < c->max_rank && left; r++) {
        while (c->bucket[r] != NONE && left) {
            uint32_t k;
            u = c->bucket[r];
            c->bucket[r] = c->bnext[u];
            if (c->bnext[u] != NONE)
                c->bprev[c->bnext[u]] = NONE;
            for (k = c->first[u]; k < c->first[u + 1]; k++) {
                const cs_arc *ra = &c->arc[c->arc[k].twin];
                uint32_t v = c->arc[k].to, old = c->rank[v], nr;
                int64_t q, rcv;
                if (ra->res <= 0 || r >= old)
                    continue;
                /* The arc's length in epsilons: 1 + floor(rc / epsilon),
                 * 0 for an admissible arc (rc in [-epsilon, 0)), so that
                 * lowering prices by ranks keeps epsilon-optimality. */
                rcv = reduced(c, v, ra);
                q = rcv >= 0 ? rcv / c->eps + 1 : 0;
                if (q >= (int64_t)c->max_rank)
                    continue;
                nr = r + (uint32_t)q;
                if (nr >= old)
                    continue;
                if (old < c->max_rank)
                    bucket_out(c, v, old);
                c->rank[v] = nr;
                bucket_in(c, v, nr);
            }
            if (c->excess[u] > c->tol)
                left--;
        }
        if (!left)
            break;
    }
    for (u = 0; u < n; u++) {
        uint32_t k = c->rank[u] < r ? c->rank[u] : r;
        if (k > 0) {
            c->pi[u] -= c->eps * (int64_t)k;
            c->cur[u] = c->first[u];
            if (c->excess[u] > c->tol && c->pstart[u] - c->pi[u] > c->bound)
                return -1;
        }
    }
    return 0;
}

/*
 * Orders the vertices topologically along the admissible arcs (residual,
 * negative reduced cost) into c->order, by depth-first search with an
 * explicit path (c->queue) and c->cur as the arc cursors. 0 when the
 * admissible arcs hold a cycle (prices cannot then make the flow
 * epsilon-optimal without changing it), else 1.
 */
static int admissible_order(cs *c)
{
    uint32_t n = c->n, start, done = 0, *path = c->queue;
    memset(c->mark, 0, n);
    for (start = 0; start < n; start++) {
        uint32_t len = 0;
        if (c->mark[start])
            continue;
        path[len++] = start;
        c->mark[start] = 1;
        c->cur[start] = c->first[start];
        while (len) {
            uint32_t u = path[len - 1], k = c->cur[u], end = c->first[u + 1];
            for (; k < end; k++) {
                const cs_arc *a = &c->arc[k];
                if (a->res > 0 && reduced(c, u, a) < 0) {
                    if (c->mark[a->to] == 1)
                        return 0; /* a cycle */
                    if (c->mark[a->to] == 0)
                        break;
                }
            }
            c->cur[u] = k;
            if (k < end) {
                uint32_t v = c->arc[k].to;
                c->mark[v] = 1;
                c->cur[v] = c->first[v];
                path[len++] = v;
                continue;
            }
            c->mark[u] = 2;
            c->order[n - 1 - done++] = u; /* finished last, ordered first */
            len--;
        }
    }
    return 1;
}

/*
 * Price refinement (Goldberg 1997, section 5): before a phase, tries to
 * make the current flow epsilon-optimal by changing prices alone, which
 * saves the whole phase when it succeeds. Each round ranks the vertices by
 * the largest violation, in epsilons, along admissible paths into them,
 * then lowers each price by its rank times epsilon, first raising ranks
 * along residual arcs out of high-ranked vertices so that no arc becomes
 * violated. 1 when the flow is epsilon-optimal (all ranks 0), 0 when a
 * cycle of admissible arcs (or the round limit) calls for the phase.
 */
static int price_refine(cs *c)
{
    uint32_t n = c->n, round, i, u, top, r;
    for (round = 0; round < 8; round++) {
        int64_t over;
        if (!admissible_order(c))
            return 0;
        for (u = 0; u < n; u++)
            c->rank[u] = 0;
        top = 0;
        for (i = 0; i < n; i++) {
            uint32_t k;
            u = c->order[i];
            for (k = c->first[u]; k < c->first[u + 1]; k++) {
                const cs_arc *a = &c->arc[k];
                int64_t rc;
                if (a->res <= 0 || (rc = reduced(c, u, a)) >= 0)
                    continue;
                /* violation: ceil(-rc / eps) - 1 epsilons beyond -eps */
                over = (-rc - 1) / c->eps;
                if (over >= (int64_t)c->max_rank)
                    return 0;
                if (c->rank[u] + (uint32_t)over > c->rank[a->to]) {
                    c->rank[a->to] = c->rank[u] + (uint32_t)over;
                    if (c->rank[a->to] >= c->max_rank)
                        return 0;
                }
            }
            if (c->rank[u] > top)
                top = c->rank[u];
        }
        if (top == 0)
            return 1;
        for (r = 0; r <= top; r++)
            c->bucket[r] = NONE;
        for (u = 0; u < n; u++)
            if (c->rank[u] > 0)
                bucket_in(c, u, c->rank[u]);
        for (r = top; r > 0; r--) {
            while ((u = c->bucket[r]) != NONE) {
                uint32_t k;
                c->bucket[r] = c->bnext[u];
                if (c->bnext[u] != NONE)
                    c->bprev[c->bnext[u]] = NONE;
                for (k = c->first[u]; k < c->first[u + 1]; k++) {
                    const cs_arc *a = &c->arc[k];
                    uint32_t v = a->to, old = c->rank[v], nr;
                    int64_t rc;
                    if (a->res <= 0 || old >= r)
                        continue;
                    /* After u falls r epsilons and v old ones, the arc
                     * must keep a reduced cost of at least -epsilon. */
                    rc = reduced(c, u, a);
                    if (rc < 0)
                        nr = r;
                    else if (rc / c->eps < (int64_t)r - 1)
                        nr = r - 1 - (uint32_t)(rc / c->eps);
                    else
                        continue;
                    if (nr <= old)
                        continue;
                    if (old > 0)
                        bucket_out(c, v, old);
                    c->rank[v] = nr;
                    bucket_in(c, v, nr);
                }
                c->pi[u] -= (int64_t)r * c->eps;
            }
        }
    }
    return 0;
}

/* One phase: makes the pseudo-flow epsilon-optimal by saturating every
 * arc of negative reduced cost, then sends every excess to the deficits
 * along admissible paths of up to PATH_MAX_LEN arcs. */
static int refine(cs *c)
{
    uint32_t n = c->n, u, k, relabels = 0;
    memcpy(c->pstart, c->pi, n * sizeof *c->pi);
    for (u = 0; u < n; u++) {
        for (k = c->first[u]; k < c->first[u + 1]; k++) {
            cs_arc *a = &c->arc[k];
            if (a->res > 0 && reduced(c, u, a) < 0) {
                double d = a->res;
                a->res = 0;
                c->arc[a->twin].res += d;
                c->excess[u] -= d;
                c->excess[a->to] += d;
            }
        }
        c->cur[u] = c->first[u];
    }
    c->qhead = c->qlen = 0;
    for (u = 0; u < n; u++)
        if (c->excess[u] > c->tol)
            activate(c, u);
    if (global_update(c) < 0)
        return -1;
    while (c->qlen) {
        uint32_t start = c->queue[c->qhead], tip = start, len = 0, i;
        if (c->excess[start] <= c->tol) {
            c->inq[start] = 0;
            if (++c->qhead == n)
                c->qhead = 0;
            c->qlen--;
            continue;
        }
        c->path[0] = start;
        /* Grow a path of admissible arcs from start; a vertex with none
         * is relabelled and the path steps back. */
        while (len < PATH_MAX_LEN && c->excess[tip] >= -c->tol) {
            uint32_t end = c->first[tip + 1];
            for (k = c->cur[tip]; k < end; k++)
                if (c->arc[k].res > 0 && reduced(c, tip, &c->arc[k]) < 0)
                    break;
            if (k < end) {
                c->cur[tip] = k;
                tip = c->arc[k].to;
                c->path[++len] = tip;
                continue;
            }
            if (relabel(c, tip,
                        len ? c->arc[c->cur[c->path[len - 1]]].twin : NONE) < 0)
                return -1;
            relabels++;
            if (len)
                tip = c->path[--len];
        }
        /* Send along it as much as each vertex holds. */
        for (i = 0; i < len; i++) {
            uint32_t v = c->path[i], a = c->cur[v];
            double d = c->excess[v];
            if (d > c->arc[a].res)
                d = c->arc[a].res;
            if (d > 0)
                push(c, v, a, d);
        }
        if (relabels >= n) {
            relabels = 0;
            if (global_update(c) < 0)
                return -1;
        }
    }
    return 0;
}

int efn__cs_solve(size_t n, size_t m, const uint32_t *tail,
                  const uint32_t *head, const double *cap, const double *cost,
                  double scale, size_t source, size_t sink, double value,
                  double *flow)
{
    cs c;
    size_t e;
    int64_t top = 0;
    double big = value;
    int rc, first;
    if (n < 2 || source >= n || sink >= n || source == sink || !(scale > 0))
        return efn__error(EFN_EARG, "least-cost flow: bad arguments");
    if ((rc = cs_init(&c, n, m, tail, head)) != EFN_OK)
        return rc;
    for (e = 0; e < m; e++) {
        cs_arc *a = &c.arc[c.pos[e]];
        int64_t q = (int64_t)llround(cost[e] * scale) * (int64_t)(n + 1);
        a->cost = q;
        a->res = tail[e] == head[e] ? 0 : cap[e];
        c.arc[a->twin].cost = -q;
        c.arc[a->twin].res = 0;
        if (q > top)
            top = q;
        if (cap[e] > big)
            big = cap[e];
    }
    c.tol = big * REL_EPS;
    c.excess[source] = value;
    c.excess[sink] = -value;
    c.eps = top > 0 ? top * ALPHA : 1; /* the first phase: epsilon = top */
    rc = 0;
    first = 1;
    do {
        c.eps = c.eps > ALPHA ? c.eps / ALPHA : 1;
        c.bound = (ALPHA + 2) * ((int64_t)n + 1) * c.eps;
        /* From the second phase on the flow is feasible, and prices alone
         * may make it epsilon-optimal. */
        if (!first && price_refine(&c))
            continue;
        first = 0;
        rc = refine(&c);
    } while (rc == 0 && c.eps > 1);
    if (rc == 0)
        for (e = 0; e < m; e++) {
            double f = cap[e] - c.arc[c.pos[e]].res;
            if (tail[e] == head[e])
                f = 0; /* a self-loop carries nothing */
            flow[e] = f < 0 ? 0 : f > cap[e] ? cap[e] : f;
        }
    cs_free(&c);
    return rc == 0 ? EFN_OK
                   : efn__error(EFN_ERROR, "least-cost flow: cost scaling "
                                           "left its price bounds");
}
