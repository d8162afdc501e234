/* file.c -- writing a finished text (a workbench, a report) to its file:
 * fair_write_file (fairsh/wfile.h) does it, so that a crash or a full disk
 * never leaves half a file behind and no special file is replaced. */
/* SPDX-License-Identifier: MIT */
#include "fairsh/wfile.h"
#include "out/file.h"

int
out_write_atomic(const char *path, const char *text, size_t len, fair_error *err)
{
	return fair_write_file(path, text, len, err);
}
