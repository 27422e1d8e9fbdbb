"""Bounded, safe reading of a Word package (.docx): the one place its limits live.

A .docx is a zip file of XML parts. One from outside (a board's house template, a file given
to ``scr-docs check``) may be a zip bomb, name members outside the package (``../x``,
``/etc/x``), hold a part Word would not open (no content type), declare XML entities, or carry
macros. :func:`read_package` looks at the zip's directory before decompressing anything and
refuses, with an error naming the file and the member, whatever passes a limit below:
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from scr_docs.errors import Problem, TemplateError

MAX_MEMBERS = 2_000
"""Most members (files) a package may hold."""
MAX_MEMBER_BYTES = 50 * 1024 * 1024
"""Largest uncompressed size of one member (bytes, 50 MB)."""
MAX_TOTAL_BYTES = 200 * 1024 * 1024
"""Largest uncompressed size of all members together (bytes, 200 MB)."""

CONTENT_TYPES = "[Content_Types].xml"
from scr_docs.ooxml.names import CT as CT_NS  # noqa: E402
MACRO_TYPES = ("macroEnabled", "vbaProject", "vbaData", "ms-office.activeX")
"""Fragments of content types that mark macros (Word refuses to open these as .docx)."""

from scr_docs.ooxml.names import PARSER as _PARSER  # noqa: E402
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass
class Package:
    """The members of a package, read within the limits: ``parts`` maps member name to bytes
    (in the zip's order), ``types`` member name to content type."""

    name: str
    parts: dict[str, bytes] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    _trees: dict = field(default_factory=dict, repr=False, compare=False)

    def tree(self, member: str, keep: bool = True):
        """Return the root element of an XML member, parsed once with the one hardened
        parser and shared by every reader of the package: callers must not change it.
        With ``keep`` off a member not parsed yet is parsed and not kept (a part read once:
        a package's parts may unpack to 200 MB).

        Raises KeyError for a member the package lacks and ``etree.XMLSyntaxError`` (the
        same error each time) for one that is not well-formed XML.
        """
        found = self._trees.get(member)
        if found is None:
            try:
                found = etree.fromstring(self.parts[member], _PARSER)
            except etree.XMLSyntaxError as exc:
                found = exc
            if keep:
                self._trees[member] = found
        if isinstance(found, Exception):
            raise found
        return found

    # the reading side of zipfile.ZipFile, so readers written for one can take a Package
    def namelist(self) -> list[str]:
        return list(self.parts)

    def read(self, member: str) -> bytes:
        return self.parts[member]

    def open(self, member: str) -> io.BytesIO:
        """Return a stream over a member's bytes (already read within the limits)."""
        return io.BytesIO(self.parts[member])

    def getinfo(self, member: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(member)
        info.file_size = len(self.parts[member])
        return info


def _fail(error, name: str, member: str, reason: str):
    return error(f"{name}: {reason}",
                 [Problem(reason, member, None, name)])


def check_names_and_sizes(zf: zipfile.ZipFile, name: str, error=TemplateError) -> None:
    """Raise ``error`` naming the file and member when the zip's directory breaks a limit
    (members, bytes a member, bytes in all) or names a member outside the package. Reads
    only the directory: nothing is decompressed."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _fail(error, name, "", f"holds {len(infos):,} members; a Word document may hold "
                    f"at most {MAX_MEMBERS:,}")
    total, seen = 0, set()
    for info in infos:
        member = info.filename
        if (member.startswith(("/", "\\")) or _DRIVE.match(member) or "\\" in member
                or ".." in member.split("/") or "\0" in member):
            raise _fail(error, name, member, f"member {member!r} names a place outside the "
                        "package (an absolute path or '..'); the file is not a safe Word "
                        "document")
        if member.lower() in seen:
            raise _fail(error, name, member, f"member {member!r} appears twice")
        seen.add(member.lower())
        if info.file_size > MAX_MEMBER_BYTES:
            raise _fail(error, name, member, f"member {member} would unpack to "
                        f"{info.file_size:,} bytes; the limit is {MAX_MEMBER_BYTES:,} a member")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _fail(error, name, member, f"members would unpack to more than "
                        f"{MAX_TOTAL_BYTES:,} bytes together (the limit)")


def read_package(source: str | os.PathLike | bytes, name: str | None = None,
                 error=TemplateError, strict: bool = True, any_zip: bool = False) -> Package:
    """Return every member of a .docx (a path or its bytes) read within the limits.

    Raises ``error`` (a ScrDocsError class) naming the file and member when the file is not
    a zip, breaks a limit, names a member outside the package, or a member does not unpack
    to its declared size. With ``strict`` (house templates) also when a part has no content
    type, an XML part declares a DOCTYPE (entities) or the package holds macros; without it
    those are left to :mod:`scr_docs.ooxml.hazards` to report. ``any_zip`` reads a zip
    that is not an Office package (no content types), e.g. an object embedded in a document.
    """
    if isinstance(source, (bytes, bytearray)):
        name = name or "document.docx"
        stream = io.BytesIO(source)
    else:
        name = name or str(source)
        stream = Path(source)
        if not stream.is_file():
            raise error(f"{name}: not found (no such file)" if not stream.exists()
                        else f"{name}: not a file")
    package = Package(name)
    try:
        with zipfile.ZipFile(stream) as zf:
            check_names_and_sizes(zf, name, error)
            for info in zf.infolist():
                if info.is_dir():
                    continue
                with zf.open(info) as member:
                    data = member.read(info.file_size + 1)
                if len(data) != info.file_size:
                    raise _fail(error, name, info.filename, f"member {info.filename} does not "
                                "unpack to the size its directory gives")
                package.parts[info.filename] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            OSError, ValueError, RuntimeError) as exc:
        # RuntimeError: encrypted members; ValueError/EOFError: truncated or corrupt data
        raise error(f"{name}: cannot read as a .docx file (a Word document): {exc}") from exc
    package.types = {} if any_zip and CONTENT_TYPES not in package.parts \
        else content_types(package, error)
    if strict:
        for problem in strict_problems(package):
            raise error(f"{name}: {problem.message}", [problem])
    return package


def content_types(package: Package, error=TemplateError) -> dict[str, str]:
    """Return member name -> content type from ``[Content_Types].xml`` (overrides first,
    then defaults by extension); members with none are absent."""
    data = package.parts.get(CONTENT_TYPES)
    if data is None:
        raise _fail(error, package.name, CONTENT_TYPES, "has no [Content_Types].xml; it is "
                    "not a Word document")
    try:
        root = package.tree(CONTENT_TYPES)
    except etree.XMLSyntaxError as exc:
        raise _fail(error, package.name, CONTENT_TYPES,
                    f"[Content_Types].xml is not well-formed XML: {exc}") from exc
    defaults, overrides = {}, {}
    for el in root:
        if el.tag == f"{{{CT_NS}}}Default":
            defaults[(el.get("Extension") or "").lower()] = el.get("ContentType") or ""
        elif el.tag == f"{{{CT_NS}}}Override":
            overrides[(el.get("PartName") or "").lstrip("/").lower()] = el.get("ContentType") or ""
    types = {}
    for member in package.parts:
        found = overrides.get(member.lower())
        if found is None:
            found = defaults.get(member.rpartition("/")[2].rpartition(".")[2].lower()
                               if "." in member.rpartition("/")[2] else "")
        if found is not None:
            types[member] = found
    return types


def has_doctype(data: bytes) -> bool:
    """Tell whether an XML part declares a DOCTYPE (where entities are declared)."""
    # "!" first, a byte most parts lack: "<!" (and UTF-16's "<\0!", which "\0<\0!" holds)
    # stop at every "<" of a part
    if b"!" not in data or (b"<!" not in data and b"<\0!" not in data):
        return False
    try:
        tree = etree.fromstring(data, _PARSER).getroottree()
    except etree.XMLSyntaxError:
        return b"DOCTYPE" in data.upper() or b"ENTITY" in data.upper()
    return bool(tree.docinfo.doctype) or tree.docinfo.internalDTD is not None


def strict_problems(package: Package) -> list[Problem]:
    """Return what makes a package unsafe to read at all: a part without a content type, an
    XML part with a DOCTYPE, macros (each a Problem naming the member)."""
    out = []
    for member, data in package.parts.items():
        if member == CONTENT_TYPES:
            continue
        ctype = package.types.get(member)
        if ctype is None:
            out.append(Problem(f"part {member} has no content type in [Content_Types].xml; "
                               "Word would refuse the file", member, None, package.name))
        elif any(m.lower() in ctype.lower() for m in MACRO_TYPES) \
                or posixpath.basename(member).lower() == "vbaproject.bin":
            out.append(Problem(f"part {member} holds macros ({ctype}); save the template as a "
                               "Word document without macros (.docx)", member, None,
                               package.name))
        if member.endswith((".xml", ".rels")) and has_doctype(data):
            out.append(Problem(f"part {member} declares a DOCTYPE (XML entities); Word never "
                               "writes one, so the file has been altered", member, None,
                               package.name))
    return out
