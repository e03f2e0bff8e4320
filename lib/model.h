/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * model.h: the in-memory model behind efn_network, and the parsing context
 * that turns a cJSON document into it while reporting problems by JSON path.
 */
#ifndef EFN_MODEL_H
#define EFN_MODEL_H

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "internal.h"

/* Limits on untrusted input (docs/format.md, "Limits"). */
#define EFN_MAX_FILE_BYTES ((size_t)1 << 30)
#define EFN_MAX_DEPTH 64
#define EFN_MAX_ID_LENGTH 128
#define EFN_MAX_STRING_BYTES ((size_t)1 << 20)
#define EFN_MAX_ITEMS 50000000u
#define EFN_MAX_ROUTE 100000u
#define EFN_MIN_YEAR 1800
#define EFN_MAX_YEAR 2300

/* A year that stands for "the latest entry" when no year is given. */
#define EFN_YEAR_LATEST INT_MAX

/* A quantity: absent, a constant, or a year series (sorted by year). */
enum { EFN_Q_ABSENT = 0, EFN_Q_CONST = 1, EFN_Q_SERIES = 2 };

typedef struct efn__qty {
    int kind;
    double value;   /* EFN_Q_CONST */
    size_t n;       /* EFN_Q_SERIES: entries */
    int *years;     /* ascending */
    double *values; /* NaN: absent from that year on (null) */
} efn__qty;

typedef struct efn__stake {
    size_t owner;
    double share; /* percent */
} efn__stake;

/* The stakes in force from `year` on (INT_MIN: a plain list). */
typedef struct efn__stakeset {
    int year;
    size_t n;
    efn__stake *items;
} efn__stakeset;

typedef struct efn__node {
    const char *id, *name, *country; /* in the document, or in `strings` */
    const char *origin; /* origin_country, else country: for tracing */
    double lat, lon;
    unsigned char kind; /* efn_node_kind */
    unsigned char has_coords, enabled;
    unsigned char nq; /* entries in q */
    /* The quantities the node gives, one entry each (a market gives one
     * or two of the nine; most nodes of a large network are junctions
     * and give none: NULL); read through efn__node_q(). */
    struct efn__node_qty *q;
} efn__node;

/* A node's quantity `which` (efn_node_quantity) of `commodity`. */
typedef struct efn__node_qty {
    unsigned char which, commodity;
    efn__qty q;
} efn__node_qty;

/* A node's quantity `which` (efn_node_quantity) of `commodity`; an absent
 * one when the node gives none. */
const efn__qty *efn__node_q(const efn__node *n, int which, int commodity);

typedef struct efn__asset {
    const char *id, *name;
    efn_commodity commodity;
    efn_asset_status status;
    int start_year, end_year; /* 0: absent */
    int bidirectional, enabled;
    double length_km; /* NaN: absent */
    size_t nroute;
    size_t *route; /* node indexes */
    efn__qty capacity, flow, tariff;
    efn__qty *seg_capacity; /* nroute - 1 entries, absent: the asset's */
    efn__qty *seg_flow;
    size_t nstakesets;
    efn__stakeset *stakesets; /* ascending years */
} efn__asset;

typedef struct efn__owner {
    const char *id, *name, *kind, *country;
    size_t nparents;
    efn__stake *parents;
} efn__owner;

/* Open-addressing map from id to index. A slot keeps the item's index and
 * its id's hash's high bits, so that a probe reads one slot and, on a
 * match, the item's id (read through the caller's id_of): 8 bytes a slot,
 * two slots an item. */
typedef struct efn__idslot {
    uint32_t index1; /* the item's index + 1; 0: empty */
    uint32_t tag;
} efn__idslot;

typedef struct efn__idmap {
    size_t cap; /* power of two, or 0 */
    efn__idslot *slots;
} efn__idmap;

/* Blocks that hold a parsed document (jsonfast.c). */
typedef struct efn__arena efn__arena;

struct efn_network {
    /* The whole file, for a lossless save, read through efn__doc(). A load
     * by the fast parser keeps the file's text instead, compressed (it reads
     * the large arrays one element at a time, or lets the whole tree go
     * after); the document is parsed from the text on first need, and the
     * model's strings live in `strings`. */
    cJSON *doc;
    efn__arena *arena; /* where doc lives (NULL: cJSON's own allocations) */
    void *ztext; /* the file's text, compressed (zstd), while there is no doc */
    size_t ztext_len, text_len;
    efn__arena *strings; /* the model's strings when the text is kept */
    int risk_data;       /* 0: the document has no `risk` and no asset's
                            `outage_probability` (told by the load) */
    char *source;
    const char *title;
    int year;
    efn_conventions conv;
    size_t nnodes, nassets, nowners;
    efn__node *nodes;
    efn__asset *assets;
    efn__owner *owners;
    efn__idmap node_ids, asset_ids, owner_ids;
};

