/* run.c -- finding gnuplot, writing the script to a private temporary
 * directory (mkdtemp), running gnuplot as a child (fork + execv with an argv
 * array, no shell) and reaping it. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot/plot.h"

static const char install_hint[] =
	"install the Debian package gnuplot-nox, or set FAIRSH_GNUPLOT / 'set plot.gnuplot PATH'";

static bool
is_exec(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

int
plot_find_gnuplot(const char *setting, const char *env, const char *path, char *out, size_t outlen,
                  char *msg, size_t msglen)
{
	const char *name = setting && *setting ? setting : env && *env ? env : "gnuplot";
	const char *from = setting && *setting ? "plot.gnuplot" : env && *env ? "FAIRSH_GNUPLOT" : NULL;

	if (strchr(name, '/')) {
		if (!is_exec(name)) {
			snprintf(msg, msglen, "gnuplot '%s' (from %s) is not an executable file (%s)", name,
			         from ? from : "?", install_hint);
			return -1;
		}
		snprintf(out, outlen, "%s", name);
		return 0;
	}
	for (const char *p = path ? path : ""; p && *p;) {
		const char *e = strchr(p, ':');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char cand[PATH_MAX];
		size_t nl = strlen(name);
		if (len > 0 && len + nl + 2 <= sizeof cand) {
			memcpy(cand, p, len);
			cand[len] = '/';
			memcpy(cand + len + 1, name, nl + 1);
			if (is_exec(cand)) {
				snprintf(out, outlen, "%s", cand);
				return 0;
			}
		}
		p = e ? e + 1 : NULL;
	}
	if (from)
		snprintf(msg, msglen, "gnuplot '%s' (from %s) not found in PATH (%s)", name, from, install_hint);
	else
		snprintf(msg, msglen, "gnuplot not found in PATH (%s)", install_hint);
	return -1;
}

static unsigned plot_seq;   /* plot-N.gp numbering within this process */

int
plot_save_script(const char *script, size_t len, const char *keep_as, char *path_out, size_t pathlen,
                 char *msg, size_t msglen)
{
	FILE *fp;

	if (keep_as) {
		snprintf(path_out, pathlen, "%s", keep_as);
	} else {
		const char *tmp = getenv("TMPDIR");
		char dir[PATH_MAX];
		if (tmp == NULL || *tmp == '\0' || strlen(tmp) > PATH_MAX - 40)
			tmp = "/tmp";
		snprintf(dir, sizeof dir, "%s/fairsh-XXXXXX", tmp);
		if (mkdtemp(dir) == NULL) {
			snprintf(msg, msglen, "cannot create a temporary directory in %s: %s", tmp, strerror(errno));
			return -1;
		}
		snprintf(path_out, pathlen, "%s/plot-%u.gp", dir, ++plot_seq);
	}
	fp = fopen(path_out, "w");
	if (fp == NULL) {
		snprintf(msg, msglen, "cannot write '%s': %s", path_out, strerror(errno));
		if (!keep_as)
			plot_remove_script(path_out);
		return -1;
	}
	if (fwrite(script, 1, len, fp) != len || fclose(fp) != 0) {
		snprintf(msg, msglen, "cannot write '%s': %s", path_out, strerror(errno));
		if (!keep_as)
			plot_remove_script(path_out);
		return -1;
	}
	return 0;
}

void
plot_remove_script(const char *path)
{
	char dir[PATH_MAX];
	char *slash;

	unlink(path);
	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		rmdir(dir);
	}
}

