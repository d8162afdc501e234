/* method-doc.c -- the fairness methods (and the divergences after them) in
 * plain words, with their family, constraints and usage: the texts of
 * `explain METHOD` and the table of `methods`. */
/* SPDX-License-Identifier: MIT */
#include "cli/method-doc.h"

static const struct cli_method_doc docs[] = {
	{ "ferm", "pre / in", "eo (default), dp, eodds",
	  "train MODEL pre=ferm [constraint=eo|dp|eodds] [variant=proj|elim] [pivot=abs|signed]; "
	  "train ferm [kernel=rbf|poly|linear] [C=] [gamma=] [eps=] [exact=auto|yes|no] [components=]",
	  "FERM (Donini et al., NeurIPS 2018): empirical risk minimisation under a fairness constraint.\n"
	  "Equal opportunity asks that qualified people (positive label) get the same average score in\n"
	  "every group. For a linear model that is one linear condition on the weights: w must be\n"
	  "orthogonal to u, the difference between the groups' average feature vectors over the\n"
	  "positives. pre=ferm projects the features onto the directions orthogonal to u (one u per\n"
	  "extra group), so whatever linear model is trained afterwards cannot tell the groups'\n"
	  "qualified members apart on average. 'train ferm' does the same inside a kernel machine.\n"
	  "It costs little accuracy when u is a small part of what predicts the target." },
	{ "wasserstein", "post", "dp (demographic parity of scores)",
	  "correct MODEL with wasserstein [alpha=] [calib=] [jitter=] [seed=]; correct pred=COL with wasserstein as NAME",
	  "Wasserstein-barycenter post-processing (Chzhen et al., NeurIPS 2020). Each group's scores\n"
	  "form a distribution. The correction moves every score to the same rank (quantile) of a\n"
	  "common distribution, the barycenter: the weighted average of the groups' quantile\n"
	  "functions. Afterwards every group has the same score distribution (demographic parity\n"
	  "for every threshold), and within a group the order of people is unchanged. Among all\n"
	  "fair predictors it is the one closest to the original in squared error, which is why it\n"
	  "is the least change that achieves parity. alpha moves part of the way (0 = original,\n"
	  "1 = fully fair). It uses the sensitive attribute when predicting." },
	{ "reweigh", "pre", "dp (label independent of group in the weighted data)",
	  "train MODEL pre=reweigh (MODEL: logreg, ridge, svm, mlp, xgboost, forest)",
	  "Reweighing (Kamiran & Calders 2012; AIF360's Reweighing). Each training row gets a weight\n"
	  "that depends on its group and its label: w = n_group n_label / (n n_group,label). Rows of\n"
	  "combinations that are rarer than independence would predict (say, positive labels in a\n"
	  "disadvantaged group) weigh more, common ones less, so that in the weighted data the label\n"
	  "is independent of the group. The model is then trained on the weighted rows; features and\n"
	  "labels are untouched and the sensitive attribute is not needed when predicting." },
	{ "direpair", "pre", "dp (features' distributions equal across groups)",
	  "train MODEL pre=direpair [level=0..1] (MODEL: logreg, ridge, svm, mlp, xgboost, forest, expgrad)",
	  "Disparate-impact remover (Feldman et al. 2015; AIF360's DisparateImpactRemover). For each\n"
	  "numeric feature, every person's value is replaced by the value at the same rank (quantile)\n"
	  "of a common distribution: the median, across groups, of the groups' distributions. Someone\n"
	  "at the 80th percentile of their group ends up at the 80th percentile of the common\n"
	  "distribution, so the feature no longer reveals the group while the order within each\n"
	  "group is kept. level moves part of the way (0 = unchanged, 1 = full repair). Fitted on the\n"
	  "training rows; new rows are placed by their rank in their group's training values, so\n"
	  "the sensitive attribute is needed when predicting. Categorical features are not repaired." },
	{ "threshold", "post", "dp, eo, eodds",
	  "correct MODEL with threshold [constraint=dp|eo|eodds] [seed=N] [as NAME]",
	  "Threshold optimiser (Hardt, Price & Srebro 2016; Fairlearn's ThresholdOptimizer). The\n"
	  "model's score is kept; each group gets its own cut-off, and where no single cut-off hits\n"
	  "the target exactly, people between two cut-offs are selected by a coin flip with a fixed\n"
	  "probability. The cut-offs are the ones with the highest accuracy on the training rows\n"
	  "among all that equalise the chosen rate exactly (in expectation): selection rate (dp),\n"
	  "true positive rate (eo) or both true and false positive rates (eodds). The coin flips are\n"
	  "seeded per row, so a person always gets the same decision. It uses the sensitive\n"
	  "attribute when predicting." },
	{ "expgrad", "in", "dp, eo, eodds (each group vs everyone, within eps)",
	  "train expgrad [base=logreg|svm|mlp|xgboost|forest] [constraint=dp|eo|eodds] [eps=0.01] [max_iter=50] [eta0=2] [nu=] [base's options]",
	  "Exponentiated-gradient reduction (Agarwal et al. 2018; Fairlearn's ExponentiatedGradient).\n"
	  "Fair training as a game: one player trains an ordinary classifier on reweighted and\n"
	  "relabelled rows; the other raises the price of every group whose rate drifts more than\n"
	  "eps from the overall rate. After a few dozen rounds the answer is a mixture of the\n"
	  "classifiers trained on the way, used at random with fixed weights: its rates stay within\n"
	  "about eps of the overall rate in every group on the training data. The score shown is the\n"
	  "probability of a positive decision; the decision itself is drawn per row with a seed. The\n"
	  "progress line shows the duality gap, which falls as the game settles." },
	{ "mmd", "in (representation)", "dp",
	  "divergence used by fair representation learning",
	  "Maximum mean discrepancy: compares two groups' clouds of points through a smooth\n"
	  "similarity (a Gaussian kernel). It is zero when the clouds have the same distribution and\n"
	  "grows as they separate; a penalty on it pushes a representation to look the same for\n"
	  "every group, so any model built on it treats the groups alike on average.\n"
	  "'audit MODEL distances=yes' also uses it to compare the groups' score distributions." },
	{ "sinkhorn", "in (representation)", "dp",
	  "divergence used by fair representation learning",
	  "The Sinkhorn divergence measures how much work it takes to move one group's points onto\n"
	  "the other's (optimal transport), smoothed by a small temperature eps so it is fast and\n"
	  "differentiable, and debiased so it is zero for identical groups.\n"
	  "'audit MODEL distances=yes' also uses it to compare the groups' score distributions\n"
	  "(with a small blur it is about half the squared Wasserstein-2 distance)." },
};

const struct cli_method_doc *
cli_method_docs(size_t *n, size_t *nmethods)
{
	*n = sizeof docs / sizeof docs[0];
	*nmethods = 6;   /* the methods, not the divergences below them */
	return docs;
}
