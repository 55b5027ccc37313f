"""Reference timings for `npm run bench`: scikit-learn's IsolationForest, single-threaded.

Prints one JSON object. Same shapes as our benchmark: standard-normal rows, 100 trees, ψ = 256.
"""
import json
import sys

from reference_timing import best  # also pins BLAS/OpenMP to one thread


import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import IsolationForest  # noqa: E402

rows, cols, repeats = (int(a) for a in sys.argv[1:4]) if len(sys.argv) > 3 else (100_000, 16, 3)
rng = np.random.RandomState(0)
train = rng.standard_normal((rows, cols))
test = rng.standard_normal((rows, cols))



model = IsolationForest(n_estimators=100, random_state=42, n_jobs=1)
fit_s = best(lambda: model.fit(train), repeats)
fit_and_train_scores_s = best(lambda: (model.fit(train), model.score_samples(train)), repeats)
score_s = best(lambda: model.score_samples(test), repeats)
print(json.dumps({
    "sklearn": sklearn.__version__,
    "rows": rows,
    "cols": cols,
    "fit_s": fit_s,
    "fit_plus_score_train_s": fit_and_train_scores_s,
    "score_s": score_s,
}))
