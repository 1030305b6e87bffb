#!/usr/bin/env python3
"""Independent computation of the class report's statistics with numpy and scipy.

Generates a cohort with a fixed seed (a Rasch model: 40 students, 12 single-choice
questions in two categories, question 5 miskeyed, two students who never saw a question,
one skipped answer), then computes every statistic the class report shows from the
textbook and Moodle definitions, and prints them as JSON. The Rust test
`tests/report_class_stats.rs` rebuilds the same cohort as results files from the picks
printed here and checks skillgap's numbers against these to 1e-9.

Run:  python3 scripts/class_stats.py > tests/fixtures/class_stats/expected.json
Needs numpy and scipy (`pip install numpy scipy`).
"""

import json

import numpy as np
from scipy import stats

STUDENTS = 40
QUESTIONS = 12
CHOICES = 3
MISKEYED = 4  # index of the question whose strong students pick a distractor


def generate():
    rng = np.random.default_rng(20261203)
    ability = rng.normal(0.0, 1.0, STUDENTS)
    difficulty = np.linspace(-1.5, 1.5, QUESTIONS)
    picks = []  # per student: per question, the choice index, "skip" or None (not seen)
    for s in range(STUDENTS):
        row = []
        for q in range(QUESTIONS):
            p_right = 1.0 / (1.0 + np.exp(-(ability[s] - difficulty[q])))
            if q == MISKEYED:
                p_right = 1.0 - p_right
            right = rng.random() < p_right
            wrong_choice = 1 + int(rng.integers(0, CHOICES - 1))
            row.append(0 if right else wrong_choice)
        picks.append(row)
    picks[STUDENTS - 1][QUESTIONS - 1] = None
    picks[STUDENTS - 2][QUESTIONS - 2] = None
    picks[0][3] = "skip"
    return picks


def corr(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) < 2 or np.var(x) == 0 or np.var(y) == 0:
        return None
    return float(stats.pearsonr(x, y)[0])


def main():
    picks = generate()
    score = np.full((STUDENTS, QUESTIONS), np.nan)
    for s, row in enumerate(picks):
        for q, pick in enumerate(row):
            if pick is not None:
                score[s, q] = 1.0 if pick == 0 else 0.0
    seen = ~np.isnan(score)

    items = []
    for q in range(QUESTIONS):
        who = np.where(seen[:, q])[0]
        x = score[who, q]
        others = [np.delete(score[s], q) for s in who]
        others = [o[~np.isnan(o)] for o in others]
        rest_sum = np.array([o.sum() for o in others])
        # Corrected point-biserial: over students with another answered question, with the
        # mean of their other scores; needs 3 such students.
        with_rest = [i for i, o in enumerate(others) if len(o) > 0]
        pb = None
        if len(with_rest) >= 3:
            pb = corr(x[with_rest], [others[i].mean() for i in with_rest])
        # Moodle: discrimination index = 100 r(mark, other marks' sum); efficiency =
        # 100 cov / cov of the sorted marks with the sorted other marks.
        di = corr(x, rest_sum)
        cov = np.cov(x, rest_sum, ddof=1)[0, 1]
        cov_max = np.cov(np.sort(x), np.sort(rest_sum), ddof=1)[0, 1]
        items.append({
            "id": f"q{q + 1:02}",
            "students": int(len(who)),
            "omitted": int(sum(1 for s in who if picks[s][q] == "skip")),
            "facility": float(x.mean()),
            "discrimination": pb,
            "discrimination_index": None if di is None else 100.0 * di,
            "discriminative_efficiency": None if cov_max == 0 else float(100.0 * cov / cov_max),
        })

    categories = []
    for name, cols in (("a", range(0, 6)), ("b", range(6, 12))):
        per_student = []
        for s in range(STUDENTS):
            values = [score[s, q] for q in cols if seen[s, q]]
            if values:
                per_student.append(np.mean(values))
        per_student = np.array(per_student)
        categories.append({
            "id": name,
            "students": int(len(per_student)),
            "mean": float(per_student.mean()),
            "sd": float(np.std(per_student, ddof=0)),
            "min": float(per_student.min()),
            "max": float(per_student.max()),
        })

    complete = score[seen.all(axis=1)]
    totals = complete.sum(axis=1)
    p = QUESTIONS
    item_var = complete.var(axis=0, ddof=1).sum()
    total_var = totals.var(ddof=1)
    alpha = p / (p - 1) * (1 - item_var / total_var)
    # KR-20 written with p·q (population variances on both sides): the same number.
    facility = complete.mean(axis=0)
    kr20 = p / (p - 1) * (1 - (facility * (1 - facility)).sum() / totals.var(ddof=0))
    assert abs(kr20 - alpha) < 1e-12
    sd = float(np.std(totals, ddof=1))
    bins = np.minimum(np.floor(totals / p * 10).astype(int), 9)
    test = {
        "students": int(len(totals)),
        "incomplete": int(STUDENTS - len(totals)),
        "questions": p,
        "mean": float(totals.mean()),
        "median": float(np.median(totals)),
        "sd": sd,
        "skewness": float(stats.skew(totals, bias=False)),
        "kurtosis": float(stats.kurtosis(totals, fisher=True, bias=False)),
        "alpha": float(alpha),
        "error_ratio": float(np.sqrt(1 - alpha)),
        "sem": float(sd * np.sqrt(1 - alpha)),
        "distribution": [int((bins == b).sum()) for b in range(10)],
    }
    out = {
        "generator": "scripts/class_stats.py (numpy + scipy)",
        "picks": [[("skip" if v == "skip" else v) for v in row] for row in picks],
        "items": items,
        "categories": categories,
        "test": test,
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
