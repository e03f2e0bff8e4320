/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * internal.h: helpers shared by the library's sources; not installed.
 */
#ifndef EFN_INTERNAL_H
#define EFN_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "efn.h"

#if defined(__GNUC__)
#define EFN_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define EFN_PRINTF(a, b)
#endif

/* Sets the thread-local last error and returns `code`. */
int efn__error(int code, const char *fmt, ...) EFN_PRINTF(2, 3);
int efn__verror(int code, const char *fmt, va_list ap);
/* Sets EFN_ENOMEM's message and returns EFN_ENOMEM. */
int efn__nomem(void);

/* Replaces igraph's and GSL's aborting error handlers (idempotent). */
void efn__install_handlers(void);

/* One lock around every use of igraph and of cJSON's parser, whose Debian
 * builds keep global state (igraph's error-cleanup stack, cJSON's error
 * pointer): with it, analyses may run on several threads at once. Never
 * held while calling back into user code; never taken recursively. */
void efn__lock(void);
void efn__unlock(void);

/* A hint to fetch what p points to into the cache ahead of its use. */
#if defined(__GNUC__) || defined(__clang__)
#define EFN_PREFETCH(p) __builtin_prefetch(p)
#else
#define EFN_PREFETCH(p) ((void)(p))
#endif

/* Allocation, routed through one place so tests can inject failures. */
void *efn__malloc(size_t size);
void *efn__calloc(size_t count, size_t size);
void *efn__realloc(void *ptr, size_t size);
void efn__free(void *ptr);
char *efn__strdup(const char *s);
/* Test hooks: fail the n-th allocation from now on this thread (negative:
 * never); how many allocations since. Exported only from the static
 * library's view; see error.c. */
void efn__fault_inject(long n);
unsigned long efn__fault_allocations(void);
/* Injected failures so far on this thread: a parser that returns nothing
 * checks it to tell a failed allocation from malformed text. */
unsigned long efn__alloc_failures(void);

/* A growable string for messages and paths. */
typedef struct efn__buf {
    char *data;
    size_t len, cap;
    int failed; /* an allocation failed; data holds what fit */
} efn__buf;

void efn__buf_printf(efn__buf *b, const char *fmt, ...) EFN_PRINTF(2, 3);
void efn__buf_free(efn__buf *b);

#endif
