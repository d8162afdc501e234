/* cmd-open.c -- `open FILE`: replace the workbench with one `save` wrote:
 * the sessions are rebuilt in the core (fair_workbench_import, which
 * checks every dataset's checksum), the settings and the sweep here; the
 * new workbench is swapped in only when everything checked out. */
/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/save.h"
#include "cli/sweep.h"
#include "fairsh/metric.h"
#include "fairsh/model.h"
#include "fairsh/param.h"
#include "json/param.h"

static enum cmd_retval cmd_open_exec(struct cli_ctx *, const struct cli_args *);

const struct cmd_entry cmd_open_entry = {
	.name = "open", .min_args = 1, .max_args = 1,
	.args = "FILE",
	.help = "replace every session with those saved in FILE (checks each dataset's checksum)",
	.exec = cmd_open_exec,
};

static enum cmd_retval
cmd_open_exec(struct cli_ctx *ctx, const struct cli_args *a)
{
	const char *path = a->pos[0], *fmt, *conv, *cur;
	fair_error err;
	cJSON *j;
	fair_param *root = NULL;
	const fair_param *set;
	fair_workbench *wb = NULL;
	struct cli_sweep *sweep = NULL;
	int64_t version, seed, format;
	double thr;
	int convention;
	size_t nmodels = 0;
	enum cmd_retval rv = CMD_ERROR;

	fair_error_clear(&err);
	for (size_t i = 0; i < ctx->njobs; i++)
		if (fair_job_state(ctx->jobs[i]) == FAIR_JOB_RUNNING)
			return cli_error(ctx, a, "training jobs are running; 'wait' for them or 'cancel' them before opening '%s'", path);
	if ((j = json_read_file(path, &err)) == NULL) {
		if (err.code == FAIR_EPARSE)
			return cli_error(ctx, a, "%s; nothing was loaded (save again, or use a backup of the file)", err.msg);
		return cli_ferror(ctx, a, &err);
	}
	root = json_to_param(j, NULL, &err);
	cJSON_Delete(j);
	if (root == NULL) {
		cli_ferror(ctx, a, &err);
		goto out;
	}
	if ((fmt = fair_param_str(root, "format", &err)) == NULL || strcmp(fmt, CLI_SAVE_FORMAT) != 0 ||
	    fair_param_int(root, "version", &version, &err)) {
		cli_error(ctx, a, "'%s' is not a fairsh session file (no \"format\": \"%s\" with a version)", path, CLI_SAVE_FORMAT);
		goto out;
	}
	if (version > CLI_SAVE_VERSION) {
		const char *by = fair_param_get(root, "written_by") ? fair_param_str(root, "written_by", NULL) : NULL;
		cli_error(ctx, a, "'%s' has format version %" PRId64 " (written by %s); this fairsh (%s) reads version %d "
		          "and older; open it with a newer fairsh", path, version, by ? by : "a newer fairsh",
		          PACKAGE_STRING, CLI_SAVE_VERSION);
		goto out;
	}
	if (version < 1) {
		cli_error(ctx, a, "'%s' has an invalid format version %" PRId64, path, version);
		goto out;
	}
	if ((set = fair_param_object(root, "settings", &err)) == NULL || fair_param_int(set, "seed", &seed, &err) ||
	    fair_param_int(set, "format", &format, &err) || fair_param_num(set, "threshold", &thr, &err) ||
	    (conv = fair_param_str(set, "convention", &err)) == NULL || fair_convention_parse(conv, &convention, &err) ||
	    fair_param_list(root, "sessions", &err) == NULL) {
		cli_error(ctx, a, "'%s': %s; nothing was loaded", path, err.msg);
		goto out;
	}
	if (seed < 0 || (uint64_t)seed > CLI_SEED_MAX || format < OUT_TABLE || format > OUT_MARKDOWN ||
	    !(thr >= 0 && thr <= 1)) {
		cli_error(ctx, a, "'%s': the saved settings are out of range (seed %" PRId64 ", format %" PRId64
		          ", threshold %g); nothing was loaded", path, seed, format, thr);
		goto out;
	}
	if ((wb = fair_workbench_import(root, path, ctx->set.memory_limit, &nmodels, &err)) == NULL) {
		cli_error(ctx, a, "%s; nothing was loaded", err.msg);
		goto out;
	}
	cur = fair_param_get(root, "current") ? fair_param_str(root, "current", NULL) : NULL;
	if (fair_param_get(root, "sweep")) {
		const fair_param *so = fair_param_object(root, "sweep", &err);
		if (so == NULL || (sweep = cli_sweep_import(so, &err)) == NULL) {
			cli_error(ctx, a, "'%s': %s; nothing was loaded", path, err.msg);
			goto out;
		}
	}
	/* everything checked out: swap the workbench in */
	fair_workbench_free(ctx->wb);
	ctx->wb = wb;
	wb = NULL;
	ctx->set.seed = (unsigned long)seed;
	ctx->set.format = format >= 0 && format <= OUT_MARKDOWN ? (int)format : OUT_TABLE;
	ctx->set.convention = convention;
	ctx->set.threshold = thr;
	cli_sweep_free(ctx->sweep);   /* the file's sweep, or none */
	ctx->sweep = sweep;
	sweep = NULL;
	cli_info(ctx, "opened '%s': %zu session%s, %zu model%s%s%s", path, ctx->wb->n, ctx->wb->n == 1 ? "" : "s",
	         nmodels, nmodels == 1 ? "" : "s", cur ? "; current session " : "", cur ? cur : "");
	rv = CMD_OK;
out:
	cli_sweep_free(sweep);
	fair_workbench_free(wb);
	fair_param_free(root);
	return rv;
}
