# ---
# jupyter:
#   guide:
#     part: lifecycle
#     slug: metrics-under-a-budget
#     description: >-
#       A fraud model with a fixed review budget: why accuracy misleads, what PR-AUC and
#       precision@k show, calibration, and a threshold chosen from costs.
#     tags: [Training and evaluation, Mid, Senior]
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["colab-setup"]
# Colab setup: runs only inside Google Colab, does nothing elsewhere.
# Colab already ships numpy, scipy, pandas, matplotlib and scikit-learn; we only make sure
# scikit-learn is recent enough for `FrozenEstimator` (added in 1.6).
import subprocess
import sys

if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "scikit-learn>=1.6"], check=True)

# %% [markdown]
# # Metrics under a budget
#
# A fraud or abuse team rarely asks "is this model accurate?". It asks "if my reviewers can look
# at a few hundred cases this week, how many will be fraud, and how much fraud slips past?". This
# notebook builds a heavily imbalanced problem (under 1% positives) with a fixed human-review
# budget and shows, with numbers computed below and checked by `assert` statements, that:
#
# 1. **Accuracy rewards doing nothing.** A classifier that never flags anything beats a useful
#    model on accuracy, while its PR-AUC (average precision) collapses to the base rate.
# 2. **ROC-AUC can look excellent while the review queue is mostly false alarms.** The false
#    positive *rate* is divided by a huge number of negatives; precision is not. The base rate
#    decides how a point on the ROC curve turns into precision.
# 3. **Undersampling inflates probabilities, and calibration repairs them.** A model trained on
#    a rebalanced sample ranks well, but its scores run many times higher than the real fraud
#    rates. Isotonic calibration, or the closed-form prior correction, restores honest
#    probabilities and improves the Brier score and the expected calibration error (ECE).
# 4. **A threshold should come from costs, not from 0.5.** With calibrated probabilities the
#    Bayes-optimal threshold `p* = C_FP / (C_FP + C_FN)` lands next to the threshold found by a
#    brute-force search on validation data, and both beat 0.5 on total cost.
#
# Everything runs on synthetic data generated here, in a few seconds on a laptop CPU.

# %%
import numpy as np
import pandas as pd
from IPython.display import display
from matplotlib import pyplot as plt
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SEED = 7
rng = np.random.default_rng(SEED)
plt.rcParams.update({"figure.dpi": 100, "axes.grid": True, "grid.alpha": 0.3})
pd.set_option("display.precision", 4)

# %% [markdown]
# ## The setup: a fraud-review queue
#
# Each transaction has a hidden *propensity to be fraud* `z` (a standard normal variable the model
# never sees). The label is a biased coin: `P(fraud | z) = sigmoid(a + b·z)`, with `a` very
# negative so that fewer than 1 in 100 transactions are fraud. The model sees six noisy views of
# `z`, some transformed the way real features are (a log-normal "amount", a binary "new device"
# flag, a signed square), plus four pure-noise columns. Because the label is random given `z`
# and the features only see `z` through noise, there is real signal but no perfect classifier.
# Ranking by `z` itself, printed below as "oracle", bounds the ROC-AUC any model could reach.
#
# The rows are split at random (the data are independent and identically distributed; with real
# data you would split by time):
#
# | split | share | used for |
# |---|---|---|
# | train | 50% | fitting the models |
# | calibration | 15% | fitting the calibrator |
# | validation | 15% | choosing the decision threshold |
# | test | 20% | every number reported below |
#
# The **review budget**: reviewers can inspect 1% of the traffic. Think of the test split as one
# week of transactions, so `k` below is the number of cases the team can review that week.

# %%
N = 300_000
A, B = -8.3, 2.9  # label model: P(fraud | z) = sigmoid(A + B z)
LOADINGS = np.array([0.85, 0.70, 0.60, 0.55, 0.45, 0.40])  # correlation of each view with z

