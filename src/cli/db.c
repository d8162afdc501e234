/* db.c -- the shell's side of database sources: reading `load
 * sqlite:FILE table=T` and `load postgres:CONNINFO query=...`, writing
 * `export predictions SOURCE table=T`, the set-up commands of a session
 * attached to a table (`attach`), and the pushdown audit: one grouped query
 * whose counts the core audits (fair_audit_counts) as a loaded session's rows. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/db.h"
#include "cli/formula.h"
#include "cli/result.h"
#include "fairsh/counts.h"
#include "fairsh/spec.h"
#include "out/out.h"

/* The SQL of `table=T` or `query=SQL` (new string), or NULL (printed). */
static char *
source_sql(struct cli_ctx *ctx, const struct cli_args *a, const char *src)
{
	const char *t = cli_opt(a, "table"), *q = cli_opt(a, "query");
	char *sql;

	if ((t == NULL) == (q == NULL)) {
		cli_error(ctx, a, "%s: give table=NAME or query=\"SELECT ...\"", fair_db_is_source(src) ? "database" : src);
		return NULL;
	}
	if (t != NULL && *t == '\0') {
		cli_error(ctx, a, "table= is empty");
		return NULL;
	}
	sql = t != NULL ? fair_db_table_sql(t) : strdup(q);
	if (sql == NULL)
		cli_error(ctx, a, "out of memory");
	return sql;
}

static void
describe_source(const struct cli_args *a, const fair_db *db, char *source, size_t size)
{
	const char *t = cli_opt(a, "table");

	if (t != NULL)
		snprintf(source, size, "%s table=%s", fair_db_display(db), t);
	else
		snprintf(source, size, "%s query", fair_db_display(db));
}

enum cmd_retval
cli_db_load(struct cli_ctx *ctx, const struct cli_args *a, const char *src, fair_frame **f, char *source, size_t size)
{
	fair_error err;
	fair_progress prog;
	fair_db *db;
	char *sql;
	size_t ninf = 0;

	*f = NULL;
	if ((sql = source_sql(ctx, a, src)) == NULL)
		return CMD_ERROR;
	if ((db = fair_db_open(src, false, &err)) == NULL) {
		free(sql);
		return cli_ferror(ctx, a, &err);
	}
	fair_progress_init(&prog);
	cli_fg_progress = &prog;
	*f = fair_db_query(db, sql, NULL, 0, &prog, &ninf, &err);
	cli_fg_progress = NULL;
	describe_source(a, db, source, size);
	fair_db_close(db);
	free(sql);
	if (*f == NULL)
		return cli_ferror(ctx, a, &err);
	if (ninf)
		cli_warn(ctx, "%zu infinite value%s treated as missing", ninf, ninf == 1 ? "" : "s");
	return CMD_OK;
}

enum cmd_retval
cli_db_export(struct cli_ctx *ctx, const struct cli_args *a, const char *dest, const fair_frame *f)
{
	const char *t = cli_opt(a, "table");
	fair_error err;
	fair_progress prog;
	fair_db *db;
	bool replace;
	int rc;

	if (t == NULL || *t == '\0')
		return cli_error(ctx, a, "give the new table's name: table=NAME");
	if (cli_opt_bool(ctx, a, "replace", false, &replace))
		return CMD_ERROR;
	if ((db = fair_db_open(dest, true, &err)) == NULL)
		return cli_ferror(ctx, a, &err);
	fair_progress_init(&prog);
	cli_fg_progress = &prog;
	rc = fair_db_write(db, t, f, replace, &prog, &err);
	cli_fg_progress = NULL;
	if (rc == FAIR_OK)
		cli_info(ctx, "wrote %zu rows x %zu columns to table '%s' of %s", fair_frame_nrows(f), fair_frame_ncols(f),
		         t, fair_db_display(db));
	fair_db_close(db);
	return rc == FAIR_OK ? CMD_OK : cli_ferror(ctx, a, &err);
}

/* ---- set-up of an attached session ----------------------------------------- */

bool
cli_db_allowed(const char *name)
{
	static const char *const ok[] = { "audit", "target", "sensitive", "filter", "derive", "columns", "close",
	                                  "show", "set", "weights", "check", "compare", "report", NULL };
	for (size_t i = 0; ok[i]; i++)
		if (!strcmp(ok[i], name))
			return true;
	return false;
}

/* The attached columns with the derived ones, or NULL (printed). */
static fair_frame *
schema(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s)
{
	fair_error err;
	fair_frame *f = fair_db_setup_schema(s->frame, s->db_setup, &err);

	if (f == NULL)
		cli_ferror(ctx, a, &err);
	return f;
}

