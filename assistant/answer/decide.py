"""Answer or refuse: one calibrated decision instead of a stack of word gates.

A small logistic model over what the best sentence shows (dense similarity, normalised
coverage of the question's words, whether a value of the asked kind is there, how many of
the question's words the corpus does not know at all, names the evidence never mentions)
gives the probability that the extractive answer is right. It is fitted on the dev splits
of the answer eval (``skjonn eval answers --fit``) and stored beside this module; refusing
below the threshold keeps plausible questions the sources do not answer from being
answered with unrelated text.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MODEL_FILE = Path(__file__).with_name("decide.json")
FEATURES = (
    "dense_n",
    "cov_focus",
    "cov_chunk",
    "value_ok",
    "unknown_frac",
    "names_missing",
    "score",
    "is_row",
    "gap_near",
    "year_missing",
    "why_no_reason",
)

# Used until a model is fitted: a hand-set starting point with the same features.
_DEFAULT: dict[str, Any] = {
    "features": list(FEATURES),
    "mean": [0.5, 0.5, 0.6, 0.9, 0.1, 0.1, 0.6, 0.05, 0.1, 0.1, 0.02],
    "std": [0.3, 0.3, 0.3, 0.3, 0.2, 0.3, 0.2, 0.2, 0.3, 0.3, 0.1],
    "weights": [0.8, 1.2, 0.5, 0.8, -1.0, -0.8, 0.8, 0.0, -0.2, -0.8, -1.0],
    "bias": 0.5,
    "threshold": 0.5,
    "fitted_on": "default",
}


@dataclass
class Decision:
    p: float
    answer: bool
    features: dict[str, float]


class DecisionModel:
    def __init__(self, spec: dict | None = None) -> None:
        spec = spec or _DEFAULT
        self.features = list(spec["features"])
        self.mean = np.asarray(spec["mean"], dtype=float)
        self.std = np.asarray(spec["std"], dtype=float)
        self.weights = np.asarray(spec["weights"], dtype=float)
        self.bias = float(spec["bias"])
        self.threshold = float(spec["threshold"])
        self.fitted_on = str(spec.get("fitted_on", ""))

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> DecisionModel:
        if path.exists():
            return cls(json.loads(path.read_text(encoding="utf-8")))
        return cls()

    def vector(self, feats: dict[str, float]) -> np.ndarray:
        x = np.asarray([float(feats.get(f, 0.0)) for f in self.features], dtype=float)
        return (x - self.mean) / np.where(self.std > 0, self.std, 1.0)

    def probability(self, feats: dict[str, float]) -> float:
        z = float(self.vector(feats) @ self.weights + self.bias)
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def decide(self, feats: dict[str, float], threshold: float | None = None) -> Decision:
        p = self.probability(feats)
        t = self.threshold if threshold is None else threshold
        return Decision(p, p >= t, feats)


def fit(
    rows: list[dict[str, float]],
    right: list[bool],
    answerable: list[bool],
    l2: float = 1.0,
    iters: int = 500,
) -> dict:
    """Logistic regression (Newton's method, L2) on standardised features.

    ``right``: the extractive answer to the row's question is correct; ``answerable``: the
    sources answer it. The model learns "right" against "unanswerable" (answerable questions
    answered wrongly are noise for this decision and left out of the fit); the threshold is
    the one that maximises strict accuracy over all rows: answering is right only when the
    answer is, refusing only when the question is unanswerable.
    """
    keep = [i for i in range(len(rows)) if right[i] or not answerable[i]]
    x_all = np.asarray([[float(r.get(f, 0.0)) for f in FEATURES] for r in rows], dtype=float)
    x = x_all[keep]
    y = np.asarray([1.0 if right[i] else 0.0 for i in keep])
    mean, std = x.mean(axis=0), x.std(axis=0)
    std = np.where(std > 1e-9, std, 1.0)
    z = (x - mean) / std
    z1 = np.hstack([z, np.ones((len(z), 1))])
    w = np.zeros(z1.shape[1])
    reg = l2 * np.eye(z1.shape[1])
    reg[-1, -1] = 0.0  # no penalty on the bias
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(z1 @ w)))
        grad = z1.T @ (p - y) + reg @ w
        hess = (z1.T * (p * (1 - p))) @ z1 + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    z_all = np.hstack([(x_all - mean) / std, np.ones((len(x_all), 1))])
    p_all = 1 / (1 + np.exp(-(z_all @ w)))
    ok_answer = np.asarray(right, dtype=bool)
    ok_refuse = ~np.asarray(answerable, dtype=bool)
    best_t, best_acc = 0.5, -1.0
    for t in np.linspace(0.05, 0.95, 91):
        ans = p_all >= t
        acc = float(np.where(ans, ok_answer, ok_refuse).mean())
        if acc > best_acc + 1e-9:
            best_t, best_acc = float(t), acc
    return {
        "features": list(FEATURES),
        "mean": mean.round(6).tolist(),
        "std": std.round(6).tolist(),
        "weights": w[:-1].round(6).tolist(),
        "bias": round(float(w[-1]), 6),
        "threshold": round(best_t, 3),
        "train_accuracy": round(best_acc, 4),
        "n": len(rows),
    }
