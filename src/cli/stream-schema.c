/* stream-schema.c -- the columns of a CSV file attached by `attach FILE`:
 * its header and the types of its first chunk of rows, read once when the
 * session is attached (the audit's pass over the whole file is stream.c). */
/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "fairsh/csv.h"
#include "cli/cli.h"
#include "cli/db.h"

typedef struct peek {
	fair_frame *first;
} peek;

static int
peek_sink(void *arg, const fair_frame *chunk, fair_error *err)
{
	peek *p = arg;

	if (chunk == NULL)
		return FAIR_OK;
	p->first = fair_frame_ref((fair_frame *)chunk);
	return fair_error_set(err, FAIR_ECANCELED, "enough");   /* the first chunk is all it needs */
}

fair_frame *
cli_stream_schema(const char *path, const fair_csv_opts *o, fair_error *err)
{
	peek p = { NULL };
	size_t n;
	char **names;
	fair_coltype *types;
	fair_frame *f = NULL;

	if (fair_csv_stream(path, o, NULL, 0, peek_sink, &p, NULL, err) != FAIR_OK && p.first == NULL)
		return NULL;
	n = fair_frame_ncols(p.first);
	names = malloc((n ? n : 1) * sizeof *names);
	types = malloc((n ? n : 1) * sizeof *types);
	if (names != NULL && types != NULL) {
		for (size_t j = 0; j < n; j++) {
			names[j] = (char *)fair_column_name(fair_frame_column(p.first, j));
			types[j] = fair_column_type(fair_frame_column(p.first, j));
		}
		f = fair_db_empty_frame(n, names, types, err);
	} else
		fair_error_set(err, FAIR_ENOMEM, "out of memory");
	free(names);
	free(types);
	fair_frame_unref(p.first);
	return f;
}
