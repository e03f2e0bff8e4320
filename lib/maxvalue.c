/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * maxvalue.c: the maximum flow value by search trees (Boykov-Kolmogorov)
 * under a budget, then push-relabel from what they found. See maxvalue.h.
 */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "maxvalue.h"

#define NONE UINT32_MAX
#define ROOT (UINT32_MAX - 1)   /* parent of the source and the sink */
#define ORPHAN (UINT32_MAX - 2) /* parent lost in an augmentation */
#define FREE 0
#define SRC 1
#define SNK 2

/* Residuals up to this fraction of the largest capacity are saturated
 * (as in maxflow.c). */
#define REL_EPS 1e-12

void efn__mv_free(efn__mv *mv)
{
    efn__free(mv->first);
    efn__free(mv->arc);
    efn__free(mv->pos);
    efn__free(mv->mate);
    efn__free(mv->excess);
    efn__free(mv->label);
    efn__free(mv->cur);
    efn__free(mv->bnext);
    efn__free(mv->bprev);
    efn__free(mv->active);
    efn__free(mv->idle);
    efn__free(mv->queue);
    efn__free(mv->parent);
    efn__free(mv->ts);
    efn__free(mv->dist);
    efn__free(mv->tree);
    efn__free(mv->base);
    efn__free(mv->kcap);
    efn__free(mv->need);
    efn__free(mv->nlist);
    efn__free(mv->kstamp);
    efn__free(mv->side);
    efn__free(mv->dirty);
    efn__free(mv->dirty_list);
    memset(mv, 0, sizeof *mv);
}

/* Arc numbers are 32-bit. */
static int too_large(size_t n, size_t m)
{
    if (n >= ROOT - 1 || m >= (size_t)(ORPHAN / 2))
        return efn__error(EFN_EARG,
                          "maximum flow: %zu vertices and %zu edges are more "
                          "than 32-bit arc numbers allow",
                          n, m);
    return EFN_OK;
}

/* The size check and the arrays every workspace has (no pos or mate):
 * arcs for m edges, n vertices. On failure *mv holds nothing to free. */
static int mv_alloc(efn__mv *mv, size_t n, size_t m)
{
    size_t na = 2 * m;
    memset(mv, 0, sizeof *mv);
    if (too_large(n, m) != EFN_OK)
        return EFN_EARG;
    mv->n = (uint32_t)n;
    mv->m = (uint32_t)m;
    if (na == 0)
        na = 1;
    mv->first = efn__calloc(n + 1, sizeof *mv->first);
    mv->arc = efn__malloc(na * sizeof *mv->arc);
    mv->excess = efn__malloc(n * sizeof *mv->excess);
    mv->label = efn__malloc(n * sizeof *mv->label);
    mv->cur = efn__malloc(n * sizeof *mv->cur);
    mv->bnext = efn__malloc(n * sizeof *mv->bnext);
    mv->bprev = efn__malloc(n * sizeof *mv->bprev);
    mv->active = efn__malloc((n + 1) * sizeof *mv->active);
    mv->idle = efn__malloc((n + 1) * sizeof *mv->idle);
    mv->queue = efn__malloc(n * sizeof *mv->queue);
    mv->parent = efn__malloc(n * sizeof *mv->parent);
    mv->ts = efn__malloc(n * sizeof *mv->ts);
    mv->dist = efn__malloc(n * sizeof *mv->dist);
    mv->tree = efn__malloc(n);
    if (!mv->first || !mv->arc || !mv->excess || !mv->label || !mv->cur ||
        !mv->bnext || !mv->bprev || !mv->active || !mv->idle || !mv->queue ||
        !mv->parent || !mv->ts || !mv->dist || !mv->tree) {
        efn__mv_free(mv);
        return efn__nomem();
    }
    /* Enough for the search trees to finish on networks where they are
     * the right method (measured: pipeline-like networks need a few arc
     * scans per arc), little next to push-relabel's own work where they
     * are not. */
    mv->budget = 8 * (na + n);
    return EFN_OK;
}

static long pair_in_array(const void *pair, size_t e)
{
    return ((const long *)pair)[e];
}

int efn__mv_init(efn__mv *mv, size_t n, size_t m, const uint32_t *tail,
                 const uint32_t *head, const long *pair)
{
    return efn__mv_init_pairs(mv, n, m, tail, head, pair ? pair_in_array : NULL,
                              pair);
}

