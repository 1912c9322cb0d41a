"""Claim extraction: who said what, on which side, with which casualty figures.

Importing this package is cheap; spaCy and the model load lazily in :mod:`sources.nlp.model`.
The public entry points are :func:`sources.nlp.extract.extract_text` and
:func:`sources.nlp.extract.extract_many`.
"""

# Bump whenever the output for the same input can change (rules, lexicons, model, text prep), so
# articles processed by an older pipeline can be found and re-run.
PIPELINE_VERSION = "extract-1.1.0"
