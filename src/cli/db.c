/* db.c -- the shell's side of database sources: reading `load
 * sqlite:FILE table=T` and `load postgres:CONNINFO query=...`, writing
 * `export predictions SOURCE table=T`, the set-up commands of a session
 * attached to a table (`attach`), and the pushdown audit: one grouped query
 * whose counts go through the same fair_audit as a loaded session's rows. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/db.h"
#include "cli/formula.h"
#include "cli/result.h"
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

/* The counts of the @n combinations into confusion cells per group (of
 * the combinations in stratum @k of @strata; NULL: all): @cells (and,
 * weighted, @w2 and @rows) zeroed first, the rows without a decision added
 * to *@skipped (set to 0 first). Returns the session's rows counted. */
static double
count_cells(const fair_groups *g, const fair_target *t, const fair_decision *d, const double *cnt, const double *ws,
            const double *ws2, size_t n, const int32_t *strata, int32_t sk, double *cells, double *w2, double *rows,
            size_t *skipped)
{
	double used = 0;

	memset(cells, 0, 4 * (g->K ? g->K : 1) * sizeof *cells);
	if (ws2 != NULL) {
		memset(w2, 0, 4 * (g->K ? g->K : 1) * sizeof *w2);
		memset(rows, 0, 4 * (g->K ? g->K : 1) * sizeof *rows);
	}
	*skipped = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t k = g->group[i];
		double y = t->y[i], p = d->yhat[i];
		/* rows without a target or a group are not the session's rows
		 * (fair_session_rows): left out silently, as for a loaded table */
		if (k < 0 || isnan(y) || (strata != NULL && strata[i] != sk))
			continue;
		used += cnt[i];
		size_t cell = 4 * (size_t)k + 2 * (y == 1.0) + (p == 1.0);
		if (isnan(p))
			*skipped += (size_t)cnt[i];
		else if (ws2 != NULL) {
			cells[cell] += isnan(ws[i]) ? 0 : ws[i];
			w2[cell] += isnan(ws2[i]) ? 0 : ws2[i];
			rows[cell] += cnt[i];
		} else
			cells[cell] += cnt[i];
	}
	return used;
}

/* control= on an attached session: the strata from the counted control
 * values, each audited from its own counts with the same options, as
 * audit_strata (audit.c) audits a loaded session's rows. -1 when printed. */
static int
audit_strata(struct cli_ctx *ctx, const struct cli_args *a, struct cli_control *c, const fair_frame *fc,
             const fair_groups *g, const fair_target *t, const fair_decision *d, const double *cnt,
             const double *ws, const double *ws2, const fair_audit_input *all, const fair_audit_opts *ao)
{
	size_t n = fair_frame_nrows(fc), K4 = 4 * (g->K ? g->K : 1);
	double *cells = calloc(K4, sizeof *cells), *w2 = calloc(K4, sizeof *w2), *rows = calloc(K4, sizeof *rows);
	fair_error err;
	int rc = 0;

	if (cells == NULL || w2 == NULL || rows == NULL) {
		cli_error(ctx, a, "out of memory");
		rc = -1;
		goto out;
	}
	if (cli_control_counted(ctx, a, c, fc)) {
		rc = -1;
		goto out;
	}
	for (size_t k = 0; k < c->groups->K && rc == 0; k++) {
		fair_audit_input in = *all;
		if (count_cells(g, t, d, cnt, ws, ws2, n, c->groups->group, (int32_t)k, cells, w2, rows,
		                &in.cells_skipped[1]) == 0) {
			c->why[k] = strdup("no audited rows");
			continue;
		}
		in.cells = cells;
		in.cells_w2 = ws2 != NULL ? w2 : NULL;
		in.cells_rows = ws2 != NULL ? rows : NULL;
		if ((c->reports[k] = fair_audit(&in, ao, &err)) == NULL) {
			if (err.code == FAIR_ENOMEM || err.code == FAIR_ECANCELED) {
				cli_ferror(ctx, a, &err);
				rc = -1;
			} else
				c->why[k] = strdup(err.msg);
		}
	}
out:
	free(cells);
	free(w2);
	free(rows);
	return rc;
}

/* The counted combinations into the session's target, groups and the
 * decisions, then into confusion cells per group. */