z = rng.standard_normal(N)
y = rng.random(N) < expit(A + B * z)
views = z[:, None] * LOADINGS + np.sqrt(1 - LOADINGS**2) * rng.standard_normal((N, 6))
X = np.column_stack(
    [
        np.exp(0.8 * views[:, 0]),  # amount-like: log-normal
        views[:, 1],
        (views[:, 2] > 1.0).astype(float),  # binary flag, e.g. "new device"
        np.sign(views[:, 3]) * views[:, 3] ** 2,  # a heavy-tailed transform
        views[:, 4],
        views[:, 5],
        rng.standard_normal((N, 4)),  # features with no signal at all
    ]
)

idx = rng.permutation(N)
cut = np.cumsum([int(0.50 * N), int(0.15 * N), int(0.15 * N)])
tr, cal, val, te = np.split(idx, cut)
prevalence = y[te].mean()
REVIEW_SHARE = 0.01
k = int(REVIEW_SHARE * len(te))

print(f"rows: {N:,}; test rows: {len(te):,}; positives in test: {y[te].sum():,}")
print(f"prevalence (test): {prevalence:.3%}")
print(f"review budget k = {k:,} cases ({REVIEW_SHARE:.0%} of test traffic)")
print(f"oracle ROC-AUC (ranking by the hidden z itself): {roc_auc_score(y[te], z[te]):.3f}")
assert 0.005 <= prevalence <= 0.01, "the scenario is meant to have 0.5-1% positives"

# %% [markdown]
# ## Two models, one of them trained on a rebalanced sample
#
# * **Logistic regression on all training rows.** Simple, and a maximum-likelihood fit on the
#   true class mix, so its probabilities are roughly right.
# * **Gradient boosting on an undersampled set**, the usual fraud-team move: keep every positive
#   and only 5% of the negatives. Training sees a twentieth of the negatives and the classes look
#   less lopsided to the learner, but the model now believes fraud is far more common than it is.

# %%
NEG_KEEP = 0.05  # fraction of training negatives kept by undersampling

logreg = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
logreg.fit(X[tr], y[tr])

keep = y[tr] | (rng.random(len(tr)) < NEG_KEEP)
sub = tr[keep]
gbm = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, random_state=SEED)
gbm.fit(X[sub], y[sub])

print(f"undersampled training set: {len(sub):,} rows, {y[sub].mean():.1%} positives")
s_lr = logreg.predict_proba(X[te])[:, 1]
s_gbm = gbm.predict_proba(X[te])[:, 1]
y_te = y[te]

# %% [markdown]
# ## Accuracy rewards doing nothing
#
# The table compares four "models" on the test split:
#
# * **always negative**: flags nothing. Its scores are a constant, so every ranking metric is at
#   chance: ROC-AUC is 0.5 and average precision equals the prevalence.
# * **random scores**: a ranking with no information, for reference.
# * the two trained models, with accuracy computed at the default threshold of 0.5.
#
# Precision@k and recall@k rank the test rows by score and take the top `k`: what the review
# team actually sees with its budget.


# %%
def precision_recall_at_k(y_true, scores, k):
    """Precision and recall of the k highest-scored rows (ties broken by position)."""
    top = np.argsort(-scores, kind="stable")[:k]
    hits = y_true[top].sum()
    return hits / k, hits / y_true.sum()


def summarise(name, y_true, scores, k, threshold=0.5):
    p_at_k, r_at_k = precision_recall_at_k(y_true, scores, k)
    return {
        "model": name,
        "accuracy @0.5": accuracy_score(y_true, scores >= threshold),
        "ROC-AUC": roc_auc_score(y_true, scores),
        "PR-AUC (AP)": average_precision_score(y_true, scores),
        f"precision@{k}": p_at_k,
        f"recall@{k}": r_at_k,
    }


always_negative = np.zeros(len(te))
random_scores = rng.random(len(te))
table = pd.DataFrame(
    [
        summarise("always negative", y_te, always_negative, k),
        summarise("random scores", y_te, random_scores, k),
        summarise("logistic regression (all rows)", y_te, s_lr, k),
        summarise("gradient boosting (5% negatives)", y_te, s_gbm, k),
    ]
).set_index("model")
# A constant score has no top-k: its expected precision@k is the prevalence, recall@k is k/n.
table.loc["always negative", [f"precision@{k}", f"recall@{k}"]] = [prevalence, k / len(te)]
display(table)

