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

#include "fairsh/buf.h"
#include "fairsh/error.h"
#include "fairsh/job.h"
#include "fairsh/metric.h"
#include "fairsh/progress.h"
#include "fairsh/session.h"

enum cmd_retval { CMD_OK = 0, CMD_ERROR = 1, CMD_EXIT = 2 };

/* OUT_JUNIT only for commands with CMD_JUNIT (check). */
enum out_format { OUT_TABLE = 0, OUT_CSV, OUT_JSON, OUT_MARKDOWN, OUT_JUNIT };

/* OPT_OUTFILE: the file the command's result is written to instead of
 * stdout (CMD_OPT_TO); the dispatcher handles it (result.c). */
enum cmd_opt_type { OPT_STRING, OPT_INT, OPT_DOUBLE, OPT_BOOL, OPT_CHOICE, OPT_LIST, OPT_OUTFILE };

struct cmd_opt {
	const char *name;       /* "delim" */
	int         type;       /* enum cmd_opt_type */
	const char *choices;    /* OPT_CHOICE: "table|csv|json|markdown" */
	const char *arg;        /* the value in the usage line ("C" in delim=C); NULL: the
	                           choices, "yes" (OPT_BOOL), "N" (OPT_INT), "X" (OPT_DOUBLE),
	                           "LIST" (OPT_LIST) or "VALUE" (OPT_STRING) */
	const char *help;       /* one line */
};

/* The rows of the audited data, shared by every command that audits. */
#define CMD_OPT_ON { "on", OPT_CHOICE, "test|train|all|calib", NULL, \
	"which rows (default: test with a split, else all)" }
/* The file the result goes to, shared by every command that produces one:
 * written atomically, in the format of format= or of the file's extension. */
#define CMD_OPT_TO { "to", OPT_OUTFILE, NULL, "FILE", \
	"write the result to FILE instead of the screen (format from its extension: .txt .csv .json .md)" }

/* Every command that writes a file: it may overwrite a loaded dataset
 * (cli_check_output). */
#define CMD_OPT_FORCE { "force", OPT_BOOL, NULL, NULL, "overwrite a dataset a session was loaded from" }

enum cmd_flags {
	CMD_NEEDS_SESSION = 1 << 0,  /* fails with a clear message when no data is loaded */
	CMD_RAW_ARGS      = 1 << 1,  /* positional words may contain '=' (filter) */
	CMD_FORMAT        = 1 << 2,  /* accepts format=table|csv|json|markdown */
	CMD_AS            = 1 << 3,  /* accepts `as NAME` */
	CMD_RAW_OPTS      = 1 << 4,  /* any key=value is accepted (checked by the core) */
	CMD_JUNIT         = 1 << 5,  /* also accepts format=junit (JUnit XML, .xml files) */
};

struct cli_ctx;
struct cli_args;

/* The usage line is built from the entry (cli_usage_text), so that it
 * cannot drift from what the parser accepts: the command name, then @args
 * with each {opt} replaced by opt=ARG from the option table, then
 * [as NAME] (CMD_AS), every option not named in @args as [opt=ARG],
 * [key=value ...] (CMD_RAW_OPTS) and [format=...] (CMD_FORMAT), each unless
 * @args already shows it. A " | " outside brackets separates the forms of
 * a command ("data [SESSION] | jobs"); cli_usage() can print one form. */
struct cmd_entry {
	const char *name;
	const char *alias;
	const struct cmd_opt *opts;    /* terminated by a {NULL} entry; may be NULL */
	int         min_args, max_args; /* positional words; -1 = unlimited */
	int         flags;
	const char *args;              /* positional words: "PATH|demo:NAME"; NULL = none */
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
	bool    format_given;          /* format= was given (else to=FILE's extension decides) */
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
	long          width;            /* text tables' width: -1 the terminal's, 0 no limit */
	double        fairness_limit;   /* tau of the disparity parity flags (default 0.8) */
	double        fairness_fig_limit[FAIR_FIG_COUNT];   /* per figure; NaN = fairness_limit */
};

/* The settings `set` knows, NULL-terminated (cmd-set.c): completion and
 * the error for an unknown one read it. */
extern const char *const cli_setting_names[];
extern const char *const cli_setting_values[];   /* per name: "a|b" or NULL */
/* " (did you mean 'WORD'?)" naming the candidate nearest to @word (of
 * @n, or up to a NULL), or "" when none is near: in @buf, returned. */
const char *cli_did_you_mean(const char *word, const char *const *cand, size_t n, char *buf, size_t len);
/* The same over the columns of session @s. */
const char *cli_near_column(const fair_session *s, const char *word, char *buf, size_t len);
/* The width text results are laid out in (result.c): 0 (no limit) for
 * to=FILE; `set width N`; else the terminal's when stdout is one (its
 * size, else $COLUMNS, else 80), no limit when it is not (a pipe, a
 * file). */
size_t cli_text_width(const struct cli_ctx *ctx);

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
	int     same_as[FAIR_METRIC_COUNT];   /* out_metric_same_as at every point
	                                         set, else -1 (wide.c) */
	size_t  nset;                         /* points set */
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
	bool   term_sixel;                              /* the terminal draws sixel graphics (asked once
	                                                   when the prompt starts, repl.c) */
	int    stdout_error;                            /* batch: writing stdout failed (errno; EPIPE:
	                                                   the reader went away, e.g. `| head`) */
	bool   quiet;                                   /* -q: no confirmations or job notices */
	struct cli_result *result;                      /* where the running command's result goes
	                                                   (result.c); NULL between commands */
	struct cli_check_log *checks;                   /* fairness checks run so far (cmd-check.c) */
	size_t checks_failed;                           /* checks that did not pass: exit status 3 */
};

