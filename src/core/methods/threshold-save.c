/* threshold-save.c -- a fitted threshold optimiser (threshold.c) saved to
 * a parameter tree (fairsh/param.h) and read back, every value checked. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "methods/threshold-impl.h"
#include "fairsh/param.h"

static const char *const op_names[] = { ">", "<", ">=" };

int
fair_thresh_export(const fair_thresh *t, fair_param *out, fair_error *err)
{
	fair_param *groups = fair_param_add_list(out, "groups");

	fair_param_add_str(out, "constraint", fair_constraint_name(t->o.constraint));
	fair_param_add_str(out, "objective", fair_objective_name(t->o.objective));
	fair_param_add_bool(out, "flip", t->o.flip);
	fair_param_add_num(out, "tol", t->o.tol);
	fair_param_add_int(out, "grid", (int64_t)t->o.grid);
	fair_param_add_num(out, "accuracy", t->accuracy);
	fair_param_add_num(out, "objective_value", t->objective);
	for (size_t g = 0; g < t->K; g++) {
		const fair_thresh_group *o = &t->g[g];
		fair_param *p = fair_param_add_object(groups, NULL);
		fair_param_add_str(p, "op0", op_names[o->op0]);
		fair_param_add_num(p, "thr0", o->thr0);
		fair_param_add_num(p, "p0", o->p0);
		fair_param_add_str(p, "op1", op_names[o->op1]);
		fair_param_add_num(p, "thr1", o->thr1);
		fair_param_add_num(p, "p1", o->p1);
		fair_param_add_num(p, "p_ignore", o->p_ignore);
		fair_param_add_num(p, "constant", o->constant);
		fair_param_add_num(p, "x", o->x);
		fair_param_add_num(p, "sel", o->sel);
		fair_param_add_num(p, "tpr", o->tpr);
		fair_param_add_num(p, "fpr", o->fpr);
		fair_param_add_int(p, "n", (int64_t)o->n);
		fair_param_add_int(p, "npos", (int64_t)o->npos);
	}
	return fair_param_failed(out) ? fair_error_set(err, FAIR_ENOMEM, "out of memory") : FAIR_OK;
}

static int
op_parse(const fair_param *p, const char *key, int *op, fair_error *err)
{
	const char *s = fair_param_str(p, key, err);

	if (s == NULL)
		return err ? err->code : FAIR_EPARSE;
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, op_names[i])) {
			*op = i;
			return FAIR_OK;
		}
	return fair_error_set(err, FAIR_EPARSE, "saved data: threshold optimiser operation '%s' (expected >, < or >=)", s);
}

/* One group's rule; files written before flips and objectives existed hold
 * t_hi, t_lo, p_hi, p_mid: P = p_mid [s >= t_lo] + (p_hi - p_mid) [s >= t_hi]. */
static int
group_import(const fair_param *p, fair_thresh_group *o, fair_error *err)
{
	if (fair_param_get(p, "op0") == NULL && fair_param_get(p, "t_hi") != NULL) {
		double thi, tlo, phi, pmid;
		if (fair_param_num(p, "t_hi", &thi, err) || fair_param_num(p, "t_lo", &tlo, err) ||
		    fair_param_num(p, "p_hi", &phi, err) || fair_param_num(p, "p_mid", &pmid, err))
			return err ? err->code : FAIR_EPARSE;
		*o = (fair_thresh_group){ .op0 = FAIR_THRESH_GE, .thr0 = tlo, .p0 = pmid, .op1 = FAIR_THRESH_GE,
		                          .thr1 = thi, .p1 = phi - pmid, .p_ignore = 0, .constant = 0, .x = NAN };
	} else if (op_parse(p, "op0", &o->op0, err) || op_parse(p, "op1", &o->op1, err) ||
	           fair_param_num(p, "thr0", &o->thr0, err) || fair_param_num(p, "p0", &o->p0, err) ||
	           fair_param_num(p, "thr1", &o->thr1, err) || fair_param_num(p, "p1", &o->p1, err) ||
	           fair_param_num(p, "p_ignore", &o->p_ignore, err) || fair_param_num(p, "constant", &o->constant, err) ||
	           fair_param_num(p, "x", &o->x, err)) {
		return err ? err->code : FAIR_EPARSE;
	}
	if (fair_param_num(p, "sel", &o->sel, err) || fair_param_num(p, "tpr", &o->tpr, err) ||
	    fair_param_num(p, "fpr", &o->fpr, err) || fair_param_size(p, "n", &o->n, err) ||
	    fair_param_size(p, "npos", &o->npos, err))
		return err ? err->code : FAIR_EPARSE;
	return FAIR_OK;
}

fair_thresh *
fair_thresh_import(const fair_param *in, fair_error *err)
{
	const fair_param *groups = fair_param_list(in, "groups", err);
	const char *con = groups ? fair_param_str(in, "constraint", err) : NULL;
	fair_thresh *t;

	if (con == NULL)
		return NULL;
	if ((t = calloc(1, sizeof *t)) == NULL || (t->g = calloc(groups->nkids + 1, sizeof *t->g)) == NULL) {
		fair_thresh_free(t);
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
		return NULL;
	}
	fair_thresh_opts_init(&t->o);
	t->K = groups->nkids;
	if (fair_constraint_parse(con, &t->o.constraint, err) || fair_param_num(in, "accuracy", &t->accuracy, err))
		goto fail;
	t->objective = t->accuracy;
	if (fair_param_get(in, "objective") != NULL) {
		const char *ob = fair_param_str(in, "objective", err);
		if (ob == NULL || fair_objective_parse(ob, &t->o.objective, err) ||
		    fair_param_bool(in, "flip", &t->o.flip, err) || fair_param_num(in, "tol", &t->o.tol, err) ||
		    fair_param_size(in, "grid", &t->o.grid, err) || fair_param_num(in, "objective_value", &t->objective, err))
			goto fail;
	}
	if (t->K == 0) {
		fair_error_set(err, FAIR_EPARSE, "saved data: threshold optimiser has no groups");
		goto fail;
	}
	for (size_t g = 0; g < t->K; g++)
		if (group_import(groups->kids[g], &t->g[g], err))
			goto fail;
	return t;
fail:
	fair_thresh_free(t);
	return NULL;
}
