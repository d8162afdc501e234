/* gridsearch.c -- grid search over Lagrange multipliers (Agarwal et al.
 * 2018) as Fairlearn's GridSearch runs it: one cost-sensitive fit of the
 * base learner per point of a grid of multipliers, the one with the best
 * weighted sum of error and constraint violation kept for predictions,
 * every other kept for comparison; and the `gridsearch` learner type. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/methods-private.h"
#include "fairsh/param.h"

void
fair_gridsearch_opts_init(fair_gridsearch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->constraint = FAIR_CONSTRAINT_DP;
	o->grid_size = 10;
	o->grid_limit = 2.0;
	o->constraint_weight = 0.5;
	o->ratio = 1.0;
}

struct gs_impl {
	size_t         m, dim, best;
	fair_learner **l;       /* NULL: constant cst[j] */
	double        *cst;
	double        *lambda;  /* m x dim grid coordinates */
	double        *err, *viol;
};

static void
gs_impl_free(void *p)
{
	struct gs_impl *g = p;
	if (g == NULL)
		return;
	for (size_t j = 0; j < g->m; j++)
		fair_learner_free(g->l[j]);
	free(g->l);
	free(g->cst);
	free(g->lambda);
	free(g->err);
	free(g->viol);
	free(g);
}

static struct gs_impl *
gs_impl_new(size_t m, size_t dim)
{
	struct gs_impl *g = calloc(1, sizeof *g);
	if (g == NULL || !(g->l = calloc(m + 1, sizeof *g->l)) || !(g->cst = calloc(m + 1, sizeof *g->cst)) ||
	    !(g->lambda = calloc(m * dim + 1, sizeof *g->lambda)) || !(g->err = calloc(m + 1, sizeof *g->err)) ||
	    !(g->viol = calloc(m + 1, sizeof *g->viol))) {
		gs_impl_free(g);
		return NULL;
	}
	g->m = m;
	g->dim = dim;
	return g;
}

/* ---- Fairlearn's _GridGenerator (neg_allowed everywhere, L1 norm not forced) */

struct intgrid { double *v; size_t n, cap, dim; double *entry; bool overflow; };

static void
accumulate(struct intgrid *G, size_t index, long maxv)
{
	if (G->overflow)
		return;
	if (index == G->dim) {
		if (G->n == G->cap) {
			G->overflow = true;   /* more than needed: the caller takes a prefix */
			return;
		}
		memcpy(G->v + G->n * G->dim, G->entry, G->dim * sizeof *G->v);
		G->n++;
		return;
	}
	for (long c = -maxv; c <= maxv && !G->overflow; c++) {
		G->entry[index] = (double)c;
		accumulate(G, index + 1, maxv - labs(c));
	}
}

/* The first @size points of the integer grid with L1 norm <= n_units, the
 * smallest n_units that has that many, scaled by limit / n_units: into
 * @out (size x dim). */
