"""``python -m scr_docs``: the scr-docs command."""

from .cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
