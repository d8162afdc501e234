/* audit.c -- build the audit input from the session (target, groups, rows of
 * the split) and a model or prediction column, then call fair_audit. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/audit.h"
#include "fairsh/spec.h"

static const char *const on_names[] = { "test", "train", "all", "calib" };

const char *
cli_on_name(int on)
{
	return on >= 0 && on < 4 ? on_names[on] : "?";
}

int
cli_parse_on(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, int *on)
{
	const char *v = cli_opt(a, "on");

	*on = s->split ? FAIR_ON_TEST : FAIR_ON_ALL;
	if (v == NULL)
		return 0;
	for (int i = 0; i < 4; i++)
		if (!strcmp(v, on_names[i])) {
			*on = i;
			if (i != FAIR_ON_ALL && s->split == NULL) {
				cli_error(ctx, a, "on=%s needs a split (use 'split 0.7' or on=all)", v);
				return -1;
			}
			return 0;
		}
	cli_error(ctx, a, "on must be test, train, calib or all, not '%s'", v);
	return -1;
}

static const double *
numeric_column(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s, const char *name)
{
	long j = fair_frame_find(s->frame, name);
	const fair_column *c;

	if (j < 0) {
		cli_error(ctx, a, "unknown column '%s' (see 'columns')", name);
		return NULL;
	}
	c = fair_frame_column(s->frame, (size_t)j);
	if (fair_column_type(c) != FAIR_COL_NUMERIC) {
		cli_error(ctx, a, "column '%s' is categorical; predictions must be numeric (0/1, or scores)", name);
		return NULL;
	}
	return fair_column_values(c);
}

void
cli_warn_seen_free(struct cli_warn_seen *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->msg[i]);
	free(w->msg);
	w->msg = NULL;
	w->n = 0;
}

/* true when @msg is in @w (then it is not shown again); else records it */
static bool
seen_before(struct cli_warn_seen *w, const char *msg)
{
	if (w == NULL)
		return false;
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->msg[i], msg))
			return true;
	char **m = realloc(w->msg, (w->n + 1) * sizeof *m);
	if (m == NULL)
		return false;
	w->msg = m;
	if ((w->msg[w->n] = strdup(msg)) != NULL)
		w->n++;
	return false;
}

fair_report *
cli_audit_run(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
              const struct cli_audit_req *req, size_t **rows_out, size_t *nrows_out, double **scores_out)
{
	fair_audit_input in;
	fair_audit_opts o;
	fair_error err;
	size_t n = fair_frame_nrows(s->frame), nrows = 0, *rows = NULL;
	double *yhat = NULL, *score = NULL;
	const double *pcol = NULL, *scol = NULL;
	fair_report *r = NULL;
	fair_progress prog;

	if (s->target == NULL) {
		cli_error(ctx, a, "no target set (use 'target COLUMN')");
		return NULL;
	}
	if (s->groups == NULL) {
		cli_error(ctx, a, "no sensitive attribute set (use 'sensitive COLUMN')");
		return NULL;
	}
	if (req->model && fair_model_task(req->model) != s->target->task) {
		cli_error(ctx, a, "model '%s' was trained for a %s target; the session's target '%s' is %s",
		          fair_model_name(req->model),
		          fair_model_task(req->model) == FAIR_TASK_REGRESSION ? "regression" : "binary",
		          s->target->column, s->target->task == FAIR_TASK_REGRESSION ? "numeric" : "binary");
		return NULL;
	}
	if (req->pred && (pcol = numeric_column(ctx, a, s, req->pred)) == NULL)
		return NULL;
	if (req->score && (scol = numeric_column(ctx, a, s, req->score)) == NULL)
		return NULL;
	rows = fair_session_rows(s, req->on, &nrows, &err);
	if (rows == NULL) {
		cli_ferror(ctx, a, &err);
		return NULL;
	}
	yhat = malloc(n * sizeof *yhat);
	score = malloc(n * sizeof *score);
	if (yhat == NULL || score == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		yhat[i] = score[i] = NAN;
	if (req->model) {
		double *tmp = malloc(nrows * sizeof *tmp), thr = fair_model_threshold(req->model);
		if (tmp == NULL || fair_model_scores(req->model, s->frame, s->groups, rows, nrows, tmp, &err)) {
			free(tmp);
			if (tmp)
				cli_ferror(ctx, a, &err);
			goto out;
		}
		if (fair_model_score_is_prob(req->model))
			thr = ctx->set.threshold;
		for (size_t i = 0; i < nrows; i++) {
			score[rows[i]] = tmp[i];
			yhat[rows[i]] = s->target->task == FAIR_TASK_REGRESSION ? tmp[i] : (tmp[i] > thr ? 1.0 : 0.0);
		}
		free(tmp);
	} else {
		for (size_t i = 0; i < nrows; i++) {
			yhat[rows[i]] = pcol[rows[i]];
			if (scol)
				score[rows[i]] = scol[rows[i]];
		}
	}
	memset(&in, 0, sizeof in);
	in.n = n;
	in.rows = rows;
	in.nrows = nrows;
	in.y = s->target->y;
	in.yhat = yhat;
	in.score = (req->model && s->target->task == FAIR_TASK_CLASSIFICATION && fair_model_score_is_prob(req->model)) || scol
	           ? score : NULL;
	in.group = s->groups->group;
	in.K = s->groups->K;
	in.labels = (const char *const *)s->groups->labels;
	in.privileged = s->groups->privileged;
	in.task = s->target->task;
	fair_audit_opts_init(&o);
	o.convention = ctx->set.convention;
	o.bootstrap = req->bootstrap;
	o.seed = ctx->set.seed;
	o.pairs = req->pairs;
	o.threshold = ctx->set.threshold;
	if (req->stats_set) {
		o.rate_ci = req->rate_ci;
		o.ci_level = req->level;
		o.min_group = req->min_group;
		o.keep_small = req->keep_small;
	}
	fair_progress_init(&prog);
	o.prog = &prog;
	cli_fg_progress = &prog;
	r = fair_audit(&in, &o, &err);
	cli_fg_progress = NULL;
	if (r == NULL)
		cli_ferror(ctx, a, &err);
	else {
		/* thousands of groups give thousands of warnings: show 10 */
		size_t shown = 0, fresh = 0;
		for (size_t i = 0; i < r->nwarnings; i++) {
			if (seen_before(req->seen, r->warnings[i]))
				continue;
			fresh++;
			if (shown < 10) {
				cli_warn(ctx, "%s", r->warnings[i]);
				shown++;
			}
		}
		if (fresh > shown)
			cli_warn(ctx, "%zu more warnings not shown", fresh - shown);
	}
out:
	if (r != NULL && scores_out) {
		double *sc = malloc((nrows ? nrows : 1) * sizeof *sc);
		for (size_t i = 0; i < nrows; i++)
			sc[i] = s->target->task == FAIR_TASK_REGRESSION ? yhat[rows[i]] : score[rows[i]];
		*scores_out = sc;
	}
	if (r != NULL && rows_out) {
		*rows_out = rows;
		*nrows_out = nrows;
		rows = NULL;
	}
	free(rows);
	free(yhat);
	free(score);
	return r;
}
