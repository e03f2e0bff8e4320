/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * json.c: reading JSON safely, JSON paths, problem reports, quantities and
 * year series, id maps.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* ---- paths and reports ------------------------------------------------- */

size_t efn__path_push(efn__ctx *ctx, const char *fmt, ...)
{
    size_t old = ctx->path_len;
    va_list ap;
    int n;
    if (old >= sizeof ctx->path - 1)
        return old;
    va_start(ap, fmt);
    n = vsnprintf(ctx->path + old, sizeof ctx->path - old, fmt, ap);
    va_end(ap);
    if (n < 0)
        ctx->path[old] = '\0';
    else if ((size_t)n >= sizeof ctx->path - old)
        ctx->path_len = sizeof ctx->path - 1;
    else
        ctx->path_len = old + (size_t)n;
    return old;
}

size_t efn__path_index(efn__ctx *ctx, const char *name, size_t i)
{
    size_t old = ctx->path_len, n = strlen(name), k = 0, v = i;
    char digits[24];
    do
        digits[k++] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    if (old + n + k + 3 > sizeof ctx->path)
        return efn__path_push(ctx, "%s[%zu]", name, i); /* truncates */
    memcpy(ctx->path + old, name, n);
    ctx->path[old + n] = '[';
    for (n += old + 1; k > 0;)
        ctx->path[n++] = digits[--k];
    ctx->path[n++] = ']';
    ctx->path[n] = '\0';
    ctx->path_len = n;
    return old;
}

size_t efn__path_key(efn__ctx *ctx, const char *key)
{
    size_t old = ctx->path_len, n = strlen(key), dot = old ? 1 : 0;
    if (old + dot + n + 1 > sizeof ctx->path)
        return efn__path_push(ctx, "%s%s", dot ? "." : "", key);
    if (dot)
        ctx->path[old] = '.';
    memcpy(ctx->path + old + dot, key, n + 1);
    ctx->path_len = old + dot + n;
    return old;
}

void efn__path_pop(efn__ctx *ctx, size_t len)
{
    ctx->path_len = len;
    ctx->path[len] = '\0';
}

int efn__diags_add(efn_diagnostics *d, const char *source, const char *path,
                   const char *problem)
{
    efn__diag *item;
    efn__buf msg = {0};
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        efn__diag *grown = efn__realloc(d->items, cap * sizeof *grown);
        if (!grown)
            return EFN_ENOMEM;
        d->items = grown;
        d->cap = cap;
    }
    item = &d->items[d->n];
    if (path[0])
        efn__buf_printf(&msg, "%s: %s: %s", source, path, problem);
    else
        efn__buf_printf(&msg, "%s: %s", source, problem);
    item->path = efn__strdup(path);
    item->problem = efn__strdup(problem);
    item->message = msg.failed ? NULL : msg.data;
    if (!item->path || !item->problem || !item->message) {
        efn__free(item->path);
        efn__free(item->problem);
        efn__buf_free(&msg);
        return EFN_ENOMEM;
    }
    d->n++;
    return EFN_OK;
}

