/* datasets.c -- the registry of the shipped real datasets (datasets.h): one
 * entry per file of share/fairsh/data, with its provenance, terms, caveats
 * and suggested set-up; finding the file; checking it is the documented
 * data. share/fairsh/data/README.md has the same facts at more length, and
 * share/fairsh/data/build.py rebuilds the files from the publishers' raw
 * files. */
/* SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fairsh/buf.h"
#include "fairsh/csv.h"
#include "fairsh/datasets.h"
#include "base/base-private.h"
#include "fairsh/zread.h"

static const fair_dataset registry[] = {
	{
		.name = "adult", .file = "adult.csv", .title = "Adult (Census Income), UCI 1996",
		.rows = 48842, .cols = 16,
		.sha256 = "d99d5b2c07ff6c7e09b6e0cefe115f6835d5c7b6efebdb9276238f1243c6369b",
		.target = "income", .positive = ">50K", .target_threshold = NAN,
		.task = "classification", .positive_means = "income above $50,000 a year (23.9%)",
		.sensitive = "sex", .sensitive_threshold = NAN, .privileged = "Male",
		.split_column = "split", .features = "all-except=fnlwgt",
		.also_sensitive = "race (White 41,762, Black 4,685, Asian-Pac-Islander 1,519, Amer-Indian-Eskimo 470,\n"
		                  "Other 406), age",
		.publisher = "UCI Machine Learning Repository; donors Ronny Kohavi and Barry Becker (1996),\n"
		             "extracted from the 1994 US Census database",
		.source = "UCI (Kohavi & Becker)",
		.license = "CC BY 4.0 (UCI's listing; the files state no terms)",
		.license_short = "CC BY 4.0 (UCI)",
		.citation = "Kohavi, R. (1996). Scaling up the accuracy of naive-Bayes classifiers: a decision-tree\n"
		            "hybrid. Proc. KDD-96. Dataset: Becker, B. & Kohavi, R. (1996). Adult. UCI Machine\n"
		            "Learning Repository. doi:10.24432/C5XW20",
		.provenance = "UCI's adult.data (train, 32,561 rows) and adult.test (test, 16,281 rows) as archived by the\n"
		              "Toronto DELVE project (GitHub vukk/lfr, commit ed62ba9), checked against adult.names\n"
		              "(row and class counts). Edits: the space after each comma removed, the first line of\n"
		              "adult.test and blank lines dropped, the test labels' final '.' removed ('>50K.' is\n"
		              "'>50K'), and a 'split' column (train/test) added. '?' marks missing values, as published.",
		.caveats = "The census is from 1994 and incomes are not adjusted: $50,000 then is about twice that now,\n"
		           "so the label selects a different share of people than it would today (Ding et al. 2021,\n"
		           "'Retiring Adult', built newer census tasks for that reason). fnlwgt is a survey weight,\n"
		           "not a trait of the person. relationship (Husband/Wife) and marital-status carry sex: a\n"
		           "model without the sex column can still use it. Missing values ('?'): workclass 2,799,\n"
		           "occupation 2,809, native-country 857. Race categories are the census's of 1994.",
		.use = "Predict income > $50K and audit by sex (Male privileged), with the original train/test\n"
		       "split and every column but fnlwgt as features. The classic first audit: the selection\n"
		       "rates differ by sex already in the labels (30.4% of men, 10.9% of women).",
	},
	{
		.name = "compas", .file = "compas.csv", .title = "COMPAS two-year recidivism, ProPublica 2016",
		.rows = 7214, .cols = 53,
		.sha256 = "49cc8be6a832db0efdb761be41dc5c648cb6ce23be63cffb63ee7a7b6465b761",
		.filters = "days_b_screening_arrest>=-30;days_b_screening_arrest<=30",
		.target = "two_year_recid", .positive = "1", .target_threshold = NAN,
		.task = "classification", .positive_means = "rearrested within two years (45.1%)",
		.sensitive = "race", .sensitive_threshold = NAN, .privileged = "Caucasian",
		.features = "sex,age,juv_fel_count,juv_misd_count,juv_other_count,priors_count,c_charge_degree",
		.also_sensitive = "sex (Male 5,819, Female 1,395), age_cat (Less than 25, 25 - 45, Greater than 45)",
		.publisher = "ProPublica, for 'Machine Bias' (Angwin, Larson, Mattu & Kirchner, 2016): Broward County,\n"
		             "Florida, 2013-2014",
		.source = "ProPublica (Angwin et al.)",
		.license = "none stated (the repository has no licence file); cite ProPublica",
		.license_short = "none stated",
		.citation = "Angwin, J., Larson, J., Mattu, S. & Kirchner, L. (2016). Machine Bias. ProPublica.\n"
		            "Larson, J. et al. (2016). How we analyzed the COMPAS recidivism algorithm. ProPublica.",
		.provenance = "compas-scores-two-years.csv from ProPublica's own repository (GitHub\n"
		              "propublica/compas-analysis, commit bafff5d). Edits: CRLF line ends became LF, and the\n"
		              "second of the two 'decile_score' and 'priors_count' columns (identical values) is named\n"
		              "decile_score.1 / priors_count.1. All values, empty fields included, are unchanged.",
		.caveats = "The label is a new charge recorded in Broward County within two years, not re-offending as\n"
		           "such: crimes without an arrest, and arrests elsewhere, are missed, and arrest rates differ\n"
		           "by race. ProPublica kept only screenings within 30 days of the arrest (the set-up's\n"
		           "filters, 6,172 rows); for the others the score may belong to another case. Barenstein\n"
		           "(2019) reports an error in how the two-year window was applied, and Bao et al. (2021,\n"
		           "'It's COMPASlicated') list further problems (dates, charges, the label) and advise against\n"
		           "using it as a neutral benchmark. decile_score and score_text are the COMPAS tool's output\n"
		           "(the predictions ProPublica audited), not features. The file holds defendants' names.\n"
		           "violent_recid is empty in every row (is_violent_recid is the flag).",
		.use = "Predict rearrest within two years from the criminal history that COMPAS also sees, keep\n"
		       "ProPublica's 30-day screening window, and audit by race (Caucasian as the reference).\n"
		       "ProPublica compared African-American and Caucasian defendants: 'filter\n"
		       "race=African-American,Caucasian' keeps those two (the other groups are small). Look at\n"
		       "the error rates: people who were not rearrested were labelled high risk about twice as\n"
		       "often if they were African-American.",
	},
	{
		.name = "german", .file = "german.csv", .title = "German Credit (Statlog), UCI 1994",
		.rows = 1000, .cols = 22,
		.sha256 = "bfba5ba1784690e073d2cdf8055b6ab1c7f17a2762ba3497056092e1468fb735",
		.target = "credit_risk", .positive = "1", .target_threshold = NAN,
		.task = "classification", .positive_means = "good credit risk (70%)",
		.sensitive = "sex", .sensitive_threshold = NAN, .privileged = "male",
		.features = "all-except=personal_status_sex",
		.also_sensitive = "age (usually split at 25: 810 older, 190 younger), foreign_worker",
		.publisher = "UCI Machine Learning Repository, Statlog (German Credit Data); Prof. Hans Hofmann,\n"
		             "Universitaet Hamburg",
		.source = "UCI Statlog (Hofmann)",
		.license = "CC BY 4.0 (UCI's listing; the files state no terms)",
		.license_short = "CC BY 4.0 (UCI)",
		.citation = "Hofmann, H. (1994). Statlog (German Credit Data). UCI Machine Learning Repository.",
		.provenance = "german.data (79,793 bytes; GitHub Srisai85/GermanCredit, commit 9781e17), identical in\n"
		              "content to two other copies. Edits: spaces became commas, header names were added, and\n"
		              "a 'sex' column was derived from personal_status_sex following german.doc (A92, A95\n"
		              "female; A91, A93, A94 male). Category codes (A11, ...) are kept: german.doc explains them.",
		.caveats = "Groemping (2019, 'South German Credit Data: correcting a widely used data set') found that\n"
		           "german.doc's code tables are wrong for several attributes, personal_status_sex among\n"
		           "them: its codes do not separate women from men cleanly, so the derived sex column is\n"
		           "unreliable and results by sex should be read with care (age is the other usual\n"
		           "attribute). The data are from the 1970s, and bad credits are heavily over-represented\n"
		           "compared with the bank's customers. 1,000 rows: group estimates are noisy (use ci=).\n"
		           "german.doc's cost matrix rates a bad customer predicted good 5 times worse than the reverse.",
		.use = "Predict a good credit risk and audit by the derived sex column (see the caveats), every\n"
		       "attribute but personal_status_sex (which encodes sex) as a feature, a random 70/30 split.",
	},
	{
		.name = "communities", .file = "communities.csv", .title = "Communities and Crime, UCI 2009",
		.rows = 1994, .cols = 128,
		.sha256 = "748b3de18ff7f09f0e357a3f2510b043a414f5c30916962eda7e3f78bbe21c07",
		.target = "ViolentCrimesPerPop", .target_threshold = NAN,
		.task = "regression", .positive_means = "violent crimes per population, normalised to [0, 1]",
		.sensitive = "racepctblack", .sensitive_threshold = 0.06,
		.features = "all-except=state,county,community,communityname,fold",
		.also_sensitive = "racePctWhite, racePctHisp, racePctAsian",
		.publisher = "UCI Machine Learning Repository; Michael Redmond, La Salle University (2009): 1990 US\n"
		             "Census, 1990 LEMAS survey, 1995 FBI Uniform Crime Reports",
		.source = "UCI (Redmond)",
		.license = "CC BY 4.0 (UCI's listing); the names file asks to cite the sources below",
		.license_short = "CC BY 4.0 (UCI)",
		.citation = "Redmond, M. A. & Baveja, A. (2002). A data-driven software tool for enabling cooperative\n"
		            "information sharing among police departments. European Journal of Operational Research\n"
		            "141, 660-678. Also cite the UCI repository and the Census, LEMAS and UCR sources.",
		.provenance = "communities.data and communities.names (GitHub HanaSturlan/Communities-and-Crime-Data-Set,\n"
		              "commit 1099724), the rows identical to a second copy; two other copies were rejected\n"
		              "('?' replaced by 0, a missing value imputed). Edits: the 128 names of the names file\n"
		              "added as the header, CRLF became LF. '?' marks missing values, as published.",
		.caveats = "The rows are communities, not people: the groups are towns with a larger or smaller share\n"
		           "of Black residents, and every input is a community average normalised to [0, 1] (the\n"
		           "units are lost). 1,675 of the 1,994 rows miss all 22 LEMAS police columns (only larger\n"
		           "departments were surveyed); county and community are mostly missing; OtherPerCap is\n"
		           "missing once. Crime counts are those reported to the FBI, and reporting differs between\n"
		           "places. The cut at 0.06 (the median share) is the analysis's choice.",
		.use = "The regression task of Chzhen et al. (NeurIPS 2020, fair regression with Wasserstein\n"
		       "barycenters): predict the violent-crime rate, groups by a share of Black residents above\n"
		       "or below the median, the five identifier columns left out. Try 'correct MODEL with\n"
		       "wasserstein' and compare the KS and Wasserstein figures.",
	},
	{
		.name = "law_school", .file = "law_school.csv", .title = "Law School (LSAC bar passage), Kusner et al. 2017",
		.rows = 21791, .cols = 9,
		.sha256 = "8aeab3ca68abd759e4af4768aa778a41a04e31d3ee028d8b919852e4448062ec",
		.target = "ZFYA", .target_threshold = NAN,
		.task = "regression", .positive_means = "standardised first-year law-school average",
		.sensitive = "race", .sensitive_threshold = NAN, .privileged = "White",
		.features = "LSAT,UGPA",
		.also_sensitive = "sex (1 = female 9,537, 2 = male 12,254); first_pf (bar passed at the first try) is\n"
		                  "the classification target",
		.publisher = "Law School Admission Council, National Longitudinal Bar Passage Study (Wightman, 1998);\n"
		             "this subset prepared for Kusner, Loftus, Russell & Silva (2017)",
		.source = "LSAC (Wightman) / Kusner et al.",
		.license = "none stated; cite Wightman (1998) and Kusner et al. (2017)",
		.license_short = "none stated",
		.citation = "Wightman, L. F. (1998). LSAC National Longitudinal Bar Passage Study. Law School Admission\n"
		            "Council. Kusner, M. J., Loftus, J., Russell, C. & Silva, R. (2017). Counterfactual\n"
		            "fairness. NeurIPS 2017.",
		.provenance = "law_data.csv as distributed by Kusner et al. (GitHub osu-srml/CF_Representation_Learning,\n"
		              "commit 8d9a9e5), the same rows and values as a second copy. Edit: the unnamed first\n"
		              "column (a pandas index) is named 'id'.",
		.caveats = "Students who entered law school in 1991. Other preprocessings of the same study have\n"
		           "different rows and columns, so figures from other papers may not match this file. ZFYA\n"
		           "is standardised within each school. The sex coding (1 female, 2 male) comes from the\n"
		           "publisher's analysis code. Several race groups are small (Amerindian 99, Puertorican\n"
		           "110): their figures are noisy. first_pf is 88.8% passes, so accuracy alone says little.",
		.use = "Kusner et al.'s task: predict the first-year average from LSAT and undergraduate GPA (the\n"
		       "'unaware' model: race and sex are not features) and audit the predictions by race, White\n"
		       "as the reference. The mean prediction differs by group even though race is not an input.",
	},
	{
		.name = "drug_consumption", .file = "drug_consumption.csv",
		.title = "Drug consumption (quantified), UCI 2016",
		.rows = 1885, .cols = 32,
		.sha256 = "682856160c57e968c3aa33360998962ea4b4ebe95092c152ed8e5f93d4ce6c47",
		.target = "Cannabis", .positive = "CL3,CL4,CL5,CL6", .target_threshold = NAN,
		.task = "classification", .positive_means = "used cannabis in the last year (53.0%)",
		.sensitive = "Gender", .sensitive_threshold = NAN,
		.features = "Age,Education,Country,Ethnicity,Nscore,Escore,Oscore,Ascore,Cscore,Impulsive,SS",
		.also_sensitive = "Ethnicity (-0.31685 = White, 1,720; the other six codes 165 in all), Age, Education",
		.publisher = "UCI Machine Learning Repository; Fehrman, Muhammad, Mirkes, Egan & Gorban (2017)",
		.source = "UCI (Fehrman et al.)",
		.license = "CC BY 4.0 (UCI's listing; the file states no terms)",
		.license_short = "CC BY 4.0 (UCI)",
		.citation = "Fehrman, E., Muhammad, A. K., Mirkes, E. M., Egan, V. & Gorban, A. N. (2017). The five\n"
		            "factor model of personality and evaluation of drug consumption risk. In Data Science,\n"
		            "Springer, 231-242.",
		.provenance = "drug_consumption.data (GitHub MATF-istrazivanje-podataka-1/2023_Data_Mining_Drugs_\n"
		              "consumption_Dataset, commit d9b5ac9), identical to a second copy. Edit: a header with the\n"
		              "UCI variable names added. Values are unchanged.",
		.caveats = "An online survey (2011-2012) of self-selected respondents, mostly from English-speaking\n"
		           "countries: not a sample of any population. The inputs are 'quantified' codes, one real\n"
		           "number per category: Gender 0.48246 is female and -0.48246 male, which is how the groups\n"
		           "are labelled. Use is self-reported; Semer is a made-up drug included to catch over-claiming\n"
		           "(8 respondents reported using it). The non-White groups of Ethnicity are tiny.",
		.use = "Predict cannabis use in the last year (CL3 or more recent) from demographics and the\n"
		       "personality scores, and audit by gender (0.48246 = female, -0.48246 = male).",
	},
	{
		.name = "bank", .file = "bank.csv", .title = "Bank Marketing (bank-full), UCI 2012",
		.rows = 45211, .cols = 17,
		.sha256 = "b44507c26634736d4a0619ec2d7c4b6ff56a2c63cbeb5176d3134e7b25e416f0",
		.target = "y", .positive = "yes", .target_threshold = NAN,
		.task = "classification", .positive_means = "subscribed a term deposit (11.7%)",
		.sensitive = "age", .sensitive_threshold = 24, .privileged = "age>24",
		.features = "all-except=duration",
		.also_sensitive = "marital (married 27,214, single 12,790, divorced 5,207; divorced includes widowed)",
		.publisher = "UCI Machine Learning Repository; Paulo Cortez (Univ. Minho) and Sergio Moro (ISCTE-IUL),\n"
		             "2012: phone campaigns of a Portuguese bank, May 2008 to November 2010",
		.source = "UCI (Moro, Cortez)",
		.license = "'public available for research' (bank-names.txt), cite Moro et al. (2011); CC BY 4.0 on\n"
		           "UCI's listing",
		.license_short = "research use; CC BY 4.0 (UCI)",
		.citation = "Moro, S., Laureano, R. & Cortez, P. (2011). Using data mining for bank direct marketing:\n"
		            "an application of the CRISP-DM methodology. Proc. ESM'2011, 117-121.",
		.provenance = "bank-full.csv inside UCI's bank.zip (579,043 bytes, members dated 2012-02-14; GitHub\n"
		              "Felpz2212/Analise-Dados-Banco, commit 8d73757), identical to two other copies. Edits: ';'\n"
		              "became ',', and the quotes (which no value needs) were dropped.",
		.caveats = "duration, the length of the last call, is known only once the call is over and is\n"
		           "strongly tied to the outcome (a call of 0 seconds means no): a model that uses it cannot be\n"
		           "used before calling, so the set-up leaves it out. 'unknown' is an ordinary category, not a\n"
		           "missing value. Clients called several times appear once per campaign contact. The split\n"
		           "at age 25 follows AIF360, which applies it to the bank-additional version.",
		.use = "Predict a subscription and audit by age: 24 and younger against older (AIF360's\n"
		       "convention), duration left out.",
	},
	{
		.name = "arrhythmia", .file = "arrhythmia.csv", .title = "Arrhythmia, UCI 1998",
		.rows = 452, .cols = 280,
		.sha256 = "91b00eca613a63012d9457bb8099905f7ca5ce6cdc91e9f0e58e68ae8c93ee1a",
		.target = "class", .target_threshold = 1,
		.task = "classification", .positive_means = "an arrhythmia (classes 2-16, 45.8%)",
		.sensitive = "sex", .sensitive_threshold = NAN,
		.features = "all",
		.also_sensitive = "age",
		.publisher = "UCI Machine Learning Repository; Guvenir, Acar, Muderrisoglu, Bilkent University (1998)",
		.source = "UCI (Guvenir et al.)",
		.license = "CC BY 4.0 (UCI's listing; the files state no terms)",
		.license_short = "CC BY 4.0 (UCI)",
		.citation = "Guvenir, H. A., Acar, B., Demiroz, G. & Cekin, A. (1997). A supervised machine learning\n"
		            "algorithm for arrhythmia analysis. Proc. Computers in Cardiology, Lund, Sweden.",
		.provenance = "arrhythmia.data and arrhythmia.names (GitHub SttefanB/Proiect_SVM_Clasificare_Pacienti_\n"
		              "Aritmie, commit 4baa23f); a second copy has the same rows. Edit: a header written from\n"
		              "the names file's attribute list. Values are unchanged ('.4' stays as written).",
		.caveats = "452 patients and 279 measurements: more inputs than a model on so few rows can use well.\n"
		           "Of the 16 classes three never occur. j_angle is missing in 376 rows, a few angles in 1-22\n"
		           "('?'). sex is 0 = male, 1 = female per the names file. Group figures are noisy (ci=).",
		.use = "Normal (class 1) against any arrhythmia (classes above 1), audited by sex; a small, wide\n"
		       "dataset for seeing how noisy group metrics are.",
	},
};

#define NDATASETS (sizeof registry / sizeof registry[0])

size_t
fair_dataset_count(void)
{
	return NDATASETS;
}

const fair_dataset *
fair_dataset_get(size_t i)
{
	return i < NDATASETS ? &registry[i] : NULL;
}

const fair_dataset *
fair_dataset_find(const char *name)
{
	for (size_t i = 0; i < NDATASETS; i++)
		if (strcmp(registry[i].name, name) == 0)
			return &registry[i];
	return NULL;
}

const char *
fair_dataset_names(void)
{
	return "adult, compas, german, communities, law_school, drug_consumption, bank, arrhythmia";
}

char *
fair_dataset_locate(const fair_dataset *d, const char *const *dirs, size_t ndirs, fair_error *err)
{
	static const char *const ext[] = { "", ".xz", ".zst", ".gz" };
	fair_buf tried = FAIR_BUF_INIT;

	for (size_t i = 0; i < ndirs; i++) {
		if (dirs[i] == NULL || dirs[i][0] == '\0')
			continue;
		for (size_t k = 0; k < sizeof ext / sizeof *ext; k++) {
			fair_buf p = FAIR_BUF_INIT;
			struct stat st;
			fair_buf_printf(&p, "%s/%s%s", dirs[i], d->file, ext[k]);
			if (p.buf == NULL) {
				fair_buf_release(&tried);
				fair_error_set(err, FAIR_ENOMEM, "out of memory");
				return NULL;
			}
			if (stat(p.buf, &st) == 0 && S_ISREG(st.st_mode)) {
				fair_buf_release(&tried);
				return fair_buf_detach(&p);
			}
			fair_buf_release(&p);
		}
		fair_buf_printf(&tried, "%s%s", tried.len ? ", " : "", dirs[i]);
	}
	fair_error_set(err, FAIR_ENOTFOUND, "the file of dataset '%s' (%s, or %s.xz, .zst, .gz) is not in %s",
	               d->name, d->file, d->file, tried.len ? tried.buf : "any directory");
	fair_buf_release(&tried);
	return NULL;
}

int
fair_dataset_verify(const fair_dataset *d, const char *path, char *hex, fair_error *err)
{
	FILE *fp = fopen(path, "rb");
	char *raw = NULL, *text = NULL, digest[65];
	size_t n = 0, cap = 0, tlen;
	fair_frame *f = NULL;
	fair_csv_info info;
	int st = FAIR_OK;

	if (fp == NULL)
		return fair_error_set(err, FAIR_EIO, "cannot open '%s'", path);
	for (;;) {
		if (n == cap) {
			char *b = realloc(raw, cap ? 2 * cap : (size_t)1 << 20);
			if (b == NULL) {
				st = fair_error_set(err, FAIR_ENOMEM, "out of memory reading '%s'", path);
				goto out;
			}
			raw = b;
			cap = cap ? 2 * cap : (size_t)1 << 20;
		}
		size_t k = fread(raw + n, 1, cap - n, fp);
		n += k;
		if (k == 0)
			break;
	}
	if (ferror(fp)) {
		st = fair_error_set(err, FAIR_EIO, "cannot read '%s'", path);
		goto out;
	}
	if (fair_zdetect(raw, n) != FAIR_ZNONE) {
		if ((st = fair_zdecompress(raw, n, path, NULL, &text, &tlen, err)) != FAIR_OK)
			goto out;
	} else {
		text = raw;
		tlen = n;
		raw = NULL;
	}
	fair_sha256_buf(text, tlen, digest);
	if (hex != NULL)
		memcpy(hex, digest, 65);
	if (strcmp(digest, d->sha256) != 0) {
		st = fair_error_set(err, FAIR_EINVAL, "%s: not the data of dataset '%s' (SHA-256 %.16s..., "
		                    "expected %.16s...)", path, d->name, digest, d->sha256);
		goto out;
	}
	if ((f = fair_csv_parse(text, tlen, path, NULL, &info, err)) == NULL) {
		st = err ? err->code : FAIR_EPARSE;
		goto out;
	}
	if (info.nrows != d->rows || info.ncols != d->cols)
		st = fair_error_set(err, FAIR_EINVAL, "%s: %zu rows x %zu columns, expected %zu x %zu", path,
		                    info.nrows, info.ncols, d->rows, d->cols);
out:
	fair_frame_unref(f);
	free(raw);
	free(text);
	fclose(fp);
	return st;
}
