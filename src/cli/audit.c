/* audit.c -- build the audit input from the session (target, groups, rows of
 * the split) and a model or prediction column, then call fair_audit. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/audit.h"
#include "cli/db.h"
#include "fairsh/buf.h"
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

int
cli_parse_decision(struct cli_ctx *ctx, const struct cli_args *a, struct cli_audit_req *req, char ***list)
{
	const char *pos = cli_opt(a, "positive"), *dir = cli_opt(a, "direction");
	double thr;

	*list = NULL;
	req->pred = cli_opt(a, "pred");
	req->score = cli_opt(a, "score");
	if (cli_opt_double(ctx, a, "threshold", NAN, -INFINITY, INFINITY, &thr))
		return -1;
	req->has_threshold = !isnan(thr);
	req->threshold = thr;
	req->direction = dir && !strcmp(dir, "lower") ? FAIR_DIRECTION_LOWER : FAIR_DIRECTION_HIGHER;
	if (pos) {
		if ((*list = cli_split_list(pos, ',', &req->npositive)) == NULL) {
			cli_error(ctx, a, "out of memory");
			return -1;
		}
		req->positive = (const char *const *)*list;
	}
	return 0;
}

void
cli_decision_name(const struct cli_audit_req *req, char *buf, size_t size)
{
	fair_buf b = FAIR_BUF_INIT;

	if (req->pred) {
		fair_buf_printf(&b, "pred=%s", req->pred);
		for (size_t i = 0; i < req->npositive; i++)
			fair_buf_printf(&b, "%s%s", i ? "," : " positive=", req->positive[i]);
	} else {
		fair_buf_printf(&b, "score=%s threshold=%g%s", req->score ? req->score : "", req->threshold,
		                req->direction == FAIR_DIRECTION_LOWER ? " direction=lower" : "");
	}
	snprintf(buf, size, "%s", b.buf ? b.buf : "");
	fair_buf_release(&b);
}

void
cli_warn_seen_free(struct cli_warn_seen *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->msg[i]);
		free(w->models[i]);
	}
	free(w->msg);
	free(w->models);
	w->msg = w->models = NULL;
	w->n = 0;
	for (size_t i = 0; i < w->nnotes; i++)
		free(w->notes[i]);
	free(w->notes);
	w->notes = NULL;
	w->nnotes = 0;
}

/* Whether the note @msg was shown by an earlier audit of the command
 * (recording it when not): a note is about the rows, shown once. */
static bool
seen_before(struct cli_warn_seen *w, const char *msg)
{
	if (w == NULL)
		return false;
	for (size_t i = 0; i < w->nnotes; i++)
		if (!strcmp(w->notes[i], msg))
			return true;
	char **m = realloc(w->notes, (w->nnotes + 1) * sizeof *m);
	if (m == NULL)
		return false;
	w->notes = m;
	if ((w->notes[w->nnotes] = strdup(msg)) != NULL)
		w->nnotes++;
	return false;
}

/* Records @msg from model @who in @w (appending @who to the models of a
 * message seen before). */
static void
seen_add(struct cli_warn_seen *w, const char *msg, const char *who)
{
	fair_buf b = FAIR_BUF_INIT;

	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->msg[i], msg)) {
			fair_buf_printf(&b, "%s, '%s'", w->models[i], who);
			free(w->models[i]);
			w->models[i] = fair_buf_detach(&b);
			return;
		}
	char **m = realloc(w->msg, (w->n + 1) * sizeof *m), **o = m ? realloc(w->models, (w->n + 1) * sizeof *o) : NULL;
	if (m)
		w->msg = m;
	if (o == NULL)
		return;
	w->models = o;
	fair_buf_printf(&b, "'%s'", who);
	if ((w->msg[w->n] = strdup(msg)) != NULL && (w->models[w->n] = fair_buf_detach(&b)) != NULL)
		w->n++;
	else
		free(w->msg[w->n]);
}

