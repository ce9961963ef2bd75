# ---
# jupyter:
#   guide:
#     part: monitoring
#     slug: drift-detection
#     description: >-
#       PSI, Kolmogorov-Smirnov, chi-square and Jensen-Shannon on simulated sudden, gradual and
#       prior drift: detection delay and false alarms by window size.
#     tags: [Drift detection, Mid, Senior]
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
# Colab already ships numpy, scipy, pandas and matplotlib; we only make sure SciPy is recent
# enough for `scipy.stats.false_discovery_control` (added in 1.11).
import subprocess
import sys

if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "scipy>=1.11"], check=True)

# %% [markdown]
# # Drift detection
#
# A deployed model keeps scoring while the world it learned from moves. Drift monitoring compares
# a **reference window** (typically training or a known-good period) with **production windows**
# and raises an alarm when they differ. This notebook implements the usual statistics by hand,
# runs them on simulated streams with known change points, and checks with `assert` statements
# that:
#
# 1. The hand-written **PSI, Jensen-Shannon, Kolmogorov-Smirnov and chi-square** statistics agree
#    with SciPy wherever SciPy has the same test.
# 2. Different kinds of drift (sudden and gradual covariate shift, prior or label shift) show up
#    in different statistics; none of them sees everything.
# 3. **Window size is a trade-off.** At a fixed p-value threshold the KS test keeps its false-alarm
#    rate per window near nominal at every window size, while the popular "PSI > 0.1" rule fires
#    on pure noise when windows are small; and larger windows mean a longer wait before a real
#    change is detected.
# 4. **PSI rules of thumb hide a sample-size dependence.** Between two samples from the *same*
#    distribution, PSI is about `(bins - 1)·(1/n_ref + 1/n_cur)` on average, so a fixed 0.1
#    threshold means something different at every window size. Conversely, a KS test on a million
#    rows flags shifts far too small to matter.
# 5. Monitoring many features at once needs a **multiple-testing correction**.
#
# All data are simulated here; the notebook runs in well under a minute on a laptop CPU.

# %%
import numpy as np
import pandas as pd
from IPython.display import display
from matplotlib import pyplot as plt
from scipy import stats
from scipy.spatial.distance import jensenshannon

SEED = 11
rng = np.random.default_rng(SEED)
plt.rcParams.update({"figure.dpi": 100, "axes.grid": True, "grid.alpha": 0.3})
pd.set_option("display.precision", 4)

BINS = 10  # number of reference-quantile bins for PSI and JS
EPS = 1e-4  # floor for empty bins, so that log(q / p) stays finite
ALPHA = 0.01  # significance level for the KS and chi-square tests

# %% [markdown]
# ## The statistics, by hand
#
# **Binning.** PSI and Jensen-Shannon compare two histograms, so the first decision is the bins.
# We take the edges from the *reference* window's quantiles (deciles for 10 bins): each bin then
# holds about 10% of the reference, and every production window is counted into those same bins.
# Empty bins are floored at a small proportion (`EPS`), otherwise `log(0)` makes PSI infinite.
#
# With `p` the reference proportions and `q` the production proportions per bin:
#
# * **PSI** (population stability index) `= Σ (q - p)·ln(q / p)`. It is the symmetrised
#   Kullback-Leibler divergence `KL(q‖p) + KL(p‖q)`; industry folklore reads < 0.1 as "stable",
#   0.1-0.25 as "moderate shift" and > 0.25 as "major shift".
# * **Jensen-Shannon divergence** `= ½ KL(p‖m) + ½ KL(q‖m)` with `m = (p + q)/2`. Bounded (by
#   `ln 2`, or 1 in bits) and defined even when a bin is empty on one side. SciPy's
#   `jensenshannon` returns the JS *distance*, the square root of the divergence, and uses the
#   natural log unless `base=2` is passed.
# * **Kolmogorov-Smirnov** `D = max |F_ref(x) - F_cur(x)|`, the largest gap between the two
#   empirical CDFs. Needs no bins; its null distribution is known, so it comes with a p-value.
# * **Chi-square** for a categorical feature: a 2-by-K contingency table (reference counts,
#   production counts), statistic `Σ (observed - expected)² / expected` with `K - 1` degrees of
#   freedom.


# %%
def quantile_edges(ref, bins=BINS):
    """Interior bin edges at the reference window's quantiles (bins - 1 edges)."""
    return np.quantile(ref, np.linspace(0, 1, bins + 1)[1:-1])


def proportions(x, edges):
    """Share of x in each bin defined by edges, floored at EPS."""
    counts = np.bincount(np.searchsorted(edges, x, side="right"), minlength=len(edges) + 1)
    return np.maximum(counts / len(x), EPS)


def psi(p, q):
    return np.sum((q - p) * np.log(q / p))


def js_divergence(p, q):
    """Jensen-Shannon divergence in nats."""
    m = (p + q) / 2
    return 0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m))


def ks_statistic(ref, cur):
    """Two-sample KS statistic: evaluate both empirical CDFs at every observed point."""
    ref, cur = np.sort(ref), np.sort(cur)
    points = np.concatenate([ref, cur])
    f_ref = np.searchsorted(ref, points, side="right") / len(ref)
    f_cur = np.searchsorted(cur, points, side="right") / len(cur)
    return np.abs(f_ref - f_cur).max()


def ks_pvalue(d, n_ref, n_cur):
    """Asymptotic two-sided p-value, the same approximation as ks_2samp(method="asymp")."""
    return stats.kstwo.sf(d, np.round(n_ref * n_cur / (n_ref + n_cur)))


