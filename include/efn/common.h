/*
 * efn: energy-flow networks.
 * Copyright (C) 2026 the efn authors. GPL-3.0-or-later.
 *
 * common.h: version, status codes, the thread-local last error, memory.
 */
#ifndef EFN_COMMON_H
#define EFN_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The one place the version is defined; CMake reads it from here. */
#define EFN_VERSION_MAJOR 0
#define EFN_VERSION_MINOR 1
#define EFN_VERSION_PATCH 0
#define EFN_VERSION_NUMBER                                                     \
    (EFN_VERSION_MAJOR * 10000 + EFN_VERSION_MINOR * 100 + EFN_VERSION_PATCH)
#define EFN__STR2(x) #x
#define EFN__STR(x) EFN__STR2(x)
#define EFN_VERSION_STRING                                                     \
    EFN__STR(EFN_VERSION_MAJOR)                                                \
    "." EFN__STR(EFN_VERSION_MINOR) "." EFN__STR(EFN_VERSION_PATCH)

/* The file format version written in every file's "efn" key. */
#define EFN_FORMAT_VERSION 1

#if defined(_WIN32) && defined(EFN_BUILDING_SHARED)
#define EFN_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) && defined(EFN_BUILDING)
#define EFN_EXPORT __attribute__((visibility("default")))
#else
#define EFN_EXPORT
#endif

/*
 * Status codes. EFN_OK is 0; errors are negative. Every failing call sets a
 * thread-local message readable with efn_last_error().
 */
typedef enum efn_status_code {
    EFN_OK = 0,
    EFN_ERROR = -1,       /* internal failure (a dependency failed) */
    EFN_ENOMEM = -2,      /* allocation failed */
    EFN_EIO = -3,         /* a file could not be read or written */
    EFN_EINVALID = -4,    /* the input data is invalid (bad JSON, bad model) */
    EFN_ENOTFOUND = -5,   /* an id, index or key does not exist */
    EFN_EARG = -6,        /* the caller passed a bad argument */
    EFN_EINFEASIBLE = -7, /* an analysis has no solution */
    EFN_ECANCELLED = -8   /* a progress callback asked to stop */
} efn_status_code;

/* Runtime version, EFN_VERSION_NUMBER of the library actually loaded. */
EFN_EXPORT int efn_version_number(void);
/* Runtime version string, "MAJOR.MINOR.PATCH"; static storage. */
EFN_EXPORT const char *efn_version_string(void);

/*
 * The message of the last failing call on this thread, for example
 * "corridor.json: assets[3].stakes: shares sum to 104.5%, expected at most
 * 100%". Never NULL; "" when no error has happened on this thread. The
 * string stays valid until the next efn call on this thread.
 */
EFN_EXPORT const char *efn_last_error(void);
/* The last error's status code on this thread (EFN_OK when none). */
EFN_EXPORT int efn_last_error_code(void);
/* Forget the last error on this thread. */
EFN_EXPORT void efn_clear_error(void);
/* A short constant name for a status code: "EFN_EINVALID". */
EFN_EXPORT const char *efn_status_name(int status);

/* Frees strings and JSON text that the library allocated for the caller.
 * Accepts NULL. */
EFN_EXPORT void efn_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif
