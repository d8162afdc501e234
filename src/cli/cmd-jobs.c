/* cmd-jobs.c -- `jobs`: the background jobs with state, progress, elapsed
 * time, ETA, loss and the named figures of a running job. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "cli/result.h"

static enum cmd_retval cmd_jobs_exec(struct cli_ctx *, const struct cli_args *);

static const struct cmd_opt jobs_opts[] = {
	CMD_OPT_TO,
	{ NULL, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_jobs_entry = {
	.name = "jobs", .min_args = 0, .max_args = 0, .flags = CMD_FORMAT, .opts = jobs_opts,
	.help = "list background jobs with state, progress, elapsed time and ETA",
	.exec = cmd_jobs_exec,
};

static void
fmt_secs(double s, char *buf, size_t len)
{
	if (isnan(s))
		snprintf(buf, len, "?");
	else if (s < 60)
		snprintf(buf, len, "%.1fs", s);
	else
		snprintf(buf, len, "%dm%02ds", (int)(s / 60), (int)fmod(s, 60));
}

static enum cmd_retval
cmd_jobs_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "id", "name", "model", "state", "progress", "elapsed", "eta", "loss", "note" };
	static const char *const states[] = { "running", "done", "failed", "cancelled" };
	struct out_table *t = out_table_new(a->format == OUT_TABLE ? NULL : "Background jobs", 9, cols);
	char buf[64];

	cli_reap_jobs(ctx, false);
	for (size_t i = 0; i < ctx->njobs; i++) {
		fair_job *j = ctx->jobs[i];
		fair_progress *p = fair_job_progress(j);
		int st = fair_job_state(j);
		size_t r = out_table_row(t), it = atomic_load(&p->iter), mx = atomic_load(&p->iter_max);
		out_table_int(t, r, 0, (long long)i + 1);
		out_table_str(t, r, 1, fair_job_name(j));
		out_table_str(t, r, 2, fair_job_what(j));
		out_table_str(t, r, 3, states[st]);
		if (st == FAIR_JOB_DONE)
			out_table_num(t, r, 4, 100, 3);
		else if (mx > 0)
			out_table_num(t, r, 4, floor(100.0 * (double)it / (double)mx), 3);
		else
			out_table_null(t, r, 4, "?");
		/* seconds in JSON and CSV, "1m02s" in text */
		fmt_secs(fair_job_elapsed(j), buf, sizeof buf);
		out_table_num_shown(t, r, 5, fair_job_elapsed(j), buf);
		fmt_secs(fair_job_eta(j), buf, sizeof buf);
		if (st == FAIR_JOB_RUNNING)
			out_table_num_shown(t, r, 6, fair_job_eta(j), buf);
		else
			out_table_null(t, r, 6, "");
		out_table_num(t, r, 7, atomic_load(&p->loss), 5);
		if (st == FAIR_JOB_FAILED) {
			fair_error err;
			fair_job_error(j, &err);
			out_table_str(t, r, 8, err.msg);
		} else if (st == FAIR_JOB_RUNNING) {
			char fig[160];   /* a boosting job's training and validation loss */
			cli_progress_figures(p, fig, sizeof fig);
			out_table_str(t, r, 8, fig);
		} else {
			out_table_str(t, r, 8, "");
		}
	}
	if (ctx->njobs == 0 && a->format == OUT_TABLE && !cli_result_to_file(ctx))
		cli_info(ctx, "no jobs");
	else
		cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}
