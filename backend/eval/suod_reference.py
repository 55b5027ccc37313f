"""LlamaFarm's default SUOD under PyOD's benchmark protocol, re-run with scikit-learn and numpy.

Usage: npm run eval:suod-reference [-- ODDS_DIR SEEDS]   (/usr/bin/python3 with python3-sklearn)

LlamaFarm (runtimes/universal/models/pyod_backend.py) builds SUOD from IForest, HBOS and COPOD with
their defaults. PyOD's SUOD standardizes each member's training scores (StandardScaler) and averages
the standardized scores; for these three members SUOD's random projection and approximation are off
(suod's default lists). The members are written here from PyOD's formulas, not imported:
- IForest: scikit-learn's IsolationForest (100 trees, max_samples 'auto'), score = −score_samples.
- HBOS: per feature a 10-bin histogram (density), score = −Σ log2(density + 0.1); a value beyond the
  edges takes the edge bin within half a bin width, else the least dense bin (PyOD's tol 0.5).
- COPOD: PyOD's decision_function re-fits the ECDFs on training and new rows together; done so here.
Prints each member's and SUOD's mean ROC AUC: whether SUOD reaches its best member on this protocol.
"""
import os
import sys

import numpy as np
from pyod_protocol import SHARED, auc, odds_sets, splits
from scipy.stats import skew
from sklearn.ensemble import IsolationForest


def iforest(train, test, rs):
    model = IsolationForest(n_estimators=100, random_state=rs).fit(train)
    return -model.score_samples(train), -model.score_samples(test)


def hbos_fit(train, bins=10):
    return [np.histogram(train[:, j], bins=bins, density=True) for j in range(train.shape[1])]


def hbos_score(model, x, alpha=0.1, tol=0.5):
    total = np.zeros(x.shape[0])
    for j, (density, edges) in enumerate(model):
        logs = np.log2(density + alpha)
        index = np.digitize(x[:, j], edges, right=False) - 1  # −1 below, len(density) above
        width_low, width_high = edges[1] - edges[0], edges[-1] - edges[-2]
        score = np.empty(x.shape[0])
        inside = (index >= 0) & (index < len(density))
        score[inside] = logs[index[inside]]
        below, above = index < 0, index >= len(density)
        near_low = below & (edges[0] - x[:, j] <= width_low * tol)
        near_high = above & (x[:, j] - edges[-1] <= width_high * tol)
        score[below | above] = logs.min()
        score[near_low] = logs[0]
        score[near_high] = logs[-1]
        total += score
    return -total


def hbos(train, test, _rs):
    model = hbos_fit(train)
    return hbos_score(model, train), hbos_score(model, test)


def column_ecdf(x):
    """Per column, the share of rows ≤ each value (ties share the highest rank)."""
    out = np.empty_like(x)
    for j in range(x.shape[1]):
        out[:, j] = np.searchsorted(np.sort(x[:, j]), x[:, j], side="right") / x.shape[0]
    return out


def copod_scores(x):
    left = -np.log(column_ecdf(x))
    right = -np.log(column_ecdf(-x))
    sign = np.sign(skew(x, axis=0))
    skewed = left * -1 * np.sign(sign - 1) + right * np.sign(sign + 1)
    return np.maximum(skewed, (left + right) / 2).sum(axis=1)


def copod(train, test, _rs):
    return copod_scores(train), copod_scores(np.vstack([train, test]))[train.shape[0]:]


MEMBERS = {"isolation_forest": iforest, "hbos": hbos, "copod": copod}


def suod(member_scores):
    """Average of the members' test scores, each standardized with its training scores."""
    columns = []
    for train_scores, test_scores in member_scores:
        sd = train_scores.std() or 1.0
        columns.append((test_scores - train_scores.mean()) / sd)
    return np.mean(columns, axis=0)


def main():
    odds = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SHARED, "odds")
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    names = [*MEMBERS, "suod"]
    means = {n: [] for n in names}
    print(f"{'dataset':12} " + " ".join(f"{n:>16}" for n in names))
    for name, x, y in odds_sets(odds):
        aucs = {n: [] for n in names}
        for rs, x_train, x_test, y_test in splits(x, y, seeds):
            scores = {m: fit(x_train, x_test, rs) for m, fit in MEMBERS.items()}
            for m, (_, test_scores) in scores.items():
                aucs[m].append(auc(y_test, test_scores))
            aucs["suod"].append(auc(y_test, suod(scores.values())))
        for n in names:
            means[n].append(np.mean(aucs[n]))
        print(f"{name:12} " + " ".join(f"{np.mean(aucs[n]):16.4f}" for n in names))
    print(f"{'mean':12} " + " ".join(f"{np.mean(means[n]):16.4f}" for n in names))
    best = max(MEMBERS, key=lambda m: np.mean(means[m]))
    verdict = "yes" if np.mean(means["suod"]) >= np.mean(means[best]) else "NO"
    print(f"suod {np.mean(means['suod']):.4f} vs best member {best} {np.mean(means[best]):.4f}: at least as good: {verdict}")


if __name__ == "__main__":
    main()
