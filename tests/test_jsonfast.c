/*
 * The loader's fast JSON parser (lib/jsonfast.c) against cJSON's parser:
 * wherever the fast path accepts a text, its tree must be cJSON's, item for
 * item (types, keys, strings, numbers to the bit, valueint, the order and
 * the prev links); where it gives up, the caller falls back to cJSON, so it
 * must give up on everything cJSON rejects. Checked on hand-picked texts
 * (escapes, surrogate pairs, numbers at the edges of double precision),
 * every JSON file given on the command line (the fixtures and the bad-input
 * corpus), and thousands of random documents and random mutations of them.
 * `--quick` runs fewer (valgrind). Links the static library.
 */
#include <stdlib.h>

#include "check.h"
#include "model.h"

static uint64_t rng = UINT64_C(0x9E3779B97F4A7C15);

static uint64_t next_u64(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static size_t below(size_t n)
{
    return (size_t)(next_u64() % n);
}

/* 1 when a and b are the same tree, down to the bits of every number. */
static int same_tree(const cJSON *a, const cJSON *b)
{
    const cJSON *x, *y;
    if (a->type != b->type || a->valueint != b->valueint ||
        memcmp(&a->valuedouble, &b->valuedouble, sizeof(double)) != 0)
        return 0;
    if ((a->string == NULL) != (b->string == NULL) ||
        (a->string && strcmp(a->string, b->string) != 0))
        return 0;
    if ((a->valuestring == NULL) != (b->valuestring == NULL) ||
        (a->valuestring && strcmp(a->valuestring, b->valuestring) != 0))
        return 0;
    if ((a->child == NULL) != (b->child == NULL))
        return 0;
    if (a->child && (a->child->prev == NULL) != (b->child->prev == NULL))
        return 0;
    for (x = a->child, y = b->child; x && y; x = x->next, y = y->next) {
        if (!same_tree(x, y))
            return 0;
        if (x != a->child && x->prev->next != x)
            return 0;
        if (!x->next && a->child->prev != x)
            return 0; /* the first child's prev is the last */
    }
    return x == NULL && y == NULL;
}

static int last_checked; /* the last accepted text's *checked */

/* The lazy parse of `text` with the top-level arrays "x", "y", "nodes" and
 * "assets" left unread, each then read element by element, against the
 * whole tree `fast` (NULL: the fast parser gave up): the same elements
 * where the whole parse is clean, and never a clean read where it is not.
 * Returns 1 when every part was read cleanly. */
static int lazy_agrees(const char *text, size_t len, const cJSON *fast,
                       int fast_checked, const char *what)
{
    efn__json_lazy lazy[4] = {
        {"x", NULL, NULL, 0},
        {"y", NULL, NULL, 0},
        {"nodes", NULL, NULL, 0},
        {"assets", NULL, NULL, 0},
    };
    efn__arena *arena = NULL;
    int nomem = 0, checked = 0, clean, same = 1;
    size_t k;
    cJSON *top =
        efn__json_parse_lazy(text, len, &arena, &nomem, &checked, lazy, 4);
    CHECK(!nomem);
    clean = top && checked;
    for (k = 0; k < 4 && top; k++) {
        efn__json_elems *it = NULL;
        const cJSON *e, *whole = NULL, *w;
        size_t n = 0;
        if (!lazy[k].begin)
            continue;
        if (fast)
            for (w = fast->child; w; w = w->next)
                if (w->string && strcmp(w->string, lazy[k].key) == 0)
                    whole = w;
        CHECK(efn__json_elems_open(&it, &lazy[k]) == EFN_OK);
        w = whole ? whole->child : NULL;
        while ((e = efn__json_elems_next(it)) != NULL) {
            const cJSON *peek = efn__json_elems_peek(it);
            if (!w || !same_tree(e, w))
                same = 0;
            if (w && peek && (!w->next || !same_tree(peek, w->next)))
                same = 0;
            w = w ? w->next : NULL;
            n++;
        }
        if (efn__json_elems_status(it) != EFN_OK)
            clean = 0;
        else if (w || n != lazy[k].count)
            same = 0;
        efn__json_elems_free(it);
    }
    if (clean && (!fast || !fast_checked || !same)) {
        check_failures++;
        fprintf(stderr, "%s: the lazy parse read cleanly what the whole %s\n",
                what,
                !fast           ? "parse gives up on"
                : !fast_checked ? "parse finds suspect"
                                : "parse reads otherwise");
        if (len < 200)
            fprintf(stderr, "  text: %.*s\n", (int)len, text);
    }
    if (fast && fast_checked && !clean) {
        check_failures++;
        fprintf(stderr, "%s: the lazy parse gave up on a clean document\n",
                what);
    }
    check_count++;
    efn__arena_free(arena);
    return clean;
}

/* Parses `text` both ways. Returns 1 when the fast path accepted it, 0 when
 * it gave up; a failure is recorded when it accepted what cJSON rejects or
 * built another tree. */
static int compare(const char *text, size_t len, const char *what)
{
    efn__arena *arena = NULL;
    int nomem = 0, checked = 0;
    cJSON *fast = efn__json_parse_fast(text, len, &arena, &nomem, &checked);
    cJSON *ref = NULL;
    const char *end = NULL;
    CHECK(!nomem);
    lazy_agrees(text, len, fast, checked, what);
    if (!fast)
        return 0;
    last_checked = checked;
    if (checked) {
        /* The parser's word that the key check would find nothing. */
        efn__ctx ctx;
        memset(&ctx, 0, sizeof ctx);
        ctx.source = what;
        if (efn__check_duplicate_keys(&ctx, fast) != 0) {
            check_failures++;
            fprintf(stderr, "%s: said clean, but %s\n", what, efn_last_error());
        }
        check_count++;
    }
    ref = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!ref || !same_tree(fast, ref)) {
        check_failures++;
        fprintf(stderr, "%s: fast parse %s cJSON's\n", what,
                ref ? "differs from" : "accepts what cJSON rejects:");
        if (len < 200)
            fprintf(stderr, "  text: %.*s\n", (int)len, text);
    }
    check_count++;
    cJSON_Delete(ref);
    efn__arena_free(arena);
    return 1;
}

