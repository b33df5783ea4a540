"""Fit the answer path's weights on labelled questions and write `bot/weights.json`.

Run: `python -m bench.fit` (needs scikit-learn: `pip install -e '.[fit]'`).

Data: every labelled set of `bench.sets` (the dev set, own questions, each news event) and
SQuAD 2.0 (each article a corpus, each paragraph an article; its unanswerable questions teach
abstention), all through the real index and search. Questions in the held-out split are
never fitted on; the script prints the figures on both splits.

Fitted:
1. the sentence ranking (`bot.relevance`), listwise: the weights that give the sentences
   holding the labelled evidence the largest share of a softmax over the question's
   candidates. Each question weighs the same, and the news questions together weigh as much
   as SQuAD's. Then its calibration: a logistic model of "holds the evidence" over the score
   and its gap to the best score;
2. the coverage model (`bot.coverage`): does the question have an answer in the articles?
   Its threshold is the one that maximises balanced accuracy on the news questions fitted on;
3. the quote floor: the lowest relevance probability a quoted sentence may have, set as
   high as it goes while it costs at most HIT_LOSS of the answerable questions their evidence
   (the hit rate with no floor; news and SQuAD weigh the same, as in the ranking fit).
"""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import dataclass

import numpy as np

from bench.devset import DevQuestion, fold
from bench.quality import open_engines
from bench.sets import LabelledSet, discover, held_out_question, squad_sets
from bot.analysis import analyse
from bot.answer import AnswerSettings
from bot.coverage import COVERAGE_FEATURES, coverage_features
from bot.engine import Engine
from bot.relevance import (
    CALIBRATION_FEATURES,
    RANK_FEATURES,
    best_first,
    calibration_features,
    candidates_of,
    pool_of,
    probabilities,
    sentence_features,
    term_shares,
)
from bot.settings import Settings
from bot.weights import WEIGHTS, Logistic
from index.embed import SentenceTransformerEmbedder
from index.search import SearchMode

log = logging.getLogger(__name__)

COVERAGE_NEWS_SHARE = 0.7  # the news questions' share of the coverage fit
RANKING_NEWS_SHARE = 0.5  # the news questions' share of the ranking fit
RANKING_L2 = 0.01  # ridge penalty of the listwise fit
# The quote floor may cost at most this share of the hits (one answer in fifty): a policy of
# fewer quotes, applied on thousands of questions rather than on the few news ones alone.
HIT_LOSS = 0.02


@dataclass
class Example:
    """One question's candidate sentences, features and labels."""

    set_name: str
    question: DevQuestion
    held_out: bool
    news: bool
    x: np.ndarray
    y: np.ndarray
    terms: np.ndarray
    candidates: list
    engine: Engine
    analysed: object


def _labels(q: DevQuestion, sentences) -> np.ndarray:
    spans = [s for side in q.sides for s in side] if q.kind == "dispute" else list(q.evidence)
    spans = [(doc, fold(t)) for doc, t in spans]
    out = []
    for s in sentences:
        text = fold(s.text)
        out.append(any(s.doc_id[:3] == doc and (t in text or text in t) for doc, t in spans))
    return np.array(out, dtype=float)


def collect(sets: list[LabelledSet], engines: dict[str, Engine]) -> list[Example]:
    """Features and labels of every question's candidates, through the real search."""
    out = []
    for s in sets:
        engine = engines[s.name]
        index = engine.index
        for q in s.questions:
            vector = index.encode_question(q.question)
            analysed = analyse(q.question, vector)
            hits = index.search(q.question, vector, k=engine.answer_settings.passages,
                                mode=SearchMode.FUSED)
            sentences = pool_of(index, hits)
            if sentences:
                x = sentence_features(index, analysed, sentences)
            else:
                x = np.zeros((0, len(RANK_FEATURES)))
            out.append(Example(s.name, q, held_out_question(s.name, q.id),
                               not s.name.startswith("squad:"), x, _labels(q, sentences),
                               term_shares(index, analysed, sentences), sentences, engine,
                               analysed))
        log.info("collected %s: %d questions", s.name, len(s.questions))
    return out


def _question_weights(examples: list[Example], news_share: float) -> np.ndarray:
    """Each question weighs the same; the news questions together weigh `news_share`."""
    n_news = sum(e.news for e in examples) or 1
    n_squad = sum(not e.news for e in examples) or 1
    return np.array([news_share / n_news if e.news else (1 - news_share) / n_squad
                     for e in examples])