int efn__mv_init_pairs(efn__mv *mv, size_t n, size_t m, const uint32_t *tail,
                       const uint32_t *head,
                       long (*pair_of)(const void *ctx, size_t e),
                       const void *ctx)
{
    size_t e, v;
    int rc;
    memset(mv, 0, sizeof *mv);
    if (n == 0 || (m && (!tail || !head)))
        return efn__error(EFN_EARG, "maximum flow: empty graph or no edges");
    if (too_large(n, m) != EFN_OK)
        return EFN_EARG;
    for (e = 0; e < m; e++)
        if (tail[e] >= n || head[e] >= n)
            return efn__error(
                EFN_EARG, "maximum flow: edge %zu has an end out of range", e);
    for (e = 0; pair_of && e < m; e++) {
        long p = pair_of(ctx, e);
        if (p >= 0 &&
            ((size_t)p >= m || pair_of(ctx, (size_t)p) != (long)e ||
             tail[p] != head[e] || head[p] != tail[e] || (size_t)p == e))
            return efn__error(EFN_EARG,
                              "maximum flow: edge %zu is paired with %ld, "
                              "which is not its opposite",
                              e, p);
    }
    if ((rc = mv_alloc(mv, n, m)) != EFN_OK)
        return rc;
    mv->pos = efn__malloc((m ? m : 1) * sizeof *mv->pos);
    mv->mate = efn__malloc((m ? m : 1) * sizeof *mv->mate);
    if (!mv->pos || !mv->mate) {
        efn__mv_free(mv);
        return efn__nomem();
    }
    /* Opposite edges u -> v and v -> u share one arc pair: its two
     * residuals are their capacities, so the net flow between u and v
     * ranges over the same values with half the arcs. */
    for (e = 0; e < m; e++) {
        long p = pair_of ? pair_of(ctx, e) : -1;
        mv->mate[e] = p >= 0 ? (uint32_t)p : NONE;
    }
    /* Counting sort: each vertex's arcs together, in edge order. */
    for (e = 0; e < m; e++) {
        if (mv->mate[e] < e)
            continue; /* the arcs of its mate */
        mv->first[tail[e] + 1]++;
        mv->first[head[e] + 1]++;
    }
    for (v = 0; v < n; v++)
        mv->first[v + 1] += mv->first[v];
    memcpy(mv->cur, mv->first, n * sizeof *mv->cur);
    for (e = 0; e < m; e++) {
        uint32_t a, b;
        if (mv->mate[e] < e)
            continue;
        a = mv->cur[tail[e]]++;
        b = mv->cur[head[e]]++;
        mv->arc[a].to = (uint32_t)head[e];
        mv->arc[b].to = (uint32_t)tail[e];
        mv->arc[a].twin = b;
        mv->arc[b].twin = a;
        mv->pos[e] = a;
        if (mv->mate[e] != NONE)
            mv->pos[mv->mate[e]] = b;
    }
    return EFN_OK;
}

int efn__mv_begin(efn__mv *mv, size_t n, size_t m)
{
    if (n == 0) {
        memset(mv, 0, sizeof *mv);
        return efn__error(EFN_EARG, "maximum flow: empty graph");
    }
    return mv_alloc(mv, n, m);
}

void efn__mv_count(efn__mv *mv, uint32_t u, uint32_t v)
{
    mv->first[u + 1]++;
    mv->first[v + 1]++;
}

void efn__mv_counted(efn__mv *mv)
{
    uint32_t v;
    for (v = 0; v < mv->n; v++)
        mv->first[v + 1] += mv->first[v];
    memcpy(mv->cur, mv->first, mv->n * sizeof *mv->cur);
}

void efn__mv_place(efn__mv *mv, uint32_t u, uint32_t v, double cuv, double cvu)
{
    uint32_t a = mv->cur[u]++, b = mv->cur[v]++;
    mv->arc[a].to = v;
    mv->arc[b].to = u;
    mv->arc[a].twin = b;
    mv->arc[b].twin = a;
    mv->arc[a].res = cuv;
    mv->arc[b].res = cvu;
    if (cuv > mv->scale)
        mv->scale = cuv;
    if (cvu > mv->scale)
        mv->scale = cvu;
}

/* Moves d over arc a. */
static void push(efn__mv *mv, uint32_t a, double d)
{
    mv->arc[a].res -= d;
    mv->arc[mv->arc[a].twin].res += d;
}

/* ---- 1. search trees ---------------------------------------------------- */

/* The vertex arc a leaves. */
static uint32_t from_of(const efn__mv *mv, uint32_t a)
{
    return mv->arc[mv->arc[a].twin].to;
}

/* Is v's tree path still rooted? Walks up to a vertex stamped in this
 * round or to the root; on success stamps the path with distances (the
 * heuristic of Boykov and Kolmogorov, section 3.2). */
static int rooted(efn__mv *mv, uint32_t v, uint32_t now, uint32_t *d_out)
{
    uint32_t u = v, d = 0, k;
    for (;;) {
        if (mv->ts[u] == now) {
            d += mv->dist[u];
            break;
        }
        k = mv->parent[u];
        if (k == ROOT) {
            mv->ts[u] = now;
            mv->dist[u] = 0;
            break;
        }
        if (k == ORPHAN || k == NONE)
            return 0;
        d++;
        u = (mv->tree[u] == SRC) ? from_of(mv, k) : mv->arc[k].to;
    }
    *d_out = d;
    /* Stamp the path: distances count down from d. */
    for (u = v; mv->ts[u] != now; d--) {
        mv->ts[u] = now;
        mv->dist[u] = d;
        k = mv->parent[u];
        u = (mv->tree[u] == SRC) ? from_of(mv, k) : mv->arc[k].to;
    }
    return 1;
}

/* The search trees give way to push-relabel once their first EFN_MV_PROBE
 * augmenting paths average more than EFN_MV_LONG arcs: their cost per
 * augmentation grows with the path (every arc of it may leave an orphan to
 * re-attach). Measured on the benchmark's networks: pipeline-like paths
 * average 10 arcs, where the trees are 3 to 5 times faster than
 * push-relabel; GENRMF frames average 200, where they are 20 to 150 times
 * slower. */
