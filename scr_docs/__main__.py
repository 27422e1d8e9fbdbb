"""``python -m scr_docs``: the scr-docs command."""

from scr_docs.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