def chi_square(ref_counts, cur_counts):
    """Chi-square test of homogeneity on a 2 x K table of category counts."""
    table = np.vstack([ref_counts, cur_counts]).astype(float)
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    statistic = np.sum((table - expected) ** 2 / expected)
    dof = table.shape[1] - 1
    return statistic, stats.chi2.sf(statistic, dof)


# %% [markdown]
# The cell below checks each hand computation against SciPy on a reference sample and a mildly
# shifted production sample. PSI has no SciPy function, so it is checked through its identity
# with the two Kullback-Leibler divergences (`scipy.stats.entropy(q, p)` is `KL(q‖p)`).

# %%
ref = rng.standard_normal(5_000)
cur = rng.normal(0.15, 1.1, size=2_000)
p, q = proportions(ref, quantile_edges(ref)), proportions(cur, quantile_edges(ref))

psi_hand = psi(p, q)
psi_kl = stats.entropy(q, p) + stats.entropy(p, q)
js_hand = js_divergence(p, q)
d_hand = ks_statistic(ref, cur)
p_hand = ks_pvalue(d_hand, len(ref), len(cur))
ks_asymp = stats.ks_2samp(ref, cur, method="asymp")
ks_exact = stats.ks_2samp(ref, cur)  # "auto": exact for these sizes

cat_probs = np.array([0.5, 0.3, 0.15, 0.05])
ref_cat = np.bincount(rng.choice(4, size=5_000, p=cat_probs), minlength=4)
cur_cat = np.bincount(rng.choice(4, size=2_000, p=[0.45, 0.3, 0.17, 0.08]), minlength=4)
chi_hand, chi_p_hand = chi_square(ref_cat, cur_cat)
chi_scipy = stats.chi2_contingency(np.vstack([ref_cat, cur_cat]), correction=False)

checks = pd.DataFrame(
    [
        ("PSI vs KL(q||p) + KL(p||q)", psi_hand, psi_kl),
        ("JS distance, nats", np.sqrt(js_hand), jensenshannon(p, q)),
        ("JS distance, bits", np.sqrt(js_hand / np.log(2)), jensenshannon(p, q, base=2)),
        ("KS statistic D", d_hand, ks_asymp.statistic),
        ("KS p-value (asymptotic)", p_hand, ks_asymp.pvalue),
        ("KS p-value (SciPy exact, for scale)", p_hand, ks_exact.pvalue),
        ("chi-square statistic", chi_hand, chi_scipy.statistic),
        ("chi-square p-value", chi_p_hand, chi_scipy.pvalue),
    ],
    columns=["quantity", "by hand", "SciPy"],
).set_index("quantity")
display(checks)

for name in checks.index.drop("KS p-value (SciPy exact, for scale)"):
    hand, ref_value = checks.loc[name]
    assert np.isclose(hand, ref_value, rtol=1e-9, atol=1e-12), f"{name}: {hand} != {ref_value}"
assert np.isclose(p_hand, ks_exact.pvalue, rtol=0.2), "asymptotic KS p should be near the exact p"

# %% [markdown]
# Two details the table makes visible. `jensenshannon` matches the *square root* of our
# divergence, in nats by default and in bits with `base=2`; mixing up distance and divergence,
# or the log base, changes a threshold by a square or a factor of `ln 2`. And the asymptotic KS
# p-value is close to, but not identical with, SciPy's exact one; the fast vectorised experiments
# below use the asymptotic form.
#
# ## Four kinds of drift over time
#
# The simulated service has a numeric feature `x` (think "transaction amount, standardised"), a
# categorical feature `device` with four levels, and a binary label `y`. The label drives both
# features: positives have larger `x` and a different device mix. The reference window holds
# 10,000 rows; production arrives in 60 windows of 1,000 rows, with the change at window 30.
#
# | scenario | what changes | the kind of drift |
# |---|---|---|
# | no drift | nothing | control: every alarm is false |
# | sudden shift | `x` shifts by 0.3 standard deviations at window 30 | covariate shift |
# | gradual drift | `x` shifts linearly from window 20 to 0.6 SD at window 60 | covariate shift |
# | prior shift | positive rate 5% → 15% at window 30; `P(x, device given y)` fixed | label shift |
#
# In the covariate scenarios the label rate and the device mix stay put; in the prior-shift
# scenario every feature's *class-conditional* distribution stays put, and only the mix moves.

# %%
N_REF, N_WIN, WINDOW, CHANGE = 10_000, 60, 1_000, 30
POS_RATE, POS_RATE_SHIFTED = 0.05, 0.15
X_MEAN_POS = 1.5  # x | y=1 ~ N(1.5, 1); x | y=0 ~ N(0, 1)
DEVICE = np.array([[0.55, 0.30, 0.10, 0.05], [0.10, 0.20, 0.25, 0.45]])  # P(device | y)


def sample(n, pos_rate, x_shift=0.0):
    y = rng.random(n) < pos_rate
    x = rng.standard_normal(n) + X_MEAN_POS * y + x_shift
    u = rng.random(n)[:, None]
    device = (u > np.cumsum(DEVICE[y.astype(int)], axis=1)).sum(axis=1)
    return x, device, y


windows = np.arange(N_WIN)
scenarios = {
    "no drift": (np.full(N_WIN, POS_RATE), np.zeros(N_WIN)),
    "sudden shift": (np.full(N_WIN, POS_RATE), np.where(windows >= CHANGE, 0.3, 0.0)),
    "gradual drift": (np.full(N_WIN, POS_RATE), np.clip((windows - 19) / 40, 0, 1) * 0.6),
    "prior shift": (np.where(windows >= CHANGE, POS_RATE_SHIFTED, POS_RATE), np.zeros(N_WIN)),
}
GRADUAL_START = 20

