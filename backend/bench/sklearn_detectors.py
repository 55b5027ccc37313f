"""Reference timings for tabularBench.ts: scikit-learn's LocalOutlierFactor and OneClassSVM, single-threaded.

Usage: sklearn_detectors.py SECTION ROWS COLS REPEATS [NU]
  SECTION lof   : LocalOutlierFactor(n_neighbors=20, novelty=True): fit on ROWS rows, score_samples on ROWS new rows
  SECTION mcd   : MinCovDet(random_state=0) (PyOD's MCD): fit on ROWS rows, mahalanobis on ROWS new rows
  SECTION ocsvm : OneClassSVM(nu=NU, gamma='scale'): fit on ROWS rows, decision_function on ROWS new rows
Prints one JSON object with the best (least disturbed) of REPEATS runs. Standard-normal rows, like ours.
"""
import json
import sys

from reference_timing import best  # also pins BLAS/OpenMP to one thread


import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.covariance import MinCovDet  # noqa: E402
from sklearn.neighbors import LocalOutlierFactor  # noqa: E402
from sklearn.svm import OneClassSVM  # noqa: E402

section, rows, cols, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
nu = float(sys.argv[5]) if len(sys.argv) > 5 else 0.5
rng = np.random.RandomState(0)
train = rng.standard_normal((rows, cols))
test = rng.standard_normal((rows, cols))



if section == "lof":
    model = LocalOutlierFactor(n_neighbors=20, novelty=True)
    fit_s = best(lambda: model.fit(train), repeats)
    score_s = best(lambda: model.score_samples(test), repeats)
    extra = {"neighbor_search": model._fit_method}
elif section == "mcd":
    model = MinCovDet(random_state=0)
    fit_s = best(lambda: model.fit(train), repeats)
    score_s = best(lambda: model.mahalanobis(test), repeats)
    extra = {"support": int(model.support_.sum())}
elif section == "ocsvm":
    model = OneClassSVM(nu=nu, gamma="scale")
    fit_s = best(lambda: model.fit(train), repeats)
    score_s = best(lambda: model.decision_function(test), repeats)
    extra = {"nu": nu, "n_support_vectors": int(model.support_.shape[0])}
else:
    sys.exit(f"unknown section {section}")

print(json.dumps({"sklearn": sklearn.__version__, "section": section, "rows": rows, "cols": cols,
                  "fit_s": fit_s, "score_s": score_s, **extra}))
