/* test-persist.c -- SHA-256 against the FIPS 180-4 / NIST test vectors, the
 * parameter tree (builders, typed readers, coercions, every error path) and
 * export/import of learners, FERM transforms and Wasserstein tables. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_test.h>

#include "methods/methods-private.h"
#include "learn/learn-private.h"
#include "fairsh/param.h"
#include "workbench/workbench-private.h"   /* fair_learner_import: the registry */
#include "base/base-private.h"
#include "ot/ot-private.h"

static void
test_sha256(void)
{
	char hex[65];
	fair_sha256 c;
	unsigned char d[32];
	static char million[1000000];
	fair_error err;
	uint64_t size = 0;

	/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf") */
	fair_sha256_buf("abc", 3, hex);
	gsl_test_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "sha256('abc')");
	fair_sha256_buf("", 0, hex);
	gsl_test_str(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sha256('')");
	fair_sha256_buf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	gsl_test_str(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", "sha256(448-bit message)");
	/* one million 'a', fed in uneven pieces (exercises the buffering) */
	memset(million, 'a', sizeof million);
	fair_sha256_init(&c);
	for (size_t off = 0, step = 1; off < sizeof million; off += step, step = step * 3 % 1000 + 1)
		fair_sha256_update(&c, million + off, off + step > sizeof million ? sizeof million - off : step);
	fair_sha256_final(&c, d);
	fair_sha256_hex(d, hex);
	gsl_test_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "sha256(10^6 'a')");
	/* a file: same digest as the buffer, and its size */
	FILE *fp = fopen("test-persist.tmp", "wb");
	fputs("abc", fp);
	fclose(fp);
	gsl_test_int(fair_sha256_file("test-persist.tmp", hex, &size, &err), FAIR_OK, "sha256 file");
	gsl_test_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "sha256 file digest");
	gsl_test_int((int)size, 3, "sha256 file size");
	remove("test-persist.tmp");
	gsl_test_int(fair_sha256_file("no/such/file", hex, NULL, &err), FAIR_EIO, "sha256 missing file");
	gsl_test_str(err.msg, "cannot open 'no/such/file': No such file or directory", "sha256 missing file message");
}

