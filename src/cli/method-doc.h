/* method-doc.h -- the methods' documentation (method-doc.c), shared by
 * `explain` and `methods`. */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_CLI_METHOD_DOC_H
#define FAIRSH_CLI_METHOD_DOC_H

#include <stddef.h>

struct cli_method_doc {
	const char *name, *family, *constraints, *usage, *text;
};

/* All *n entries (borrowed, static): the *nmethods methods first, then
 * the divergences `explain` also knows. */
const struct cli_method_doc *cli_method_docs(size_t *n, size_t *nmethods);

#endif