static int accepts(const char *text)
{
    return compare(text, strlen(text), text);
}

static void test_cases(void)
{
    /* Accepted, and the same as cJSON's. */
    CHECK(accepts("{}"));
    CHECK(accepts("[]"));
    CHECK(accepts(" \n\t{\"a\": [1, -2, 3.5, -0, 0.1, 1e22, 1e23, 5e-324, "
                  "1.7976931348623157e308, 123456789012345678, "
                  "9007199254740993, 2.2250738585072011e-308, 1E+2, "
                  "4.35, 1e-7, 0.30000000000000004]}\r\n"));
    CHECK(accepts(
        "{\"s\": \"caf\\u00e9 \\ud83d\\ude00 \\\" \\\\ \\/ "
        "\\b\\f\\n\\r\\t\", \"k\\u00e9y\": true, \"f\": false, "
        "\"n\": null, \"u\": \"\xc3\xa7\xe2\x82\xac\xf0\x9f\x98\x80\"}"));
    CHECK(accepts("{\"a\": {\"b\": {\"c\": [[[]]], \"c\": 2}}}")); /* dup */
    CHECK(last_checked == 0); /* left to efn__check_duplicate_keys */
    CHECK(accepts("{\"a\": {\"b\": 1, \"bb\": 2, \"c\": {\"b\": 3}}}"));
    CHECK(last_checked == 1);
    CHECK(accepts("[2147483647, 2147483648, -2147483648, -2147483649, "
                  "1e300, -1e300, 0.5, -0.5]")); /* valueint saturates */
    CHECK(compare("{\"a\": 1}\n", 9, "a newline at the end") == 1);
    {
        /* 18 members: more than the parser compares pairwise. */
        char many[400];
        size_t i, n = 0;
        many[n++] = '{';
        for (i = 0; i < 18; i++)
            n += (size_t)snprintf(many + n, sizeof many - n, "%s\"k%zu\": %zu",
                                  i ? ", " : "", i, i);
        many[n++] = '}';
        CHECK(compare(many, n, "18 members") == 1);
        CHECK(last_checked == 0);
    }
    CHECK(compare("{\"a\": 1}\0", 9, "a final NUL") == 1);
    /* Given up: cJSON decides (and efn__json_parse reports). */
    CHECK(!accepts("\xef\xbb\xbf{}"));       /* byte-order mark */
    CHECK(!accepts("{\"a\": \"\\u0000\"}")); /* NUL in a string */
    CHECK(!accepts("{\"a\": \"\\ud800\"}")); /* lone surrogate */
    CHECK(!accepts("{\"a\": \"\\udc00\"}"));
    CHECK(!accepts("{\"a\": 01}")); /* not JSON's grammar */
    CHECK(!accepts("{\"a\": 1.}"));
    CHECK(!accepts("{\"a\": .5}"));
    CHECK(!accepts("{\"a\": +1}"));
    CHECK(!accepts("{\"a\": NaN}"));
    CHECK(!accepts("{\"a\": 1,}"));
    CHECK(!accepts("[1,]"));
    CHECK(!accepts("{\"a\" 1}"));
    CHECK(!accepts("{\"a\": 1} x"));
    CHECK(!accepts("{\"a\": \"tab\there\"}"));    /* raw control byte */
    CHECK(!accepts("{\"a\": \"\xc0\xaf\"}"));     /* overlong UTF-8 */
    CHECK(!accepts("{\"a\": \"\xed\xa0\x80\"}")); /* encoded surrogate */
    CHECK(!accepts("{\"a\": \"open"));
    CHECK(!accepts("{\"a\": [1, 2"));
    CHECK(!accepts("\"top-level string\""));
    CHECK(!accepts("12"));
    CHECK(!accepts(""));
    CHECK(compare("{\"a\": 1}\0\0", 10, "two NULs") == 0);
    {
        /* Nesting: 64 levels are read, 65 go to cJSON (and are reported
         * by efn__json_parse). */
        char deep[200];
        size_t i, n = 0;
        for (i = 0; i < 64; i++)
            deep[n++] = '[';
        for (i = 0; i < 64; i++)
            deep[n++] = ']';
        CHECK(compare(deep, n, "64 levels") == 1);
        n = 0;
        for (i = 0; i < 65; i++)
            deep[n++] = '[';
        for (i = 0; i < 65; i++)
            deep[n++] = ']';
        CHECK(compare(deep, n, "65 levels") == 0);
    }
}

