/*
 * The thread-safety promise (docs/reliability.md): analyses may run at once
 * from several threads, on different networks or on one shared network.
 * Built with ThreadSanitizer by CTest; any data race fails the test.
 */
#include <pthread.h>
#include <stdlib.h>

#include "check.h"

#define THREADS 4
#define ROUNDS 3

static const char *dir;
static efn_network *shared;
static double expect_total; /* worked in test_flow.c: the diamond's 12 */
/* The diamond saved, from a network of its own: the threads' first save
 * of `shared` parses its document again, all of them at once. */
static char *expect_json;

typedef struct job {
    int id;
    int failures;
} job;

static int run_all(const efn_network *net, job *j)
{
    efn_flow *f = NULL;
    efn_n1 *n = NULL;
    efn_dependency *d = NULL;
    efn_ownership *o = NULL;
    char *json = NULL;
    int bad = 0;
    if (efn_flow_run(&f, net, NULL) != EFN_OK ||
        fabs(efn_flow_max_total(f) - expect_total) > 1e-9)
        bad++;
    if (efn_n1_run(&n, net, NULL) != EFN_OK || efn_n1_entry_count(n) != 7)
        bad++;
    if (efn_dependency_run(&d, net, NULL) != EFN_OK ||
        efn_dependency_to_json(&json, d) != EFN_OK)
        bad++;
    if (efn_ownership_run(&o, net, 0, f) != EFN_OK)
        bad++;
    /* Each thread's last error is its own. */
    {
        size_t idx;
        char want[64];
        snprintf(want, sizeof want, "no node 'thread-%d'", j->id);
        char id[32];
        snprintf(id, sizeof id, "thread-%d", j->id);
        if (efn_network_find_node(&idx, net, id) != EFN_ENOTFOUND ||
            !strstr(efn_last_error(), want))
            bad++;
    }
    efn_free(json);
    json = NULL;
    if (efn_network_to_json(&json, net, 1) != EFN_OK ||
        strcmp(json, expect_json) != 0)
        bad++;
    efn_free(json);
    efn_ownership_free(o);
    efn_dependency_free(d);
    efn_n1_free(n);
    efn_flow_free(f);
    return bad;
}

static void *worker(void *arg)
{
    job *j = arg;
    char path[4096];
    int r;
    snprintf(path, sizeof path, "%s/flow_diamond.json", dir);
    for (r = 0; r < ROUNDS; r++) {
        efn_network *own = NULL;
        /* Its own network: load, analyse, free. */
        if (efn_network_load(&own, path) != EFN_OK)
            j->failures++;
        else
            j->failures += run_all(own, j);
        efn_network_free(own);
        /* The shared network, read by every thread at once. */
        j->failures += run_all(shared, j);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[THREADS];
    job jobs[THREADS];
    char path[4096];
    int i;
    dir = argc > 1 ? argv[1] : "tests/data";
    expect_total = 12;
    snprintf(path, sizeof path, "%s/flow_diamond.json", dir);
    CHECK_OK(efn_network_load(&shared, path));
    if (!shared)
        return check_finish("test_threads");
    {
        efn_network *other = NULL;
        CHECK_OK(efn_network_load(&other, path));
        CHECK_OK(efn_network_to_json(&expect_json, other, 1));
        efn_network_free(other);
        if (!expect_json)
            return check_finish("test_threads");
    }
    for (i = 0; i < THREADS; i++) {
        jobs[i].id = i;
        jobs[i].failures = 0;
        CHECK(pthread_create(&t[i], NULL, worker, &jobs[i]) == 0);
    }
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_join(t[i], NULL) == 0);
        CHECK(jobs[i].failures == 0);
    }
    efn_network_free(shared);
    efn_free(expect_json);
    return check_finish("test_threads");
}
