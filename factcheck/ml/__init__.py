"""Trained artefacts that ship with the app.

`checkworthiness.npz`: the check-worthiness model read by `factcheck.checkworthiness` (vocabulary,
idf, coefficients, and a JSON `meta` with its version, alpha and threshold). Rebuild it with
`.venv/bin/python bench/train_checkworthiness.py`; evaluate it with
`.venv/bin/python bench/eval_checkworthiness.py`.
"""
