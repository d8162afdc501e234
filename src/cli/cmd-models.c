/* cmd-models.c -- `models`, `predict`, `export`: list trained models, add
 * their predictions as columns, write predictions to a CSV file. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "cli/repl.h"
#include "out/report.h"
#include "fairsh/csv.h"
#include "fairsh/buf.h"
#include "fairsh/spec.h"
#include "fairsh/model.h"

fair_model *
cli_model(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const char *name)
{
	fair_model *m = fair_session_find_model(s, name);
	fair_job *j;

	if (m == NULL && (j = cli_job_find(ctx, name)) != NULL && !strcmp(fair_job_session(j), s->name)) {
		if (fair_job_state(j) == FAIR_JOB_RUNNING)
			cli_wait(ctx, j);
		cli_reap_jobs(ctx, false);
		m = fair_session_find_model(s, name);
		if (m == NULL) {
			cli_error(ctx, a, "model '%s' is not available: its training job did not finish (see 'jobs')", name);
			return NULL;
		}
	}
	if (m == NULL) {
		fair_buf b = FAIR_BUF_INIT;
		for (size_t i = 0; i < s->nmodels; i++)
			fair_buf_printf(&b, "%s%s", i ? ", " : "", fair_model_name(s->models[i]));
		cli_error(ctx, a, "no model named '%s' in session '%s' (models: %s)", name, s->name,
		          s->nmodels ? b.buf : "none; train one with 'train logreg'");
		fair_buf_release(&b);
	}
	return m;
}

/* The sensitive columns as one label ("sex", "race+sex"), or NULL. */
static char *
sensitive_label(const fair_session *s)
{
	fair_buf b = FAIR_BUF_INIT;

	if (s->groups == NULL)
		return NULL;
	for (size_t c = 0; c < s->groups->ncolumns; c++)
		fair_buf_printf(&b, "%s%s", c ? "+" : "", s->groups->columns[c]);
	return fair_buf_detach(&b);
}

/* `models MODEL`: what it is and, for learners that report it, the gain
 * per feature beside each feature's association with the sensitive
 * attribute (its proxies). */
static enum cmd_retval
model_details(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, fair_model *m)
{
	fair_importance *imp = NULL;
	fair_error err;
	size_t top;
	char *sens;
	struct out_table *t;

	if (cli_opt_size(ctx, a, "top", 20, 0, 1000000, &top))
		return CMD_ERROR;
	if (fair_model_importance(m, s, &imp, &err) != FAIR_OK) {
		if (a->format == OUT_TABLE)
			cli_info(ctx, "model '%s': %s (target %s, %s); %s", fair_model_name(m), fair_model_desc(m),
			         fair_model_target(m), fair_model_task(m) == FAIR_TASK_REGRESSION ? "regression" : "classification",
			         err.msg);
		else if (err.code != FAIR_EINVAL)
			return cli_ferror(ctx, a, &err);
		return CMD_OK;
	}
	sens = sensitive_label(s);
	if (a->format == OUT_TABLE)
		cli_info(ctx, "model '%s': %s (target %s, %s); feature importance, largest share of the total gain first:",
		         fair_model_name(m), fair_model_desc(m), fair_model_target(m),
		         fair_model_task(m) == FAIR_TASK_REGRESSION ? "regression" : "classification");
	t = out_importance(imp, sens, top, NULL);
	cli_print_table(ctx, a, t);
	if (a->format == OUT_TABLE && sens != NULL)
		cli_info(ctx, "eta: association of each feature with %s on the training rows (correlation ratio; "
		         "proxy: eta >= %g)", sens, FAIR_PROXY_ETA);
	out_table_free(t);
	free(sens);
	fair_importance_free(imp);
	return CMD_OK;
}

