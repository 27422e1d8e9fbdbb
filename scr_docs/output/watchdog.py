"""A small guard process that stops LibreOffice and removes temporary folders if scr-docs dies.

A build killed with SIGKILL runs no clean-up code, and LibreOffice's launcher starts
``soffice.bin`` as a grandchild that outlives it. The guard is a separate Python process that
waits on a pipe from scr-docs: when scr-docs ends without saying "done" (it was killed), the
pipe closes, and the guard ends LibreOffice's process group and removes the folders.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_GUARD = r"""
import os, shutil, signal, sys, time
for name in ("SIGINT", "SIGHUP"):
    if hasattr(signal, name):
        signal.signal(getattr(signal, name), signal.SIG_IGN)
said = sys.stdin.buffer.read()
if said.startswith(b"done"):
    sys.exit(0)
group = int(sys.argv[1])
if group > 0:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(group, sig)
        except (ProcessLookupError, PermissionError):
            break
        time.sleep(2)
for folder in sys.argv[2:]:
    shutil.rmtree(folder, ignore_errors=True)
"""


class Guard:
    """The guard of one LibreOffice run: ``group`` is its process group (0: none)."""

    def __init__(self, group: int, folders: list[Path]):
        self.process = None
        if os.name != "posix":
            return
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-c", _GUARD, str(group), *map(str, folders)],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                close_fds=True)
        except OSError:  # without a guard a killed build may leave LibreOffice running
            self.process = None

    def done(self) -> None:
        """Tell the guard that scr-docs cleaned up itself, and let it end."""
        if self.process is None:
            return
        try:
            self.process.stdin.write(b"done")
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