#define EFN_MV_PROBE 8
#define EFN_MV_LONG 40

/* Solves by search trees until done (returns 1), or out of budget or on
 * long paths (returns 0, leaving a feasible flow in res). */
static int search_trees(efn__mv *mv, uint32_t s, uint32_t t, double eps)
{
    uint32_t n = mv->n, qh = 0, qlen = 0, now = 1;
    uint32_t *q = mv->queue;       /* active vertices, circular */
    uint32_t *orphans = mv->label; /* a stack; push-relabel not yet running */
    unsigned char *inq = (unsigned char *)mv->bnext; /* n bytes */
    size_t scans = 0, norph = 0, naug = 0, plen = 0;
    uint32_t v;

    for (v = 0; v < n; v++) {
        mv->tree[v] = FREE;
        mv->parent[v] = NONE;
        mv->ts[v] = 0;
        mv->dist[v] = 0;
        inq[v] = 0;
    }
    mv->tree[s] = SRC;
    mv->tree[t] = SNK;
    mv->parent[s] = mv->parent[t] = ROOT;
    q[0] = s;
    q[1] = t;
    mv->cur[s] = mv->first[s];
    mv->cur[t] = mv->first[t];
    qlen = 2;
    inq[s] = inq[t] = 1;

    /* A vertex's arcs are scanned from a cursor, kept while it stays at
     * the head of the queue (the source and the sink have thousands of
     * arcs, and augmentations never open an arc already scanned past);
     * every activation starts it again, since a freed neighbour may now be
     * free to take. */
#define ACTIVATE(w)                                                            \
    do {                                                                       \
        mv->cur[w] = mv->first[w];                                             \
        if (!inq[w]) {                                                         \
            inq[w] = 1;                                                        \
            q[qh + qlen < n ? qh + qlen : qh + qlen - n] = (w);                \
            qlen++;                                                            \
        }                                                                      \
    } while (0)

    while (qlen) {
        uint32_t k, bridge = NONE, end;
        v = q[qh];
        if (mv->tree[v] == FREE) {
            inq[v] = 0;
            qh = qh + 1 < n ? qh + 1 : 0;
            qlen--;
            continue;
        }
        /* Grow: one vertex's arcs (a loop for each tree, so that the
         * side is not tested at every arc). */
        end = mv->first[v + 1];
        if (mv->tree[v] == SRC) {
            for (k = mv->cur[v]; k < end; k++) {
                uint32_t w = mv->arc[k].to;
                if (!(mv->arc[k].res > eps))
                    continue;
                if (mv->tree[w] == FREE) {
                    mv->tree[w] = SRC;
                    mv->parent[w] = k;
                    mv->ts[w] = mv->ts[v];
                    mv->dist[w] = mv->dist[v] + 1;
                    ACTIVATE(w);
                } else if (mv->tree[w] == SNK) {
                    bridge = k;
                    break;
                } else if (mv->ts[w] <= mv->ts[v] &&
                           mv->dist[w] > mv->dist[v] && mv->parent[w] != ROOT) {
                    mv->parent[w] = k; /* a shorter way up */
                    mv->ts[w] = mv->ts[v];
                    mv->dist[w] = mv->dist[v] + 1;
                }
            }
        } else {
            for (k = mv->cur[v]; k < end; k++) {
                uint32_t w = mv->arc[k].to;
                uint32_t b = mv->arc[k].twin; /* w -> v */
                if (!(mv->arc[b].res > eps))
                    continue;
                if (mv->tree[w] == FREE) {
                    mv->tree[w] = SNK;
                    mv->parent[w] = b;
                    mv->ts[w] = mv->ts[v];
                    mv->dist[w] = mv->dist[v] + 1;
                    ACTIVATE(w);
                } else if (mv->tree[w] == SRC) {
                    bridge = b;
                    break;
                } else if (mv->ts[w] <= mv->ts[v] &&
                           mv->dist[w] > mv->dist[v] && mv->parent[w] != ROOT) {
                    mv->parent[w] = b;
                    mv->ts[w] = mv->ts[v];
                    mv->dist[w] = mv->dist[v] + 1;
                }
            }
        }
        scans += k - mv->cur[v] + 1;
        mv->cur[v] = k;
        if (bridge == NONE) {
            inq[v] = 0;
            qh = qh + 1 < n ? qh + 1 : 0;
            qlen--;
            if (scans > mv->budget)
                goto out_of_budget;
            continue;
        }
        /* Augment along source ~> x -> y ~> sink; v stays active. */
        {
            uint32_t x = from_of(mv, bridge), y = mv->arc[bridge].to, u, a;
            double d = mv->arc[bridge].res;
            plen++; /* the bridge */
            for (u = x; (a = mv->parent[u]) != ROOT; u = from_of(mv, a)) {
                plen++;
                if (mv->arc[a].res < d)
                    d = mv->arc[a].res;
            }
            for (u = y; (a = mv->parent[u]) != ROOT; u = mv->arc[a].to) {
                plen++;
                if (mv->arc[a].res < d)
                    d = mv->arc[a].res;
            }
            push(mv, bridge, d);
            naug++;
            for (u = x; (a = mv->parent[u]) != ROOT;) {
                uint32_t up = from_of(mv, a);
                push(mv, a, d);
                if (!(mv->arc[a].res > eps)) {
                    mv->parent[u] = ORPHAN;
                    orphans[norph++] = u;
                }
                u = up;
            }
            for (u = y; (a = mv->parent[u]) != ROOT;) {
                uint32_t down = mv->arc[a].to;
                push(mv, a, d);
                if (!(mv->arc[a].res > eps)) {
                    mv->parent[u] = ORPHAN;
                    orphans[norph++] = u;
                }
                u = down;
            }
        }
        /* Adopt the orphans, or free them. */
        now++;
        while (norph) {
            uint32_t o = orphans[--norph], best = NONE, bestd = NONE, d;
            unsigned char side = mv->tree[o];
            end = mv->first[o + 1];
            scans += end - mv->first[o];
            for (k = mv->first[o]; k < end; k++) {
                uint32_t w = mv->arc[k].to;
                uint32_t a =
                    side == SRC ? mv->arc[k].twin : k; /* w->o or o->w */
                if (mv->tree[w] != side || !(mv->arc[a].res > eps))
                    continue;
                if (rooted(mv, w, now, &d) && d < bestd) {
                    best = a;
                    bestd = d;
                }
            }
            if (best != NONE) {
                mv->parent[o] = best;
                mv->ts[o] = now;
                mv->dist[o] = bestd + 1;
                continue;
            }
            /* No way back to the root: o leaves its tree. Its children
             * become orphans; neighbours that could reach it become
             * active, to grow into the freed space. */
            for (k = mv->first[o]; k < end; k++) {
                uint32_t w = mv->arc[k].to, pw;
                uint32_t a = side == SRC ? mv->arc[k].twin : k;
                if (mv->tree[w] != side)
                    continue;
                if (mv->arc[a].res > eps)
                    ACTIVATE(w);
                pw = mv->parent[w];
                if (pw != ROOT && pw != ORPHAN && pw != NONE &&
                    (side == SRC ? from_of(mv, pw) : mv->arc[pw].to) == o) {
                    mv->parent[w] = ORPHAN;
                    orphans[norph++] = w;
                }
            }
            mv->tree[o] = FREE;
            mv->parent[o] = NONE;
        }
        if (now >= ORPHAN - 1) { /* time stamps would wrap: restart them */
            for (v = 0; v < n; v++)
                mv->ts[v] = 0;
            now = 1;
        }
        if (scans > mv->budget ||
            (naug >= EFN_MV_PROBE && plen > EFN_MV_LONG * naug))
            goto out_of_budget;
        if (mv->probe && naug >= EFN_MV_PROBE)
            break; /* short paths: the trees would go on */
    }
#undef ACTIVATE
    mv->path_mean = naug ? (double)plen / (double)naug : 0;
    return 1;
out_of_budget:
    mv->path_mean = naug ? (double)plen / (double)naug : 0;
    return 0;
}

