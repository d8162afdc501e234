/* cmd-train.c -- `train` (a background job), `jobs`, `wait`, `cancel`. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "cli/repl.h"
#include "fairsh/buf.h"
#include "fairsh/model.h"

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

static enum cmd_retval
cmd_train_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_session *s = cli_session(ctx, a);
	const char **keys, **vals;
	size_t n = 0, seed = ctx->set.seed;
	char name[128];
	fair_job *j;

	if (s == NULL)
		return CMD_ERROR;
	keys = calloc(a->nopt + 1, sizeof *keys);
	vals = calloc(a->nopt + 1, sizeof *vals);
	for (size_t i = 0; i < a->nopt; i++) {
		if (!strcmp(a->key[i], "seed")) {
			char *end;
			seed = strtoul(a->val[i], &end, 10);
			if (*end != '\0' || a->val[i][0] == '-') {
				free(keys);
				free(vals);
				return cli_error(ctx, a, "seed must be a non-negative integer, not '%s'", a->val[i]);
			}
			continue;
		}
		keys[n] = a->key[i];
		vals[n++] = a->val[i];
	}
	/* a model trained on a representation waits for that representation */
	if (cli_opt(a, "on") != NULL && cli_model(ctx, a, s, cli_opt(a, "on")) == NULL) {
		free(keys);
		free(vals);
		return CMD_ERROR;
	}
	if (a->as)
		snprintf(name, sizeof name, "%s", a->as);
	else {
		/* logreg, logreg2, ... */
		snprintf(name, sizeof name, "%s", a->pos[0]);
		for (unsigned k = 2; fair_session_find_model(s, name) || cli_job_find(ctx, name); k++)
			snprintf(name, sizeof name, "%s%u", a->pos[0], k);
	}
	j = cli_start_training(ctx, a, s, a->pos[0], keys, vals, n, name, (unsigned long)seed);
	free(keys);
	free(vals);
	if (j == NULL)
		return CMD_ERROR;
	cli_info(ctx, "training '%s' in the background (job %s; 'jobs' shows progress, 'wait' waits)", name, name);
	return CMD_OK;
}

/* Every key=value is passed on to the model; the core validates it. */
const struct cmd_entry cmd_train_entry = {
	.name = "train", .alias = "t", .min_args = 1, .max_args = 1, .flags = CMD_NEEDS_SESSION | CMD_AS | CMD_RAW_OPTS,
	.usage = "MODEL [as NAME] [seed=N] [pre=ferm|reweigh|direpair] [on=REPNAME [target=COL]] [key=value ...]   (MODEL: logreg, ridge, svm, mlp, xgboost, forest, ferm, expgrad, fairrep; 'help MODEL' lists its options)",
	.help = "train a model in the background (the prompt stays free)",
	.exec = cmd_train_exec,
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

/* "train logloss 0.3012, valid logloss 0.3150": the named figures of a
 * running job's progress (empty when the learner does not name them). */
static void
progress_figures(fair_progress *p, char *buf, size_t len)
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

static enum cmd_retval
cmd_jobs_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	static const char *const cols[] = { "id", "name", "model", "state", "progress", "elapsed", "eta", "loss", "note" };
	static const char *const states[] = { "running", "done", "failed", "cancelled" };
	struct out_table *t = out_table_new(NULL, 9, cols);
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
		fmt_secs(fair_job_elapsed(j), buf, sizeof buf);
		out_table_str(t, r, 5, buf);
		fmt_secs(fair_job_eta(j), buf, sizeof buf);
		out_table_str(t, r, 6, st == FAIR_JOB_RUNNING ? buf : "");
		out_table_num(t, r, 7, atomic_load(&p->loss), 5);
		if (st == FAIR_JOB_FAILED) {
			fair_error err;
			fair_job_error(j, &err);
			out_table_str(t, r, 8, err.msg);
		} else if (st == FAIR_JOB_RUNNING) {
			char fig[160];
			progress_figures(p, fig, sizeof fig);
			out_table_str(t, r, 8, fig);
		} else {
			out_table_str(t, r, 8, "");
		}
	}
	if (ctx->njobs == 0 && a->format == OUT_TABLE)
		cli_info(ctx, "no jobs");
	else
		cli_print_table(ctx, a, t);
	out_table_free(t);
	return CMD_OK;
}

const struct cmd_entry cmd_jobs_entry = {
	.name = "jobs", .min_args = 0, .max_args = 0, .flags = CMD_FORMAT,
	.usage = "[format=table|csv|json|markdown]",
	.help = "list background jobs with state, progress, elapsed time and ETA",
	.exec = cmd_jobs_exec,
};

/* Waits for @j (or every job when NULL); a progress bar on a terminal.
 * Ctrl-C cancels the job(s) waited for. Returns CMD_ERROR when one failed. */
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
					progress_figures(fair_job_progress(j), fig, sizeof fig);
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

static enum cmd_retval
cmd_wait_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_job *j = NULL;
	size_t before = 0;

	if (a->npos == 1 && (j = cli_job_find(ctx, a->pos[0])) == NULL)
		return cli_error(ctx, a, "no job named '%s' (see 'jobs')", a->pos[0]);
	for (size_t i = 0; i < ctx->njobs; i++)
		before += fair_job_state(ctx->jobs[i]) == FAIR_JOB_FAILED && fair_job_reported(ctx->jobs[i]);
	enum cmd_retval rv = cli_wait(ctx, j);
	if (rv == CMD_ERROR) {
		/* only a job that failed during this wait makes `wait` fail */
		size_t after = 0;
		for (size_t i = 0; i < ctx->njobs; i++)
			after += fair_job_state(ctx->jobs[i]) == FAIR_JOB_FAILED;
		if (j == NULL && after == before)
			rv = CMD_OK;
		else
			cli_error(ctx, a, "a job failed (see 'jobs')");
	}
	return rv;
}

const struct cmd_entry cmd_wait_entry = {
	.name = "wait", .min_args = 0, .max_args = 1,
	.usage = "[NAME]",
	.help = "wait for a job (default: all) with a progress bar; Ctrl-C cancels it",
	.exec = cmd_wait_exec,
};

static enum cmd_retval
cmd_cancel_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	fair_job *j = cli_job_find(ctx, a->pos[0]);

	if (j == NULL)
		return cli_error(ctx, a, "no job named '%s' (see 'jobs')", a->pos[0]);
	if (fair_job_state(j) != FAIR_JOB_RUNNING)
		return cli_error(ctx, a, "job '%s' is not running", a->pos[0]);
	fair_job_cancel(j);
	fair_job_join(j);
	cli_reap_jobs(ctx, false);
	return CMD_OK;
}

const struct cmd_entry cmd_cancel_entry = {
	.name = "cancel", .min_args = 1, .max_args = 1,
	.usage = "NAME",
	.help = "stop a running job (within 100 ms) and free its memory",
	.exec = cmd_cancel_exec,
};