fair_report *
cli_db_audit_counts(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const struct cli_audit_req *req,
                    fair_frame *fc)
{
	fair_db_setup *st = s->db_setup;
	fair_error err;
	fair_target *t = NULL;
	fair_groups *g = NULL;
	fair_decision *d = NULL;
	fair_decision_opts o;
	fair_report *r = NULL;
	char **posv = NULL, **favv = NULL;
	static const char *const one[] = { "1" };
	size_t npos = 0, nfav = 0, n = fair_frame_nrows(fc);
	double *cells = NULL, *w2 = NULL, *rows = NULL;
	fair_audit_input in;
	fair_audit_opts ao;
	long jc = fair_frame_find(fc, FAIR_DB_COUNT), jw = fair_frame_find(fc, FAIR_DB_WSUM),
	     jw2 = fair_frame_find(fc, FAIR_DB_W2);
	const double *cnt = fair_column_values(fair_frame_column(fc, jc >= 0 ? (size_t)jc : fair_frame_ncols(fc) - 1));
	/* weighted: the cells are sums of weights, with their squares and rows */
	const double *ws = jw >= 0 && jw2 >= 0 ? fair_column_values(fair_frame_column(fc, (size_t)jw)) : NULL;
	const double *ws2 = ws != NULL ? fair_column_values(fair_frame_column(fc, (size_t)jw2)) : NULL;

	if (st->target_positive)
		posv = cli_split_list(st->target_positive, ',', &npos);
	if (fair_target_build(fc, st->target, (const char *const *)posv, npos, NAN, FAIR_TASK_CLASSIFICATION, &t, &err))
		goto ferr;
	if (t->task != FAIR_TASK_CLASSIFICATION) {
		cli_error(ctx, a, "target '%s' is not binary: an attached table is audited for classification", st->target);
		goto out;
	}
	if (st->target_favorable) {
		favv = cli_split_list(st->target_favorable, ',', &nfav);
		if (fair_target_set_favorable(t, fc, (const char *const *)favv, nfav, &err))
			goto ferr;
	}
	if (fair_groups_build(fc, (const char *const *)st->sensitive, st->nsensitive, NAN, st->privileged, &g, &err))
		goto ferr;
	fair_decision_opts_init(&o);
	o.pred = req->pred != NULL ? req->pred : req->score;
	o.positive = req->pred != NULL ? req->positive : one;
	o.npositive = req->pred != NULL ? req->npositive : 1;
	if (fair_decision_build(fc, t, &o, &d, &err))
		goto ferr;
	long jn = fair_frame_find(fc, FAIR_DB_WN), jm = fair_frame_find(fc, FAIR_DB_WMIN);
	for (size_t i = 0; ws != NULL && jn >= 0 && jm >= 0 && i < n; i++) {
		/* every row needs a finite weight >= 0, as for a loaded table */
		double wn = fair_column_values(fair_frame_column(fc, (size_t)jn))[i];
		double wm = fair_column_values(fair_frame_column(fc, (size_t)jm))[i];
		if (wn < cnt[i]) {
			cli_error(ctx, a, "weights column '%s': %.0f rows have no weight (every row needs a weight; "
			          "filter them out)", s->weights, cnt[i] - (isnan(wn) ? 0 : wn));
			goto out;
		}
		if (wm < 0 || isinf(ws[i])) {
			cli_error(ctx, a, "weights column '%s' has %g (weights must be finite and >= 0)", s->weights,
			          wm < 0 ? wm : ws[i]);
			goto out;
		}
	}
	if ((cells = calloc(4 * (g->K ? g->K : 1), sizeof *cells)) == NULL ||
	    (ws2 != NULL && ((w2 = calloc(4 * (g->K ? g->K : 1), sizeof *w2)) == NULL ||
	                     (rows = calloc(4 * (g->K ? g->K : 1), sizeof *rows)) == NULL))) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	memset(&in, 0, sizeof in);
	count_cells(g, t, d, cnt, ws, ws2, n, NULL, 0, cells, w2, rows, &in.cells_skipped[1]);
	in.cells = cells;
	in.cells_w2 = w2;
	in.cells_rows = rows;
	in.K = g->K;
	in.labels = (const char *const *)g->labels;
	in.privileged = g->privileged;
	in.task = FAIR_TASK_CLASSIFICATION;
	in.favorable = t->favorable;
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
	if ((r = fair_audit(&in, &ao, &err)) == NULL)
		goto ferr;
	if (req->control != NULL && audit_strata(ctx, a, req->control, fc, g, t, d, cnt, ws, ws2, &in, &ao)) {
		fair_report_free(r);
		r = NULL;
		goto out;
	}
	cli_audit_warnings(ctx, req, r);   /* as a loaded audit's (compare names the models) */
	if (req->rule_out != NULL) {
		if (req->pred == NULL) {
			char rule[400];
			snprintf(rule, sizeof rule, "%s %s %g", req->score, req->direction ? "<=" : ">=", req->threshold);
			*req->rule_out = strdup(rule);
		} else {
			*req->rule_out = d->rule;
			d->rule = NULL;
		}
	}
	if (req->groups_out != NULL &&
	    fair_groups_build(fc, (const char *const *)st->sensitive, st->nsensitive, NAN, st->privileged,
	                      req->groups_out, &err))
		*req->groups_out = NULL;
	/* the session shows them as a loaded one would (titles, JSON, the
	 * report's data): counted in rows, not in combinations */
	double kept = 0;
	t->npos = t->nneg = t->nmissing = 0;
	for (size_t k = 0; k < g->K; k++)
		g->count[k] = 0;
	for (size_t i = 0; i < n; i++) {
		size_t c = (size_t)cnt[i];
		kept += cnt[i];
		if (isnan(t->y[i]))
			t->nmissing += c;
		else if (t->y[i] == 1.0)
			t->npos += c;
		else
			t->nneg += c;
		if (g->group[i] >= 0)
			g->count[g->group[i]] += c;
	}
	s->db_rows = s->db_kept = (size_t)kept;   /* a streamed file sets the rows it read */
	fair_target_free(s->target);
	s->target = t;
	t = NULL;
	fair_groups_free(s->groups);
	s->groups = g;
	g = NULL;
	goto out;
ferr:
	cli_ferror(ctx, a, &err);
out:
	cli_list_free(posv, npos);
	cli_list_free(favv, nfav);
	free(cells);
	free(w2);
	free(rows);
	fair_decision_free(d);
	fair_groups_free(g);
	fair_target_free(t);
	return r;
}