int
fair_gridsearch_grid(size_t size, size_t dim, double limit, double *out, fair_error *err)
{
	double nu = pow((double)size / pow(2.0, (double)dim), 1.0 / (double)dim) - 1;
	long n_units = nu < 0 ? 0 : (long)floor(nu);
	struct intgrid G = { .dim = dim, .cap = size };

	G.v = malloc(size * dim * sizeof *G.v);
	G.entry = calloc(dim, sizeof *G.entry);
	if (G.v == NULL || G.entry == NULL) {
		free(G.v);
		free(G.entry);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	for (;; n_units++) {
		G.n = 0;
		G.overflow = false;
		accumulate(&G, 0, n_units);
		if (G.n >= size)
			break;
	}
	for (size_t k = 0; k < size * dim; k++)
		out[k] = n_units > 0 ? G.v[k] * (limit / (double)n_units) : 0;
	free(G.v);
	free(G.entry);
	return FAIR_OK;
}

fair_learner *
fair_gridsearch_fit(const gsl_matrix *X, const double *y, const int32_t *group, size_t K,
                    const fair_gridsearch_opts *o, fair_gridsearch_info *info, fair_progress *prog,
                    fair_error *err)
{
	size_t n = X->size1, dim, m = o->grid_size;
	int c = o->constraint;
	double *lam = NULL, *gam = NULL, *w = NULL, *ry = NULL, *pred = NULL, *grid = NULL;
	struct gs_impl *gi = NULL;
	fair_learner *res = NULL;
	fair_moments M;
	int st = FAIR_OK;

	memset(&M, 0, sizeof M);
	if (!(c == FAIR_CONSTRAINT_DP || c == FAIR_CONSTRAINT_EO || c == FAIR_CONSTRAINT_FPR ||
	      c == FAIR_CONSTRAINT_EODDS || c == FAIR_CONSTRAINT_ERROR)) {
		fair_error_set(err, FAIR_EINVAL, "gridsearch takes constraint dp, eo, fpr, eodds or error");
		return NULL;
	}
	if (m < 2 || !(o->grid_limit > 0) || !(o->constraint_weight >= 0 && o->constraint_weight <= 1) ||
	    !(o->ratio > 0 && o->ratio <= 1) || o->base_learner == NULL) {
		fair_error_set(err, FAIR_EINVAL, "gridsearch: grid_size at least 2, grid_limit > 0, constraint_weight "
		               "in [0, 1], ratio in (0, 1] and a base learner");
		return NULL;
	}
	if (K < 2 || n == 0) {
		fair_error_set(err, FAIR_EINVAL, "gridsearch needs rows and at least two groups");
		return NULL;
	}
	if ((st = fair_moments_init(&M, c, o->ratio, y, group, n, K, "gridsearch", err)))
		return NULL;
	dim = M.E * (K - 1);   /* Fairlearn's basis: the last group's constraints are redundant */
	lam = calloc(M.nc, sizeof *lam);
	gam = malloc(M.nc * sizeof *gam);
	w = malloc(n * sizeof *w);
	ry = malloc(n * sizeof *ry);
	pred = malloc(n * sizeof *pred);
	grid = malloc(m * dim * sizeof *grid);
	gi = gs_impl_new(m, dim);
	if (!lam || !gam || !w || !ry || !pred || !grid || !gi) {
		st = fair_error_set(err, FAIR_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t e = 0; e < M.E; e++)
		for (size_t a = 0; a < K; a++)
			if (!M.active[e * K + a]) {
				st = fair_error_set(err, FAIR_EINVAL, "gridsearch: group %zu has no rows for the constraint's event%s", a,
				                    M.E == 2 ? (e ? " (positives)" : " (negatives)") : "");
				goto out;
			}
	if ((st = fair_gridsearch_grid(m, dim, o->grid_limit, grid, err)))
		goto out;
	memcpy(gi->lambda, grid, m * dim * sizeof *grid);
	for (size_t j = 0; j < m; j++) {
		bool single = true;
		fair_learner *l = NULL;
		if (fair_progress_cancelled(prog)) {
			st = fair_error_set(err, FAIR_ECANCELED, "gridsearch: cancelled");
			goto out;
		}
		/* the grid coordinate v of (e, a), a < K - 1, sets lambda(+,e,a) =
		 * max(v, 0) and lambda(-,e,a) = max(-v, 0); the last group's are 0 */
		for (size_t e = 0; e < M.E; e++)
			for (size_t a = 0; a + 1 < K; a++) {
				double v = grid[j * dim + e * (K - 1) + a];
				lam[fair_moments_index(&M, 0, e, a)] = v > 0 ? v : 0;
				lam[fair_moments_index(&M, 1, e, a)] = v < 0 ? -v : 0;
			}
		/* signed weights 2y - 1 + du_i (U lambda)_i, not normalised (Fairlearn) */
		for (size_t i = 0; i < n; i++) {
			double s = 2 * y[i] - 1 + fair_moments_signed(&M, i, lam);
			ry[i] = s > 0 ? 1.0 : 0.0;
			w[i] = fabs(s);
			if (ry[i] != ry[0])
				single = false;
		}
		if (single) {
			gi->cst[j] = ry[0];
			for (size_t i = 0; i < n; i++)
				pred[i] = ry[0];
		} else {
			fair_progress sub;   /* the base fit's iterations stay out of the grid's progress */
			fair_progress_init_child(&sub, prog);
			if ((l = fair_base_fit(o->base_learner, X, ry, w, FAIR_TASK_CLASSIFICATION, o->seed, &sub, err)) == NULL) {
				st = err ? err->code : FAIR_EINVAL;
				goto out;
			}
			gi->l[j] = l;
			if ((st = fair_learner_predict(l, X, pred, err)))
				goto out;
			for (size_t i = 0; i < n; i++)
				pred[i] = pred[i] > l->threshold ? 1.0 : 0.0;
		}
		/* the error and the largest gamma */
		fair_moments_gamma(&M, pred, &gi->err[j], gam);
		gi->viol[j] = -INFINITY;
		for (size_t k = 0; k < M.nc; k++)
			gi->viol[j] = fmax(gi->viol[j], gam[k]);
		fair_progress_names(prog, "error", "violation");
		fair_progress_set(prog, j + 1, m, gi->err[j], gi->viol[j]);
	}
	{
		double best = INFINITY;
		for (size_t j = 0; j < m; j++) {
			double loss = (1 - o->constraint_weight) * gi->err[j] + o->constraint_weight * gi->viol[j];
			if (loss < best) {   /* the first minimum, as list.index(min(...)) */
				best = loss;
				gi->best = j;
			}
		}
	}
	res = fair_learner_new(&fair_gridsearch_type, FAIR_TASK_CLASSIFICATION, X->size2, err);
	if (res == NULL) {
		st = err ? err->code : FAIR_ENOMEM;
		goto out;
	}
	{
		const fair_learner *b = gi->l[gi->best];
		res->score_is_prob = b ? b->score_is_prob : true;
		res->threshold = b ? b->threshold : 0.5;
	}
	res->iterations = m;
	res->converged = true;
	res->impl = gi;
	if (info) {
		info->points = m;
		info->dim = dim;
		info->best = gi->best;
		info->error = gi->err[gi->best];
		info->violation = gi->viol[gi->best];
	}
	gi = NULL;
out:
	gs_impl_free(gi);
	fair_moments_release(&M);
	free(lam);
	free(gam);
	free(w);
	free(ry);
	free(pred);
	free(grid);
	if (st != FAIR_OK) {
		fair_learner_free(res);
		return NULL;
	}
	return res;
}

static int
gs_score(const fair_learner *l, const gsl_matrix *X, double *score, fair_error *err)
{
	const struct gs_impl *g = l->impl;

	if (g->l[g->best] == NULL) {
		for (size_t i = 0; i < X->size1; i++)
			score[i] = g->cst[g->best];
		return FAIR_OK;
	}
	return fair_learner_predict(g->l[g->best], X, score, err);
}

bool
fair_gridsearch_is(const fair_learner *l)
{
	return l != NULL && l->type == &fair_gridsearch_type;
}

size_t
fair_gridsearch_size(const fair_learner *l)
{
	return fair_gridsearch_is(l) ? ((const struct gs_impl *)l->impl)->m : 0;
}

const fair_learner *
fair_gridsearch_member(const fair_learner *l, size_t i, fair_gridsearch_point *pt)
{
	const struct gs_impl *g = l->impl;

	if (!fair_gridsearch_is(l) || i >= g->m)
		return NULL;
	if (pt) {
		pt->lambda = g->lambda + i * g->dim;
		pt->dim = g->dim;
		pt->error = g->err[i];
		pt->violation = g->viol[i];
		pt->constant = g->l[i] ? NAN : g->cst[i];
		pt->best = i == g->best;
	}
	return g->l[i];
}

/* ---- saving ------------------------------------------------------------------ */

static int
gs_save(const fair_learner *l, fair_param *out, fair_error *err)
{
	const struct gs_impl *g = l->impl;
	fair_param *pts = fair_param_add_list(out, "points");

	fair_param_add_int(out, "best", (int64_t)g->best);
	fair_param_add_int(out, "dim", (int64_t)g->dim);
	for (size_t j = 0; j < g->m; j++) {
		fair_param *p = fair_param_add_object(pts, NULL);
		int st;
		fair_param_add_vec(p, "lambda", g->lambda + j * g->dim, g->dim);
		fair_param_add_num(p, "error", g->err[j]);
		fair_param_add_num(p, "violation", g->viol[j]);
		if (g->l[j] == NULL)
			fair_param_add_num(p, "constant", g->cst[j]);
		else if ((st = fair_learner_export(g->l[j], fair_param_add_object(p, "learner"), err)))
			return st;
	}
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

static int
gs_load_in(fair_learner *l, const fair_param *in, const fair_learner_type *const *types, fair_error *err)
{
	const fair_param *pts = fair_param_list(in, "points", err);
	size_t best, dim;
	struct gs_impl *g;

	if (pts == NULL || fair_param_size(in, "best", &best, err) || fair_param_size(in, "dim", &dim, err))
		return err ? err->code : FAIR_EPARSE;
	if (best >= pts->nkids || dim == 0)
		return fair_error_set(err, FAIR_EPARSE, "saved data: gridsearch best point %zu of %zu", best, pts->nkids);
	if ((g = gs_impl_new(pts->nkids, dim)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	g->best = best;
	for (size_t j = 0; j < g->m; j++) {
		const fair_param *p = pts->kids[j], *lp;
		size_t nl;
		const double *lam = fair_param_vec(p, "lambda", &nl, err);
		if (lam == NULL || nl != dim || fair_param_num(p, "error", &g->err[j], err) ||
		    fair_param_num(p, "violation", &g->viol[j], err)) {
			if (lam && nl != dim)
				fair_error_set(err, FAIR_EPARSE, "saved data: gridsearch point %zu has %zu multipliers, not %zu", j, nl, dim);
			goto fail;
		}
		memcpy(g->lambda + j * dim, lam, dim * sizeof *lam);
		if (fair_param_get(p, "learner") == NULL) {
			if (fair_param_num(p, "constant", &g->cst[j], err))
				goto fail;
			continue;
		}
		if ((lp = fair_param_object(p, "learner", err)) == NULL || (g->l[j] = fair_learner_import_as(lp, types, err)) == NULL)
			goto fail;
		if (g->l[j]->d != l->d) {
			fair_error_set(err, FAIR_EPARSE, "saved data: gridsearch point %zu does not fit the learner (%zu features)", j, l->d);
			goto fail;
		}
	}
	l->impl = g;
	return FAIR_OK;
fail:
	gs_impl_free(g);
	return err ? err->code : FAIR_EPARSE;
}

static const fair_learner_type *const gs_bases[] = { &fair_logreg_type, &fair_svm_linear_type, NULL };

static int
gs_load(fair_learner *l, const fair_param *in, fair_error *err)
{
	return gs_load_in(l, in, gs_bases, err);
}

/* ---- the learner type ------------------------------------------------------ */

static int
gs_set(void *opts, const fair_opt *o, const char *val, fair_error *err)
{
	fair_gridsearch_opts *g = opts;
	double v;
	int st;

	if (!strcmp(o->name, "constraint")) {
		if ((st = fair_constraint_parse(val, &g->constraint, err)))
			return st;
		if (g->constraint == FAIR_CONSTRAINT_TNR || g->constraint == FAIR_CONSTRAINT_FNR)
			return fair_error_set(err, FAIR_EINVAL, "gridsearch takes constraint dp, eo, fpr, eodds or error, not %s", val);
		return FAIR_OK;
	}
	if ((st = fair_opt_parse(o, val, &v, err)))   /* C: the base learner's */
		return st;
	return fair_base_kv_add(&g->base_kv, "C", val, err);
}

static int
gs_extra(void *opts, const char *key, const char *val, fair_error *err)
{
	return fair_base_kv_add(&((fair_gridsearch_opts *)opts)->base_kv, key, val, err);
}

static int
gs_check(const void *opts, const fair_learner_type *const *types, fair_error *err)
{
	const fair_gridsearch_opts *o = opts;
	fair_base b;
	int st = fair_base_prepare(&b, "gridsearch", o->base_name ? o->base_name : "logreg", o->base_kv, false, types, err);

	if (st == FAIR_OK)
		fair_base_release(&b);
	return st;
}

#define GO(f) offsetof(fair_gridsearch_opts, f)
static const fair_opt gs_opts[] = {
	{ .name = "base", .type = FAIR_OPT_STR, .offset = GO(base_name),
	  .help = "the learner fitted at each point: any that takes sample weights (default logreg)" },
	{ .name = "C", .type = FAIR_OPT_NUM, .lo = 1e-12, .hi = 1e12, .set = gs_set, .help = "C of the base learner" },
	{ .name = "constraint", .type = FAIR_OPT_STR, .set = gs_set, .help = "dp (default), eo, fpr, eodds or error" },
	{ .name = "grid_size", .type = FAIR_OPT_SIZE, .offset = GO(grid_size), .lo = 2, .hi = 10000,
	  .help = "points of the grid (default 10)" },
	{ .name = "grid_limit", .type = FAIR_OPT_NUM, .offset = GO(grid_limit), .lo = 1e-9, .hi = 1e9,
	  .help = "largest L1 norm of the multipliers (default 2)" },
	{ .name = "constraint_weight", .type = FAIR_OPT_NUM, .offset = GO(constraint_weight), .lo = 0, .hi = 1,
	  .help = "weight of the violation against the error when choosing (default 0.5)" },
	{ .name = "ratio", .type = FAIR_OPT_NUM, .offset = GO(ratio), .lo = 1e-6, .hi = 1,
	  .help = "ratio bound in (0, 1] (default 1: difference bound)" },
	{ .name = "base_options", .type = FAIR_OPT_STR, .offset = GO(base_kv), .help = "(kept) options of the base learner" },
	{ .name = NULL }
};
#undef GO

static void
gs_opts_init(void *o)
{
	fair_gridsearch_opts_init(o);
}

static fair_learner *
gs_fit(const void *opts, fair_fit_data *d, fair_progress *prog, fair_error *err)
{
	fair_gridsearch_opts o = *(const fair_gridsearch_opts *)opts;
	fair_gridsearch_info info;
	fair_learner *l;
	fair_base b;

	if (d->w != NULL) {
		fair_error_set(err, FAIR_EINVAL, "gridsearch weighs its own rows; pre=reweigh does not apply");
		return NULL;
	}
	if (fair_base_prepare(&b, "gridsearch", o.base_name ? o.base_name : "logreg", o.base_kv, false,
	                      d->types ? d->types : gs_bases, err))
		return NULL;
	o.base_learner = &b;
	o.seed = d->seed;
	l = fair_gridsearch_fit(d->X, d->y, d->group, d->K, &o, &info, prog, err);
	if (l != NULL)
		fair_fit_note(d, "gridsearch (%s, %s): %zu points in %zu dimension%s, best point %zu: training error %.4g, "
		              "violation %.4g", fair_constraint_name(o.constraint), b.type->name, info.points, info.dim,
		              info.dim == 1 ? "" : "s", info.best, info.error, info.violation);
	fair_base_release(&b);
	return l;
}

const fair_learner_type fair_gridsearch_type = {
	.name = "gridsearch", .kind = "gridsearch",
	.help = "grid search over Lagrange multipliers: one base learner fit per point, the best trade-off kept",
	.flags = FAIR_LEARNER_CLASSIFY | FAIR_LEARNER_GROUPS | FAIR_LEARNER_OWN_WEIGHTS,
	.opts = gs_opts, .opts_size = sizeof(fair_gridsearch_opts), .opts_init = gs_opts_init,
	.fit = gs_fit, .score = gs_score, .save = gs_save, .load = gs_load, .free = gs_impl_free,
	.extra = gs_extra, .check = gs_check, .load_in = gs_load_in,
};
