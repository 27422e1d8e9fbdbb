"""Word's package format, read and written in one place: namespaces and the hardened parser
(names.py, package.py), bounded reading of a .docx (reader.py) and what in a package reaches
outside or names people (hazards.py)."""
