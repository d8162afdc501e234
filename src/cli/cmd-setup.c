/* cmd-setup.c -- the audit set-up of the current session: `target`,
 * `sensitive`, `features`, `filter`, `split`. Each validates its words and
 * calls the spec functions of the core (spec.h). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fairsh/buf.h"
#include "fairsh/spec.h"

/* Splits "a,b,c" into a new array of new strings. */
static char **
split_list(const char *s, size_t *n)
{
	char **v = NULL;
	size_t k = 0;
	const char *p = s;

	*n = 0;
	for (;;) {
		size_t l = strcspn(p, ",");
		char **nv = realloc(v, (k + 1) * sizeof *v);
		if (nv == NULL)
			break;
		v = nv;
		v[k] = strndup(p, l);
		k++;
		if (p[l] == '\0')
			break;
		p += l + 1;
	}
	*n = k;
	return v;
}

static void
free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static char *
spec_text(const struct cli_args *a)
{
	fair_buf b = FAIR_BUF_INIT;

	for (size_t i = 0; i < a->npos; i++)
		fair_buf_printf(&b, "%s%s", i ? " " : "", a->pos[i]);
	for (size_t i = 0; i < a->nopt; i++)
		fair_buf_printf(&b, " %s=%s", a->key[i], a->val[i]);
	return fair_buf_detach(&b);
}

static enum cmd_retval
cmd_target_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *pos = cli_opt(a, "positive"), *task = cli_opt(a, "task");
	char **posv = NULL;
	size_t npos = 0;
	double thr;
	int hint = -1;
	fair_target *t = NULL;
	fair_error err;

	if (s == NULL)
		return CMD_ERROR;
	if (cli_opt_double(ctx, a, "threshold", NAN, -INFINITY, INFINITY, &thr))
		return CMD_ERROR;
	if (task)
		hint = !strcmp(task, "regression") ? FAIR_TASK_REGRESSION : FAIR_TASK_CLASSIFICATION;
	if (pos)
		posv = split_list(pos, &npos);
	if (fair_target_build(s->frame, a->pos[0], (const char *const *)posv, npos, thr, hint, &t, &err)) {
		free_list(posv, npos);
		return cli_ferror(ctx, a, &err);
	}
	free_list(posv, npos);
	if (fair_target_check(t, s->keep, &err)) {
		fair_target_free(t);
		return cli_ferror(ctx, a, &err);
	}
	fair_target_free(s->target);
	s->target = t;
	free(s->target_spec);
	s->target_spec = spec_text(a);
	if (t->task == FAIR_TASK_CLASSIFICATION)
		cli_info(ctx, "target '%s': classification, positive = %s (%zu), negative = %s (%zu)%s",
		         t->column, t->positive_label, t->npos, t->negative_label, t->nneg,
		         t->nmissing ? ", some missing" : "");
	else
		cli_info(ctx, "target '%s': regression (%zu values%s)", t->column, t->n - t->nmissing,
		         t->nmissing ? ", some missing" : "");
	return CMD_OK;
}

