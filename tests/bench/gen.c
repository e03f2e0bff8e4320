/*
 * efn benchmark: a seeded generator of networks in efn's JSON format.
 *
 *   bench_gen pipeline NODES SEED OUT.json
 *       Pipeline-like: NODES nodes on a jittered grid; a random spanning
 *       tree of the grid (a "growing tree" that extends its newest cell by
 *       Warnsdorff's rule, and 1 time in 100 a random cell, so long winding
 *       lines with branches), cut into routes along its heaviest paths, of
 *       8 to 20 segments at most; about 12% extra edges as looping lines
 *       of 1 to 10 segments along unused grid edges. Every asset is
 *       bidirectional; capacities are log-uniform on [0.5, 20] bcm/y (to
 *       0.1); 5% of the nodes supply log-uniform [2, 40] bcm/y (to 0.1),
 *       30% demand log-uniform [0.05, 5] bcm/y (to 0.01). length_km is an
 *       integer multiple of the route's segment count, so the cost per
 *       segment (length / segments) is an integer and integer solvers see
 *       the same costs. Edges per node: about 1.12 (GasLib-582: 1.05).
 *
 *   bench_gen genrmf A B SEED OUT.json
 *       GENRMF (Goldfarb and Grigoriadis 1988): B frames of A x A grids;
 *       inside a frame neighbours are joined both ways (one bidirectional
 *       asset) with capacity C2 A^2; vertex i of frame f feeds vertex
 *       perm(i) of frame f + 1 with an integer capacity uniform in
 *       [C1, C2] (C1 = 1, C2 = 1000). Source: the first vertex (supply
 *       1e7), sink: the last (demand 1e7). Costs for the allocation: an
 *       integer length_km uniform in [1, 100] per asset (GENRMF has none).
 *
 * Every figure is a multiple of 0.01, so solvers working in integers
 * (hundredths) see exactly the same problem. xorshift64*: the same network
 * on every platform for the same arguments. Prints one line of counts.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = UINT64_C(0x2545F4914F6CDD1D);

static uint64_t next_u64(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * UINT64_C(2685821657736338717);
}

static size_t below(size_t n)
{
    return (size_t)(next_u64() % n);
}

static double uniform(void)
{
    return (double)(next_u64() >> 11) * (1.0 / 9007199254740992.0);
}

static double log_uniform(double lo, double hi, double step)
{
    double v = exp(log(lo) + uniform() * (log(hi) - log(lo)));
    v = round(v / step) * step;
    return v < step ? step : v;
}

static void seed_rng(unsigned long long seed)
{
    int i;
    rng ^= (uint64_t)seed * UINT64_C(0x9E3779B97F4A7C15);
    if (!rng)
        rng = 1;
    for (i = 0; i < 16; i++)
        next_u64();
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fprintf(stderr, "bench_gen: out of memory\n");
        exit(2);
    }
    return p;
}

/* ---- pipeline-like ------------------------------------------------------ */

typedef struct route {
    size_t start, len; /* into the flat route store */
} route;

static size_t *store;
static size_t nstore, capstore;
static route *routes;
static size_t nroutes, caproutes;

static void store_push(size_t v)
{
    if (nstore == capstore) {
        capstore = capstore ? 2 * capstore : 1024;
        store = realloc(store, capstore * sizeof *store);
        if (!store)
            exit(2);
    }
    store[nstore++] = v;
}

static void route_begin(void)
{
    if (nroutes == caproutes) {
        caproutes = caproutes ? 2 * caproutes : 1024;
        routes = realloc(routes, caproutes * sizeof *routes);
        if (!routes)
            exit(2);
    }
    routes[nroutes].start = nstore;
    routes[nroutes].len = 0;
    nroutes++;
}

static void route_add(size_t v)
{
    store_push(v);
    routes[nroutes - 1].len++;
}

