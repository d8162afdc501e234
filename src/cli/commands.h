/* commands.h -- the list of command entries (one cmd-<name>.c each). Adding a
 * command: a new file, one X() line here, one line in mk/cli.am, a man page
 * section and a test under tests/cli/. The order here is the order of `help`. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_COMMANDS_H
#define FAIRSH_CLI_COMMANDS_H

#include "cli/cli.h"

#define CLI_COMMANDS \
	X(load) X(attach) X(datasets) X(sessions) X(use) X(close) X(save) X(open) \
	X(describe) X(head) X(columns) X(derive) \
	X(target) X(sensitive) X(features) X(filter) X(split) X(weights) \
	X(train) X(jobs) X(wait) X(cancel) X(models) X(predict) X(export) \
	X(audit) X(bias) X(indices) X(compare) X(check) X(report) X(correct) X(tradeoff) X(explain) X(methods) \
	X(plot) X(view) X(set) X(show) X(source) X(history) X(help) X(quit)

#define X(name) extern const struct cmd_entry cmd_##name##_entry;
CLI_COMMANDS
#undef X

#endif