static enum cmd_retval
cmd_models_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "model", "target", "task", "description" };
	fair_session *s = cli_session(ctx, a);
	struct out_table *t;
	fair_model *m;

	if (s == NULL)
		return CMD_ERROR;
	if (a->npos == 1)
		return (m = cli_model(ctx, a, s, a->pos[0])) == NULL ? CMD_ERROR : model_details(ctx, a, s, m);
	if (cli_opt(a, "top") != NULL)
		return cli_error(ctx, a, "top= goes with a model: models MODEL top=N");
	cli_reap_jobs(ctx, false);
	t = out_table_new(NULL, 4, cols);
	for (size_t i = 0; i < s->nmodels; i++) {
		size_t r = out_table_row(t);
		out_table_str(t, r, 0, fair_model_name(s->models[i]));
		out_table_str(t, r, 1, fair_model_target(s->models[i]));
		out_table_str(t, r, 2, fair_model_task(s->models[i]) == FAIR_TASK_REGRESSION ? "regression" : "classification");
		out_table_str(t, r, 3, fair_model_desc(s->models[i]));
	}
	if (s->nmodels == 0 && a->format == OUT_TABLE)
		cli_info(ctx, "no models in session '%s' (train one with 'train logreg')", s->name);
	else
		cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}

static const struct cmd_opt models_opts[] = {
	{ "top", OPT_INT, NULL, "with MODEL: the features of largest gain shown (default 20; 0 = all)" },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_models_entry = {
	.name = "models", .min_args = 0, .max_args = 1, .opts = models_opts, .flags = CMD_NEEDS_SESSION | CMD_FORMAT,
	.usage = "[MODEL [top=N]] [format=table|csv|json|markdown]",
	.help = "list the trained models of the current session; with MODEL, its feature importance",
	.exec = cmd_models_exec,
};

/* Adds NAME_score and NAME_pred for every row of the session. */
static int
add_predictions(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, fair_model *m, const char *name)
{
	size_t n = fair_frame_nrows(s->frame);
	double *score = malloc((n ? n : 1) * sizeof *score), *pred = malloc((n ? n : 1) * sizeof *pred);
	char cn[300];
	fair_error err;
	fair_column *c1 = NULL, *c2 = NULL;
	fair_frame *f1 = NULL, *f2 = NULL;
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
	snprintf(cn, sizeof cn, "%s_score", name);
	c1 = fair_column_new_numeric(cn, score, n, &err);
	score = NULL;
	snprintf(cn, sizeof cn, "%s_pred", name);
	c2 = fair_column_new_numeric(cn, pred, n, &err);
	pred = NULL;
	if (c1 == NULL || c2 == NULL || (f1 = fair_frame_with_column(s->frame, c1, &err)) == NULL ||
	    (f2 = fair_frame_with_column(f1, c2, &err)) == NULL || fair_session_set_frame(s, f2, &err)) {
		cli_ferror(ctx, a, &err);
		goto out;
	}
	for (int k = 0; k < 2; k++) {     /* remember them: they are never features */
		char **nd = realloc(s->derived, (s->nderived + 1) * sizeof *nd);
		if (nd == NULL)
			break;
		s->derived = nd;
		s->derived[s->nderived] = strdup(fair_column_name(k ? c2 : c1));
		if (s->derived[s->nderived])
			s->nderived++;
	}
	rv = 0;
out:
	free(score);
	free(pred);
	fair_column_unref(c1);
	fair_column_unref(c2);
	fair_frame_unref(f1);
	fair_frame_unref(f2);
	return rv;
}

static enum cmd_retval
cmd_predict_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	fair_model *m;
	const char *name;

	if (s == NULL || (m = cli_model(ctx, a, s, a->pos[0])) == NULL)
		return CMD_ERROR;
	name = a->as ? a->as : fair_model_name(m);
	if (add_predictions(ctx, a, s, m, name) < 0)
		return CMD_ERROR;
	cli_info(ctx, "added columns %s_score and %s_pred", name, name);
	return CMD_OK;
}