int efn__report(efn__ctx *ctx, const char *sub, const char *fmt, ...)
{
    char problem[1024];
    char path[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(problem, sizeof problem, fmt, ap);
    va_end(ap);
    if (sub && sub[0])
        snprintf(path, sizeof path, "%s%s%s", ctx->path,
                 (ctx->path_len && sub[0] != '[') ? "." : "", sub);
    else
        snprintf(path, sizeof path, "%s", ctx->path);
    ctx->nerrors++;
    if (ctx->collect && ctx->diags) {
        if (efn__diags_add(ctx->diags, ctx->source, path, problem) != EFN_OK)
            ctx->nomem = 1;
    } else if (ctx->nerrors == 1) {
        if (path[0])
            efn__error(EFN_EINVALID, "%s: %s: %s", ctx->source, path, problem);
        else
            efn__error(EFN_EINVALID, "%s: %s", ctx->source, problem);
    }
    return -1;
}

int efn__ctx_status(const efn__ctx *ctx)
{
    if (ctx->nomem)
        return efn__nomem();
    return ctx->nerrors ? EFN_EINVALID : EFN_OK;
}

/* ---- parsing JSON text ------------------------------------------------- */

/* Measures nesting outside strings, so that a deeply nested file gets a
 * clear message instead of reaching the parser's recursion. Also reports
 * how many brackets are left open at the end, and whether a string is. */
static int nesting_depth_ok(const char *data, size_t len, size_t *where,
                            size_t *open_at_end, int *string_at_end)
{
    size_t depth = 0, i;
    int in_string = 0;
    for (i = 0; i < len; i++) {
        char c = data[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            if (++depth > EFN_MAX_DEPTH) {
                *where = i;
                return 0;
            }
        } else if (c == ']' || c == '}') {
            if (depth)
                depth--;
        }
    }
    *open_at_end = depth;
    *string_at_end = in_string;
    return 1;
}

/* The offset of the first byte that is not valid UTF-8, or len. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t n = s[i] < 0x80 ? 1 : efn__utf8_length(s + i, s + len);
        if (!n)
            return i;
        i += n;
    }
    return len;
}

static int is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static void line_column(const char *data, size_t offset, size_t *line,
                        size_t *col)
{
    size_t i;
    *line = 1;
    *col = 1;
    for (i = 0; i < offset; i++) {
        if (data[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

cJSON *efn__json_parse(efn__ctx *ctx, const char *data, size_t len)
{
    const char *end = NULL;
    cJSON *doc;
    size_t where = 0, line, col, open = 0, bad_utf8, first = 0, last;
    unsigned long failures;
    int open_string = 0;
    if (len > EFN_MAX_FILE_BYTES) {
        efn__report(ctx, NULL, "file is %zu bytes, over the limit of %zu bytes",
                    len, EFN_MAX_FILE_BYTES);
        return NULL;
    }
    while (first < len && is_space(data[first]))
        first++;
    if (first == len) {
        efn__report(ctx, NULL, "malformed JSON: the file is empty%s",
                    len ? " (only white space)" : "");
        return NULL;
    }
    if (!nesting_depth_ok(data, len, &where, &open, &open_string)) {
        line_column(data, where, &line, &col);
        efn__report(ctx, NULL,
                    "line %zu, column %zu: JSON nested deeper than %d levels",
                    line, col, EFN_MAX_DEPTH);
        return NULL;
    }
    bad_utf8 = utf8_invalid_at((const unsigned char *)data, len);
    if (bad_utf8 < len) {
        line_column(data, bad_utf8, &line, &col);
        efn__report(ctx, NULL,
                    "line %zu, column %zu: invalid UTF-8 (byte 0x%02X); efn "
                    "files are UTF-8",
                    line, col, (unsigned)(unsigned char)data[bad_utf8]);
        return NULL;
    }
    /* The buffer need not be NUL-terminated: cJSON gets its length. */
    failures = efn__alloc_failures();
    efn__lock();
    doc = cJSON_ParseWithLengthOpts(data, len, &end, 0);
    efn__unlock();
    if (!doc && efn__alloc_failures() != failures) {
        ctx->nomem = 1;
        return NULL;
    }
    if (!doc) {
        size_t off, k = 0;
        char near[24];
        off = (end && end >= data && end <= data + len) ? (size_t)(end - data)
                                                        : 0;
        last = len;
        while (last > 0 && (is_space(data[last - 1]) || data[last - 1] == '\0'))
            last--;
        /* A document cut short: cJSON points at its last byte. */
        if ((open || open_string) && off + 1 >= last) {
            line_column(data, last, &line, &col);
            efn__report(ctx, NULL,
                        "malformed JSON: line %zu, column %zu: unexpected end "
                        "of file (%s)",
                        line, col,
                        open_string ? "a string is not closed"
                                    : "a bracket is not closed");
            return NULL;
        }
        /* cJSON reports one byte late where it expected an object key. */
        if (off > 0 && data[off - 1] != '"' && !is_space(data[off - 1])) {
            size_t p = off - 1;
            while (p > 0 && is_space(data[p - 1]))
                p--;
            if (p > 0 && (data[p - 1] == '{' || data[p - 1] == ','))
                off--;
        }
        line_column(data, off, &line, &col);
        while (off + k < len && k < sizeof near - 1 && data[off + k] != '\n' &&
               data[off + k] != '\r') {
            unsigned char c = (unsigned char)data[off + k];
            near[k] = (c < 0x20 || c >= 0x7f) ? '?' : (char)c;
            k++;
        }
        near[k] = '\0';
        efn__report(ctx, NULL,
                    "malformed JSON: line %zu, column %zu: unexpected text "
                    "near '%s'",
                    line, col, near);
        return NULL;
    }
    /* Trailing text after the value; NUL bytes count as text, except a
     * terminator at the very end. */
    if (end) {
        size_t off = (size_t)(end - data);
        while (off < len && is_space(data[off]))
            off++;
        last = len;
        while (last > off && data[last - 1] == '\0')
            last--;
        if (off < last) {
            line_column(data, off, &line, &col);
            efn__report(ctx, NULL,
                        "malformed JSON: line %zu, column %zu: text after the "
                        "end of the document",
                        line, col);
            cJSON_Delete(doc);
            return NULL;
        }
    }
    return doc;
}

