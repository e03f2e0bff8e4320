/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * test_bad_input.c: the bad-input corpus in tests/bad. Usage:
 *
 *     test_bad_input DIR
 *
 * DIR/expected.tsv has one line per broken file:
 *
 *     FILE<TAB>EXPECTED_JSON_PATH<TAB>EXPECTED_SUBSTRING
 *
 * (blank lines and lines starting with '#' are skipped). FILE is relative to
 * DIR. A network file must fail efn_network_load() with EFN_EINVALID, leave
 * *out NULL, and set the message "DIR/FILE: PATH: ..." ("DIR/FILE: ..." when
 * PATH is empty) containing SUBSTRING; efn_validate_file() must return
 * EFN_OK with a diagnostic at exactly PATH whose problem contains
 * SUBSTRING. A file under scenarios/ is a scenario: it is loaded and applied
 * to scenarios/base.json, and the load or the apply must fail the same way,
 * with PATH the path inside the scenario ("changes[1].id").
 *
 * Also checked: every *.json file of the corpus is listed (and every listed
 * file exists), the base network is valid and unchanged by failed applies,
 * buffers that are not NUL-terminated, NULL arguments, unreadable and
 * oversized files.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

/* A check that names the corpus file it is about. */
static void expect(int ok, const char *file, const char *fmt, ...)
{
    va_list ap;
    check_count++;
    if (ok)
        return;
    check_failures++;
    fprintf(stderr, "FAIL %s: ", file);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

typedef struct entry {
    char *file, *path, *sub;
    int line;
} entry;

typedef struct corpus {
    entry *items;
    size_t n, cap;
} corpus;

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (!c) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    memcpy(c, s, n);
    return c;
}

static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = malloc(na + nb + 2);
    if (!s) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    memcpy(s, a, na);
    s[na] = '/';
    memcpy(s + na + 1, b, nb + 1);
    return s;
}

/* Reads a whole file; *len is its size. NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t cap = 0, n = 0;
    if (!f)
        return NULL;
    for (;;) {
        size_t got;
        if (n == cap) {
            char *grown;
            cap = cap ? cap * 2 : 4096;
            grown = realloc(data, cap);
            if (!grown) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = grown;
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return data;
}

static void read_expected(corpus *c, const char *dir)
{
    char *tsv = join(dir, "expected.tsv");
    size_t len = 0, pos = 0;
    char *data = slurp(tsv, &len);
    int line = 0;
    if (!data) {
        fprintf(stderr, "%s: cannot read\n", tsv);
        exit(2);
    }
    while (pos < len) {
        size_t end = pos;
        char *text, *t1, *t2;
        while (end < len && data[end] != '\n')
            end++;
        line++;
        text = malloc(end - pos + 1);
        if (!text)
            exit(2);
        memcpy(text, data + pos, end - pos);
        text[end - pos] = '\0';
        pos = end + 1;
        if (text[0] == '\0' || text[0] == '#') {
            free(text);
            continue;
        }
        t1 = strchr(text, '\t');
        t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t1 || !t2 || strchr(t2 + 1, '\t') || t2[1] == '\0') {
            fprintf(stderr,
                    "%s:%d: expected FILE<TAB>PATH<TAB>SUBSTRING, got '%s'\n",
                    tsv, line, text);
            exit(2);
        }
        *t1 = *t2 = '\0';
        if (c->n == c->cap) {
            entry *grown;
            c->cap = c->cap ? c->cap * 2 : 64;
            grown = realloc(c->items, c->cap * sizeof *grown);
            if (!grown)
                exit(2);
            c->items = grown;
        }
        c->items[c->n].file = dup_str(text);
        c->items[c->n].path = dup_str(t1 + 1);
        c->items[c->n].sub = dup_str(t2 + 1);
        c->items[c->n].line = line;
        c->n++;
        free(text);
    }
    free(data);
    free(tsv);
}

static void free_corpus(corpus *c)
{
    size_t i;
    for (i = 0; i < c->n; i++) {
        free(c->items[i].file);
        free(c->items[i].path);
        free(c->items[i].sub);
    }
    free(c->items);
}

static int is_scenario(const entry *e)
{
    return strncmp(e->file, "scenarios/", 10) == 0;
}

/* "SOURCE: PATH: " or "SOURCE: " when the path is empty. */
static char *message_prefix(const char *source, const char *path)
{
    size_t n = strlen(source) + strlen(path) + 8;
    char *s = malloc(n);
    if (!s)
        exit(2);
    if (path[0])
        snprintf(s, n, "%s: %s: ", source, path);
    else
        snprintf(s, n, "%s: ", source);
    return s;
}

