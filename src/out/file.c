/* file.c -- writing a finished text (a workbench, a report) to its file so
 * that a crash or a full disk never leaves half a file behind. */
/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "out/file.h"

int
out_write_atomic(const char *path, const char *text, size_t len, fair_error *err)
{
	size_t pl = strlen(path);
	char *tmp = malloc(pl + 16), *dir = NULL, *slash;
	int fd = -1, e = 0;
	FILE *fp = NULL;

	if (tmp == NULL)
		return fair_error_set(err, FAIR_ENOMEM, "out of memory");
	snprintf(tmp, pl + 16, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		e = errno;
		free(tmp);
		return fair_error_set(err, FAIR_EIO, "cannot write '%s': %s", path, strerror(e));
	}
	{
		struct stat st;
		mode_t um = umask(0);
		umask(um);
		fchmod(fd, stat(path, &st) == 0 ? (st.st_mode & 07777) : (0666 & ~um));
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (fwrite(text, 1, len, fp) != len || fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		e = errno;
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		e = errno;
		goto fail;
	}
	/* make the rename itself durable */
	if ((dir = strdup(path)) != NULL) {
		slash = strrchr(dir, '/');
		if (slash == dir)
			slash[1] = '\0';
		else if (slash)
			*slash = '\0';
		int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dir);
	}
	free(tmp);
	return FAIR_OK;
fail:
	unlink(tmp);
	free(tmp);
	return fair_error_set(err, FAIR_EIO, "cannot write '%s': %s", path, strerror(e ? e : EIO));
}
