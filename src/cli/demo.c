/* demo.c -- `fairsh --demo`: a short guided audit of the built-in demo:loans
 * data. Each step explains itself in plain words, then runs real commands
 * through cli_exec_line (the same path as typed input). On a terminal it
 * pauses between steps; otherwise it runs straight through. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli/demo.h"

struct demo_step {
	const char *say;
	const char *cmds[6];
};

static const struct demo_step steps[] = {
	{ "fairsh works on sessions: a dataset plus its audit set-up.\n"
	  "We generate the built-in loans data: 5000 applicants, with a historical bias\n"
	  "against one group written into the past decisions the data records.",
	  { "load demo:loans bias=1 seed=1", "describe", NULL } },
	{ "The target is what a model predicts: whether a loan was approved.\n"
	  "The sensitive attribute defines the groups we compare.",
	  { "target approved positive=yes", "sensitive group", NULL } },
	{ "Models are trained on one part of the rows and audited on the other.",
	  { "split 0.7 seed=1", NULL } },
	{ "A logistic regression learns from the past decisions, bias included.\n"
	  "It trains in the background; 'wait' waits for it here.",
	  { "train logreg as plain", "wait", NULL } },
	{ "The audit compares the groups: selection rates, error rates, and the\n"
	  "fairness metrics with a verdict in plain words.",
	  { "audit plain", NULL } },
	{ "FERM removes from the features the direction that separates the groups'\n"
	  "qualified applicants, so the model cannot use it. The Wasserstein\n"
	  "correction instead moves each group's scores onto a common distribution.",
	  { "train logreg pre=ferm as ferm", "wait", "correct plain with wasserstein as fair", NULL } },
	{ "Side by side: accuracy against each fairness metric.",
	  { "compare plain ferm fair", NULL } },
	{ "The picture: each group's score distribution, before and after.",
	  { "plot dist plain fair", NULL } },
};

enum cmd_retval
cli_demo(struct cli_ctx *ctx, bool pause)
{
	size_t nsteps = sizeof steps / sizeof steps[0];
	char line[64];

	printf("fairsh demo: a guided fairness audit of the built-in loans data (%zu steps)\n", nsteps);
	for (size_t i = 0; i < nsteps; i++) {
		printf("\n== step %zu of %zu ==\n%s\n", i + 1, nsteps, steps[i].say);
		for (size_t k = 0; k < 6 && steps[i].cmds[k]; k++) {
			printf("\nfairsh> %s\n", steps[i].cmds[k]);
			fflush(stdout);
			enum cmd_retval rv = cli_exec_line(ctx, steps[i].cmds[k]);
			if (rv != CMD_OK) {
				fprintf(stderr, "fairsh: the demo stopped at step %zu\n", i + 1);
				return rv;
			}
		}
		if (pause && i + 1 < nsteps) {
			printf("\n[press Enter to continue, q to stop] ");
			fflush(stdout);
			if (fgets(line, sizeof line, stdin) == NULL || line[0] == 'q')
				return CMD_OK;
		}
	}
	printf("\nThat was the demo. Start 'fairsh' and type 'help' to explore;\nthe manual is 'man fairsh'.\n");
	return CMD_OK;
}
