/* jobs.h -- the shell's background jobs (jobs.c), for the commands that
 * start, list, wait for or need them, and for the REPL. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_JOBS_H
#define FAIRSH_CLI_JOBS_H

#include "cli/cli.h"
#include "fairsh/job.h"
#include "fairsh/model.h"

/* Adds @j (taken over) to the job list; 0, or -1 when out of memory. */
int       cli_job_add(struct cli_ctx *ctx, fair_job *j);
/* The newest job named @name, or NULL (borrowed). */
fair_job *cli_job_find(struct cli_ctx *ctx, const char *name);
/* Starts training @learner with the @nopts options as model @name of @s;
 * the job (borrowed: the list owns it), or NULL with the error printed. */
fair_job *cli_start_training(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
                             const char *learner, const char *const *keys, const char *const *vals,
                             size_t nopts, const char *name, unsigned long seed);
/* "train logloss 0.3012, valid logloss 0.3150": the named figures of a
 * running job's progress into @buf ("" when the learner names none). */
void cli_progress_figures(fair_progress *p, char *buf, size_t len);
/* Waits for @only (every job when NULL), with a progress bar on a terminal;
 * Ctrl-C cancels what is waited for (the `wait` command). CMD_ERROR when
 * one of them failed. */
enum cmd_retval cli_wait(struct cli_ctx *ctx, fair_job *only);
/* Waits for what a command needs: @only, else the jobs of session @s, else
 * every job. Ctrl-C stops the wait and leaves the jobs running: CMD_ERROR
 * with "interrupted while waiting ..." printed; also CMD_ERROR when one of
 * them failed (its notice printed). */
enum cmd_retval cli_wait_needed(struct cli_ctx *ctx, const struct cli_args *a, fair_job *only, const fair_session *s);
/* A command that names model @name of @s while a job (re)trains it waits
 * for that job: CMD_OK when it is done (or none runs); CMD_ERROR, printed,
 * when the wait was interrupted or the job failed or was cancelled (then
 * the previous model, if any, is not used silently). */
enum cmd_retval cli_wait_model(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const char *name);
/* True when a job is training model @name of @s. */
bool cli_job_running(struct cli_ctx *ctx, const fair_session *s, const char *name);
/* The model @name of session @s; waits for its job first when one is
 * running, also when it retrains an existing model (cli_wait_model).
 * NULL with an error printed. */
fair_model *cli_model(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const char *name);

/* True when session @name has running jobs. */
bool cli_session_busy(struct cli_ctx *ctx, const char *name);
/* Leaving the prompt: cancels every running job (naming them on stderr)
 * and joins them. */
void cli_leave_jobs(struct cli_ctx *ctx);
/* Read end of the job-notification pipe, or -1. */
int  cli_notify_fd(struct cli_ctx *ctx);
/* Collects finished jobs, installs their models and prints one notice each
 * (above the prompt when @async). */
void cli_reap_jobs(struct cli_ctx *ctx, bool async);

#endif