int efn__json_print(const cJSON *doc, int pretty, char **out)
{
    /* cJSON allocates through efn (error.c installs its hooks before any
     * document exists), so its text is what efn_free() releases. */
    char *text = pretty ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc);
    if (!text)
        return efn__nomem();
    *out = text;
    return EFN_OK;
}

const char *efn__json_type_name(const cJSON *item)
{
    if (!item)
        return "nothing";
    if (cJSON_IsObject(item))
        return "an object";
    if (cJSON_IsArray(item))
        return "an array";
    if (cJSON_IsString(item))
        return "a string";
    if (cJSON_IsNumber(item))
        return "a number";
    if (cJSON_IsBool(item))
        return "a boolean";
    if (cJSON_IsNull(item))
        return "null";
    return "an invalid value";
}

static int cmp_strptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Reports every key that appears twice in an object, and recurses. JSON
 * allows it, but the second value would be silently ignored. */
/* Whether two of obj's members (at most a few) share a key. */
static int small_has_duplicate(const cJSON *obj)
{
    const cJSON *a, *b;
    for (a = obj->child; a; a = a->next)
        for (b = a->next; b; b = b->next) {
            const char *x = a->string ? a->string : "";
            const char *y = b->string ? b->string : "";
            if (x[0] == y[0] && strcmp(x, y) == 0)
                return 1;
        }
    return 0;
}

int efn__check_duplicate_keys(efn__ctx *ctx, const cJSON *item)
{
    const cJSON *child;
    int bad = 0;
    size_t n = 0, i;
    if (cJSON_IsObject(item)) {
        for (child = item->child; child; child = child->next)
            n++;
        if (n > 1 && n <= 16 && !small_has_duplicate(item))
            n = 0; /* the common case, without sorting */
        if (n > 1) {
            const char **keys = efn__malloc(n * sizeof *keys);
            if (!keys) {
                ctx->nomem = 1;
                return -1;
            }
            i = 0;
            for (child = item->child; child; child = child->next)
                keys[i++] = child->string ? child->string : "";
            qsort(keys, n, sizeof *keys, cmp_strptr);
            for (i = 1; i < n; i++)
                if (strcmp(keys[i], keys[i - 1]) == 0 &&
                    (i < 2 || strcmp(keys[i], keys[i - 2]) != 0))
                    bad = efn__report(ctx, NULL, "duplicate key '%s'", keys[i]);
            efn__free(keys);
        }
    }
    if (cJSON_IsObject(item) || cJSON_IsArray(item)) {
        size_t k = 0;
        for (child = item->child; child; child = child->next, k++) {
            size_t old;
            if (cJSON_IsString(child) &&
                strlen(child->valuestring) > EFN_MAX_STRING_BYTES) {
                old =
                    cJSON_IsObject(item)
                        ? efn__path_push(ctx, "%s%s", ctx->path_len ? "." : "",
                                         child->string ? child->string : "")
                        : efn__path_push(ctx, "[%zu]", k);
                bad = efn__report(ctx, NULL,
                                  "a string of %zu bytes, over the limit of "
                                  "%zu",
                                  strlen(child->valuestring),
                                  EFN_MAX_STRING_BYTES);
                efn__path_pop(ctx, old);
                if (!ctx->collect)
                    return -1;
                continue;
            }
            if (!cJSON_IsObject(child) && !cJSON_IsArray(child))
                continue;
            old = cJSON_IsObject(item)
                      ? efn__path_key(ctx, child->string ? child->string : "")
                      : efn__path_index(ctx, "", k);
            if (efn__check_duplicate_keys(ctx, child) < 0)
                bad = -1;
            efn__path_pop(ctx, old);
            if (bad && !ctx->collect)
                return -1;
        }
    }
    return bad;
}