static double km(double lat1, double lon1, double lat2, double lon2)
{
    double p = M_PI / 180, x = (lon2 - lon1) * p * cos((lat1 + lat2) * p / 2),
           y = (lat2 - lat1) * p;
    return 6371.0 * sqrt(x * x + y * y);
}

/* Grid edge id of neighbours a < b: 2a (right) or 2a + 1 (down). */
static size_t edge_id(size_t a, size_t b, size_t w)
{
    if (a > b) {
        size_t t = a;
        a = b;
        b = t;
    }
    return 2 * a + (b == a + w ? 1 : 0);
}

static size_t neighbours(size_t v, size_t n, size_t w, size_t *out)
{
    size_t k = 0, c = v % w;
    if (c + 1 < w && v + 1 < n)
        out[k++] = v + 1;
    if (c > 0)
        out[k++] = v - 1;
    if (v + w < n)
        out[k++] = v + w;
    if (v >= w)
        out[k++] = v - w;
    return k;
}

static int pipeline(size_t n, FILE *f)
{
    size_t w = (size_t)ceil(sqrt((double)n)), h = (n + w - 1) / w;
    double *lat = xcalloc(n, sizeof *lat), *lon = xcalloc(n, sizeof *lon);
    size_t *parent = xcalloc(n, sizeof *parent),
           *order = xcalloc(n, sizeof *order);
    size_t *active = xcalloc(n, sizeof *active);
    unsigned char *seen = xcalloc(n, 1), *used = xcalloc(2 * n + 2, 1);
    unsigned char *role = xcalloc(n, 1); /* 0 junction, 1 supply, 2 demand */
    size_t *first_child = xcalloc(n + 1, sizeof *first_child);
    size_t *children = xcalloc(n, sizeof *children);
    size_t *cont_len = xcalloc(n, sizeof *cont_len),
           *cont_target = xcalloc(n, sizeof *cont_target);
    size_t nactive = 0, norder = 0, i, nb[4], v, tree_edges = 0, extra = 0;
    size_t target_extra = (size_t)llround(0.12 * (double)n), nsup = 0, ndem = 0;
    size_t *perm = xcalloc(n, sizeof *perm), *sub = xcalloc(n, sizeof *sub);

    for (v = 0; v < n; v++) {
        size_t r = v / w, c = v % w;
        lat[v] = 30.0 +
                 40.0 * ((double)r + 0.5 + 0.7 * (uniform() - 0.5)) / (double)h;
        lon[v] = -15.0 +
                 70.0 * ((double)c + 0.5 + 0.7 * (uniform() - 0.5)) / (double)w;
    }
    /* Growing tree. */
    v = below(n);
    seen[v] = 1;
    parent[v] = SIZE_MAX;
    active[nactive++] = v;
    order[norder++] = v;
    while (nactive) {
        size_t idx = uniform() < 0.99 ? nactive - 1 : below(nactive), k, m = 0;
        size_t cell = active[idx];
        k = neighbours(cell, n, w, nb);
        for (i = 0; i < k; i++)
            if (!seen[nb[i]])
                nb[m++] = nb[i];
        if (!m) {
            active[idx] = active[--nactive];
            continue;
        }
        {
            /* Warnsdorff's rule (the neighbour with the fewest unvisited
             * neighbours, ties at random) keeps dead ends, and so leaves,
             * rare: long winding lines, as pipelines are. */
            size_t best = SIZE_MAX, nbest = 0, j, nb2[4];
            for (i = 0; i < m; i++) {
                size_t k2 = neighbours(nb[i], n, w, nb2), free_ = 0;
                for (j = 0; j < k2; j++)
                    free_ += !seen[nb2[j]];
                if (free_ < best) {
                    best = free_;
                    nbest = 0;
                }
                if (free_ == best)
                    nb[nbest++] = nb[i];
            }
            v = nb[below(nbest)];
        }
        seen[v] = 1;
        parent[v] = cell;
        used[edge_id(v, cell, w)] = 1;
        active[nactive++] = v;
        order[norder++] = v;
        tree_edges++;
    }
    /* Children in CSR form, in visit order. */
    for (i = 0; i < n; i++)
        if (parent[i] != SIZE_MAX)
            first_child[parent[i] + 1]++;
    for (i = 0; i < n; i++)
        first_child[i + 1] += first_child[i];
    {
        size_t *fill = xcalloc(n, sizeof *fill);
        for (i = 1; i < norder; i++) {
            size_t c = order[i], p = parent[c];
            children[first_child[p] + fill[p]++] = c;
        }
        free(fill);
    }
    /* Subtree sizes, children before parents. */
    for (i = 0; i < n; i++)
        sub[i] = 1;
    for (i = norder; i-- > 1;)
        sub[parent[order[i]]] += sub[order[i]];
    /* Routes: a chain continues into one child until it reaches its target
     * length; the other children start routes of their own. */
    {
        size_t *cont = xcalloc(n, sizeof *cont);
        for (i = 0; i < n; i++)
            cont[i] = SIZE_MAX;
        cont_len[order[0]] = 0;
        cont_target[order[0]] = 8 + below(13);
        for (i = 0; i < norder; i++) {
            size_t p = order[i], a = first_child[p], b = first_child[p + 1], k;
            if (a == b)
                continue;
            /* the chain continues into the child with the largest subtree
             * (a trunk line); the others branch off */
            for (k = a; a < b; a++)
                if (sub[children[a]] > sub[children[k]])
                    k = a;
            a = first_child[p];
            for (; a < b; a++) {
                size_t c = children[a];
                if (a == k && cont_len[p] > 0 && cont_len[p] < cont_target[p]) {
                    cont[p] = c;
                    cont_len[c] = cont_len[p] + 1;
                    cont_target[c] = cont_target[p];
                } else {
                    /* a new route p -> c */
                    cont_len[c] = 1;
                    cont_target[c] = 8 + below(13);
                    route_begin();
                    route_add(p);
                    route_add(c);
                }
            }
        }
        /* Extend each route along the continuation pointers. */
        {
            size_t r0 = nroutes, r;
            for (r = 0; r < r0; r++) {
                size_t last = store[routes[r].start + 1];
                /* routes were stored in two-node form; rebuild into the
                 * store's end so each route stays contiguous */
                size_t first = store[routes[r].start];
                routes[r].start = nstore;
                routes[r].len = 0;
                store_push(first);
                routes[r].len++;
                for (v = last; v != SIZE_MAX; v = cont[v]) {
                    store_push(v);
                    routes[r].len++;
                }
            }
        }
        free(cont);
    }
    /* Extra edges: walks of 1 to 10 segments along unused grid edges. */
    {
        size_t tries = 0;
        while (extra < target_extra && tries < 50 * n) {
            size_t cur = below(n), len = 1 + below(10), steps = 0;
            tries++;
            route_begin();
            route_add(cur);
            while (steps < len && extra < target_extra) {
                size_t k = neighbours(cur, n, w, nb), m = 0, j;
                for (i = 0; i < k; i++) {
                    int on = 0;
                    if (used[edge_id(cur, nb[i], w)])
                        continue;
                    for (j = 0; j < routes[nroutes - 1].len; j++)
                        if (store[routes[nroutes - 1].start + j] == nb[i])
                            on = 1;
                    if (!on)
                        nb[m++] = nb[i];
                }
                if (!m)
                    break;
                v = nb[below(m)];
                used[edge_id(cur, v, w)] = 1;
                route_add(v);
                cur = v;
                steps++;
                extra++;
            }
            if (routes[nroutes - 1].len < 2) {
                nstore = routes[nroutes - 1].start;
                nroutes--;
            }
        }
    }
    /* Roles. */
    for (i = 0; i < n; i++)
        perm[i] = i;
    for (i = n - 1; i > 0; i--) {
        size_t j = below(i + 1), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    nsup = (size_t)llround(0.05 * (double)n);
    ndem = (size_t)llround(0.30 * (double)n);
    if (nsup < 1)
        nsup = 1;
    if (ndem < 1)
        ndem = 1;
    for (i = 0; i < nsup; i++)
        role[perm[i]] = 1;
    for (i = nsup; i < nsup + ndem && i < n; i++)
        role[perm[i]] = 2;

    fprintf(f,
            "{\"efn\":1,\"kind\":\"network\",\"metadata\":{\"title\":"
            "\"Generated pipeline-like network (%zu nodes)\",\"year\":2023},\n"
            "\"nodes\":[\n",
            n);
    for (v = 0; v < n; v++) {
        size_t r = v / w, c = v % w;
        fprintf(f,
                "{\"id\":\"n%zu\",\"kind\":\"%s\",\"country\":\"R%zu%zu\","
                "\"lat\":%.4f,\"lon\":%.4f",
                v,
                role[v] == 1   ? "field"
                : role[v] == 2 ? "market"
                               : "junction",
                r * 8 / h, c * 8 / w, lat[v], lon[v]);
        if (role[v] == 1)
            fprintf(f, ",\"supply\":{\"gas\":%.1f}", log_uniform(2, 40, 0.1));
        else if (role[v] == 2)
            fprintf(f, ",\"demand\":{\"gas\":%.2f}",
                    log_uniform(0.05, 5, 0.01));
        fprintf(f, "}%s\n", v + 1 < n ? "," : "");
    }
    fprintf(f, "],\n\"assets\":[\n");
    {
        size_t r, segs = 0;
        for (r = 0; r < nroutes; r++) {
            const size_t *rt = store + routes[r].start;
            size_t len = routes[r].len, k;
            double dist = 0;
            long per;
            for (k = 0; k + 1 < len; k++)
                dist +=
                    km(lat[rt[k]], lon[rt[k]], lat[rt[k + 1]], lon[rt[k + 1]]);
            per = lround(dist / (double)(len - 1));
            if (per < 1)
                per = 1;
            fprintf(f, "{\"id\":\"p%zu\",\"commodity\":\"gas\",\"route\":[", r);
            for (k = 0; k < len; k++)
                fprintf(f, "%s\"n%zu\"", k ? "," : "", rt[k]);
            fprintf(f,
                    "],\"capacity\":%.1f,\"length_km\":%ld,\"bidirectional\":"
                    "true}%s\n",
                    log_uniform(0.5, 20, 0.1), per * (long)(len - 1),
                    r + 1 < nroutes ? "," : "");
            segs += len - 1;
        }
        fprintf(f, "]}\n");
        printf("pipeline nodes=%zu assets=%zu segments=%zu tree=%zu extra=%zu "
               "supply=%zu demand=%zu arcs=%zu segs_per_asset=%.2f "
               "edges_per_node=%.3f\n",
               n, nroutes, segs, tree_edges, extra, nsup, ndem,
               2 * segs + nsup + ndem, (double)segs / (double)nroutes,
               (double)segs / (double)n);
    }
    free(lat);
    free(lon);
    free(parent);
    free(order);
    free(active);
    free(seen);
    free(used);
    free(role);
    free(first_child);
    free(children);
    free(cont_len);
    free(cont_target);
    free(perm);
    free(sub);
    return 0;
}

/* ---- GENRMF ------------------------------------------------------------- */

static int genrmf(size_t a, size_t b, FILE *f)
{
    size_t aa = a * a, n = aa * b, fr, x, y, i, id = 0, arcs = 0;
    double c1 = 1, c2 = 1000;
    size_t *perm = xcalloc(aa, sizeof *perm);
    fprintf(f,
            "{\"efn\":1,\"kind\":\"network\",\"metadata\":{\"title\":"
            "\"Generated GENRMF network (a=%zu, b=%zu)\",\"year\":2023},\n"
            "\"nodes\":[\n",
            a, b);
    for (i = 0; i < n; i++) {
        fprintf(f, "{\"id\":\"g%zu\",\"kind\":\"%s\",\"country\":\"R00\"", i,
                i == 0       ? "field"
                : i + 1 == n ? "market"
                             : "junction");
        if (i == 0)
            fprintf(f, ",\"supply\":{\"gas\":10000000}");
        if (i + 1 == n)
            fprintf(f, ",\"demand\":{\"gas\":10000000}");
        fprintf(f, "}%s\n", i + 1 < n ? "," : "");
    }
    fprintf(f, "],\n\"assets\":[\n");
    for (fr = 0; fr < b; fr++) {
        for (x = 0; x < a; x++)
            for (y = 0; y < a; y++) {
                size_t v = fr * aa + x * a + y;
                if (x + 1 < a) {
                    fprintf(f,
                            "%s{\"id\":\"q%zu\",\"commodity\":\"gas\","
                            "\"route\":[\"g%zu\",\"g%zu\"],"
                            "\"capacity\":%.0f,\"length_km\":%zu,"
                            "\"bidirectional\":true}\n",
                            id ? "," : "", id, v, v + a, c2 * (double)aa,
                            1 + below(100));
                    id++;
                    arcs += 2;
                }
                if (y + 1 < a) {
                    fprintf(f,
                            "%s{\"id\":\"q%zu\",\"commodity\":\"gas\","
                            "\"route\":[\"g%zu\",\"g%zu\"],"
                            "\"capacity\":%.0f,\"length_km\":%zu,"
                            "\"bidirectional\":true}\n",
                            id ? "," : "", id, v, v + 1, c2 * (double)aa,
                            1 + below(100));
                    id++;
                    arcs += 2;
                }
            }
        if (fr + 1 == b)
            break;
        for (i = 0; i < aa; i++)
            perm[i] = i;
        for (i = aa - 1; i > 0; i--) {
            size_t j = below(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (i = 0; i < aa; i++) {
            fprintf(f,
                    "%s{\"id\":\"q%zu\",\"commodity\":\"gas\",\"route\":[\"g%"
                    "zu\",\"g%zu\"],"
                    "\"capacity\":%.0f,\"length_km\":%zu}\n",
                    id ? "," : "", id, fr * aa + i, (fr + 1) * aa + perm[i],
                    c1 + (double)below((size_t)(c2 - c1) + 1), 1 + below(100));
            id++;
            arcs++;
        }
    }
    fprintf(f, "]}\n");
    printf(
        "genrmf a=%zu b=%zu nodes=%zu assets=%zu arcs=%zu (+2 source/sink)\n",
        a, b, n, id, arcs);
    free(perm);
    return 0;
}

int main(int argc, char **argv)
{
    FILE *f;
    int rc;
    if (argc == 5 && strcmp(argv[1], "pipeline") == 0) {
        size_t n = (size_t)strtoull(argv[2], NULL, 10);
        if (n < 4) {
            fprintf(stderr, "bench_gen: need at least 4 nodes\n");
            return 2;
        }
        seed_rng(strtoull(argv[3], NULL, 10));
        if (!(f = fopen(argv[4], "w")))
            return perror(argv[4]), 2;
        rc = pipeline(n, f);
    } else if (argc == 6 && strcmp(argv[1], "genrmf") == 0) {
        size_t a = (size_t)strtoull(argv[2], NULL, 10),
               b = (size_t)strtoull(argv[3], NULL, 10);
        if (a < 2 || b < 2) {
            fprintf(stderr, "bench_gen: need a, b >= 2\n");
            return 2;
        }
        seed_rng(strtoull(argv[4], NULL, 10));
        if (!(f = fopen(argv[5], "w")))
            return perror(argv[5]), 2;
        rc = genrmf(a, b, f);
    } else {
        fprintf(stderr, "usage: bench_gen pipeline NODES SEED OUT.json\n"
                        "       bench_gen genrmf A B SEED OUT.json\n");
        return 2;
    }
    if (fclose(f) != 0)
        return perror("bench_gen"), 2;
    return rc;
}