/* ---- 2. push-relabel, first phase ---------------------------------------- */

static void idle_add(efn__mv *mv, uint32_t v, uint32_t d)
{
    uint32_t h = mv->idle[d];
    mv->bnext[v] = h;
    mv->bprev[v] = NONE;
    if (h != NONE)
        mv->bprev[h] = v;
    mv->idle[d] = v;
}

static void idle_remove(efn__mv *mv, uint32_t v, uint32_t d)
{
    if (mv->bprev[v] != NONE)
        mv->bnext[mv->bprev[v]] = mv->bnext[v];
    else
        mv->idle[d] = mv->bnext[v];
    if (mv->bnext[v] != NONE)
        mv->bprev[mv->bnext[v]] = mv->bprev[v];
}

static void active_add(efn__mv *mv, uint32_t v, uint32_t d)
{
    mv->bnext[v] = mv->active[d];
    mv->active[d] = v;
}

typedef struct pr_state {
    uint32_t s, t;
    uint32_t amax; /* highest label with active vertices (at most) */
    uint32_t lmax; /* highest label in any bucket (at most) */
    double eps;
    size_t work;
} pr_state;

/* Exact distances to the sink in the residual graph, by breadth-first
 * search backwards from it; vertices that cannot reach it get n (done). */
static void global_relabel(efn__mv *mv, pr_state *st)
{
    uint32_t n = mv->n, qh = 0, qt = 0, v, k;
    for (v = 0; v < n; v++)
        mv->label[v] = n;
    for (v = 0; v <= n; v++)
        mv->active[v] = mv->idle[v] = NONE;
    st->amax = st->lmax = 0;
    mv->label[st->t] = 0;
    mv->queue[qt++] = st->t;
    while (qh < qt) {
        uint32_t w = mv->queue[qh++], dw = mv->label[w] + 1;
        for (k = mv->first[w]; k < mv->first[w + 1]; k++) {
            uint32_t u = mv->arc[k].to;
            if (mv->label[u] == n && u != st->s &&
                mv->arc[mv->arc[k].twin].res > st->eps) {
                mv->label[u] = dw;
                mv->queue[qt++] = u;
                mv->cur[u] = mv->first[u];
                if (mv->excess[u] > st->eps) {
                    active_add(mv, u, dw);
                    st->amax = dw;
                } else {
                    idle_add(mv, u, dw);
                }
                st->lmax = dw;
            }
        }
    }
}

