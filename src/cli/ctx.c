/* ctx.c -- the shell context: settings, job list and notification pipe,
 * reaping finished jobs (their models are installed into their session). */
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
	free(ctx->set.plot_terminal);
	free(ctx->set.plot_gnuplot);
	if (ctx->notify[0] >= 0) {
		close(ctx->notify[0]);
		close(ctx->notify[1]);
	}
}

int
cli_notify_fd(struct cli_ctx *ctx)
{
	return ctx->notify[0];
}

bool
cli_session_busy(struct cli_ctx *ctx, const char *name)
{
	for (size_t i = 0; i < ctx->njobs; i++)
		if (!strcmp(fair_job_session(ctx->jobs[i]), name) &&
		    fair_job_state(ctx->jobs[i]) == FAIR_JOB_RUNNING)
			return true;
	return false;
}

/* Installs the result of a finished job and reports it (once). */
static void
finish_job(struct cli_ctx *ctx, fair_job *j, bool async)
{
	char msg[1200];
	int st = fair_job_state(j);

	if (st == FAIR_JOB_RUNNING || fair_job_reported(j))
		return;
	fair_job_join(j);
	fair_job_set_reported(j);
	if (st == FAIR_JOB_DONE) {
		fair_model *m = fair_job_take_result(j);
		fair_session *s = fair_workbench_find(ctx->wb, fair_job_session(j));
		fair_error err;
		const char *note = fair_train_spec_note(fair_job_arg(j));
		if (s == NULL) {
			snprintf(msg, sizeof msg, "[job %s] done, but session '%s' was closed; model discarded",
			         fair_job_name(j), fair_job_session(j));
			fair_model_unref(m);
		} else if (fair_session_add_model(s, m, &err)) {
			snprintf(msg, sizeof msg, "[job %s] failed: %s", fair_job_name(j), err.msg);
			fair_model_unref(m);
		} else {
			snprintf(msg, sizeof msg, "[job %s] done in %.2f s: model '%s' (%s)%s%s", fair_job_name(j),
			         fair_job_elapsed(j), fair_model_name(m), fair_model_desc(m), note[0] ? "; " : "", note);
		}
	} else if (st == FAIR_JOB_CANCELED) {
		snprintf(msg, sizeof msg, "[job %s] cancelled", fair_job_name(j));
	} else {
		fair_error err;
		fair_job_error(j, &err);
		snprintf(msg, sizeof msg, "[job %s] failed: %s", fair_job_name(j), err.msg);
	}
	if (async)
		cli_repl_notice(msg);
	else if (st == FAIR_JOB_DONE || st == FAIR_JOB_CANCELED)
		printf("%s\n", msg);
	else {
		fflush(stdout);
		fprintf(stderr, "fairsh: %s\n", msg);
	}
}

void
cli_reap_jobs(struct cli_ctx *ctx, bool async)
{
	char buf[64];

	if (ctx->notify[0] >= 0)
		while (read(ctx->notify[0], buf, sizeof buf) > 0)
			;
	for (size_t i = 0; i < ctx->njobs; i++)
		finish_job(ctx, ctx->jobs[i], async);
}