x_ref, dev_ref, y_ref = sample(N_REF, POS_RATE)
edges = quantile_edges(x_ref)
p_ref = proportions(x_ref, edges)
dev_ref_counts = np.bincount(dev_ref, minlength=4)
y_ref_counts = np.bincount(y_ref.astype(int), minlength=2)

records = []
for scenario, (pos_rates, shifts) in scenarios.items():
    for t in windows:
        x, dev, y = sample(WINDOW, pos_rates[t], shifts[t])
        q_cur = proportions(x, edges)
        d = ks_statistic(x_ref, x)
        records.append(
            {
                "scenario": scenario,
                "window": t,
                "PSI(x)": psi(p_ref, q_cur),
                "JS distance(x), bits": np.sqrt(js_divergence(p_ref, q_cur) / np.log(2)),
                "KS p(x)": ks_pvalue(d, N_REF, WINDOW),
                "chi2 p(device)": chi_square(dev_ref_counts, np.bincount(dev, minlength=4))[1],
                "chi2 p(label)": chi_square(y_ref_counts, np.bincount(y.astype(int), minlength=2))[
                    1
                ],
            }
        )
timeline = pd.DataFrame(records)

# %%
P_CAP = 20  # -log10(p) is clipped here so that tiny p-values do not squash the plot
fig, axes = plt.subplots(4, 2, figsize=(13, 13), sharex=True)
for row, scenario in enumerate(scenarios):
    tl = timeline[timeline["scenario"] == scenario]
    ax = axes[row, 0]
    ax.plot(tl["window"], tl["PSI(x)"], marker="o", ms=3, label="PSI(x)")
    ax.plot(
        tl["window"], tl["JS distance(x), bits"], marker="s", ms=3, ls="--", label="JS distance(x)"
    )
    ax.axhline(0.1, color="grey", ls=":", lw=1, label="PSI 0.1 / 0.25 rules of thumb")
    ax.axhline(0.25, color="grey", ls=":", lw=1)
    ax.set(ylabel="statistic (unitless)", ylim=(0, 0.4), title=f"{scenario}: divergences of x")
    ax = axes[row, 1]
    for col, m in zip(["KS p(x)", "chi2 p(device)", "chi2 p(label)"], ["o", "^", "x"], strict=True):
        ax.plot(tl["window"], np.minimum(-np.log10(tl[col]), P_CAP), marker=m, ms=4, label=col)
    ax.axhline(-np.log10(ALPHA), color="grey", ls=":", lw=1, label=f"p = {ALPHA}")
    ax.set(ylabel=f"-log10(p-value), capped at {P_CAP}", ylim=(0, P_CAP + 1))
    ax.set_title(f"{scenario}: tests")
    for ax in axes[row]:
        if scenario in ("sudden shift", "prior shift"):
            ax.axvline(CHANGE - 0.5, color="C3", lw=1.5, label="change point")
        elif scenario == "gradual drift":
            ax.axvline(GRADUAL_START - 0.5, color="C3", lw=1.5, label="drift starts")
axes[0, 0].legend(loc="upper left", fontsize=9)
axes[0, 1].legend(loc="upper left", fontsize=9)
axes[1, 0].legend(loc="upper left", fontsize=9)
for ax in axes[-1]:
    ax.set_xlabel(f"production window (each {WINDOW:,} rows)")
fig.suptitle(f"Drift statistics per window against a {N_REF:,}-row reference", y=1.0)
fig.tight_layout()
plt.show()

# %% [markdown]
# What the panels show:
#
# * **No drift.** Every statistic wanders around its noise floor. PSI hovers near the value the
#   formula in a later section predicts for these sample sizes, `(bins - 1)·(1/10,000 + 1/1,000)`
#   ≈ 0.01, and a p-value occasionally dips towards 0.01: at a 1% level, about one window in a
#   hundred per test alarms by chance.
# * **Sudden shift.** From the change point on, KS p-values collapse and PSI jumps. Yet a 0.3 SD
#   shift only lifts PSI to around the 0.1 line, so "PSI > 0.1" flags some post-change windows
#   and misses others (printed below), while KS flags every one. The device mix and the label
#   rate do not move, so their chi-square tests stay quiet: a covariate test only sees the
#   feature it watches.
# * **Gradual drift.** The statistics creep up; the KS test crosses its threshold a few windows
#   after the drift begins, while the PSI rule of thumb waits until the shift is much larger.
#   Gradual drift is the case for longer windows or cumulative tests, and for trend plots rather
#   than single-window alarms.
# * **Prior shift.** The label rate and, through it, the device mix move; `x` moves too, because
#   its marginal is a mixture of the two classes. In production the label usually arrives late,
#   so the early warnings are the feature tests and the distribution of the model's own scores.
#
# The cell below turns those sentences into checks: it counts the alarms (p < 0.01) before and
# after each change.

# %%
alarms = timeline.assign(
    **{c: timeline[c] < ALPHA for c in ["KS p(x)", "chi2 p(device)", "chi2 p(label)"]}
)
after = alarms["window"] >= CHANGE
by = alarms.groupby(["scenario", after.rename("after window 30")])[
    ["KS p(x)", "chi2 p(device)", "chi2 p(label)"]
].mean()
display(by.rename(columns=lambda c: f"alarm rate, {c} < {ALPHA}"))