/* Every vertex labelled above d can no longer reach the sink. */
static void gap(efn__mv *mv, pr_state *st, uint32_t d)
{
    uint32_t n = mv->n, l, v;
    for (l = d + 1; l <= st->lmax; l++) {
        for (v = mv->idle[l]; v != NONE; v = mv->bnext[v])
            mv->label[v] = n;
        mv->idle[l] = NONE;
        /* no active vertex is above the one being relabelled */
    }
    st->lmax = d ? d - 1 : 0;
}

/* Pushes v's excess down admissible arcs, relabelling when none is left;
 * returns when the excess is gone or v cannot reach the sink. */
static void discharge(efn__mv *mv, pr_state *st, uint32_t v)
{
    uint32_t n = mv->n, end = mv->first[v + 1], k;
    double ex = mv->excess[v], eps = st->eps;
    for (;;) {
        uint32_t dv = mv->label[v], want = dv - 1;
        for (k = mv->cur[v]; k < end; k++) {
            uint32_t w;
            double r = mv->arc[k].res, d;
            if (!(r > eps))
                continue;
            w = mv->arc[k].to;
            if (mv->label[w] != want)
                continue;
            d = ex < r ? ex : r;
            if (w != st->t && !(mv->excess[w] > eps)) {
                idle_remove(mv, w, want);
                active_add(mv, w, want);
                if (want > st->amax) /* v was relabelled above it */
                    st->amax = want;
            }
            push(mv, k, d);
            mv->excess[w] += d;
            ex -= d;
            if (!(ex > eps))
                break;
        }
        if (k < end) { /* excess gone; k may still have room */
            mv->cur[v] = k;
            mv->excess[v] = ex;
            idle_add(mv, v, dv);
            return;
        }
        /* Relabel. If v was the last at its label, a gap. */
        if (mv->active[dv] == NONE && mv->idle[dv] == NONE) {
            gap(mv, st, dv);
            mv->label[v] = n;
            mv->excess[v] = ex;
            return;
        }
        {
            uint32_t best = n, bk = mv->first[v];
            for (k = mv->first[v]; k < end; k++)
                if (mv->arc[k].res > eps &&
                    mv->label[mv->arc[k].to] + 1 < best) {
                    best = mv->label[mv->arc[k].to] + 1;
                    bk = k;
                }
            st->work += 12 + (end - mv->first[v]);
            mv->label[v] = best;
            mv->cur[v] = bk;
            if (best >= n) {
                mv->excess[v] = ex;
                return;
            }
            if (best > st->lmax)
                st->lmax = best;
        }
    }
}

static void push_relabel(efn__mv *mv, uint32_t s, uint32_t t, double eps)
{
    pr_state st;
    uint32_t n = mv->n, k;
    /* Global relabelling after relabels' work passes twice HIPR's ALPHA n
     * + m (measured on GENRMF frames: every second global relabel costs
     * more than it saves there, and pipelines barely notice). */
    size_t freq = 2 * (6 * (size_t)n + mv->first[n] / 2);
    memset(&st, 0, sizeof st);
    st.s = s;
    st.t = t;
    st.eps = eps;
    for (k = 0; k < n; k++)
        mv->excess[k] = 0;
    /* Saturate what is left out of the source. */
    for (k = mv->first[s]; k < mv->first[s + 1]; k++) {
        double r = mv->arc[k].res;
        if (r > eps && mv->arc[k].to != s) {
            push(mv, k, r);
            mv->excess[mv->arc[k].to] += r;
        }
    }
    global_relabel(mv, &st);
    for (;;) {
        uint32_t v;
        while (st.amax > 0 && mv->active[st.amax] == NONE)
            st.amax--;
        v = mv->active[st.amax];
        if (v == NONE)
            break;
        mv->active[st.amax] = mv->bnext[v];
        discharge(mv, &st, v);
        if (mv->label[v] < n && mv->excess[v] > eps) {
            active_add(mv, v, mv->label[v]);
            st.amax = mv->label[v];
        }
        if (st.work > freq) {
            st.work = 0;
            global_relabel(mv, &st);
        }
    }
}

/* ---- the solve ----------------------------------------------------------- */

/* Edge e's capacity, +inf read as mv->inf_cap when that is set. */
static double cap_of(const efn__mv *mv, const double *cap, uint32_t e)
{
    return isinf(cap[e]) && cap[e] > 0 && mv->inf_cap > 0 ? mv->inf_cap
                                                          : cap[e];
}

/* Sets every arc's residual from `cap`; *scale: the largest capacity. */
static int load_caps(efn__mv *mv, const double *cap, double *scale)
{
    uint32_t e;
    *scale = 0;
    for (e = 0; e < mv->m; e++) {
        uint32_t a = mv->pos[e];
        double c = cap_of(mv, cap, e);
        if (!(c >= 0) || isinf(c))
            return efn__error(EFN_EARG,
                              "maximum flow: capacity of edge %u is %g; "
                              "expected a finite number >= 0",
                              (unsigned)e, c);
        if (c > *scale)
            *scale = c;
        if (mv->mate[e] < e)
            continue; /* set with its mate */
        mv->arc[a].res = c;
        mv->arc[mv->arc[a].twin].res =
            mv->mate[e] == NONE ? 0 : cap_of(mv, cap, mv->mate[e]);
    }
    return EFN_OK;
}

