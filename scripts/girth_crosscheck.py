"""Cross-check of `skillgap pack calibrate`'s Rasch fit against an independent implementation.

Generates a seeded cohort (40 questions with known difficulties, 500 students with known
abilities, right/wrong answers drawn from the Rasch model), fits it with the `girth` package
(marginal maximum likelihood, `rasch_mml`, and joint, `rasch_jml`) and writes:

- tests/fixtures/calibration/cohort.txt: one line per student, one 0/1 digit per question
  (the answers);
- tests/fixtures/calibration/girth.csv: item,true_difficulty,girth_mml,girth_jml.

The Rust test `tests/model_calibration.rs` fits the same answers with `learning::fit` and
compares. Run from the repository root: `python3 scripts/girth_crosscheck.py`; its output is
kept in scripts/girth_crosscheck.expected.
"""

import csv
import os

import numpy as np
from girth import rasch_jml, rasch_mml

ITEMS, PERSONS, SEED = 40, 500, 2026
OUT = os.path.join("tests", "fixtures", "calibration")

rng = np.random.default_rng(SEED)
difficulty = rng.uniform(-2.0, 2.0, ITEMS)
ability = rng.normal(0.0, 1.0, PERSONS)
p = 1.0 / (1.0 + np.exp(-(ability[None, :] - difficulty[:, None])))
answers = (rng.uniform(size=p.shape) < p).astype(int)  # [items, persons], as girth wants

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "cohort.txt"), "w") as f:
    for j in range(PERSONS):
        f.write("".join(str(answers[i, j]) for i in range(ITEMS)) + "\n")

mml = np.asarray(rasch_mml(answers, discrimination=1.0)["Difficulty"])
jml = np.asarray(rasch_jml(answers, discrimination=1.0)["Difficulty"])
with open(os.path.join(OUT, "girth.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["item", "true_difficulty", "girth_mml", "girth_jml"])
    for i in range(ITEMS):
        w.writerow([i, f"{difficulty[i]:.6f}", f"{mml[i]:.6f}", f"{jml[i]:.6f}"])

print(f"items {ITEMS}, persons {PERSONS}, seed {SEED}")
print(f"girth mml vs truth: r = {np.corrcoef(mml, difficulty)[0, 1]:.4f}")
print(f"girth jml vs truth: r = {np.corrcoef(jml, difficulty)[0, 1]:.4f}")
print(f"girth mml vs jml:   r = {np.corrcoef(mml, jml)[0, 1]:.4f}")
