"""Convert .docx files to PDF through a running LibreOffice, driven over UNO.

A standalone script run by ``scr_docs.output.pdf`` under a Python that can ``import uno``
(on Debian ``/usr/bin/python3`` with ``python3-uno``); it must not import scr_docs.

The job is JSON, given as the first argument or on stdin::

    {"connect": "pipe,name=scr_docs_123",        # or "socket,host=127.0.0.1,port=N"
     "connect_timeout": 30,
     "documents": [{"docx": "/abs/in.docx", "pdf": "/abs/out.pdf",
                    "title": "used when the document has none"}, ...],
     "terminate": true}                          # ask LibreOffice to quit at the end

For each document the script loads it hidden, refreshes every index (contents page) and
field, and exports a tagged PDF.  It prints one JSON line per event on stdout::

    {"event": "connected", "seconds": 2.1}
    {"event": "done", "docx": ..., "pdf": ..., "seconds": 1.4,
     "contents": ["1 Introduction\t1", ...]}   # the contents page as laid out
    {"event": "error", "docx": ..., "pdf": ..., "message": ...}
    {"event": "fatal", "message": ...}           # nothing more will happen
    {"event": "quitting"}                        # LibreOffice was asked to quit

Exit status: 0 when every document was converted, 1 when one failed, 2 on a fatal error.
"""

import json
import os
import sys
import time
import traceback

import uno
from com.sun.star.beans import PropertyValue

# Writer's import filter for Office Open XML documents; forcing it stops a broken .docx
# from being "rescued" by type detection as a plain-text document.
FILTERS_BY_SUFFIX = {".docx": "MS Word 2007 XML", ".docm": "MS Word 2007 XML VBA",
                     ".odt": "writer8"}
NEVER_EXECUTE = 0  # com.sun.star.document.MacroExecMode.NEVER_EXECUTE


class Failure(Exception):
    """A failure described by its message alone."""


def emit(**event):
    """Print one event as a JSON line and flush it at once (the parent reads line by line)."""
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def props(**values):
    """Return a tuple of PropertyValue from keyword arguments."""
    result = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        result.append(prop)
    return tuple(result)


def describe(exc):
    """Return a one-line description of a (possibly UNO) exception."""
    message = getattr(exc, "Message", "") or str(exc)
    message = " ".join(message.split())
    if isinstance(exc, Failure):
        return message
    name = type(exc).__name__
    return f"{name}: {message}" if message else name


def connect(connect_string, timeout):
    """Return LibreOffice's Desktop, retrying until it accepts connections or `timeout`."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:{connect_string};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + timeout
    while True:
        try:
            ctx = resolver.resolve(url)
            break
        except Exception as exc:  # NoConnectException while soffice is starting
            if time.monotonic() >= deadline:
                raise Failure(
                    f"LibreOffice did not accept a connection on {connect_string} within "
                    f"{timeout:g} s ({describe(exc)})") from exc
            time.sleep(0.1)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def refresh(doc):
    """Update every index (contents page), then the fields, so that page numbers are right.

    One update suffices: LibreOffice lays the document out again and fills in the page
    numbers after the entries (an 80-entry contents page growing from one line to three
    pages lists every heading on its final page).
    """
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()
    doc.getTextFields().refresh()
    doc.refresh()


def contents_lines(doc):
    """Return the lines of the document's contents pages (tables of contents) as laid out:
    "5.2 How well …<tab>34", the page as printed (numbering restarts count)."""
    lines = []
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        index = indexes.getByIndex(i)
        if index.supportsService("com.sun.star.text.ContentIndex"):
            lines.extend(index.getAnchor().getString().splitlines())
    return lines


def pdf_filter_data():
    """Return the FilterData of writer_pdf_Export: tagged, with bookmarks, titled."""
    return uno.Any("[]com.sun.star.beans.PropertyValue", props(
        UseTaggedPDF=True,                 # structure tags: needed for accessibility
        PDFUACompliance=True,              # mark as PDF/UA (ISO 14289), the accessible profile
        ExportBookmarks=True,              # headings become the PDF outline
        ExportNotes=False,
        ExportNotesPages=False,
        SelectPdfVersion=0,                # PDF 1.6 (the filter's default)
        DisplayPDFDocumentTitle=True,      # viewers show the title, not the file name
        ExportLinksRelativeFsys=False,
        ConvertOOoTargetToPDFTarget=True,  # links within the document stay PDF links
        ExportBookmarksToPDFDestination=True,
        InitialView=1,                     # open with the outline (bookmarks) shown
    ))


def convert(desktop, docx, pdf, fallback_title=""):
    """Load `docx` hidden, refresh it and store it as `pdf`; always close it. Return the
    lines of its contents page (:func:`contents_lines`)."""
    # NO_UPDATE: never update links; linked pictures are blocked by the profile's settings
    # (pdf.SETTINGS: BlockUntrustedRefererLinks, no trusted location)
    load = dict(Hidden=True, ReadOnly=False, MacroExecutionMode=NEVER_EXECUTE,
                UpdateDocMode=0)
    filter_name = FILTERS_BY_SUFFIX.get(os.path.splitext(docx)[1].lower())
    if filter_name:
        load["FilterName"] = filter_name
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0,
                                       props(**load))
    if doc is None:
        raise Failure("LibreOffice could not open the file (damaged, or not of its kind?)")
    try:
        if not hasattr(doc, "getDocumentIndexes"):
            raise Failure("LibreOffice did not open the file as a text document")
        refresh(doc)
        contents = contents_lines(doc)
        properties = doc.getDocumentProperties()
        if not properties.Title:
            # PDF/UA wants a title; the file name is better than none.
            properties.Title = fallback_title or os.path.splitext(os.path.basename(pdf))[0]
        doc.storeToURL(uno.systemPathToFileUrl(pdf), props(
            FilterName="writer_pdf_Export", Overwrite=True,
            FilterData=pdf_filter_data()))
        return contents
    finally:
        try:
            doc.close(True)
        except Exception:
            doc.dispose()


def read_job(argv):
    text = argv[1] if len(argv) > 1 and argv[1] != "-" else sys.stdin.read()
    return json.loads(text)


def main(argv):
    try:
        job = read_job(argv)
        started = time.monotonic()
        desktop = connect(job["connect"], float(job.get("connect_timeout", 30)))
        emit(event="connected", seconds=round(time.monotonic() - started, 3))
    except Exception as exc:
        emit(event="fatal", message=describe(exc), traceback=traceback.format_exc())
        return 2
    status = 0
    for item in job["documents"]:
        docx, pdf = os.path.abspath(item["docx"]), os.path.abspath(item["pdf"])
        started = time.monotonic()
        try:
            contents = convert(desktop, docx, pdf, item.get("title", ""))
        except Exception as exc:
            status = 1
            emit(event="error", docx=docx, pdf=pdf, message=describe(exc))
            if type(exc).__name__ == "DisposedException":  # LibreOffice went away
                emit(event="fatal", message="LibreOffice closed the connection")
                return 2
        else:
            emit(event="done", docx=docx, pdf=pdf, contents=contents,
                 seconds=round(time.monotonic() - started, 3))
    if job.get("terminate", True):
        emit(event="quitting")
        try:
            desktop.terminate()
        except Exception:  # the bridge drops as LibreOffice quits
            pass
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