# %% [markdown]
# Read the table above column by column. The do-nothing classifier is wrong only on the
# positives, so its accuracy is `1 - prevalence`: higher than the gradient-boosting model at the
# 0.5 threshold, which flags more legitimate transactions than it catches fraud (its
# probabilities are inflated, as the calibration section shows). The better-calibrated
# logistic regression lands within a rounding error of the do-nothing accuracy, because at 0.5 it
# flags almost nothing. Accuracy is dominated by the 99% of easy negatives and says nothing
# about the fraud the team cares about.
#
# Average precision tells the opposite, correct story: the trivial classifier sits at the base
# rate, and the trained models are many times above it.

# %%
acc = table["accuracy @0.5"]
ap = table["PR-AUC (AP)"]
assert np.isclose(acc["always negative"], 1 - prevalence), "trivial accuracy is 1 - prevalence"
assert acc["always negative"] > acc["gradient boosting (5% negatives)"], (
    "the do-nothing classifier should beat the undersampled model on accuracy"
)
assert abs(acc["logistic regression (all rows)"] - acc["always negative"]) < 0.002, (
    "at 0.5 the logistic regression should be within a rounding error of the trivial accuracy"
)
assert np.isclose(ap["always negative"], prevalence), "AP of a constant score is the prevalence"
for model in ["logistic regression (all rows)", "gradient boosting (5% negatives)"]:
    assert ap[model] > 10 * ap["always negative"], f"{model}: AP should dwarf the base rate"
print(
    f"accuracy: always-negative {acc['always negative']:.4f} vs "
    f"gradient boosting {acc['gradient boosting (5% negatives)']:.4f}"
)
print(
    f"PR-AUC:   always-negative {ap['always negative']:.4f} vs "
    f"gradient boosting {ap['gradient boosting (5% negatives)']:.4f}"
)

# %% [markdown]
# ## ROC-AUC looks excellent; the review queue disagrees
#
# The gradient-boosting model is the one in production from here on. Its ROC-AUC is above 0.9,
# a number that sounds like a solved problem. Yet in its top `k` cases, most are legitimate.
# The figure shows why: the ROC curve (left) plots true positive rate against false positive
# *rate*, and a false positive rate of 1% sounds small. The precision-recall curve (middle)
# replaces the false positive rate with precision, which counts false positives against true
# positives instead of against all negatives. The right panel shows what each extra review buys.

# %%
fpr, tpr, _ = roc_curve(y_te, s_gbm)
prec, rec, _ = precision_recall_curve(y_te, s_gbm)
p_at_k, r_at_k = precision_recall_at_k(y_te, s_gbm, k)

order = np.argsort(-s_gbm, kind="stable")
hits = np.cumsum(y_te[order])
ks = np.arange(1, len(te) + 1)
top = order[:k]
tpr_k = y_te[top].sum() / y_te.sum()  # = recall@k
fpr_k = (~y_te[top]).sum() / (~y_te).sum()

fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
ax = axes[0]
ax.plot(fpr, tpr, label=f"gradient boosting (AUC {roc_auc_score(y_te, s_gbm):.3f})")
ax.plot([0, 1], [0, 1], ls="--", color="grey", label="random (AUC 0.5)")
ax.plot(fpr_k, tpr_k, "o", color="C3", ms=8, label=f"review budget (top {k:,})")
ax.set(title="ROC curve", xlabel="false positive rate", ylabel="true positive rate (recall)")
ax.legend(loc="lower right")

ax = axes[1]
ax.plot(rec, prec, label=f"gradient boosting (AP {average_precision_score(y_te, s_gbm):.3f})")
ax.axhline(prevalence, ls="--", color="grey", label=f"random (AP = prevalence {prevalence:.3f})")
ax.plot(r_at_k, p_at_k, "o", color="C3", ms=8, label=f"review budget (top {k:,})")
ax.set(title="Precision-recall curve", xlabel="recall", ylabel="precision", ylim=(0, 1))
ax.legend(loc="upper right")

