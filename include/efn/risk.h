/*
 * efn: energy-flow networks. GPL-3.0-or-later.
 *
 * risk.h: Monte Carlo supply risk. Assets fail with their outage
 * probabilities, countries and listed groups fail as one event, and each
 * sample's network is solved in the chosen allocation mode. Per consumer:
 * mean unserved volume, its standard error, quantiles and the probability
 * of a shortfall; per asset: how often it binds when supply falls short.
 * Formulas, defaults and their sources: docs/methods.md, "8. Risk".
 */
#ifndef EFN_RISK_H
#define EFN_RISK_H

#include <stdint.h>

#include "common.h"
#include "flow.h"
#include "network.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Outage rate of gas transmission pipelines, incidents per 1000 km per
 * year: the European Gas pipeline Incident data Group's overall failure
 * frequency for 1970-2016 (10th EGIG report, doc. VA 17.R.0395, March
 * 2018). The figure could not be checked against the report's text when
 * it was adopted and is an assumption until it is (docs/methods.md, "8.
 * Risk"). Applied to gas assets only; oil and electricity have no library
 * rate.
 */
#define EFN_DEFAULT_OUTAGE_RATE_PER_1000KM_YEAR 0.31
/* Outage probability of an asset with neither its own probability nor a
 * length and a rate. An assumption, not a sourced figure. */
#define EFN_DEFAULT_OUTAGE_PROBABILITY 0.01
/* Samples are drawn and aggregated in batches of this many when a
 * progress callback or an early stop is asked for (each sees every batch);
 * otherwise in batches of 8 times as many, with the same result. */
#define EFN_RISK_BATCH 256

typedef struct efn_risk_options {
    efn_commodity commodity;
    int year;            /* 0: the network's year */
    efn_allocation mode; /* the allocation of each sample's flow */
    size_t samples;      /* samples to draw (at most, with target_rse) >= 1 */
    uint64_t seed;       /* fixes the result, whatever `workers` is */
    unsigned workers;    /* threads, the calling one included; 0: one per
                            online processor. Never changes the result. */
    double target_rse;   /* > 0: stop after a batch once the relative
                            standard error of the mean total unserved is
                            below it (at least 2 batches); 0: never */
    /* < 0: the data's risk.default_outage_probability, else
     * EFN_DEFAULT_OUTAGE_PROBABILITY; from 0 to 1: this probability. */
    double default_probability;
    /* < 0: the data's risk.outage_rate_per_1000km_year, else (gas)
     * EFN_DEFAULT_OUTAGE_RATE_PER_1000KM_YEAR; >= 0: this rate. */
    double outage_rate_per_1000km_year;
    /* Called on the calling thread after each batch with the samples done
     * and the samples asked for; nonzero cancels the run (EFN_ECANCELLED).
     * May be NULL. */
    int (*progress)(size_t done, size_t total, void *user);
    void *progress_user;
} efn_risk_options;

#define EFN_RISK_OPTIONS_INIT                                                  \
    {                                                                          \
        EFN_GAS, 0, EFN_ALLOC_MAX, 10000, 1, 0, 0.0, -1.0, -1.0, NULL, NULL    \
    }

typedef struct efn_risk efn_risk;

/*
 * Runs the Monte Carlo analysis.
 *
 * Failures. Each active asset of the commodity fails with probability p:
 * its own `outage_probability`; else 1 - exp(-r L / 1000) for its length L
 * (km) and the rate r (options, else `risk.outage_rate_per_1000km_year`,
 * else EFN_DEFAULT_OUTAGE_RATE_PER_1000KM_YEAR for gas); else the default
 * probability (options, else `risk.default_outage_probability`, else
 * EFN_DEFAULT_OUTAGE_PROBABILITY). Each country of `risk.countries` fails
 * with its probability and takes down every asset with a route node in it;
 * each group of `risk.groups` fails with its probability and takes down its
 * assets. All draws are independent.
 *
 * A sample. Sample i draws from GSL's MT19937 seeded from (seed, i) alone,
 * so the result depends on the seed and the sample count, never on the
 * workers. Failed assets lose every segment; if none of them carried flow
 * in the base allocation, the base allocation stands; otherwise a maximum
 * flow (Dinic, efn's own, thread-safe) and the allocation of the mode
 * (GLPK linear programs) are solved again.
 *
 * Results. Unserved = demand - delivered. Mean and its standard error
 * s / sqrt(n); p50, p95, p99 are nearest-rank quantiles (the ceil(q n)-th
 * smallest value); a shortfall is a delivery below the base delivery by
 * more than the tolerance 1e-9 + 1e-7 x total demand. Per asset: the
 * samples it failed in, and among the samples whose total falls short,
 * those where one of its segments is on the minimum cut.
 *
 * Cost: per sample O(A + C + G) draws for A assets, C countries and G
 * groups, and, when a failed asset carried flow, one O(V^2 E) maximum flow
 * and one allocation; memory O(samples x consumers) for the quantiles.
 *
 * Threads: the workers share nothing but read-only data and never call
 * igraph (not thread-safe in Debian's build); GLPK's environment is per
 * thread. The network must not change during the run and must outlive the
 * result. Several runs may go on at once on the same network.
 *
 * *out is freed with efn_risk_free(). EFN_EARG for bad options,
 * EFN_EINVALID for bad risk data (file and JSON path in the message:
 * "net.json: risk.groups[0].assets[1]: no asset 'x'"), EFN_ECANCELLED when
 * the progress callback stops it, EFN_ERROR when a solver fails.
 */
EFN_EXPORT int efn_risk_run(efn_risk **out, const efn_network *net,
                            const efn_risk_options *options);
/* Frees a result. Accepts NULL. */
EFN_EXPORT void efn_risk_free(efn_risk *risk);

EFN_EXPORT efn_commodity efn_risk_commodity(const efn_risk *risk);
EFN_EXPORT int efn_risk_year(const efn_risk *risk);
EFN_EXPORT efn_allocation efn_risk_mode(const efn_risk *risk);
/* The samples drawn (fewer than asked when stopped early) and asked for. */
EFN_EXPORT size_t efn_risk_samples(const efn_risk *risk);
EFN_EXPORT size_t efn_risk_samples_requested(const efn_risk *risk);
/* 1 when target_rse stopped the run before all samples were drawn. */
EFN_EXPORT int efn_risk_stopped_early(const efn_risk *risk);
EFN_EXPORT uint64_t efn_risk_seed(const efn_risk *risk);
/* The threads that ran (not part of the JSON, which must not depend on
 * them). */
EFN_EXPORT unsigned efn_risk_workers(const efn_risk *risk);
/* The total delivered with nothing failed, in the allocation mode. */
EFN_EXPORT double efn_risk_base_total(const efn_risk *risk);
/* Mean total unserved over the samples and its standard error (NaN with
 * fewer than 2 samples), in the commodity's canonical unit. */
EFN_EXPORT double efn_risk_mean_unserved_total(const efn_risk *risk);
EFN_EXPORT double efn_risk_se_unserved_total(const efn_risk *risk);
/* Samples whose total delivered fell short of the base total. */
EFN_EXPORT size_t efn_risk_shortfall_samples(const efn_risk *risk);

/* Consumers: nodes with a positive demand, in node order. Volumes in the
 * commodity's canonical unit. */
typedef struct efn_risk_consumer {
    size_t node;
    double demand;
    double base_delivered; /* with nothing failed */
    double mean_unserved;  /* mean of demand - delivered */
    double se_unserved;    /* its standard error; NaN below 2 samples */
    double p50, p95, p99;  /* nearest-rank quantiles of unserved */
    double p_shortfall;    /* fraction of samples with a shortfall */
} efn_risk_consumer;

EFN_EXPORT size_t efn_risk_consumer_count(const efn_risk *risk);
EFN_EXPORT int efn_risk_consumer_get(efn_risk_consumer *out,
                                     const efn_risk *risk, size_t j);
/* The consumer at node `node`; EFN_ENOTFOUND if none. */
EFN_EXPORT int efn_risk_consumer_find(efn_risk_consumer *out,
                                      const efn_risk *risk, size_t node);

/* Where an asset's outage probability came from. */
typedef enum efn_risk_source {
    EFN_RISK_FROM_ASSET = 0,  /* its own outage_probability */
    EFN_RISK_FROM_RATE = 1,   /* rate x length */
    EFN_RISK_FROM_DEFAULT = 2 /* the default probability */
} efn_risk_source;

/* Assets: the active assets of the commodity in the flow network, in asset
 * order. */
typedef struct efn_risk_asset {
    size_t asset;
    double probability; /* its own outage probability, groups aside */
    efn_risk_source source;
    size_t failures;      /* samples it failed in, groups included */
    size_t on_cut;        /* shortfall samples with it on the minimum cut */
    double cut_frequency; /* on_cut / shortfall samples; 0 when none */
} efn_risk_asset;

EFN_EXPORT size_t efn_risk_asset_count(const efn_risk *risk);
EFN_EXPORT int efn_risk_asset_get(efn_risk_asset *out, const efn_risk *risk,
                                  size_t i);

/* Correlated events: the countries of risk.countries (in the file's
 * order), then the groups of risk.groups. */
typedef enum efn_risk_event_kind {
    EFN_RISK_COUNTRY = 0,
    EFN_RISK_GROUP = 1
} efn_risk_event_kind;

typedef struct efn_risk_event {
    efn_risk_event_kind kind;
    const char *id; /* country code or group id; owned by the network */
    double probability;
    size_t asset_count; /* active assets of the commodity it takes down */
    size_t occurrences; /* samples it happened in */
} efn_risk_event;

EFN_EXPORT size_t efn_risk_event_count(const efn_risk *risk);
EFN_EXPORT int efn_risk_event_get(efn_risk_event *out, const efn_risk *risk,
                                  size_t i);

/*
 * The result as JSON text (freed with efn_free()), by id, with units. It
 * leaves out the worker count, so the text of a seed is the same whatever
 * the workers.
 */
EFN_EXPORT int efn_risk_to_json(char **out, const efn_risk *risk);

#ifdef __cplusplus
}
#endif

#endif
