/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * risk.c: Monte Carlo supply risk on worker threads. Reproducibility rests
 * on three things: sample i draws only from a generator seeded by
 * (seed, i); every sample's outcome lands in a slot by its index; and the
 * statistics are accumulated in index order, on the calling thread, after
 * each batch. So one worker and N workers give the same bits.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glpk.h>
#include <gsl/gsl_rng.h>

#include "flowcore.h"
#include "maxvalue.h"

/* A flow below this carries nothing (1 m3/y of gas), as in n1.c. */
#define EFN_RISK_FLOW_EPS 1e-9

/* ---- the result ---------------------------------------------------------- */

struct efn_risk {
    const efn_network *net;
    efn_commodity commodity;
    int year;
    efn_allocation mode;
    size_t samples, requested, shortfall_samples;
    int stopped_early;
    uint64_t seed;
    unsigned workers;
    double target_rse, tolerance;
    double demand_total, base_total, mean_total, se_total;
    double rate, default_probability; /* as used; rate NaN: none */
    size_t ncons, nassets, nevents;
    efn_risk_consumer *cons;
    efn_risk_asset *assets;
    efn_risk_event *events;
};

void efn_risk_free(efn_risk *r)
{
    if (!r)
        return;
    efn__free(r->cons);
    efn__free(r->assets);
    efn__free(r->events);
    efn__free(r);
}

/* ---- the risk data --------------------------------------------------------
 * Read from the network's document: assets[i].outage_probability and the
 * top-level `risk` object. Problems are EFN_EINVALID naming file and path. */

typedef struct risk_event {
    efn_risk_event_kind kind;
    const char *id;
    double probability;
    size_t nlisted; /* groups: network asset indexes listed */
    size_t *listed;
    size_t nassets; /* the risk assets it takes down */
    size_t *assets;
} risk_event;

typedef struct risk_data {
    double rate;      /* NaN: absent */
    double default_p; /* NaN: absent */
    double *own_p;    /* per network asset; NaN: absent */
    size_t nevents;
    risk_event *events;
} risk_data;

static void risk_data_free(risk_data *d)
{
    size_t i;
    for (i = 0; i < d->nevents; i++) {
        efn__free(d->events[i].listed);
        efn__free(d->events[i].assets);
    }
    efn__free(d->events);
    efn__free(d->own_p);
    memset(d, 0, sizeof *d);
}

static const char *type_name(const cJSON *item)
{
    return efn__json_type_name(item);
}

static int bad(const efn_network *net, const char *path, const char *fmt, ...)
    EFN_PRINTF(3, 4);