/* The last error starts with the prefix and contains the substring after
 * it. */
static void expect_message(const entry *e, const char *source, const char *what)
{
    const char *msg = efn_last_error();
    char *prefix = message_prefix(source, e->path);
    size_t n = strlen(prefix);
    expect(strncmp(msg, prefix, n) == 0 && strstr(msg + n, e->sub) != NULL,
           e->file, "%s: message \"%s\", expected \"%s...%s...\"", what, msg,
           prefix, e->sub);
    free(prefix);
}

static void check_network_file(const entry *e, const char *full)
{
    efn_network *net = (efn_network *)(void *)&net; /* not NULL */
    efn_diagnostics *d = (efn_diagnostics *)(void *)&d;
    char load_msg[2048];
    size_t i, n;
    int rc, found = 0, at_path = 0;

    efn_clear_error();
    rc = efn_network_load(&net, full);
    expect(rc == EFN_EINVALID, e->file, "efn_network_load returned %s (%s)",
           efn_status_name(rc), efn_last_error());
    expect(net == NULL, e->file, "efn_network_load left *out non-NULL");
    if (rc == EFN_OK && net)
        efn_network_free(net);
    expect(efn_last_error_code() == rc, e->file,
           "efn_last_error_code() %s, returned %s",
           efn_status_name(efn_last_error_code()), efn_status_name(rc));
    expect_message(e, full, "efn_network_load");
    snprintf(load_msg, sizeof load_msg, "%s", efn_last_error());

    rc = efn_validate_file(&d, full);
    expect(rc == EFN_OK, e->file, "efn_validate_file returned %s (%s)",
           efn_status_name(rc), efn_last_error());
    if (rc != EFN_OK)
        return;
    n = efn_diagnostics_count(d);
    expect(n >= 1, e->file, "efn_validate_file found no problem");
    for (i = 0; i < n; i++) {
        const char *p = efn_diagnostics_path(d, i);
        const char *problem = efn_diagnostics_problem(d, i);
        const char *message = efn_diagnostics_message(d, i);
        char *prefix;
        if (!p || !problem || !message) {
            expect(0, e->file, "diagnostic %zu has a NULL field", i);
            continue;
        }
        /* message = "FILE: PATH: problem" */
        prefix = message_prefix(full, p);
        expect(strncmp(message, prefix, strlen(prefix)) == 0 &&
                   strcmp(message + strlen(prefix), problem) == 0,
               e->file, "diagnostic message \"%s\" is not \"%s%s\"", message,
               prefix, problem);
        free(prefix);
        if (strcmp(p, e->path) == 0) {
            at_path = 1;
            if (strstr(problem, e->sub))
                found = 1;
        }
    }
    expect(found, e->file,
           "no diagnostic at path \"%s\" containing \"%s\"%s; first: \"%s\"",
           e->path, e->sub, at_path ? " (the path has others)" : "",
           n ? efn_diagnostics_message(d, 0) : "(none)");
    /* The first problem validate finds is the one load reports. */
    if (n)
        expect(strcmp(efn_diagnostics_message(d, 0), load_msg) == 0, e->file,
               "load said \"%s\" but validate's first problem is \"%s\"",
               load_msg, efn_diagnostics_message(d, 0));
    efn_diagnostics_free(d);
}

