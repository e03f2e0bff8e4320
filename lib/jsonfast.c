/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * jsonfast.c: the network loader's JSON parser. It reads plain, well-formed
 * JSON into a cJSON tree whose items and strings live in a few large blocks
 * (an arena) instead of one allocation each: about four times faster than
 * cJSON's parser on a large network, with less memory, and no lock. Anything
 * it does not read as plain JSON (a syntax error, a byte-order mark, a NUL
 * escape, a number cJSON would spell differently, nesting past the limit,
 * invalid UTF-8) makes it give up, and the caller parses with cJSON through
 * efn__json_parse(), which reports the problem as before: the fast path
 * never changes what is accepted or what is said about a bad file.
 *
 * The tree is cJSON's own layout (next, prev, child; the first child's prev
 * is the last), so every cJSON reader and cJSON_Duplicate() work on it. It
 * must not be passed to cJSON_Delete() or changed: it is freed with its
 * arena.
 */
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define BLOCK_MIN ((size_t)1 << 20)

typedef struct block {
    struct block *next;
    size_t size, used;
    /* data follows, aligned for cJSON */
    max_align_t data[];
} block;

struct efn__arena {
    block *head;
};

void efn__arena_free(efn__arena *a)
{
    block *b, *next;
    if (!a)
        return;
    for (b = a->head; b; b = next) {
        next = b->next;
        efn__free(b);
    }
    efn__free(a);
}

