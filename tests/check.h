/*
 * A tiny test helper shared by the C tests: CHECK(cond), CHECK_OK(call),
 * CHECK_NEAR(a, b, tol), CHECK_STR(a, b), CHECK_ERR(call, code, substring).
 * Each failure prints where and why; main returns check_finish().
 */
#ifndef EFN_TEST_CHECK_H
#define EFN_TEST_CHECK_H

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efn.h"

static int check_failures;
static int check_count;

#define CHECK(cond)                                                            \
    do {                                                                       \
        check_count++;                                                         \
        if (!(cond)) {                                                         \
            check_failures++;                                                  \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
        }                                                                      \
    } while (0)

#define CHECK_OK(call)                                                         \
    do {                                                                       \
        int check_rc_ = (call);                                                \
        check_count++;                                                         \
        if (check_rc_ != EFN_OK) {                                             \
            check_failures++;                                                  \
            fprintf(stderr, "%s:%d: %s returned %s: %s\n", __FILE__, __LINE__, \
                    #call, efn_status_name(check_rc_), efn_last_error());      \
        }                                                                      \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                  \
    do {                                                                       \
        double check_a_ = (a), check_b_ = (b);                                 \
        check_count++;                                                         \
        if (!(fabs(check_a_ - check_b_) <= (tol))) {                           \
            check_failures++;                                                  \
            fprintf(stderr, "%s:%d: %s = %.10g, expected %.10g (+-%g)\n",      \
                    __FILE__, __LINE__, #a, check_a_, check_b_,                \
                    (double)(tol));                                            \
        }                                                                      \
    } while (0)

#define CHECK_STR(a, b)                                                        \
    do {                                                                       \
        const char *check_a_ = (a), *check_b_ = (b);                           \
        check_count++;                                                         \
        if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {       \
            check_failures++;                                                  \
            fprintf(stderr, "%s:%d: %s = \"%s\", expected \"%s\"\n", __FILE__, \
                    __LINE__, #a, check_a_ ? check_a_ : "(null)",              \
                    check_b_ ? check_b_ : "(null)");                           \
        }                                                                      \
    } while (0)

/* The call fails with `code` and the last error contains `needle`. */
#define CHECK_ERR(call, code, needle)                                          \
    do {                                                                       \
        int check_rc_ = (call);                                                \
        check_count++;                                                         \
        if (check_rc_ != (code) || !strstr(efn_last_error(), (needle))) {      \
            check_failures++;                                                  \
            fprintf(                                                           \
                stderr,                                                        \
                "%s:%d: %s returned %s (\"%s\"), expected %s with \"%s\"\n",   \
                __FILE__, __LINE__, #call, efn_status_name(check_rc_),         \
                efn_last_error(), efn_status_name(code), (needle));            \
        }                                                                      \
    } while (0)

/* The test data directory: tests take it as argv[1]. */
/* Sets a decimal-comma LC_NUMERIC locale (de_DE or fr_FR) and returns 1.
 * When the host has none it returns 0 after saying that `runner` runs the
 * check; that is a failure where EFN_REQUIRE_LOCALE is set (CTest's
 * *_locale runs build a de_DE locale and set it). Callers set "C" back. */
static inline int check_decimal_comma_locale(const char *test,
                                             const char *runner)
{
    static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "de_DE",
                                        "fr_FR.UTF-8", "fr_FR.utf8", "fr_FR"};
    const char *set = NULL;
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0] && !set; i++)
        set = setlocale(LC_NUMERIC, names[i]);
    if (set && strcmp(localeconv()->decimal_point, ",") == 0)
        return 1;
    CHECK(getenv("EFN_REQUIRE_LOCALE") == NULL);
    printf("%s: no decimal-comma locale here; the %s test runs this check\n",
           test, runner);
    setlocale(LC_NUMERIC, "C");
    return 0;
}

static const char *check_dir = "tests/data";

/* A network of the test data; a failed load fails the test (and gives
 * NULL, which the callers check). */
static inline efn_network *check_load(const char *name)
{
    char path[4096];
    efn_network *net = NULL;
    snprintf(path, sizeof path, "%s/%s", check_dir, name);
    CHECK_OK(efn_network_load(&net, path));
    return net;
}

/* The index of a node or an asset; a missing id fails the test. */
static inline size_t check_node(const efn_network *net, const char *id)
{
    size_t i = (size_t)-1;
    CHECK_OK(efn_network_find_node(&i, net, id));
    return i;
}

static inline size_t check_asset(const efn_network *net, const char *id)
{
    size_t i = (size_t)-1;
    CHECK_OK(efn_network_find_asset(&i, net, id));
    return i;
}

/* A one-node network whose unknown member "noise" holds n pseudo-random
 * letters (about 5.7 bits each, so the text hardly compresses): malloc'd,
 * *len bytes (NUL-terminated); *noise_at: where the letters begin. NULL
 * when out of memory. */
static inline char *check_noise_network(size_t n, unsigned long seed,
                                        size_t *len, size_t *noise_at)
{
    static const char head[] =
        "{\"efn\":1,\"kind\":\"network\",\"nodes\":[{\"id\":\"a\","
        "\"kind\":\"field\",\"country\":\"AZ\"}],\"assets\":[],"
        "\"noise\":\"";
    size_t k, at = sizeof head - 1;
    char *text = malloc(at + n + 3);
    if (!text)
        return NULL;
    memcpy(text, head, at);
    for (k = 0; k < n; k++) {
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        text[at + k] =
            (char)('A' + (seed >> 59) % 26 + ((seed >> 40) & 1) * 32);
    }
    memcpy(text + at + n, "\"}", 3);
    *len = at + n + 2;
    *noise_at = at;
    return text;
}

static int check_finish(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
    return check_failures ? 1 : 0;
}

#endif
