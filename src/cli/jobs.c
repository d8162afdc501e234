/* jobs.c -- the shell's background jobs: starting a training job, the job
 * list, waiting (with a progress bar; Ctrl-C cancels), reaping finished jobs
 * (their models go into their session, one notice each), and finding a
 * model that may still be training. The jobs themselves run in the core
 * (fairsh/job.h). */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/jobs.h"
#include "cli/repl.h"
#include "fairsh/buf.h"

static void *
train_job(void *arg, fair_progress *prog, fair_error *err)
{
	return fair_model_train(arg, prog, err);
}

static void
free_spec(void *p)
{
	fair_train_spec_free(p);
}

static void
free_model(void *p)
{
	fair_model_unref(p);
}

int
cli_job_add(struct cli_ctx *ctx, fair_job *j)
{
	if (ctx->njobs == ctx->capjobs) {
		size_t ncap = ctx->capjobs ? 2 * ctx->capjobs : 8;
		fair_job **p = realloc(ctx->jobs, ncap * sizeof *p);
		if (p == NULL)
			return -1;
		ctx->jobs = p;
		ctx->capjobs = ncap;
	}
	ctx->jobs[ctx->njobs++] = j;
	return 0;
}

fair_job *
cli_job_find(struct cli_ctx *ctx, const char *name)
{
	for (size_t i = ctx->njobs; i-- > 0;)
		if (!strcmp(fair_job_name(ctx->jobs[i]), name))
			return ctx->jobs[i];
	return NULL;
}

/* Starts training @learner with the options of @a as model @name in the
 * current session; returns the job or NULL (error printed). */
fair_job *
cli_start_training(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const char *learner,
                   const char *const *keys, const char *const *vals, size_t nopts, const char *name,
                   unsigned long seed)
{
	fair_error err;
	fair_train_spec *sp;
	fair_job *j;
	fair_buf what = FAIR_BUF_INIT;

	if (cli_job_find(ctx, name) && fair_job_state(cli_job_find(ctx, name)) == FAIR_JOB_RUNNING) {
		cli_error(ctx, a, "a job named '%s' is still running", name);
		return NULL;
	}
	sp = fair_train_spec_new(s, learner, keys, vals, nopts, name, seed, &err);
	if (sp == NULL) {
		cli_ferror(ctx, a, &err);
		return NULL;
	}
	fair_buf_puts(&what, learner);
	for (size_t i = 0; i < nopts; i++)
		fair_buf_printf(&what, " %s=%s", keys[i], vals[i]);
	j = fair_job_start(name, what.buf, s->name, train_job, sp, free_spec, free_model, ctx->notify[1], &err);
	fair_buf_release(&what);
	if (j == NULL) {
		cli_ferror(ctx, a, &err);
		return NULL;
	}
	if (cli_job_add(ctx, j) < 0) {
		fair_job_free(j);
		cli_error(ctx, a, "out of memory");
		return NULL;
	}
	return j;
}

/* Waits for @j (or every job when NULL); a progress bar on a terminal.
 * Ctrl-C cancels the job(s) waited for. Returns CMD_ERROR when one failed. */
void
cli_progress_figures(fair_progress *p, char *buf, size_t len)
{
	const char *ln = atomic_load(&p->loss_name), *an = atomic_load(&p->aux_name);
	double l = atomic_load(&p->loss), x = atomic_load(&p->aux);
	int k = 0;

	buf[0] = '\0';
	if (ln != NULL && !isnan(l))
		k = snprintf(buf, len, "%s %.4g", ln, l);
	if (an != NULL && !isnan(x) && k >= 0 && (size_t)k < len)
		snprintf(buf + k, len - (size_t)k, "%s%s %.4g", k ? ", " : "", an, x);
}

enum cmd_retval
cli_wait(struct cli_ctx *ctx, fair_job *only)
{
	bool bar = ctx->tty_out && isatty(STDERR_FILENO);
	enum cmd_retval rv = CMD_OK;

	for (;;) {
		bool running = false;
		size_t it = 0, mx = 0, nrun = 0;
		char fig[160] = "";
		for (size_t i = 0; i < ctx->njobs; i++) {
			fair_job *j = ctx->jobs[i];
			if (only && j != only)
				continue;
			if (fair_job_state(j) == FAIR_JOB_RUNNING) {
				running = true;
				it += atomic_load(&fair_job_progress(j)->iter);
				mx += atomic_load(&fair_job_progress(j)->iter_max);
				if (nrun++ == 0)
					cli_progress_figures(fair_job_progress(j), fig, sizeof fig);
				if (cli_interrupted)
					fair_job_cancel(j);
			}
		}
		if (!running)
			break;
		if (bar && mx > 0) {
			/* the figures of a single job (a boosting run's losses) */
			int w = 40, k = (int)(w * (double)it / (double)mx);
			fprintf(stderr, "\r[%.*s%*s] %3d%% %-50.50s", k > w ? w : k, "########################################",
			        w - (k > w ? w : k), "", (int)(100.0 * (double)it / (double)mx), nrun == 1 ? fig : "");
			fflush(stderr);
		}
		poll(NULL, 0, 20);
	}
	if (bar)
		fprintf(stderr, "\r%100s\r", "");
	cli_interrupted = 0;
	cli_reap_jobs(ctx, false);
	for (size_t i = 0; i < ctx->njobs; i++)
		if ((!only || ctx->jobs[i] == only) && fair_job_state(ctx->jobs[i]) == FAIR_JOB_FAILED)
			rv = CMD_ERROR;
	return rv;
}

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
	bool failed = st != FAIR_JOB_DONE && st != FAIR_JOB_CANCELED;

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
			failed = true;
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
	/* a notice, not a result: never on a stdout that is not a terminal,
	 * nothing with -q; failures always reach stderr */
	if (async && (failed || !ctx->quiet))
		cli_repl_notice(msg);
	else if (!failed)
		cli_info(ctx, "%s", msg);
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