ax = axes[2]
max_k = 5 * k
ax.plot(ks[:max_k], hits[:max_k] / ks[:max_k], label="precision@k")
ax.plot(ks[:max_k], hits[:max_k] / y_te.sum(), ls="-.", label="recall@k")
ax.axvline(k, color="C3", ls=":", label=f"budget k = {k:,}")
ax.set(
    title="What the review budget buys",
    xlabel="cases reviewed per week (k)",
    ylabel="fraction",
    ylim=(0, 1),
)
ax.legend(loc="center right")
fig.tight_layout()
plt.show()

# %% [markdown]
# The red dot (the dotted line on the right) is the same operating point in all three panels:
# the top `k` cases. Precision at that point follows
# from the ROC point and the base rate alone. With `TPR` and `FPR` at the budget and prevalence
# `π`:
#
# `precision = π·TPR / (π·TPR + (1 - π)·FPR)`
#
# The false positive rate is multiplied by `1 - π ≈ 0.99` and the true positive rate by `π`
# below 0.01, so a false positive rate that looks tiny on the ROC plot still produces more false
# positives than true ones. The cell below checks the identity and shows what the *same* ROC
# point would give at other base rates (if only the class mix changed): the model has not
# changed, only the world.

# %%
precision_from_roc = prevalence * tpr_k / (prevalence * tpr_k + (1 - prevalence) * fpr_k)
print(f"at the budget: TPR = {tpr_k:.3f}, FPR = {fpr_k:.4f}")
print(f"precision@{k}: measured {p_at_k:.3f}, from ROC point + base rate {precision_from_roc:.3f}")
for pi in [prevalence, 0.05, 0.20]:
    p = pi * tpr_k / (pi * tpr_k + (1 - pi) * fpr_k)
    print(f"  same ROC point at prevalence {pi:6.2%} -> precision {p:.2f}")

roc_auc_gbm = roc_auc_score(y_te, s_gbm)
assert np.isclose(precision_from_roc, p_at_k), "precision must follow from TPR, FPR and base rate"
assert roc_auc_gbm > 0.9, "the model should look excellent by ROC-AUC"
assert p_at_k < 0.5, "... while most of the review queue is still legitimate traffic"

# %% [markdown]
# ## Calibration: when the score is used as a probability
#
# Ranking metrics (ROC-AUC, AP, precision@k) only care about order. The moment a score is read
# as a probability, for an expected-loss estimate, a cost-based threshold, a price or an input
# to another system, its *level* matters. A model is calibrated when, among cases it scores at
# 3%, about 3% are positive.
#
# Undersampling breaks this by design. The model was fitted where positives make up the share
# printed earlier instead of under 1%, so its scores are inflated. Two fixes:
#
# * **Prior correction** (closed form). If negatives were kept with probability `β`, the odds
#   the model learned are the true odds divided by `β`. Multiplying the odds back by `β` gives
#   `p = β·s / (β·s + 1 - s)`. It needs no extra data, but assumes the model was calibrated on
#   the sample it saw.
# * **Isotonic regression** on a held-out calibration split: fit the best monotone map from
#   score to observed frequency (`CalibratedClassifierCV(FrozenEstimator(gbm),
#   method="isotonic")`). Non-parametric, needs enough positives in the calibration split;
#   Platt scaling (`method="sigmoid"`) is the parametric alternative for small splits.
#
# The metrics: the **Brier score** is the mean squared error of the probability; for rare
# events it is small for everyone, so we also print the *Brier skill score*, the improvement
# over always predicting the prevalence. The **ECE** (expected calibration error) bins cases by
# predicted probability (equal-count bins here, because most scores crowd near zero) and
# averages `|mean predicted - observed rate|` weighted by bin size.