static int bad(const efn_network *net, const char *path, const char *fmt, ...)
{
    char problem[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(problem, sizeof problem, fmt, ap);
    va_end(ap);
    return efn__error(EFN_EINVALID, "%s: %s: %s", net->source, path, problem);
}

/* A probability: a number from 0 to 1. */
static int read_probability(double *out, const efn_network *net,
                            const cJSON *item, const char *path)
{
    if (!cJSON_IsNumber(item))
        return bad(net, path,
                   "expected a probability (a number from 0 to 1), "
                   "got %s",
                   type_name(item));
    if (!(item->valuedouble >= 0 && item->valuedouble <= 1))
        return bad(net, path, "probability %g is outside [0, 1]",
                   item->valuedouble);
    *out = item->valuedouble;
    return EFN_OK;
}

static int key_is(const cJSON *item, const char *const *keys)
{
    for (; *keys; keys++)
        if (strcmp(item->string, *keys) == 0)
            return 1;
    return 0;
}

static int read_groups(risk_data *d, const efn_network *net,
                       const cJSON *groups, size_t first)
{
    static const char *const known[] = {
        "id", "name", "probability", "assets", "sources", "note", NULL};
    const cJSON *g, *k;
    char path[256];
    size_t gi = 0, q;
    cJSON_ArrayForEach(g, groups)
    {
        risk_event *ev = &d->events[first + gi];
        const cJSON *id, *p, *assets, *a;
        size_t ai = 0;
        snprintf(path, sizeof path, "risk.groups[%zu]", gi);
        if (!cJSON_IsObject(g))
            return bad(net, path, "expected an object, got %s", type_name(g));
        cJSON_ArrayForEach(k, g)
        {
            if (!key_is(k, known))
                return bad(net, path,
                           "unknown key '%.64s'; expected id, name, "
                           "probability, assets, sources or note",
                           k->string);
        }
        id = cJSON_GetObjectItemCaseSensitive(g, "id");
        if (!cJSON_IsString(id) || !id->valuestring[0])
            return bad(net, path, "expected a non-empty string 'id', got %s",
                       id ? type_name(id) : "nothing");
        for (q = first; q < first + gi; q++)
            if (strcmp(d->events[q].id, id->valuestring) == 0)
                return bad(net, path, "group id '%.64s' is used twice",
                           id->valuestring);
        ev->kind = EFN_RISK_GROUP;
        ev->id = id->valuestring;
        p = cJSON_GetObjectItemCaseSensitive(g, "probability");
        snprintf(path, sizeof path, "risk.groups[%zu].probability", gi);
        if (!p)
            return bad(net, path, "missing; a group needs its probability");
        if (read_probability(&ev->probability, net, p, path) != EFN_OK)
            return EFN_EINVALID;
        assets = cJSON_GetObjectItemCaseSensitive(g, "assets");
        snprintf(path, sizeof path, "risk.groups[%zu].assets", gi);
        if (!cJSON_IsArray(assets))
            return bad(net, path, "expected an array of asset ids, got %s",
                       assets ? type_name(assets) : "nothing");
        ev->listed = efn__calloc((size_t)cJSON_GetArraySize(assets) + 1,
                                 sizeof *ev->listed);
        if (!ev->listed)
            return efn__nomem();
        cJSON_ArrayForEach(a, assets)
        {
            long idx;
            snprintf(path, sizeof path, "risk.groups[%zu].assets[%zu]", gi, ai);
            if (!cJSON_IsString(a))
                return bad(net, path, "expected an asset id, got %s",
                           type_name(a));
            idx = efn__find_asset(net, a->valuestring);
            if (idx < 0)
                return bad(net, path, "no asset '%.128s'", a->valuestring);
            ev->listed[ev->nlisted++] = (size_t)idx;
            ai++;
        }
        gi++;
    }
    return EFN_OK;
}

static int read_risk_data(risk_data *d, const efn_network *net)
{
    static const char *const known[] = {"outage_rate_per_1000km_year",
                                        "default_outage_probability",
                                        "countries",
                                        "groups",
                                        "sources",
                                        "note",
                                        NULL};
    const cJSON *doc, *risk, *assets, *a, *v, *k, *countries = NULL,
                                                  *groups = NULL;
    char path[256];
    size_t i, n;
    memset(d, 0, sizeof *d);
    d->rate = d->default_p = NAN;
    d->own_p = efn__malloc((net->nassets + 1) * sizeof *d->own_p);
    if (!d->own_p)
        return efn__nomem();
    for (i = 0; i < net->nassets; i++)
        d->own_p[i] = NAN;

    /* A network whose document was let go (efn__doc) says whether it gave
     * any risk data: without, there is nothing to parse the text for. */
    if (!efn__has_risk_data(net))
        return EFN_OK;
    /* The loader read `assets` in array order, so element i is asset i. */
    if (!(doc = efn__doc(net)))
        return efn__nomem();
    assets = cJSON_GetObjectItemCaseSensitive(doc, "assets");
    i = 0;
    cJSON_ArrayForEach(a, assets)
    {
        if (i >= net->nassets)
            break;
        v = cJSON_GetObjectItemCaseSensitive(a, "outage_probability");
        if (v) {
            snprintf(path, sizeof path, "assets[%zu].outage_probability", i);
            if (read_probability(&d->own_p[i], net, v, path) != EFN_OK)
                return EFN_EINVALID;
        }
        i++;
    }

    risk = cJSON_GetObjectItemCaseSensitive(doc, "risk");
    if (!risk)
        return EFN_OK;
    if (!cJSON_IsObject(risk))
        return bad(net, "risk", "expected an object, got %s", type_name(risk));
    cJSON_ArrayForEach(k, risk)
    {
        if (!key_is(k, known))
            return bad(net, "risk",
                       "unknown key '%.64s'; expected "
                       "outage_rate_per_1000km_year, "
                       "default_outage_probability, countries, groups, "
                       "sources or note",
                       k->string);
    }
    v = cJSON_GetObjectItemCaseSensitive(risk, "outage_rate_per_1000km_year");
    if (v) {
        if (!cJSON_IsNumber(v))
            return bad(net, "risk.outage_rate_per_1000km_year",
                       "expected a number of incidents per 1000 km per "
                       "year, got %s",
                       type_name(v));
        if (!(v->valuedouble >= 0) || isinf(v->valuedouble))
            return bad(net, "risk.outage_rate_per_1000km_year",
                       "rate %g must be finite and >= 0", v->valuedouble);
        d->rate = v->valuedouble;
    }
    v = cJSON_GetObjectItemCaseSensitive(risk, "default_outage_probability");
    if (v && read_probability(&d->default_p, net, v,
                              "risk.default_outage_probability") != EFN_OK)
        return EFN_EINVALID;

    n = 0;
    countries = cJSON_GetObjectItemCaseSensitive(risk, "countries");
    if (countries) {
        if (!cJSON_IsObject(countries))
            return bad(net, "risk.countries",
                       "expected an object of country: probability, got %s",
                       type_name(countries));
        n += (size_t)cJSON_GetArraySize(countries);
    }
    groups = cJSON_GetObjectItemCaseSensitive(risk, "groups");
    if (groups) {
        if (!cJSON_IsArray(groups))
            return bad(net, "risk.groups", "expected an array, got %s",
                       type_name(groups));
        n += (size_t)cJSON_GetArraySize(groups);
    }
    d->events = efn__calloc(n + 1, sizeof *d->events);
    if (!d->events)
        return efn__nomem();
    d->nevents = n;
    i = 0;
    if (countries) {
        cJSON_ArrayForEach(v, countries)
        {
            risk_event *ev = &d->events[i++];
            snprintf(path, sizeof path, "risk.countries.%.64s", v->string);
            if (!v->string[0])
                return bad(net, "risk.countries", "empty country code");
            ev->kind = EFN_RISK_COUNTRY;
            ev->id = v->string;
            if (read_probability(&ev->probability, net, v, path) != EFN_OK)
                return EFN_EINVALID;
        }
    }
    if (groups)
        return read_groups(d, net, groups, i);
    return EFN_OK;
}

/* ---- one run ------------------------------------------------------------- */

typedef struct risk_run risk_run;

/* What each thread owns: nothing here is touched by another thread. */
typedef struct worker {
    risk_run *run;
    unsigned index;
    pthread_t thread;
    efn__mv mv; /* the sample's maximum flow value and cut */
    gsl_rng *rng;
    double *cap, *fcap, *flow, *delivered;
    unsigned char *cut;
    int rc;
    char message[1024];
} worker;

struct risk_run {
    /* read-only while workers run */
    const efn__fp *fp;
    efn_allocation mode;
    uint64_t seed;
    size_t nra, ncons, nevents;
    const size_t *seg_ra;         /* nseg: the risk asset of each segment */
    const double *p;              /* nra */
    const unsigned char *carried; /* nra: carried flow in the base */
    const risk_event *events;
    const double *demand, *base_delivered, *base_unserved; /* ncons */
    double base_total, tolerance;
    unsigned nworkers;
    /* the batch: slot s holds sample first + s */
    size_t first, count;
    size_t next;        /* the next slot to claim (atomically, in chunks) */
    double *b_unserved; /* count x ncons */
    unsigned char *b_failed; /* count x nra */
    unsigned char *b_cut;    /* count x nra */
    unsigned char *b_event;  /* count x nevents */
    unsigned char *b_short;  /* count */
    /* the pool */
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    unsigned long generation;
    unsigned pending;
    int quit;
};

/* splitmix64's finaliser (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014). */
static uint64_t mix64(uint64_t z)
{
    z += UINT64_C(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* The seed of sample i. GSL's MT19937 keeps 32 bits of a seed, so the 64
 * bits are folded into those. */
static unsigned long sample_seed(uint64_t seed, size_t i)
{
    uint64_t h = mix64(mix64(seed) ^ (uint64_t)i);
    return (unsigned long)((h ^ (h >> 32)) & UINT64_C(0xffffffff));
}

/* A delivery within the tolerance of the base is the base (the allocation's
 * linear programs accept a relative slack of 1e-9, so smaller differences
 * are the solver's, not a loss); else it is snapped to its bounds. */
static double settle(double d, double demand, double base, double tol)
{
    if (fabs(d - base) <= tol)
        return base;
    if (d >= demand - tol)
        return demand;
    if (d <= tol)
        return 0;
    return d;
}

static int run_sample(worker *w, size_t slot)
{
    risk_run *R = w->run;
    const efn__fp *fp = R->fp;
    size_t i = R->first + slot, k, q, e, j;
    size_t cons0 = fp->nseg + fp->nsup;
    unsigned char *failed = R->b_failed + slot * R->nra;
    unsigned char *oncut = R->b_cut + slot * R->nra;
    unsigned char *happened = R->b_event + slot * R->nevents;
    double *unserved = R->b_unserved + slot * R->ncons;
    double value = 0, total = 0;
    int resolve = 0, rc;

    gsl_rng_set(w->rng, sample_seed(R->seed, i));
    for (k = 0; k < R->nra; k++)
        failed[k] = gsl_rng_uniform(w->rng) < R->p[k];
    for (q = 0; q < R->nevents; q++) {
        const risk_event *ev = &R->events[q];
        happened[q] = gsl_rng_uniform(w->rng) < ev->probability;
        if (happened[q])
            for (k = 0; k < ev->nassets; k++)
                failed[ev->assets[k]] = 1;
    }
    memset(oncut, 0, R->nra);
    R->b_short[slot] = 0;
    for (k = 0; k < R->nra && !resolve; k++)
        resolve = failed[k] && R->carried[k];
    if (!resolve) {
        /* The base allocation stays feasible without edges it does not
         * use, and it was optimal over a larger set of flows, so it is
         * optimal still: the sample changes nothing. */
        for (j = 0; j < R->ncons; j++)
            unserved[j] = R->base_unserved[j];
        return EFN_OK;
    }

    memcpy(w->cap, fp->cap, fp->nedges * sizeof *w->cap);
    for (e = 0; e < fp->nseg; e++)
        if (failed[R->seg_ra[e]])
            w->cap[e] = 0;
    efn__fp_finite_caps(fp, w->cap, w->fcap);
    if ((rc = efn__mv_solve(&w->mv, fp->source, fp->sink, w->fcap, &value,
                            w->cut)) != EFN_OK)
        return rc;
    /* Exact shortcuts before the linear programs: everyone served in
     * full, no one served, or one consumer taking the whole maximum. */
    if (value >= fp->demand_total - R->tolerance) {
        for (j = 0; j < R->ncons; j++)
            w->delivered[j] = R->demand[j];
    } else if (value <= R->tolerance) {
        for (j = 0; j < R->ncons; j++)
            w->delivered[j] = 0;
    } else if (R->mode == EFN_ALLOC_MAX && R->ncons == 1) {
        w->delivered[0] = value;
    } else {
        if ((rc = efn__fp_allocate(fp, w->cap, R->mode, w->flow, NULL)) !=
            EFN_OK)
            return rc;
        for (j = 0; j < R->ncons; j++)
            w->delivered[j] = w->flow[cons0 + j];
    }
    for (j = 0; j < R->ncons; j++) {
        double d = settle(w->delivered[j], R->demand[j], R->base_delivered[j],
                          R->tolerance);
        unserved[j] = d < R->demand[j] ? R->demand[j] - d : 0;
        total += d;
    }
    if (total < R->base_total - R->tolerance) {
        R->b_short[slot] = 1;
        for (e = 0; e < fp->nseg; e++)
            if (w->cut[e])
                oncut[R->seg_ra[e]] = 1;
    }
    return EFN_OK;
}

/* Slots are claimed a chunk at a time, so that a worker that drew cheap
 * samples (nothing carrying flow failed) takes more of them: up to 8 at a
 * time, fewer in small batches, where a few expensive samples would
 * otherwise land on one worker. Each sample goes to its own slot, whoever
 * runs it, so the results do not depend on who ran what. */
#define EFN_RISK_CHUNK 8

static void work_batch(worker *w)
{
    risk_run *R = w->run;
    size_t chunk = R->count / (8 * (size_t)R->nworkers);
    if (chunk > EFN_RISK_CHUNK)
        chunk = EFN_RISK_CHUNK;
    if (chunk < 1)
        chunk = 1;
    while (w->rc == EFN_OK) {
        size_t slot = __atomic_fetch_add(&R->next, chunk, __ATOMIC_RELAXED),
               end = slot + chunk;
        if (slot >= R->count)
            break;
        if (end > R->count)
            end = R->count;
        for (; slot < end && w->rc == EFN_OK; slot++) {
            int rc = run_sample(w, slot);
            if (rc != EFN_OK) {
                w->rc = rc;
                snprintf(w->message, sizeof w->message, "%s", efn_last_error());
            }
        }
    }
}

/*
 * Waiting between batches: a short spin before sleeping. The waits are
 * often short (on the corridor the main thread collects a batch in under
 * half a millisecond), and a thread that sleeps may take longer than that
 * to run again: on a
 * virtual machine an idle processor is itself put to sleep. Bounded, so a
 * long wait still sleeps. The counters are read and written atomically
 * (they are also written under the mutex, for the waits that sleep).
 */
#define EFN_RISK_SPIN 20000

static void spin_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* Spins until the next batch is out or the pool quits, for a while. */
static void spin_for_batch(risk_run *R, unsigned long seen)
{
    unsigned k;
    for (k = 0; k < EFN_RISK_SPIN; k++) {
        if (__atomic_load_n(&R->generation, __ATOMIC_ACQUIRE) != seen ||
            __atomic_load_n(&R->quit, __ATOMIC_ACQUIRE))
            return;
        spin_pause();
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    risk_run *R = w->run;
    unsigned long seen = 0;
    for (;;) {
        spin_for_batch(R, seen);
        pthread_mutex_lock(&R->mu);
        while (R->generation == seen && !R->quit)
            pthread_cond_wait(&R->go, &R->mu);
        if (R->quit) {
            pthread_mutex_unlock(&R->mu);
            break;
        }
        seen = R->generation;
        pthread_mutex_unlock(&R->mu);
        work_batch(w);
        pthread_mutex_lock(&R->mu);
        if (__atomic_sub_fetch(&R->pending, 1, __ATOMIC_ACQ_REL) == 0)
            pthread_cond_signal(&R->done);
        pthread_mutex_unlock(&R->mu);
    }
    /* GLPK keeps one environment per thread; this one ends here. */
    glp_free_env();
    return NULL;
}

static void worker_free(worker *w)
{
    efn__mv_free(&w->mv);
    if (w->rng)
        gsl_rng_free(w->rng);
    efn__free(w->cap);
    efn__free(w->fcap);
    efn__free(w->flow);
    efn__free(w->delivered);
    efn__free(w->cut);
}

static int worker_init(worker *w, risk_run *R, unsigned index)
{
    const efn__fp *fp = R->fp;
    size_t m = fp->nedges;
    int rc;
    memset(w, 0, sizeof *w);
    w->run = R;
    w->index = index;
    /* a bidirectional segment's edges share arcs */
    rc = efn__fp_mv_init(&w->mv, fp);
    if (rc != EFN_OK)
        return rc;
    w->rng = gsl_rng_alloc(gsl_rng_mt19937);
    w->cap = efn__malloc((m + 1) * sizeof *w->cap);
    w->fcap = efn__malloc((m + 1) * sizeof *w->fcap);
    w->flow = efn__malloc((m + 1) * sizeof *w->flow);
    w->delivered = efn__malloc((R->ncons + 1) * sizeof *w->delivered);
    w->cut = efn__malloc(m + 1);
    if (!w->rng || !w->cap || !w->fcap || !w->flow || !w->delivered ||
        !w->cut) {
        worker_free(w);
        return efn__nomem();
    }
    return EFN_OK;
}

/* Running statistics (Welford 1962), updated in sample order. */
typedef struct stat {
    double mean, m2;
} stat;

static void stat_add(stat *s, size_t n, double x)
{
    double d = x - s->mean;
    s->mean += d / (double)n;
    s->m2 += d * (x - s->mean);
}

static double stat_se(const stat *s, size_t n)
{
    if (n < 2)
        return NAN;
    return sqrt(s->m2 / (double)(n - 1) / (double)n);
}

/* The nearest rank of the q-quantile of n values: ceil(q n), in 1..n. */
static size_t nearest_rank(size_t n, double q)
{
    double r = ceil(q * (double)n);
    size_t rank = r < 1 ? 1 : (size_t)r;
    return rank > n ? n : rank;
}

/* Rearranges v[0 .. n) so that v[k] is the value a sort would put there,
 * with nothing larger before it and nothing smaller after: N. Wirth's
 * form of Hoare's FIND (C. A. R. Hoare, "Algorithm 65: Find", CACM 4(7),
 * 1961; N. Wirth, Algorithms + Data Structures = Programs, 1976), O(n) on
 * average against a sort's O(n log n), on the serial tail of a parallel
 * run. Returns v[k]; n >= 1, k < n. */
static double select_kth(double *v, size_t n, size_t k)
{
    long l = 0, m = (long)n - 1, kk = (long)k;
    while (l < m) {
        double x = v[kk];
        long i = l, j = m;
        do {
            while (v[i] < x)
                i++;
            while (x < v[j])
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        } while (i <= j);
        if (j < kk)
            l = i;
        if (kk < i)
            m = j;
    }
    return v[k];
}

static unsigned online_processors(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1u : (unsigned)n;
}

static int check_options(const efn_risk_options *o)
{
    if ((unsigned)o->commodity >= EFN_COMMODITY_COUNT)
        return efn__error(EFN_EARG, "efn_risk_run: unknown commodity %d",
                          (int)o->commodity);
    if (o->mode != EFN_ALLOC_MAX && o->mode != EFN_ALLOC_SHARED)
        return efn__error(EFN_EARG, "efn_risk_run: unknown allocation mode %d",
                          (int)o->mode);
    if (o->samples < 1)
        return efn__error(EFN_EARG, "efn_risk_run: samples is 0; expected at "
                                    "least 1");
    if (!(o->target_rse >= 0) || isinf(o->target_rse))
        return efn__error(EFN_EARG,
                          "efn_risk_run: target_rse %g; expected a finite "
                          "number >= 0 (0: no early stop)",
                          o->target_rse);
    if (isnan(o->default_probability) || o->default_probability > 1)
        return efn__error(EFN_EARG,
                          "efn_risk_run: default_probability %g; expected "
                          "a probability from 0 to 1, or < 0 for the "
                          "default",
                          o->default_probability);
    if (isnan(o->outage_rate_per_1000km_year) ||
        isinf(o->outage_rate_per_1000km_year))
        return efn__error(EFN_EARG,
                          "efn_risk_run: outage_rate_per_1000km_year %g; "
                          "expected a finite rate >= 0, or < 0 for the "
                          "default",
                          o->outage_rate_per_1000km_year);
    return EFN_OK;
}

/* Everything a run allocates, so that one exit frees it all. */
typedef struct scratch {
    risk_data data;
    efn__fp fp;
    int has_fp;
    risk_run run;
    int pool_ready;
    worker *workers;
    unsigned nworkers_init, nthreads;
    size_t *ra_asset, *seg_ra, *asset_ra, *sort_buf_n;
    double *p, *base_flow, *demand, *base_delivered, *base_unserved;
    double *all_unserved, *sort_buf;
    unsigned char *carried, *mark;
    efn_risk_source *source;
    stat *cons_stat;
    size_t *cons_short, *failures, *on_cut, *occurrences;
} scratch;

static void scratch_free(scratch *s)
{
    unsigned w;
    if (s->pool_ready) {
        pthread_mutex_lock(&s->run.mu);
        __atomic_store_n(&s->run.quit, 1, __ATOMIC_RELEASE);
        pthread_cond_broadcast(&s->run.go);
        pthread_mutex_unlock(&s->run.mu);
        for (w = 1; w < s->nthreads; w++)
            pthread_join(s->workers[w].thread, NULL);
        pthread_mutex_destroy(&s->run.mu);
        pthread_cond_destroy(&s->run.go);
        pthread_cond_destroy(&s->run.done);
    }
    for (w = 0; w < s->nworkers_init; w++)
        worker_free(&s->workers[w]);
    efn__free(s->workers);
    efn__free(s->run.b_unserved);
    efn__free(s->run.b_failed);
    efn__free(s->run.b_cut);
    efn__free(s->run.b_event);
    efn__free(s->run.b_short);
    efn__free(s->ra_asset);
    efn__free(s->seg_ra);
    efn__free(s->asset_ra);
    efn__free(s->p);
    efn__free(s->base_flow);
    efn__free(s->demand);
    efn__free(s->base_delivered);
    efn__free(s->base_unserved);
    efn__free(s->all_unserved);
    efn__free(s->sort_buf);
    efn__free(s->carried);
    efn__free(s->mark);
    efn__free(s->source);
    efn__free(s->cons_stat);
    efn__free(s->cons_short);
    efn__free(s->failures);
    efn__free(s->on_cut);
    efn__free(s->occurrences);
    if (s->has_fp)
        efn__fp_free(&s->fp);
    risk_data_free(&s->data);
}

static int asset_in_country(const efn_network *net, size_t a,
                            const char *country)
{
    size_t k;
    for (k = 0; k < net->assets[a].nroute; k++)
        if (strcmp(net->nodes[net->assets[a].route[k]].country, country) == 0)
            return 1;
    return 0;
}

/* The risk assets (active assets of the commodity with segments in the
 * flow problem), their probabilities and the events' asset lists. */
static int prepare_assets(scratch *s, efn_risk *r, const efn_network *net,
                          double rate, double default_p)
{
    const efn__fp *fp = &s->fp;
    size_t a, e, k, q, nra = 0;
    s->asset_ra = efn__malloc((net->nassets + 1) * sizeof *s->asset_ra);
    s->seg_ra = efn__malloc((fp->nseg + 1) * sizeof *s->seg_ra);
    s->ra_asset = efn__malloc((net->nassets + 1) * sizeof *s->ra_asset);
    if (!s->asset_ra || !s->seg_ra || !s->ra_asset)
        return efn__nomem();
    for (a = 0; a < net->nassets; a++)
        s->asset_ra[a] = SIZE_MAX;
    for (e = 0; e < fp->nseg; e++)
        s->asset_ra[fp->seg[e].asset] = 0;
    for (a = 0; a < net->nassets; a++)
        if (s->asset_ra[a] != SIZE_MAX) {
            s->asset_ra[a] = nra;
            s->ra_asset[nra++] = a;
        }
    for (e = 0; e < fp->nseg; e++)
        s->seg_ra[e] = s->asset_ra[fp->seg[e].asset];

    s->p = efn__calloc(nra + 1, sizeof *s->p);
    s->source = efn__calloc(nra + 1, sizeof *s->source);
    s->mark = efn__calloc(nra + 1, 1);
    if (!s->p || !s->source || !s->mark)
        return efn__nomem();
    for (k = 0; k < nra; k++) {
        const efn__asset *as = &net->assets[s->ra_asset[k]];
        double own = s->data.own_p[s->ra_asset[k]];
        if (!isnan(own)) {
            s->p[k] = own;
            s->source[k] = EFN_RISK_FROM_ASSET;
        } else if (!isnan(rate) && !isnan(as->length_km)) {
            /* Poisson incidents at `rate` per 1000 km-year: at least one
             * in the year. */
            s->p[k] = -expm1(-rate * as->length_km / 1000.0);
            s->source[k] = EFN_RISK_FROM_RATE;
        } else {
            s->p[k] = default_p;
            s->source[k] = EFN_RISK_FROM_DEFAULT;
        }
    }
    for (q = 0; q < s->data.nevents; q++) {
        risk_event *ev = &s->data.events[q];
        size_t n = 0;
        memset(s->mark, 0, nra + 1);
        if (ev->kind == EFN_RISK_COUNTRY) {
            for (k = 0; k < nra; k++)
                if (asset_in_country(net, s->ra_asset[k], ev->id))
                    s->mark[k] = 1;
        } else {
            for (k = 0; k < ev->nlisted; k++)
                if (s->asset_ra[ev->listed[k]] != SIZE_MAX)
                    s->mark[s->asset_ra[ev->listed[k]]] = 1;
        }
        ev->assets = efn__malloc((nra + 1) * sizeof *ev->assets);
        if (!ev->assets)
            return efn__nomem();
        for (k = 0; k < nra; k++)
            if (s->mark[k])
                ev->assets[n++] = k;
        ev->nassets = n;
    }
    r->nassets = nra;
    return EFN_OK;
}

/* The allocation with nothing failed. */
static int prepare_base(scratch *s, efn_risk *r)
{
    const efn__fp *fp = &s->fp;
    size_t j, e, cons0 = fp->nseg + fp->nsup;
    int rc;
    s->base_flow = efn__calloc(fp->nedges + 1, sizeof *s->base_flow);
    s->demand = efn__calloc(fp->ncons + 1, sizeof *s->demand);
    s->base_delivered = efn__calloc(fp->ncons + 1, sizeof *s->base_delivered);
    s->base_unserved = efn__calloc(fp->ncons + 1, sizeof *s->base_unserved);
    s->carried = efn__calloc(r->nassets + 1, 1);
    if (!s->base_flow || !s->demand || !s->base_delivered ||
        !s->base_unserved || !s->carried)
        return efn__nomem();
    if ((rc = efn__fp_allocate(fp, NULL, r->mode, s->base_flow, NULL)) !=
        EFN_OK)
        return rc;
    r->base_total = 0;
    for (j = 0; j < fp->ncons; j++) {
        double dem = fp->cap[cons0 + j];
        double d = settle(s->base_flow[cons0 + j], dem, dem, r->tolerance);
        if (d <= r->tolerance)
            d = 0;
        s->demand[j] = dem;
        s->base_delivered[j] = d;
        s->base_unserved[j] = dem - d;
        r->base_total += d;
    }
    for (e = 0; e < fp->nseg; e++)
        if (s->base_flow[e] > EFN_RISK_FLOW_EPS)
            s->carried[s->seg_ra[e]] = 1;
    return EFN_OK;
}

/* Starts workers 1..N-1 (worker 0 is the calling thread). When the system
 * refuses a thread, the run goes on with those it has: the result does not
 * depend on how many there are. */
static int start_pool(scratch *s, efn_risk *r, unsigned want)
{
    unsigned w;
    int rc;
    s->workers = efn__calloc(want, sizeof *s->workers);
    if (!s->workers)
        return efn__nomem();
    for (w = 0; w < want; w++) {
        if ((rc = worker_init(&s->workers[w], &s->run, w)) != EFN_OK) {
            if (w == 0)
                return rc;
            want = w; /* fewer workers, same result */
            break;
        }
        s->nworkers_init = w + 1;
    }
    if (pthread_mutex_init(&s->run.mu, NULL) != 0)
        return efn__error(EFN_ERROR, "risk: cannot create a mutex");
    if (pthread_cond_init(&s->run.go, NULL) != 0) {
        pthread_mutex_destroy(&s->run.mu);
        return efn__error(EFN_ERROR, "risk: cannot create a condition");
    }
    if (pthread_cond_init(&s->run.done, NULL) != 0) {
        pthread_cond_destroy(&s->run.go);
        pthread_mutex_destroy(&s->run.mu);
        return efn__error(EFN_ERROR, "risk: cannot create a condition");
    }
    s->pool_ready = 1;
    s->nthreads = 1;
    for (w = 1; w < want; w++) {
        if (pthread_create(&s->workers[w].thread, NULL, worker_main,
                           &s->workers[w]) != 0)
            break;
        s->nthreads = w + 1;
    }
    s->run.nworkers = s->nthreads;
    r->workers = s->nthreads;
    return EFN_OK;
}

static int run_batch(scratch *s)
{
    risk_run *R = &s->run;
    unsigned w;
    pthread_mutex_lock(&R->mu);
    __atomic_store_n(&R->pending, s->nthreads - 1, __ATOMIC_RELAXED);
    R->next = 0;
    __atomic_add_fetch(&R->generation, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&R->go);
    pthread_mutex_unlock(&R->mu);
    work_batch(&s->workers[0]);
    for (w = 0; w < EFN_RISK_SPIN &&
                __atomic_load_n(&R->pending, __ATOMIC_ACQUIRE) > 0;
         w++)
        spin_pause();
    pthread_mutex_lock(&R->mu);
    while (__atomic_load_n(&R->pending, __ATOMIC_ACQUIRE) > 0)
        pthread_cond_wait(&R->done, &R->mu);
    pthread_mutex_unlock(&R->mu);
    for (w = 0; w < s->nthreads; w++)
        if (s->workers[w].rc != EFN_OK)
            return efn__error(s->workers[w].rc, "risk: %s",
                              s->workers[w].message);
    return EFN_OK;
}

static int grow_unserved(scratch *s, size_t *cap, size_t need)
{
    double *grown;
    size_t c = *cap ? *cap : EFN_RISK_BATCH;
    if (need <= *cap)
        return EFN_OK;
    while (c < need)
        c *= 2;
    grown =
        efn__realloc(s->all_unserved, (c * s->fp.ncons + 1) * sizeof *grown);
    if (!grown)
        return efn__nomem();
    s->all_unserved = grown;
    *cap = c;
    return EFN_OK;
}

/* Adds the batch's samples to the statistics, in index order. */
static void aggregate(scratch *s, efn_risk *r, stat *total, size_t *n)
{
    risk_run *R = &s->run;
    size_t slot, j, k, q;
    for (slot = 0; slot < R->count; slot++) {
        const double *u = R->b_unserved + slot * R->ncons;
        const unsigned char *f = R->b_failed + slot * R->nra;
        const unsigned char *c = R->b_cut + slot * R->nra;
        const unsigned char *h = R->b_event + slot * R->nevents;
        double sum = 0;
        (*n)++;
        for (j = 0; j < R->ncons; j++) {
            sum += u[j];
            stat_add(&s->cons_stat[j], *n, u[j]);
            if (u[j] > s->base_unserved[j])
                s->cons_short[j]++;
            s->all_unserved[(*n - 1) * R->ncons + j] = u[j];
        }
        stat_add(total, *n, sum);
        if (R->b_short[slot])
            r->shortfall_samples++;
        for (k = 0; k < R->nra; k++) {
            s->failures[k] += f[k];
            s->on_cut[k] += c[k];
        }
        for (q = 0; q < R->nevents; q++)
            s->occurrences[q] += h[q];
    }
}

static int fill_result(scratch *s, efn_risk *r, const stat *total, size_t n)
{
    const efn__fp *fp = &s->fp;
    size_t j, k, q, i;
    r->cons = efn__calloc(fp->ncons + 1, sizeof *r->cons);
    r->assets = efn__calloc(r->nassets + 1, sizeof *r->assets);
    r->events = efn__calloc(s->data.nevents + 1, sizeof *r->events);
    s->sort_buf = efn__malloc((n + 1) * sizeof *s->sort_buf);
    if (!r->cons || !r->assets || !r->events || !s->sort_buf)
        return efn__nomem();
    r->samples = n;
    r->mean_total = total->mean;
    r->se_total = stat_se(total, n);
    for (j = 0; j < fp->ncons; j++) {
        efn_risk_consumer *c = &r->cons[j];
        c->node = fp->cons_node[j];
        c->demand = s->demand[j];
        c->base_delivered = s->base_delivered[j];
        c->mean_unserved = s->cons_stat[j].mean;
        c->se_unserved = stat_se(&s->cons_stat[j], n);
        c->p_shortfall = (double)s->cons_short[j] / (double)n;
        for (i = 0; i < n; i++)
            s->sort_buf[i] = s->all_unserved[i * fp->ncons + j];
        /* The largest rank first: each selection leaves the smaller
         * values before it, where the next one looks. */
        c->p99 = select_kth(s->sort_buf, n, nearest_rank(n, 0.99) - 1);
        c->p95 = select_kth(s->sort_buf, nearest_rank(n, 0.99),
                            nearest_rank(n, 0.95) - 1);
        c->p50 = select_kth(s->sort_buf, nearest_rank(n, 0.95),
                            nearest_rank(n, 0.50) - 1);
    }
    r->ncons = fp->ncons;
    for (k = 0; k < r->nassets; k++) {
        efn_risk_asset *a = &r->assets[k];
        a->asset = s->ra_asset[k];
        a->probability = s->p[k];
        a->source = s->source[k];
        a->failures = s->failures[k];
        a->on_cut = s->on_cut[k];
        a->cut_frequency =
            r->shortfall_samples
                ? (double)a->on_cut / (double)r->shortfall_samples
                : 0.0;
    }
    for (q = 0; q < s->data.nevents; q++) {
        const risk_event *ev = &s->data.events[q];
        efn_risk_event *o = &r->events[q];
        o->kind = ev->kind;
        o->id = ev->id;
        o->probability = ev->probability;
        o->asset_count = ev->nassets;
        o->occurrences = s->occurrences[q];
    }
    r->nevents = s->data.nevents;
    return EFN_OK;
}

int efn_risk_run(efn_risk **out, const efn_network *net,
                 const efn_risk_options *options)
{
    efn_risk_options opt = EFN_RISK_OPTIONS_INIT;
    scratch s;
    efn_risk *r = NULL;
    stat total = {0, 0};
    size_t n = 0, cap_samples = 0, nb, ncons;
    unsigned want;
    double rate, default_p;
    int rc;
    if (!out)
        return efn__error(EFN_EARG, "efn_risk_run: out is NULL");
    *out = NULL;
    if (!net)
        return efn__error(EFN_EARG, "efn_risk_run: net is NULL");
    if (options)
        opt = *options;
    if ((rc = check_options(&opt)) != EFN_OK)
        return rc;
    memset(&s, 0, sizeof s);
    if ((rc = read_risk_data(&s.data, net)) != EFN_OK)
        goto done;

    /* Options override the data, the data the library. */
    rate = opt.outage_rate_per_1000km_year >= 0
               ? opt.outage_rate_per_1000km_year
           : !isnan(s.data.rate)      ? s.data.rate
           : opt.commodity == EFN_GAS ? EFN_DEFAULT_OUTAGE_RATE_PER_1000KM_YEAR
                                      : NAN;
    default_p = opt.default_probability >= 0 ? opt.default_probability
                : !isnan(s.data.default_p)   ? s.data.default_p
                                             : EFN_DEFAULT_OUTAGE_PROBABILITY;

    if ((rc = efn__fp_build(&s.fp, net, opt.commodity, opt.year, NULL, NULL)) !=
        EFN_OK)
        goto done;
    s.has_fp = 1;
    r = efn__calloc(1, sizeof *r);
    if (!r) {
        rc = efn__nomem();
        goto done;
    }
    r->net = net;
    r->commodity = opt.commodity;
    r->year = s.fp.year;
    r->mode = opt.mode;
    r->seed = opt.seed;
    r->requested = opt.samples;
    r->target_rse = opt.target_rse;
    r->rate = rate;
    r->default_probability = default_p;
    r->demand_total = s.fp.demand_total;
    r->tolerance = 1e-9 + 1e-7 * s.fp.demand_total;
    if ((rc = prepare_assets(&s, r, net, rate, default_p)) != EFN_OK)
        goto done;

    ncons = s.fp.ncons;
    s.run.fp = &s.fp;
    s.run.mode = opt.mode;
    s.run.seed = opt.seed;
    s.run.nra = r->nassets;
    s.run.ncons = ncons;
    s.run.nevents = s.data.nevents;
    s.run.seg_ra = s.seg_ra;
    s.run.p = s.p;
    s.run.events = s.data.events;
    s.run.tolerance = r->tolerance;

    want = opt.workers ? opt.workers : online_processors();
    if (want > EFN_RISK_BATCH)
        want = EFN_RISK_BATCH;
    if ((rc = start_pool(&s, r, want)) != EFN_OK)
        goto done;
    if ((rc = prepare_base(&s, r)) != EFN_OK)
        goto done;
    s.run.carried = s.carried;
    s.run.demand = s.demand;
    s.run.base_delivered = s.base_delivered;
    s.run.base_unserved = s.base_unserved;
    s.run.base_total = r->base_total;

    /* The progress callback and the early stop see batches of
     * EFN_RISK_BATCH. With neither, nothing sees them, and larger ones
     * leave the result as it is (samples are collected in index order)
     * while the workers meet less often. */
    nb = opt.progress || opt.target_rse > 0 ? EFN_RISK_BATCH
                                            : 8 * EFN_RISK_BATCH;
    s.run.b_unserved = efn__malloc((nb * ncons + 1) * sizeof(double));
    s.run.b_failed = efn__malloc(nb * r->nassets + 1);
    s.run.b_cut = efn__malloc(nb * r->nassets + 1);
    s.run.b_event = efn__malloc(nb * s.data.nevents + 1);
    s.run.b_short = efn__malloc(nb);
    s.cons_stat = efn__calloc(ncons + 1, sizeof *s.cons_stat);
    s.cons_short = efn__calloc(ncons + 1, sizeof *s.cons_short);
    s.failures = efn__calloc(r->nassets + 1, sizeof *s.failures);
    s.on_cut = efn__calloc(r->nassets + 1, sizeof *s.on_cut);
    s.occurrences = efn__calloc(s.data.nevents + 1, sizeof *s.occurrences);
    if (!s.run.b_unserved || !s.run.b_failed || !s.run.b_cut ||
        !s.run.b_event || !s.run.b_short || !s.cons_stat || !s.cons_short ||
        !s.failures || !s.on_cut || !s.occurrences) {
        rc = efn__nomem();
        goto done;
    }

    while (n < opt.samples) {
        size_t batches;
        s.run.first = n;
        s.run.count = opt.samples - n < nb ? opt.samples - n : nb;
        if ((rc = grow_unserved(&s, &cap_samples, n + s.run.count)) != EFN_OK)
            goto done;
        if ((rc = run_batch(&s)) != EFN_OK)
            goto done;
        aggregate(&s, r, &total, &n);
        if (opt.progress && opt.progress(n, opt.samples, opt.progress_user)) {
            rc = efn__error(EFN_ECANCELLED,
                            "risk: cancelled by the progress callback after "
                            "%zu of %zu samples",
                            n, opt.samples);
            goto done;
        }
        batches = (n + nb - 1) / nb;
        if (opt.target_rse > 0 && batches >= 2 && n < opt.samples &&
            total.mean > 0 &&
            stat_se(&total, n) / total.mean < opt.target_rse) {
            r->stopped_early = 1;
            break;
        }
    }
    rc = fill_result(&s, r, &total, n);
done:
    scratch_free(&s);
    if (rc != EFN_OK) {
        efn_risk_free(r);
        return rc;
    }
    *out = r;
    return EFN_OK;
}

/* ---- accessors ----------------------------------------------------------- */

efn_commodity efn_risk_commodity(const efn_risk *r)
{
    return r ? r->commodity : EFN_GAS;
}

int efn_risk_year(const efn_risk *r)
{
    return r ? efn__year_out(r->year) : 0;
}

efn_allocation efn_risk_mode(const efn_risk *r)
{
    return r ? r->mode : EFN_ALLOC_MAX;
}

size_t efn_risk_samples(const efn_risk *r)
{
    return r ? r->samples : 0;
}

size_t efn_risk_samples_requested(const efn_risk *r)
{
    return r ? r->requested : 0;
}

int efn_risk_stopped_early(const efn_risk *r)
{
    return r ? r->stopped_early : 0;
}

uint64_t efn_risk_seed(const efn_risk *r)
{
    return r ? r->seed : 0;
}

unsigned efn_risk_workers(const efn_risk *r)
{
    return r ? r->workers : 0;
}

double efn_risk_base_total(const efn_risk *r)
{
    return r ? r->base_total : NAN;
}

double efn_risk_mean_unserved_total(const efn_risk *r)
{
    return r ? r->mean_total : NAN;
}

double efn_risk_se_unserved_total(const efn_risk *r)
{
    return r ? r->se_total : NAN;
}

size_t efn_risk_shortfall_samples(const efn_risk *r)
{
    return r ? r->shortfall_samples : 0;
}

size_t efn_risk_consumer_count(const efn_risk *r)
{
    return r ? r->ncons : 0;
}

int efn_risk_consumer_get(efn_risk_consumer *out, const efn_risk *r, size_t j)
{
    if (!out || !r)
        return efn__error(EFN_EARG, "efn_risk_consumer_get: NULL argument");
    if (j >= r->ncons)
        return efn__error(EFN_ENOTFOUND, "consumer %zu out of range (%zu)", j,
                          r->ncons);
    *out = r->cons[j];
    return EFN_OK;
}

int efn_risk_consumer_find(efn_risk_consumer *out, const efn_risk *r,
                           size_t node)
{
    size_t j;
    if (!out || !r)
        return efn__error(EFN_EARG, "efn_risk_consumer_find: NULL argument");
    for (j = 0; j < r->ncons; j++)
        if (r->cons[j].node == node) {
            *out = r->cons[j];
            return EFN_OK;
        }
    return efn__error(EFN_ENOTFOUND, "node %zu ('%s') is not a consumer of %s",
                      node,
                      node < r->net->nnodes ? r->net->nodes[node].id : "?",
                      efn_commodity_name(r->commodity));
}

size_t efn_risk_asset_count(const efn_risk *r)
{
    return r ? r->nassets : 0;
}

int efn_risk_asset_get(efn_risk_asset *out, const efn_risk *r, size_t i)
{
    if (!out || !r)
        return efn__error(EFN_EARG, "efn_risk_asset_get: NULL argument");
    if (i >= r->nassets)
        return efn__error(EFN_ENOTFOUND, "risk asset %zu out of range (%zu)", i,
                          r->nassets);
    *out = r->assets[i];
    return EFN_OK;
}

size_t efn_risk_event_count(const efn_risk *r)
{
    return r ? r->nevents : 0;
}

int efn_risk_event_get(efn_risk_event *out, const efn_risk *r, size_t i)
{
    if (!out || !r)
        return efn__error(EFN_EARG, "efn_risk_event_get: NULL argument");
    if (i >= r->nevents)
        return efn__error(EFN_ENOTFOUND, "risk event %zu out of range (%zu)", i,
                          r->nevents);
    *out = r->events[i];
    return EFN_OK;
}

/* ---- JSON ---------------------------------------------------------------- */

static void add_num(cJSON *obj, const char *key, double v)
{
    cJSON *item = isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
    if (item && !cJSON_AddItemToObject(obj, key, item))
        cJSON_Delete(item);
}

static const char *source_name(efn_risk_source s)
{
    switch (s) {
    case EFN_RISK_FROM_ASSET: return "asset";
    case EFN_RISK_FROM_RATE: return "rate";
    default: return "default";
    }
}

int efn_risk_to_json(char **out, const efn_risk *r)
{
    cJSON *root, *arr, *o;
    char seed[32];
    size_t i;
    if (!out)
        return efn__error(EFN_EARG, "efn_risk_to_json: out is NULL");
    *out = NULL;
    if (!r)
        return efn__error(EFN_EARG, "efn_risk_to_json: risk is NULL");
    root = efn__json_root();
    if (!root)
        return efn__nomem();
    cJSON_AddStringToObject(root, "analysis", "risk");
    cJSON_AddStringToObject(root, "commodity",
                            efn_commodity_name(r->commodity));
    cJSON_AddStringToObject(root, "unit", efn_commodity_unit(r->commodity));
    efn__json_add_year(root, r->year);
    cJSON_AddStringToObject(root, "mode", efn_allocation_name(r->mode));
    /* The seed as an exact integer: a double would round it past 2^53. */
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)r->seed);
    cJSON_AddRawToObject(root, "seed", seed);
    add_num(root, "samples", (double)r->samples);
    add_num(root, "samples_requested", (double)r->requested);
    cJSON_AddBoolToObject(root, "stopped_early", r->stopped_early);
    add_num(root, "target_rse", r->target_rse);
    add_num(root, "outage_rate_per_1000km_year", r->rate);
    add_num(root, "default_outage_probability", r->default_probability);
    add_num(root, "tolerance", r->tolerance);
    add_num(root, "demand_total", r->demand_total);
    add_num(root, "base_delivered_total", r->base_total);
    o = cJSON_AddObjectToObject(root, "unserved_total");
    if (o) {
        add_num(o, "mean", r->mean_total);
        add_num(o, "standard_error", r->se_total);
        add_num(o, "relative_standard_error",
                r->mean_total > 0 ? r->se_total / r->mean_total : NAN);
    }
    add_num(root, "shortfall_samples", (double)r->shortfall_samples);
    add_num(root, "shortfall_probability",
            r->samples ? (double)r->shortfall_samples / (double)r->samples
                       : NAN);
    arr = cJSON_AddArrayToObject(root, "consumers");
    for (i = 0; arr && i < r->ncons; i++) {
        const efn_risk_consumer *c = &r->cons[i];
        o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(o, "node", r->net->nodes[c->node].id);
        add_num(o, "demand", c->demand);
        add_num(o, "base_delivered", c->base_delivered);
        add_num(o, "mean_unserved", c->mean_unserved);
        add_num(o, "standard_error", c->se_unserved);
        add_num(o, "p50", c->p50);
        add_num(o, "p95", c->p95);
        add_num(o, "p99", c->p99);
        add_num(o, "shortfall_probability", c->p_shortfall);
    }
    arr = cJSON_AddArrayToObject(root, "assets");
    for (i = 0; arr && i < r->nassets; i++) {
        const efn_risk_asset *a = &r->assets[i];
        o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(o, "asset", r->net->assets[a->asset].id);
        add_num(o, "probability", a->probability);
        cJSON_AddStringToObject(o, "probability_source",
                                source_name(a->source));
        add_num(o, "failures", (double)a->failures);
        add_num(o, "on_cut", (double)a->on_cut);
        add_num(o, "cut_frequency", a->cut_frequency);
    }
    arr = cJSON_AddArrayToObject(root, "events");
    for (i = 0; arr && i < r->nevents; i++) {
        const efn_risk_event *e = &r->events[i];
        o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(
            o, "kind", e->kind == EFN_RISK_COUNTRY ? "country" : "group");
        cJSON_AddStringToObject(o, "id", e->id);
        add_num(o, "probability", e->probability);
        add_num(o, "assets", (double)e->asset_count);
        add_num(o, "occurrences", (double)e->occurrences);
    }
    return efn__json_finish(root, out);
}