/* ---- quantities --------------------------------------------------------- */

int efn__is_year_key(const char *key, int *year)
{
    int y = 0, i;
    for (i = 0; i < 4; i++) {
        if (key[i] < '0' || key[i] > '9')
            return 0;
        y = y * 10 + (key[i] - '0');
    }
    if (key[4] != '\0')
        return 0;
    *year = y;
    return 1;
}

static int check_source_key(efn__ctx *ctx, const char *sub, const cJSON *key)
{
    if (!cJSON_IsString(key))
        return efn__report(ctx, sub, "expected a source key (a string), got %s",
                           efn__json_type_name(key));
    if (ctx->sources && !efn__member(ctx->sources, key->valuestring))
        return efn__report(ctx, sub,
                           "unknown source '%s'; not a key of metadata.sources",
                           key->valuestring);
    return 0;
}

/* Checks an object's `sources` array and `source` key against
 * metadata.sources. */
int efn__check_citations(efn__ctx *ctx, const cJSON *obj)
{
    const cJSON *s = efn__member(obj, "sources");
    const cJSON *one = efn__member(obj, "source");
    int bad = 0;
    if (one && check_source_key(ctx, "source", one) < 0)
        bad = -1;
    if (s) {
        const cJSON *k;
        size_t i = 0;
        char sub[48];
        if (!cJSON_IsArray(s))
            return efn__report(ctx, "sources",
                               "expected an array of source keys, got %s",
                               efn__json_type_name(s));
        cJSON_ArrayForEach(k, s)
        {
            snprintf(sub, sizeof sub, "sources[%zu]", i++);
            if (check_source_key(ctx, sub, k) < 0)
                bad = -1;
        }
    }
    return bad;
}

static int number_ok(efn__ctx *ctx, const char *sub, double v)
{
    if (!isfinite(v))
        return efn__report(ctx, sub, "quantity is not a finite number");
    if (v < 0)
        return efn__report(ctx, sub, "negative quantity %g, expected >= 0", v);
    return 0;
}

/* One value: a number, "16 bcm/y" or {"value":..., "unit":...}. */
static int parse_scalar(efn__ctx *ctx, const cJSON *item, int commodity,
                        double *out)
{
    if (cJSON_IsNumber(item)) {
        if (number_ok(ctx, NULL, item->valuedouble) < 0)
            return -1;
        *out = item->valuedouble;
        return 0;
    }
    if (cJSON_IsString(item)) {
        if (commodity < 0) {
            return efn__report(ctx, NULL, "expected a number, got a string");
        }
        if (efn_quantity_parse(out, item->valuestring, (efn_commodity)commodity,
                               ctx->conv) != EFN_OK)
            return efn__report(ctx, NULL, "%s", efn_last_error());
        return 0;
    }
    if (cJSON_IsObject(item)) {
        const cJSON *value = efn__member(item, "value");
        const cJSON *unit = efn__member(item, "unit");
        double factor = 1;
        if (!value)
            return efn__report(ctx, NULL, "missing required key 'value'");
        if (!cJSON_IsNumber(value))
            return efn__report(ctx, "value", "expected a number, got %s",
                               efn__json_type_name(value));
        if (number_ok(ctx, "value", value->valuedouble) < 0)
            return -1;
        if (unit) {
            if (!cJSON_IsString(unit))
                return efn__report(ctx, "unit", "expected a string, got %s",
                                   efn__json_type_name(unit));
            if (commodity < 0)
                return efn__report(ctx, "unit", "this value takes no unit");
            if (efn_unit_factor(&factor, unit->valuestring,
                                (efn_commodity)commodity, ctx->conv) != EFN_OK)
                return efn__report(ctx, "unit", "%s", efn_last_error());
        }
        if (efn__check_citations(ctx, item) < 0)
            return -1;
        *out = value->valuedouble * factor;
        if (!isfinite(*out))
            return efn__report(ctx, "value", "quantity overflows");
        return 0;
    }
    return efn__report(ctx, NULL,
                       commodity < 0
                           ? "expected a number or a year series, got %s"
                           : "expected a quantity (a number, a string such "
                             "as \"16 bcm/y\", {\"value\": ..., \"unit\": "
                             "...} or a year series), got %s",
                       efn__json_type_name(item));
}

