/* ctx.c -- the shell context: default settings, the job-notification pipe,
 * and freeing it all at the end (the jobs themselves: jobs.c). */
/* SPDX-License-Identifier: MIT */
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/repl.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"

volatile sig_atomic_t cli_interrupted;
fair_progress *volatile cli_fg_progress;

void
cli_ctx_init(struct cli_ctx *ctx)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->wb = fair_workbench_new();
	ctx->set.seed = 1;
	ctx->set.format = OUT_TABLE;
	ctx->set.convention = FAIR_CONV_STRICT;
	ctx->set.threshold = 0.5;
	ctx->set.width = -1;
	ctx->set.fairness_limit = 0.8;
	for (int f = 0; f < FAIR_FIG_COUNT; f++)
		ctx->set.fairness_fig_limit[f] = NAN;
	ctx->notify[0] = ctx->notify[1] = -1;
	if (pipe(ctx->notify) == 0) {
		fcntl(ctx->notify[0], F_SETFL, O_NONBLOCK);
		fcntl(ctx->notify[0], F_SETFD, FD_CLOEXEC);
		fcntl(ctx->notify[1], F_SETFD, FD_CLOEXEC);
	}
}

void
cli_ctx_release(struct cli_ctx *ctx)
{
	for (size_t i = 0; i < ctx->njobs; i++)
		fair_job_cancel(ctx->jobs[i]);
	for (size_t i = 0; i < ctx->njobs; i++)
		fair_job_free(ctx->jobs[i]);
	free(ctx->jobs);
	fair_workbench_free(ctx->wb);
	for (size_t i = 0; i < ctx->nhistory; i++)
		free(ctx->history[i]);
	free(ctx->history);
	cli_sweep_free(ctx->sweep);
	cli_checks_free(ctx);
	free(ctx->set.plot_terminal);
	free(ctx->set.plot_gnuplot);
	if (ctx->notify[0] >= 0) {
		close(ctx->notify[0]);
		close(ctx->notify[1]);
	}
}