# %%
def expected_calibration_error(y_true, p, n_bins=15):
    """ECE with equal-count bins: sum over bins of (bin share) * |mean p - observed rate|."""
    order = np.argsort(p, kind="stable")
    bins = np.array_split(order, n_bins)
    return sum(len(b) / len(p) * abs(p[b].mean() - y_true[b].mean()) for b in bins)


def prior_correction(s, beta):
    """Undo negative undersampling at rate beta: multiply the odds by beta."""
    return beta * s / (beta * s + 1 - s)


iso = CalibratedClassifierCV(FrozenEstimator(gbm), method="isotonic")
iso.fit(X[cal], y[cal])

probs = {
    "gradient boosting, raw (5% negatives)": s_gbm,
    "+ prior correction": prior_correction(s_gbm, NEG_KEEP),
    "+ isotonic calibration": iso.predict_proba(X[te])[:, 1],
    "logistic regression (all rows)": s_lr,
}
brier_base = brier_score_loss(y_te, np.full(len(te), prevalence))
calib = pd.DataFrame(
    {
        name: {
            "mean predicted": p.mean(),
            "observed rate": y_te.mean(),
            "Brier": brier_score_loss(y_te, p),
            "Brier skill vs prevalence": 1 - brier_score_loss(y_te, p) / brier_base,
            "ECE": expected_calibration_error(y_te, p),
        }
        for name, p in probs.items()
    }
).T
display(calib)

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 5.6), gridspec_kw={"width_ratios": [1.3, 1]})
ax = axes[0]
markers = ["o", "s", "^", "D"]
for (name, p), m in zip(probs.items(), markers, strict=True):
    frac_pos, mean_pred = calibration_curve(y_te, p, n_bins=10, strategy="quantile")
    seen = frac_pos > 0  # a bin with no fraud at all cannot be drawn on a log axis
    ax.plot(mean_pred[seen], frac_pos[seen], marker=m, label=name)
lims = (1e-4, 1)
ax.plot(lims, lims, ls="--", color="grey", label="perfectly calibrated")
ax.set(
    xscale="log",
    yscale="log",
    xlim=lims,
    ylim=lims,
    title="Reliability diagram (10 equal-count bins, log axes)",
    xlabel="mean predicted probability of fraud",
    ylabel="observed fraction of fraud",
)
ax.legend(loc="upper left", fontsize=9)

ax = axes[1]
bins = np.geomspace(1e-7, 1, 43)
hist_handles, mean_handles = [], []
for (name, p), ls, colour in zip(list(probs.items())[:2], ["-", "--"], ["C0", "C1"], strict=True):
    *_, patches = ax.hist(
        np.clip(p, 1e-7, 1), bins=bins, histtype="step", lw=2, ls=ls, color=colour, label=name
    )
    hist_handles.append(patches[0])
    mean_handles.append(
        ax.axvline(p.mean(), ls=ls, lw=1, color=colour, label=f"mean predicted: {p.mean():.3f}")
    )
observed = ax.axvline(prevalence, color="black", ls=":", lw=2, label=f"observed: {prevalence:.3f}")
ax.set(
    xscale="log",
    yscale="log",
    title="Where the predicted probabilities fall",
    xlabel="predicted probability of fraud",
    ylabel="number of test transactions",
)
# Legend below the axes: histograms (and the truth) in the first column, their means beside them.
ax.legend(
    handles=[*hist_handles, observed, *mean_handles],
    loc="upper center",
    bbox_to_anchor=(0.5, -0.14),
    fontsize=9,
    ncol=2,
)
fig.tight_layout()
plt.show()

# %% [markdown]
# On the reliability diagram, the raw undersampled model sits far below the diagonal: cases it
# scores at 50% are fraud only a few percent of the time. (Bins with no fraud at all are left out:
# at the low end a bin of 6,000 transactions holds only a handful of frauds, so those points are
# noisy.) On the right, the thin vertical lines mark each model's mean predicted probability: the
# raw model's sits far to the right of the observed rate; the prior-corrected one sits close to it.
# Both corrections pull the reliability curve onto the diagonal, and the table above shows the
# mean predicted probability returning to the observed rate. Calibration is (near) monotone, so
# ranking metrics barely move; what changes is whether "p = 0.2" can be multiplied by a dollar
# amount.