/* The probe on residuals in place, scale their largest. */
static int probe(efn__mv *mv, size_t source, size_t sink, double scale)
{
    if (source >= mv->n || sink >= mv->n || source == sink)
        return efn__error(EFN_EARG, "maximum flow: bad source or sink");
    mv->probe = 1; /* search_trees sets mv->path_mean */
    search_trees(mv, (uint32_t)source, (uint32_t)sink, scale * REL_EPS);
    mv->probe = 0;
    return EFN_OK;
}

int efn__mv_probe(efn__mv *mv, size_t source, size_t sink, const double *cap)
{
    double scale;
    if (source >= mv->n || sink >= mv->n || source == sink)
        return efn__error(EFN_EARG, "maximum flow: bad source or sink");
    if (load_caps(mv, cap, &scale) != EFN_OK)
        return EFN_EARG;
    return probe(mv, source, sink, scale);
}

int efn__mv_probe_placed(efn__mv *mv, size_t source, size_t sink)
{
    return probe(mv, source, sink, mv->scale);
}

/* The search trees, and push-relabel if they give way. */
static void run(efn__mv *mv, uint32_t s, uint32_t t, double eps)
{
    mv->method = 1;
    if (!search_trees(mv, s, t, eps)) {
        mv->method = 2;
        push_relabel(mv, s, t, eps);
    }
}

int efn__mv_solve_placed(efn__mv *mv, size_t source, size_t sink, double *value)
{
    uint32_t s = (uint32_t)source, t = (uint32_t)sink, k;
    double before = 0, in = 0;
    if (source >= mv->n || sink >= mv->n || source == sink)
        return efn__error(EFN_EARG, "maximum flow: bad source or sink");
    /* The net flow into the sink is what its arcs' residuals gain. */
    for (k = mv->first[t]; k < mv->first[t + 1]; k++)
        before += mv->arc[k].res;
    run(mv, s, t, mv->scale * REL_EPS);
    for (k = mv->first[t]; k < mv->first[t + 1]; k++)
        in += mv->arc[k].res;
    in -= before;
    *value = in > 0 ? in : 0;
    return EFN_OK;
}

int efn__mv_solve(efn__mv *mv, size_t source, size_t sink, const double *cap,
                  double *value, unsigned char *cut)
{
    uint32_t n = mv->n, s = (uint32_t)source, t = (uint32_t)sink, e, k;
    double scale = 0, eps, in = 0;
    if (source >= n || sink >= n || source == sink)
        return efn__error(EFN_EARG,
                          "maximum flow: bad source %zu or sink %zu (%u "
                          "vertices)",
                          source, sink, (unsigned)n);
    if (load_caps(mv, cap, &scale) != EFN_OK)
        return EFN_EARG;
    eps = scale * REL_EPS;
    run(mv, s, t, eps);
    /* The value: the net flow into the sink, edge by edge (a merged pair
     * once: its net flow, either sign). */
    for (e = 0; e < mv->m; e++) {
        uint32_t a = mv->pos[e], u = mv->arc[mv->arc[a].twin].to,
                 w = mv->arc[a].to;
        double f = cap_of(mv, cap, e) - mv->arc[a].res;
        if (mv->mate[e] < e)
            continue;
        if (u == w)
            continue;
        if (w == t)
            in += f;
        if (u == t)
            in -= f;
    }
    *value = in > 0 ? in : 0;
    if (cut) {
        /* The sink side: vertices that reach the sink in the residual
         * graph (a breadth-first search backwards from it). */
        uint32_t qh = 0, qt = 0;
        unsigned char *side = mv->tree;
        memset(side, 0, n);
        side[t] = 1;
        mv->queue[qt++] = t;
        while (qh < qt) {
            uint32_t w = mv->queue[qh++];
            for (k = mv->first[w]; k < mv->first[w + 1]; k++) {
                uint32_t u = mv->arc[k].to;
                if (!side[u] && mv->arc[mv->arc[k].twin].res > eps) {
                    side[u] = 1;
                    mv->queue[qt++] = u;
                }
            }
        }
        for (e = 0; e < mv->m; e++) {
            uint32_t a = mv->pos[e];
            cut[e] = (unsigned char)(!side[mv->arc[mv->arc[a].twin].to] &&
                                     side[mv->arc[a].to]);
        }
    }
    return EFN_OK;
}

/* ---- N-1 on a kept flow -------------------------------------------------- */

/* Marks with `bit` the vertices reachable from v in the residual network
 * (backwards: those that reach v). */
