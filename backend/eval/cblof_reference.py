"""Where the published CBLOF column comes from: PyOD's benchmark protocol re-run with scikit-learn.

Usage: npm run eval:cblof-reference [-- ODDS_DIR SEEDS]   (/usr/bin/python3 with python3-sklearn)

PyOD's benchmark (notebooks/benchmark.py, 2018): RandomState(i) for i < 10 drives a 60/40
train_test_split and the detector, both parts z-scored with the training mean and std, ROC AUC of
decision_function on the test part. Three CBLOF variants, each a few lines of PyOD's logic written
here from the two versions of pyod/models/cblof.py:

- "2018":  MiniBatchKMeans (the 2018 default estimator) and the 2018 large/small split, which sorted
           clusters smallest first and then called the *smallest* ones large (PyOD issue #94, fixed
           in commit 726fbdd, June 2019). The published table (PyOD's docs/tables/roc.csv, last
           updated 2018-12-30) was produced with this version.
- "2018 split, KMeans": the same split with today's estimator, to separate the two changes.
- "today": KMeans and the corrected split (largest clusters are large), as PyOD has run since 2019
           and as LlamaFarm runs it. Anomaly Lens implements this one.

Prints one row per data set and the means, beside the published column.
"""
import os
import sys

import numpy as np
from pyod_protocol import SHARED, auc, odds_sets, published_column, splits
from scipy.spatial.distance import cdist
from sklearn.cluster import KMeans, MiniBatchKMeans


def first_index(alpha_list, beta_list):
    both = np.intersect1d(alpha_list, beta_list)
    if len(both):
        return both[0]
    if alpha_list:
        return alpha_list[0]
    if beta_list:
        return beta_list[0]
    raise ValueError("no valid cluster separation")


def split_2018(sizes, n, alpha=0.9, beta=5):
    order = np.argsort(sizes)  # smallest first
    alpha_list, beta_list = [], []
    for i in range(1, len(sizes)):
        if np.sum(sizes[order[-i:]]) >= n * alpha:
            alpha_list.append(i)
        if sizes[order[i]] / sizes[order[i - 1]] >= beta:
            beta_list.append(i)
    t = first_index(alpha_list, beta_list)
    return order[t:]  # "large": everything but the t smallest


def split_today(sizes, n, alpha=0.9, beta=5):
    order = np.argsort(-sizes)  # largest first
    alpha_list, beta_list = [], []
    for i in range(1, len(sizes)):
        if np.sum(sizes[order[:i]]) >= n * alpha:
            alpha_list.append(i)
        if sizes[order[i - 1]] / sizes[order[i]] >= beta:
            beta_list.append(i)
    t = first_index(alpha_list, beta_list)
    return order[:t]


def cblof_scores(train, test, estimator, split):
    estimator.fit(train)
    sizes = np.bincount(estimator.labels_, minlength=estimator.n_clusters)
    large = split(sizes, train.shape[0])
    labels = estimator.predict(test)
    centers = estimator.cluster_centers_
    in_large = np.isin(labels, large)
    scores = np.empty(test.shape[0])
    scores[in_large] = np.linalg.norm(test[in_large] - centers[labels[in_large]], axis=1)
    if (~in_large).any():
        scores[~in_large] = cdist(test[~in_large], centers[large]).min(axis=1)
    return scores


VARIANTS = {
    # scikit-learn 0.20's MiniBatchKMeans defaults (batch_size 100, n_init 3), as in 2018
    "2018": lambda rs: (MiniBatchKMeans(n_clusters=8, batch_size=100, n_init=3, random_state=rs), split_2018),
    "2018 split, KMeans": lambda rs: (KMeans(n_clusters=8, n_init=10, random_state=rs), split_2018),
    "today": lambda rs: (KMeans(n_clusters=8, n_init=10, random_state=rs), split_today),
}


def main():
    odds = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SHARED, "odds")
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    published = published_column("CBLOF")
    means = {v: [] for v in VARIANTS}
    notes = []
    names = []
    print(f"{'dataset':12} {'published':>9} " + " ".join(f"{v:>18}" for v in VARIANTS))
    for name, x, y in odds_sets(odds):
        names.append(name)
        row = {}
        for variant, make in VARIANTS.items():
            aucs = []
            refused = 0
            for rs, x_train, x_test, y_test in splits(x, y, seeds):
                estimator, split = make(rs)
                try:
                    aucs.append(auc(y_test, cblof_scores(x_train, x_test, estimator, split)))
                except ValueError:  # PyOD refuses to fit: no separation meets alpha or beta
                    refused += 1
            row[variant] = float(np.mean(aucs))
            means[variant].append(row[variant])
            if refused:
                notes.append(f"{name} {variant}: {refused} of {seeds} fits refused (no valid separation)")
        print(f"{name:12} {published.get(name, float('nan')):9.4f} " + " ".join(f"{row[v]:18.4f}" for v in VARIANTS))
    pub = np.mean([published[n] for n in names])
    print(f"{'mean':12} {pub:9.4f} " + " ".join(f"{np.mean(means[v]):18.4f}" for v in VARIANTS))
    for note in notes:
        print(note)
    print("mean Δ vs published: " + ", ".join(f"{v} {np.mean(means[v]) - pub:+.4f}" for v in VARIANTS))


if __name__ == "__main__":
    main()
