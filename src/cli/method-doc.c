/* method-doc.c -- the fairness methods (and the divergences after them) in
 * plain words, with their family, constraints and usage: the texts of
 * `explain METHOD` and the table of `methods`. */
/* SPDX-License-Identifier: MIT */
#include <string.h>

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
	  "train MODEL pre=reweigh (MODEL: logreg, ridge, svm, mlp, xgboost, forest, adversarial)",
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
	{ "threshold", "post", "dp, eo (tpr), fpr, tnr, fnr, eodds; within tol",
	  "correct MODEL|score=COL with threshold [constraint=dp|eo|fpr|tnr|fnr|eodds] "
	  "[objective=accuracy|balanced_accuracy|selection_rate|tpr|tnr] [flip=yes] [tol=T] [grid=N] [seed=N] [as NAME]",
	  "Threshold optimiser (Hardt, Price & Srebro, NeurIPS 2016; Fairlearn's ThresholdOptimizer).\n"
	  "The model's score is kept; each group gets its own cut-off, and where no single cut-off hits\n"
	  "the target exactly, people between two cut-offs are selected by a coin flip with a fixed\n"
	  "probability. Each group's classifiers 'score > t' (with flip=yes also 'score < t') are\n"
	  "points (x, y) = (the constrained rate, the objective); mixing two reaches the segment\n"
	  "between them, so the best objective at rate x is the group's upper concave hull f_g(x).\n"
	  "It maximises sum_g (n_g/n) f_g(x_g) subject to max x_g - min x_g <= tol (tol 0: equal\n"
	  "rates). For eodds the common point is (FPR f, TPR min_g U_g(f)) on the ROC hulls U_g, each\n"
	  "group mixing in the constant prediction f. The exact optimum is found by evaluating every\n"
	  "breakpoint; grid=N reproduces Fairlearn's search on N+1 rates (its default is 1000). The\n"
	  "coin flips are seeded per row. It uses the sensitive attribute when predicting." },
	{ "eqodds", "post", "eodds",
	  "correct MODEL|score=COL with eqodds [seed=N] [as NAME]",
	  "Equalized-odds post-processing (Hardt, Price & Srebro 2016; AIF360's EqOddsPostprocessing).\n"
	  "The model's yes/no decision d is kept or flipped at random, with probabilities chosen per\n"
	  "group, P(yes | d, g), by a linear program: maximise sum_g (TPR_g - FPR_g) subject to equal\n"
	  "true and false positive rates in every group. fairsh solves it exactly (the threshold\n"
	  "optimiser on d with flips); AIF360 compares one privileged group with the others pooled,\n"
	  "fairsh equalises all groups. It uses the sensitive attribute when predicting." },
	{ "caleqodds", "post", "equal generalised fnr, fpr or weighted cost; calibration kept",
	  "correct MODEL|score=COL with caleqodds [cost=fnr|fpr|weighted] [seed=N] [as NAME]",
	  "Calibrated equalized odds (Pleiss, Raghavan, Wu, Kleinberg & Weinberger, NeurIPS 2017;\n"
	  "AIF360's CalibratedEqOddsPostprocessing). The scores must be probabilities. Each group's\n"
	  "cost is its generalised false negative rate (mean 1 - score of its positives), false\n"
	  "positive rate (mean score of its negatives) or their weighted sum (GFPR (1-br) + GFNR br)/2.\n"
	  "Every group but the costliest replaces its score by its base rate br_g with probability\n"
	  "mix_g = (C - c_g) / (t_g - c_g), where C is the largest cost and t_g the cost of that\n"
	  "constant: the costs become equal while every group stays calibrated (a constant equal to\n"
	  "the base rate is calibrated). Only one of the two odds can be equalised this way." },
	{ "roc", "post", "dp, eo or aod within [lb, ub]",
	  "correct MODEL|score=COL with roc [metric=dp|eo|aod] [lb=-0.05] [ub=0.05] [low=0.01] [high=0.99] "
	  "[nthresh=100] [nmargin=50] [as NAME]",
	  "Reject-option classification (Kamiran, Karim & Zhang, ICDM 2012; AIF360's\n"
	  "RejectOptionClassification). Decisions near the threshold are the uncertain ones: in the\n"
	  "band thr - m < score <= thr + m the privileged group (sensitive ... privileged=) gets\n"
	  "'no' and everyone else 'yes'; outside it, score > thr. The threshold and the band's\n"
	  "half-width m are searched on AIF360's grid; the setting with the best balanced accuracy\n"
	  "whose metric (unprivileged minus privileged: selection rate, TPR or average odds) lies in\n"
	  "[lb, ub] wins (if none does, the smallest metric, with a note). Deterministic." },
	{ "expgrad", "in", "dp, eo, fpr, eodds, error (each group vs everyone, within eps; or a ratio bound)",
	  "train expgrad [base=NAME] [constraint=dp|eo|fpr|eodds|error] [eps=0.01] [ratio=R] [max_iter=50] [eta0=2] "
	  "[nu=] [lp=auto|yes|no] [C=] [options of the base]",
	  "Exponentiated-gradient reduction (Agarwal, Beygelzimer, Dudik, Langford & Wallach, ICML 2018;\n"
	  "Fairlearn's ExponentiatedGradient). Fair training as a game: one player trains the base\n"
	  "learner (any that takes sample weights: logreg, svm, mlp, xgboost, ...) on rows relabelled and\n"
	  "weighted by the Lagrangian, w_i = |2y_i - 1 + du_i (U lambda)_i|; the other raises the price\n"
	  "lambda of every constraint E[u | e, a] - E[u | e] <= eps (u = h, or the error for error-rate\n"
	  "parity; ratio=R: R E[u|e,a] - E[u|e] <= eps and R E[u|e] - E[u|e,a] <= eps) by\n"
	  "exponentiated gradient. The answer is a mixture of the classifiers found, used at random\n"
	  "with fixed weights; on the training rows it meets the constraints within eps plus the\n"
	  "duality gap shown on the progress line." },
	{ "bgl", "in", "bounded group loss: each group's mean loss <= bound (regression)",
	  "train expgrad constraint=bgl bound=B [loss=square|absolute|zeroone] [loss_min=0] [loss_max=1] [eps=0.01] "
	  "[lp=auto|yes|no] [base=ridge] [options of the base]",
	  "Bounded group loss (Agarwal, Dudik & Wu, ICML 2019; Fairlearn's BoundedGroupLoss with\n"
	  "ExponentiatedGradient): least loss overall subject to E[loss(y, h(x)) | group a] <= B for\n"
	  "every group a, the loss square (clip(y) - clip(h))^2, absolute |clip(y) - clip(h)| or\n"
	  "zero-one (absolute on [0, 1]), values clipped to [loss_min, loss_max] as Fairlearn's\n"
	  "SquareLoss(min, max). The same game as expgrad: the base regressor (ridge, or any that\n"
	  "takes sample weights) is fitted to y with weights 1 + lambda_a / P(a), the price lambda_a\n"
	  "of each group rising while its loss exceeds B; Fairlearn's LP step (lp=auto: on) picks\n"
	  "the best mixture of the regressors found. fairsh predicts the mixture's weighted mean\n"
	  "(Fairlearn draws one regressor a row); the note gives the largest group loss of the\n"
	  "mixture on the training rows, at most B plus 2 (eps + gap) when B can be met." },
	{ "gridsearch", "in", "dp, eo, fpr, eodds, error (the best trade-off on a grid)",
	  "train gridsearch [base=NAME] [constraint=dp|eo|fpr|eodds|error] [grid_size=10] [grid_limit=2] "
	  "[constraint_weight=0.5] [ratio=R] [C=] [options of the base]; tradeoff MODEL with grid [keep=yes]",
	  "Grid search over Lagrange multipliers (Agarwal et al. 2018; Fairlearn's GridSearch). The\n"
	  "same Lagrangian as expgrad, but the multipliers are fixed on a grid (Fairlearn's grid of\n"
	  "grid_size points with L1 norm up to grid_limit); at each point the base learner is trained\n"
	  "once on the relabelled, reweighted rows. The point with the smallest\n"
	  "(1 - constraint_weight) error + constraint_weight violation predicts; it is a single\n"
	  "deterministic model. Every point is kept: 'tradeoff MODEL with grid' shows the trade-off\n"
	  "they span, keep=yes adds them as models for 'compare'." },
	{ "corrremove", "pre", "dp (features uncorrelated with the groups)",
	  "train MODEL pre=corrremove [level=0..1] (MODEL: logreg, ridge, svm, mlp, xgboost, forest, expgrad, gridsearch)",
	  "Correlation remover (Fairlearn's CorrelationRemover). Every feature is regressed on the\n"
	  "group indicators and replaced by its residual, blended with the original by alpha\n"
	  "(level=): x - alpha (S - mean S) beta. For group indicators the regression is the group\n"
	  "means, so a person's feature moves by alpha times the gap between their group's mean and\n"
	  "the overall mean; at alpha 1 every feature has the same mean in every group. Only linear\n"
	  "dependence is removed. Fitted on the training rows; the group is needed when predicting." },
	{ "lfr", "pre / in (representation)", "dp (prototype memberships alike across groups)",
	  "train lfr [k=5] [Ax=0.01] [Ay=1] [Az=50] [max_iter=5000] [tol=1e-7]",
	  "Learning fair representations (Zemel, Wu, Swersky, Pitassi & Dwork, ICML 2013; AIF360's\n"
	  "LFR), the classic baseline for fair representations. Each person is described by how close\n"
	  "they are to k prototypes: M_j(x) = softmax_j(-|x - v_j|). Training minimises\n"
	  "Ax L_x + Ay L_y + Az L_z: the reconstruction error of x from sum_j M_j v_j, the log loss of\n"
	  "the prediction sum_j M_j w_j, and the gap between the groups' average memberships, so the\n"
	  "representation keeps what predicts the label and loses what tells the groups apart. The\n"
	  "model predicts with its own w; the group is needed for training only." },
	{ "adversarial", "in", "dp, eo, eodds (the group unpredictable from the logit, and the label)",
	  "train adversarial [constraint=dp|eo|eodds] [alpha=0.1] [debias=yes|no] [hidden=200] [epochs=50] [batch=128] "
	  "[lr=0.001] [keep=0.8]",
	  "Adversarial debiasing (Zhang, Lemoine & Mitchell, AIES 2018; AIF360's AdversarialDebiasing).\n"
	  "A network learns to predict the label while a second one, the adversary, tries to tell the\n"
	  "group from the network's output s = sigmoid((1 + |c|) z): from s alone (dp), or from s and\n"
	  "the label (eodds; eo: on the positives only). Each step the network's gradient gP loses its\n"
	  "component along the adversary's gradient gA and moves against it:\n"
	  "g = gP - (gP . u) u - alpha gA, u = gA / |gA|, so it never helps the adversary. When the\n"
	  "adversary can do no better than guess, the output carries no information about the group\n"
	  "(given the label for eodds). The model needs no group to predict; too large an alpha can\n"
	  "overshoot." },
	{ "fairrep", "in (representation)", "dp (groups' representations alike: MMD or Sinkhorn)",
	  "train fairrep [divergence=mmd|sinkhorn|mean] [lambda=] [family=linear|mlp1|mlp2] [dim=] [targets=COL,...] "
	  "...; train MODEL on=REP [target=COL]",
	  "Fair, transferable representations (multi-task learning with a distribution penalty; see\n"
	  "doc/methods.md 5). An encoder h(x) shared by one head per task is trained on the tasks'\n"
	  "losses plus lambda times a divergence between the groups' representations: the maximum mean\n"
	  "discrepancy or the debiased Sinkhorn divergence. Any model trained afterwards on h(x)\n"
	  "(train MODEL on=REP), for a task the representation never saw, inherits its fairness." },
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
	/* the methods, not the divergences below them (mmd first) */
	for (*nmethods = 0; *nmethods < *n && strcmp(docs[*nmethods].name, "mmd") != 0; ++*nmethods)
		;
	return docs;
}
