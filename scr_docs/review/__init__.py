"""The review stage: read a review file (load.py), check it against the format (schema.py,
validate.py, rules.py) and document the format (reference.py, scaffold/)."""
