/* fuzz-session.c -- libFuzzer target for the session-file loader: the bytes
 * of a workbench file through cJSON, json_to_param (src/json/json-session.c:
 * dtype, shape and base64 checks) and fair_model_import on every saved model
 * (learners, FERM transforms, Wasserstein tables, thresholds), as `open`
 * does before it reads the data files again. Nothing may crash or leak;
 * a failed import must say why. */
/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fairsh/model.h"
#include "fairsh/param.h"
#include "json/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