void
cli_warn_seen_flush(struct cli_ctx *ctx, struct cli_warn_seen *w, size_t nmodels)
{
	size_t shown = 0;

	for (size_t i = 0; i < w->n; i++) {
		size_t k = 1;
		for (const char *p = w->models[i]; (p = strstr(p, "', '")) != NULL; p += 4)
			k++;
		if (shown++ == 10) {
			cli_warn(ctx, "%zu more warnings not shown", w->n - 10);
			break;
		}
		if (k == nmodels && nmodels > 1)
			cli_warn(ctx, "every model: %s", w->msg[i]);
		else
			cli_warn(ctx, "model%s %s: %s", k > 1 ? "s" : "", w->models[i], w->msg[i]);
	}
	cli_warn_seen_free(w);
}

/* The decisions (and scores) of the request over every row of the frame:
 * from the model, or read from the columns. -1 with the error printed. */
static int
decisions(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const struct cli_audit_req *req,
          const size_t *rows, size_t nrows, double *yhat, double **score, bool *prob, char **rule)
{
	size_t n = fair_frame_nrows(s->frame);
	fair_error err;

	if (req->model) {
		double *tmp = malloc((nrows ? nrows : 1) * sizeof *tmp), thr = fair_model_threshold(req->model);
		bool is_prob = fair_model_score_is_prob(req->model), reg = s->target->task == FAIR_TASK_REGRESSION;
		if (tmp == NULL || (*score = malloc((n ? n : 1) * sizeof **score)) == NULL) {
			free(tmp);
			cli_error(ctx, a, "out of memory");
			return -1;
		}
		if (fair_model_scores(req->model, s->frame, s->groups, rows, nrows, tmp, &err)) {
			free(tmp);
			cli_ferror(ctx, a, &err);
			return -1;
		}
		if (is_prob)
			thr = ctx->set.threshold;
		for (size_t i = 0; i < n; i++)
			(*score)[i] = NAN;
		for (size_t i = 0; i < nrows; i++) {
			(*score)[rows[i]] = tmp[i];
			yhat[rows[i]] = reg ? tmp[i] : isnan(tmp[i]) ? NAN : tmp[i] > thr ? 1.0 : 0.0;
		}
		free(tmp);
		*prob = is_prob && !reg;
		if (!*prob && !reg) {       /* AUC only for probabilities, as before */
			free(*score);
			*score = NULL;
		}
		return 0;
	}
	fair_decision_opts o;
	fair_decision *d;
	fair_decision_opts_init(&o);
	o.pred = req->pred;
	o.score = req->score;
	o.positive = req->positive;
	o.npositive = req->npositive;
	o.threshold = req->has_threshold ? req->threshold : NAN;
	o.direction = req->direction;
	if (fair_decision_build(s->frame, s->target, &o, &d, &err)) {
		cli_ferror(ctx, a, &err);
		return -1;
	}
	memcpy(yhat, d->yhat, n * sizeof *yhat);
	*score = d->score;
	d->score = NULL;
	*prob = d->score_is_prob;
	*rule = d->rule;
	d->rule = NULL;
	fair_decision_free(d);
	return 0;
}