static void check_scenario_file(const entry *e, const char *full,
                                const efn_network *base, const char *base_json)
{
    efn_scenario *s = (efn_scenario *)(void *)&s;
    int rc;
    efn_clear_error();
    rc = efn_scenario_load(&s, full);
    if (rc != EFN_OK) {
        expect(rc == EFN_EINVALID, e->file,
               "efn_scenario_load returned %s (%s)", efn_status_name(rc),
               efn_last_error());
        expect(s == NULL, e->file, "efn_scenario_load left *out non-NULL");
        expect_message(e, full, "efn_scenario_load");
        return;
    }
    if (!base) {
        expect(0, e->file, "no base network to apply to");
    } else {
        efn_network *out = (efn_network *)(void *)&out;
        char *after = NULL;
        rc = efn_scenario_apply(&out, base, s);
        expect(rc == EFN_EINVALID, e->file,
               "efn_scenario_apply returned %s (%s)", efn_status_name(rc),
               efn_last_error());
        expect(out == NULL, e->file, "efn_scenario_apply left *out non-NULL");
        if (rc == EFN_OK && out)
            efn_network_free(out);
        expect_message(e, full, "efn_scenario_apply");
        /* A failed apply leaves the base as it was. */
        if (efn_network_to_json(&after, base, 0) == EFN_OK) {
            expect(base_json && strcmp(after, base_json) == 0, e->file,
                   "the base network changed");
            efn_free(after);
        }
    }
    efn_scenario_free(s);
}

/* Every *.json file of `sub` (relative to dir, "" or "scenarios") is
 * listed, except scenarios/base.json. */
static void check_listed(const corpus *c, const char *dir, const char *sub)
{
    char *path = sub[0] ? join(dir, sub) : dup_str(dir);
    DIR *dh = opendir(path);
    struct dirent *de;
    if (!dh) {
        expect(0, path, "cannot list the directory");
        free(path);
        return;
    }
    while ((de = readdir(dh)) != NULL) {
        size_t len = strlen(de->d_name), i;
        char rel[1024];
        int listed = 0;
        if (len < 5 || strcmp(de->d_name + len - 5, ".json") != 0)
            continue;
        snprintf(rel, sizeof rel, "%s%s%s", sub, sub[0] ? "/" : "", de->d_name);
        if (strcmp(rel, "scenarios/base.json") == 0)
            continue;
        for (i = 0; i < c->n; i++)
            if (strcmp(c->items[i].file, rel) == 0)
                listed++;
        expect(listed == 1, rel, "listed %d times in expected.tsv", listed);
    }
    closedir(dh);
    free(path);
}

/* ---- buffers and arguments --------------------------------------------- */

/* A copy of `len` bytes in a block of exactly that size: no NUL after it,
 * so a read past the end shows under valgrind or ASan. */
static char *exact_copy(const char *data, size_t len)
{
    char *copy = malloc(len ? len : 1);
    if (!copy)
        exit(2);
    if (len)
        memcpy(copy, data, len);
    return copy;
}

