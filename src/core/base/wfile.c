/* wfile.c -- the one way fairsh writes an output file (fairsh/wfile.h):
 * links followed, special files refused, a temporary file renamed over the
 * destination, every write error reported. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fairsh/buf.h"
#include "fairsh/wfile.h"

#define MAX_LINKS 40

static const char *
kind_of(mode_t m)
{
	return S_ISFIFO(m) ? "a FIFO (named pipe)" : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
	     : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

/* The directory part of @p ("." when none), a new string. */
static char *
dir_of(const char *p)
{
	const char *slash = strrchr(p, '/');

	if (slash == NULL)
		return strdup(".");
	if (slash == p)
		return strdup("/");
	return strndup(p, (size_t)(slash - p));
}

/* @path with its symbolic links followed into *dest (new string); the
 * file there must be absent or regular. */
static int
resolve(const char *path, char **dest, mode_t *mode, bool *exists, fair_error *err)
{
	char *cur = strdup(path);
	struct stat st;

	*exists = false;
	if (cur == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	for (int hops = 0;; hops++) {
		if (lstat(cur, &st) != 0) {
			int e = errno;
			if (e == ENOENT)
				break;   /* a new file (its directory is checked by the create) */
			free(cur);
			return fair_error_set(err, FAIR_EIO, "cannot write '%s': %s", path, strerror(e));
		}
		if (S_ISREG(st.st_mode)) {
			*exists = true;
			*mode = st.st_mode & 07777;
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			free(cur);
			return fair_error_set(err, FAIR_EIO, "cannot write '%s': %s", path, strerror(EISDIR));
		}
		if (!S_ISLNK(st.st_mode)) {
			free(cur);
			return fair_error_set(err, FAIR_EINVAL, "cannot write '%s': it is %s; fairsh writes regular files only",
			                      path, kind_of(st.st_mode));
		}
		if (hops == MAX_LINKS) {
			free(cur);
			return fair_error_set(err, FAIR_EIO, "cannot write '%s': %s", path, strerror(ELOOP));
		}
		/* follow the link: a relative target is relative to the link's directory */
		fair_buf target = FAIR_BUF_INIT;
		char lbuf[4096];
		ssize_t n = readlink(cur, lbuf, sizeof lbuf - 1);
		if (n < 0 || (size_t)n >= sizeof lbuf - 1) {
			int e = n < 0 ? errno : ENAMETOOLONG;
			free(cur);
			return fair_error_set(err, FAIR_EIO, "cannot write '%s': %s", path, strerror(e));
		}
		lbuf[n] = '\0';
		if (lbuf[0] != '/') {
			char *d = dir_of(cur);
			if (d == NULL) {
				free(cur);
				return fair_error_set(err, FAIR_ENOMEM, "out of memory");
			}
			fair_buf_printf(&target, "%s/", d);
			free(d);
		}
		fair_buf_puts(&target, lbuf);
		free(cur);
		cur = fair_buf_detach(&target);
		if (cur == NULL)
			return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	*dest = cur;
	return FAIR_OK;
}

int
fair_wfile_open(fair_wfile *f, const char *path, fair_error *err)
{
	mode_t mode = 0, um;
	bool exists;
	char *dir = NULL;
	int fd, st, e;

	memset(f, 0, sizeof *f);
	if ((st = resolve(path, &f->dest, &mode, &exists, err)))
		return st;
	/* a short name: a destination name near NAME_MAX must not overflow it */
	if ((dir = dir_of(f->dest)) == NULL || (f->path = strdup(path)) == NULL ||
	    (f->tmp = malloc(strlen(dir) + 20)) == NULL) {
		free(dir);
		fair_wfile_abort(f);
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	}
	snprintf(f->tmp, strlen(dir) + 20, "%s/.fairsh-XXXXXX", dir);
	free(dir);
	if ((fd = mkostemp(f->tmp, O_CLOEXEC)) < 0) {
		e = errno;
		free(f->tmp);
		f->tmp = NULL;
		fair_wfile_abort(f);
		return fair_error_set(err, FAIR_EIO, "cannot write '%s': %s", path, strerror(e));
	}
	if (!exists) {
		um = umask(0);
		umask(um);
		mode = 0666 & ~um;
	}
	fchmod(fd, mode);
	if ((f->fp = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		fair_wfile_abort(f);
		return fair_error_set(err, FAIR_EIO, "cannot write '%s': %s", path, strerror(e));
	}
	return FAIR_OK;
}

void
fair_wfile_close_fp(fair_wfile *f)
{
	if (f->fp != NULL)
		fclose(f->fp);
	f->fp = NULL;
}

static void
release(fair_wfile *f)
{
	free(f->path);
	free(f->dest);
	free(f->tmp);
	memset(f, 0, sizeof *f);
}

void
fair_wfile_abort(fair_wfile *f)
{
	if (f->fp != NULL)
		fclose(f->fp);
	f->fp = NULL;
	if (f->tmp != NULL)
		unlink(f->tmp);
	release(f);
}

int
fair_wfile_commit(fair_wfile *f, fair_error *err)
{
	int e = 0;

	errno = 0;
	if (f->fp != NULL) {
		if (fflush(f->fp) != 0 || ferror(f->fp) || fsync(fileno(f->fp)) != 0)
			e = errno ? errno : EIO;
		if (fclose(f->fp) != 0 && e == 0)
			e = errno ? errno : EIO;
		f->fp = NULL;
	} else {
		/* written by another program: it must have written something */
		struct stat st;
		int fd = open(f->tmp, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) != 0)
			e = errno ? errno : EIO;
		else if (st.st_size == 0)
			e = -1;
		else if (fsync(fd) != 0)
			e = errno ? errno : EIO;
		if (fd >= 0)
			close(fd);
	}
	if (e == 0 && rename(f->tmp, f->dest) != 0)
		e = errno ? errno : EIO;
	if (e != 0) {
		int st = e < 0 ? fair_error_set(err, FAIR_EIO, "cannot write '%s': nothing was written to it", f->path)
		               : fair_error_set(err, FAIR_EIO, "cannot write '%s': %s", f->path, strerror(e));
		fair_wfile_abort(f);
		return st;
	}
	/* make the rename itself durable (best effort) */
	char *dir = dir_of(f->dest);
	if (dir != NULL) {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dir);
	}
	release(f);
	return FAIR_OK;
}

int
fair_write_file(const char *path, const void *data, size_t len, fair_error *err)
{
	fair_wfile f;
	int st = fair_wfile_open(&f, path, err);

	if (st)
		return st;
	errno = 0;
	if (len && fwrite(data, 1, len, f.fp) != len) {
		int e = errno ? errno : EIO;
		fair_wfile_abort(&f);
		return fair_error_set(err, FAIR_EIO, "cannot write '%s': %s", path, strerror(e));
	}
	return fair_wfile_commit(&f, err);
}

bool
fair_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