/* One problem found while reading a file. */
typedef struct efn__diag {
    char *path;
    char *problem;
    char *message;
} efn__diag;

struct efn_diagnostics {
    size_t n, cap;
    efn__diag *items;
};

/* The parsing context: where we are, and where problems go. */
typedef struct efn__ctx {
    const char *source; /* file name for messages */
    char path[512];     /* JSON path of the value being read */
    size_t path_len;
    int collect; /* 1: collect every problem; 0: stop at first */
    int nerrors;
    int nomem;              /* an allocation failed */
    efn_diagnostics *diags; /* when collecting */
    const efn_conventions *conv;
    const cJSON *sources; /* metadata.sources when an object, else NULL */
    int keys_checked;     /* the parser found no duplicate key or long string */
} efn__ctx;

/* Paths: push returns the length to pop back to. */
size_t efn__path_push(efn__ctx *ctx, const char *fmt, ...) EFN_PRINTF(2, 3);
void efn__path_pop(efn__ctx *ctx, size_t len);

/* Reports a problem at the current path (plus `sub`, may be NULL). Returns
 * -1 so callers can `return efn__report(...)`. */
int efn__report(efn__ctx *ctx, const char *sub, const char *fmt, ...)
    EFN_PRINTF(3, 4);
/* Sets the thread-local error from the first problem found: the status for
 * a failed parse. */
int efn__ctx_status(const efn__ctx *ctx);

int efn__diags_add(efn_diagnostics *d, const char *source, const char *path,
                   const char *problem);

/* JSON helpers. */
/* obj's member `key` (case-sensitive), as cJSON_GetObjectItemCaseSensitive
 * but comparing first bytes before whole keys: the loader looks up a dozen
 * keys in each of a million objects. */
static inline cJSON *efn__member(const cJSON *obj, const char *key)
{
    cJSON *c;
    if (!obj || !cJSON_IsObject(obj))
        return NULL;
    for (c = obj->child; c; c = c->next)
        if (c->string && c->string[0] == key[0] && strcmp(c->string, key) == 0)
            return c;
    return NULL;
}
/* Path helpers without printf: `name` then "[i]"; "." (unless at the
 * start) then `key`. */
size_t efn__path_index(efn__ctx *ctx, const char *name, size_t i);
size_t efn__path_key(efn__ctx *ctx, const char *key);
cJSON *efn__json_parse(efn__ctx *ctx, const char *data, size_t len);
/* The fast path for plain, well-formed JSON (jsonfast.c): a tree in *arena,
 * read-only, freed with efn__arena_free() and never cJSON_Delete(). NULL
 * when it gives up (then efn__json_parse() parses or reports) or, with
 * *nomem set, when memory ran out. *checked: 1 when the parse found no
 * duplicate key and no string over EFN_MAX_STRING_BYTES, so that
 * efn__check_duplicate_keys() would find nothing. */
cJSON *efn__json_parse_fast(const char *data, size_t len, efn__arena **arena,
                            int *nomem, int *checked);
void efn__arena_free(efn__arena *arena);
/* An empty arena; a copy of s in it (NULL when out of memory). */
efn__arena *efn__arena_new(void);
const char *efn__arena_strdup(efn__arena *arena, const char *s);

/* A top-level array that efn__json_parse_lazy() leaves unread: in the
 * tree it is an empty array; its elements lie between begin and end (the
 * array's ']'), count of them as far as its brackets and commas tell. */
typedef struct efn__json_lazy {
    const char *key;         /* the top-level member */
    const char *begin, *end; /* NULL: absent, or not an array */
    size_t count;
} efn__json_lazy;
/* efn__json_parse_fast(), leaving the top-level members `lazy` names
 * unread when they are arrays. */
cJSON *efn__json_parse_lazy(const char *data, size_t len, efn__arena **arena,
                            int *nomem, int *checked, efn__json_lazy *lazy,
                            size_t nlazy);
/* A lazy array's elements, parsed one at a time as strictly as the whole
 * tree: next() hands out each element in turn (NULL after the last, or
 * when the reader gave up); it stays valid until the next call but one,
 * and peek() shows the one after it. status(): EFN_OK when every element
 * was read cleanly (no duplicate key, no over-long string) and the array
 * ended where its count said; EFN_ENOMEM; else EFN_EINVALID (not plain
 * JSON as counted: parse it whole). */
