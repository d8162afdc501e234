/* fairrep-save.c -- fair representations to and from the parameter tree of
 * fairsh/param.h. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "methods/methods-private.h"
#include "fairsh/param.h"

/* ---- saving (fairsh/param.h) ------------------------------------------ */

static const char *const family_names[] = { "linear", "mlp1", "mlp2" };
static const char *const act_names[] = { "tanh", "relu" };

int
fair_fairrep_export(const fair_fairrep *rep, fair_param *out, fair_error *err)
{
	fair_param *o = fair_param_add_object(out, "options");
	double *kinds = malloc((rep->T ? rep->T : 1) * sizeof *kinds);

	if (kinds == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (size_t t = 0; t < rep->T; t++)
		kinds[t] = rep->kinds[t];
	fair_param_add_str(o, "divergence", fair_divergence_name(rep->o.divergence));
	fair_param_add_num(o, "lambda", rep->o.lambda);
	fair_param_add_str(o, "family", family_names[rep->o.family]);
	fair_param_add_str(o, "act", act_names[rep->o.act]);
	fair_param_add_int(o, "hidden", (int64_t)rep->o.hidden);
	fair_param_add_int(o, "dim", (int64_t)rep->o.dim);
	fair_param_add_int(o, "epochs", (int64_t)rep->o.epochs);
	fair_param_add_int(o, "batch", (int64_t)rep->o.batch);
	fair_param_add_num(o, "lr", rep->o.lr);
	fair_param_add_num(o, "weight_decay", rep->o.weight_decay);
	fair_param_add_num(o, "bandwidth", rep->o.bandwidth);
	fair_param_add_bool(o, "unbiased", rep->o.unbiased);
	fair_param_add_num(o, "epsilon", rep->o.epsilon);
	fair_param_add_int(o, "sinkhorn_iter", (int64_t)rep->o.sinkhorn_iter);
	fair_param_add_num(o, "sinkhorn_tol", rep->o.sinkhorn_tol);
	fair_param_add_int(o, "seed", (int64_t)rep->o.seed);
	fair_param_add_int(out, "d", (int64_t)rep->d);
	fair_param_add_int(out, "groups", (int64_t)rep->K);
	fair_param_add_vec(out, "kinds", kinds, rep->T);
	fair_param_add_vec(out, "ymean", rep->ymean, rep->T);
	fair_param_add_vec(out, "ysd", rep->ysd, rep->T);
	fair_param_add_vec(out, "params", rep->theta, rep->nparam);
	fair_param_add_num(out, "bandwidth", rep->bandwidth);
	fair_param_add_vec(out, "loss", rep->loss_hist, rep->epochs_run);
	fair_param_add_vec(out, "div", rep->div_hist, rep->epochs_run);
	fair_param_add_int(out, "skipped", (int64_t)rep->skipped);
	fair_param_add_num(out, "final_div", rep->final_div);
	fair_param_add_bool(out, "collapsed", rep->collapsed);
	free(kinds);
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

static int
name_index(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

fair_fairrep *
fair_fairrep_import(const fair_param *in, fair_error *err)
{
	const fair_param *o = fair_param_object(in, "options", err);
	const char *dv, *fam, *act;
	fair_fairrep_opts op;
	fair_fairrep *rep = NULL;
	size_t d = 0, K = 0, T = 0, nm = 0, ns = 0, np = 0, nl = 0, nd = 0;
	const double *kv, *ym, *ys, *th, *lh, *dh;
	int64_t seed;
	int *kinds = NULL;

	fair_fairrep_opts_init(&op);
	if (o == NULL || (dv = fair_param_str(o, "divergence", err)) == NULL ||
	    (fam = fair_param_str(o, "family", err)) == NULL || (act = fair_param_str(o, "act", err)) == NULL ||
	    fair_param_num(o, "lambda", &op.lambda, err) || fair_param_count(o, "hidden", 0, 100000, &op.hidden, err) ||
	    fair_param_count(o, "dim", 1, 100000, &op.dim, err) || fair_param_count(o, "epochs", 0, 1000000, &op.epochs, err) ||
	    fair_param_count(o, "batch", 1, 1000000, &op.batch, err) || fair_param_num(o, "lr", &op.lr, err) ||
	    fair_param_num(o, "weight_decay", &op.weight_decay, err) || fair_param_num(o, "bandwidth", &op.bandwidth, err) ||
	    fair_param_bool(o, "unbiased", &op.unbiased, err) || fair_param_num(o, "epsilon", &op.epsilon, err) ||
	    fair_param_size(o, "sinkhorn_iter", &op.sinkhorn_iter, err) ||
	    fair_param_num(o, "sinkhorn_tol", &op.sinkhorn_tol, err) || fair_param_int(o, "seed", &seed, err) ||
	    fair_divergence_parse(dv, &op.divergence, err))
		return NULL;
	op.seed = (unsigned long)seed;
	op.family = name_index(fam, family_names, 3);
	op.act = name_index(act, act_names, 2);
	if (fair_param_size(in, "d", &d, err) || fair_param_count(in, "groups", 0, INT32_MAX, &K, err) ||
	    (kv = fair_param_vec(in, "kinds", &T, err)) == NULL || (ym = fair_param_vec(in, "ymean", &nm, err)) == NULL ||
	    (ys = fair_param_vec(in, "ysd", &ns, err)) == NULL || (th = fair_param_vec(in, "params", &np, err)) == NULL ||
	    (lh = fair_param_vec(in, "loss", &nl, err)) == NULL || (dh = fair_param_vec(in, "div", &nd, err)) == NULL)
		return NULL;
	if (op.family < 0 || op.act < 0 || d == 0 || op.dim == 0 || T == 0 || nm != T || ns != T || nl != nd ||
	    nl > op.epochs || (op.family == FAIR_REP_MLP2 && op.hidden == 0)) {
		fair_error_set(err, FAIR_EPARSE, "saved data: fair representation has inconsistent options or shapes");
		return NULL;
	}
	/* the sizes against the parameters saved, before anything is allocated
	 * (a product of sizes from the file could wrap around) */
	size_t need;
	if (!fair_repi_nparam(d, &op, T, &need)) {
		fair_error_set(err, FAIR_EPARSE, "saved data: fair representation too large (%zu inputs, dim %zu, hidden %zu): "
		               "its parameters would not fit in memory", d, op.dim, op.hidden);
		return NULL;
	}
	if (np != need) {
		fair_error_set(err, FAIR_EPARSE, "saved data: fair representation has %zu parameters; its shape needs %zu", np, need);
		return NULL;
	}
	if ((kinds = malloc(T * sizeof *kinds)) == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t t = 0; t < T; t++) {
		if (kv[t] != FAIR_TASK_CLASSIFICATION && kv[t] != FAIR_TASK_REGRESSION) {
			free(kinds);
			fair_error_set(err, FAIR_EPARSE, "saved data: fair representation task %zu has an unknown kind", t);
			return NULL;
		}
		kinds[t] = (int)kv[t];
	}
	rep = fair_repi_new(d, kinds, T, K, &op, NULL);
	free(kinds);
	if (rep == NULL) {
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	if (np != rep->nparam) {
		fair_error_set(err, FAIR_EPARSE, "saved data: fair representation has %zu parameters; its shape needs %zu",
		               np, rep->nparam);
		goto fail;
	}
	memcpy(rep->theta, th, np * sizeof *th);
	memcpy(rep->ymean, ym, T * sizeof *ym);
	memcpy(rep->ysd, ys, T * sizeof *ys);
	if (nl) {
		memcpy(rep->loss_hist, lh, nl * sizeof *lh);
		memcpy(rep->div_hist, dh, nl * sizeof *dh);
	}
	rep->epochs_run = nl;
	if (fair_param_num(in, "bandwidth", &rep->bandwidth, err) || fair_param_size(in, "skipped", &rep->skipped, err) ||
	    fair_param_num(in, "final_div", &rep->final_div, err) || fair_param_bool(in, "collapsed", &rep->collapsed, err))
		goto fail;
	return rep;
fail:
	fair_fairrep_free(rep);
	return NULL;
}
