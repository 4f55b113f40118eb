"""Trained artefacts that ship with the app.

`checkworthiness.npz`: the check-worthiness model read by `factcheck.checkworthiness` (vocabulary,
idf, the check-worthy verdict's margins over the other verdicts with their intercepts, and a JSON
`meta` with its version, alpha and threshold). Rebuild it with
`.venv/bin/python bench/train_checkworthiness.py` (CheckThat! 2024 Task 1 English train, tuned on
dev); evaluate it with `.venv/bin/python bench/eval_checkworthiness.py` (dev and dev-test).
"""
