/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * validate.c: checks that need the whole model, such as ownership cycles.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model.h"

/*
 * Look-through ownership L = (I - W)^-1 exists when the spectral radius of
 * the owner-to-owner share matrix W is below 1. Each column of W (the
 * shares held in one owner) sums to at most 1, so by Perron-Frobenius an
 * irreducible block (a strongly connected set of owners) has radius 1 only
 * when every member is wholly owned from inside the block: a cycle with no
 * outside owner, which cannot resolve. Tarjan's algorithm finds the blocks,
 * O(owners + links).
 */
typedef struct tarjan {
    const efn_network *net;
    size_t *index, *low, *stack, *comp;
    char *on_stack;
    size_t next, sp, ncomp;
} tarjan;

/* Children of owner v are the owners that list v as a parent; we walk the
 * reverse direction (owner -> its parents), which has the same blocks. */
static void strongconnect(tarjan *t, size_t v0)
{
    /* Iterative, so that a long chain cannot exhaust the C stack. */
    size_t *cs = t->stack + t->net->nowners; /* call stack: vertex */
    size_t *ci = cs + t->net->nowners;       /* call stack: next edge */
    size_t depth = 0;
    cs[0] = v0;
    ci[0] = 0;
    t->index[v0] = t->low[v0] = ++t->next;
    t->stack[t->sp++] = v0;
    t->on_stack[v0] = 1;
    while (1) {
        size_t v = cs[depth];
        const efn__owner *o = &t->net->owners[v];
        if (ci[depth] < o->nparents) {
            size_t w = o->parents[ci[depth]++].owner;
            if (!t->index[w]) {
                depth++;
                cs[depth] = w;
                ci[depth] = 0;
                t->index[w] = t->low[w] = ++t->next;
                t->stack[t->sp++] = w;
                t->on_stack[w] = 1;
            } else if (t->on_stack[w] && t->index[w] < t->low[v]) {
                t->low[v] = t->index[w];
            }
            continue;
        }
        if (t->low[v] == t->index[v]) {
            size_t w;
            do {
                w = t->stack[--t->sp];
                t->on_stack[w] = 0;
                t->comp[w] = t->ncomp;
            } while (w != v);
            t->ncomp++;
        }
        if (depth == 0)
            break;
        depth--;
        if (t->low[v] < t->low[cs[depth]])
            t->low[cs[depth]] = t->low[v];
    }
}

int efn__check_ownership_cycles(efn__ctx *ctx, const efn_network *net)
{
    size_t n = net->nowners, i, k;
    tarjan t;
    double *inside;
    int bad = 0;
    if (n == 0)
        return 0;
    memset(&t, 0, sizeof t);
    t.net = net;
    t.index = efn__calloc(n, sizeof *t.index);
    t.low = efn__calloc(n, sizeof *t.low);
    t.stack = efn__calloc(3 * n, sizeof *t.stack);
    t.comp = efn__calloc(n, sizeof *t.comp);
    t.on_stack = efn__calloc(n, 1);
    inside = efn__calloc(n, sizeof *inside);
    if (!t.index || !t.low || !t.stack || !t.comp || !t.on_stack || !inside) {
        ctx->nomem = 1;
        bad = -1;
        goto done;
    }
    for (i = 0; i < n; i++)
        if (!t.index[i])
            strongconnect(&t, i);
    /* inside[v]: the share of v held by members of v's own block. */
    for (i = 0; i < n; i++)
        for (k = 0; k < net->owners[i].nparents; k++)
            if (t.comp[net->owners[i].parents[k].owner] == t.comp[i])
                inside[i] += net->owners[i].parents[k].share;
    for (i = 0; i < n; i++) {
        size_t c = t.comp[i], j, first = i;
        int closed = 1, cyclic = 0;
        /* Report each block once, at its first member. */
        for (j = 0; j < i; j++)
            if (t.comp[j] == c)
                break;
        if (j < i)
            continue;
        for (j = i; j < n; j++) {
            if (t.comp[j] != c)
                continue;
            if (inside[j] > 0)
                cyclic = 1;
            if (fabs(inside[j] - 100) > 1e-9)
                closed = 0;
        }
        if (cyclic && closed) {
            efn__buf names = {0};
            size_t old;
            for (j = i; j < n; j++)
                if (t.comp[j] == c)
                    efn__buf_printf(&names, "%s%s", names.len ? ", " : "",
                                    net->owners[j].id);
            old = efn__path_push(ctx, "owners[%zu].owners", first);
            efn__report(ctx, NULL,
                        "ownership cycle with no outside owner: %s own each "
                        "other wholly, so look-through ownership cannot "
                        "resolve",
                        names.data ? names.data : net->owners[i].id);
            efn__path_pop(ctx, old);
            efn__buf_free(&names);
            bad = -1;
            if (!ctx->collect)
                break;
        }
    }
done:
    efn__free(t.index);
    efn__free(t.low);
    efn__free(t.stack);
    efn__free(t.comp);
    efn__free(t.on_stack);
    efn__free(inside);
    return bad;
}
