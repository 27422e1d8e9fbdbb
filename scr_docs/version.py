"""The version of scr-docs (read by the package build too: pyproject.toml)."""

__version__ = "0.1.0"
