/* cmd-weights.c -- `weights COLUMN | none`: the sample (survey or
 * importance) weights that every audit figure and metric, `describe` and
 * training read; without an argument, shows the current ones. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/db.h"
#include "out/out.h"
#include "fairsh/session.h"

static enum cmd_retval cmd_weights_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_weights_entry = {
	.name = "weights", .min_args = 0, .max_args = 1, .flags = CMD_NEEDS_SESSION,
	.args = "[COLUMN | none]",
	.help = "set the sample weights column (none: unweighted) that audits, describe and train use",
	.exec = cmd_weights_exec,
};

/* Sum, Kish effective size (sum w)^2 / sum w^2 and range over the kept rows. */
static void
weights_summary(const fair_session *s, const double *w, double *sum, double *neff, double *lo, double *hi)
{
	size_t n = fair_frame_nrows(s->frame);
	double s1 = 0, s2 = 0;

	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < n; i++)
		if (s->keep == NULL || s->keep[i]) {
			s1 += w[i];
			s2 += w[i] * w[i];
			*lo = fmin(*lo, w[i]);
			*hi = fmax(*hi, w[i]);
		}
	*sum = s1;
	*neff = s2 > 0 ? s1 * s1 / s2 : 0;
}

static enum cmd_retval
cmd_weights_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	fair_error err;

	if (s == NULL)
		return CMD_ERROR;
	if (s->db != NULL || s->stream_path != NULL)   /* attached: summed where the rows are counted */
		return cli_db_weights(ctx, a, s);
	if (a->npos == 1) {
		const char *col = !strcmp(a->pos[0], "none") && fair_frame_find(s->frame, "none") < 0 ? NULL : a->pos[0];
		if (fair_session_set_weights(s, col, &err))
			return cli_ferror(ctx, a, &err);
		if (col == NULL) {
			cli_info(ctx, "no sample weights: every row counts once");
			return CMD_OK;
		}
	}
	const double *w = fair_session_weights(s);
	if (w == NULL) {
		cli_info(ctx, "no sample weights (set them with 'weights COLUMN')");
		return CMD_OK;
	}
	double sum, neff, lo, hi;
	weights_summary(s, w, &sum, &neff, &lo, &hi);
	char *name = out_escaped_value(s->weights);
	cli_info(ctx, "weights '%s': sum %.6g over %zu kept rows, from %.4g to %.4g, Kish effective size %.1f",
	         name ? name : "", sum, fair_session_nkept(s), lo, hi, neff);
	free(name);
	return CMD_OK;
}