none = alarms[alarms["scenario"] == "no drift"]
sudden = alarms[(alarms["scenario"] == "sudden shift") & after]
prior = alarms[(alarms["scenario"] == "prior shift") & after]
gradual = alarms[alarms["scenario"] == "gradual drift"]
first_gradual = gradual.loc[gradual["KS p(x)"], "window"].min()
first_gradual_psi = gradual.loc[gradual["PSI(x)"] > 0.1, "window"].min()
sudden_psi_rate = (sudden["PSI(x)"] > 0.1).mean()
none_psi = none["PSI(x)"].mean()
psi_formula = (BINS - 1) * (1 / N_REF + 1 / WINDOW)
print(f"no drift: mean PSI {none_psi:.4f}; formula (bins-1)(1/n_ref+1/n_cur) = {psi_formula:.4f}")
print(f"sudden shift: share of post-change windows with PSI > 0.1: {sudden_psi_rate:.0%}")
print(
    f"gradual drift (starts at window {GRADUAL_START}): first KS alarm at window {first_gradual},"
)
print(f"  first window with PSI > 0.1 at window {first_gradual_psi}")

assert none[["KS p(x)", "chi2 p(device)", "chi2 p(label)"]].to_numpy().mean() < 0.05, (
    "with no drift, alarms should be rare"
)
assert sudden["KS p(x)"].all(), "a 0.3 SD shift with 1,000-row windows: KS should alarm every time"
assert sudden["chi2 p(device)"].mean() < 0.1, "covariate shift in x should not move the device test"
assert prior["chi2 p(label)"].mean() > 0.9, "label test should see a 5% -> 15% prior shift"
assert prior["chi2 p(device)"].mean() > 0.9, "the device mix follows the label mix"
assert GRADUAL_START <= first_gradual < GRADUAL_START + 20, "gradual drift caught, after it starts"
assert first_gradual_psi >= first_gradual + 5, "PSI > 0.1 should lag KS on gradual drift"
assert 0.1 < sudden_psi_rate < 0.9, "PSI > 0.1 should catch only part of a clear 0.3 SD shift"
assert abs(none_psi / psi_formula - 1) < 0.3, "no-drift PSI should sit near its noise floor"

# %% [markdown]
# ## Window size: false alarms versus detection delay
#
# The window size is the main dial of a drift monitor. To measure its effect we repeat two
# experiments many times, vectorised over trials (the helper class below computes KS and PSI for
# thousands of windows at once; each trial has its own 5,000-row reference sample):
#
# * **False alarms.** Reference and production come from the same distribution. Any alarm is
#   false. We record the fraction of windows that alarm for four rules: KS p < 0.01, the rules of
#   thumb PSI > 0.1 and PSI > 0.25, and a *size-aware* PSI threshold (explained below).
# * **Detection delay.** The mean shifts at a random moment inside a stream of tumbling windows.
#   The delay is the number of rows between the change and the end of the first window whose KS
#   test alarms. We run it for a clear shift (0.5 SD) and a subtle one (0.1 SD).
#
# The size-aware PSI threshold comes from a large-sample approximation: for two samples from the
# same distribution, `PSI / (1/n_ref + 1/n_cur)` is approximately chi-square distributed with
# `bins - 1` degrees of freedom. (For small differences each KL divergence is about half of
# `Σ (q - p)² / p`, so PSI, the sum of two, is about `Σ (q - p)² / p`: a Pearson chi-square
# statistic scaled by the sample sizes.) So the threshold
# `chi2.isf(alpha, bins - 1)·(1/n_ref + 1/n_cur)` has a false-alarm rate of about `alpha` at any
# window size. The experiment checks that too.


# %%
class ReferenceSet:
    """Many reference samples (one per row), prepared once, compared with many windows at once.

    `stats(cur, rows)` returns the KS statistic and PSI of each production window cur[i] against
    reference row rows[i]. The trick that vectorises it: shift reference row r by r * span, where
    span exceeds the data range, and concatenate the sorted rows into one sorted array. One
    np.searchsorted call then ranks every window against its own reference.
    """

    def __init__(self, ref, bins=BINS):
        self.n_rows, self.m = ref.shape
        self.bins = bins
        self.lo, self.hi = ref.min() - 1.0, ref.max() + 1.0
        self.span = self.hi - self.lo
        sorted_ref = np.sort(ref, axis=1)
        self.flat_ref = self._shift(sorted_ref, np.arange(self.n_rows)).ravel()
        qs = np.linspace(0, 1, bins + 1)[1:-1]
        edges = np.quantile(sorted_ref, qs, axis=1).T  # (rows, bins - 1)
        self.flat_edges = self._shift(edges, np.arange(self.n_rows)).ravel()
        self.p = self._proportions(ref, np.arange(self.n_rows))

    def _shift(self, values, rows):
        return np.clip(values, self.lo, self.hi) - self.lo + self.span * rows[:, None]

    def _proportions(self, values, rows):
        idx = np.searchsorted(self.flat_edges, self._shift(values, rows), side="right")
        idx -= (self.bins - 1) * rows[:, None]  # bin index 0 .. bins-1 within the row
        flat = (np.arange(len(values))[:, None] * self.bins + idx).ravel()
        counts = np.bincount(flat, minlength=len(values) * self.bins).reshape(-1, self.bins)
        return np.maximum(counts / values.shape[1], EPS)

    def stats(self, cur, rows):
        n = cur.shape[1]
        cur_sorted = np.sort(cur, axis=1)
        shifted = self._shift(cur_sorted, rows)
        offset = self.m * rows[:, None]
        f_ref_right = (np.searchsorted(self.flat_ref, shifted, side="right") - offset) / self.m
        f_ref_left = (np.searchsorted(self.flat_ref, shifted, side="left") - offset) / self.m
        # Between consecutive production points the production CDF is flat, so the largest gap
        # sits at a production point, just after it (i/n) or just before it ((i-1)/n).
        i = np.arange(1, n + 1) / n
        ks = np.maximum(np.abs(i - f_ref_right), np.abs(i - 1 / n - f_ref_left)).max(axis=1)
        return ks, self.psi(cur, rows)

    def psi(self, cur, rows):
        q, p = self._proportions(cur, rows), self.p[rows]
        return ((q - p) * np.log(q / p)).sum(axis=1)


