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
	/* fair_progress_init_child: whose cancellation this one follows (a
	 * learner fitted inside another's loop reports into a child, so its
	 * iterations never replace the outer loop's); NULL for a top level */
	struct fair_progress *parent;
} fair_progress;

/* Initialises every field (not cancelled, 0 of 0, NaN figures). */
void fair_progress_init(fair_progress *p);

/* Initialises @p (as fair_progress_init) as the progress of a computation
 * nested in @parent's loop: cancelling @parent cancels it, and what it
 * records stays in @p. @parent may be NULL (then @p is a top level). */
void fair_progress_init_child(fair_progress *p, fair_progress *parent);

/* True when @p is not NULL and cancellation was requested of it or of one
 * of its parents. Workers call it at least every ~10 ms of work and then
 * return FAIR_ECANCELED. */
static inline bool
fair_progress_cancelled(fair_progress *p)
{
	for (; p != NULL; p = p->parent)
		if (atomic_load_explicit(&p->cancel, memory_order_relaxed))
			return true;
	return false;
}

/* The time left, in the unit of @elapsed, when @iter of @iter_max steps
 * took @elapsed: elapsed (iter_max - iter) / iter, the rate so far held
 * for the rest. NaN when it cannot be told (no step done, no total, or
 * more done than the total); 0 when every step is done. */
double fair_progress_eta(size_t iter, size_t iter_max, double elapsed);

/* Records progress (no-op when @p is NULL). */
void fair_progress_set(fair_progress *p, size_t iter, size_t iter_max,
                       double loss, double aux);
/* Names the figures of fair_progress_set (no-op when @p is NULL); the
 * strings must be static. */
void fair_progress_names(fair_progress *p, const char *loss_name, const char *aux_name);

#endif
