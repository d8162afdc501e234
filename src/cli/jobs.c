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
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/jobs.h"
#include "cli/repl.h"
#include "out/out.h"
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

	/* retraining a model that is still training: the new job starts when
	 * the running one is done, so the later one wins, as typed */
	if (cli_job_find(ctx, name) && fair_job_state(cli_job_find(ctx, name)) == FAIR_JOB_RUNNING) {
		if (strcmp(fair_job_session(cli_job_find(ctx, name)), s->name) != 0) {
			cli_error(ctx, a, "a job named '%s' is still running in session '%s' (wait for it, or use another name)",
			          name, fair_job_session(cli_job_find(ctx, name)));
			return NULL;
		}
		fair_job *r = cli_job_find(ctx, name);
		if (cli_wait_needed(ctx, a, r, NULL) != CMD_OK && fair_job_state(r) == FAIR_JOB_RUNNING)
			return NULL;   /* interrupted: neither job is affected */
	}
	sp = fair_train_spec_new(s, learner, keys, vals, nopts, name, seed, &err);
	if (sp == NULL) {
		cli_ferror(ctx, a, &err);
		return NULL;
	}
	if (ctx->set.memory_limit) {
		size_t dim, need = fair_train_spec_memory(sp, &dim);
		if (need > ctx->set.memory_limit) {
			cli_error(ctx, a, "training '%s' needs about %zu MB (%zu rows x %zu features), more than "
			          "memory.limit (%zu MB)", name, need >> 20, fair_train_spec_nrows(sp), dim,
			          ctx->set.memory_limit >> 20);
			fair_train_spec_free(sp);
			return NULL;
		}
	}
	if (fair_train_spec_setup_note(sp)[0])
		cli_info(ctx, "note: %s", fair_train_spec_setup_note(sp));
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

/* The named figures of a job's progress ("loss 0.52, valid 0.55") in @buf. */
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

/* Waits for @only (every job when NULL; every job of session @session
 * when given), with a progress bar on a terminal (with the figures of a
 * single job). Ctrl-C cancels the jobs waited for when @cancel (`wait`);
 * otherwise it stops the wait and leaves them running (*@interrupted set).
 * CMD_ERROR when one failed or the wait was interrupted. */
static enum cmd_retval
wait_jobs(struct cli_ctx *ctx, fair_job *only, const char *session, bool cancel, bool *interrupted)
{
	bool bar = ctx->tty_out && isatty(STDERR_FILENO), stopped = false;
	enum cmd_retval rv = CMD_OK;

	for (;;) {
		bool running = false;
		size_t it = 0, mx = 0, nrun = 0;
		char fig[160] = "";
		for (size_t i = 0; i < ctx->njobs; i++) {
			fair_job *j = ctx->jobs[i];
			if ((only && j != only) || (session && strcmp(fair_job_session(j), session) != 0))
				continue;
			if (fair_job_state(j) == FAIR_JOB_RUNNING) {
				running = true;
				it += atomic_load(&fair_job_progress(j)->iter);
				mx += atomic_load(&fair_job_progress(j)->iter_max);
				if (nrun++ == 0)
					cli_progress_figures(fair_job_progress(j), fig, sizeof fig);
				if (cli_interrupted && cancel)
					fair_job_cancel(j);
			}
		}
		if (!running)
			break;
		if (cli_interrupted && !cancel) {
			stopped = true;
			break;
		}
		if (bar && mx > 0) {
			/* the figures of a single job (a boosting run's losses) */
			int w = 40, k = (int)(w * (double)it / (double)mx), note = 50;
			struct winsize ws;
			/* the whole bar on one line of the terminal */
			if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_col - 49 < note)
				note = ws.ws_col > 49 ? ws.ws_col - 49 : 0;
			fprintf(stderr, "\r[%.*s%*s] %3d%% %-*.*s", k > w ? w : k, "########################################",
			        w - (k > w ? w : k), "", (int)(100.0 * (double)it / (double)mx), note, note,
			        nrun == 1 ? fig : "");
			fflush(stderr);
		}
		poll(NULL, 0, 20);
	}
	if (bar)
		fputs("\r\033[K", stderr);      /* erase the bar, whatever the width */
	cli_interrupted = 0;
	cli_reap_jobs(ctx, false);
	for (size_t i = 0; i < ctx->njobs; i++)
		if ((!only || ctx->jobs[i] == only) && (!session || !strcmp(fair_job_session(ctx->jobs[i]), session)) &&
		    fair_job_state(ctx->jobs[i]) == FAIR_JOB_FAILED)
			rv = CMD_ERROR;
	if (interrupted)
		*interrupted = stopped;
	return stopped ? CMD_ERROR : rv;
}

enum cmd_retval
cli_wait(struct cli_ctx *ctx, fair_job *only)
{
	return wait_jobs(ctx, only, NULL, true, NULL);
}

enum cmd_retval
cli_wait_needed(struct cli_ctx *ctx, const struct cli_args *a, fair_job *only, const fair_session *s)
{
	bool intr = false;
	enum cmd_retval rv = wait_jobs(ctx, only, s ? s->name : NULL, false, &intr);

	if (intr)
		return cli_error(ctx, a, "interrupted while waiting for %s%s%s; %s still running ('jobs' shows %s)",
		                 only ? "job '" : "the running jobs", only ? fair_job_name(only) : "", only ? "'" : "",
		                 only ? "it is" : "they are", only ? "it" : "them");
	return rv;
}

