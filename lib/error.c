/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * error.c: the thread-local last error, status names, version, memory.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <gsl/gsl_errno.h>
#include <igraph/igraph.h>

#include "internal.h"

#define EFN_ERROR_MAX 2048

static _Thread_local char last_message[EFN_ERROR_MAX];
static _Thread_local int last_code;

int efn_version_number(void)
{
    return EFN_VERSION_NUMBER;
}

const char *efn_version_string(void)
{
    return EFN_VERSION_STRING;
}

const char *efn_last_error(void)
{
    return last_message;
}

int efn_last_error_code(void)
{
    return last_code;
}

void efn_clear_error(void)
{
    last_message[0] = '\0';
    last_code = EFN_OK;
}

const char *efn_status_name(int status)
{
    switch (status) {
    case EFN_OK: return "EFN_OK";
    case EFN_ERROR: return "EFN_ERROR";
    case EFN_ENOMEM: return "EFN_ENOMEM";
    case EFN_EIO: return "EFN_EIO";
    case EFN_EINVALID: return "EFN_EINVALID";
    case EFN_ENOTFOUND: return "EFN_ENOTFOUND";
    case EFN_EARG: return "EFN_EARG";
    case EFN_EINFEASIBLE: return "EFN_EINFEASIBLE";
    case EFN_ECANCELLED: return "EFN_ECANCELLED";
    default: return "EFN_UNKNOWN";
    }
}

int efn__verror(int code, const char *fmt, va_list ap)
{
    vsnprintf(last_message, sizeof last_message, fmt, ap);
    last_code = code;
    return code;
}

int efn__error(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    efn__verror(code, fmt, ap);
    va_end(ap);
    return code;
}

int efn__nomem(void)
{
    return efn__error(EFN_ENOMEM, "out of memory");
}

static void igraph_quiet_warning(const char *reason, const char *file, int line)
{
    (void)reason;
    (void)file;
    (void)line;
}

static void *hook_malloc(size_t size);
static void hook_free(void *ptr);

static void install_once(void)
{
    /* cJSON allocates through efn, so that its failures are seen (its
     * adders return NULL quietly). malloc and free underneath, as cJSON's
     * own defaults: a host that uses cJSON too is not affected. */
    static cJSON_Hooks hooks = {hook_malloc, hook_free};
    cJSON_InitHooks(&hooks);
    /* Both libraries abort the process by default; efn reports instead.
     * The handlers are process-wide in igraph's Debian build, so they are
     * set once, before the first use, from whichever thread comes first. */
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_quiet_warning);
    gsl_set_error_handler_off();
}

void efn__install_handlers(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install_once);
}

static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;

void efn__lock(void)
{
    pthread_mutex_lock(&global_lock);
}

void efn__unlock(void)
{
    pthread_mutex_unlock(&global_lock);
}

/* ---- allocation, with a fault injector for the tests ------------------- *
 * efn__fault_inject(n) makes the n-th allocation from now on this thread
 * fail (n = 0: the next one), once; a negative n turns it off. It also
 * routes cJSON's allocations here, so that its failures count too. Only
 * tests call it: it is not in the public API (docs/reliability.md). */
static _Thread_local long fault_countdown = -1;
static _Thread_local unsigned long alloc_count;
static _Thread_local unsigned long alloc_failures;

static void *hook_malloc(size_t size)
{
    return efn__malloc(size);
}

static void hook_free(void *ptr)
{
    free(ptr);
}

void efn__fault_inject(long n)
{
    efn__install_handlers();
    fault_countdown = n;
    alloc_count = 0;
}

unsigned long efn__fault_allocations(void)
{
    return alloc_count;
}

unsigned long efn__alloc_failures(void)
{
    return alloc_failures;
}

static int inject(void)
{
    alloc_count++;
    if (fault_countdown < 0 || fault_countdown-- != 0)
        return 0;
    alloc_failures++;
    return 1;
}

void *efn__malloc(size_t size)
{
    return inject() ? NULL : malloc(size ? size : 1);
}

void *efn__calloc(size_t count, size_t size)
{
    return inject() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *efn__realloc(void *ptr, size_t size)
{
    return inject() ? NULL : realloc(ptr, size ? size : 1);
}

void efn__free(void *ptr)
{
    free(ptr);
}

void efn_free(void *ptr)
{
    free(ptr);
}

char *efn__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = efn__malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

void efn__buf_printf(efn__buf *b, const char *fmt, ...)
{
    va_list ap;
    int need;
    if (b->failed)
        return;
    va_start(ap, fmt);
    need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (need < 0) {
        b->failed = 1;
        return;
    }
    if (b->len + (size_t)need + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char *grown;
        while (cap < b->len + (size_t)need + 1)
            cap *= 2;
        grown = efn__realloc(b->data, cap);
        if (!grown) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)need;
}

void efn__buf_free(efn__buf *b)
{
    efn__free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
