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
 * Ctrl-C cancels what is waited for. CMD_ERROR when one of them failed. */
enum cmd_retval cli_wait(struct cli_ctx *ctx, fair_job *only);
/* The model @name of session @s; waits for its job first when one is
 * running (in command files a command that needs a model waits for it).
 * NULL with an error printed. */
fair_model *cli_model(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const char *name);

/* True when session @name has running jobs. */
bool cli_session_busy(struct cli_ctx *ctx, const char *name);
/* Read end of the job-notification pipe, or -1. */
int  cli_notify_fd(struct cli_ctx *ctx);
/* Collects finished jobs, installs their models and prints one notice each
 * (above the prompt when @async). */
void cli_reap_jobs(struct cli_ctx *ctx, bool async);

#endif