/* The running job that trains model @name of session @s, or NULL. */
static fair_job *
training_job(struct cli_ctx *ctx, const fair_session *s, const char *name)
{
	for (size_t i = ctx->njobs; i-- > 0;)
		if (!strcmp(fair_job_name(ctx->jobs[i]), name) && !strcmp(fair_job_session(ctx->jobs[i]), s->name) &&
		    fair_job_state(ctx->jobs[i]) == FAIR_JOB_RUNNING)
			return ctx->jobs[i];
	return NULL;
}

bool
cli_job_running(struct cli_ctx *ctx, const fair_session *s, const char *name)
{
	return training_job(ctx, s, name) != NULL;
}

enum cmd_retval
cli_wait_model(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const char *name)
{
	fair_job *j = training_job(ctx, s, name);
	int st;

	if (j == NULL)
		return CMD_OK;
	if (cli_wait_needed(ctx, a, j, NULL) != CMD_OK && fair_job_state(j) == FAIR_JOB_RUNNING)
		return CMD_ERROR;   /* interrupted: the job goes on */
	st = fair_job_state(j);
	if (st == FAIR_JOB_DONE)
		return CMD_OK;
	if (fair_session_find_model(s, name) != NULL)
		return cli_error(ctx, a, "the job retraining model '%s' %s; '%s' is still the previous model "
		                 "(run the command again to use it)", name,
		                 st == FAIR_JOB_CANCELED ? "was cancelled" : "failed (see 'jobs')", name);
	return cli_error(ctx, a, "model '%s' is not available: its training job %s", name,
	                 st == FAIR_JOB_CANCELED ? "was cancelled" : "failed (see 'jobs')");
}

fair_model *
cli_model(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const char *name)
{
	fair_model *m;
	fair_job *j;

	/* a model being (re)trained: the command is about the new one */
	if (cli_wait_model(ctx, a, s, name) != CMD_OK)
		return NULL;
	m = fair_session_find_model(s, name);
	if (m == NULL && (j = cli_job_find(ctx, name)) != NULL && !strcmp(fair_job_session(j), s->name)) {
		cli_reap_jobs(ctx, false);
		m = fair_session_find_model(s, name);
		if (m == NULL) {
			cli_error(ctx, a, "model '%s' is not available: its training job did not finish (see 'jobs')", name);
			return NULL;
		}
	}
	if (m == NULL) {
		fair_buf b = FAIR_BUF_INIT;
		const char **names = calloc(s->nmodels + 1, sizeof *names);
		char near[200] = "";
		for (size_t i = 0; i < s->nmodels; i++) {
			fair_buf_printf(&b, "%s%s", i ? ", " : "", fair_model_name(s->models[i]));
			if (names)
				names[i] = fair_model_name(s->models[i]);
		}
		if (names)
			cli_did_you_mean(name, names, s->nmodels, near, sizeof near);
		free(names);
		cli_error(ctx, a, "no model named '%s' in session '%s'%s (models: %s)", name, s->name, near,
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
		const char *note;
		/* the snapshot is no longer needed: the job keeps its note only */
		fair_job_release_arg(j, fair_train_spec_note(fair_job_arg(j)));
		note = fair_job_note(j);
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
		fair_job_release_arg(j, NULL);
		snprintf(msg, sizeof msg, "[job %s] cancelled", fair_job_name(j));
	} else {
		fair_error err;
		fair_job_release_arg(j, NULL);
		fair_job_error(j, &err);
		snprintf(msg, sizeof msg, "[job %s] failed: %s", fair_job_name(j), err.msg);
	}
	/* the notice quotes model names and messages that may hold data;
	 * a notice, not a result: never on a stdout that is not a terminal,
	 * nothing with -q; failures always reach stderr */
	char *shown = out_escaped(msg);
	if (async && (failed || !ctx->quiet))
		cli_repl_notice(shown ? shown : msg);
	else if (!failed)
		cli_info(ctx, "%s", shown ? shown : msg);
	else {
		fflush(stdout);
		fprintf(stderr, "fairsh: %s\n", shown ? shown : msg);
	}
	free(shown);
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

void
cli_leave_jobs(struct cli_ctx *ctx)
{
	size_t n = 0;

	for (size_t i = 0; i < ctx->njobs; i++)
		if (fair_job_state(ctx->jobs[i]) == FAIR_JOB_RUNNING) {
			fair_job_cancel(ctx->jobs[i]);
			fprintf(stderr, "%s'%s'", n++ ? ", " : "fairsh: cancelling running job(s) ", fair_job_name(ctx->jobs[i]));
		}
	if (n)
		fprintf(stderr, "\n");
	/* each stops at its next check (~10 ms of work, doc/style.md); one
	 * caught in a longer step does not hold fairsh: Ctrl-C leaves at once */
	cli_interrupted = 0;
	for (bool running = n > 0; running;) {
		running = false;
		for (size_t i = 0; i < ctx->njobs; i++)
			running |= fair_job_state(ctx->jobs[i]) == FAIR_JOB_RUNNING;
		if (running && cli_interrupted) {
			fflush(stdout);
			_exit(130);
		}
		if (running)
			poll(NULL, 0, 10);
	}
	for (size_t i = 0; i < ctx->njobs; i++)
		fair_job_join(ctx->jobs[i]);
}
