/* test-workbench.c -- the workbench in the core: sessions to the parameter
 * tree and back (src/core/workbench/session-save.c) as `save`/`open` use
 * it, the checks that refuse a tampered file, and retraining a base model
 * without its calibration rows (the Wasserstein correction) for every kind
 * of trained model, including a multi-task fair representation. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "fairsh/demo.h"
#include "fairsh/model.h"
#include "fairsh/param.h"
#include "fairsh/session.h"
#include "fairsh/spec.h"

#define DEMO "demo:loans n=300 bias=1 seed=7"

/* A session as the shell makes it: demo:loans, target approved=yes,
 * sensitive group, a 70/30 split, the spec words kept for saving. */
static fair_session *
make_session(const char *name)
{
	fair_error err;
	fair_frame *f = NULL;
	fair_session *s;
	const char *pos[] = { "yes" }, *cols[] = { "group" };
	size_t n;

	if (fair_demo_generate("loans", 300, 1.0, 7, &f, &err))
		return NULL;
	s = fair_session_new(name, f, DEMO, &err);
	fair_frame_unref(f);
	if (s == NULL)
		return NULL;
	n = fair_frame_nrows(s->frame);
	if (fair_target_build(s->frame, "approved", pos, 1, NAN, -1, &s->target, &err) ||
	    fair_groups_build(s->frame, cols, 1, NAN, NULL, &s->groups, &err) ||
	    (s->split = malloc(n)) == NULL ||
	    fair_split_random(n, NULL, 0.7, 3, NULL, s->split, &err)) {
		fprintf(stderr, "set-up: %s\n", err.msg);
		fair_session_free(s);
		return NULL;
	}
	s->target_spec = strdup("approved positive=yes");
	s->sensitive_spec = strdup("group");
	s->split_spec = strdup("0.7 seed=3");
	return s;
}

/* Trains @learner with @nopts key=value pairs into @s as @name. */
static fair_model *
train(fair_session *s, const char *learner, const char *name, const char *const *keys,
      const char *const *vals, size_t nopts)
{
	fair_error err;
	fair_train_spec *sp = fair_train_spec_new(s, learner, keys, vals, nopts, name, 11, &err);
	fair_model *m = sp ? fair_model_train(sp, NULL, &err) : NULL;

	fair_train_spec_free(sp);
	if (m == NULL) {
		fprintf(stderr, "train %s: %s\n", learner, err.msg);
		return NULL;
	}
	if (fair_session_add_model(s, m, &err)) {
		fair_model_unref(m);
		return NULL;
	}
	return m;
}

/* Scores of @m on every row of its session. */
static double *
scores(const fair_session *s, const fair_model *m)
{
	size_t n = fair_frame_nrows(s->frame);
	double *v = malloc(n * sizeof *v);
	fair_error err;

	if (v != NULL && fair_model_scores(m, s->frame, s->groups, NULL, n, v, &err)) {
		fprintf(stderr, "scores: %s\n", err.msg);
		free(v);
		return NULL;
	}
	return v;
}

/* Bit-for-bit equality of two arrays (NaN equals NaN). */
static int
same(const double *a, const double *b, size_t n)
{
	return a != NULL && b != NULL && memcmp(a, b, n * sizeof *a) == 0;
}

/* Opening @root with the string field @f changed to other hex digits must
 * fail with a message containing @msg; @f is restored afterwards. */