N_TRIALS, M_REF = 800, 5_000
WINDOW_SIZES = [100, 500, 2_000, 10_000]
reference_samples = rng.standard_normal((N_TRIALS, M_REF))
refs = ReferenceSet(reference_samples)

# The vectorised path must agree with the simple functions above (checked on a few windows).
probe = rng.normal(0.2, 1.0, size=(3, 700))
ks_vec, psi_vec = refs.stats(probe, np.arange(3))
for j in range(3):
    r = reference_samples[j]
    assert np.isclose(ks_vec[j], stats.ks_2samp(r, probe[j]).statistic), "vectorised KS"
    edges_j = quantile_edges(r)
    psi_j = psi(proportions(r, edges_j), proportions(probe[j], edges_j))
    assert np.isclose(psi_vec[j], psi_j), "vectorised PSI"
del reference_samples

# %% [markdown]
# First experiment: false alarms. One production window per trial and window size, drawn from
# the reference distribution.

# %%
psi_size_aware = {w: stats.chi2.isf(ALPHA, BINS - 1) * (1 / M_REF + 1 / w) for w in WINDOW_SIZES}
ks_critical = {w: stats.kstwo.isf(ALPHA, np.round(M_REF * w / (M_REF + w))) for w in WINDOW_SIZES}
CHUNK_VALUES = 2_000_000  # production values generated per batch, to bound memory

null_rows = []
for w in WINDOW_SIZES:
    ks_all, psi_all = [], []
    chunk = max(1, CHUNK_VALUES // w)
    for start in range(0, N_TRIALS, chunk):
        rows = np.arange(start, min(N_TRIALS, start + chunk))
        ks, psi_w = refs.stats(rng.standard_normal((len(rows), w)), rows)
        ks_all.append(ks)
        psi_all.append(psi_w)
    ks, psi_w = np.concatenate(ks_all), np.concatenate(psi_all)
    null_rows.append(
        {
            "window": w,
            "KS p<0.01": (ks > ks_critical[w]).mean(),
            "PSI>0.1": (psi_w > 0.1).mean(),
            "PSI>0.25": (psi_w > 0.25).mean(),
            "PSI > size-aware threshold": (psi_w > psi_size_aware[w]).mean(),
            "size-aware PSI threshold": psi_size_aware[w],
            "mean PSI": psi_w.mean(),
        }
    )
false_alarms = pd.DataFrame(null_rows).set_index("window")
false_alarms["KS alarms per 100k rows"] = false_alarms["KS p<0.01"] * 100_000 / false_alarms.index
display(false_alarms)

# %% [markdown]
# Second experiment: detection delay. For each trial, the change happens after `u` rows of a
# window, `u` uniform in `[0, window)`. The first window is a mixture; later windows are fully
# shifted. We scan windows in blocks until every trial has alarmed (or a horizon is reached).

# %%
SHIFTS = [0.5, 0.1]
N_DELAY_TRIALS = 200
HORIZON = 100_000  # rows after the change; trials not detected by then count as censored


def detection_delays(w, shift, n_trials=N_DELAY_TRIALS):
    crit = ks_critical[w]
    u = rng.integers(0, w, size=n_trials)
    delay = np.full(n_trials, np.nan)
    block = max(1, CHUNK_VALUES // (n_trials * w))  # windows scanned per pass
    for first in range(0, int(np.ceil(HORIZON / w)), block):
        pending = np.flatnonzero(np.isnan(delay))
        if len(pending) == 0:
            break
        j = np.arange(first, first + block)  # window indices counted from the straddling one
        x = rng.standard_normal((len(pending), len(j), w)) + shift
        if first == 0:  # the straddling window: its first u rows are still unshifted
            x[:, 0, :] -= shift * (np.arange(w)[None, :] < u[pending, None])
        rows = np.repeat(pending, len(j))  # trial i is compared with reference row i
        ks, _ = refs.stats(x.reshape(-1, w), rows)
        alarm = (ks > crit).reshape(len(pending), len(j))
        hit = alarm.any(axis=1)
        delay[pending[hit]] = (j[alarm[hit].argmax(axis=1)] + 1) * w - u[pending[hit]]
    return delay


delay_rows = []
for shift in SHIFTS:
    for w in WINDOW_SIZES:
        d = detection_delays(w, shift)
        delay_rows.append(
            {
                "shift (SD)": shift,
                "window": w,
                "mean delay (rows)": np.nanmean(d),
                "median delay (rows)": np.nanmedian(d),
                "censored": np.isnan(d).mean(),
            }
        )
delays = pd.DataFrame(delay_rows).set_index(["shift (SD)", "window"])
display(delays)

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 4.8))
ax = axes[0]
fa = false_alarms
floor = 0.5 / N_TRIALS  # a rate of zero cannot sit on a log axis: draw it at this floor
rules = [
    ("KS p<0.01", "o", "-", "KS p < 0.01"),
    ("PSI>0.1", "s", "--", "PSI > 0.1 (rule of thumb)"),
    ("PSI>0.25", "v", "-.", "PSI > 0.25 (rule of thumb)"),
    ("PSI > size-aware threshold", "^", ":", "PSI > size-aware threshold"),
]
for col, m, ls, label in rules:
    ax.plot(fa.index, np.maximum(fa[col], floor), marker=m, ls=ls, label=label)