void efn__qty_free(efn__qty *q)
{
    efn__free(q->years);
    efn__free(q->values);
    memset(q, 0, sizeof *q);
}

static int is_series(const cJSON *item)
{
    return cJSON_IsObject(item) && !efn__member(item, "value") &&
           !efn__member(item, "unit");
}

int efn__parse_quantity(efn__ctx *ctx, const cJSON *item, int commodity,
                        efn__qty *out)
{
    const cJSON *e;
    size_t n = 0, i, k;
    int bad = 0;
    double v;
    memset(out, 0, sizeof *out);
    if (!item || cJSON_IsNull(item))
        return 0;
    if (!is_series(item)) {
        if (parse_scalar(ctx, item, commodity, &out->value) < 0)
            return -1;
        out->kind = EFN_Q_CONST;
        return 0;
    }
    for (e = item->child; e; e = e->next)
        n++;
    if (n == 0)
        return efn__report(ctx, NULL,
                           "empty year series; give at least one year");
    out->years = efn__malloc(n * sizeof *out->years);
    out->values = efn__malloc(n * sizeof *out->values);
    if (!out->years || !out->values) {
        efn__qty_free(out);
        ctx->nomem = 1;
        return -1;
    }
    i = 0;
    for (e = item->child; e; e = e->next) {
        int year;
        size_t old;
        if (!efn__is_year_key(e->string, &year) || year < EFN_MIN_YEAR ||
            year > EFN_MAX_YEAR) {
            bad =
                efn__report(ctx, NULL,
                            "year series key '%s' is not a year (four digits, "
                            "%d to %d)",
                            e->string, EFN_MIN_YEAR, EFN_MAX_YEAR);
            if (!ctx->collect)
                break;
            continue;
        }
        for (k = 0; k < i; k++)
            if (out->years[k] == year)
                break;
        if (k < i) {
            bad = efn__report(ctx, NULL, "year %d appears twice", year);
            if (!ctx->collect)
                break;
            continue;
        }
        old = efn__path_key(ctx, e->string);
        v = NAN;
        if (cJSON_IsNull(e)) {
            v = NAN;
        } else if (is_series(e)) {
            bad = efn__report(ctx, NULL, "a year series cannot nest another");
        } else if (parse_scalar(ctx, e, commodity, &v) < 0) {
            bad = -1;
        }
        efn__path_pop(ctx, old);
        if (bad) {
            if (!ctx->collect)
                break;
            continue;
        }
        /* Insert in year order; JSON objects need not be sorted. */
        for (k = i; k > 0 && out->years[k - 1] > year; k--) {
            out->years[k] = out->years[k - 1];
            out->values[k] = out->values[k - 1];
        }
        out->years[k] = year;
        out->values[k] = v;
        i++;
    }
    if (bad) {
        efn__qty_free(out);
        return -1;
    }
    out->n = i;
    out->kind = EFN_Q_SERIES;
    return 0;
}

double efn__qty_at(const efn__qty *q, int year)
{
    size_t lo, hi;
    if (q->kind == EFN_Q_CONST)
        return q->value;
    if (q->kind != EFN_Q_SERIES || q->n == 0 || year < q->years[0])
        return NAN;
    /* The latest entry at or before `year`. */
    lo = 0;
    hi = q->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (q->years[mid] <= year)
            lo = mid;
        else
            hi = mid;
    }
    return q->values[lo];
}

