"""Shared by the scikit-learn reference scripts: single-threaded maths and best-of-N timing."""
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def best(fn, repeats):
    """The least disturbed of `repeats` wall-clock runs of fn, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