def _weights_per_row(examples: list[Example]) -> np.ndarray:
    """Each question weighs the same, shared by its rows; news and SQuAD weigh the same."""
    per_question = _question_weights(examples, 0.5)
    return np.concatenate([np.full(len(e.y), a / max(len(e.y), 1))
                           for e, a in zip(examples, per_question, strict=True)])


def fit_logistic(x: np.ndarray, y: np.ndarray, w: np.ndarray, names: tuple[str, ...]) -> Logistic:
    """A weighted, lightly regularised logistic regression (scikit-learn)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(x, y, sample_weight=w * len(w))
    return Logistic(names, tuple(round(float(v), 4) for v in model.coef_[0]),
                    round(float(model.intercept_[0]), 4))


def listwise_loss(w: np.ndarray, groups: list[tuple[np.ndarray, np.ndarray]],
                  weight: np.ndarray, l2: float) -> tuple[float, np.ndarray]:
    """Weighted softmax cross-entropy of each question's evidence sentences, and its gradient."""
    loss, grad = l2 * float(w @ w), 2 * l2 * w
    for (x, y), a in zip(groups, weight, strict=True):
        s = x @ w
        p = np.exp(s - s.max())
        p /= p.sum()
        hit = y > 0
        p_hit = float(p[hit].sum())
        loss -= a * np.log(p_hit + 1e-12)
        grad = grad - a * ((p[hit] @ x[hit]) / p_hit - p @ x)
    return loss, grad


def fit_ranking(examples: list[Example]) -> Logistic:
    """The listwise ranking, on answerable questions whose pool holds evidence."""
    from scipy.optimize import minimize

    train = [e for e in examples if not e.held_out and e.question.kind != "none" and e.y.any()]
    groups = [(e.x, e.y) for e in train]
    weight = _question_weights(train, RANKING_NEWS_SHARE)
    found = minimize(listwise_loss, np.zeros(len(RANK_FEATURES)), jac=True, method="L-BFGS-B",
                     args=(groups, weight, RANKING_L2))
    return Logistic(RANK_FEATURES, tuple(round(float(v), 4) for v in found.x), 0.0)


def fit_calibration(examples: list[Example], ranking: Logistic) -> Logistic:
    """The probability of holding the evidence, from the ranking score and its gap."""
    train = [e for e in examples if not e.held_out and e.question.kind != "none" and e.y.any()]
    x = np.concatenate([calibration_features(ranking.logits(e.x)) for e in train])
    y = np.concatenate([e.y for e in train])
    return fit_logistic(x, y, _weights_per_row(train), CALIBRATION_FEATURES)


def rank(examples: list[Example], ranking: Logistic, calibration: Logistic) -> None:
    """Score each example's candidates with the fitted models, best first."""
    for e in examples:
        if not len(e.y):
            e.candidates = []
            continue
        scores = ranking.logits(e.x)
        cands = candidates_of(e.candidates, e.x, e.terms, scores,
                              probabilities(scores, calibration))
        order = sorted(range(len(cands)), key=lambda i: best_first(cands[i]))
        e.candidates = [cands[i] for i in order]
        e.y, e.x, e.terms = e.y[order], e.x[order], e.terms[order]


def lead_rate(examples: list[Example], column: int | None = None) -> float:
    """Share of answerable questions whose best candidate holds evidence."""
    pool = [e for e in examples if e.question.kind == "answer" and len(e.y)]
    if column is None:
        return sum(e.y[0] for e in pool) / max(len(pool), 1)
    return sum(e.y[int(np.argmax(e.x[:, column]))] for e in pool) / max(len(pool), 1)


def _share(flags: np.ndarray) -> float | None:
    return float(flags.mean()) if len(flags) else None