static const struct cmd_opt target_opts[] = {
	{ "positive", OPT_LIST, NULL, "value(s) forming the positive class, comma-separated" },
	{ "task", OPT_CHOICE, "classification|regression", "force the task" },
	{ "threshold", OPT_DOUBLE, NULL, "numeric column: values above X are positive" },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_target_entry = {
	.name = "target", .min_args = 1, .max_args = 1, .opts = target_opts, .flags = CMD_NEEDS_SESSION,
	.usage = "COLUMN [positive=VALUE[,VALUE...]] [task=classification|regression] [threshold=X]",
	.help = "set the target column (what the model predicts)",
	.exec = cmd_target_exec,
};

static enum cmd_retval
cmd_sensitive_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	char **cols;
	size_t ncols;
	double thr;
	fair_groups *g = NULL;
	fair_error err;
	size_t *cnt;

	if (s == NULL)
		return CMD_ERROR;
	if (cli_opt_double(ctx, a, "threshold", NAN, -INFINITY, INFINITY, &thr))
		return CMD_ERROR;
	cols = split_list(a->pos[0], &ncols);
	if (fair_groups_build(s->frame, (const char *const *)cols, ncols, thr, cli_opt(a, "privileged"), &g, &err)) {
		free_list(cols, ncols);
		return cli_ferror(ctx, a, &err);
	}
	free_list(cols, ncols);
	fair_groups_free(s->groups);
	s->groups = g;
	free(s->sensitive_spec);
	s->sensitive_spec = spec_text(a);
	cnt = calloc(g->K, sizeof *cnt);
	if (cnt == NULL)
		return cli_error(ctx, a, "out of memory");
	fair_groups_count(g, s->keep, cnt);
	printf("sensitive attribute: %zu groups:", g->K);
	/* a column with thousands of levels: list the first 20 only */
	for (size_t k = 0; k < g->K && k < 20; k++)
		printf("%s %s (%zu)%s", k ? "," : "", g->labels[k], cnt[k], (long)k == g->privileged ? " [privileged]" : "");
	if (g->K > 20)
		printf(", ... (%zu more)", g->K - 20);
	printf("\n");
	size_t nempty = 0;
	for (size_t k = 0; k < g->K; k++)
		if (cnt[k] == 0 && nempty++ < 10)
			cli_warn(ctx, "group '%s' has no rows after the filters", g->labels[k]);
	if (nempty > 10)
		cli_warn(ctx, "%zu more groups have no rows after the filters", nempty - 10);
	free(cnt);
	return CMD_OK;
}

static const struct cmd_opt sensitive_opts[] = {
	{ "privileged", OPT_STRING, NULL, "the privileged group's label (for AIF360-style signed metrics)" },
	{ "threshold", OPT_DOUBLE, NULL, "numeric column: split at X into <=X and >X" },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_sensitive_entry = {
	.name = "sensitive", .min_args = 1, .max_args = 1, .opts = sensitive_opts, .flags = CMD_NEEDS_SESSION,
	.usage = "COLUMN[,COLUMN...] [privileged=VALUE] [threshold=X]",
	.help = "set the sensitive attribute (several columns form intersectional groups)",
	.exec = cmd_sensitive_exec,
};

static enum cmd_retval
cmd_features_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char *excl[40];
	size_t nex = 0, *cols = NULL, ncols = 0;
	fair_error err;
	char *spec;

	if (s == NULL)
		return CMD_ERROR;
	if (s->target)
		excl[nex++] = s->target->column;
	if (s->split_column)
		excl[nex++] = s->split_column;
	if (s->groups)
		for (size_t j = 0; j < s->groups->ncolumns && nex < 39; j++)
			excl[nex++] = s->groups->columns[j];
	spec = a->npos ? strdup(a->pos[0]) : NULL;
	if (spec == NULL) {
		const char *ae = cli_opt(a, "all-except");
		if (ae == NULL)
			return cli_error(ctx, a, "usage: features all | all-except=COL,... | COL,...");
		fair_buf b = FAIR_BUF_INIT;
		fair_buf_printf(&b, "all-except=%s", ae);
		spec = fair_buf_detach(&b);
	}
	if (fair_features_resolve(s->frame, spec, excl, nex, &cols, &ncols, &err)) {
		free(spec);
		return cli_ferror(ctx, a, &err);
	}
	free(s->features);
	free(s->features_spec);
	s->features = cols;
	s->nfeatures = ncols;
	s->features_spec = spec;
	printf("features (%zu):", ncols);
	for (size_t j = 0; j < ncols; j++)
		printf("%s %s", j ? "," : "", fair_column_name(fair_frame_column(s->frame, cols[j])));
	printf("\n");
	return CMD_OK;
}

