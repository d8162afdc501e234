/* output.c -- format dispatch for tabular command output, the data as a
 * table, column descriptions, installing new models and prediction columns. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/jobs.h"
#include "cli/output.h"
#include "fairsh/metric.h"
#include "fairsh/spec.h"
#include "fairsh/wfile.h"
#include "json/json.h"
#include "cli/result.h"

void
cli_print_table(struct cli_ctx *ctx, const struct cli_args *a, const struct out_table *t)
{
	cli_result_table(ctx, a, t);
}

void
cli_print_forms(struct cli_ctx *ctx, const struct cli_args *a, const struct cli_result_forms *f, void *arg)
{
	if (a->format == OUT_JSON) {
		cli_result_json(ctx, f->json(arg));
	} else if (a->format == OUT_CSV) {
		struct out_table *t = f->csv(arg);
		if (t != NULL)
			cli_print_table(ctx, a, t);
		out_table_free(t);
	} else {
		f->text(ctx, a, arg);
	}
}

void
cli_print_tables(struct cli_ctx *ctx, const struct cli_args *a, struct out_table **t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cli_result_table(ctx, a, t[i]);
		out_table_free(t[i]);
	}
}

struct out_table *
cli_rows_table(const fair_session *s, size_t limit, const char *title)
{
	size_t nc = fair_frame_ncols(s->frame), shown = 0;
	const char **cols = malloc((nc ? nc : 1) * sizeof *cols);
	struct out_table *t;
	char buf[1024];

	if (cols == NULL)
		return NULL;
	for (size_t j = 0; j < nc; j++)
		cols[j] = fair_column_name(fair_frame_column(s->frame, j));
	t = out_table_new(title, nc, cols);
	free(cols);
	for (size_t i = 0; t && i < fair_frame_nrows(s->frame) && shown < limit; i++) {
		if (s->keep && !s->keep[i])
			continue;
		size_t r = out_table_row(t);
		for (size_t j = 0; j < nc; j++) {
			const fair_column *c = fair_frame_column(s->frame, j);
			if (fair_column_is_missing(c, i))
				out_table_null(t, r, j, "NA");
			else if (fair_column_type(c) == FAIR_COL_NUMERIC)
				out_table_num(t, r, j, fair_column_values(c)[i], 15);
			else
				out_table_str(t, r, j, fair_column_cell(c, i, buf, sizeof buf));
		}
		shown++;
	}
	return t;
}

void
cli_derived_name(const struct cli_args *a, const fair_model *base, const char *suffix, char *buf, size_t len)
{
	if (a->as)
		snprintf(buf, len, "%s", a->as);
	else
		snprintf(buf, len, "%s%s", fair_model_name(base), suffix);
}

enum cmd_retval
cli_install_model(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, fair_model *m)
{
	fair_error err;

	/* a job still training a model of this name would replace this one
	 * when it ends: it ends first */
	if (cli_wait_model(ctx, a, s, fair_model_name(m)) != CMD_OK && cli_job_running(ctx, s, fair_model_name(m))) {
		fair_model_unref(m);
		return CMD_ERROR;
	}
	if (fair_session_add_model(s, m, &err)) {
		fair_model_unref(m);
		return cli_ferror(ctx, a, &err);
	}
	cli_info(ctx, "model '%s': %s%s%s", fair_model_name(m), fair_model_desc(m), fair_model_basis(m)[0] ? "; " : "",
	         fair_model_basis(m));
	if (fair_model_warning(m)[0])
		cli_warn(ctx, "model '%s': %s", fair_model_name(m), fair_model_warning(m));
	return CMD_OK;
}

const char *
cli_column_type(const fair_column *c)
{
	if (fair_column_is_binary(c))
		return fair_column_type(c) == FAIR_COL_NUMERIC ? "binary (numeric)" : "binary";
	return fair_column_type(c) == FAIR_COL_NUMERIC ? "numeric" : "categorical";
}