def fit_coverage(examples: list[Example]) -> tuple[Logistic, float, dict]:
    """The coverage model and the threshold with the best balanced accuracy on news."""
    rows, labels = [], []
    for e in examples:
        rows.append(coverage_features(e.engine.index, e.analysed, e.candidates)[0])
        labels.append(float(e.question.kind != "none"))
    x, y = np.array(rows), np.array(labels)
    train = np.array([not e.held_out for e in examples])
    news = np.array([e.news for e in examples])
    # SQuAD's unanswerable questions are written to look answerable (same terms, a swapped
    # detail): they steady the fit, the news questions lead it.
    w = np.where(news, COVERAGE_NEWS_SHARE / max(news[train].sum(), 1),
                 (1 - COVERAGE_NEWS_SHARE) / max((~news[train]).sum(), 1))
    model = fit_logistic(x[train], y[train], w[train] / w[train].sum(), COVERAGE_FEATURES)
    prob = 1 / (1 + np.exp(-model.logits(x)))
    scores = {}
    for t in np.arange(0.05, 0.95, 0.01):
        sel = train & news
        tpr = ((prob >= t) & (y == 1) & sel).sum() / max(((y == 1) & sel).sum(), 1)
        tnr = ((prob < t) & (y == 0) & sel).sum() / max(((y == 0) & sel).sum(), 1)
        scores[round(float(t), 2)] = (tpr + tnr) / 2
    # The middle of the best range: the widest margin on both sides of the fitted examples.
    best = max(scores.values())
    tied = sorted(t for t, v in scores.items() if v == best)
    threshold = tied[len(tied) // 2]
    report = {}
    for name, sel in (("news tune", train & news), ("news held-out", ~train & news),
                      ("squad tune", train & ~news), ("squad held-out", ~train & ~news)):
        ans, none = sel & (y == 1), sel & (y == 0)
        report[name] = {
            "answered_when_answerable": _share(prob[ans] >= threshold),
            "abstained_when_not": _share(prob[none] < threshold),
            "n": int(sel.sum()),
        }
    return model, threshold, report


def _hit_rate(rows: list[Example], floor: float, max_quotes: int) -> float:
    """The share of questions whose quoted sentences (best first, above the floor) hold
    evidence."""
    hits = 0
    for e in rows:
        kept = [i for i, c in enumerate(e.candidates) if i == 0 or c.probability >= floor]
        hits += bool(e.y[kept[:max_quotes]].any())
    return hits / max(len(rows), 1)


def quote_floor(examples: list[Example], max_quotes: int) -> float:
    """The highest relevance floor that costs at most HIT_LOSS of the hits of the answerable
    questions fitted on, news and SQuAD weighing the same."""
    answerable = [e for e in examples if not e.held_out and e.question.kind == "answer"
                  and e.candidates]
    groups = [g for g in ([e for e in answerable if e.news], [e for e in answerable if not e.news])
              if g]

    def rate(t: float) -> float:
        return float(np.mean([_hit_rate(g, t, max_quotes) for g in groups]))

    ceiling = rate(0.0)
    floor = 0.0
    for t in np.arange(0.01, 0.9, 0.01):
        if rate(float(t)) >= ceiling * (1 - HIT_LOSS):
            floor = round(float(t), 2)
    return floor


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-squad", action="store_true", help="fit on the news sets only")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write weights")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for noisy in ("httpx", "chromadb", "sentence_transformers", "index", "bot"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    sets = discover() + ([] if args.no_squad else squad_sets())
    embedder = SentenceTransformerEmbedder(Settings.from_env(dotenv=False).embedding_model)
    engines = open_engines(sets, embedder)
    examples = collect(sets, engines)
    ranking = fit_ranking(examples)
    calibration = fit_calibration(examples, ranking)
    rank(examples, ranking, calibration)
    print("ranking:", json.dumps(ranking.to_json()))
    print("calibration:", json.dumps(calibration.to_json()))
    for name, sel in (("news tune", lambda e: e.news and not e.held_out),
                      ("news held-out", lambda e: e.news and e.held_out),
                      ("squad tune", lambda e: not e.news and not e.held_out),
                      ("squad held-out", lambda e: not e.news and e.held_out)):
        group = [e for e in examples if sel(e)]
        print(f"  best sentence holds evidence, {name}: model {lead_rate(group):.2f}, "
              f"similarity alone {lead_rate(group, 0):.2f} ({len(group)} questions)")
    coverage, threshold, report = fit_coverage(examples)
    floor = quote_floor(examples, AnswerSettings().max_quotes)
    print("coverage model:", json.dumps(coverage.to_json()), "threshold", threshold)
    for name, r in report.items():
        print(f"  {name}: {r}")
    print("quote floor:", floor)
    data = {
        "about": "Fitted by `python -m bench.fit`; see bot/relevance.py and bot/coverage.py.",
        "ranking": ranking.to_json(),
        "calibration": calibration.to_json(),
        "coverage": coverage.to_json(),
        "coverage_threshold": threshold,
        "quote_floor": floor,
        "fitted_on": {
            "news_questions": sum(e.news and not e.held_out for e in examples),
            "squad_questions": sum(not e.news and not e.held_out for e in examples),
        },
    }
    if not args.dry_run:
        WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        print("wrote", WEIGHTS)


if __name__ == "__main__":
    main()
