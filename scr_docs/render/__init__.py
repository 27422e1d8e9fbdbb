"""The writers: a document model into WordprocessingML (wordml.py) placed in a Word template
(word.py, in the Jinja sandbox of sandbox.py, after template_check.py and template_clean.py),
pictures (picture.py) and the action plan's workbook (xlsx.py)."""