static bool
has_column(struct cli_ctx *ctx, const struct cli_args *a, const fair_frame *f, const char *name, const char *what)
{
	if (fair_frame_find(f, name) >= 0)
		return true;
	fair_buf b = FAIR_BUF_INIT;
	for (size_t k = 0; k < fair_frame_ncols(f) && b.len < 300; k++)
		fair_buf_printf(&b, "%s%s", k ? ", " : "", fair_column_name(fair_frame_column(f, k)));
	cli_error(ctx, a, "%s: unknown column '%s' (columns: %s)", what, name, b.buf);
	fair_buf_release(&b);
	return false;
}

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v != NULL ? strdup(v) : NULL;
}

enum cmd_retval
cli_db_target(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s)
{
	fair_frame *f = schema(ctx, a, s);
	const char *task = cli_opt(a, "task");
	double thr;
	enum cmd_retval rv = CMD_ERROR;

	if (f == NULL)
		return CMD_ERROR;
	if (cli_opt_double(ctx, a, "threshold", NAN, -INFINITY, INFINITY, &thr) ||
	    !has_column(ctx, a, f, a->pos[0], "target"))
		goto out;
	if (task != NULL && !strcmp(task, "regression")) {
		cli_error(ctx, a, "an attached table is audited for classification; load it for regression");
		goto out;
	}
	set_str(&s->db_setup->target, a->pos[0]);
	set_str(&s->db_setup->target_positive, cli_opt(a, "positive"));
	set_str(&s->db_setup->target_favorable, cli_opt(a, "favorable"));
	s->db_setup->target_threshold = thr;
	free(s->target_spec);
	s->target_spec = cli_args_text(a);
	fair_target_free(s->target);
	s->target = NULL;
	cli_info(ctx, "target %s (attached: read %s when audited)", a->pos[0],
	         s->db != NULL ? "by the database" : "from the file");
	rv = CMD_OK;
out:
	fair_frame_unref(f);
	return rv;
}

enum cmd_retval
cli_db_sensitive(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s)
{
	fair_frame *f = schema(ctx, a, s);
	size_t n = 0;
	char **cols;
	double thr;
	enum cmd_retval rv = CMD_ERROR;

	if (f == NULL)
		return CMD_ERROR;
	if (cli_opt_double(ctx, a, "threshold", NAN, -INFINITY, INFINITY, &thr) ||
	    (cols = cli_split_list(a->pos[0], ',', &n)) == NULL)
		goto out;
	for (size_t k = 0; k < n; k++)
		if (!has_column(ctx, a, f, cols[k], "sensitive")) {
			cli_list_free(cols, n);
			goto out;
		}
	for (size_t k = 0; k < s->db_setup->nsensitive; k++)
		free(s->db_setup->sensitive[k]);
	free(s->db_setup->sensitive);
	s->db_setup->sensitive = cols;
	s->db_setup->nsensitive = n;
	s->db_setup->sensitive_threshold = thr;
	set_str(&s->db_setup->privileged, cli_opt(a, "privileged"));
	free(s->sensitive_spec);
	s->sensitive_spec = cli_args_text(a);
	fair_groups_free(s->groups);
	s->groups = NULL;
	cli_info(ctx, "sensitive %s (attached: groups counted %s when audited)", a->pos[0],
	         s->db != NULL ? "by the database" : "in one pass over the file");
	rv = CMD_OK;
out:
	fair_frame_unref(f);
	return rv;
}

/* Checks that @text is an expression the database can run; its canonical
 * form, or NULL (printed). */
