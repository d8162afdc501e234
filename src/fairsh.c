/* fairsh.c -- entry point: parse argv, then run the REPL (stdin is a
 * terminal), a command file, -c commands, or commands piped on stdin. */
/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <errno.h>
#include <locale.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "cli/jobs.h"
#include "cli/repl.h"

/* OpenBLAS's own threads spin on fairsh's small products (the MLP is 5x
 * slower with them) and make results depend on the thread count: use one.
 * Weak, so that the GSL reference CBLAS build links too. */
extern void openblas_set_num_threads(int) __attribute__((weak));

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: fairsh [options] [FILE]\n"
	    "  the fairness shell: audit and correct machine-learning models for fairness\n\n"
	    "  FILE            run the commands in FILE (same as -f FILE)\n"
	    "  -f FILE         run a command file\n"
	    "  -c 'CMD; CMD'   run commands given on the command line\n"
	    "  -i              stay interactive after -c / -f\n"
	    "  --demo          a guided audit of the built-in demo:loans data\n"
	    "  --batch         never start the interactive prompt\n"
	    "  --echo          print each command before its output\n"
	    "  --keep-going    do not stop a command file at the first error\n"
	    "  -q, --quiet     no confirmations ('loaded ...') or job notices, only\n"
	    "                  results, warnings and errors\n"
	    "  --help          this help\n"
	    "  --version       version and build information\n\n"
	    "With no FILE and no -c, fairsh reads commands from standard input: with a\n"
	    "prompt when it is a terminal, silently when it is a pipe or a file.\n"
	    "Exit status: 0 success; 1 a command (or a background job) failed; 2 usage\n"
	    "error on the command line; 3 every command ran but a fairness check\n"
	    "('check') did not pass; 141 stdout was a pipe whose reader went away.\n"
	    "Type 'help' inside fairsh, or read 'man fairsh'.\n");
}

static void
on_sigint_batch(int sig)
{
	(void)sig;
	cli_interrupted = 1;
	fair_progress *p = cli_fg_progress;
	if (p != NULL)
		atomic_store(&p->cancel, true);
}

int
main(int argc, char **argv)
{
	struct cli_ctx ctx;
	const char *file = NULL, *cmds = NULL;
	bool stay = false, batch = false, demo = false, ran_interactive = false;
	enum cmd_retval rv = CMD_OK;
	struct sigaction sa;

	/* the user's locale for characters (UTF-8 box drawing in the views),
	 * but C numbers: '.' decimals in CSV files, scripts and output */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	gsl_set_error_handler_off();
#if defined(__GLIBC__)
	/* arrays of 1 MB and more (columns, design matrices, snapshots) come
	 * from mmap and go back to the system when freed: glibc's adaptive
	 * threshold would otherwise keep a closed session's memory in the heap
	 * (a closed million-row session held 86 MB, with it 9 MB) */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	if (openblas_set_num_threads != NULL)
		openblas_set_num_threads(1);
	signal(SIGPIPE, SIG_IGN);
	cli_ctx_init(&ctx);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			cli_ctx_release(&ctx);
			return 0;
		} else if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			printf("%s %s (CBLAS: %s)\n", PACKAGE_NAME, PACKAGE_VERSION, FAIRSH_BLAS);
			cli_ctx_release(&ctx);
			return 0;
		} else if (!strcmp(a, "-f") || !strcmp(a, "-c")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "fairsh: %s needs an argument\n", a);
				usage(stderr);
				cli_ctx_release(&ctx);
				return 2;
			}
			if (a[1] == 'f')
				file = argv[++i];
			else
				cmds = argv[++i];
		} else if (!strcmp(a, "-i")) {
			stay = true;
		} else if (!strcmp(a, "--batch")) {
			batch = true;
		} else if (!strcmp(a, "--echo")) {
			ctx.echo = true;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			ctx.quiet = true;
		} else if (!strcmp(a, "--keep-going")) {
			ctx.keep_going = true;
		} else if (!strcmp(a, "--demo")) {
			demo = true;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "fairsh: unknown option '%s'\n", a);
			usage(stderr);
			cli_ctx_release(&ctx);
			return 2;
		} else if (file == NULL) {
			file = a;
		} else {
			fprintf(stderr, "fairsh: more than one command file given ('%s', '%s')\n", file, a);
			cli_ctx_release(&ctx);
			return 2;
		}
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint_batch;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	ctx.tty_out = isatty(STDOUT_FILENO);

	if (demo) {
		rv = cli_demo(&ctx, isatty(STDIN_FILENO) && !batch);
	} else if (cmds != NULL) {
		rv = cli_exec_line(&ctx, cmds);
	}
	if (file != NULL && rv != CMD_EXIT && (rv == CMD_OK || ctx.keep_going)) {
		FILE *fp = strcmp(file, "-") ? fopen(file, "r") : stdin;
		if (fp == NULL) {
			fprintf(stderr, "fairsh: cannot open '%s': %s\n", file, strerror(errno));
			cli_ctx_release(&ctx);
			return 1;
		}
		enum cmd_retval r2 = cli_run_file(&ctx, file, fp);
		if (fp != stdin)
			fclose(fp);
		if (r2 != CMD_OK)
			rv = r2;
	}
	if (file == NULL && cmds == NULL && !demo) {
		if (isatty(STDIN_FILENO) && !batch) {
			rv = cli_repl(&ctx);
			ran_interactive = true;
		}
		else
			rv = cli_run_file(&ctx, "<stdin>", stdin);
	} else if (stay && rv != CMD_EXIT && isatty(STDIN_FILENO)) {
		rv = cli_repl(&ctx);
		ran_interactive = true;
	}
	/* batch mode waits for the jobs still running before it exits; leaving
	 * the prompt (quit, Ctrl-D) or `quit` in a file cancels them at once */
	if (ran_interactive)
		cli_leave_jobs(&ctx);
	else if (rv != CMD_EXIT)
		for (size_t i = 0; i < ctx.njobs; i++)
			fair_job_join(ctx.jobs[i]);
	cli_reap_jobs(&ctx, false);
	for (size_t i = 0; i < ctx.njobs; i++)
		if (fair_job_state(ctx.jobs[i]) == FAIR_JOB_FAILED && rv == CMD_OK)
			rv = CMD_ERROR;
	/* fairness gates: a run whose commands all succeeded but whose checks
	 * did not all pass exits 3 (at the prompt a check only reports) */
	size_t nchecks = cli_checks_count(&ctx), nfailed = ctx.checks_failed;
	bool gate = !ran_interactive && nfailed > 0;
	if (gate && ctx.stdout_error == 0)
		fprintf(stderr, "fairsh: %zu of %zu fairness check%s did not pass\n", nfailed, nchecks,
		        nchecks == 1 ? "" : "s");
	cli_ctx_release(&ctx);
	fflush(stdout);
	if (ctx.stdout_error == EPIPE)
		return 128 + SIGPIPE;   /* quietly, like a command killed by SIGPIPE */
	if (ctx.stdout_error != 0) {
		fprintf(stderr, "fairsh: cannot write the output: %s\n", strerror(ctx.stdout_error));
		return 1;
	}
	return rv == CMD_ERROR ? 1 : gate && rv == CMD_OK ? 3 : 0;
}