/* ---- ids ---------------------------------------------------------------- */

int efn__valid_id(const char *id)
{
    size_t n = 0;
    for (; id[n]; n++) {
        char c = id[n];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
              c == ':'))
            return 0;
        if (n >= EFN_MAX_ID_LENGTH)
            return 0;
    }
    return n > 0;
}

static uint64_t hash_id(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

int efn__idmap_init(efn__idmap *map, size_t n)
{
    size_t cap = 16;
    if (n >= UINT32_MAX - 1)
        return EFN_ENOMEM;
    while (cap < 2 * n)
        cap *= 2;
    map->slots = efn__calloc(cap, sizeof *map->slots);
    if (!map->slots)
        return EFN_ENOMEM;
    map->cap = cap;
    return EFN_OK;
}

/* A slot's tag: the hash's high bits, so that most probes that miss are
 * told apart without reading the id. */
static uint32_t tag_of(uint64_t h)
{
    return (uint32_t)(h >> 32);
}

/* The slot holding `id`, or the empty one where it would go; *tag_out: the
 * id's tag. */
static efn__idslot *idmap_slot(const efn__idmap *map, const char *id,
                               uint32_t *tag_out,
                               const char *(*id_of)(const void *, size_t),
                               const void *items)
{
    uint64_t hash = hash_id(id);
    uint32_t tag = tag_of(hash);
    size_t h = (size_t)hash & (map->cap - 1);
    while (map->slots[h].index1) {
        if (map->slots[h].tag == tag &&
            strcmp(id_of(items, map->slots[h].index1 - 1), id) == 0)
            break;
        h = (h + 1) & (map->cap - 1);
    }
    *tag_out = tag;
    return &map->slots[h];
}

long efn__idmap_insert(efn__idmap *map, size_t index,
                       const char *(*id_of)(const void *, size_t),
                       const void *items)
{
    const char *id = id_of(items, index);
    uint32_t tag;
    efn__idslot *slot = idmap_slot(map, id, &tag, id_of, items);
    if (slot->index1)
        return (long)slot->index1 - 1;
    slot->index1 = (uint32_t)index + 1;
    slot->tag = tag;
    return -1;
}

long efn__idmap_find(const efn__idmap *map, const char *id,
                     const char *(*id_of)(const void *, size_t),
                     const void *items)
{
    const efn__idslot *slot;
    uint32_t tag;
    if (!map->cap || !id)
        return -1;
    slot = idmap_slot(map, id, &tag, id_of, items);
    return slot->index1 ? (long)slot->index1 - 1 : -1;
}

void efn__idmap_prefetch(const efn__idmap *map, const char *id, int stage,
                         const char *(*id_of)(const void *, size_t),
                         const void *items, size_t item_size)
{
    const efn__idslot *slot;
    if (!map->cap || !id)
        return;
    slot = &map->slots[(size_t)hash_id(id) & (map->cap - 1)];
    if (stage == 0)
        EFN_PREFETCH(slot);
    else if (slot->index1 && stage == 1)
        EFN_PREFETCH((const char *)items + (slot->index1 - 1) * item_size);
    else if (slot->index1)
        EFN_PREFETCH(id_of(items, slot->index1 - 1));
}

void efn__idmap_free(efn__idmap *map)
{
    efn__free(map->slots);
    map->slots = NULL;
    map->cap = 0;
}

const char *efn__node_id_of(const void *items, size_t i)
{
    return ((const efn__node *)items)[i].id;
}

const char *efn__asset_id_of(const void *items, size_t i)
{
    return ((const efn__asset *)items)[i].id;
}

const char *efn__owner_id_of(const void *items, size_t i)
{
    return ((const efn__owner *)items)[i].id;
}

long efn__find_node(const efn_network *net, const char *id)
{
    return efn__idmap_find(&net->node_ids, id, efn__node_id_of, net->nodes);
}

long efn__find_asset(const efn_network *net, const char *id)
{
    return efn__idmap_find(&net->asset_ids, id, efn__asset_id_of, net->assets);
}

long efn__find_owner(const efn_network *net, const char *id)
{
    return efn__idmap_find(&net->owner_ids, id, efn__owner_id_of, net->owners);
}
