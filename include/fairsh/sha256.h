/* sha256.h -- SHA-256 (FIPS 180-4) of memory and files, used to recognise a
 * dataset again when a saved workbench is opened. No terminal output. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_SHA256_H
#define FAIRSH_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "fairsh/error.h"

typedef struct fair_sha256 {
	uint32_t      h[8];
	uint64_t      len;        /* bytes hashed so far */
	unsigned char buf[64];
	size_t        nbuf;
} fair_sha256;

/* Incremental hashing: init, any number of updates, final (writes the 32-byte
 * digest; the context must be re-initialised before reuse). */
void fair_sha256_init(fair_sha256 *c);
void fair_sha256_update(fair_sha256 *c, const void *data, size_t n);
void fair_sha256_final(fair_sha256 *c, unsigned char digest[32]);

/* Lower-case hex of a digest into @hex (65 bytes with the NUL). */
void fair_sha256_hex(const unsigned char digest[32], char hex[65]);

/* Hex digest of @n bytes at @data. */
void fair_sha256_buf(const void *data, size_t n, char hex[65]);

/* Hex digest and size in bytes (@size may be NULL) of the file @path.
 * Errors: FAIR_EIO "cannot open 'x': ..." / "cannot read 'x': ...". */
int  fair_sha256_file(const char *path, char hex[65], uint64_t *size, fair_error *err);

#endif