ax.axhline(ALPHA, color="grey", lw=1, label=f"nominal {ALPHA:.0%}")
ax.axhspan(floor / 2, floor * 1.5, color="grey", alpha=0.15, label=f"none in {N_TRIALS} trials")
ax.set(
    xscale="log",
    yscale="log",
    ylim=(floor / 2, 1),
    title="False alarms per window (no drift at all)",
    xlabel=f"production window size (rows; reference {M_REF:,} rows)",
    ylabel="fraction of windows alarming",
)
ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.1%}" if v < 0.01 else f"{v:.0%}"))
ax.legend(loc="upper right", fontsize=9)

ax = axes[1]
for shift, m in zip(SHIFTS, ["o", "s"], strict=True):
    dl = delays.loc[shift]
    ax.plot(dl.index, dl["mean delay (rows)"], marker=m, label=f"mean shift {shift} SD")
ax.plot(WINDOW_SIZES, WINDOW_SIZES, color="grey", ls=":", label="delay = one window")
ax.set(
    xscale="log",
    yscale="log",
    title="Detection delay of KS p < 0.01 after a sudden shift",
    xlabel="production window size (rows)",
    ylabel="mean rows from change to alarm",
)
ax.legend(fontsize=9)
fig.tight_layout()
plt.show()

# %% [markdown]
# The left panel is the false-alarm side of the dial. The KS test, with a critical value that
# depends on both sample sizes, stays near its nominal 1% at every window size. The fixed PSI
# cut-offs do not: with 100-row windows "PSI > 0.1" fires on a large share of windows in which
# nothing changed (and even "PSI > 0.25" fires now and then), while at 2,000 rows the same rule
# practically never fires on noise (and will also miss real shifts that KS catches). The
# size-aware PSI threshold behaves like the KS test: the fix is to let the threshold depend on
# the window size.
#
# Even at a nominal 1% per window, **alarms per day** scale with the number of windows: the last
# column of the false-alarm table counts KS false alarms per 100,000 rows, which falls in
# proportion to the window size.
#
# The right panel is the other side. For a clear shift (0.5 SD) every window size detects it in
# the first full window or so, so the delay grows almost in proportion to the window: small
# windows react fast. For a subtle shift (0.1 SD) a small window has little power: it must wait
# for a lucky window, and the table shows that shrinking windows from 2,000 to 100 rows buys
# little speed while multiplying false alarms per row by about the ratio of window sizes (20).
# Choose the window from the smallest shift worth catching and the delay you can tolerate, then
# set the threshold for that window size.

# %%
ks_far = false_alarms["KS p<0.01"]
psi_far = false_alarms["PSI>0.1"]
mean_delay = delays["mean delay (rows)"]
assert ks_far.between(0.003, 0.025).all(), "KS false-alarm rate should stay near 1% per window"
assert false_alarms["PSI > size-aware threshold"].between(0.003, 0.025).all(), (
    "the size-aware PSI threshold should also stay near 1%"
)
assert psi_far[100] > 0.2, "PSI > 0.1 should fire often on small windows with no drift"
assert psi_far[100] > 20 * max(psi_far[2_000], 0.001), "... and its rate depends on window size"
assert (delays["censored"] == 0).all(), "every trial should detect the shift within the horizon"
assert mean_delay.loc[0.5].is_monotonic_increasing, "delay should grow with window size (0.5 SD)"
assert mean_delay[(0.5, 2_000)] > 5 * mean_delay[(0.5, 100)], "clear shift: small windows react"
assert mean_delay[(0.1, 100)] > 0.5 * mean_delay[(0.1, 2_000)], (
    "subtle shift: 20x smaller windows should give less than a 2x speed-up"
)
alarms_per_row = false_alarms["KS alarms per 100k rows"]
assert alarms_per_row[100] > 10 * alarms_per_row[2_000], "more windows, more alarms per day"

# %% [markdown]
# ## Why PSI rules of thumb are rules of thumb
#
# PSI between two samples from the *same* distribution is not zero: each bin proportion carries
# sampling noise, and PSI adds up the squared noise. To second order,
# `PSI ≈ Σ (q - p)² / p`, and with about `1/bins` of the data per bin the noise variance is about
# `p·(1/n_ref + 1/n_cur)` per bin, so on average
#
# `E[PSI | no drift] ≈ (bins - 1)·(1/n_ref + 1/n_cur)`.
#
# With equal reference and production sizes `n`, that is `2·(bins - 1)/n`: 0.18 for 10 bins and
# 100 rows, already above the "moderate shift" threshold of 0.1 with no shift at all; 0.0018 at
# 10,000 rows. Below we check the formula by simulation for several sample sizes and bin counts.

# %%
SIZES = [100, 300, 1_000, 3_000, 10_000]
BIN_COUNTS = [5, 10, 20]
N_NULL = 300
null_psi = {}
psi_null_rows = []
for n in SIZES:
    ref_n = np.sort(rng.standard_normal((N_NULL, n)), axis=1)  # sorted once for all bin counts
    cur_n = rng.standard_normal((N_NULL, n))
    for bins in BIN_COUNTS:
        values = ReferenceSet(ref_n, bins=bins).psi(cur_n, np.arange(N_NULL))
        null_psi[(n, bins)] = values
        expected = (bins - 1) * (2 / n)
        psi_null_rows.append(
            {
                "n (each side)": n,
                "bins": bins,
                "mean PSI (simulated)": values.mean(),
                "(bins-1)(1/n_ref+1/n_cur)": expected,
                "ratio": values.mean() / expected,
                "P(PSI > 0.1)": (values > 0.1).mean(),
            }
        )