fair_report *
cli_audit_run(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
              const struct cli_audit_req *req, size_t **rows_out, size_t *nrows_out, double **scores_out)
{
	fair_audit_input in;
	fair_audit_opts o;
	fair_error err;
	size_t n = fair_frame_nrows(s->frame), nrows = 0, *rows = NULL, ndropped = 0;
	double *yhat = NULL, *score = NULL;
	fair_report *r = NULL;
	fair_groups *g = NULL;
	char *rule = NULL, *dropped = NULL;
	bool prob = false;
	fair_progress prog;

	if (s->db != NULL) {   /* attached: one grouped query in the database */
		bool shown;
		if (rows_out != NULL || scores_out != NULL || req->yhat_out != NULL) {
			cli_error(ctx, a, "this needs the rows (scores, decisions per row), which stay in the database: "
			          "load the table (load SOURCE table=T)");
			return NULL;
		}
		return cli_db_audit(ctx, a, s, req, false, &shown);
	}
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
	rows = fair_session_rows(s, req->on, &nrows, &err);
	if (rows == NULL) {
		cli_ferror(ctx, a, &err);
		return NULL;
	}
	if ((yhat = malloc((n ? n : 1) * sizeof *yhat)) == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		yhat[i] = NAN;
	if (decisions(ctx, a, s, req, rows, nrows, yhat, &score, &prob, &rule))
		goto out;
	/* the groups that have rows here: an emptied group is left out, with
	 * one note, instead of n = 0 rows and undefined comparisons */
	if (fair_groups_restrict(s->groups, rows, nrows, &g, &dropped, &ndropped, &err)) {
		cli_ferror(ctx, a, &err);
		goto out;
	}
	if (dropped != NULL) {
		char note[1200];
		snprintf(note, sizeof note, "%zu group%s without rows among the audited rows left out: %s", ndropped,
		         ndropped == 1 ? "" : "s", dropped);
		if (!seen_before(req->seen, note))
			cli_note(ctx, "%s", note);
	}
	if (g->K < 2) {
		cli_error(ctx, a, "the sensitive attribute has %s among the audited rows%s%s%s", g->K ? "one group" : "no group",
		          g->K ? " ('" : "", g->K ? g->labels[0] : "", g->K ? "')" : "");
		goto out;
	}
	if (s->groups->privileged >= 0 && g->privileged < 0) {
		char note[600];
		snprintf(note, sizeof note, "the privileged group '%s' has no rows among the audited rows",
		         s->groups->labels[s->groups->privileged]);
		if (ctx->set.convention == FAIR_CONV_AIF360 || ctx->set.convention == FAIR_CONV_AIF360_SK) {
			cli_error(ctx, a, "%s; convention %s compares with it", note, fair_convention_name(ctx->set.convention));
			goto out;
		}
		if (!seen_before(req->seen, note))
			cli_note(ctx, "%s", note);
	}
	memset(&in, 0, sizeof in);
	in.n = n;
	in.rows = rows;
	in.nrows = nrows;
	in.y = s->target->y;
	in.yhat = yhat;
	in.score = s->target->task == FAIR_TASK_CLASSIFICATION ? score : NULL;
	in.group = g->group;
	in.K = g->K;
	in.labels = (const char *const *)g->labels;
	in.privileged = g->privileged;
	in.task = s->target->task;
	in.favorable = s->target->favorable;
	fair_audit_opts_init(&o);
	o.convention = ctx->set.convention;
	o.bootstrap = req->bootstrap;
	o.seed = ctx->set.seed;
	o.pairs = req->pairs;
	o.figure_ci = req->figure_ci;
	o.threshold = ctx->set.threshold;
	if (req->stats_set) {
		o.rate_ci = req->rate_ci;
		o.ci_level = req->level;
		o.min_group = req->min_group;
		o.keep_small = req->keep_small;
	}
	if (!prob)
		o.calib_bins = 0;      /* calibration is for probabilities; AUC for any score */
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
		for (size_t i = 0; !req->quiet && i < r->nwarnings; i++) {
			if (req->seen) {   /* several models: named when printed */
				seen_add(req->seen, r->warnings[i], req->model ? fair_model_name(req->model)
				         : req->pred ? req->pred : req->score ? req->score : "decisions");
				continue;
			}
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
		for (size_t i = 0; sc && i < nrows; i++)
			sc[i] = s->target->task == FAIR_TASK_REGRESSION ? yhat[rows[i]] : score ? score[rows[i]] : NAN;
		*scores_out = sc;
	}
	if (r != NULL && req->yhat_out) {
		double *d = malloc((nrows ? nrows : 1) * sizeof *d);
		for (size_t i = 0; d && i < nrows; i++)
			d[i] = yhat[rows[i]];
		*req->yhat_out = d;
	}
	if (r != NULL && req->rule_out) {
		*req->rule_out = rule;
		rule = NULL;
	}
	if (r != NULL && req->groups_out) {
		*req->groups_out = g;
		g = NULL;
	}
	if (r != NULL && rows_out) {
		*rows_out = rows;
		*nrows_out = nrows;
		rows = NULL;
	}
	fair_groups_free(g);
	free(rule);
	free(dropped);
	free(rows);
	free(yhat);
	free(score);
	return r;
}
