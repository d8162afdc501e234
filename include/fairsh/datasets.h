/* datasets.h -- the registry of the real datasets that ship with fairsh
 * (share/fairsh/data): what each file holds, where it comes from, its terms,
 * its known problems and the suggested audit set-up. Data only; the shell
 * formats it (`datasets`, `explain NAME`, `load NAME setup=yes`). */
/* SPDX-License-Identifier: MIT */
#ifndef FAIRSH_DATASETS_H
#define FAIRSH_DATASETS_H

#include <stddef.h>

#include "fairsh/error.h"

typedef struct fair_dataset {
	const char *name;          /* "adult": the name `load` takes */
	const char *file;          /* "adult.csv": the CSV, shipped compressed (adult.csv.xz) */
	const char *title;         /* "Adult (Census Income)" */
	size_t      rows, cols;
	const char *sha256;        /* of the CSV, decompressed */
	/* the suggested set-up, in the core's syntax (spec.h): applied in this
	 * order: filters, target, sensitive, split, features */
	const char *filters;       /* ';'-separated filter expressions, or NULL */
	const char *target;        /* column */
	const char *positive;      /* comma-separated positive values, or NULL */
	double      target_threshold;    /* > threshold is positive; NaN: none */
	const char *task;          /* "classification" or "regression" */
	const char *positive_means;      /* "income above $50,000" */
	const char *sensitive;     /* column(s), comma-separated */
	double      sensitive_threshold; /* NaN: none */
	const char *privileged;    /* group label, or NULL */
	const char *split_column;  /* a train/test column, or NULL: a random 70/30 split */
	const char *features;      /* "all", "all-except=COL,..." or "COL,..." */
	/* documentation (plain text, lines of at most about 90 characters) */
	const char *also_sensitive;      /* other attributes often audited */
	const char *publisher;     /* original publisher */
	const char *source;        /* short source for the listing */
	const char *license;       /* terms as far as established */
	const char *license_short; /* the same in a few words, for the listing */
	const char *citation;
	const char *provenance;    /* where the shipped file comes from, edits made */
	const char *caveats;       /* known problems */
	const char *use;           /* what the set-up does and why */
} fair_dataset;

/* Number of shipped datasets, and the @i-th (registry order). */
size_t fair_dataset_count(void);
const fair_dataset *fair_dataset_get(size_t i);

/* The dataset named @name (exact match), or NULL. */
const fair_dataset *fair_dataset_find(const char *name);

/* "adult, compas, ..." (static). */
const char *fair_dataset_names(void);

/* Looks for @d's file in the @ndirs directories @dirs, in order, under the
 * names FILE, FILE.xz, FILE.zst and FILE.gz (adult.csv, adult.csv.xz, ...).
 * Returns a new string (the caller frees it), or NULL with FAIR_ENOTFOUND
 * naming the directories searched (or FAIR_ENOMEM). */
char *fair_dataset_locate(const fair_dataset *d, const char *const *dirs, size_t ndirs,
                          fair_error *err);

/* Checks that @path (compressed or not) holds exactly @d's data: the SHA-256
 * of the decompressed bytes, then the rows and columns of the CSV. Writes
 * the hex digest to @hex (65 bytes) when not NULL. FAIR_EINVAL names the
 * difference; FAIR_EIO / FAIR_EPARSE the reading problem. */
int fair_dataset_verify(const fair_dataset *d, const char *path, char *hex, fair_error *err);

#endif
