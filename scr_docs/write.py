"""Writing outputs: all files made in a temporary folder, then moved into place together."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .errors import OutputError

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def planned_names(built, pdf: bool, pack: bool) -> list[str]:
    """Return the file names a build will write, in order."""
    names = list(built.files)
    if pdf:
        names += [Path(n).with_suffix(".pdf").name for n in _documents(built)]
    if pack:
        names.append(f"{built.facts.slug}-publication-pack.zip")
    return names


def _documents(built) -> list[str]:
    """Return the Word documents of a build (those --pdf converts; workbooks stay as they are)."""
    return [n for n in built.files if n.endswith(".docx")]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(built, contents: dict[str, bytes]) -> dict:
    """Return the pack's manifest: every file with its SHA-256 and size, and the build."""
    source = built.review.path.read_bytes()
    return {
        "tool": "scr-docs", "version": __version__,
        "review_file": built.review.path.name, "review_sha256": _sha256(source),
        "built": built.facts.stamp,
        "child": built.facts.child, "board": built.facts.board_name,
        "files": [{"name": name, "sha256": _sha256(data), "size": len(data)}
                  for name, data in contents.items()],
    }


def make_pack(built, contents: dict[str, bytes]) -> bytes:
    """Return the publication pack: the documents, their PDFs and manifest.json, zipped."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("manifest.json", ZIP_TIME)
        archive.writestr(info, json.dumps(manifest(built, contents), indent=2) + "\n",
                         zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_outputs(built, outdir: Path, pdf: bool = False, pack: bool = False,
                  force: bool = False, progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write the built documents (and PDFs, pack) into ``outdir``; return the paths written."""
    names = planned_names(built, pdf, pack)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir} is a file, not a folder; nothing was written")
    existing = [n for n in names if (outdir / n).exists()]
    if existing and not force:
        raise OutputError(f"{len(existing)} file{'s' if len(existing) != 1 else ''} in {outdir} "
                          f"would be overwritten: {', '.join(existing)}; use --force to replace "
                          "them. Nothing was written")
    staging = Path(tempfile.mkdtemp(prefix="scr-docs-"))
    try:
        contents: dict[str, bytes] = {}
        for name, data in built.files.items():
            (staging / name).write_bytes(data)
            contents[name] = data
        if pdf:
            from .pdf import convert_to_pdf

            pairs = [(staging / n, (staging / n).with_suffix(".pdf")) for n in _documents(built)]
            convert_to_pdf(pairs, progress=(lambda p: progress(p.name)) if progress else None)
            for _, target in pairs:
                contents[target.name] = target.read_bytes()
        if pack:
            name = names[-1]
            (staging / name).write_bytes(make_pack(built, contents))
        return _move_into_place(staging, outdir, names)
    except OSError as exc:
        raise OutputError(f"cannot write to {outdir}: {exc}; nothing was written") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_into_place(staging: Path, outdir: Path, names: list[str]) -> list[Path]:
    """Copy each file next to its target under a temporary name, then rename them all."""
    outdir.mkdir(parents=True, exist_ok=True)
    mode = _file_mode()
    temporary = []
    try:
        for name in names:
            handle, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=outdir)
            os.close(handle)
            temporary.append((Path(tmp), outdir / name))
            shutil.copyfile(staging / name, tmp)
            os.chmod(tmp, mode)  # mkstemp makes it 0600; a document gets the usual mode
    except BaseException:
        for tmp, _ in temporary:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in temporary:
        os.replace(tmp, target)
    return [target for _, target in temporary]


def _file_mode() -> int:
    """Return the mode a new file gets under the current umask (0644 under umask 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