static void
test_tree(void)
{
	fair_param *root = fair_param_new(FAIR_PARAM_OBJECT, NULL), *o, *l;
	fair_error err;
	double v, m[6] = { 1.5, -2.25, 3, 4, 5, 6 };
	int64_t i;
	size_t n, z, sz[3] = { 0, 7, 9007199254740992ULL };
	bool b;

	o = fair_param_add_object(root, "learner");
	fair_param_add_num(o, "alpha", 2.385);
	fair_param_add_num(o, "nan", NAN);
	fair_param_add_int(o, "seed", (int64_t)0xfedcba9876543210ULL);
	fair_param_add_bool(o, "flag", true);
	fair_param_add_str(o, "name", "logreg");
	fair_param_add_vec(o, "w", m, 3);
	fair_param_add_sizes(o, "idx", sz, 3);
	gsl_matrix_view mv = gsl_matrix_view_array(m, 2, 3);
	fair_param_add_matrix(o, "M", &mv.matrix);
	fair_param_add_bytes(o, "bytes", (const unsigned char *)"\x01\x02\x03", 3);
	l = fair_param_add_list(o, "labels");
	fair_param_add_str(l, NULL, "A");
	fair_param_add_str(l, NULL, "B & C");
	fair_param_add_str(o, "numstr", "Infinity");
	fair_param_add_str(o, "intstr", "18446744073709551615");
	gsl_test(fair_param_failed(root), "tree built");

	gsl_test_int(fair_param_num(o, "alpha", &v, &err), FAIR_OK, "num");
	gsl_test_rel(v, 2.385, 0, "num value (exact)");
	fair_param_num(o, "nan", &v, &err);
	gsl_test(!isnan(v), "NaN kept");
	fair_param_num(o, "numstr", &v, &err);
	gsl_test(!(isinf(v) && v > 0), "'Infinity' read as a number");
	fair_param_int(o, "seed", &i, &err);
	gsl_test((uint64_t)i != 0xfedcba9876543210ULL, "64-bit seed kept bit for bit");
	fair_param_int(o, "intstr", &i, &err);
	gsl_test((uint64_t)i != UINT64_MAX, "decimal string read as uint64 bits");
	fair_param_bool(o, "flag", &b, &err);
	gsl_test(!b, "bool");
	gsl_test_str(fair_param_str(o, "name", &err), "logreg", "string");
	const double *w = fair_param_vec(o, "w", &n, &err);
	gsl_test(w == NULL || n != 3 || w[1] != -2.25, "vector");
	size_t *s2 = fair_param_sizes(o, "idx", &n, &err);
	gsl_test(s2 == NULL || n != 3 || s2[1] != 7 || s2[2] != 9007199254740992ULL, "sizes");
	free(s2);
	gsl_matrix *M = fair_param_matrix(o, "M", &err);
	gsl_test(M == NULL || M->size1 != 2 || M->size2 != 3 || gsl_matrix_get(M, 1, 2) != 6, "matrix");
	gsl_matrix_free(M);
	const unsigned char *by = fair_param_bytes(o, "bytes", &n, &err);
	gsl_test(by == NULL || n != 3 || by[2] != 3, "bytes");
	char **labs = fair_param_strings(o, "labels", &n, &err);
	gsl_test(labs == NULL || n != 2 || strcmp(labs[1], "B & C"), "strings");
	for (size_t k = 0; labs && k < n; k++)
		free(labs[k]);
	free(labs);

	/* errors */
	gsl_test_int(fair_param_num(o, "missing", &v, &err), FAIR_EPARSE, "missing field");
	gsl_test_str(err.msg, "saved data: field 'missing' of 'learner' is missing", "missing field message");
	gsl_test_int(fair_param_num(o, "name", &v, &err), FAIR_EPARSE, "string is not a number");
	gsl_test_str(err.msg, "saved data: field 'name' of 'learner' is not a number", "type message");
	gsl_test(fair_param_str(root, "nope", &err) != NULL, "missing at the root");
	gsl_test_str(err.msg, "saved data: field 'nope' is missing", "root message");
	gsl_test(fair_param_matrix(o, "w", &err) != NULL, "vector is not a matrix");
	gsl_test_str(err.msg, "saved data: field 'w' of 'learner' is not a non-empty matrix", "matrix message");
	gsl_test(fair_param_sizes(o, "w", &n, &err) != NULL, "negative sizes refused");
	gsl_test(fair_param_int(o, "alpha", &i, &err) != FAIR_EPARSE, "2.385 is not an integer");
	gsl_test(fair_param_size(o, "nan", &z, &err) != FAIR_EPARSE, "NaN is not a count");
	gsl_test(fair_param_bool(o, "alpha", &b, &err) != FAIR_EPARSE, "2.385 is not a bool");
	gsl_test(fair_param_list(o, "name", &err) != NULL, "string is not a list");
	gsl_test(fair_param_object(o, "labels", &err) != NULL, "list is not an object");
	gsl_test(fair_param_strings(o, "w", &n, &err) != NULL, "vector is not a list of strings");
	gsl_test(fair_param_add(NULL, fair_param_new(FAIR_PARAM_NUM, "x")) != NULL, "add to NULL parent");
	gsl_test(fair_param_add_num(NULL, "x", 1) != NULL, "builder on NULL parent");
	fair_param_free(root);
	fair_param_free(NULL);
}

/* Learners and FERM: a fitted logistic regression and a linear FERM
 * transform exported and imported predict bit for bit the same. */
