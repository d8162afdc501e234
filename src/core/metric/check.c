/* check.c -- fairness checks (gates): "equal_opportunity_difference <= 0.05",
 * "tpr[Female] >= 0.7", "abs(average_odds_difference) < 0.1", parsed once
 * and evaluated against an audit report, optionally requiring that the
 * whole confidence interval passes. */
/* SPDX-License-Identifier: MIT */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metric/metric-private.h"

static const char *const cmp_text[] = { "<", "<=", ">", ">=" };

const char *
fair_cmp_name(int cmp)
{
	return cmp >= 0 && cmp <= FAIR_CMP_GE ? cmp_text[cmp] : "?";
}

void
fair_check_release(fair_check *c)
{
	if (c == NULL)
		return;
	free(c->group);
	free(c->text);
	memset(c, 0, sizeof *c);
}

/* The subject: NAME, abs(NAME), FIGURE[GROUP]; fills @c or fails. */
static int
parse_subject(const char *s, size_t len, fair_check *c, fair_error *err)
{
	char name[128];
	const char *br;

	c->metric = c->fig = -1;
	if (len > 5 && !strncmp(s, "abs(", 4) && s[len - 1] == ')') {
		c->abs = true;
		s += 4;
		len -= 5;
	}
	br = memchr(s, '[', len);
	if (br != NULL) {
		if (s[len - 1] != ']' || br + 1 >= s + len - 1)
			return fair_error_set(err, FAIR_EINVAL, "'%.*s' should be FIGURE[GROUP], e.g. tpr[Female]",
			                      (int)len, s);
		if ((c->group = strndup(br + 1, (size_t)(s + len - 1 - (br + 1)))) == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		len = (size_t)(br - s);
	}
	if (len == 0 || len >= sizeof name)
		return fair_error_set(err, FAIR_EINVAL, "expected a metric or a figure before the comparison");
	memcpy(name, s, len);
	name[len] = '\0';
	if ((c->fig = fair_figure_find(name)) >= 0) {
		if (c->group && !strcmp(c->group, "overall")) {
			free(c->group);
			c->group = NULL;
		}
		return FAIR_OK;
	}
	if ((c->metric = fair_metric_find(name)) >= 0) {
		if (c->group)
			return fair_error_set(err, FAIR_EINVAL, "%s compares the groups; [GROUP] goes with a per-group "
			                      "figure such as tpr[%s]", fair_metric_info_get(c->metric)->name, c->group);
		return FAIR_OK;
	}
	return fair_error_set(err, FAIR_EINVAL, "unknown metric or figure '%s' (a metric such as "
	                      "equal_opportunity_difference, or a figure such as tpr or tpr[GROUP]; "
	                      "'explain' lists them)", name);
}

int
fair_check_parse(const char *expr, fair_check *c, fair_error *err)
{
	const char *p = expr, *op;
	size_t sl;
	char *end;
	int st;

	memset(c, 0, sizeof *c);
	c->metric = c->fig = -1;
	while (isspace((unsigned char)*p))
		p++;
	/* the subject ends at the comparison; group labels may hold anything
	 * but the closing bracket */
	for (op = p; *op; op++) {
		if (*op == '[') {
			const char *close = strchr(op, ']');
			if (close == NULL)
				return fair_error_set(err, FAIR_EINVAL, "'%s' opens a '[' that is not closed; expected "
				                      "FIGURE[GROUP], e.g. tpr[Female] >= 0.7", expr);
			op = close;
			continue;
		}
		if (*op == '<' || *op == '>')
			break;
	}
	if (*op != '<' && *op != '>')
		return fair_error_set(err, FAIR_EINVAL, "'%s' has no comparison; expected NAME <, <=, > or >= "
		                      "LIMIT, e.g. equal_opportunity_difference <= 0.05", expr);
	sl = (size_t)(op - p);
	while (sl > 0 && isspace((unsigned char)p[sl - 1]))
		sl--;
	if ((st = parse_subject(p, sl, c, err)) != FAIR_OK) {
		fair_check_release(c);
		return st;
	}
	c->cmp = op[0] == '<' ? (op[1] == '=' ? FAIR_CMP_LE : FAIR_CMP_LT) : (op[1] == '=' ? FAIR_CMP_GE : FAIR_CMP_GT);
	op += 1 + (op[1] == '=');
	while (isspace((unsigned char)*op))
		op++;
	errno = 0;
	c->limit = strtod(op, &end);
	while (end && isspace((unsigned char)*end))
		end++;
	if (*op == '\0' || end == op || *end != '\0' || errno != 0 || !isfinite(c->limit)) {
		fair_check_release(c);
		return fair_error_set(err, FAIR_EINVAL, "the limit must be a number, not '%s'", op);
	}
	{
		/* a group label may be of any length */
		fair_buf b = FAIR_BUF_INIT;
		const char *nm = c->metric >= 0 ? fair_metric_info_get(c->metric)->name : fair_figure_info_get(c->fig)->name;
		if (fair_buf_printf(&b, "%s%s%s%s%s%s %s %.15g", c->abs ? "abs(" : "", nm, c->group ? "[" : "",
		                    c->group ? c->group : "", c->group ? "]" : "", c->abs ? ")" : "", cmp_text[c->cmp],
		                    c->limit) != 0 || (c->text = fair_buf_detach(&b)) == NULL) {
			fair_buf_release(&b);
			fair_check_release(c);
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
		}
	}
	return FAIR_OK;
}

static bool
holds(int cmp, double v, double limit)
{
	switch (cmp) {
	case FAIR_CMP_LT: return v < limit;
	case FAIR_CMP_LE: return v <= limit;
	case FAIR_CMP_GT: return v > limit;
	default:          return v >= limit;
	}
}

/* The end of an interval that must hold for all of it to pass: the upper
 * end for < and <=, the lower for > and >=. */
static double
binding_end(int cmp, double lo, double hi)
{
	return cmp <= FAIR_CMP_LE ? hi : lo;
}

/* |x| over [lo, hi] */
static void
abs_interval(double *lo, double *hi)
{
	double a = fabs(*lo), b = fabs(*hi);
	if (*lo <= 0 && *hi >= 0) {
		*lo = 0;
		*hi = fmax(a, b);
	} else {
		*lo = fmin(a, b);
		*hi = fmax(a, b);
	}
}

/* Compares @v (with its interval when @need_ci) and writes the verdict. */
static void
judge(const fair_check *c, bool need_ci, double v, double lo, double hi, const char *where, fair_check_result *out)
{
	const char *op = cmp_text[c->cmp];
	int n = 0;

	out->value = v;
	out->ci_low = lo;
	out->ci_high = hi;
	if (isnan(v)) {
		out->status = FAIR_CHECK_INCONCLUSIVE;
		snprintf(out->reason, sizeof out->reason, "undefined%s%s (see the audit's warnings), so not shown %s %.4g",
		         where ? " for " : "", where ? where : "", op, c->limit);
		return;
	}
	if (!holds(c->cmp, v, c->limit)) {
		out->status = FAIR_CHECK_FAIL;
		n = snprintf(out->reason, sizeof out->reason, "%.4g, not %s %.4g", v, op, c->limit);
	} else if (need_ci && (isnan(lo) || isnan(hi))) {
		out->status = FAIR_CHECK_INCONCLUSIVE;
		n = snprintf(out->reason, sizeof out->reason, "%.4g %s %.4g, but its confidence interval is undefined",
		             v, op, c->limit);
	} else if (need_ci && !holds(c->cmp, binding_end(c->cmp, lo, hi), c->limit)) {
		out->status = FAIR_CHECK_FAIL;
		n = snprintf(out->reason, sizeof out->reason, "%.4g %s %.4g, but its interval [%.4g, %.4g] reaches %s %.4g",
		             v, op, c->limit, lo, hi, c->cmp <= FAIR_CMP_LE ? "above" : "below", c->limit);
	} else {
		out->status = FAIR_CHECK_PASS;
		n = need_ci ? snprintf(out->reason, sizeof out->reason, "%.4g %s %.4g, interval [%.4g, %.4g]", v, op, c->limit,
		                       lo, hi)
		            : snprintf(out->reason, sizeof out->reason, "%.4g %s %.4g", v, op, c->limit);
	}
	if (where && n > 0 && (size_t)n < sizeof out->reason)
		snprintf(out->reason + n, sizeof out->reason - (size_t)n, " (%s)", where);
}

/* The audit's small groups (fair_audit_opts.min_group): a metric that rests
 * on a group below the minimum size (fewer than two groups were large
 * enough to leave the small ones out) cannot be judged, whatever its value:
 * INCONCLUSIVE, as the audit's verdict; a value read without small groups
 * says so. */
static void
small_groups(const fair_report *r, const fair_metric_value *mv, fair_check_result *out)
{
	size_t n = strlen(out->reason);

	if (mv->why == FAIR_WHY_SMALL && mv->verdict == FAIR_VERDICT_INCONCLUSIVE && out->status != FAIR_CHECK_INCONCLUSIVE) {
		out->status = FAIR_CHECK_INCONCLUSIVE;
		snprintf(out->reason + n, sizeof out->reason - n, "; inconclusive: the groups compared have fewer than "
		         "%zu rows (or positives/negatives for the rate), too few to tell", r->min_group);
	} else if (mv->nsmall > 0 && !mv->small_kept && !r->keep_small) {
		snprintf(out->reason + n, sizeof out->reason - n, "; %zu group%s below %zu rows left out", mv->nsmall,
		         mv->nsmall == 1 ? "" : "s", r->min_group);
	}
}

static bool
figure_of_task(int fig, int task)
{
	switch (fig) {
	case FAIR_FIG_MSE: case FAIR_FIG_MAE: case FAIR_FIG_R2: case FAIR_FIG_MEAN_TARGET:
		return task == FAIR_TASK_REGRESSION;
	case FAIR_FIG_MEAN_PREDICTION:
		return true;
	default:
		return task == FAIR_TASK_CLASSIFICATION;
	}
}

int
fair_check_eval(const fair_check *c, const fair_report *r, bool need_ci, fair_check_result *out, fair_error *err)
{
	char where[400];

	memset(out, 0, sizeof *out);
	out->value = out->ci_low = out->ci_high = out->value_a = out->value_b = NAN;
	out->has_ci = need_ci;
	if (c->metric >= 0) {
		const fair_metric_info *mi = fair_metric_info_get(c->metric);
		const fair_metric_value *mv = &r->metrics[c->metric];
		double v = mv->value, lo = mv->ci_low, hi = mv->ci_high;
		if (mi->task != r->task)
			return fair_error_set(err, FAIR_EINVAL, "%s is a %s metric; this audit is of a %s target",
			                      mi->name, mi->task == FAIR_TASK_REGRESSION ? "regression" : "classification",
			                      r->task == FAIR_TASK_REGRESSION ? "numeric" : "binary");
		if (need_ci && !mv->has_ci)
			return fair_error_set(err, FAIR_EINVAL, "the audit has no intervals (bootstrap resamples)");
		if (c->abs) {
			v = fabs(v);
			abs_interval(&lo, &hi);
		}
		if (mv->ga != FAIR_GROUP_NONE) {
			out->group_a = fair_report_group_label(r, mv->ga);
			out->value_a = mv->va;
		}
		if (mv->gb != FAIR_GROUP_NONE) {
			out->group_b = fair_report_group_label(r, mv->gb);
			out->value_b = mv->vb;
		}
		if (out->group_a && out->group_b && mv->fig >= 0 && !isnan(mv->va))
			snprintf(where, sizeof where, "%s: %s %.4g vs %s %.4g", fair_figure_info_get(mv->fig)->name,
			         out->group_a, mv->va, out->group_b, mv->vb);
		else if (out->group_a && out->group_b)
			snprintf(where, sizeof where, "%s vs %s", out->group_a, out->group_b);
		else
			where[0] = '\0';
		judge(c, need_ci, v, lo, hi, where[0] ? where : NULL, out);
		small_groups(r, mv, out);
		return FAIR_OK;
	}
	if (!figure_of_task(c->fig, r->task))
		return fair_error_set(err, FAIR_EINVAL, "%s is not a figure of a %s target", fair_figure_info_get(c->fig)->name,
		                      r->task == FAIR_TASK_REGRESSION ? "numeric" : "binary");
	if (need_ci && (r->task != FAIR_TASK_CLASSIFICATION || r->bootstrap == 0))
		return fair_error_set(err, FAIR_EINVAL, "intervals of per-group figures come from the bootstrap of "
		                      "a classification audit%s", r->task == FAIR_TASK_CLASSIFICATION ? " (none was run)" : "");
	/* the groups the figure is read in: one, the overall rows, or every group */
	const fair_group_figures *one = NULL;
	bool every = c->group && !strcmp(c->group, "*");
	if (c->group == NULL) {
		one = &r->overall;
	} else if (!every) {
		for (size_t k = 0; k < r->K && one == NULL; k++)
			if (!strcmp(r->groups[k].label, c->group))
				one = &r->groups[k];
		if (one == NULL) {
			fair_buf b = FAIR_BUF_INIT;
			for (size_t k = 0; k < r->K && k < 20; k++)
				fair_buf_printf(&b, "%s%s", k ? ", " : "", r->groups[k].label);
			if (r->K > 20)
				fair_buf_printf(&b, ", ...");
			fair_error_set(err, FAIR_EINVAL, "no group '%s' in the audit (groups: %s; overall, or * for "
			               "every group)", c->group, b.buf);
			fair_buf_release(&b);
			return FAIR_EINVAL;
		}
	}
	if (one != NULL) {
		double v = one->fig[c->fig], lo = one->ci_low[c->fig], hi = one->ci_high[c->fig];
		if (c->abs) {
			v = fabs(v);
			abs_interval(&lo, &hi);
		}
		out->group_a = one->label;
		out->value_a = v;
		snprintf(where, sizeof where, "%s", one->label);
		judge(c, need_ci, v, lo, hi, where, out);
		return FAIR_OK;
	}
	/* every group must pass: report the first undefined one, else the worst
	 * (by the end of its interval that must hold, with intervals) */
	long worst = -1;
	double wv = NAN;
	for (size_t k = 0; k < r->K; k++) {
		const fair_group_figures *G = &r->groups[k];
		double v = G->fig[c->fig], lo = G->ci_low[c->fig], hi = G->ci_high[c->fig], key;
		if (c->abs) {
			v = fabs(v);
			abs_interval(&lo, &hi);
		}
		key = need_ci ? (isnan(lo) || isnan(hi) ? NAN : binding_end(c->cmp, lo, hi)) : v;
		if (isnan(v) || isnan(key)) {
			worst = (long)k;
			break;
		}
		if (worst < 0 || (c->cmp <= FAIR_CMP_LE ? key > wv : key < wv)) {
			worst = (long)k;
			wv = key;
		}
	}
	if (worst < 0)
		return fair_error_set(err, FAIR_EINVAL, "the audit has no groups");
	const fair_group_figures *G = &r->groups[worst];
	double v = G->fig[c->fig], lo = G->ci_low[c->fig], hi = G->ci_high[c->fig];
	if (c->abs) {
		v = fabs(v);
		abs_interval(&lo, &hi);
	}
	out->group_a = G->label;
	out->value_a = v;
	snprintf(where, sizeof where, "%s group %s", isnan(v) ? "in" : c->cmp <= FAIR_CMP_LE ? "highest:" : "lowest:",
	         G->label);
	judge(c, need_ci, v, lo, hi, where, out);
	return FAIR_OK;
}
