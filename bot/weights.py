"""The fitted weights (`bot/weights.json`, written by `python -m bench.fit`), read once."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class Logistic:
    """A fitted logistic model: weights by feature name, and a bias."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Log-odds for each row of a feature matrix whose columns are `features`."""
        return x @ np.asarray(self.weights) + self.bias

    def to_json(self) -> dict:
        """{"weights": {name: w}, "bias": b}."""
        return {"weights": dict(zip(self.features, self.weights, strict=True)), "bias": self.bias}

    @classmethod
    def from_json(cls, data: dict) -> Logistic:
        """Read one model from its JSON form."""
        names = tuple(data["weights"])
        return cls(names, tuple(float(data["weights"][n]) for n in names), float(data["bias"]))


@dataclass(frozen=True)
class Weights:
    """Every fitted number the answer path uses."""

    ranking: Logistic  # which of a question's sentences answers it best (a score, no bias)
    calibration: Logistic  # the probability that a sentence answers, from its score
    coverage: Logistic  # do the articles cover the question?
    coverage_threshold: float  # covered when the coverage probability reaches this
    quote_floor: float  # a sentence below this relevance probability is not quoted


@cache
def weights(path: Path = WEIGHTS) -> Weights:
    """The fitted weights, read once per process."""
    data = json.loads(path.read_text("utf-8"))
    return Weights(
        ranking=Logistic.from_json(data["ranking"]),
        calibration=Logistic.from_json(data["calibration"]),
        coverage=Logistic.from_json(data["coverage"]),
        coverage_threshold=float(data["coverage_threshold"]),
        quote_floor=float(data["quote_floor"]),
    )


def sigmoid(x: float) -> float:
    """The logistic function."""
    return 1.0 / (1.0 + math.exp(-x))