static void
refused(const fair_param *root, fair_param *f, const char *msg, const char *what)
{
	fair_error err;
	size_t nm;
	char *keep;

	gsl_test(f == NULL || f->type != FAIR_PARAM_STR, "%s: field present", what);
	if (f == NULL || f->type != FAIR_PARAM_STR)
		return;
	keep = f->str;
	f->str = strdup("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	gsl_test(fair_workbench_import(root, "test.fsw", 0, &nm, &err) != NULL, "%s refused", what);
	gsl_test(strstr(err.msg, msg) == NULL, "%s: message (%s)", what, err.msg);
	free(f->str);
	f->str = keep;
}

static void
test_roundtrip(void)
{
	fair_session *s = make_session("loans"), *t;
	fair_workbench *wb = fair_workbench_new(), *wb2;
	fair_param *root = fair_param_new(FAIR_PARAM_OBJECT, NULL);
	const char *k[] = { "C", "pre" }, *v[] = { "0.5", "reweigh" };
	fair_error err;
	size_t nm = 0, nm2 = 0, n;

	gsl_test(s == NULL || wb == NULL || root == NULL, "roundtrip: set-up");
	if (s == NULL || wb == NULL || root == NULL)
		return;
	n = fair_frame_nrows(s->frame);
	gsl_test(train(s, "logreg", "lr", k, v, 2) == NULL, "roundtrip: train logreg");
	gsl_test(train(s, "mlp", "nn", (const char *[]){ "hidden", "epochs" }, (const char *[]){ "4", "3" }, 2) == NULL,
	         "roundtrip: train mlp");
	gsl_test_int(fair_workbench_add(wb, s, &err), FAIR_OK, "roundtrip: add session");
	gsl_test_int(fair_workbench_export(wb, root, &nm, &err), FAIR_OK, "roundtrip: export");
	gsl_test_int((int)nm, 2, "roundtrip: 2 models saved");
	gsl_test_str(fair_param_str(root, "current", NULL), "loans", "roundtrip: current session saved");

	wb2 = fair_workbench_import(root, "test.fsw", 0, &nm2, &err);
	gsl_test(wb2 == NULL, "roundtrip: import (%s)", wb2 ? "" : err.msg);
	if (wb2 == NULL)
		goto out;
	gsl_test_int((int)nm2, 2, "roundtrip: 2 models opened");
	t = fair_workbench_current(wb2);
	gsl_test(t == NULL || strcmp(t->name, "loans") != 0, "roundtrip: current session restored");
	if (t == NULL)
		goto out2;
	gsl_test_int((int)fair_frame_nrows(t->frame), (int)n, "roundtrip: rows");
	gsl_test(!same(t->target->y, s->target->y, n), "roundtrip: target identical");
	gsl_test(t->groups == NULL || memcmp(t->groups->group, s->groups->group, n * sizeof(int32_t)) != 0,
	         "roundtrip: groups identical");
	gsl_test(t->split == NULL || memcmp(t->split, s->split, n) != 0, "roundtrip: split identical");
	gsl_test_str(t->split_spec, "0.7 seed=3", "roundtrip: split words kept");
	for (size_t i = 0; i < s->nmodels; i++) {
		fair_model *a = s->models[i], *b = fair_session_find_model(t, fair_model_name(a));
		double *sa = scores(s, a), *sb = b ? scores(t, b) : NULL;
		gsl_test(!same(sa, sb, n), "roundtrip: model '%s' scores bit for bit", fair_model_name(a));
		gsl_test_str(b ? fair_model_desc(b) : "", fair_model_desc(a), "roundtrip: model '%s' description",
		             fair_model_name(a));
		free(sa);
		free(sb);
	}
out2:
	fair_workbench_free(wb2);
out:
	{
		fair_param *sess = (fair_param *)fair_param_list(root, "sessions", NULL)->kids[0];
		/* a tampered file: the target checksum no longer matches what the words give */
		refused(root, (fair_param *)fair_param_get(fair_param_object(sess, "checks", NULL), "target"),
		        "re-applying the saved target gives a different result", "tampered target check");
		/* other data than saved */
		refused(root, (fair_param *)fair_param_get(sess, "data_sha256"),
		        "session 'loans': the data read again from 'demo:loans", "changed data");
	}
	fair_param_free(root);
	fair_workbench_free(wb);
}

/* Without calibration rows the correction retrains its base without them;
 * for a fair representation with a second target that used to share the
 * snapshot's arrays (a double free, misaligned tasks; the ASan run of the
 * suite catches the first). The corrected scores must exist for every row
 * and the session's own model must be untouched. */
static void
test_retrain(void)
{
	fair_session *s = make_session("loans");
	const char *k[] = { "epochs", "dim", "targets" }, *v[] = { "2", "4", "income" };
	fair_model *rep, *lr, *w1, *w2;
	double *before, *after, *sc;
	fair_error err;
	size_t n, ok = 0;

	if (s == NULL)
		return;
	n = fair_frame_nrows(s->frame);
	rep = train(s, "fairrep", "rep", k, v, 3);
	lr = train(s, "logreg", "lr", (const char *[]){ "C" }, (const char *[]){ "2" }, 1);
	gsl_test(rep == NULL || lr == NULL, "retrain: base models trained");
	if (rep == NULL || lr == NULL)
		goto out;
	before = scores(s, rep);
	w1 = fair_model_wasserstein(s, rep, NULL, "w1", 1.0, 0.25, FAIR_MODEL_JITTER_AUTO, 5, NULL, &err);
	gsl_test(w1 == NULL, "retrain: wasserstein over fairrep (%s)", w1 ? "" : err.msg);
	w2 = fair_model_wasserstein(s, lr, NULL, "w2", 1.0, 0.25, FAIR_MODEL_JITTER_AUTO, 5, NULL, &err);
	gsl_test(w2 == NULL, "retrain: wasserstein over logreg (%s)", w2 ? "" : err.msg);
	after = scores(s, rep);
	gsl_test(!same(before, after, n), "retrain: the session's fairrep model is untouched");
	if (w1 != NULL) {
		sc = scores(s, w1);
		for (size_t i = 0; sc && i < n; i++)
			ok += isfinite(sc[i]) && sc[i] >= 0 && sc[i] <= 1;
		gsl_test_int((int)ok, (int)n, "retrain: corrected fairrep scores in [0,1] on every row");
		free(sc);
	}
	fair_model_unref(w1);
	fair_model_unref(w2);
	free(before);
	free(after);
out:
	fair_session_free(s);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_roundtrip();
	test_retrain();
	exit(gsl_test_summary());
}
