/* file.h -- writing a finished text to a file (file.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OUT_FILE_H
#define FAIRSH_OUT_FILE_H

#include <stddef.h>

#include "fairsh/error.h"

/* Writes @text to @path atomically: a temporary file in the same directory,
 * fflush + fsync, rename over @path, fsync of the directory. A crash at any
 * point leaves either the old or the new file. FAIR_EIO with the reason. */
int out_write_atomic(const char *path, const char *text, size_t len, fair_error *err);

#endif