/* Under a decimal-comma locale, numbers that need strtod (more digits than
 * fit in 53 bits, or a scale past 10^22) still read as in "C", as cJSON
 * reads them. */
static void test_locale(void)
{
    const char *text = "[0.1, 1.2345678901234567890, 1e-300, 123.456e30]";
    efn__arena *arena = NULL;
    int nomem = 0, checked = 0;
    cJSON *doc;
    if (!check_decimal_comma_locale("jsonfast", "jsonfast_locale"))
        return;
    CHECK(compare(text, strlen(text), "decimal-comma locale") == 1);
    doc = efn__json_parse_fast(text, strlen(text), &arena, &nomem, &checked);
    CHECK(doc != NULL);
    if (doc) {
        CHECK(doc->child->valuedouble == 0.1);
        CHECK(doc->child->next->valuedouble == 1.2345678901234567);
        CHECK(doc->child->next->next->valuedouble == 1e-300);
        CHECK(doc->child->next->next->next->valuedouble == 123.456e30);
    }
    efn__arena_free(arena);
    setlocale(LC_NUMERIC, "C");
}

/* ---- random documents -----------------------------------------------------
 */

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = 2 * (b->n + n + 1);
        b->s = realloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void random_string(buf *b)
{
    static const char *parts[] = {"a",
                                  "Id",
                                  "\\n",
                                  "\\\"",
                                  "\\u00e9",
                                  "\\uD83D\\uDE00",
                                  "\xc3\xa9",
                                  "\xe2\x82\xac",
                                  " ",
                                  "\\/",
                                  "0",
                                  "\\u0041",
                                  "\xf0\x9f\x98\x80"};
    size_t k = below(6);
    puts_(b, "\"");
    while (k--)
        puts_(b, parts[below(sizeof parts / sizeof *parts)]);
    puts_(b, "\"");
}

