/* cli.h -- the shell front end: context, command table, argument access.
 * Every input line (interactive, -c, -f, piped, `source`) goes through
 * cli_exec_line(). Commands live in cmd-*.c, one file each (tmux style). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_H
#define FAIRSH_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "fairsh/error.h"
#include "fairsh/job.h"
#include "fairsh/progress.h"
#include "fairsh/session.h"

enum cmd_retval { CMD_OK = 0, CMD_ERROR = 1, CMD_EXIT = 2 };

enum out_format { OUT_TABLE = 0, OUT_CSV, OUT_JSON, OUT_MARKDOWN };

enum cmd_opt_type { OPT_STRING, OPT_INT, OPT_DOUBLE, OPT_BOOL, OPT_CHOICE, OPT_LIST };

struct cmd_opt {
	const char *name;       /* "delim" */
	int         type;       /* enum cmd_opt_type */
	const char *choices;    /* OPT_CHOICE: "table|csv|json|markdown" */
	const char *help;       /* one line */
};

enum cmd_flags {
	CMD_NEEDS_SESSION = 1 << 0,  /* fails with a clear message when no data is loaded */
	CMD_RAW_ARGS      = 1 << 1,  /* positional words may contain '=' (filter) */
	CMD_FORMAT        = 1 << 2,  /* accepts format=table|csv|json|markdown */
	CMD_AS            = 1 << 3,  /* accepts `as NAME` */
	CMD_RAW_OPTS      = 1 << 4,  /* any key=value is accepted (checked by the core) */
};

struct cli_ctx;
struct cli_args;

struct cmd_entry {
	const char *name;
	const char *alias;
	const struct cmd_opt *opts;    /* terminated by a {NULL} entry; may be NULL */
	int         min_args, max_args; /* positional words; -1 = unlimited */
	int         flags;
	const char *usage;             /* "PATH [as NAME] [delim=C] ..." */
	const char *help;              /* one line for `help` */
	enum cmd_retval (*exec)(struct cli_ctx *, const struct cli_args *);
};

struct cli_args {
	const struct cmd_entry *entry;
	size_t  npos;
	char  **pos;                   /* positional words (borrowed from the tokenizer) */
	size_t  nopt;
	char  **key, **val;            /* key=value options, in order */
	const char *as;                /* `as NAME`, or NULL */
	int     format;                /* enum out_format (from format= or the setting) */
};

/* Settings changed with `set`, shown by `show settings`. */
struct cli_settings {
	unsigned long seed;
	int           format;           /* default output format */
	bool          timer;
	int           convention;       /* enum fair_convention (metric.h) */
	size_t        memory_limit;     /* bytes, 0 = none */
	char         *plot_terminal;
	char         *plot_gnuplot;
	double        threshold;        /* probability threshold for hard decisions */
};

/* The last trade-off sweep (`tradeoff`), for `plot tradeoff`. */
struct cli_sweep {
	char   *label;          /* "logreg pre=ferm", "wasserstein(plain)" */
	char   *param;          /* "eps", "alpha", "lambda" */
	int     task;           /* enum fair_task */
	size_t  n;
	double *values;         /* n parameter values */
	double *perf;           /* n: accuracy (classification) or MSE (regression) */
	size_t  nmetrics;
	char  **metric_names;   /* nmetrics JSON names */
	double *metrics;        /* n x nmetrics */
};

struct cli_ctx {
	fair_workbench *wb;             /* sessions, models, jobs (core) */
	struct cli_settings set;
	bool   interactive;             /* readline REPL running */
	bool   echo;                    /* --echo: print each command before its output */
	bool   keep_going;
	bool   tty_out;                 /* stdout is a terminal */
	const char *file;               /* current input file for messages, NULL = interactive/-c */
	size_t lineno;
	int    depth;                   /* `source` nesting */
	const char *sources[17];        /* files being sourced (self-inclusion check) */
	size_t ncommands;               /* commands run (history numbering) */
	char **history; size_t nhistory, caphistory;   /* successful commands, for `history save` */
	fair_job **jobs; size_t njobs, capjobs;         /* background jobs, oldest first */
	unsigned job_seq;                               /* for default model names */
	int    notify[2];                               /* job-notification pipe (read, write) */
	struct cli_sweep *sweep;                        /* last trade-off sweep, or NULL */
	int    stdout_error;                            /* batch: writing stdout failed (errno; EPIPE:
	                                                   the reader went away, e.g. `| head`) */
};

void cli_sweep_free(struct cli_sweep *sw);

/* The progress record of the command running in the foreground (Ctrl-C
 * cancels it), or NULL. */
extern fair_progress *volatile cli_fg_progress;
/* True when session @name has running jobs. */
bool cli_session_busy(struct cli_ctx *ctx, const char *name);

extern volatile sig_atomic_t cli_interrupted;

/* Runs every command of @line; returns the worst status. */
enum cmd_retval cli_exec_line(struct cli_ctx *ctx, const char *line);
/* Runs a command file (batch); stops at the first error unless keep_going. */
enum cmd_retval cli_run_file(struct cli_ctx *ctx, const char *path, FILE *fp);

void cli_ctx_init(struct cli_ctx *ctx);
void cli_ctx_release(struct cli_ctx *ctx);

/* Messages: "fairsh: FILE:LINE: CMD: msg" on stderr (or under the prompt). */
enum cmd_retval cli_error(struct cli_ctx *ctx, const struct cli_args *a, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
enum cmd_retval cli_ferror(struct cli_ctx *ctx, const struct cli_args *a, const fair_error *err);
void cli_warn(struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Informational line on stdout (e.g. "loaded 48842 rows x 16 columns"). */
void cli_info(struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Typed option access (tmux's args_get / args_strtonum). */
const char *cli_opt(const struct cli_args *a, const char *key);
int  cli_opt_double(struct cli_ctx *ctx, const struct cli_args *a, const char *key, double def,
                    double lo, double hi, double *out);
int  cli_opt_size(struct cli_ctx *ctx, const struct cli_args *a, const char *key, size_t def,
                  size_t lo, size_t hi, size_t *out);
int  cli_opt_bool(struct cli_ctx *ctx, const struct cli_args *a, const char *key, bool def, bool *out);
int  cli_parse_bool(const char *s, bool *out);

/* The current session, or NULL with an error printed. */
fair_session *cli_session(struct cli_ctx *ctx, const struct cli_args *a);

/* Command table access for help and completion. */
const struct cmd_entry *const *cli_cmd_table(size_t *n);
const struct cmd_entry *cli_cmd_find(const char *name, char *errbuf, size_t errlen);

#endif
