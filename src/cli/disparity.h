/* disparity.h -- the shell's side of disparities (`audit ... disparity=`,
 * `bias`): which figures, which reference group, which limits. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_DISPARITY_H
#define FAIRSH_CLI_DISPARITY_H

#include "cli/cli.h"
#include "fairsh/disparity.h"

/* Parses @spec, "all", "aequitas" or FIGURE[,FIGURE...] (figure names as
 * `explain` lists them), into *@figs (caller frees) for a report of @task.
 * 0, or -1 with the error printed (unknown figure, one of the other task,
 * a figure twice). */
int cli_disparity_figs(struct cli_ctx *ctx, const struct cli_args *a, const char *spec, int task, int **figs,
                       size_t *n);

/* The reference= word of the session's `sensitive` command (copied into
 * @buf), or NULL when it has none. */
const char *cli_sensitive_reference(const fair_session *s, char *buf, size_t size);

/* Fills @o for report @r: the reference from @ref ("largest", "min_metric"
 * or a group label; NULL: the privileged group when there is one, else the
 * largest), the limits from the settings (`set fairness.limit`) unless
 * @limit is not NaN. 0, or -1 with the error printed (no such group). */
int cli_disparity_opts(struct cli_ctx *ctx, const struct cli_args *a, const fair_report *r, const char *ref,
                       double limit, fair_disparity_opts *o);

/* The fairness tree's paragraph for the session's target, with the two
 * figures it names and how the audited groups fare on them (one line per
 * figure: the groups out of parity, or that all are in parity), appended
 * to @b. */
void cli_fairness_tree_text(const fair_report *r, const fair_disparity *d, fair_buf *b);

/* The same for a classification report @r of session @s on its own: the
 * tree's two figures against the session's reference group (as `audit
 * ... disparity=` takes it) at `set fairness.limit`, after the words
 * "Fairness tree (Aequitas): ". Nothing for a regression report or when
 * the reference has no rows in @r. */
void cli_fairness_tree_report(struct cli_ctx *ctx, const struct cli_args *a, const fair_session *s,
                              const fair_report *r, fair_buf *b);

#endif