static int
cmp_level(const void *x, const void *y, void *arg)
{
	const fair_column *c = arg;

	return strcmp(fair_column_level(c, *(const size_t *)x), fair_column_level(c, *(const size_t *)y));
}

/* The counts of a database with each text column's levels in byte order:
 * the groups and strata then come in the same order whatever the
 * database's collation and the query's row order (the target first), the
 * order `load` gives a table whose values first appear in that order. */
static fair_frame *
sorted_levels(fair_frame *fc, fair_error *err)
{
	fair_frame *f = fair_frame_ref(fc);

	for (size_t j = 0; f != NULL && j < fair_frame_ncols(fc); j++) {
		const fair_column *c = fair_frame_column(fc, j);
		size_t nl = fair_column_nlevels(c), n = fair_frame_nrows(fc);
		if (fair_column_type(c) != FAIR_COL_CATEGORICAL)
			continue;
		size_t *ord = malloc((nl ? nl : 1) * sizeof *ord);
		int32_t *rank = malloc((nl ? nl : 1) * sizeof *rank), *codes = malloc((n ? n : 1) * sizeof *codes);
		char **lv = calloc(nl ? nl : 1, sizeof *lv);
		bool bad = ord == NULL || rank == NULL || codes == NULL || lv == NULL;
		for (size_t l = 0; !bad && l < nl; l++)
			ord[l] = l;
		if (!bad)
			qsort_r(ord, nl, sizeof *ord, cmp_level, (void *)c);
		for (size_t l = 0; !bad && l < nl; l++) {
			rank[ord[l]] = (int32_t)l;
			bad = (lv[l] = strdup(fair_column_level(c, ord[l]))) == NULL;
		}
		for (size_t i = 0; !bad && i < n; i++)
			codes[i] = fair_column_codes(c)[i] < 0 ? -1 : rank[fair_column_codes(c)[i]];
		free(ord);
		free(rank);
		fair_column *nc = NULL;
		fair_frame *g = NULL;
		if (bad) {
			for (size_t l = 0; lv != NULL && l < nl; l++)
				free(lv[l]);
			free(lv);
			free(codes);
			fair_error_set(err, FAIR_ENOMEM, "out of memory");
		} else if ((nc = fair_column_new_categorical(fair_column_name(c), codes, n, lv, nl, err)) != NULL)
			g = fair_frame_with_column(f, nc, err);
		fair_column_unref(nc);
		fair_frame_unref(f);
		f = g;
	}
	return f;
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
		fair_frame *sorted = sorted_levels(fc, &err);
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