static void reach(efn__mv *mv, uint32_t v, unsigned char bit, int backwards)
{
    uint32_t qh = 0, qt = 0, k;
    double eps = mv->keps;
    mv->side[v] |= bit;
    mv->queue[qt++] = v;
    while (qh < qt) {
        uint32_t w = mv->queue[qh++];
        for (k = mv->first[w]; k < mv->first[w + 1]; k++) {
            uint32_t x = mv->arc[k].to;
            double r =
                backwards ? mv->arc[mv->arc[k].twin].res : mv->arc[k].res;
            if (r > eps && !(mv->side[x] & bit)) {
                mv->side[x] |= bit;
                mv->queue[qt++] = x;
            }
        }
    }
}

int efn__mv_keep(efn__mv *mv, size_t source, size_t sink, const double *cap,
                 const double *flow, double value)
{
    uint32_t n = mv->n, m = mv->m, e, na = mv->first[n];
    double scale = 0;
    if (source >= n || sink >= n || source == sink)
        return efn__error(EFN_EARG, "maximum flow: bad source or sink");
    if (!mv->base) {
        mv->base = efn__malloc((na ? na : 1) * sizeof *mv->base);
        mv->kcap = efn__malloc((m ? m : 1) * sizeof *mv->kcap);
        mv->need = efn__calloc(n, sizeof *mv->need);
        mv->nlist = efn__malloc(n * sizeof *mv->nlist);
        mv->kstamp = efn__calloc(n, sizeof *mv->kstamp);
        mv->side = efn__malloc(n);
        mv->dirty = efn__calloc(na ? na : 1, 1);
        mv->dirty_list = efn__malloc((na ? na : 1) * sizeof *mv->dirty_list);
        if (!mv->base || !mv->kcap || !mv->need || !mv->nlist || !mv->kstamp ||
            !mv->side || !mv->dirty || !mv->dirty_list)
            return efn__nomem();
    }
    for (e = 0; e < m; e++) {
        uint32_t a = mv->pos[e], me = mv->mate[e];
        if (!(cap[e] >= 0) || isinf(cap[e]) || !(flow[e] >= -1e-9 * cap[e]))
            return efn__error(EFN_EARG,
                              "maximum flow: edge %u: capacity %g, flow %g",
                              (unsigned)e, cap[e], flow[e]);
        mv->kcap[e] = cap[e];
        if (cap[e] > scale)
            scale = cap[e];
        if (me < e)
            continue;
        if (me == NONE) {
            mv->arc[a].res = cap[e] - flow[e];
            mv->arc[mv->arc[a].twin].res = flow[e];
        } else { /* the pair's net flow, either way */
            double x = flow[e] - flow[me];
            mv->arc[a].res = cap[e] - x;
            mv->arc[mv->arc[a].twin].res = cap[me] + x;
        }
    }
    mv->keps = scale * REL_EPS;
    for (e = 0; e < na; e++)
        mv->base[e] = mv->arc[e].res;
    mv->base_value = value;
    mv->ndirty = 0;
    memset(mv->side, 0, n);
    reach(mv, (uint32_t)source, 1, 0);
    reach(mv, (uint32_t)sink, 2, 1);
    return EFN_OK;
}

/* A fresh search stamp; when the counter would wrap, every stamp is
 * cleared first. */
static uint32_t next_stamp(efn__mv *mv)
{
    if (mv->now == UINT32_MAX - 1) {
        memset(mv->kstamp, 0, mv->n * sizeof *mv->kstamp);
        mv->now = 0;
    }
    return ++mv->now;
}

static void kmark(efn__mv *mv, uint32_t a, unsigned char how)
{
    if (!mv->dirty[a])
        mv->dirty_list[mv->ndirty++] = a;
    mv->dirty[a] |= how;
}

static void kpush(efn__mv *mv, uint32_t a, double d)
{
    uint32_t b = mv->arc[a].twin;
    kmark(mv, a, 1);
    kmark(mv, b, 1);
    mv->arc[a].res -= d;
    mv->arc[b].res += d;
}

/* lambda: Dinic's phases from the excesses to the deficits, each search
 * stopping at the first level that holds a deficit (maxflow.c's reroute,
 * on compact arcs). */
