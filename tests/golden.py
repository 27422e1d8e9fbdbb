"""The golden record of the documents built from the examples: for every paragraph of the
body and the footnotes, its style, list numbering and text; written by ``python
tests/golden.py`` and compared by tests/test_golden.py, so a change of the pipeline that
changes what a reader sees shows up paragraph by paragraph."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*/review.yaml"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def record(docx: bytes) -> list[list]:
    """Return [part, style, numId-or-"", ilvl-or-"", text] for every paragraph."""
    rows = []
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        for part in ("word/document.xml", "word/footnotes.xml"):
            if part not in z.namelist():
                continue
            root = etree.fromstring(z.read(part))
            nums = {}
            for p in root.iter(f"{{{W}}}p"):
                style = p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
                num = p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS)
                # list instance ids are renumbered freely: record the order they appear in
                num = nums.setdefault(num, f"list{len(nums)}") if num else ""
                ilvl = p.xpath("string(w:pPr/w:numPr/w:ilvl/@w:val)", namespaces=NS)
                text = "".join(el.text or "" if el.tag == f"{{{W}}}t" else
                               {"br": "\n", "tab": "\t"}.get(etree.QName(el).localname, "")
                               for el in p.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab"))
                if part.endswith("footnotes.xml") and not text.strip():
                    continue
                rows.append([part.split("/")[-1], style, num, ilvl, text])
    return rows


def build_all() -> dict[str, list]:
    """Build every document of every example in memory; return {file name: record}."""
    from scr_docs.pipeline import assemble
    from scr_docs.review.load import load
    from scr_docs.review.validate import validate

    out = {}
    for review in EXAMPLES:
        built = assemble(validate(load(review)))
        for name, data in built.files.items():
            if name.endswith(".docx"):  # workbooks are read back by tests/test_action_plan.py
                out[name] = record(data)
    return out


if __name__ == "__main__":
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, rows in build_all().items():
        (GOLDEN / f"{Path(name).stem}.json").write_text(
            json.dumps(rows, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"wrote {name}: {len(rows)} paragraphs", file=sys.stderr)