static char *
check_expr(struct cli_ctx *ctx, const struct cli_args *a, const fair_frame *f, const fair_session *s,
           const char *text, fair_sql_context sc)
{
	fair_error err;
	fair_expr *e = fair_expr_parse(text, &err);
	const char **names;
	fair_coltype *types;
	fair_sql q;
	char *canon = NULL;
	size_t n = fair_frame_ncols(f);

	if (e == NULL) {
		cli_formula_error(ctx, a, f, text, &err);
		return NULL;
	}
	names = malloc((n ? n : 1) * sizeof *names);
	types = malloc((n ? n : 1) * sizeof *types);
	if (names == NULL || types == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	for (size_t j = 0; j < n; j++) {
		names[j] = fair_column_name(fair_frame_column(f, j));
		types[j] = fair_column_type(fair_frame_column(f, j));
	}
	if (fair_expr_bind_types(e, n, names, types, &err)) {
		cli_formula_error(ctx, a, f, text, &err);
		goto out;
	}
	if (s->db != NULL) {   /* a streamed file evaluates any expression per chunk */
		if (fair_expr_sql(e, fair_db_dialect(s->db), sc, 1, &q, &err)) {
			cli_error(ctx, a, "'%s' cannot run in the database: %s (load the table to use it)", text, err.msg);
			goto out;
		}
		fair_sql_release(&q);
	}
	if ((canon = fair_expr_print(e)) == NULL)
		cli_error(ctx, a, "out of memory");
out:
	free(names);
	free(types);
	fair_expr_free(e);
	return canon;
}

static int
push(char ***v, size_t *n, char *s)
{
	char **p = realloc(*v, (*n + 1) * sizeof *p);

	if (p == NULL)
		return -1;
	*v = p;
	p[(*n)++] = s;
	return 0;
}

enum cmd_retval
cli_db_filter(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s)
{
	fair_db_setup *st = s->db_setup;
	fair_buf text = FAIR_BUF_INIT;
	fair_frame *f;
	char *canon;

	if (a->npos == 0) {
		if (st->nfilters == 0)
			cli_printf(ctx, "no filters (attached: the database keeps every row)\n");
		for (size_t i = 0; i < st->nfilters; i++) {
			cli_printf(ctx, "filter ");
			out_put_escaped(cli_out(ctx), st->filters[i]);
			cli_printf(ctx, "\n");
		}
		return CMD_OK;
	}
	if (a->npos == 1 && !strcmp(a->pos[0], "off")) {
		for (size_t i = 0; i < st->nfilters; i++)
			free(st->filters[i]);
		st->nfilters = 0;
		cli_info(ctx, "filters off");
		return CMD_OK;
	}
	if ((f = schema(ctx, a, s)) == NULL)
		return CMD_ERROR;
	for (size_t i = 0; i < a->npos; i++)
		fair_buf_printf(&text, "%s%s", i ? " " : "", a->pos[i]);
	canon = check_expr(ctx, a, f, s, text.buf, FAIR_SQL_CONDITION);
	fair_buf_release(&text);
	fair_frame_unref(f);
	if (canon == NULL)
		return CMD_ERROR;
	if (push(&st->filters, &st->nfilters, canon)) {
		free(canon);
		return cli_error(ctx, a, "out of memory");
	}
	cli_info(ctx, "filter %s (attached: %s)", canon,
	         s->db != NULL ? "a WHERE condition of the audit's query" : "applied to the rows as they are read");
	return CMD_OK;
}

enum cmd_retval
cli_db_derive(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s)
{
	fair_db_setup *st = s->db_setup;
	fair_buf text = FAIR_BUF_INIT;
	fair_frame *f;
	char *eq, *name, *canon = NULL;
	enum cmd_retval rv = CMD_ERROR;

	if (a->npos == 0) {
		for (size_t i = 0; i < st->nderived; i++) {
			out_put_escaped(cli_out(ctx), st->derived_names[i]);
			cli_printf(ctx, " = ");
			out_put_escaped(cli_out(ctx), st->derived[i]);
			cli_printf(ctx, "\n");
		}
		return CMD_OK;
	}
	for (size_t i = 0; i < a->npos; i++)
		fair_buf_printf(&text, "%s%s", i ? " " : "", a->pos[i]);
	if ((eq = strchr(text.buf, '=')) == NULL || eq == text.buf) {
		fair_buf_release(&text);
		return cli_usage(ctx, a, NULL, "give NAME = EXPRESSION");
	}
	*eq = '\0';
	name = text.buf;
	while (*name == ' ')
		name++;
	for (char *e = eq; e > name && e[-1] == ' ';)
		*--e = '\0';
	if ((f = schema(ctx, a, s)) == NULL)
		goto out;
	if (fair_frame_find(f, name) >= 0) {
		cli_error(ctx, a, "'%s' is a column already; an attached table's derived columns take new names", name);
		goto out;
	}
	if ((canon = check_expr(ctx, a, f, s, eq + 1, FAIR_SQL_VALUE)) == NULL)
		goto out;
	char *nm = strdup(name);
	if (nm == NULL || push(&st->derived_names, &st->nderived, nm)) {
		free(nm);
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	st->nderived--;
	if (push(&st->derived, &st->nderived, canon)) {
		free(st->derived_names[st->nderived]);
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	cli_info(ctx, "derived %s = %s (attached: computed %s)", name, canon,
	         s->db != NULL ? "by the database" : "as the rows are read");
	canon = NULL;
	rv = CMD_OK;
out:
	free(canon);
	fair_frame_unref(f);
	fair_buf_release(&text);
	return rv;
}

enum cmd_retval
cli_db_weights(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s)
{
	fair_frame *f;
	const char *col;
	long j;

	if (a->npos == 0) {
		if (s->weights == NULL)
			cli_info(ctx, "no sample weights (set them with 'weights COLUMN')");
		else
			cli_info(ctx, "weights '%s' (attached: summed where the rows are counted)", s->weights);
		return CMD_OK;
	}
	col = a->pos[0];
	if ((f = schema(ctx, a, s)) == NULL)
		return CMD_ERROR;
	if (!strcmp(col, "none") && fair_frame_find(f, "none") < 0) {
		fair_frame_unref(f);
		free(s->weights);
		s->weights = NULL;
		cli_info(ctx, "no sample weights: every row counts once");
		return CMD_OK;
	}
	if (!has_column(ctx, a, f, col, "weights")) {
		fair_frame_unref(f);
		return CMD_ERROR;
	}
	j = fair_frame_find(f, col);
	if (fair_column_type(fair_frame_column(f, (size_t)j)) != FAIR_COL_NUMERIC) {
		fair_frame_unref(f);
		return cli_error(ctx, a, "weights column '%s' is categorical; weights are numbers", col);
	}
	fair_frame_unref(f);
	if ((s->db_setup->target && !strcmp(s->db_setup->target, col)))
		return cli_error(ctx, a, "column '%s' is the target; it cannot be the weights", col);
	for (size_t k = 0; k < s->db_setup->nsensitive; k++)
		if (!strcmp(s->db_setup->sensitive[k], col))
			return cli_error(ctx, a, "column '%s' is part of the sensitive attribute; it cannot be the weights", col);
	set_str(&s->weights, col);
	cli_info(ctx, "weights %s (attached: summed where the rows are counted)", col);
	return CMD_OK;
}

/* ---- the pushdown audit ------------------------------------------------- */

static void
print_sql(struct cli_ctx *ctx, const fair_sql *q)
{
	cli_printf(ctx, "%s;\n", q->text);
	for (size_t i = 0; i < q->nparams; i++) {
		cli_printf(ctx, "-- parameter %zu: ", i + 1);
		if (q->params[i].is_text) {
			cli_printf(ctx, "'");
			out_put_escaped(cli_out(ctx), q->params[i].text);
			cli_printf(ctx, "'\n");
		} else
			cli_printf(ctx, "%s\n", q->params[i].text);
	}
}

/* The counted combinations through the core's audit of counts
 * (fair_audit_counts), with the session's set-up and the request's
 * options; the strata of control= from the same counts. Here what the
 * shell adds: the options, the messages, the session's target and groups
 * (counted in rows, as a loaded session shows them). */
fair_report *
cli_db_audit_counts(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const struct cli_audit_req *req,
                    fair_frame *fc)
{
	fair_db_setup *st = s->db_setup;
	fair_error err;
	fair_counts_spec cs;
	fair_counted *c = NULL;
	fair_report *r = NULL;
	char **posv = NULL, **favv = NULL;
	static const char *const one[] = { "1" }, *const none[] = { NULL };
	size_t npos = 0, nfav = 0;
	fair_audit_opts ao;

	if (st->target_positive)
		posv = cli_split_list(st->target_positive, ',', &npos);
	if (st->target_favorable)
		favv = cli_split_list(st->target_favorable, ',', &nfav);
	memset(&cs, 0, sizeof cs);
	cs.target = st->target;
	cs.positive = (const char *const *)posv;
	cs.npositive = npos;
	cs.favorable = st->target_favorable == NULL ? NULL : favv != NULL ? (const char *const *)favv : none;
	cs.nfavorable = nfav;
	cs.sensitive = (const char *const *)st->sensitive;
	cs.nsensitive = st->nsensitive;
	cs.privileged = st->privileged;
	cs.decision = req->pred != NULL ? req->pred : req->score;
	cs.decision_positive = req->pred != NULL ? req->positive : one;
	cs.ndecision_positive = req->pred != NULL ? req->npositive : 1;
	cs.weights = s->weights;
	fair_audit_opts_init(&ao);
	ao.convention = req->convention_set ? req->convention : ctx->set.convention;
	ao.seed = ctx->set.seed;
	ao.pairs = req->pairs;
	ao.vs = req->vs;          /* from the counts, as a loaded audit */
	ao.agg = req->agg;
	ao.calib_bins = 0;
	if (req->stats_set) {
		ao.rate_ci = req->rate_ci;
		ao.ci_level = req->level;
		ao.min_group = req->min_group;
		ao.keep_small = req->keep_small;
	}
	if ((c = fair_audit_counts(fc, &cs, &ao, &err)) == NULL)
		goto ferr;
	if (req->control != NULL) {   /* control=: each stratum from its own counts */
		struct cli_control *ctl = req->control;
		if (cli_control_counted(ctx, a, ctl, fc))
			goto out;
		if (fair_audit_counts_strata(c, ctl->groups->group, ctl->groups->K, &ao, ctl->reports, ctl->why, &err))
			goto ferr;
	}
	r = c->report;
	c->report = NULL;
	cli_audit_warnings(ctx, req, r);   /* as a loaded audit's (compare names the models) */
	if (req->rule_out != NULL) {
		if (req->pred == NULL) {
			char rule[400];
			snprintf(rule, sizeof rule, "%s %s %g", req->score, req->direction ? "<=" : ">=", req->threshold);
			*req->rule_out = strdup(rule);
		} else {
			*req->rule_out = c->decision->rule;
			c->decision->rule = NULL;
		}
	}
	if (req->groups_out != NULL &&
	    fair_groups_build(fc, (const char *const *)st->sensitive, st->nsensitive, NAN, st->privileged,
	                      req->groups_out, &err))
		*req->groups_out = NULL;
	s->db_rows = s->db_kept = c->rows;   /* a streamed file sets the rows it read */
	fair_target_free(s->target);
	s->target = c->target;
	c->target = NULL;
	fair_groups_free(s->groups);
	s->groups = c->groups;
	c->groups = NULL;
	goto out;
ferr:
	cli_ferror(ctx, a, &err);
out:
	cli_list_free(posv, npos);
	cli_list_free(favv, nfav);
	fair_counted_free(c);
	return r;
}

fair_report *
cli_db_audit(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const struct cli_audit_req *req,
             bool show_sql, bool *shown)
{
	fair_db_push p = { NULL, NULL, NAN, false, NULL, NULL, 0 };
	fair_error err;
	fair_sql q;
	fair_progress prog;
	fair_frame *fc;
	fair_report *r = NULL;

	*shown = false;
	if (req->model != NULL) {
		cli_error(ctx, a, "an attached session has no models: models are trained on loaded rows");
		return NULL;
	}
	if (req->bootstrap > 0) {
		cli_error(ctx, a, "ci= resamples the rows, which stay in the %s for bootstrap intervals; "
		          "the analytic intervals need no rows", s->db != NULL ? "database: load the table (load SOURCE table=T)"
		          : "file: load it (load FILE)");
		return NULL;
	}
	if (req->pred != NULL && req->score != NULL) {
		cli_error(ctx, a, "pred= with score= (AUC, calibration) needs the rows: load the table, or give one of them");
		return NULL;
	}
	if (req->score != NULL && !req->has_threshold) {
		cli_error(ctx, a, "score= needs threshold=T on an attached table");
		return NULL;
	}
	p.pred = req->pred;
	p.score = req->score;
	p.threshold = req->has_threshold ? req->threshold : NAN;
	p.lower = req->direction != 0;
	p.weight = s->weights;
	if (req->control != NULL) {   /* control=: the strata's columns join the grouping */
		p.control = (const char *const *)req->control->cols;
		p.ncontrol = req->control->ncols;
	}
	if (s->stream_path != NULL) {   /* a CSV file: one streamed pass */
		if (show_sql) {
			cli_error(ctx, a, "show=sql: session '%s' streams a file, not a database table; it has no query",
			          s->name);
			return NULL;
		}
		return cli_stream_audit(ctx, a, s, req, &p);
	}
	if (fair_db_push_sql(fair_db_dialect(s->db), s->db_sql, s->frame, s->db_setup, &p, &q, &err)) {
		cli_ferror(ctx, a, &err);
		return NULL;
	}
	if (show_sql) {
		print_sql(ctx, &q);
		fair_sql_release(&q);
		*shown = true;
		return NULL;
	}
	fair_progress_init(&prog);
	cli_fg_progress = &prog;
	fc = fair_db_query(s->db, q.text, q.params, q.nparams, &prog, NULL, &err);
	cli_fg_progress = NULL;
	fair_sql_release(&q);
	if (fc != NULL) {
		fair_frame *sorted = fair_counts_sort_levels(fc, &err);
		fair_frame_unref(fc);
		fc = sorted;
	}
	if (fc == NULL) {
		cli_ferror(ctx, a, &err);
		return NULL;
	}
	if (fair_frame_nrows(fc) == 0)
		cli_error(ctx, a, "no rows to audit: the table%s is empty", s->db_setup->nfilters ? " (after the filters)" : "");
	else
		r = cli_db_audit_counts(ctx, a, s, req, fc);
	fair_frame_unref(fc);
	return r;
}
