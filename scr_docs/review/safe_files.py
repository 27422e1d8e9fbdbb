"""Reading files a review names (includes, the logo) only from inside the review's folder.

A review folder travels between people, so a path in it is treated as untrusted: it must be
relative, stay inside the folder once every ``..`` and symbolic link is followed, name an
ordinary file (not a folder, pipe, device or socket), and be no larger than a limit. Each
refusal is an :class:`Unsafe` carrying a reason in plain words for the author.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

_ESCAPES = {"\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r",
            "\x1b": "e", "\0": "0"}
"""Control characters a double-quoted YAML string makes of ``\\a``, ``\\t``…: in a path they
are almost always a Windows folder separator followed by a letter."""


class Unsafe(Exception):
    """Raised when a named file cannot be used; ``str(exc)`` is the reason, in plain words."""


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def windows_path_hint(name: str) -> str | None:
    """Return a suggestion when ``name`` looks like a Windows path, else None."""
    if "\\" in name:
        return f"write it with forward slashes: '{name.replace(chr(92), '/')}'"
    if any(c in _ESCAPES for c in name):
        fixed = "".join("/" + _ESCAPES[c] if c in _ESCAPES else c for c in name)
        return ("a backslash inside double quotes starts an escape (\\a, \\t, \\n…), so the "
                f"path was changed; write it with forward slashes: '{fixed}'")
    return None


def resolve_inside(base: Path, name: str) -> Path:
    """Return the real path of ``name`` (relative to the folder ``base``), checked to be inside.

    Raises Unsafe when the name is absolute, leads out of ``base`` (through ``..`` or a
    symbolic link), does not exist, or is caught in a loop of symbolic links.
    """
    hint = windows_path_hint(name)
    if hint:
        raise Unsafe(f"'{_printable(name)}' looks like a Windows path; {hint}")
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).drive:
        raise Unsafe(f"'{name}' is an absolute path; give a path relative to the review "
                     "file's folder (files outside it are never read)")
    root = Path(base).resolve()
    try:
        _inside(root, (root / name).resolve(), name)  # first: a path out says so, found or not
        target = (root / name).resolve(strict=True)
    except FileNotFoundError:
        raise Unsafe(f"'{name}' does not exist (looked for {root / name})") from None
    except RuntimeError:  # Python before 3.13 reports a symbolic link loop this way
        raise Unsafe(f"'{name}' is a symbolic link that leads round in a loop") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unsafe(f"'{name}' is a symbolic link that leads round in a loop") from None
        raise Unsafe(f"'{name}' cannot be read: {exc.strerror or exc}") from None
    _inside(root, target, name)
    return target


def _inside(root: Path, target: Path, name: str) -> None:
    if target != root and root not in target.parents:
        raise Unsafe(f"'{name}' leads outside the review file's folder (to {target}); only "
                     f"files inside {root} are read")


def read_capped(path: Path, limit: int, name: str = "") -> bytes:
    """Return the bytes of the ordinary file ``path``, refusing more than ``limit`` bytes.

    Opens without following a final symbolic link and without blocking (a named pipe does not
    hang), checks the file is ordinary, then reads at most ``limit + 1`` bytes, so a device
    such as /dev/zero or a growing file cannot exhaust memory. Raises Unsafe.
    """
    name = name or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise Unsafe(f"'{name}' is a folder, not a file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unsafe(f"'{name}' is a symbolic link; name the file itself") from None
        raise Unsafe(f"'{name}' cannot be read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unsafe(f"'{name}' is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise Unsafe(f"'{name}' is not an ordinary file (it is a {_kind(info.st_mode)}); "
                         "name a file saved in the review's folder")
        if info.st_size > limit:
            raise Unsafe(f"'{name}' is {_megabytes(info.st_size)}, more than the limit of "
                         f"{_megabytes(limit)}")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise Unsafe(f"'{name}' cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if total > limit:
        raise Unsafe(f"'{name}' is more than the limit of {_megabytes(limit)}")
    return b"".join(chunks)


def read_inside(base: Path, name: str, limit: int) -> tuple[Path, bytes]:
    """Return the real path and bytes of ``name`` inside ``base`` (see resolve_inside)."""
    target = resolve_inside(base, name)
    return target, read_capped(target, limit, name)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _printable(name: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", name)