static void *arena_alloc(efn__arena *a, size_t size)
{
    block *b = a->head;
    size = (size + 7) & ~(size_t)7;
    if (!b || b->size - b->used < size) {
        size_t want = size > BLOCK_MIN ? size : BLOCK_MIN;
        /* Blocks grow with what is already used, so that a large file
         * needs few of them. */
        if (b && b->size < ((size_t)64 << 20) && want < 2 * b->size)
            want = 2 * b->size;
        b = efn__malloc(sizeof *b + want);
        if (!b)
            return NULL;
        b->size = want;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    b->used += size;
    return (char *)b->data + b->used - size;
}

/* Keeps the newest (largest) block, emptied, and frees the others. */
static void arena_reset(efn__arena *a)
{
    block *b, *next;
    if (!a->head)
        return;
    for (b = a->head->next; b; b = next) {
        next = b->next;
        efn__free(b);
    }
    a->head->next = NULL;
    a->head->used = 0;
}

efn__arena *efn__arena_new(void)
{
    return efn__calloc(1, sizeof(efn__arena));
}

const char *efn__arena_strdup(efn__arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = arena_alloc(a, n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

typedef struct parser {
    const unsigned char *p, *end;
    efn__arena *arena;
    int nomem;
    int suspect;   /* a duplicate key or an over-long string may be present */
    char point[8]; /* the locale's decimal point, for strtod; read on */
    size_t point_len;     /* first need (0: not yet) */
    efn__json_lazy *lazy; /* top-level arrays left unread, and how many */
    size_t nlazy;
} parser;

enum { FAIL = 0, OK = 1 };

static void skip_space(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' ||
                               *ps->p == '\r' || *ps->p == '\t'))
        ps->p++;
}

static cJSON *new_item(parser *ps)
{
    cJSON *item = arena_alloc(ps->arena, sizeof *item);
    if (!item) {
        ps->nomem = 1;
        return NULL;
    }
    memset(item, 0, sizeof *item);
    return item;
}

size_t efn__utf8_length(const unsigned char *s, const unsigned char *end)
{
    unsigned c = s[0], cp, n, k;
    if (c >= 0xC2 && c <= 0xDF)
        n = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 3, cp = c & 0x07;
    else
        return 0;
    if ((size_t)(end - s) <= n)
        return 0;
    for (k = 1; k <= n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    return n + 1;
}

static int hex4(const unsigned char *s, unsigned *out)
{
    unsigned v = 0, k;
    for (k = 0; k < 4; k++) {
        unsigned c = s[k], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return FAIL;
        v = v * 16 + d;
    }
    *out = v;
    return OK;
}

/* A string at ps->p (on its opening quote), copied into the arena with its
 * escapes decoded. */
static char *parse_string(parser *ps)
{
    const unsigned char *s = ps->p + 1, *q = s;
    size_t n = 0;
    char *out, *o;
    int escapes = 0;
    /* Measure, and check what only the fast path refuses. */
    while (q < ps->end && *q != '"') {
        if (*q < 0x20)
            return NULL;
        if (*q == '\\') {
            escapes = 1;
            if (q + 1 >= ps->end)
                return NULL;
            q += q[1] == 'u' ? 6 : 2;
            n += 4; /* at most 4 bytes of UTF-8 per escape */
            continue;
        }
        if (*q >= 0x80) {
            size_t k = efn__utf8_length(q, ps->end);
            if (!k)
                return NULL;
            q += k;
            n += k;
            continue;
        }
        q++;
        n++;
    }
    if (q >= ps->end)
        return NULL;
    if (n > EFN_MAX_STRING_BYTES)
        ps->suspect = 1; /* efn__check_duplicate_keys will say */
    if (!(out = arena_alloc(ps->arena, n + 1))) {
        ps->nomem = 1;
        return NULL;
    }
    if (!escapes) {
        memcpy(out, s, (size_t)(q - s));
        out[q - s] = '\0';
        ps->p = q + 1;
        return out;
    }
    for (o = out; s < q;) {
        unsigned cp, lo;
        if (*s != '\\') {
            *o++ = (char)*s++;
            continue;
        }
        switch (s[1]) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u':
            if (s + 6 > q || !hex4(s + 2, &cp) || cp == 0)
                return NULL;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return NULL;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                /* A surrogate pair: the low half must follow. */
                if (s + 12 > q || s[6] != '\\' || s[7] != 'u' ||
                    !hex4(s + 8, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                    return NULL;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                s += 6;
            }
            if (cp < 0x80)
                *o++ = (char)cp;
            else if (cp < 0x800) {
                *o++ = (char)(0xC0 | (cp >> 6));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                *o++ = (char)(0xE0 | (cp >> 12));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else {
                *o++ = (char)(0xF0 | (cp >> 18));
                *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            }
            s += 6;
            continue;
        default: return NULL;
        }
        s += 2;
    }
    *o = '\0';
    ps->p = q + 1;
    return out;
}

/* The locale's decimal point, read only when strtod is needed (most
 * numbers never are), as cJSON reads it. */
static void decimal_point(parser *ps)
{
    const char *point = localeconv()->decimal_point;
    size_t n = point && point[0] ? strlen(point) : 0;
    if (n == 0 || n >= sizeof ps->point) {
        ps->point[0] = '.';
        n = 1;
    } else {
        memcpy(ps->point, point, n);
    }
    ps->point_len = n;
}

/* Exact powers of ten as doubles (10^22 is the last). */
static const double pow10_exact[] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/*
 * A number in JSON's grammar, converted as strtod converts it (correctly
 * rounded): directly when its digits fit in 2^53 and its scale is an exact
 * power of ten (then one division or multiplication of exact values rounds
 * once), else by strtod itself, with '.' swapped for the locale's point as
 * cJSON does.
 */
static int parse_number(parser *ps, cJSON *item)
{
    const unsigned char *s = ps->p, *q = s;
    uint64_t mant = 0;
    int frac = 0, exp = 0, eneg = 0, neg = 0, simple = 1;
    double v;
/* One more significant digit, while the mantissa stays exact. */
#define DIGIT(c)                                                               \
    do {                                                                       \
        if (mant >= ((uint64_t)1 << 53) / 10)                                  \
            simple = 0;                                                        \
        else                                                                   \
            mant = mant * 10 + (uint64_t)((c) - '0');                          \
    } while (0)
    if (q < ps->end && *q == '-')
        neg = 1, q++;
    if (q >= ps->end || *q < '0' || *q > '9')
        return FAIL;
    if (*q == '0') {
        q++;
    } else {
        while (q < ps->end && *q >= '0' && *q <= '9') {
            DIGIT(*q);
            q++;
        }
    }
    if (q < ps->end && *q == '.') {
        q++;
        if (q >= ps->end || *q < '0' || *q > '9')
            return FAIL;
        while (q < ps->end && *q >= '0' && *q <= '9') {
            DIGIT(*q);
            frac++;
            q++;
        }
    }
#undef DIGIT
    if (q < ps->end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < ps->end && (*q == '+' || *q == '-'))
            eneg = *q == '-', q++;
        if (q >= ps->end || *q < '0' || *q > '9')
            return FAIL;
        while (q < ps->end && *q >= '0' && *q <= '9') {
            if (exp < 10000)
                exp = exp * 10 + (*q - '0');
            q++;
        }
    }
    if (q - s > 63)
        return FAIL; /* longer than cJSON reads */
    exp = (eneg ? -exp : exp) - frac;
    if (simple && exp >= -22 && exp <= 22) {
        v = (double)mant;
        v = exp < 0 ? v / pow10_exact[-exp] : v * pow10_exact[exp];
        if (neg)
            v = -v;
    } else {
        char buf[64 + 8], *e;
        size_t i, len = 0;
        for (i = 0; i < (size_t)(q - s); i++) {
            if (s[i] == '.') {
                if (!ps->point_len)
                    decimal_point(ps);
                memcpy(buf + len, ps->point, ps->point_len);
                len += ps->point_len;
            } else {
                buf[len++] = (char)s[i];
            }
        }
        buf[len] = '\0';
        v = strtod(buf, &e);
        if (e != buf + len)
            return FAIL;
    }
    item->type = cJSON_Number;
    item->valuedouble = v;
    if (v >= INT_MAX)
        item->valueint = INT_MAX;
    else if (v <= (double)INT_MIN)
        item->valueint = INT_MIN;
    else
        item->valueint = (int)v;
    ps->p = q;
    return OK;
}

static int literal(parser *ps, const char *word, size_t n)
{
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return FAIL;
    ps->p += n;
    return OK;
}

static cJSON *parse_value(parser *ps, int depth);

/*
 * From ps->p on an array's '[', past its matching ']', by counting
 * brackets outside strings: where the array's elements begin and end, and
 * how many there are (its commas at the top plus one, unless it is empty).
 * Nothing is checked here but that the brackets close, the last with ']':
 * each element is parsed strictly later (efn__json_elems_next), and there
 * a count or a separator that does not match makes the reader give up.
 */
static int skip_array(parser *ps, efn__json_lazy *lz)
{
    const unsigned char *p = ps->p + 1, *end = ps->end;
    size_t depth = 1, commas = 0;
    lz->begin = (const char *)p;
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    lz->count = p < end && *p != ']';
    while (p < end) {
        unsigned char c = *p++;
        if (c == '"') {
            while (p < end && *p != '"')
                p += *p == '\\' && p + 1 < end ? 2 : 1;
            if (p >= end)
                return FAIL;
            p++;
        } else if (c == '[' || c == '{') {
            depth++;
        } else if (c == ']' || c == '}') {
            if (--depth == 0) {
                if (c != ']')
                    return FAIL;
                lz->end = (const char *)p - 1;
                lz->count += lz->count ? commas : 0;
                ps->p = p;
                return OK;
            }
        } else if (c == ',' && depth == 1) {
            commas++;
        }
    }
    return FAIL;
}

/* The lazy entry for a top-level member `key`, or NULL. */
static efn__json_lazy *lazy_for(parser *ps, const char *key)
{
    size_t k;
    for (k = 0; k < ps->nlazy; k++)
        if (strcmp(ps->lazy[k].key, key) == 0)
            return &ps->lazy[k];
    return NULL;
}

/* The members of an object or elements of an array, at ps->p just past
 * the opening bracket. */
static int parse_children(parser *ps, cJSON *parent, int object, int depth)
{
    cJSON *last = NULL;
    unsigned char close = object ? '}' : ']';
    skip_space(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        return OK;
    }
    for (;;) {
        char *key = NULL;
        cJSON *child;
        efn__json_lazy *lz;
        if (object) {
            if (ps->p >= ps->end || *ps->p != '"' || !(key = parse_string(ps)))
                return FAIL;
            skip_space(ps);
            if (ps->p >= ps->end || *ps->p != ':')
                return FAIL;
            ps->p++;
            skip_space(ps);
        }
        if (object && depth == 1 && ps->nlazy && ps->p < ps->end &&
            *ps->p == '[' && (lz = lazy_for(ps, key)) != NULL && !lz->begin) {
            /* left unread: an empty array in the tree */
            if (!(child = new_item(ps)) || !skip_array(ps, lz))
                return FAIL;
            child->type = cJSON_Array;
        } else if (!(child = parse_value(ps, depth + 1))) {
            return FAIL;
        }
        child->string = key;
        if (object && !ps->suspect) {
            /* Duplicate keys: each key against the ones before, in
             * objects of up to 17 members; larger ones are left to
             * efn__check_duplicate_keys. */
            const cJSON *o;
            size_t k = 0;
            for (o = parent->child; o && k < 16; o = o->next, k++)
                if (o->string[0] == key[0] && strcmp(o->string, key) == 0)
                    ps->suspect = 1;
            if (o)
                ps->suspect = 1;
        }
        if (last) {
            last->next = child;
            child->prev = last;
        } else {
            parent->child = child;
        }
        last = child;
        skip_space(ps);
        if (ps->p >= ps->end)
            return FAIL;
        if (*ps->p == ',') {
            ps->p++;
            skip_space(ps);
            continue;
        }
        if (*ps->p != close)
            return FAIL;
        ps->p++;
        parent->child->prev = last; /* cJSON's convention */
        return OK;
    }
}

static cJSON *parse_value(parser *ps, int depth)
{
    cJSON *item;
    if (ps->p >= ps->end || depth > EFN_MAX_DEPTH)
        return NULL;
    if (!(item = new_item(ps)))
        return NULL;
    switch (*ps->p) {
    case '{':
    case '[':
        item->type = *ps->p == '{' ? cJSON_Object : cJSON_Array;
        ps->p++;
        if (!parse_children(ps, item, item->type == cJSON_Object, depth))
            return NULL;
        return item;
    case '"':
        item->type = cJSON_String;
        return (item->valuestring = parse_string(ps)) ? item : NULL;
    case 't':
        item->type = cJSON_True;
        item->valueint = 1;
        return literal(ps, "true", 4) ? item : NULL;
    case 'f':
        item->type = cJSON_False;
        return literal(ps, "false", 5) ? item : NULL;
    case 'n':
        item->type = cJSON_NULL;
        return literal(ps, "null", 4) ? item : NULL;
    default: return parse_number(ps, item) ? item : NULL;
    }
}

cJSON *efn__json_parse_lazy(const char *data, size_t len, efn__arena **arena,
                            int *nomem, int *checked, efn__json_lazy *lazy,
                            size_t nlazy)
{
    parser ps;
    cJSON *root;
    size_t k;
    *arena = NULL;
    *nomem = 0;
    *checked = 0;
    for (k = 0; k < nlazy; k++) {
        lazy[k].begin = lazy[k].end = NULL;
        lazy[k].count = 0;
    }
    if (len > EFN_MAX_FILE_BYTES)
        return NULL;
    memset(&ps, 0, sizeof ps);
    ps.p = (const unsigned char *)data;
    ps.end = ps.p + len;
    ps.lazy = lazy;
    ps.nlazy = nlazy;
    if (!(ps.arena = efn__calloc(1, sizeof *ps.arena))) {
        *nomem = 1;
        return NULL;
    }
    skip_space(&ps);
    /* The top level must be an object or an array for the fast path; the
     * rest (and a byte-order mark) goes to cJSON. */
    root = ps.p < ps.end && (*ps.p == '{' || *ps.p == '[') ? parse_value(&ps, 1)
                                                           : NULL;
    if (root) {
        skip_space(&ps);
        while (ps.p < ps.end && *ps.p == '\0' && ps.p + 1 == ps.end)
            ps.p++; /* a terminator at the very end */
        if (ps.p != ps.end)
            root = NULL;
    }
    if (!root) {
        *nomem = ps.nomem;
        efn__arena_free(ps.arena);
        return NULL;
    }
    *arena = ps.arena;
    *checked = !ps.suspect;
    return root;
}

cJSON *efn__json_parse_fast(const char *data, size_t len, efn__arena **arena,
                            int *nomem, int *checked)
{
    return efn__json_parse_lazy(data, len, arena, nomem, checked, NULL, 0);
}

/* ---- a lazy array's elements, one at a time ------------------------------ */

/* Element k lives in arena k % 2: the one handed out and the one after it
 * (read ahead, for a look at it) are kept, the one before is emptied. */
struct efn__json_elems {
    parser ps;
    efn__arena arena[2];
    const unsigned char *close; /* the array's ']' */
    size_t count, done;         /* elements in all, handed out */
    cJSON *ahead;
    int status; /* EFN_OK, EFN_ENOMEM, or EFN_EINVALID: gave up */
};

/* Reads element k into it->ahead, or, for k == count, checks that the
 * array ends there. */
static void read_ahead(efn__json_elems *it, size_t k)
{
    parser *ps = &it->ps;
    it->ahead = NULL;
    skip_space(ps);
    if (k == it->count) {
        if (ps->p != it->close || ps->suspect)
            it->status = EFN_EINVALID;
        return;
    }
    if (k > 0) {
        if (ps->p >= it->close || *ps->p != ',') {
            it->status = EFN_EINVALID;
            return;
        }
        ps->p++;
        skip_space(ps);
    }
    ps->arena = &it->arena[k % 2];
    arena_reset(ps->arena);
    /* depth 3: an element of a top-level member, as in the whole tree */
    if (ps->p >= it->close || !(it->ahead = parse_value(ps, 3)))
        it->status = ps->nomem ? EFN_ENOMEM : EFN_EINVALID;
}

int efn__json_elems_open(efn__json_elems **out, const efn__json_lazy *lazy)
{
    efn__json_elems *it = efn__calloc(1, sizeof *it);
    *out = it;
    if (!it)
        return EFN_ENOMEM;
    it->ps.p = (const unsigned char *)lazy->begin;
    /* an element ends at the array's ']' at the latest */
    it->ps.end = it->close = (const unsigned char *)lazy->end;
    it->count = lazy->count;
    it->status = EFN_OK;
    read_ahead(it, 0);
    return EFN_OK;
}

const cJSON *efn__json_elems_next(efn__json_elems *it)
{
    cJSON *cur = it->ahead;
    if (!cur)
        return NULL;
    /* element done + 1 goes where done - 1 was */
    read_ahead(it, it->done + 1);
    it->done++;
    return cur;
}

const cJSON *efn__json_elems_peek(const efn__json_elems *it)
{
    return it->ahead;
}

int efn__json_elems_status(const efn__json_elems *it)
{
    if (it->status != EFN_OK)
        return it->status;
    return it->done == it->count && !it->ahead ? EFN_OK : EFN_EINVALID;
}

void efn__json_elems_free(efn__json_elems *it)
{
    block *b, *next;
    int k;
    if (!it)
        return;
    for (k = 0; k < 2; k++)
        for (b = it->arena[k].head; b; b = next) {
            next = b->next;
            efn__free(b);
        }
    efn__free(it);
}
