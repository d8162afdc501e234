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

int
cli_decision_one(struct cli_ctx *ctx, const struct cli_args *a, const struct cli_audit_req *req)
{
	if ((a->npos == 0) == (req->pred == NULL && req->score == NULL)) {
		cli_usage(ctx, a, NULL, "give a MODEL, pred=COLUMN or score=COLUMN threshold=T");
		return -1;
	}
	if (a->npos && (req->pred || req->score || req->npositive || req->has_threshold || cli_opt(a, "direction"))) {
		cli_error(ctx, a, "pred=, score=, positive=, threshold= and direction= read decisions from columns; "
		          "a model gives its own");
		return -1;
	}
	return 0;
}

void
cli_parse_vs(const struct cli_args *a, struct cli_audit_req *req)
{
	const char *vs = cli_opt(a, "vs"), *agg = cli_opt(a, "agg");

	req->vs = vs && !strcmp(vs, "overall") ? FAIR_VS_OVERALL : FAIR_VS_GROUPS;
	req->agg = agg && !strcmp(agg, "mean") ? FAIR_AGG_MEAN : FAIR_AGG_MAX;
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
cli_audit_warnings(struct cli_ctx *ctx, const struct cli_audit_req *req, const fair_report *r)
{
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
 * from the model (over @rows, NULL = all @nrows rows; NaN elsewhere), or
 * read from the columns. -1 with the error printed. */
static int
decisions(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const struct cli_audit_req *req,
          const size_t *rows, size_t nrows, double **yhatp, double **score, bool *prob, char **rule, bool quiet)
{
	size_t n = fair_frame_nrows(s->frame);
	fair_error err;

	if (req->model) {
		double *tmp = malloc((nrows ? nrows : 1) * sizeof *tmp), thr = fair_model_threshold(req->model);
		bool is_prob = fair_model_score_is_prob(req->model), reg = s->target->task == FAIR_TASK_REGRESSION;
		double *yhat = malloc((n ? n : 1) * sizeof *yhat);
		if (tmp == NULL || yhat == NULL || (*score = malloc((n ? n : 1) * sizeof **score)) == NULL) {
			free(tmp);
			free(yhat);
			if (!quiet)
				cli_error(ctx, a, "out of memory");
			return -1;
		}
		if (fair_model_scores(req->model, s->frame, s->groups, rows, nrows, tmp, &err)) {
			free(tmp);
			free(yhat);
			free(*score);
			*score = NULL;
			if (!quiet)
				cli_ferror(ctx, a, &err);
			return -1;
		}
		if (is_prob)
			thr = ctx->set.threshold;
		if (rows != NULL)
			for (size_t i = 0; i < n; i++)
				yhat[i] = (*score)[i] = NAN;
		for (size_t i = 0; i < nrows; i++) {
			size_t r = rows ? rows[i] : i;
			(*score)[r] = tmp[i];
			yhat[r] = reg ? tmp[i] : isnan(tmp[i]) ? NAN : tmp[i] > thr ? 1.0 : 0.0;
		}
		free(tmp);
		*yhatp = yhat;
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
		if (!quiet)
			cli_ferror(ctx, a, &err);
		return -1;
	}
	*yhatp = d->yhat;
	d->yhat = NULL;
	*score = d->score;
	d->score = NULL;
	*prob = d->score_is_prob;
	*rule = d->rule;
	d->rule = NULL;
	fair_decision_free(d);
	return 0;
}

/* control=: the audit of each stratum's rows, with the same decisions,
 * groups and options (the rows bucketed by stratum in one pass). -1 when
 * out of memory or cancelled (printed). */
static int
audit_strata(struct cli_ctx *ctx, const struct cli_args *a, const struct cli_audit_req *req,
             fair_audit_input *in, fair_audit_opts *o, const size_t *rows, size_t nrows)
{
	size_t S = req->nstrata, *off = calloc(S + 1, sizeof *off), *idx = malloc((nrows ? nrows : 1) * sizeof *idx);
	fair_error err;
	int rc = 0;

	if (off == NULL || idx == NULL) {
		free(off);
		free(idx);
		return cli_error(ctx, a, "out of memory"), -1;
	}
	for (size_t i = 0; i < nrows; i++) {
		int32_t k = req->strata[rows ? rows[i] : i];
		if (k >= 0 && (size_t)k < S)
			off[k + 1]++;
	}
	for (size_t k = 0; k < S; k++)
		off[k + 1] += off[k];
	size_t *fill = malloc((S ? S : 1) * sizeof *fill);
	if (fill == NULL) {
		free(off);
		free(idx);
		return cli_error(ctx, a, "out of memory"), -1;
	}
	memcpy(fill, off, S * sizeof *fill);
	for (size_t i = 0; i < nrows; i++) {
		size_t row = rows ? rows[i] : i;
		int32_t k = req->strata[row];
		if (k >= 0 && (size_t)k < S)
			idx[fill[k]++] = row;
	}
	free(fill);
	for (size_t k = 0; k < S && rc == 0; k++) {
		req->strata_out[k] = NULL;
		req->strata_why[k] = NULL;
		if (off[k + 1] == off[k]) {
			req->strata_why[k] = strdup("no audited rows");
			continue;
		}
		in->rows = idx + off[k];
		in->nrows = off[k + 1] - off[k];
		req->strata_out[k] = fair_audit(in, o, &err);
		if (req->strata_out[k] == NULL) {
			if (err.code == FAIR_ENOMEM || err.code == FAIR_ECANCELED) {
				cli_ferror(ctx, a, &err);
				rc = -1;
			} else {
				req->strata_why[k] = strdup(err.msg);
			}
		}
	}
	if (rc)
		for (size_t k = 0; k < S; k++) {
			fair_report_free(req->strata_out[k]);
			req->strata_out[k] = NULL;
		}
	free(off);
	free(idx);
	return rc;
}

/* cached_decisions: errors printed, quiet, or only looked up (no entry
 * made, nothing printed) */
enum { DEC_SHOW, DEC_QUIET, DEC_FIND };

/* The decisions of the request from the session's audit cache, made and
 * stored there on a miss (borrowed; NULL with the error printed). A
 * model's decisions depend on the rows scored and the threshold setting;
 * decisions read from columns on the options that read them (the target's
 * label space, the other input, is the set-up the cache is made for). */
static const fair_session_decision *
cached_decisions(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const struct cli_audit_req *req,
                 const size_t *rows, size_t nrows, int mode)
{
	bool quiet = mode != DEC_SHOW;
	fair_buf key = FAIR_BUF_INIT;
	const fair_session_decision *d;
	double *yhat = NULL, *score = NULL;
	char *rule = NULL;
	bool prob = false;
	fair_error err;

	if (req->model) {
		fair_buf_printf(&key, "on=%d threshold=%.17g", req->on, ctx->set.threshold);
	} else {
		/* every option, each length-prefixed: no two requests share a key */
		const char *v[3] = { req->pred, req->score, NULL };
		for (int i = 0; i < 2; i++)
			fair_buf_printf(&key, "%zu:%s|", v[i] ? strlen(v[i]) : (size_t)0, v[i] ? v[i] : "");
		for (size_t i = 0; i < req->npositive; i++)
			fair_buf_printf(&key, "%zu:%s|", strlen(req->positive[i]), req->positive[i]);
		fair_buf_printf(&key, "t=%d:%.17g d=%d", req->has_threshold, req->threshold, req->direction);
	}
	if (key.buf == NULL) {
		if (!quiet)
			cli_error(ctx, a, "out of memory");
		return NULL;
	}
	d = fair_session_decision_find(s, req->model, key.buf);
	if (d == NULL && mode != DEC_FIND && decisions(ctx, a, s, req, rows, nrows, &yhat, &score, &prob, &rule, quiet) == 0 &&
	    (d = fair_session_decision_put(s, req->model, key.buf, yhat, score, prob, rule, &err)) == NULL && !quiet)
		cli_ferror(ctx, a, &err);
	fair_buf_release(&key);
	return d;
}

fair_report *
cli_audit_run(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
              const struct cli_audit_req *req, size_t **rows_out, size_t *nrows_out, double **scores_out)
{
	fair_audit_input in;
	fair_audit_opts o;
	fair_error err;
	size_t n = fair_frame_nrows(s->frame), nrows = 0;
	const size_t *rows = NULL;
	const double *yhat, *score;
	fair_report *r = NULL;
	const fair_groups *g;
	const fair_session_rowset *rs;
	const fair_session_decision *dec;
	bool prob;
	fair_progress prog;

	if (s->db != NULL || s->stream_path != NULL) {   /* attached: one grouped query in the database */
		bool shown;
		if (rows_out != NULL || scores_out != NULL || req->yhat_out != NULL) {
			cli_error(ctx, a, "this needs the rows (scores, decisions per row), which stay in the database: "
			          "load the table (load SOURCE table=T)");
			return NULL;
		}
		if (req->strata != NULL) {
			cli_error(ctx, a, "control= is not pushed down to the database yet: load the table "
			          "(load SOURCE table=T)");
			return NULL;
		}
		return cli_db_audit(ctx, a, s, req, false, &shown);
	}
	if (s->target == NULL) {
		cli_error(ctx, a, "no target set (use 'target COLUMN')");
		return NULL;
	}
	const fair_groups *sg = req->groups ? req->groups : s->groups;
	if (sg == NULL) {
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
	/* the rows, the groups among them and the decisions: made once per
	 * set-up and kept in the session's audit cache (fairsh/session.h) */
	if (fair_session_rowset_get(s, req->on, &rs, &err)) {
		cli_ferror(ctx, a, &err);
		return NULL;
	}
	rows = rs->rows;          /* NULL: every row */
	nrows = rs->nrows;
	g = rs->groups;
	if ((dec = cached_decisions(ctx, a, s, req, rows, nrows, DEC_SHOW)) == NULL)
		return NULL;
	yhat = dec->yhat;
	score = dec->score;
	prob = dec->prob;
	/* the groups that have rows here: an emptied group is left out, with
	 * one note, instead of n = 0 rows and undefined comparisons */
	fair_groups *own = NULL;       /* req->groups among the rows (not cached) */
	const char *dropped = rs->dropped;
	char *owndropped = NULL;
	size_t ndropped = rs->ndropped;
	if (req->groups != NULL) {
		if (fair_groups_restrict(req->groups, rows, nrows, &own, &owndropped, &ndropped, &err)) {
			cli_ferror(ctx, a, &err);
			return NULL;
		}
		g = own;
		dropped = owndropped;
	}
	if (dropped != NULL) {
		char note[1200];
		snprintf(note, sizeof note, "%zu group%s without rows among the audited rows left out: %s", ndropped,
		         ndropped == 1 ? "" : "s", dropped);
		if (!seen_before(req->seen, note))
			cli_note(ctx, "%s", note);
	}
	free(owndropped);
	if (g->K < 2) {
		cli_error(ctx, a, "the sensitive attribute has %s among the audited rows%s%s%s", g->K ? "one group" : "no group",
		          g->K ? " ('" : "", g->K ? g->labels[0] : "", g->K ? "')" : "");
		fair_groups_free(own);
		return NULL;
	}
	if (sg->privileged >= 0 && g->privileged < 0) {
		char note[600];
		snprintf(note, sizeof note, "the privileged group '%s' has no rows among the audited rows",
		         sg->labels[sg->privileged]);
		int conv = req->convention_set ? req->convention : ctx->set.convention;
		if (conv == FAIR_CONV_AIF360 || conv == FAIR_CONV_AIF360_SK) {
			cli_error(ctx, a, "%s; convention %s compares with it", note, fair_convention_name(conv));
			fair_groups_free(own);
			return NULL;
		}
		if (!seen_before(req->seen, note))
			cli_note(ctx, "%s", note);
	}
	memset(&in, 0, sizeof in);
	in.n = n;
	in.rows = rows;
	in.nrows = nrows;
	in.y = s->target->y;
	in.weight = fair_session_weights(s);
	in.yhat = yhat;
	in.score = s->target->task == FAIR_TASK_CLASSIFICATION ? score : NULL;
	in.group = g->group;
	in.K = g->K;
	in.labels = (const char *const *)g->labels;
	in.privileged = g->privileged;
	in.task = s->target->task;
	in.favorable = s->target->favorable;
	in.counted = req->groups == NULL ? req->counted : NULL;   /* compare: cli_audit_share */
	fair_audit_opts_init(&o);
	o.convention = req->convention_set ? req->convention : ctx->set.convention;
	o.bootstrap = req->bootstrap;
	o.seed = ctx->set.seed;
	o.pairs = req->pairs;
	o.figure_ci = req->figure_ci;
	o.threshold = ctx->set.threshold;
	o.vs = req->vs;
	o.agg = req->agg;
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
	if (r == NULL) {
		cli_ferror(ctx, a, &err);
		fair_groups_free(own);
		return NULL;
	}
	cli_audit_warnings(ctx, req, r);
	in.counted = NULL;   /* the strata's rows are counted there */
	if (req->strata != NULL && audit_strata(ctx, a, req, &in, &o, rows, nrows)) {
		fair_report_free(r);
		fair_groups_free(own);
		return NULL;
	}
	fair_groups_free(own);
	/* what the caller keeps: copies, the cache's arrays stay the cache's */
	double *sc = NULL, *d = NULL;
	size_t *rc = NULL;
	bool nomem = false;
	if (scores_out) {
		nomem |= (sc = malloc((nrows ? nrows : 1) * sizeof *sc)) == NULL;
		for (size_t i = 0; sc && i < nrows; i++) {
			size_t row = rows ? rows[i] : i;
			sc[i] = s->target->task == FAIR_TASK_REGRESSION ? yhat[row] : score ? score[row] : NAN;
		}
	}
	if (req->yhat_out) {
		nomem |= (d = malloc((nrows ? nrows : 1) * sizeof *d)) == NULL;
		for (size_t i = 0; d && i < nrows; i++)
			d[i] = yhat[rows ? rows[i] : i];
	}
	if (rows_out) {
		nomem |= (rc = malloc((nrows ? nrows : 1) * sizeof *rc)) == NULL;
		for (size_t i = 0; rc && i < nrows; i++)
			rc[i] = rows ? rows[i] : i;
	}
	fair_groups *gcopy = NULL;
	/* a caller-owned copy of the groups as numbered in the report */
	if (!nomem && req->groups_out && fair_groups_restrict(sg, rows, nrows, &gcopy, NULL, NULL, &err)) {
		cli_ferror(ctx, a, &err);
		nomem = true;
	} else if (nomem) {
		cli_error(ctx, a, "out of memory");
	}
	if (nomem) {
		free(sc);
		free(d);
		free(rc);
		fair_report_free(r);
		return NULL;
	}
	if (scores_out)
		*scores_out = sc;
	if (req->yhat_out)
		*req->yhat_out = d;
	if (rows_out) {
		*rows_out = rc;
		*nrows_out = nrows;
	}
	if (req->groups_out)
		*req->groups_out = gcopy;
	if (req->rule_out)
		*req->rule_out = dec->rule ? strdup(dec->rule) : NULL;
	return r;
}

bool
cli_audit_share(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const struct cli_audit_req *const *reqs,
                size_t n, size_t **cnt)
{
	const fair_session_rowset *rs;
	fair_error err;
	fair_audit_input in;

	for (size_t i = 0; i < n; i++)
		cnt[i] = NULL;
	if (n < 2 || s->db != NULL || s->stream_path != NULL || s->target == NULL || s->groups == NULL ||
	    s->target->task != FAIR_TASK_CLASSIFICATION || fair_session_weights(s) != NULL)
		return false;
	for (size_t i = 0; i < n; i++)
		if (reqs[i] == NULL || reqs[i]->groups != NULL || reqs[i]->on != reqs[0]->on ||
		    (reqs[i]->model != NULL && fair_model_task(reqs[i]->model) != s->target->task))
			return false;
	if (fair_session_rowset_get(s, reqs[0]->on, &rs, &err) || rs->groups->K < 2)
		return false;
	/* every decision made (quietly: the audits print any error), then all
	 * looked up again: none evicted by another's entry */
	const double **yhat = calloc(n, sizeof *yhat);
	bool *ok = calloc(n, sizeof *ok), shared = yhat != NULL && ok != NULL;
	for (size_t i = 0; shared && i < n; i++)
		shared = cached_decisions(ctx, a, s, reqs[i], rs->rows, rs->nrows, DEC_QUIET) != NULL;
	for (size_t i = 0; shared && i < n; i++) {
		const fair_session_decision *d = cached_decisions(ctx, a, s, reqs[i], rs->rows, rs->nrows, DEC_FIND);
		shared = d != NULL && d->yhat != NULL;
		if (shared)
			yhat[i] = d->yhat;
	}
	size_t K = rs->groups->K;
	for (size_t i = 0; shared && i < n; i++)
		shared = (cnt[i] = malloc(4 * K * sizeof *cnt[i])) != NULL;
	if (shared) {
		memset(&in, 0, sizeof in);
		in.n = fair_frame_nrows(s->frame);
		in.rows = rs->rows;
		in.nrows = rs->nrows;
		in.y = s->target->y;
		in.group = rs->groups->group;
		in.K = K;
		in.task = s->target->task;
		shared = fair_audit_count_shared(&in, yhat, n, cnt, ok, NULL, &err) == FAIR_OK;
	}
	/* an array with rows the audit skips or refuses: counted there */
	for (size_t i = 0; i < n; i++)
		if (!shared || !ok[i]) {
			free(cnt[i]);
			cnt[i] = NULL;
		}
	free(yhat);
	free(ok);
	return shared;
}