static void test_buffers(const char *text, size_t len, const char *scn_text,
                         size_t scn_len)
{
    efn_network *net = NULL;
    efn_diagnostics *d = NULL;
    efn_scenario *s = NULL;
    char *buf;
    size_t k, complete;

    /* The whole text, not NUL-terminated. */
    buf = exact_copy(text, len);
    CHECK_OK(efn_network_load_buffer(&net, buf, len, "base-buffer"));
    CHECK(net != NULL);
    if (net) {
        CHECK_STR(efn_network_source(net), "base-buffer");
        CHECK(efn_network_node_count(net) == 3);
        CHECK(efn_network_asset_count(net) == 2);
        CHECK(efn_network_owner_count(net) == 2);
    }
    efn_network_free(net);
    net = NULL;
    CHECK_OK(efn_validate_buffer(&d, buf, len, "base-buffer"));
    CHECK(d != NULL && efn_diagnostics_count(d) == 0);
    efn_diagnostics_free(d);
    d = NULL;
    free(buf);

    /* Text after `len` is not looked at. */
    buf = malloc(len + 16);
    if (!buf)
        exit(2);
    memcpy(buf, text, len);
    memcpy(buf + len, "} garbage [[[ \"", 15);
    buf[len + 15] = 'x';
    CHECK_OK(efn_network_load_buffer(&net, buf, len, "padded"));
    efn_network_free(net);
    net = NULL;
    free(buf);

    /* Every proper prefix that stops before the closing brace is malformed
     * JSON, reported against the buffer's name with an empty path. */
    complete = len;
    while (complete > 0 && text[complete - 1] != '}')
        complete--;
    for (k = 0; k + 1 < complete; k++) {
        int rc;
        net = (efn_network *)(void *)&net;
        buf = exact_copy(text, k);
        rc = efn_network_load_buffer(&net, buf, k, "prefix");
        check_count++;
        if (rc != EFN_EINVALID || net != NULL ||
            strncmp(efn_last_error(), "prefix: malformed JSON: ", 24) != 0) {
            check_failures++;
            fprintf(stderr, "FAIL prefix of %zu bytes: %s, \"%s\"\n", k,
                    efn_status_name(rc), efn_last_error());
        }
        if (rc == EFN_OK)
            efn_network_free(net);
        net = NULL;
        rc = efn_validate_buffer(&d, buf, k, "prefix");
        check_count++;
        if (rc != EFN_OK || efn_diagnostics_count(d) != 1 ||
            strcmp(efn_diagnostics_path(d, 0), "") != 0) {
            check_failures++;
            fprintf(stderr,
                    "FAIL validate prefix of %zu bytes: %s, %zu "
                    "problems\n",
                    k, efn_status_name(rc), efn_diagnostics_count(d));
        }
        efn_diagnostics_free(d);
        d = NULL;
        free(buf);
    }

    /* No name: "<buffer>". */
    CHECK_ERR(efn_network_load_buffer(&net, "[]", 2, NULL), EFN_EINVALID,
              "<buffer>: expected a JSON object at the top level, got an "
              "array");
    CHECK(net == NULL);

    /* Far deeper than any parser's recursion should go. */
    {
        size_t depth = 1000000;
        buf = malloc(depth);
        if (!buf)
            exit(2);
        memset(buf, '[', depth);
        CHECK_ERR(efn_network_load_buffer(&net, buf, depth, "deep"),
                  EFN_EINVALID,
                  "deep: line 1, column 65: JSON nested deeper than 64 "
                  "levels");
        CHECK(net == NULL);
        CHECK_ERR(efn_scenario_load_buffer(&s, buf, depth, "deep"),
                  EFN_EINVALID, "deep: line 1, column 65: JSON nested deeper");
        CHECK(s == NULL);
        free(buf);
    }

    /* A scenario from a buffer that is not NUL-terminated. */
    buf = exact_copy(scn_text, scn_len);
    CHECK_OK(efn_scenario_load_buffer(&s, buf, scn_len, "scn-buffer"));
    efn_scenario_free(s);
    s = NULL;
    for (k = 0; k + 1 < scn_len && k < 40; k++) {
        s = (efn_scenario *)(void *)&s;
        CHECK_ERR(efn_scenario_load_buffer(&s, buf, k, "scn-prefix"),
                  EFN_EINVALID, "scn-prefix: malformed JSON: ");
        CHECK(s == NULL);
    }
    free(buf);
}

