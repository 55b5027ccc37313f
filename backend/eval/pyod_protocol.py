"""PyOD's benchmark protocol (notebooks/benchmark.py, 2018), shared by the *_reference.py scripts.

RandomState(i) for i < SEEDS drives a 60/40 train_test_split and the detector; both parts are
z-scored with the training mean and std; the score is the ROC AUC of the test part.
"""
import csv
import os

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "..", "shared", "data")


def read_set(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    return data[:, :-1], data[:, -1].astype(int)


def standardize(train, test):
    mu = train.mean(axis=0)
    sd = train.std(axis=0)
    sd[sd == 0] = 1
    return (train - mu) / sd, (test - mu) / sd


def odds_sets(odds_dir):
    """(name, x, y) for every labelled set in the folder, by name."""
    for name in sorted(n[:-4] for n in os.listdir(odds_dir) if n.endswith(".csv")):
        x, y = read_set(os.path.join(odds_dir, name + ".csv"))
        yield name, x, y


def splits(x, y, seeds):
    """(rs, train, test, test labels) per seed, z-scored; single-class test parts are skipped."""
    for i in range(seeds):
        rs = np.random.RandomState(i)
        x_train, x_test, _, y_test = train_test_split(x, y, test_size=0.4, random_state=rs)
        if len(set(y_test)) < 2:
            continue
        x_train, x_test = standardize(x_train, x_test)
        yield rs, x_train, x_test, y_test


def auc(labels, scores):
    return roc_auc_score(labels, scores)


def published_column(column):
    with open(os.path.join(SHARED, "anchors", "odds_pyod_published_roc.csv")) as f:
        return {row["Data"]: float(row[column]) for row in csv.DictReader(f)}