# %%
raw, prior_c, iso_c = (
    "gradient boosting, raw (5% negatives)",
    "+ prior correction",
    "+ isotonic calibration",
)
for fixed in [prior_c, iso_c]:
    assert calib.loc[fixed, "Brier"] < calib.loc[raw, "Brier"], f"{fixed} should lower Brier"
    assert calib.loc[fixed, "ECE"] < 0.25 * calib.loc[raw, "ECE"], f"{fixed} should cut ECE 4x"
assert calib.loc[raw, "Brier skill vs prevalence"] < 0, (
    "inflated probabilities should score worse than the constant prevalence forecast"
)
assert calib.loc[iso_c, "Brier skill vs prevalence"] > 0, "calibrated model should beat it"
frac_top, pred_top = (v[-1] for v in calibration_curve(y_te, s_gbm, n_bins=10, strategy="quantile"))
assert frac_top < 0.2 * pred_top, "raw top bin: observed fraud rate far below predicted"
auc_change = abs(roc_auc_score(y_te, probs[iso_c]) - roc_auc_score(y_te, s_gbm))
assert auc_change < 0.01, "calibration should barely move the ranking"
print(f"raw model, top bin: predicted {pred_top:.3f}, observed {frac_top:.3f}")
print(
    f"Brier: raw {calib.loc[raw, 'Brier']:.5f} -> isotonic {calib.loc[iso_c, 'Brier']:.5f}; "
    f"ECE: raw {calib.loc[raw, 'ECE']:.4f} -> isotonic {calib.loc[iso_c, 'ECE']:.4f}"
)

# %% [markdown]
# ## Choosing a threshold from costs
#
# Suppose a missed fraud costs `C_FN` = 200 dollars (chargeback and handling) and flagging a
# legitimate transaction costs `C_FP` = 10 dollars (reviewer time plus customer friction); a
# correct decision costs nothing. For one case with calibrated fraud probability `p`:
#
# * flag it: expected cost `(1 - p)·C_FP`
# * let it pass: expected cost `p·C_FN`
#
# Flagging is cheaper exactly when `p > p* = C_FP / (C_FP + C_FN)`, here 10/210 ≈ 0.048. This
# is the Bayes-optimal threshold, and it needs no data at all, *provided* `p` is calibrated.
# (If reviewing a true fraud also costs `C_TP`, the threshold becomes
# `C_FP / (C_FP + C_FN - C_TP)`.)
#
# The data-driven alternative sweeps thresholds on the validation split and keeps the cheapest.
# Both are computed below on the isotonic-calibrated probabilities; the test split then scores
# them, together with the default 0.5 and with `p*` naively applied to the *raw* inflated scores.

# %%
C_FP, C_FN = 10.0, 200.0
p_star = C_FP / (C_FP + C_FN)


def total_cost(y_true, p, thresholds):
    """Total cost of flagging every case with p >= t, for each threshold t."""
    thresholds = np.atleast_1d(thresholds)
    pos, neg = np.sort(p[y_true]), np.sort(p[~y_true])
    false_neg = np.searchsorted(pos, thresholds, side="left")  # positives below t
    false_pos = len(neg) - np.searchsorted(neg, thresholds, side="left")  # negatives at/above t
    return C_FP * false_pos + C_FN * false_neg


p_val = iso.predict_proba(X[val])[:, 1]
p_te = probs["+ isotonic calibration"]
grid = np.geomspace(1e-3, 1, 500)
cost_val = total_cost(y[val], p_val, grid)
# Isotonic output is a step function, so a range of thresholds ties for the minimum: take the
# middle of that range (geometric mean) rather than its lower edge.
t_emp = np.exp(np.log(grid[cost_val == cost_val.min()]).mean())