static const struct cmd_opt features_opts[] = {
	{ "all-except", OPT_LIST, NULL, "every column except these" },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_features_entry = {
	.name = "features", .min_args = 0, .max_args = 1, .opts = features_opts, .flags = CMD_NEEDS_SESSION,
	.usage = "all | all-except=COL,... | COL,...",
	.help = "choose the feature columns (target and sensitive columns are excluded unless listed)",
	.exec = cmd_features_exec,
};

static int
recompute_keep(fair_session *s, fair_error *err)
{
	size_t n = fair_frame_nrows(s->frame);

	if (s->nfilters == 0) {
		free(s->keep);
		s->keep = NULL;
		return FAIR_OK;
	}
	if (s->keep == NULL && (s->keep = malloc(n ? n : 1)) == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	return fair_filters_keep((const fair_filter *const *)s->filters, s->nfilters, s->frame, s->keep, NULL, err);
}

static enum cmd_retval
cmd_filter_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	fair_error err;
	fair_filter *f;
	fair_buf expr = FAIR_BUF_INIT;

	if (s == NULL)
		return CMD_ERROR;
	if (a->npos == 0) {
		if (s->nfilters == 0)
			cli_info(ctx, "no filters: all %zu rows kept", fair_frame_nrows(s->frame));
		for (size_t i = 0; i < s->nfilters; i++)
			cli_info(ctx, "filter %s", fair_filter_text(s->filters[i]));
		if (s->nfilters)
			cli_info(ctx, "%zu of %zu rows kept", fair_session_nkept(s), fair_frame_nrows(s->frame));
		return CMD_OK;
	}
	if (a->npos == 1 && !strcmp(a->pos[0], "off")) {
		for (size_t i = 0; i < s->nfilters; i++)
			fair_filter_free(s->filters[i]);
		s->nfilters = 0;
		recompute_keep(s, &err);
		cli_info(ctx, "filters off: all %zu rows kept", fair_frame_nrows(s->frame));
		return CMD_OK;
	}
	for (size_t i = 0; i < a->npos; i++)
		fair_buf_printf(&expr, "%s%s", i ? " " : "", a->pos[i]);
	f = fair_filter_parse(s->frame, expr.buf, &err);
	fair_buf_release(&expr);
	if (f == NULL)
		return cli_ferror(ctx, a, &err);
	fair_filter **nf = realloc(s->filters, (s->nfilters + 1) * sizeof *nf);
	if (nf == NULL) {
		fair_filter_free(f);
		return cli_error(ctx, a, "out of memory");
	}
	s->filters = nf;
	s->filters[s->nfilters++] = f;
	if (recompute_keep(s, &err)) {
		fair_filter_free(s->filters[--s->nfilters]);
		recompute_keep(s, &err);
		return cli_ferror(ctx, a, &err);
	}
	cli_info(ctx, "filter %s: %zu of %zu rows kept", fair_filter_text(f), fair_session_nkept(s),
	         fair_frame_nrows(s->frame));
	if (fair_session_nkept(s) == 0)
		cli_warn(ctx, "no rows are kept; 'filter off' removes every filter");
	return CMD_OK;
}

const struct cmd_entry cmd_filter_entry = {
	.name = "filter", .min_args = 0, .max_args = -1, .flags = CMD_NEEDS_SESSION | CMD_RAW_ARGS,
	.usage = "COLUMN=VALUE[,VALUE...] | COLUMN!=VALUE | COLUMN<X | COLUMN<=X | COLUMN>X | COLUMN>=X | off",
	.help = "keep only matching rows (filters combine with AND); no argument lists them",
	.exec = cmd_filter_exec,
};

static enum cmd_retval
cmd_split_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	size_t n, seed, c[4] = { 0 };
	const char *col = cli_opt(a, "column");
	unsigned char *assign;
	fair_error err;
	bool strat;
	double frac, calib;

	if (s == NULL)
		return CMD_ERROR;
	n = fair_frame_nrows(s->frame);
	assign = malloc(n ? n : 1);
	if (assign == NULL)
		return cli_error(ctx, a, "out of memory");
	if (col != NULL) {
		if (a->npos) {
			free(assign);
			return cli_error(ctx, a, "give either FRACTION or column=COL, not both");
		}
		if (fair_split_from_column(s->frame, col, assign, &err)) {
			free(assign);
			return cli_ferror(ctx, a, &err);
		}
		if (s->keep)
			for (size_t i = 0; i < n; i++)
				if (!s->keep[i])
					assign[i] = FAIR_SPLIT_NONE;
	} else {
		char *end;
		if (a->npos != 1) {
			free(assign);
			return cli_error(ctx, a, "usage: split FRACTION [seed=N] [stratify=yes|no] [calib=F] | split column=COL");
		}
		frac = strtod(a->pos[0], &end);
		if (*end != '\0' || !(frac > 0 && frac < 1)) {
			free(assign);
			return cli_error(ctx, a, "FRACTION must be a number between 0 and 1 (the training share), not '%s'", a->pos[0]);
		}
		if (cli_opt_size(ctx, a, "seed", ctx->set.seed, 0, 4294967295UL, &seed) ||
		    cli_opt_bool(ctx, a, "stratify", true, &strat) ||
		    cli_opt_double(ctx, a, "calib", 0, 0, 0.9, &calib)) {
			free(assign);
			return CMD_ERROR;
		}
		int32_t *strata = NULL;
		if (strat && (s->target || s->groups)) {
			strata = malloc(n * sizeof *strata);
			fair_split_strata(s->target, s->groups, strata);
		}
		int st = fair_split_random(n, s->keep, frac, (unsigned long)seed, strata, assign, &err);
		if (st == FAIR_OK && calib > 0) {
			/* a calibration part carved out of the training rows, for post-processing */
			unsigned char *keep2 = malloc(n);
			unsigned char *a2 = malloc(n);
			for (size_t i = 0; i < n; i++)
				keep2[i] = assign[i] == FAIR_SPLIT_TRAIN;
			st = fair_split_random(n, keep2, 1.0 - calib, (unsigned long)seed + 1, strata, a2, &err);
			if (st == FAIR_OK)
				for (size_t i = 0; i < n; i++)
					if (keep2[i] && a2[i] == FAIR_SPLIT_TEST)
						assign[i] = FAIR_SPLIT_CALIB;
			free(keep2);
			free(a2);
		}
		free(strata);
		if (st) {
			free(assign);
			return cli_ferror(ctx, a, &err);
		}
	}
	free(s->split);
	s->split = assign;
	free(s->split_spec);
	s->split_spec = spec_text(a);
	free(s->split_column);
	s->split_column = col ? strdup(col) : NULL;
	for (size_t i = 0; i < n; i++)
		c[assign[i] < 4 ? assign[i] : 3]++;
	if (c[2])
		cli_info(ctx, "split: %zu train, %zu calibration, %zu test rows", c[0], c[2], c[1]);
	else
		cli_info(ctx, "split: %zu train, %zu test rows", c[0], c[1]);
	return CMD_OK;
}

static const struct cmd_opt split_opts[] = {
	{ "seed", OPT_INT, NULL, "random seed (default: the session's 'set seed')" },
	{ "stratify", OPT_BOOL, NULL, "keep class and group proportions in both parts (default yes)" },
	{ "calib", OPT_DOUBLE, NULL, "fraction of the training rows set aside for calibration" },
	{ "column", OPT_STRING, NULL, "use a column whose values are train/test/calib" },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_split_entry = {
	.name = "split", .min_args = 0, .max_args = 1, .opts = split_opts, .flags = CMD_NEEDS_SESSION,
	.usage = "FRACTION [seed=N] [stratify=yes|no] [calib=F] | column=COL",
	.help = "split the kept rows into train and test (FRACTION = training share)",
	.exec = cmd_split_exec,
};