void cli_sweep_free(struct cli_sweep *sw);

/* The progress record of the command running in the foreground (Ctrl-C
 * cancels it), or NULL. */
extern fair_progress *volatile cli_fg_progress;

extern volatile sig_atomic_t cli_interrupted;

/* The fairness checks run so far (cmd-check.c): how many, and freeing
 * them (cli_ctx_release). */
size_t cli_checks_count(const struct cli_ctx *ctx);
void   cli_checks_free(struct cli_ctx *ctx);

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
/* "fairsh: FILE:LINE: CMD: WHY" then "usage: USAGE" on the next line (or
 * one line without @why). */
enum cmd_retval cli_error_usage(struct cli_ctx *ctx, const struct cli_args *a, const char *why, const char *usage);
/* Before writing @path: refuses (error printed) to overwrite the dataset a
 * session was loaded from, unless the command's force=yes. */
enum cmd_retval cli_check_output(struct cli_ctx *ctx, const struct cli_args *a, const char *path);
void cli_warn(struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "fairsh: FILE:LINE: note: msg" on stderr: something legal but probably
 * not meant, or what a command left out ("groups without rows ..."). */
void cli_note(struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A confirmation ("loaded 48842 rows x 16 columns"): on stdout when it is a
 * terminal, else on stderr, so that stdout carries only results; nothing
 * with -q. */
void cli_info(struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The stream confirmations and notices go to (stdout on a terminal, else
 * stderr), with stdout flushed first so that the two stay in order. */
FILE *cli_info_stream(struct cli_ctx *ctx);

/* ---- args.c: parsing words against the entry, typed access, usage ---- */

struct cli_words;
/* Parses the words after the command name into @a (which borrows them; the
 * words of key=value are cut at '='); 0, or -1 with the message in errbuf.
 * cli_args_release() frees what it allocated, also after a failure. */
int  cli_args_parse(const struct cli_ctx *ctx, const struct cmd_entry *e, struct cli_words *w,
                    struct cli_args *a, char *errbuf, size_t errlen);
void cli_args_release(struct cli_args *a);

/* "NAME ARGS [opt=ARG] ..." of @e (see struct cmd_entry), or only the forms
 * whose first word matches @form ("audit" for `view audit`; NULL = all);
 * appended to @b. */
void cli_usage_text(const struct cmd_entry *e, const char *form, fair_buf *b);
/* Prints "usage: ..." (cli_usage_text of a->entry) as the command's error,
 * after the line @why when not NULL. Returns CMD_ERROR. */
enum cmd_retval cli_usage(struct cli_ctx *ctx, const struct cli_args *a, const char *form, const char *why);

/* Typed option access (tmux's args_get / args_strtonum): exec functions
 * never parse numbers or yes/no by hand. Each returns 0 (the default when
 * the option is absent), or -1 with the error printed. */
const char *cli_opt(const struct cli_args *a, const char *key);
int  cli_opt_double(struct cli_ctx *ctx, const struct cli_args *a, const char *key, double def,
                    double lo, double hi, double *out);
int  cli_opt_size(struct cli_ctx *ctx, const struct cli_args *a, const char *key, size_t def,
                  size_t lo, size_t hi, size_t *out);
int  cli_opt_bool(struct cli_ctx *ctx, const struct cli_args *a, const char *key, bool def, bool *out);

/* The parsers under them, for values that are not options (settings,
 * positional words); 0 or -1, nothing printed. */
int  cli_parse_bool(const char *s, bool *out);          /* yes/no, on/off, true/false, 1/0 */
int  cli_parse_number(const char *s, double *out);      /* a whole word, not NaN, no overflow */
int  cli_parse_size(const char *s, size_t lo, size_t hi, size_t *out);
/* A seed: an integer from 0 to CLI_SEED_MAX (the random generators use 32
 * bits; a larger seed would repeat a smaller one); -1 otherwise. */
#define CLI_SEED_MAX 4294967295UL
int  cli_parse_seed(const char *s, unsigned long *out);
/* Option @key as a seed (default: the `set seed` value); -1 with the error
 * printed ("seed must be an integer from 0 to 4294967295, not 'x'"). */
int  cli_opt_seed(struct cli_ctx *ctx, const struct cli_args *a, const char *key, unsigned long *out);
int  cli_format_parse(const char *s, int *out);         /* "csv" -> OUT_CSV */
const char *cli_format_name(int format);
/* "0,0.25,1" as a new array of *n numbers (NaN passes; the caller checks
 * ranges); NULL for a word that is not a number. */
double *cli_parse_numbers(const char *s, size_t *n);
/* "a,b,c" split at @sep into a new array of *n new strings (empty parts
 * kept); cli_list_free frees it. NULL when out of memory. */
char **cli_split_list(const char *s, char sep, size_t *n);
void   cli_list_free(char **v, size_t n);
/* The words of @a as one line ("COLUMN key=value ..."), as a new string;
 * how the set-up commands remember what they were given. */
char  *cli_args_text(const struct cli_args *a);

/* The current session, or NULL with an error printed. */
fair_session *cli_session(struct cli_ctx *ctx, const struct cli_args *a);

/* Command table access for help and completion. */
const struct cmd_entry *const *cli_cmd_table(size_t *n);
const struct cmd_entry *cli_cmd_find(const char *name, char *errbuf, size_t errlen);

#endif
