/* cmd-export.c -- `export predictions FILE.csv [MODEL ...]` (every row with
 * each model's score and decision), `export representation REP FILE.csv`
 * (every row with the coordinates of a fair representation) and `export
 * features MODEL FILE.csv` (every row with the design matrix the model's
 * learner sees). */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/db.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "fairsh/csv.h"
#include "fairsh/model.h"

static enum cmd_retval cmd_export_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt export_opts[] = {
	CMD_OPT_FORCE,
	{ "table", OPT_STRING, NULL, "T", "predictions to a database: the new table" },
	{ "replace", OPT_BOOL, NULL, NULL, "predictions to a database: replace the table if it exists" },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_export_entry = {
	.name = "export", .min_args = 2, .max_args = -1, .opts = export_opts, .flags = CMD_NEEDS_SESSION,
	.args = "predictions FILE.csv|sqlite:FILE|postgres:CONNINFO [MODEL ...] | representation REPNAME FILE.csv | features MODEL FILE.csv",
	.help = "write every row with each model's score and prediction, a fair representation or a model's features, to a CSV file",
	.exec = cmd_export_exec,
};

/* `export representation REP FILE.csv`: every row with its columns and the
 * representation coordinates REP_1 .. REP_r. */
static enum cmd_retval
export_representation(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s)
{
	fair_model *m;
	gsl_matrix *Z;
	fair_frame *f;
	fair_error err;
	size_t n = fair_frame_nrows(s->frame);
	enum cmd_retval rv = CMD_OK;

	if (a->npos != 3)
		return cli_usage(ctx, a, "representation", NULL);
	if (cli_check_output(ctx, a, a->pos[2]) != CMD_OK || (m = cli_model(ctx, a, s, a->pos[1])) == NULL)
		return CMD_ERROR;
	if ((Z = fair_model_encode(m, s->frame, NULL, n, &err)) == NULL)
		return cli_ferror(ctx, a, &err);
	f = fair_frame_ref(s->frame);
	for (size_t j = 0; j < Z->size2 && rv == CMD_OK; j++) {
		char cn[300];
		double *v = malloc((n ? n : 1) * sizeof *v);
		if (v == NULL) {
			rv = cli_error(ctx, a, "out of memory");
			break;
		}
		for (size_t i = 0; i < n; i++)
			v[i] = gsl_matrix_get(Z, i, j);
		snprintf(cn, sizeof cn, "%s_%zu", fair_model_name(m), j + 1);
		if (cli_frame_add_numeric(&f, cn, v, n, &err) < 0)
			rv = cli_ferror(ctx, a, &err);
	}
	if (rv == CMD_OK && fair_csv_write(f, a->pos[2], &err))
		rv = cli_ferror(ctx, a, &err);
	if (rv == CMD_OK)
		cli_info(ctx, "wrote %zu rows with %zu representation columns to '%s'", n, Z->size2, a->pos[2]);
	fair_frame_unref(f);
	gsl_matrix_free(Z);
	return rv;
}

/* `export features MODEL FILE.csv`: every row with its columns and the
 * design matrix the model's learner sees (MODEL:FEATURE columns), so that
 * another tool (Python's XGBoost, scikit-learn) can be run on the very same
 * numbers. */
static enum cmd_retval
export_features(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s)
{
	fair_model *m;
	gsl_matrix *X;
	fair_frame *f;
	fair_error err;
	size_t n = fair_frame_nrows(s->frame);
	enum cmd_retval rv = CMD_OK;

	if (a->npos != 3)
		return cli_usage(ctx, a, "features", NULL);
	if (cli_check_output(ctx, a, a->pos[2]) != CMD_OK || (m = cli_model(ctx, a, s, a->pos[1])) == NULL)
		return CMD_ERROR;
	if ((X = fair_model_design(m, s->frame, s->groups, NULL, n, &err)) == NULL)
		return cli_ferror(ctx, a, &err);
	f = fair_frame_ref(s->frame);
	for (size_t j = 0; j < X->size2 && rv == CMD_OK; j++) {
		char *fn = fair_model_design_name(m, j), cn[600];
		double *v = malloc((n ? n : 1) * sizeof *v);
		if (v == NULL || fn == NULL) {
			free(v);
			free(fn);
			rv = cli_error(ctx, a, "out of memory");
			break;
		}
		for (size_t i = 0; i < n; i++)
			v[i] = gsl_matrix_get(X, i, j);
		snprintf(cn, sizeof cn, "%s:%s", fair_model_name(m), fn);
		free(fn);
		if (cli_frame_add_numeric(&f, cn, v, n, &err) < 0)
			rv = cli_ferror(ctx, a, &err);
	}
	if (rv == CMD_OK && fair_csv_write(f, a->pos[2], &err))
		rv = cli_ferror(ctx, a, &err);
	if (rv == CMD_OK)
		cli_info(ctx, "wrote %zu rows with the %zu features of model '%s' to '%s'", n, X->size2, fair_model_name(m),
		         a->pos[2]);
	fair_frame_unref(f);
	gsl_matrix_free(X);
	return rv;
}

static enum cmd_retval
cmd_export_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	fair_error err;
	fair_frame *saved;
	enum cmd_retval rv = CMD_OK;

	if (s == NULL)
		return CMD_ERROR;
	if (!strcmp(a->pos[0], "representation"))
		return export_representation(ctx, a, s);
	if (!strcmp(a->pos[0], "features"))
		return export_features(ctx, a, s);
	if (strcmp(a->pos[0], "predictions") != 0)
		return cli_usage(ctx, a, NULL, NULL);
	if (a->npos < 2)
		return cli_usage(ctx, a, "predictions", NULL);
	bool to_db = fair_db_is_source(a->pos[1]);
	if (!to_db && (cli_opt(a, "table") || cli_opt(a, "replace")))
		return cli_error(ctx, a, "table= and replace= apply to databases (sqlite:FILE, postgres:CONNINFO)");
	if (!to_db && cli_check_output(ctx, a, a->pos[1]) != CMD_OK)
		return CMD_ERROR;
	/* every model: those still training too, as `report` */
	if (a->npos == 2 && cli_wait_needed(ctx, a, NULL, s) != CMD_OK)
		return CMD_ERROR;
	/* add the columns to a copy: the session keeps its frame */
	saved = fair_frame_ref(s->frame);
	size_t nm = a->npos > 2 ? a->npos - 2 : s->nmodels;
	for (size_t k = 0; k < nm && rv == CMD_OK; k++) {
		fair_model *m = a->npos > 2 ? cli_model(ctx, a, s, a->pos[2 + k]) : s->models[k];
		if (m == NULL || cli_add_predictions(ctx, a, s, m, fair_model_name(m)) < 0)
			rv = CMD_ERROR;
	}
	if (rv == CMD_OK && to_db)
		rv = cli_db_export(ctx, a, a->pos[1], s->frame);
	else if (rv == CMD_OK && fair_csv_write(s->frame, a->pos[1], &err))
		rv = cli_ferror(ctx, a, &err);
	else if (rv == CMD_OK)
		cli_info(ctx, "wrote %zu rows x %zu columns to '%s'", fair_frame_nrows(s->frame),
		         fair_frame_ncols(s->frame), a->pos[1]);
	fair_session_set_frame(s, saved, &err);
	fair_frame_unref(saved);
	return rv;
}
