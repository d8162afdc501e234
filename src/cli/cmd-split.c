/* cmd-split.c -- `split FRACTION | column=COL`: the train/test (and
 * calibration) parts of the kept rows, stratified by class and group. */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fairsh/spec.h"

static enum cmd_retval cmd_split_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt split_opts[] = {
	{ "seed", OPT_INT, NULL, NULL, "random seed (default: the session's 'set seed')" },
	{ "stratify", OPT_BOOL, NULL, "yes|no", "keep class and group proportions in both parts (default yes)" },
	{ "calib", OPT_DOUBLE, NULL, "F", "fraction of the training rows set aside for calibration" },
	{ "column", OPT_STRING, NULL, "COL", "use a column whose values are train/test/calib" },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_split_entry = {
	.name = "split", .min_args = 0, .max_args = 1, .opts = split_opts, .flags = CMD_NEEDS_SESSION,
	.args = "FRACTION [{seed}] [{stratify}] [{calib}] | {column}",
	.help = "split the kept rows into train and test (FRACTION = training share)",
	.exec = cmd_split_exec,
};

static enum cmd_retval
cmd_split_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	size_t n, c[4] = { 0 };
	unsigned long seed;
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
		if (a->npos != 1) {
			free(assign);
			return cli_usage(ctx, a, NULL, NULL);
		}
		if (cli_parse_number(a->pos[0], &frac) < 0 || !(frac > 0 && frac < 1)) {
			free(assign);
			return cli_error(ctx, a, "FRACTION must be a number between 0 and 1 (the training share), not '%s'", a->pos[0]);
		}
		if (cli_opt_seed(ctx, a, "seed", &seed) ||
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
	fair_session_changed(s);
	free(s->split_spec);
	s->split_spec = cli_args_text(a);
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