per_1000 = 1000 / len(te)
rows = {
    "flag nothing": total_cost(y_te, p_te, 1.1)[0],
    "threshold 0.5 (calibrated)": total_cost(y_te, p_te, 0.5)[0],
    "p* on raw scores (uncalibrated)": total_cost(y_te, s_gbm, p_star)[0],
    f"p* = {p_star:.3f} (calibrated)": total_cost(y_te, p_te, p_star)[0],
    f"validation search t = {t_emp:.3f} (calibrated)": total_cost(y_te, p_te, t_emp)[0],
}
flagged = {
    "flag nothing": 0,
    "threshold 0.5 (calibrated)": (p_te >= 0.5).sum(),
    "p* on raw scores (uncalibrated)": (s_gbm >= p_star).sum(),
    f"p* = {p_star:.3f} (calibrated)": (p_te >= p_star).sum(),
    f"validation search t = {t_emp:.3f} (calibrated)": (p_te >= t_emp).sum(),
}
costs = pd.DataFrame(
    {
        "test cost ($)": rows,
        "$ per 1,000 transactions": {r: c * per_1000 for r, c in rows.items()},
        "cases flagged": flagged,
    }
)
display(costs)

# %%
fig, ax = plt.subplots(figsize=(9, 5))
ax.plot(grid, total_cost(y[val], p_val, grid) * 1000 / len(val), label="validation split")
ax.plot(grid, total_cost(y_te, p_te, grid) * per_1000, ls="--", label="test split")
ax.axvline(p_star, color="C2", ls=":", lw=2, label=f"Bayes threshold p* = {p_star:.3f}")
ax.axvline(t_emp, color="C3", ls="-.", lw=1.5, label=f"validation search t = {t_emp:.3f}")
ax.axvline(0.5, color="grey", ls="--", lw=1, label="default 0.5")
ax.set(
    xscale="log",
    title="Expected cost vs threshold (isotonic-calibrated gradient boosting)",
    xlabel="threshold on calibrated fraud probability (log scale)",
    ylabel="cost per 1,000 transactions ($)",
)
ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# The cost curve has a broad valley and rises on both sides: flag too little and missed fraud
# dominates, flag too much and review cost dominates. The Bayes threshold and the
# validation search land in the same valley, so their test costs (table above) are close; the
# default 0.5 sits on the expensive, flag-too-little side. Applying `p*` to the raw, inflated
# scores flags far too many cases: the formula is only as good as the calibration underneath.

# %%
cost_p_star = rows[f"p* = {p_star:.3f} (calibrated)"]
cost_emp = rows[f"validation search t = {t_emp:.3f} (calibrated)"]
cost_half = rows["threshold 0.5 (calibrated)"]
cost_raw_p_star = rows["p* on raw scores (uncalibrated)"]
print(f"p* = {p_star:.4f}, validation-search threshold = {t_emp:.4f}")
print(f"test cost: p* {cost_p_star:,.0f} $, search {cost_emp:,.0f} $, 0.5 {cost_half:,.0f} $")

assert abs(np.log(t_emp / p_star)) < np.log(2), "search and Bayes thresholds within a factor 2"
assert abs(cost_p_star - cost_emp) / cost_emp < 0.05, "their test costs within 5%"
assert cost_p_star < 0.9 * cost_half, "the cost-based threshold should beat 0.5 clearly"
assert flagged["threshold 0.5 (calibrated)"] < flagged[f"p* = {p_star:.3f} (calibrated)"], (
    "0.5 should be on the flag-too-little side of the optimum"
)
assert cost_raw_p_star > cost_p_star, "p* on uncalibrated scores should cost more"
assert flagged["p* on raw scores (uncalibrated)"] > 3 * flagged[f"p* = {p_star:.3f} (calibrated)"]

# %% [markdown]
# ### The review budget is a second constraint
#
# The cost rule above ignores capacity. Compare the number of cases it flags with the `k`
# reviews available (printed below): here it wants several times more reviews than the team can
# do. The queue then becomes "the top `k` by score", which costs more than the unconstrained
# optimum. The gap prices the constraint: dividing the saving from reviewing the next `k` cases
# by `k` gives what one more review is worth, a number to hold against the cost of a reviewer's
# time when arguing for headcount (or for a better model, which raises precision at the same `k`).


