/* progress.c -- fair_progress helpers. */
/* SPDX-License-Identifier: MIT */
#include <math.h>

#include "fairsh/progress.h"

void
fair_progress_init(fair_progress *p)
{
	atomic_init(&p->cancel, false);
	atomic_init(&p->iter, 0);
	atomic_init(&p->iter_max, 0);
	atomic_init(&p->loss, NAN);
	atomic_init(&p->aux, NAN);
	atomic_init(&p->loss_name, NULL);
	atomic_init(&p->aux_name, NULL);
	p->parent = NULL;
}

void
fair_progress_init_child(fair_progress *p, fair_progress *parent)
{
	fair_progress_init(p);
	p->parent = parent;
}

double
fair_progress_eta(size_t iter, size_t iter_max, double elapsed)
{
	if (iter_max == 0 || iter == 0 || iter > iter_max || !(elapsed >= 0))
		return NAN;
	return elapsed * (double)(iter_max - iter) / (double)iter;
}

void
fair_progress_set(fair_progress *p, size_t iter, size_t iter_max, double loss, double aux)
{
	if (p == NULL)
		return;
	atomic_store(&p->iter_max, iter_max);
	atomic_store(&p->iter, iter);
	atomic_store(&p->loss, loss);
	atomic_store(&p->aux, aux);
}

void
fair_progress_names(fair_progress *p, const char *loss_name, const char *aux_name)
{
	if (p == NULL)
		return;
	atomic_store(&p->loss_name, loss_name);
	atomic_store(&p->aux_name, aux_name);
}