static void test_arguments(const char *dir, const efn_network *base)
{
    efn_network *net = (efn_network *)(void *)&net;
    efn_diagnostics *d = (efn_diagnostics *)(void *)&d;
    efn_scenario *s = (efn_scenario *)(void *)&s;
    char *base_path = join(dir, "scenarios/base.json");
    char *missing = join(dir, "no-such-file.json");
    char *msg;

    CHECK_ERR(efn_network_load(NULL, base_path), EFN_EARG, "out is NULL");
    CHECK_ERR(efn_network_load(&net, NULL), EFN_EARG, "path is NULL");
    CHECK(net == NULL);
    CHECK_ERR(efn_network_load_buffer(NULL, "{}", 2, "x"), EFN_EARG,
              "out is NULL");
    net = (efn_network *)(void *)&net;
    CHECK_ERR(efn_network_load_buffer(&net, NULL, 5, "x"), EFN_EARG,
              "data is NULL");
    CHECK(net == NULL);
    /* NULL data with length 0 is an empty document. */
    CHECK_ERR(efn_network_load_buffer(&net, NULL, 0, "x"), EFN_EINVALID,
              "x: malformed JSON: the file is empty");
    CHECK(net == NULL);

    CHECK_ERR(efn_validate_file(NULL, base_path), EFN_EARG, "out is NULL");
    CHECK_ERR(efn_validate_file(&d, NULL), EFN_EARG, "path is NULL");
    CHECK(d == NULL);
    CHECK_ERR(efn_validate_buffer(NULL, "{}", 2, "x"), EFN_EARG, "out is NULL");
    d = (efn_diagnostics *)(void *)&d;
    CHECK_ERR(efn_validate_buffer(&d, NULL, 3, "x"), EFN_EARG, "data is NULL");
    CHECK(d == NULL);

    CHECK_ERR(efn_scenario_load(NULL, base_path), EFN_EARG, "out is NULL");
    CHECK_ERR(efn_scenario_load(&s, NULL), EFN_EARG, "path is NULL");
    CHECK(s == NULL);
    s = (efn_scenario *)(void *)&s;
    CHECK_ERR(efn_scenario_load_buffer(&s, NULL, 2, "x"), EFN_EARG,
              "data is NULL");
    CHECK(s == NULL);
    CHECK_ERR(efn_scenario_load_buffer(NULL, "{}", 2, "x"), EFN_EARG,
              "out is NULL");

    if (base) {
        static const char scn_text[] =
            "{\"efn\": 1, \"kind\": \"scenario\", \"name\": \"noop\", "
            "\"changes\": []}";
        CHECK_OK(efn_scenario_load_buffer(&s, scn_text, sizeof scn_text - 1,
                                          "noop"));
        net = (efn_network *)(void *)&net;
        CHECK_ERR(efn_scenario_apply(NULL, base, s), EFN_EARG, "NULL");
        CHECK_ERR(efn_scenario_apply(&net, NULL, s), EFN_EARG, "NULL");
        CHECK(net == NULL);
        net = (efn_network *)(void *)&net;
        CHECK_ERR(efn_scenario_apply(&net, base, NULL), EFN_EARG, "NULL");
        CHECK(net == NULL);
        efn_scenario_free(s);
    }
    /* Freeing NULL is harmless. */
    efn_network_free(NULL);
    efn_diagnostics_free(NULL);
    efn_scenario_free(NULL);

    /* Files that cannot be read: EFN_EIO, the path in the message. */
    net = (efn_network *)(void *)&net;
    CHECK_ERR(efn_network_load(&net, missing), EFN_EIO, "cannot open");
    CHECK(strncmp(efn_last_error(), missing, strlen(missing)) == 0);
    CHECK(net == NULL);
    net = (efn_network *)(void *)&net;
    CHECK_ERR(efn_network_load(&net, dir), EFN_EIO, "is a directory");
    CHECK(net == NULL);
    d = (efn_diagnostics *)(void *)&d;
    CHECK_ERR(efn_validate_file(&d, missing), EFN_EIO, "cannot open");
    CHECK(d == NULL);
    d = (efn_diagnostics *)(void *)&d;
    CHECK_ERR(efn_validate_file(&d, dir), EFN_EIO, "is a directory");
    CHECK(d == NULL);
    s = (efn_scenario *)(void *)&s;
    CHECK_ERR(efn_scenario_load(&s, missing), EFN_EIO, "cannot open");
    CHECK(s == NULL);

    /* A file over the size limit (1 GiB), made sparse so that nothing is
     * written: refused before it is read. */
    msg = malloc(64);
    if (!msg)
        exit(2);
    snprintf(msg, 64, "efn-oversized-%ld.json", (long)getpid());
    {
        int fd = open(msg, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        CHECK(fd >= 0 && ftruncate(fd, ((off_t)1 << 30) + 1) == 0);
        net = (efn_network *)(void *)&net;
        CHECK_ERR(efn_network_load(&net, msg), EFN_EINVALID,
                  "over the limit of 1073741824 bytes");
        CHECK(net == NULL);
        d = NULL;
        CHECK_OK(efn_validate_file(&d, msg));
        CHECK(efn_diagnostics_count(d) == 1);
        if (efn_diagnostics_count(d) == 1) {
            CHECK_STR(efn_diagnostics_path(d, 0), "");
            CHECK(strstr(efn_diagnostics_problem(d, 0), "over the limit") !=
                  NULL);
        }
        efn_diagnostics_free(d);
        if (fd >= 0) {
            close(fd);
            unlink(msg);
        }
    }
    free(msg);
    free(base_path);
    free(missing);
}

/* Values at the edge of what the format allows load: the checks above are
 * not over-eager. Each case replaces parts of a small valid network. */
typedef struct edge_case {
    const char *top;    /* extra top-level keys */
    const char *node;   /* the first node's keys after its id */
    const char *route;  /* the asset's route */
    const char *asset;  /* extra asset keys */
    const char *owners; /* the owners array's items */
} edge_case;

static void test_boundaries(void)
{
    static const edge_case cases[] = {
        {NULL,
         "\"kind\": \"field\", \"country\": \"AZ\", \"lat\": 90, "
         "\"lon\": 180",
         NULL, NULL, NULL},
        {NULL,
         "\"kind\": \"field\", \"country\": \"AZ\", \"lat\": -90, "
         "\"lon\": -180",
         NULL, NULL, NULL},
        {NULL, "\"kind\": \"field\", \"country\": \"ABCD-123\"", NULL, NULL,
         NULL}, /* a region code of 8 characters */
        {NULL,
         "\"kind\": \"field\", \"country\": \"AZ\", \"supply\": "
         "{\"gas\": 0, \"oil\": null}",
         NULL, NULL, NULL},
        {NULL, NULL, "[\"a\", \"b\", \"a\"]", NULL, NULL}, /* not in a row */
        {NULL, NULL, NULL, ", \"capacity\": {\"1800\": 1, \"2300\": 2}", NULL},
        {NULL, NULL, NULL,
         ", \"capacity\": {\"2020\": \"16 bcm/y\", \"2030\": null}", NULL},
        {NULL, NULL, NULL, ", \"capacity\": 0, \"length_km\": 0, \"tariff\": 0",
         NULL},
        {NULL, NULL, NULL, ", \"start_year\": 2020, \"end_year\": 2021", NULL},
        {NULL, NULL, NULL,
         ", \"stakes\": [{\"owner\": \"o1\", \"share\": 100}]", NULL},
        {NULL, NULL, NULL, ", \"stakes\": [{\"owner\": \"o1\", \"share\": 0}]",
         NULL},
        /* 100.0000001%: rounding in published shares is allowed for */
        {NULL, NULL, NULL,
         ", \"stakes\": [{\"owner\": \"o1\", \"share\": 33.3333334}, "
         "{\"owner\": \"o2\", \"share\": 66.6666667}]",
         NULL},
        /* half-owned in a cycle: outside owners hold the rest */
        {NULL, NULL, NULL, NULL,
         "{\"id\": \"o1\", \"owners\": [{\"owner\": \"o2\", \"share\": 50}]}, "
         "{\"id\": \"o2\", \"owners\": [{\"owner\": \"o1\", \"share\": 50}]}"},
        /* 64 levels of nesting, the top-level object included */
        {"\"extra\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
         "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
         "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]], ",
         NULL, NULL, NULL, NULL},
    };
    const char *fmt =
        "{\"efn\": 1, %s\"kind\": \"network\", \"nodes\": ["
        "{\"id\": \"%s\", %s}, "
        "{\"id\": \"b\", \"kind\": \"market\", \"country\": \"TR\"}], "
        "\"assets\": [{\"id\": \"p\", \"commodity\": \"gas\", "
        "\"route\": %s%s}], \"owners\": [%s]}";
    char id128[129], route128[160], text[4096];
    size_t i, ncases = sizeof cases / sizeof cases[0];

    memset(id128, 'n', 128);
    id128[128] = '\0';
    snprintf(route128, sizeof route128, "[\"%s\", \"b\"]", id128);
    for (i = 0; i <= ncases; i++) {
        /* The last case: the longest id allowed. */
        const edge_case *c = i < ncases ? &cases[i] : NULL;
        efn_network *net = NULL;
        int rc, n;
        n = snprintf(
            text, sizeof text, fmt, c && c->top ? c->top : "", c ? "a" : id128,
            c && c->node ? c->node : "\"kind\": \"field\", \"country\": \"AZ\"",
            c && c->route ? c->route
            : c           ? "[\"a\", \"b\"]"
                          : route128,
            c && c->asset ? c->asset : "",
            c && c->owners ? c->owners : "{\"id\": \"o1\"}, {\"id\": \"o2\"}");
        if (n < 0 || (size_t)n >= sizeof text)
            continue;
        rc = efn_network_load_buffer(&net, text, (size_t)n, "edge");
        expect(rc == EFN_OK && net != NULL, "boundaries",
               "case %zu: %s: \"%s\"", i, efn_status_name(rc),
               efn_last_error());
        efn_network_free(net);
    }
}

/* One defect, one problem: an error must not produce follow-on errors
 * about things that are fine. */
static void test_no_cascade(const char *dir, const char *file,
                            const char *not_expected)
{
    char *full = join(dir, file);
    efn_diagnostics *d = NULL;
    size_t i;
    if (efn_validate_file(&d, full) == EFN_OK) {
        for (i = 0; i < efn_diagnostics_count(d); i++)
            expect(strstr(efn_diagnostics_problem(d, i), not_expected) == NULL,
                   file, "spurious follow-on problem \"%s\"",
                   efn_diagnostics_message(d, i));
    }
    efn_diagnostics_free(d);
    free(full);
}

/*
 * Follow-on problems that validation must not report: the node, owner or
 * stake they name is fine; only another of its fields is broken (a node
 * with a bad name still exists, a rejected lat is not a missing one).
 */
static const char *const no_cascade[][2] = {
    {"stake_unknown_owner_first.json", "listed twice"},
    {"node_missing_kind.json", "unknown node"},
    {"node_unknown_kind.json", "unknown node"},
    {"node_missing_country.json", "unknown node"},
    {"node_bad_country.json", "unknown node"},
    {"node_country_lower.json", "unknown node"},
    {"node_name_number.json", "unknown node"},
    {"node_enabled_string.json", "unknown node"},
    {"node_lat_without_lon.json", "unknown node"},
    {"node_lat_string.json", "unknown node"},
    {"node_lat_string.json", "give both lat and lon"},
    {"node_lat_out_of_range.json", "unknown node"},
    {"node_lat_out_of_range.json", "give both lat and lon"},
    {"node_lon_out_of_range.json", "unknown node"},
    {"node_lon_out_of_range.json", "give both lat and lon"},
    {"node_supply_not_object.json", "unknown node"},
    {"node_supply_unknown_commodity.json", "unknown node"},
    {"node_supply_negative.json", "unknown node"},
    {"node_supply_overflow.json", "unknown node"},
    {"node_demand_oil_unit.json", "unknown node"},
    {"node_sources_string.json", "unknown node"},
    {"node_source_unknown.json", "unknown node"},
    {"owner_unknown_kind.json", "unknown owner"},
    {"owner_bad_country.json", "unknown owner"},
};

int main(int argc, char **argv)
{
    corpus c = {0};
    const char *dir;
    char *base_path, *base_json = NULL, *base_text, *scn_path, *scn_text;
    size_t i, nnet = 0, nscn = 0, base_len = 0, scn_len = 0;
    efn_network *base = NULL;
    efn_diagnostics *d = NULL;

    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    dir = argv[1];
    read_expected(&c, dir);

    base_path = join(dir, "scenarios/base.json");
    CHECK_OK(efn_network_load(&base, base_path));
    CHECK_OK(efn_validate_file(&d, base_path));
    CHECK(efn_diagnostics_count(d) == 0);
    efn_diagnostics_free(d);
    if (base)
        CHECK_OK(efn_network_to_json(&base_json, base, 0));

    for (i = 0; i < c.n; i++) {
        char *full = join(dir, c.items[i].file);
        if (is_scenario(&c.items[i])) {
            check_scenario_file(&c.items[i], full, base, base_json);
            nscn++;
        } else {
            check_network_file(&c.items[i], full);
            nnet++;
        }
        free(full);
    }
    check_listed(&c, dir, "");
    check_listed(&c, dir, "scenarios");
    for (i = 0; i < sizeof no_cascade / sizeof no_cascade[0]; i++)
        test_no_cascade(dir, no_cascade[i][0], no_cascade[i][1]);
    test_boundaries();

    base_text = slurp(base_path, &base_len);
    scn_path = join(dir, "scenarios/set_unknown_asset.json");
    scn_text = slurp(scn_path, &scn_len);
    CHECK(base_text != NULL && scn_text != NULL);
    if (base_text && scn_text)
        test_buffers(base_text, base_len, scn_text, scn_len);
    test_arguments(dir, base);

    printf("%zu network files, %zu scenario files\n", nnet, nscn);
    efn_free(base_json);
    efn_network_free(base);
    free(base_text);
    free(scn_text);
    free(scn_path);
    free(base_path);
    free_corpus(&c);
    return check_finish("bad_input");
}