const struct cmd_entry cmd_predict_entry = {
	.name = "predict", .min_args = 1, .max_args = 1, .flags = CMD_NEEDS_SESSION | CMD_AS,
	.usage = "MODEL [as NAME]",
	.help = "add the model's score and prediction as columns NAME_score and NAME_pred",
	.exec = cmd_predict_exec,
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
		return cli_error(ctx, a, "usage: export representation REPNAME FILE.csv");
	if ((m = cli_model(ctx, a, s, a->pos[1])) == NULL)
		return CMD_ERROR;
	if ((Z = fair_model_encode(m, s->frame, NULL, n, &err)) == NULL)
		return cli_ferror(ctx, a, &err);
	f = fair_frame_ref(s->frame);
	for (size_t j = 0; j < Z->size2 && rv == CMD_OK; j++) {
		char cn[300];
		double *v = malloc(n * sizeof *v);
		fair_column *c;
		fair_frame *g;
		if (v == NULL) {
			rv = cli_error(ctx, a, "out of memory");
			break;
		}
		for (size_t i = 0; i < n; i++)
			v[i] = gsl_matrix_get(Z, i, j);
		snprintf(cn, sizeof cn, "%s_%zu", fair_model_name(m), j + 1);
		if ((c = fair_column_new_numeric(cn, v, n, &err)) == NULL ||
		    (g = fair_frame_with_column(f, c, &err)) == NULL) {
			fair_column_unref(c);
			rv = cli_ferror(ctx, a, &err);
			break;
		}
		fair_column_unref(c);
		fair_frame_unref(f);
		f = g;
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
		return cli_error(ctx, a, "usage: export features MODEL FILE.csv");
	if ((m = cli_model(ctx, a, s, a->pos[1])) == NULL)
		return CMD_ERROR;
	if ((X = fair_model_design(m, s->frame, s->groups, NULL, n, &err)) == NULL)
		return cli_ferror(ctx, a, &err);
	f = fair_frame_ref(s->frame);
	for (size_t j = 0; j < X->size2 && rv == CMD_OK; j++) {
		char *fn = fair_model_design_name(m, j), cn[600];
		double *v = malloc(n * sizeof *v);
		fair_column *c;
		fair_frame *g;
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
		if ((c = fair_column_new_numeric(cn, v, n, &err)) == NULL ||
		    (g = fair_frame_with_column(f, c, &err)) == NULL) {
			fair_column_unref(c);
			rv = cli_ferror(ctx, a, &err);
			break;
		}
		fair_column_unref(c);
		fair_frame_unref(f);
		f = g;
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
		return cli_error(ctx, a, "usage: export predictions FILE.csv [MODEL ...] | export representation REPNAME FILE.csv"
		                 " | export features MODEL FILE.csv");
	if (a->npos < 2)
		return cli_error(ctx, a, "usage: export predictions FILE.csv [MODEL ...]");
	/* add the columns to a copy: the session keeps its frame */
	saved = fair_frame_ref(s->frame);
	size_t nm = a->npos > 2 ? a->npos - 2 : s->nmodels;
	for (size_t k = 0; k < nm && rv == CMD_OK; k++) {
		fair_model *m = a->npos > 2 ? cli_model(ctx, a, s, a->pos[2 + k]) : s->models[k];
		if (m == NULL || add_predictions(ctx, a, s, m, fair_model_name(m)) < 0)
			rv = CMD_ERROR;
	}
	if (rv == CMD_OK && fair_csv_write(s->frame, a->pos[1], &err))
		rv = cli_ferror(ctx, a, &err);
	if (rv == CMD_OK)
		cli_info(ctx, "wrote %zu rows x %zu columns to '%s'", fair_frame_nrows(s->frame),
		         fair_frame_ncols(s->frame), a->pos[1]);
	fair_session_set_frame(s, saved, &err);
	fair_frame_unref(saved);
	return rv;
}

const struct cmd_entry cmd_export_entry = {
	.name = "export", .min_args = 2, .max_args = -1, .flags = CMD_NEEDS_SESSION,
	.usage = "predictions FILE.csv [MODEL ...] | representation REPNAME FILE.csv | features MODEL FILE.csv",
	.help = "write every row with each model's score and prediction, a fair representation or a model's features, to a CSV file",
	.exec = cmd_export_exec,
};