typedef struct efn__json_elems efn__json_elems;
int efn__json_elems_open(efn__json_elems **out, const efn__json_lazy *lazy);
const cJSON *efn__json_elems_next(efn__json_elems *it);
const cJSON *efn__json_elems_peek(const efn__json_elems *it);
int efn__json_elems_status(const efn__json_elems *it);
void efn__json_elems_free(efn__json_elems *it);
/* The UTF-8 sequence at s (s[0] >= 0x80, s < end) as efn accepts it (no
 * overlong forms, surrogates or code points past U+10FFFF): its length,
 * or 0. */
size_t efn__utf8_length(const unsigned char *s, const unsigned char *end);
const char *efn__json_type_name(const cJSON *item);
int efn__check_duplicate_keys(efn__ctx *ctx, const cJSON *item);
int efn__is_year_key(const char *key, int *year);

/* Quantities. `commodity` selects the units; -1 for a unitless number
 * (tariffs). */
int efn__parse_quantity(efn__ctx *ctx, const cJSON *item, int commodity,
                        efn__qty *out);
int efn__check_citations(efn__ctx *ctx, const cJSON *obj);
void efn__qty_free(efn__qty *q);
/* The value in `year`; NaN when absent. */
double efn__qty_at(const efn__qty *q, int year);
/* The same, a constant read in place (solvers' builders read thousands). */
static inline double efn__qty_in(const efn__qty *q, int year)
{
    return q->kind == EFN_Q_CONST ? q->value : efn__qty_at(q, year);
}

/* Ids. */
/* The map must have room for n ids (cap >= 2n). insert returns -1 when the
 * id was new, else the index already holding it. */
int efn__idmap_init(efn__idmap *map, size_t n);
long efn__idmap_insert(efn__idmap *map, size_t index,
                       const char *(*id_of)(const void *, size_t),
                       const void *items);
long efn__idmap_find(const efn__idmap *map, const char *id,
                     const char *(*id_of)(const void *, size_t),
                     const void *items);
/* Fetches ahead what a find of `id` will read: stage 0 its first slot,
 * stage 1 (once that is in) the item the slot names, stage 2 (once that
 * is in) the item's id. Lookups in a row, each missing the cache three
 * times, then overlap. */
void efn__idmap_prefetch(const efn__idmap *map, const char *id, int stage,
                         const char *(*id_of)(const void *, size_t),
                         const void *items, size_t item_size);
void efn__idmap_free(efn__idmap *map);
const char *efn__node_id_of(const void *items, size_t i);
const char *efn__asset_id_of(const void *items, size_t i);
const char *efn__owner_id_of(const void *items, size_t i);
long efn__find_node(const efn_network *net, const char *id);
long efn__find_asset(const efn_network *net, const char *id);
long efn__find_owner(const efn_network *net, const char *id);
int efn__valid_id(const char *id);

/* The network's document, parsed again from its text when it was let go
 * (thread-safe; it then stays until the network is freed); NULL when out of
 * memory. */
cJSON *efn__doc(const efn_network *net);
/* Whether the document gives risk data (top-level `risk`, an asset's
 * `outage_probability`), told without parsing it again. */
int efn__has_risk_data(const efn_network *net);

/* Building a network from a document it takes ownership of (also on
 * failure), with its arena when it has one. */
int efn__network_from_doc(efn_network **out, cJSON *doc, efn__arena *arena,
                          const char *source, efn__ctx *ctx);
/* Checks ownership cycles that cannot resolve (validate.c). */
int efn__check_ownership_cycles(efn__ctx *ctx, const efn_network *net);

/* Files: the whole of `path` (limited to EFN_MAX_FILE_BYTES); writing
 * through a temporary beside `path` and a rename. */
int efn__read_file(char **out, size_t *len, const char *path);
int efn__write_atomic(const char *path, const char *text);

/* A segment's own value where given, else its asset's (capacity absent:
 * +infinity). `year` is resolved. */
double efn__segment_value(const efn_network *net, size_t asset, size_t segment,
                          efn_asset_quantity which, int year);

/* Prints a document into *out, freed with efn_free(). */
int efn__json_print(const cJSON *doc, int pretty, char **out);

/* Starts a result document: an empty object, and a note of this thread's
 * allocation failures so far. */
cJSON *efn__json_root(void);
/* Prints `root` (consumed) into *out, memory efn_free() releases.
 * EFN_ENOMEM when any allocation failed since efn__json_root(): cJSON's
 * adders drop what they cannot allocate, so the tree would be short. */
int efn__json_finish(cJSON *root, char **out);

/* Adds "year" to a result: the year, or null for "the latest entry". */
void efn__json_add_year(cJSON *obj, int year);
/* A result's year for callers: 0 for "the latest entry". */
int efn__year_out(int year);

/* The year an analysis or query means: `year`, else the network's, else the
 * latest entry. */
int efn__resolve_year(const efn_network *net, int year);

#endif
