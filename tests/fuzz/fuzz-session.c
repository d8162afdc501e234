/* fuzz-session.c -- libFuzzer target for the session-file loader: the bytes
 * of a workbench file through cJSON, json_to_param (src/json/json-param.c:
 * dtype, shape and base64 checks), fair_model_import on every saved model
 * (learners, FERM transforms, Wasserstein tables, thresholds), and the
 * core's session import (src/core/workbench/session-save.c: data checksum,
 * set-up words, checks, split, prediction columns, models) for sessions
 * whose data is a small demo dataset, as `open` does (files are not read).
 * Nothing may crash or leak; a failed import must say why. */
/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <stdio.h>

#include "fairsh/model.h"
#include "fairsh/session.h"
#include "fairsh/param.h"
#include "json/param.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A session of a demo dataset of at most 500 rows (quick to generate): the
 * whole import, as `open` runs it. */
static void
import_session(const fair_param *o)
{
	const fair_param *src = fair_param_get(o, "source");
	char dname[64];
	size_t n = 0;
	double bias;
	unsigned long seed;
	fair_error err;
	fair_session *s;

	if (src == NULL || src->type != FAIR_PARAM_STR ||
	    sscanf(src->str, "demo:%63s n=%zu bias=%lf seed=%lu", dname, &n, &bias, &seed) != 4 || n > 500)
		return;
	memset(&err, 0, sizeof err);
	s = fair_session_import(o, "fuzz", 0, &err);
	if (s == NULL && (err.code == FAIR_OK || err.msg[0] == '\0'))
		abort();
	fair_session_free(s);
}

static void
walk(const fair_param *p, int depth)
{
	if (p == NULL || depth > 64)
		return;
	if (p->type == FAIR_PARAM_LIST && p->name != NULL && strcmp(p->name, "models") == 0) {
		for (size_t k = 0; k < p->nkids; k++) {
			fair_error err;
			fair_model *m;
			memset(&err, 0, sizeof err);
			m = fair_model_import(p->kids[k], &err);
			if (m == NULL && (err.code == FAIR_OK || err.msg[0] == '\0'))
				abort();
			fair_model_unref(m);
		}
	}
	if (p->type == FAIR_PARAM_LIST && p->name != NULL && strcmp(p->name, "sessions") == 0 && depth == 1)
		for (size_t k = 0; k < p->nkids; k++)
			import_session(p->kids[k]);
	if (p->type == FAIR_PARAM_OBJECT || p->type == FAIR_PARAM_LIST)
		for (size_t k = 0; k < p->nkids; k++)
			walk(p->kids[k], depth + 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fair_error err;
	cJSON *j = cJSON_ParseWithLength((const char *)data, size);
	fair_param *root;

	if (j == NULL)
		return 0;
	memset(&err, 0, sizeof err);
	root = json_to_param(j, NULL, &err);
	cJSON_Delete(j);
	if (root == NULL) {
		if (err.code == FAIR_OK || err.msg[0] == '\0')
			abort();
		return 0;
	}
	walk(root, 0);
	fair_param_free(root);
	return 0;
}