void
cli_column_roles(const fair_session *s, size_t col, const size_t *feat, size_t nfeat, char *buf, size_t len)
{
	const char *name = fair_column_name(fair_frame_column(s->frame, col));
	bool f = false;
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < nfeat; i++)
		f |= feat[i] == col;
#define ROLE(cond, word) if (cond) k += (size_t)snprintf(buf + k, k < len ? len - k : 0, "%s%s", k ? ", " : "", word)
	ROLE(s->target && !strcmp(s->target->column, name), "target");
	ROLE(fair_session_is_sensitive(s, name), "sensitive");
	ROLE(s->split_column && !strcmp(s->split_column, name), "split");
	ROLE(s->weights && !strcmp(s->weights, name), "weights");
	for (size_t i = 0; i < s->nderived; i++)
		ROLE(!strcmp(s->derived[i], name), "prediction");
	ROLE(f, "feature");
#undef ROLE
}

size_t *
cli_session_features(const fair_session *s, size_t *n)
{
	size_t *cols = NULL;

	*n = 0;
	if (s->target == NULL)   /* no model can be trained yet */
		return NULL;
	if (fair_session_features(s, NULL, 0, false, &cols, n, NULL, NULL))
		*n = 0;
	return cols;
}

int
cli_frame_add_numeric(fair_frame **f, const char *name, double *values, size_t n, fair_error *err)
{
	fair_column *c = fair_column_new_numeric(name, values, n, err);
	fair_frame *g = c ? fair_frame_with_column(*f, c, err) : NULL;

	fair_column_unref(c);
	if (g == NULL)
		return -1;
	fair_frame_unref(*f);
	*f = g;
	return 0;
}

int
cli_add_predictions(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, fair_model *m, const char *name)
{
	size_t n = fair_frame_nrows(s->frame);
	double *score = malloc((n ? n : 1) * sizeof *score), *pred = malloc((n ? n : 1) * sizeof *pred);
	char cn[2][300];
	fair_error err;
	fair_frame *f = fair_frame_ref(s->frame);
	int rv = -1;

	if (score == NULL || pred == NULL) {
		cli_error(ctx, a, "out of memory");
		goto out;
	}
	if (fair_model_scores(m, s->frame, s->groups, NULL, n, score, &err)) {
		cli_ferror(ctx, a, &err);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		pred[i] = isnan(score[i]) ? NAN : fair_model_task(m) == FAIR_TASK_REGRESSION ? score[i]
		        : (score[i] > fair_model_threshold(m) ? 1.0 : 0.0);
	snprintf(cn[0], sizeof cn[0], "%s_score", name);
	snprintf(cn[1], sizeof cn[1], "%s_pred", name);
	int st = cli_frame_add_numeric(&f, cn[0], score, n, &err);
	score = NULL;
	if (st == 0)
		st = cli_frame_add_numeric(&f, cn[1], pred, n, &err);
	else
		free(pred);
	pred = NULL;
	if (st || fair_session_set_frame(s, f, &err)) {
		cli_ferror(ctx, a, &err);
		goto out;
	}
	for (int k = 0; k < 2; k++) {     /* remember them: they are never features */
		char **nd = realloc(s->derived, (s->nderived + 1) * sizeof *nd);
		if (nd == NULL)
			break;
		s->derived = nd;
		s->derived[s->nderived] = strdup(cn[k]);
		if (s->derived[s->nderived])
			s->nderived++;
	}
	rv = 0;
out:
	free(score);
	free(pred);
	fair_frame_unref(f);
	return rv;
}

enum cmd_retval
cli_check_output(struct cli_ctx *ctx, const struct cli_args *a, const char *path)
{
	bool force = false;

	if (cli_opt_bool(ctx, a, "force", false, &force))
		return CMD_ERROR;
	for (size_t i = 0; !force && i < ctx->wb->n; i++) {
		const fair_session *s = ctx->wb->sessions[i];
		if (s->path && fair_same_file(path, s->path))
			return cli_error(ctx, a, "'%s' is the dataset session '%s' was loaded from; writing it would destroy "
			                 "the data (choose another file, or force=yes)", path, s->name);
	}
	return CMD_OK;
}