psi_null = pd.DataFrame(psi_null_rows).set_index(["n (each side)", "bins"])
display(psi_null)

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 4.8))
ax = axes[0]
grid_n = np.geomspace(SIZES[0], SIZES[-1], 50)
for bins, m in zip(BIN_COUNTS, ["o", "s", "^"], strict=True):
    sims = psi_null.xs(bins, level="bins")["mean PSI (simulated)"]
    (line,) = ax.plot(sims.index, sims, marker=m, ls="none", label=f"{bins} bins, simulated mean")
    ax.plot(grid_n, (bins - 1) * 2 / grid_n, color=line.get_color(), lw=1, label="formula")
ax.axhline(0.1, color="grey", ls="--", lw=1, label="PSI 0.1 rule of thumb")
ax.axhline(0.25, color="grey", ls=":", lw=1, label="PSI 0.25 rule of thumb")
ax.set(
    xscale="log",
    yscale="log",
    title="PSI between two samples of the same distribution",
    xlabel="rows in each sample (n_ref = n_cur)",
    ylabel="mean PSI under no drift",
)
ax.legend(fontsize=8, ncol=2)

ax = axes[1]
hist_bins = np.geomspace(1e-4, 1, 60)
for n, ls in zip([100, 1_000, 10_000], ["-", "--", ":"], strict=True):
    ax.hist(null_psi[(n, 10)], bins=hist_bins, histtype="step", lw=2, ls=ls, label=f"n = {n:,}")
ax.axvline(0.1, color="grey", ls="--", lw=1, label="0.1")
ax.axvline(0.25, color="grey", ls=":", lw=1, label="0.25")
ax.set(
    xscale="log",
    title=f"Null distribution of PSI, 10 bins ({N_NULL} simulations each)",
    xlabel="PSI (no drift)",
    ylabel="number of simulations",
)
ax.legend(fontsize=9)
fig.tight_layout()
plt.show()

# %% [markdown]
# The simulated means sit on the formula lines for every bin count once there are a few dozen
# rows per bin; with fewer, empty bins and the `EPS` floor distort it (the smallest samples with
# 20 bins in the table above). The histograms make the practical point: at 100 rows per window
# a good share of perfectly stable windows score above 0.1, while at 10,000 rows the whole null
# distribution sits two orders of magnitude below it. A PSI threshold is meaningful only
# together with the window sizes and the bin count it was calibrated for.

# %%
rows_per_bin = np.array([n / b for n, b in psi_null.index])
well_populated = psi_null[rows_per_bin >= 30]
assert len(well_populated) >= 10, "most configurations should have enough rows per bin"
assert well_populated["ratio"].between(0.85, 1.15).all(), (
    "mean null PSI should match (bins - 1)(1/n_ref + 1/n_cur) within 15%"
)
assert psi_null.loc[(100, 10), "mean PSI (simulated)"] > 0.1, "100 rows: null PSI above 0.1"
assert psi_null.loc[(100, 10), "P(PSI > 0.1)"] > 0.5, "... in most stable windows"
assert psi_null.loc[(10_000, 10), "P(PSI > 0.1)"] == 0, "10,000 rows: never above 0.1 on noise"

# %% [markdown]
# ## Statistically significant is not practically significant
#
# The opposite failure: with very large windows, a test with a p-value flags differences far too
# small to matter. Below, production is shifted by 0.02 standard deviations, say a mean
# transaction amount moving by 60 cents when amounts vary by 30 dollars. With a million rows a
# side the KS test is emphatic; with a thousand rows it sees nothing; PSI, an effect size rather
# than a test, stays tiny in both cases. Drift alerts need an effect-size floor (or a business
# metric) next to the p-value.

# %%
TINY_SHIFT = 0.02
significance_rows = []
for n in [1_000, 1_000_000]:
    a, b = rng.standard_normal(n), rng.normal(TINY_SHIFT, 1.0, size=n)
    test = stats.ks_2samp(a, b, method="asymp")
    e = quantile_edges(a)
    significance_rows.append(
        {
            "rows per side": n,
            "KS statistic": test.statistic,
            "KS p-value": test.pvalue,
            "PSI": psi(proportions(a, e), proportions(b, e)),
            "observed mean difference (SD)": b.mean() - a.mean(),
        }
    )
significance = pd.DataFrame(significance_rows).set_index("rows per side")
display(significance)

big, small = significance.loc[1_000_000], significance.loc[1_000]
assert big["KS p-value"] < 1e-6, "a million rows: KS should call a 0.02 SD shift significant"
assert small["KS p-value"] > ALPHA, "a thousand rows: the same shift is invisible"
assert big["PSI"] < 0.01, "... while PSI says the shift is negligible"

# %% [markdown]
# ## Monitoring many features: multiple testing
#
# A model with 50 features monitored by 50 KS tests at p < 0.01 raises, with no drift anywhere,
# at least one alarm in about `1 - 0.99^50 ≈ 40%` of windows (less if features are correlated).
# Two standard corrections:
#
# * **Bonferroni**: test each feature at `alpha / number of features`. Controls the chance of
#   *any* false alarm (family-wise error rate); conservative, so it loses power.
# * **Benjamini-Hochberg**: controls the expected *share* of false alarms among the alarms
#   (false discovery rate); more power when several features drift together.
#   `scipy.stats.false_discovery_control` returns BH-adjusted p-values.
#
# Below, 50 independent features, 3 of which drift by 0.15 SD; 100 windows of 1,000 rows against
# 5,000-row references.

