#!/usr/bin/python3
"""scikit-learn side of bench/isolation_forest.ts.

Reads a CSV (header: split,label,f0,...; split 0 = train, 1 = test), fits
IsolationForest(n_estimators, max_samples) on the train rows with --seeds
consecutive random_state values, times score_samples on the test rows (best
of all runs) and prints one JSON line: points_per_s, auc (mean over seeds of
the ROC-AUC of -score_samples against label), aucs, fit_s.
The AUC is averaged because one forest's AUC varies by ±0.005 with its seed.
"""
import argparse
import json
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--sample-size", type=int, default=256)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seeds", type=int, default=3)
    args = ap.parse_args()
    table = np.loadtxt(args.csv, delimiter=",", skiprows=1)
    split, label, x = table[:, 0], table[:, 1], table[:, 2:]
    train, test, y = x[split == 0], x[split == 1], label[split == 1]
    best, aucs, fits = float("inf"), [], []
    for seed in range(args.seed, args.seed + args.seeds):
        t0 = time.perf_counter()
        model = IsolationForest(
            n_estimators=args.trees, max_samples=args.sample_size, random_state=seed
        ).fit(train)
        fits.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        scores = model.score_samples(test)
        best = min(best, time.perf_counter() - t0)
        aucs.append(float(roc_auc_score(y, -scores)))
    print(json.dumps({
        "points_per_s": len(test) / best,
        "auc": sum(aucs) / len(aucs),
        "aucs": aucs,
        "fit_s": min(fits),
        "rows": int(len(test)),
        "sklearn": __import__("sklearn").__version__,
    }))


if __name__ == "__main__":
    main()
