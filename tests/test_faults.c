/*
 * Allocation failure at every allocation of a load, a scenario apply and
 * each analysis: the call fails with EFN_ENOMEM (never a crash, never a
 * wrong answer reported as success), leaks nothing (valgrind and ASan run
 * this test), and the network stays usable. Linked against the static
 * library, which exposes the fault injector of lib/error.c.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

void efn__fault_inject(long n);
unsigned long efn__fault_allocations(void);

static const char *dir;
static efn_network *net;
static efn_scenario *scn;
static unsigned long points;

static int do_load(void)
{
    char path[4096];
    efn_network *n = NULL;
    int rc;
    snprintf(path, sizeof path, "%s/small.json", dir);
    rc = efn_network_load(&n, path);
    if (rc == EFN_OK) {
        char *text = NULL;
        rc = efn_network_to_json(&text, n, 1);
        efn_free(text);
    }
    efn_network_free(n);
    return rc;
}

/* A node of 19 members: more than the streamed load checks for duplicate
 * keys as it reads, so the load reads the whole tree and lets it go. */
static const char whole_text[] =
    "{\"efn\":1,\"kind\":\"network\",\"nodes\":[{\"id\":\"a\",\"kind\":"
    "\"field\",\"country\":\"AZ\",\"supply\":{\"gas\":\"5 bcm/y\"},"
    "\"x1\":1,\"x2\":2,\"x3\":3,\"x4\":4,\"x5\":5,\"x6\":6,\"x7\":7,"
    "\"x8\":8,\"x9\":9,\"x10\":10,\"x11\":11,\"x12\":12,\"x13\":13,"
    "\"x14\":14},{\"id\":\"b\",\"kind\":\"market\",\"country\":\"TR\","
    "\"demand\":{\"gas\":\"3 bcm/y\"}}],\"assets\":[{\"id\":\"p\","
    "\"commodity\":\"gas\",\"route\":[\"a\",\"b\"],\"capacity\":"
    "\"4 bcm/y\"}]}";

/* Loads `text` and saves it again; the save must hold `need`. */
static int load_save(const char *text, size_t len, const char *need)
{
    efn_network *n = NULL;
    int rc = efn_network_load_buffer(&n, text, len, "buffer");
    if (rc == EFN_OK) {
        char *saved = NULL;
        rc = efn_network_to_json(&saved, n, 0);
        if (rc == EFN_OK && !strstr(saved, need))
            rc = EFN_ERROR; /* something was lost */
        efn_free(saved);
    }
    efn_network_free(n);
    return rc;
}

static int do_load_whole(void)
{
    /* the 19 members come back */
    return load_save(whole_text, sizeof whole_text - 1,
                     "\"x13\":13,\"x14\":14}");
}

/* 64 KB of pseudo-random letters: the compressed text outgrows its first
 * buffer (each growth is an allocation the sweep fails). */
static char *noise_text;
static size_t noise_len, noise_at;

static int do_load_noise(void)
{
    /* the letters' first 4 KB come back (the whole of them is compared in
     * test_network) */
    char need[4097];
    memcpy(need, noise_text + noise_at, 4096);
    need[4096] = '\0';
    return load_save(noise_text, noise_len, need);
}

static int do_scenario(void)
{
    efn_network *out = NULL;
    int rc = efn_scenario_apply(&out, net, scn);
    efn_network_free(out);
    return rc;
}

static int do_flow(void)
{
    efn_flow *f = NULL;
    efn_flow_options o = EFN_FLOW_OPTIONS_INIT;
    char *json = NULL;
    int rc;
    o.mode = EFN_ALLOC_SHARED;
    rc = efn_flow_run(&f, net, &o);
    if (rc == EFN_OK)
        rc = efn_flow_to_json(&json, f);
    efn_free(json);
    efn_flow_free(f);
    return rc;
}

static int do_n1(void)
{
    efn_n1 *n = NULL;
    efn_n1_options o = EFN_N1_OPTIONS_INIT;
    char *json = NULL;
    int rc;
    o.scope = EFN_N1_ASSETS | EFN_N1_NODES | EFN_N1_COUNTRIES;
    rc = efn_n1_run(&n, net, &o);
    if (rc == EFN_OK)
        rc = efn_n1_to_json(&json, n);
    efn_free(json);
    efn_n1_free(n);
    return rc;
}

static int do_dependency(void)
{
    efn_dependency *d = NULL;
    efn_trace_options o = EFN_TRACE_OPTIONS_INIT;
    char *json = NULL;
    int rc;
    o.source = EFN_TRACE_OBSERVED;
    rc = efn_dependency_run(&d, net, &o);
    if (rc == EFN_OK)
        rc = efn_dependency_to_json(&json, d);
    efn_free(json);
    efn_dependency_free(d);
    return rc;
}

static int do_ownership(void)
{
    efn_ownership *o = NULL;
    char *json = NULL;
    int rc = efn_ownership_run(&o, net, 2023, NULL);
    if (rc == EFN_OK)
        rc = efn_ownership_to_json(&json, o, NULL, NULL);
    efn_free(json);
    efn_ownership_free(o);
    return rc;
}

/* Count the allocations of a clean run, then fail each in turn. A first
 * clean run fills what the network parses on first need (its document:
 * load+save fails each allocation of that parse too, on a fresh load). */
static void sweep(const char *name, int (*fn)(void))
{
    unsigned long n, i;
    int rc;
    efn__fault_inject(-1);
    CHECK_OK(fn());
    efn__fault_inject(-1);
    CHECK_OK(fn());
    n = efn__fault_allocations();
    CHECK(n > 0);
    for (i = 0; i < n; i++) {
        efn__fault_inject((long)i);
        rc = fn();
        if (rc != EFN_ENOMEM) {
            check_failures++;
            fprintf(stderr,
                    "%s: allocation %lu of %lu failed but the call "
                    "returned %s (%s)\n",
                    name, i, n, efn_status_name(rc), efn_last_error());
        }
        check_count++;
    }
    efn__fault_inject(-1);
    CHECK_OK(fn()); /* everything still works afterwards */
    points += n;
    printf("%s: %lu allocation failures injected\n", name, n);
}

int main(int argc, char **argv)
{
    char path[4096];
    dir = argc > 1 ? argv[1] : "tests/data";
    snprintf(path, sizeof path, "%s/small.json", dir);
    CHECK_OK(efn_network_load(&net, path));
    snprintf(path, sizeof path, "%s/expand.json", dir);
    CHECK_OK(efn_scenario_load(&scn, path));
    if (!net || !scn)
        return check_finish("test_faults");
    sweep("load+save", do_load);
    sweep("load+save (whole tree)", do_load_whole);
    if ((noise_text = check_noise_network(65536, 777, &noise_len, &noise_at)))
        sweep("load+save (incompressible)", do_load_noise);
    free(noise_text);
    sweep("scenario", do_scenario);
    sweep("flow", do_flow);
    sweep("n1", do_n1);
    sweep("dependency", do_dependency);
    sweep("ownership", do_ownership);
    printf("test_faults: %lu failure points\n", points);
    efn_scenario_free(scn);
    efn_network_free(net);
    return check_finish("test_faults");
}