int
plot_run(const char *gnuplot, const char *path, bool persist, bool text, char *msg, size_t msglen)
{
	int pfd[2], ofd[2] = { -1, -1 }, status, child_errno = 0;
	pid_t pid;
	ssize_t r;
	char *argv[4];
	size_t k = 0;

	argv[k++] = (char *)gnuplot;
	if (persist)
		argv[k++] = (char *)"-persist";
	argv[k++] = (char *)path;
	argv[k] = NULL;
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		snprintf(msg, msglen, "cannot run gnuplot: %s", strerror(errno));
		return -1;
	}
	if (text && pipe2(ofd, O_CLOEXEC) < 0) {
		snprintf(msg, msglen, "cannot run gnuplot: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		snprintf(msg, msglen, "cannot run gnuplot: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		if (text) {
			close(ofd[0]);
			close(ofd[1]);
		}
		return -1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd >= 0) {
			dup2(fd, 0);
			if (fd > 0)
				close(fd);
		}
		if (text)
			dup2(ofd[1], 1);   /* dup2 clears close-on-exec on fd 1 */
		signal(SIGINT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execv(gnuplot, argv);
		int e = errno;
		if (write(pfd[1], &e, sizeof e) < 0) {
			/* nothing more to do */
		}
		_exit(127);
	}
	close(pfd[1]);
	if (text) {
		/* copy the text plot to our stdout without the form feed gnuplot's
		 * dumb terminal puts before every page */
		char buf[4096], last = '\n';
		ssize_t m;
		close(ofd[1]);
		for (;;) {
			m = read(ofd[0], buf, sizeof buf);
			if (m < 0 && errno == EINTR)
				continue;
			if (m <= 0)
				break;
			for (ssize_t i = 0; i < m; i++)
				if (buf[i] != '\f')
					putchar(last = buf[i]);
		}
		if (last != '\n')   /* the last line of a text plot has no newline */
			putchar('\n');
		close(ofd[0]);
		fflush(stdout);
	}
	do
		r = read(pfd[0], &child_errno, sizeof child_errno);
	while (r < 0 && errno == EINTR);
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(msg, msglen, "waiting for gnuplot: %s", strerror(errno));
			return -1;
		}
	}
	if (r == (ssize_t)sizeof child_errno) {
		snprintf(msg, msglen, "could not run '%s': %s", gnuplot, strerror(child_errno));
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status))
		snprintf(msg, msglen, "gnuplot was killed by signal %d", WTERMSIG(status));
	else
		snprintf(msg, msglen, "gnuplot exited with status %d", WEXITSTATUS(status));
	return -1;
}

int
plot_check_output(const char *path, int dest, char *msg, size_t msglen)
{
	static const unsigned char iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };
	const char *what = dest == PLOT_DEST_PNG ? "PNG" : dest == PLOT_DEST_SVG ? "SVG" : dest == PLOT_DEST_PDF ? "PDF" : "plot";
	unsigned char tail[1024];
	size_t n = 0;
	struct stat st;
	FILE *fp = fopen(path, "rb");
	bool ok;

	if (fp == NULL || fstat(fileno(fp), &st) != 0) {
		snprintf(msg, msglen, "gnuplot wrote no file: %s", strerror(errno));
		if (fp)
			fclose(fp);
		return -1;
	}
	if (st.st_size > 0) {
		long off = st.st_size > (off_t)sizeof tail ? (long)(st.st_size - (off_t)sizeof tail) : 0;
		if (fseek(fp, off, SEEK_SET) == 0)
			n = fread(tail, 1, sizeof tail, fp);
	}
	fclose(fp);
	switch (dest) {
	case PLOT_DEST_PNG:
		ok = n >= sizeof iend && memcmp(tail + n - sizeof iend, iend, sizeof iend) == 0;
		break;
	case PLOT_DEST_SVG:
		ok = n > 0 && memmem(tail, n, "</svg>", 6) != NULL;
		break;
	case PLOT_DEST_PDF:
		ok = n > 0 && memmem(tail, n, "%%EOF", 5) != NULL;
		break;
	default:
		ok = n > 0;
		break;
	}
	if (!ok) {
		if (n == 0)
			snprintf(msg, msglen, "gnuplot wrote an empty %s file (no space left on the device?)", what);
		else
			snprintf(msg, msglen, "gnuplot wrote a truncated %s file (no space left on the device?)", what);
		return -1;
	}
	return 0;
}

char *
plot_private_dir(const char *base)
{
	const char *tmp = getenv("TMPDIR"), *slash = strrchr(base, '/'), *last = slash ? slash + 1 : base;
	char dir[PATH_MAX], *out;
	size_t need;

	if (tmp == NULL || *tmp == '\0' || strlen(tmp) > PATH_MAX - 40)
		tmp = "/tmp";
	snprintf(dir, sizeof dir, "%s/fairsh-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL)
		return NULL;
	need = strlen(dir) + strlen(last) + 8;
	if ((out = malloc(need)) == NULL) {
		rmdir(dir);
		return NULL;
	}
	snprintf(out, need, "%s/%s", dir, *last ? last : "report");
	return out;
}

void
plot_remove_private_dir(char *p)
{
	char *slash;

	if (p == NULL)
		return;
	if ((slash = strrchr(p, '/')) != NULL) {
		*slash = '\0';
		rmdir(p);
	}
	free(p);
}
