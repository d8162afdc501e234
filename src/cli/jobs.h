/* jobs.h -- job helpers shared by the commands that start or need jobs. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_JOBS_H
#define FAIRSH_CLI_JOBS_H

#include "cli/cli.h"
#include "fairsh/job.h"
#include "fairsh/model.h"

int       cli_job_add(struct cli_ctx *ctx, fair_job *j);
fair_job *cli_job_find(struct cli_ctx *ctx, const char *name);
fair_job *cli_start_training(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s,
                             const char *learner, const char *const *keys, const char *const *vals,
                             size_t nopts, const char *name, unsigned long seed);
enum cmd_retval cli_wait(struct cli_ctx *ctx, fair_job *only);
/* The model @name of session @s; waits for its job first when one is
 * running (in command files a command that needs a model waits for it).
 * NULL with an error printed. */
fair_model *cli_model(struct cli_ctx *ctx, const struct cli_args *a, fair_session *s, const char *name);

#endif
