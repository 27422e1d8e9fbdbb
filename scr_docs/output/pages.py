"""Page counts of built PDFs, and the warning when a short document runs long.

A press release and a learning summary are published as two pages at most. Their length is
known only once LibreOffice has laid them out, so the build measures the PDFs it wrote
(``build --pdf``) and warns with the page count.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from scr_docs.errors import WARNING, Problem

PAGE_LIMITS = {"press-release": 2, "learning-summary": 2}
"""Kind name -> the most pages a document of that kind should have."""

_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_PDFINFO_PAGES = re.compile(r"^Pages:\s+(\d+)", re.M)
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}


def pdf_pages(path: Path) -> int:
    """Return the number of pages of the PDF at ``path``.

    Reads ``pdfinfo`` (poppler) when installed, else counts the page objects of the file
    (LibreOffice writes them uncompressed). Raises OSError when the file cannot be read and
    ValueError when it holds no page.
    """
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        result = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True,
                                timeout=60)
        found = _PDFINFO_PAGES.search(result.stdout)
        if result.returncode == 0 and found:
            return int(found.group(1))
    count = len(_PAGE_OBJECT.findall(Path(path).read_bytes()))
    if not count:
        raise ValueError(f"{path} has no page that could be counted")
    return count


def page_warnings(pdfs: list[Path], file: str = "") -> list[Problem]:
    """Return a warning for each PDF in ``pdfs`` of a kind in :data:`PAGE_LIMITS` that has
    more pages than its limit (kind read from the file name, ``<slug>-<kind>.pdf``);
    ``file`` is the review file the warnings name. A PDF that cannot be counted is skipped."""
    out = []
    for pdf in pdfs:
        kind = next((k for k in PAGE_LIMITS if pdf.name.endswith(f"-{k}.pdf")), None)
        if kind is None:
            continue
        try:
            pages = pdf_pages(pdf)
        except (OSError, ValueError, subprocess.SubprocessError):
            continue
        limit = PAGE_LIMITS[kind]
        if pages > limit:
            what = kind.replace("-", " ")
            advice = ("choose fewer sections (learning_summary.sections) or shorten them"
                      if kind == "learning-summary" else
                      "shorten the lead, narrative or quotes, or the notes to editors")
            most = _WORDS.get(limit, str(limit))
            out.append(Problem(f"the {what} {pdf.name} is {pages} pages long; published ones "
                               f"are {most} pages at most: {advice}", kind.replace("-", "_"),
                               None, file, WARNING))
    return out
