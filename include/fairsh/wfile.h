/* wfile.h -- writing an output file (a workbench, a report, a CSV export, a
 * command file, a plot) the one way fairsh writes files:
 *  - a symbolic link at the path is followed (up to 40 links) and its
 *    target is written, so the link stays a link;
 *  - anything at the (resolved) path that is not a regular file (a FIFO, a
 *    character or block device, a socket, a directory) is refused: fairsh
 *    never replaces it and never writes into it;
 *  - the new contents go to a temporary file with a short name
 *    (".fairsh-XXXXXX") in the destination's directory, are flushed and
 *    synced, and the temporary file is renamed over the destination, so a
 *    crash or a full disk leaves the old file or the new one, never half
 *    of one, and any write error is reported;
 *  - a new file gets mode 0666 minus the umask, a replaced one keeps its
 *    mode. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_WFILE_H
#define FAIRSH_WFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "fairsh/error.h"

typedef struct fair_wfile {
	FILE *fp;       /* open on the temporary file; NULL after fair_wfile_close_fp */
	char *path;     /* as given, for messages */
	char *dest;     /* the file replaced: @path with its symbolic links followed */
	char *tmp;      /* the temporary file */
} fair_wfile;

/* Starts writing @path: resolves it, refuses what is not a regular file
 * ("cannot write 'x': it is a FIFO; fairsh writes regular files only"),
 * creates the temporary file. FAIR_EIO or FAIR_EINVAL with the reason; on
 * error @f holds nothing to release. */
int  fair_wfile_open(fair_wfile *f, const char *path, fair_error *err);
/* Closes @f->fp, keeping the temporary file for another program to write
 * (gnuplot writes a plot to @f->tmp). */
void fair_wfile_close_fp(fair_wfile *f);
/* Finishes: flush, sync and close (or, after fair_wfile_close_fp, checks
 * that the other program wrote something), then renames the temporary
 * file over the destination. On any error the temporary file is removed
 * and the destination is left as it was: FAIR_EIO "cannot write 'x':
 * No space left on device". Releases @f either way. */
int  fair_wfile_commit(fair_wfile *f, fair_error *err);
/* Gives up: removes the temporary file, releases @f. */
void fair_wfile_abort(fair_wfile *f);

/* The whole of @len bytes at @data to @path, as above. */
int  fair_write_file(const char *path, const void *data, size_t len, fair_error *err);

/* True when @a and @b name the same existing file (device and inode, links
 * followed): an output path that would overwrite a loaded dataset. */
bool fair_same_file(const char *a, const char *b);

#endif
