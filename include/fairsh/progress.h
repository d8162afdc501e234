/* progress.h -- progress and cancellation shared between a worker (training
 * loop, long computation) and whoever watches it (the job layer, the REPL).
 * The worker writes, everyone else only reads; the watcher sets `cancel`. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_PROGRESS_H
#define FAIRSH_PROGRESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct fair_progress {
	atomic_bool    cancel;     /* set by the watcher; polled by the worker  */
	atomic_size_t  iter;       /* work done so far (epochs, iterations, rows) */
	atomic_size_t  iter_max;   /* total work, 0 if unknown                   */
	_Atomic double loss;       /* current objective / task loss (NaN: none)  */
	_Atomic double aux;        /* second figure: divergence, duality gap ... */
	/* what loss and aux are ("train logloss", "valid logloss"); NULL:
	 * unnamed. Static strings (they outlive the job). */
	const char *_Atomic loss_name;
	const char *_Atomic aux_name;
} fair_progress;

/* Initialises every field (not cancelled, 0 of 0, NaN figures). */
void fair_progress_init(fair_progress *p);

/* True when @p is not NULL and cancellation was requested. Workers call it
 * at least every ~10 ms of work and then return FAIR_ECANCELED. */
static inline bool
fair_progress_cancelled(fair_progress *p)
{
	return p != NULL && atomic_load_explicit(&p->cancel, memory_order_relaxed);
}

/* Records progress (no-op when @p is NULL). */
void fair_progress_set(fair_progress *p, size_t iter, size_t iter_max,
                       double loss, double aux);
/* Names the figures of fair_progress_set (no-op when @p is NULL); the
 * strings must be static. */
void fair_progress_names(fair_progress *p, const char *loss_name, const char *aux_name);

#endif
