"""Stopping cleanly on SIGTERM, SIGHUP and SIGINT: temporary files removed, no half-written set.

While :func:`cleanup_on_signals` is active, those signals raise :class:`Interrupted` in the main
thread, so every ``finally`` on the way out runs (temporary folders removed, LibreOffice
stopped). Inside :func:`critical` (the few renames that put a build's files in place) a signal
is held until the renames are done or undone, so a set is never left half replaced.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

from scr_docs.errors import ScrDocsError

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT")
                if hasattr(signal, name))


class Interrupted(ScrDocsError):
    """Raised when a signal stops a build; exit status 128 + the signal's number."""

    def __init__(self, signum: int, message: str):
        super().__init__(message)
        self.signum = signum
        self.exit_code = 128 + signum


_held: list[int] = []
_depth = {"critical": 0, "active": 0}


def _name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def _handler(signum, frame) -> None:
    if _depth["critical"]:
        _held.append(signum)
        return
    raise Interrupted(signum, f"stopped by {_name(signum)}; temporary files were removed and "
                              "nothing was written")


@contextlib.contextmanager
def cleanup_on_signals() -> Iterator[None]:
    """Turn SIGTERM, SIGHUP and SIGINT into Interrupted while the block runs (main thread only).

    A signal held during :func:`critical` is raised when the block ends, saying that the files
    were written.
    """
    if threading.current_thread() is not threading.main_thread() or _depth["active"]:
        yield
        return
    previous = {sig: signal.signal(sig, _handler) for sig in SIGNALS}
    _depth["active"] += 1
    try:
        yield
    finally:
        _depth["active"] -= 1
        for sig, old in previous.items():
            signal.signal(sig, old)
        held, _held[:] = list(_held), []
    if held:
        raise Interrupted(held[0], f"stopped by {_name(held[0])} after the files were written; "
                                   "they are complete")


@contextlib.contextmanager
def critical() -> Iterator[None]:
    """Hold the signals of :func:`cleanup_on_signals` until the block is done."""
    _depth["critical"] += 1
    try:
        yield
    finally:
        _depth["critical"] -= 1