static void
test_models(void)
{
	/* 8 rows, 2 features; two groups whose positives differ in feature 0 */
	double x[16] = { 0.2, 1.0, 1.1, -0.5, 0.9, 0.3, -0.7, 0.8, 1.5, -1.2, -0.3, 0.4, 0.6, -0.9, -1.1, 0.1 };
	double y[8] = { 1, 1, 0, 1, 0, 0, 1, 0 };
	int32_t g[8] = { 0, 0, 0, 0, 1, 1, 1, 1 };
	gsl_matrix_view X = gsl_matrix_view_array(x, 8, 2);
	fair_error err;
	double s1[8], s2[8];
	fair_learner *l = fair_logreg_fit(&X.matrix, y, NULL, NULL, NULL, &err), *l2;
	fair_param *p = fair_param_new(FAIR_PARAM_OBJECT, "learner");

	gsl_test(l == NULL, "logreg fit");
	gsl_test_int(fair_learner_export(l, p, &err), FAIR_OK, "learner export");
	l2 = fair_learner_import(p, &err);
	gsl_test(l2 == NULL, "learner import: %s", err.msg);
	fair_learner_predict(l, &X.matrix, s1, &err);
	fair_learner_predict(l2, &X.matrix, s2, &err);
	gsl_test(memcmp(s1, s2, sizeof s1) != 0, "imported logreg predicts bit for bit");
	fair_learner_free(l2);
	/* a damaged tree: the weights missing */
	for (size_t k = 0; k < p->nkids; k++)
		if (!strcmp(p->kids[k]->name, "w"))
			p->kids[k]->name[0] = 'x';
	gsl_test(fair_learner_import(p, &err) != NULL, "learner without weights refused");
	gsl_test_str(err.msg, "saved data: field 'w' of 'learner' is missing", "learner error message");
	fair_param_free(p);
	fair_learner_free(l);

	/* MLP: network weights */
	fair_mlp_opts mo;
	fair_mlp_opts_init(&mo);
	mo.hidden[0] = 3;
	mo.nhidden = 1;
	mo.epochs = 5;
	mo.val_fraction = 0;
	l = fair_mlp_fit(&X.matrix, y, NULL, &mo, NULL, &err);
	p = fair_param_new(FAIR_PARAM_OBJECT, "learner");
	fair_learner_export(l, p, &err);
	l2 = fair_learner_import(p, &err);
	fair_learner_predict(l, &X.matrix, s1, &err);
	fair_learner_predict(l2, &X.matrix, s2, &err);
	gsl_test(memcmp(s1, s2, sizeof s1) != 0, "imported MLP predicts bit for bit");
	fair_learner_free(l2);
	fair_learner_free(l);
	fair_param_free(p);

	/* linear FERM, both variants */
	for (int var = 0; var < 2; var++) {
		fair_ferm_opts fo;
		fair_ferm_opts_init(&fo);
		fo.variant = var;
		fair_ferm *t = fair_ferm_fit(&X.matrix, y, g, 2, NULL, &fo, &err), *t2;
		gsl_test(t == NULL, "ferm fit: %s", err.msg);
		p = fair_param_new(FAIR_PARAM_OBJECT, "ferm");
		gsl_test_int(fair_ferm_export(t, p, &err), FAIR_OK, "ferm export");
		t2 = fair_ferm_import(p, &err);
		gsl_test(t2 == NULL, "ferm import: %s", err.msg);
		gsl_matrix *A = fair_ferm_apply(t, &X.matrix, &err), *B = fair_ferm_apply(t2, &X.matrix, &err);
		gsl_test(A->size2 != B->size2 || memcmp(A->data, B->data, A->size1 * A->size2 * sizeof(double)) != 0,
		         "imported FERM (variant %d) transforms bit for bit", var);
		gsl_matrix_free(A);
		gsl_matrix_free(B);
		fair_ferm_free(t);
		fair_ferm_free(t2);
		fair_param_free(p);
	}

	/* Wasserstein tables */
	double sc[8] = { 0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.55, 0.3 }, o1[8], o2[8];
	fair_wbary *wb = fair_wbary_fit(sc, g, 8, 2, NULL, FAIR_WBARY_JITTER_AUTO, 3, &err), *wb2;
	p = fair_param_new(FAIR_PARAM_OBJECT, "wbary");
	gsl_test_int(fair_wbary_export(wb, p, &err), FAIR_OK, "wbary export");
	wb2 = fair_wbary_import(p, &err);
	gsl_test(wb2 == NULL, "wbary import: %s", err.msg);
	fair_wbary_apply(wb, sc, g, 8, 0.75, 11, o1, NULL, &err);
	fair_wbary_apply(wb2, sc, g, 8, 0.75, 11, o2, NULL, &err);
	gsl_test(memcmp(o1, o2, sizeof o1) != 0, "imported correction maps bit for bit");
	fair_wbary_free(wb);
	fair_wbary_free(wb2);
	fair_param_free(p);
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_sha256();
	test_tree();
	test_models();
	return gsl_test_summary();
}