static void random_number(buf *b)
{
    char tmp[64];
    switch (below(6)) {
    case 0:
        snprintf(tmp, sizeof tmp, "%d", (int)below(2000000) - 1000000);
        break;
    case 1:
        snprintf(tmp, sizeof tmp, "%.*f", (int)below(8),
                 (double)(next_u64() % 100000000) / 1000.0);
        break;
    case 2:
        snprintf(tmp, sizeof tmp, "%.17g",
                 (double)next_u64() / 3.0 * (below(2) ? 1e-300 : 1e280));
        break;
    case 3:
        snprintf(tmp, sizeof tmp, "%de%s%d", (int)below(1000),
                 below(2) ? "-" : "", (int)below(320));
        break;
    case 4: snprintf(tmp, sizeof tmp, "-0.%06d", (int)below(1000000)); break;
    default:
        snprintf(tmp, sizeof tmp, "%llu",
                 (unsigned long long)(next_u64() >> below(64)));
    }
    puts_(b, tmp);
}

static void random_value(buf *b, int depth)
{
    size_t kind = depth > 5 ? 2 + below(4) : below(6), n, i;
    static const char *ws[] = {"", " ", "\n", "\t", "\r\n  "};
    switch (kind) {
    case 0:
    case 1:
        puts_(b, kind ? "{" : "[");
        n = below(5);
        for (i = 0; i < n; i++) {
            if (i)
                puts_(b, ",");
            puts_(b, ws[below(5)]);
            if (kind) {
                random_string(b);
                puts_(b, ws[below(5)]);
                puts_(b, ":");
                puts_(b, ws[below(5)]);
            }
            random_value(b, depth + 1);
            puts_(b, ws[below(5)]);
        }
        puts_(b, kind ? "}" : "]");
        break;
    case 2: random_string(b); break;
    case 3: random_number(b); break;
    case 4: puts_(b, below(2) ? "true" : "false"); break;
    default: puts_(b, "null");
    }
}

static void test_random(size_t rounds)
{
    buf b = {NULL, 0, 0};
    size_t i, accepted = 0, mutated_ok = 0;
    char name[64];
    for (i = 0; i < rounds; i++) {
        size_t k;
        b.n = 0;
        puts_(&b, "{\"x\": ");
        random_value(&b, 1);
        /* an array read lazily, element by element */
        puts_(&b, ", \"y\": [");
        for (k = below(6); k > 0; k--) {
            random_value(&b, 2);
            puts_(&b, k > 1 ? "," : "");
        }
        puts_(&b, "]}");
        snprintf(name, sizeof name, "random #%zu", i);
        accepted += (size_t)compare(b.s, b.n, name);
        /* A few bytes changed: whatever the fast path still accepts must
         * be cJSON's tree. */
        for (k = 0; k < 3; k++) {
            static const char bytes[] = "{}[],:\"\\0123456789.eE+-tfnul x\x80";
            size_t at = below(b.n);
            b.s[at] = bytes[below(sizeof bytes - 1)];
        }
        snprintf(name, sizeof name, "mutated #%zu", i);
        mutated_ok += (size_t)compare(b.s, b.n, name);
    }
    printf("jsonfast: %zu random documents (%zu taken by the fast path), "
           "%zu mutated ones taken\n",
           rounds, accepted, mutated_ok);
    CHECK(accepted > rounds * 9 / 10);
    free(b.s);
}

static void test_file(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (efn__read_file(&data, &len, path) != EFN_OK) {
        fprintf(stderr, "%s: %s\n", path, efn_last_error());
        check_failures++;
        return;
    }
    compare(data, len, path);
    efn__free(data);
}

int main(int argc, char **argv)
{
    size_t rounds = 20000;
    int i, last = argc;
    if (argc > 1 && strcmp(argv[argc - 1], "--quick") == 0) {
        rounds = 1000;
        last = argc - 1;
    }
    test_cases();
    test_locale();
    test_random(rounds);
    for (i = 1; i < last; i++)
        test_file(argv[i]);
    printf("jsonfast: %d files compared\n", last - 1);
    return check_finish("jsonfast");
}