# %%
N_FEATURES, N_DRIFTED, MT_WINDOWS, MT_WINDOW, MT_REF = 50, 3, 100, 1_000, 5_000
MT_SHIFT = 0.15
feature_refs = ReferenceSet(rng.standard_normal((N_FEATURES, MT_REF)))
shift = np.zeros(N_FEATURES)
shift[:N_DRIFTED] = MT_SHIFT
pvalues = np.empty((MT_WINDOWS, N_FEATURES))
features = np.tile(np.arange(N_FEATURES), 20)  # 20 windows x 50 features per batch
for start in range(0, MT_WINDOWS, 20):
    x = rng.standard_normal((len(features), MT_WINDOW)) + shift[features, None]
    ks, _ = feature_refs.stats(x, features)
    pvalues[start : start + 20] = ks_pvalue(ks, MT_REF, MT_WINDOW).reshape(20, N_FEATURES)

decisions = {
    "none (each at 0.01)": pvalues < ALPHA,
    "Bonferroni (0.01 / 50)": pvalues < ALPHA / N_FEATURES,
    "Benjamini-Hochberg (FDR 0.01)": stats.false_discovery_control(pvalues, axis=1) < ALPHA,
}
mt = pd.DataFrame(
    {
        name: {
            "windows with any false alarm": d[:, N_DRIFTED:].any(axis=1).mean(),
            "detection rate, drifted features": d[:, :N_DRIFTED].mean(),
        }
        for name, d in decisions.items()
    }
).T
display(mt)

fwer = mt["windows with any false alarm"]
power = mt["detection rate, drifted features"]
assert fwer["none (each at 0.01)"] > 0.25, "uncorrected: false alarms in a large share of windows"
assert fwer["Bonferroni (0.01 / 50)"] < 0.05, "Bonferroni keeps family-wise false alarms rare"
assert fwer["Benjamini-Hochberg (FDR 0.01)"] < fwer["none (each at 0.01)"] / 4, "BH: fewer alarms"
assert power["Benjamini-Hochberg (FDR 0.01)"] >= power["Bonferroni (0.01 / 50)"], "BH >= power"

# %% [markdown]
# The uncorrected monitor cries wolf in a large share of windows; both corrections bring false
# alarms down, at the price of some power on the features that did drift (table above). BH keeps
# at least as much power as Bonferroni. In practice teams also rank features by importance and
# alert on the few that matter, and watch the model's *output* distribution as a single,
# high-signal summary.
#
# ## What to say in an interview
#
# * "I compare a reference window with production windows, per feature and on the model's score
#   distribution: KS or Wasserstein for numeric features, chi-square for categorical ones, PSI or
#   Jensen-Shannon as effect sizes on a fixed binning taken from the reference quantiles."
# * "Thresholds depend on window size. PSI between two samples of the same distribution averages
#   about `(bins - 1)(1/n_ref + 1/n_cur)`, so 'PSI > 0.1' is noise for 100-row windows and blind
#   for 100,000-row ones. I calibrate the threshold for the window, e.g. with a chi-square
#   quantile or by replaying stable history."
# * "Window size trades delay against false alarms: small windows react fast to big shifts but
#   alarm more often per day and barely help on subtle shifts; large windows are quiet and slow.
#   Gradual drift calls for longer or cumulative windows and trend views."
# * "With huge windows every test is significant: I pair the p-value with an effect-size floor
#   and, better, with the business or model metric it should protect. With many features I
#   correct for multiple testing (Bonferroni or Benjamini-Hochberg) and prioritise by feature
#   importance."
# * "Drift type matters: covariate shift shows in feature tests, prior shift in the label rate
#   (late, because labels are delayed) and in the score distribution, concept drift (P(y | x)
#   changes) only in performance once labels arrive. Seasonality means the reference should be a
#   comparable period, not just 'training data'."
#
# ## References
#
# * SciPy: [`scipy.stats.ks_2samp`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.ks_2samp.html),
#   [`scipy.stats.chi2_contingency`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.chi2_contingency.html),
#   [`scipy.spatial.distance.jensenshannon`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.spatial.distance.jensenshannon.html),
#   [`scipy.stats.false_discovery_control`](https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.false_discovery_control.html).
# * B. Yurdakul and J. Naranjo (2020), "Statistical properties of the population stability
#   index", *Journal of Risk Model Validation*. (Studies the sampling distribution of PSI,
#   including a chi-square approximation of the kind used for the size-aware threshold.)
# * J. Lin (1991), "Divergence measures based on the Shannon entropy", *IEEE Transactions on
#   Information Theory* 37(1). (The Jensen-Shannon divergence.)
# * Y. Benjamini and Y. Hochberg (1995), "Controlling the false discovery rate: a practical and
#   powerful approach to multiple testing", *Journal of the Royal Statistical Society, Series B*
#   57(1).
# * S. Rabanser, S. Günnemann and Z. C. Lipton (2019), "Failing loudly: an empirical study of
#   methods for detecting dataset shift", *NeurIPS*. <https://arxiv.org/abs/1810.11953>
# * Z. C. Lipton, Y.-X. Wang and A. J. Smola (2018), "Detecting and correcting for label shift
#   with black box predictors", *ICML*. <https://arxiv.org/abs/1802.03916>