# %%
def cost_of_top(n_review):
    """Total test cost when the n_review highest-scored cases are reviewed and the rest pass."""
    caught = y_te[order[:n_review]].sum()  # `order`: test rows ranked by score, computed above
    return C_FP * (n_review - caught) + C_FN * (y_te.sum() - caught)


n_flag = flagged[f"p* = {p_star:.3f} (calibrated)"]
saving_per_review = (cost_of_top(k) - cost_of_top(2 * k)) / k
print(f"cases the cost rule wants reviewed: {n_flag:,}; review budget k = {k:,}")
print(f"test cost, top-{k} queue (budget): {cost_of_top(k):,.0f} $")
print(f"test cost, unconstrained p* rule:  {cost_p_star:,.0f} $")
print(f"each review beyond the budget (next {k}) saves {saving_per_review:,.2f} $ on average")
assert n_flag > k, "the cost-optimal rule should want more reviews than the budget allows"
assert cost_of_top(k) > cost_p_star, "a binding budget should cost money"
assert saving_per_review > 0, "extra reviews should pay for themselves at these costs"

# %% [markdown]
# ## What to say in an interview
#
# * "With under 1% positives, accuracy is meaningless: the do-nothing model wins it. I report
#   PR-AUC and, above all, precision and recall **at the operating point the business can
#   afford**: here, the review capacity."
# * "ROC-AUC is insensitive to the base rate, which is exactly why it can mislead: a 1% false
#   positive rate on 99% negatives is as many false alarms as there are frauds. Precision is
#   `π·TPR / (π·TPR + (1-π)·FPR)`; I can convert any ROC point into precision once I know π."
# * "If we undersample negatives to train, the scores are inflated. I either apply the prior
#   correction or fit isotonic/Platt calibration on a held-out split, and I check a reliability
#   diagram, Brier score and ECE before any probability drives a decision."
# * "Thresholds come from costs: flag when `p > C_FP / (C_FP + C_FN)` on calibrated probabilities,
#   confirmed by a sweep on validation data. Then I check the capacity constraint: if the rule
#   flags more than reviewers can handle, the queue becomes top-k and I can price one more
#   reviewer."
# * Probes to expect: how do you monitor calibration after launch (labels are delayed; track the
#   mean predicted rate against the eventual observed rate), what happens when the prevalence
#   drifts (precision at a fixed threshold moves even if the ROC curve does not), and how do
#   costs differ by case (amount-weighted costs give a per-case threshold).
#
# ## References
#
# * T. Saito and M. Rehmsmeier (2015), "The precision-recall plot is more informative than the
#   ROC plot when evaluating binary classifiers on imbalanced datasets", *PLOS ONE* 10(3):
#   e0118432. <https://doi.org/10.1371/journal.pone.0118432>
# * C. Elkan (2001), "The foundations of cost-sensitive learning", *IJCAI*. (Derivation of the
#   cost-based threshold and of rebalancing by changing the threshold.)
# * A. Dal Pozzolo, O. Caelen, R. A. Johnson and G. Bontempi (2015), "Calibrating probability
#   with undersampling for unbalanced classification", *IEEE SSCI*. (The prior-correction
#   formula used above.)
# * A. Niculescu-Mizil and R. Caruana (2005), "Predicting good probabilities with supervised
#   learning", *ICML*. (Platt scaling vs isotonic regression.)
# * G. W. Brier (1950), "Verification of forecasts expressed in terms of probability",
#   *Monthly Weather Review* 78(1).
# * scikit-learn user guide, probability calibration:
#   <https://scikit-learn.org/stable/modules/calibration.html>
# * scikit-learn API: `calibration_curve`
#   <https://scikit-learn.org/stable/modules/generated/sklearn.calibration.calibration_curve.html>,
#   `brier_score_loss`
#   <https://scikit-learn.org/stable/modules/generated/sklearn.metrics.brier_score_loss.html>,
#   `average_precision_score`
#   <https://scikit-learn.org/stable/modules/generated/sklearn.metrics.average_precision_score.html>