static double kreroute(efn__mv *mv, uint32_t nlist, unsigned char skip)
{
    double routed = 0, eps = mv->keps, *need = mv->need;
    uint32_t *level = mv->label, *iter = mv->cur, *path = mv->parent;
    for (;;) {
        uint32_t id = next_stamp(mv), qh = 0, qt = 0, found = NONE, i, k;
        for (i = 0; i < nlist; i++) {
            uint32_t v = mv->nlist[i];
            if (need[v] > eps && mv->kstamp[v] != id && !(mv->side[v] & skip)) {
                mv->kstamp[v] = id;
                level[v] = 0;
                iter[v] = mv->first[v];
                mv->queue[qt++] = v;
            }
        }
        if (qt == 0)
            break;
        while (qh < qt) {
            uint32_t v = mv->queue[qh++], lw;
            if (level[v] >= found)
                break;
            lw = level[v] + 1;
            for (k = mv->first[v]; k < mv->first[v + 1]; k++) {
                uint32_t w = mv->arc[k].to;
                if (mv->arc[k].res > eps && mv->kstamp[w] != id &&
                    !(mv->side[w] & skip)) {
                    mv->kstamp[w] = id;
                    level[w] = lw;
                    iter[w] = mv->first[w];
                    mv->queue[qt++] = w;
                    if (need[w] < -eps && found == NONE)
                        found = lw;
                }
            }
        }
        if (found == NONE)
            break; /* nothing more can go round */
        for (i = 0; i < nlist; i++) {
            uint32_t x = mv->nlist[i], v = x, depth = 0;
            if (!(need[x] > eps) || mv->kstamp[x] != id || level[x] != 0)
                continue;
            while (need[x] > eps) {
                if (v != x && need[v] < -eps) {
                    double d = need[x] < -need[v] ? need[x] : -need[v];
                    for (k = 0; k < depth; k++)
                        if (mv->arc[path[k]].res < d)
                            d = mv->arc[path[k]].res;
                    for (k = 0; k < depth; k++)
                        kpush(mv, path[k], d);
                    need[x] -= d;
                    need[v] += d;
                    routed += d;
                    for (k = 0; k < depth && mv->arc[path[k]].res > eps; k++)
                        ;
                    if (k < depth) {
                        depth = k;
                        v = depth ? mv->arc[path[depth - 1]].to : x;
                    }
                    continue;
                }
                while (iter[v] < mv->first[v + 1]) {
                    uint32_t a = iter[v], w = mv->arc[a].to;
                    if (mv->arc[a].res > eps && mv->kstamp[w] == id &&
                        level[w] == level[v] + 1 && level[w] <= found)
                        break;
                    iter[v]++;
                }
                if (iter[v] < mv->first[v + 1]) {
                    path[depth++] = iter[v];
                    v = mv->arc[iter[v]].to;
                    continue;
                }
                level[v] = NONE; /* a dead end for this phase */
                if (depth == 0)
                    break;
                depth--;
                v = from_of(mv, path[depth]);
                iter[v]++;
            }
        }
    }
    return routed;
}

int efn__mv_without(efn__mv *mv, const size_t *edges, size_t count,
                    double *value)
{
    uint32_t nlist = 0, id, i;
    double excess = 0, eps = mv->keps, cut_s = 0, cut_t = 0;
    size_t j;
    if (!mv->base)
        return efn__error(EFN_EARG, "maximum flow: no flow kept");
    for (j = 0; j < count; j++)
        if (edges[j] >= mv->m)
            return efn__error(EFN_EARG, "maximum flow: edge %zu out of range",
                              edges[j]);
    id = next_stamp(mv);
    for (j = 0; j < count; j++) {
        uint32_t e = (uint32_t)edges[j], a = mv->pos[e], b = mv->arc[a].twin;
        uint32_t u = mv->arc[b].to, v = mv->arc[a].to, me = mv->mate[e];
        double x;
        if (mv->dirty[a] & 2)
            continue; /* its pair is gone already */
        /* the net flow u -> v over the edge (and its mate) */
        x = me == NONE ? mv->arc[b].res : mv->kcap[e] - mv->arc[a].res;
        kmark(mv, a, 2);
        kmark(mv, b, 2);
        mv->arc[a].res = mv->arc[b].res = 0;
        if (x < 0) { /* it ran v -> u, over the mate */
            uint32_t t = u;
            u = v;
            v = t;
            x = -x;
        }
        if (x <= eps || u == v)
            continue;
        mv->need[u] += x;
        mv->need[v] -= x;
        if (mv->kstamp[u] != id) {
            mv->kstamp[u] = id;
            mv->nlist[nlist++] = u;
        }
        if (mv->kstamp[v] != id) {
            mv->kstamp[v] = id;
            mv->nlist[nlist++] = v;
        }
        if ((mv->side[u] & 1) && !(mv->side[v] & 1))
            cut_s += x;
        if (!(mv->side[u] & 2) && (mv->side[v] & 2))
            cut_t += x;
    }
    for (i = 0; i < nlist; i++)
        if (mv->need[mv->nlist[i]] > 0)
            excess += mv->need[mv->nlist[i]];
    *value = mv->base_value - excess;
    if (excess > eps && cut_s < excess - eps && cut_t < excess - eps) {
        /* The vertices the source reaches in the kept flow's residual
         * network are closed: every residual arc out of one ends in
         * another, and routing along paths outside them adds arcs only
         * outside them. So when no deficit is among them, the search need
         * not enter them at all. */
        /* Likewise the vertices that reach the sink: no residual arc
         * enters them from outside, so deficits among them are out of
         * reach of excesses outside them. */
        unsigned char skip = 1;
        int reachable = 0;
        for (i = 0; i < nlist; i++) {
            double nd = mv->need[mv->nlist[i]];
            unsigned char sd = mv->side[mv->nlist[i]];
            if (nd < -eps && (sd & 1))
                skip = 0;
            if ((nd > eps && (sd & 2)) || (nd < -eps && !(sd & 2)))
                reachable = 1;
        }
        if (reachable)
            *value += kreroute(mv, nlist, skip);
    }
    if (*value < 0)
        *value = 0;
    for (i = 0; i < nlist; i++)
        mv->need[mv->nlist[i]] = 0;
    for (i = 0; i < mv->ndirty; i++) {
        uint32_t a = mv->dirty_list[i];
        mv->arc[a].res = mv->base[a];
        mv->dirty[a] = 0;
    }
    mv->ndirty = 0;
    return EFN_OK;
}
