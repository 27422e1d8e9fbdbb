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

from scr_docs.version import __version__
from scr_docs.errors import OutputError

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
    """Return the publication pack: the documents, their PDFs, the anonymity audit
    (``<slug>-anonymity-audit.md``, when the checks ran) and manifest.json, zipped."""
    import io

    audit = getattr(built, "audit", None)
    if audit is not None:
        from scr_docs.check.audit import audit_name, render_audit

        others = [n for n in contents if n not in built.files]
        contents = {**contents, audit_name(built.facts.slug):
                    render_audit(audit, built.facts.slug, others).encode("utf-8")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("manifest.json", ZIP_TIME)
        archive.writestr(info, json.dumps(manifest(built, contents), indent=2) + "\n",
                         zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _present(path: Path) -> bool:
    """Tell whether something is at ``path``: a file, folder, or a symbolic link, even dangling."""
    return path.exists() or path.is_symlink()


def write_outputs(built, outdir: Path, pdf: bool = False, pack: bool = False,
                  force: bool = False, progress: Callable[[str], None] | None = None,
                  check_pdfs: Callable[[list[Path]], None] | None = None) -> list[Path]:
    """Write the built documents (and PDFs, pack) into ``outdir``; return the paths written.

    ``check_pdfs(paths)`` is called with the PDFs made (``pdf``), before anything is moved
    into ``outdir``; an exception it raises stops the build with nothing written.

    All or nothing: files are made in a temporary folder and renamed into place together; on
    a failure (or SIGTERM, SIGHUP, SIGINT) the files that were there are restored and
    temporary files removed. A symbolic link named like an output counts as existing (refused
    without ``force``) and is replaced, never written through. Raises OutputError.
    """
    from scr_docs.output.interrupt import cleanup_on_signals

    names = planned_names(built, pdf, pack)
    if outdir.is_symlink() and not outdir.exists():
        raise OutputError(f"{outdir} is a symbolic link to a folder that does not exist; "
                          "nothing was written")
    if _present(outdir) and not outdir.is_dir():
        raise OutputError(f"{outdir} is a file, not a folder; nothing was written")
    existing = [n for n in names if _present(outdir / n)]
    folders = [n for n in existing if (outdir / n).is_dir() and not (outdir / n).is_symlink()]
    if folders:
        raise OutputError(f"{outdir} has a folder named like an output ({', '.join(folders)}); "
                          "move or rename it. Nothing was written")
    if existing and not force:
        raise OutputError(f"{len(existing)} file{'s' if len(existing) != 1 else ''} in {outdir} "
                          f"would be overwritten: {', '.join(existing)}; use --force to replace "
                          "them. Nothing was written")
    with cleanup_on_signals():
        staging = Path(tempfile.mkdtemp(prefix="scr-docs-"))
        try:
            contents: dict[str, bytes] = {}
            for name, data in built.files.items():
                (staging / name).write_bytes(data)
                contents[name] = data
            if pdf:
                from scr_docs.output.pdf import convert_to_pdf

                pairs = [(staging / n, (staging / n).with_suffix(".pdf"))
                         for n in _documents(built)]
                laid_out = convert_to_pdf(
                    pairs, progress=(lambda p: progress(p.name)) if progress else None,
                    remove_if_killed=[staging])
                for source, target in pairs:
                    contents[target.name] = target.read_bytes()
                    if laid_out.get(target):  # the .docx's contents get the PDF's pages
                        from scr_docs.render.toc import add_page_numbers

                        data = add_page_numbers(contents[source.name], laid_out[target])
                        source.write_bytes(data)
                        contents[source.name] = data
                if check_pdfs is not None:
                    check_pdfs([target for _, target in pairs])
            if pack:
                name = names[-1]
                (staging / name).write_bytes(make_pack(built, contents))
            return _move_into_place(staging, outdir, names)
        except OSError as exc:
            raise OutputError(f"cannot write to {outdir}: {exc}; nothing was written") from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _move_into_place(staging: Path, outdir: Path, names: list[str]) -> list[Path]:
    """Copy each file next to its target under a temporary name, then rename them all.

    Files in the way are first renamed aside and are put back if any rename fails.
    """
    from scr_docs.output.interrupt import critical

    outdir.mkdir(parents=True, exist_ok=True)
    mode = _file_mode()
    temporary = []
    try:
        for name in names:
            handle, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".new", dir=outdir)
            os.close(handle)
            temporary.append((Path(tmp), outdir / name))
            shutil.copyfile(staging / name, tmp)
            os.chmod(tmp, mode)  # mkstemp makes it 0600; a document gets the usual mode
        with critical():
            _swap(temporary)
    finally:
        for tmp, _ in temporary:
            tmp.unlink(missing_ok=True)
    return [target for _, target in temporary]


def _swap(temporary: list[tuple[Path, Path]]) -> None:
    """Rename each temporary file onto its target, all or none; old files kept until done."""
    aside: list[tuple[Path, Path]] = []   # (target, where the old file waits)
    placed: list[Path] = []
    try:
        for tmp, target in temporary:
            if _present(target):
                old = tmp.with_name(tmp.name[:-len(".new")] + ".old")
                os.replace(target, old)
                aside.append((target, old))
            os.replace(tmp, target)
            placed.append(target)
    except BaseException as exc:
        failed = _undo(placed, aside)
        if failed:
            raise OutputError(
                f"writing failed ({exc}) and {len(failed)} file{'s' if len(failed) != 1 else ''}"
                f" could not be put back: {'; '.join(failed)}") from exc
        raise
    for _, old in aside:
        old.unlink(missing_ok=True)


def _undo(placed: list[Path], aside: list[tuple[Path, Path]]) -> list[str]:
    """Remove the files just placed and put back the old ones; return what could not be."""
    failed = []
    for target in placed:
        try:
            target.unlink()
        except OSError as exc:
            failed.append(f"{target} is the new file ({exc.strerror or exc})")
    for target, old in aside:
        try:
            os.replace(old, target)
        except OSError as exc:
            failed.append(f"the old {target.name} is at {old} ({exc.strerror or exc})")
    return failed


def _file_mode() -> int:
    """Return the mode a new file gets under the current umask (0644 under umask 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
