/* file.h -- writing a finished text to a file (file.c). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_OUT_FILE_H
#define FAIRSH_OUT_FILE_H

#include <stddef.h>

#include "fairsh/error.h"

/* Writes @text to @path atomically with fair_write_file (fairsh/wfile.h):
 * links followed, special files refused, a temporary file in the same
 * directory renamed over the destination. FAIR_EIO with the reason. */
int out_write_atomic(const char *path, const char *text, size_t len, fair_error *err);

#endif
