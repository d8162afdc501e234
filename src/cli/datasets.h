/* datasets.h -- the shell's side of the shipped datasets (fairsh/datasets.h):
 * where their files are looked for, `load NAME` and `load data:NAME`, and
 * the suggested set-up that `load NAME setup=yes` applies. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_DATASETS_H
#define FAIRSH_CLI_DATASETS_H

#include <stddef.h>

#include "cli/cli.h"
#include "fairsh/datasets.h"

/* The directories searched for dataset files, in order: $FAIRSH_DATA (when
 * set), share/fairsh/data of the source tree fairsh was built from (an
 * uninstalled build), ../share/fairsh/data from the fairsh program (a moved
 * installation), and the configured installation directory. Fills @dirs (at
 * most 4, pointing into @buf or static) and returns how many. */
size_t cli_dataset_dirs(const char *dirs[4], char *buf, size_t len);

/* The dataset that a `load` argument names: "data:NAME", or a bare NAME (no
 * '/' and no '.') when no file of that name exists. NULL otherwise;
 * *@explicit_ tells whether "data:" was written. */
const fair_dataset *cli_dataset_named(const char *arg, int *explicit_);

/* The path of @d's file (caller frees), or NULL with an error printed. */
char *cli_dataset_path(struct cli_ctx *ctx, const struct cli_args *a, const fair_dataset *d);

/* The commands of @d's suggested set-up (filter, target, sensitive, split,
 * features), one per string; the caller frees them with cli_dataset_free. */
char **cli_dataset_setup_commands(const fair_dataset *d, size_t *n);
void   cli_dataset_free(char **v, size_t n);

/* Runs the set-up commands on the current session, each shown before its
 * output; they are not added to the history (the `load ... setup=yes` that
 * ran them is). */
enum cmd_retval cli_dataset_setup(struct cli_ctx *ctx, const struct cli_args *a, const fair_dataset *d);

/* `explain NAME`: title, provenance, caveats, suggested use, terms, as a
 * new string (caller frees); NULL when out of memory. */
char *cli_dataset_text(const fair_dataset *d);

#endif
