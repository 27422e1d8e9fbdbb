"""Convert .docx files to PDF in one LibreOffice run, with the contents page filled.

``soffice --convert-to pdf`` exports a contents page (TOC field) as the placeholder Word left
in it.  So LibreOffice is started headless, listening on a pipe, and a small worker script
(``_uno_worker.py``) run under a Python that can ``import uno`` loads each document, refreshes
its indexes and fields and exports a tagged PDF.  One LibreOffice process serves the whole
list (its start takes seconds); it has its own profile, so that parallel runs do not collide,
and it is always stopped at the end.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from scr_docs.errors import ConversionError
from scr_docs.output.watchdog import Guard

INSTALL_HINT = ("PDF output needs LibreOffice: on Debian/Ubuntu run "
                "`apt-get install libreoffice-writer python3-uno`")
WORKER = Path(__file__).parent / "_uno_worker.py"
CONNECT_TIMEOUT = 30.0
"""Seconds the worker keeps trying to reach a starting LibreOffice."""
STOP_GRACE = 5.0
"""Seconds LibreOffice gets to quit after being asked, and again after SIGTERM."""

_SOFFICE_PLACES = (
    "/usr/lib/libreoffice/program/soffice",
    "/usr/lib64/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
_PYTHON_PLACES = (
    "/usr/bin/python3",
    "/usr/lib/libreoffice/program/python",
    "/usr/local/bin/python3",
    "/Applications/LibreOffice.app/Contents/Resources/python",
    r"C:\Program Files\LibreOffice\program\python.exe",
)


def find_soffice() -> str | None:
    """Return the path of LibreOffice's ``soffice``, or None when it is not installed.

    ``SCR_DOCS_SOFFICE`` in the environment overrides the search.
    """
    override = os.environ.get("SCR_DOCS_SOFFICE")
    if override:
        return override if _is_executable(override) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    places = [*_SOFFICE_PLACES,
              *sorted(str(p) for p in Path("/opt").glob("libreoffice*/program/soffice"))]
    return next((p for p in places if _is_executable(p)), None)


def find_uno_python() -> str | None:
    """Return a Python interpreter that can ``import uno``, or None.

    Tries ``SCR_DOCS_UNO_PYTHON``, the Python beside ``soffice`` (LibreOffice's own builds),
    this interpreter, then the system ones (Debian's ``/usr/bin/python3`` with
    ``python3-uno``).  The answer is cached.
    """
    beside: list[str] = []
    soffice = find_soffice()
    if soffice:
        program = Path(soffice).resolve().parent
        beside = [str(program / "python"), str(program / "python.exe")]
    return _first_uno_python((os.environ.get("SCR_DOCS_UNO_PYTHON", ""), *beside,
                              sys.executable, *_PYTHON_PLACES))


@functools.lru_cache(maxsize=8)
def _first_uno_python(candidates: tuple[str, ...]) -> str | None:
    tried: set[str] = set()
    for candidate in candidates:
        if not candidate or candidate in tried or not _is_executable(candidate):
            continue
        tried.add(candidate)
        try:
            result = subprocess.run([candidate, "-I", "-c", "import uno"], env=_clean_env(),
                                    stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            continue
        if result.returncode == 0:
            return candidate
    return None


def convert_to_pdf(pairs: Iterable[tuple[Path, Path]],
                   progress: Callable[[Path], None] | None = None,
                   timeout: float = 300, remove_if_killed: Iterable[Path] = ()
                   ) -> dict[Path, list[str]]:
    """Convert each (docx, pdf) pair, all in one LibreOffice run; return, for each PDF path
    (as given), the lines of its contents page as laid out ("2.1 Relevant agencies<tab>8",
    none when the document has no contents page), for the .docx to carry the same pages.

    Contents pages and fields are refreshed and the PDFs are tagged.  ``progress(pdf)`` is
    called as each document is converted.  All or nothing: the PDFs appear at their paths only
    once every document is converted; after a failure none is written and files already at
    those paths are left as they were.  Raises ConversionError when LibreOffice is missing, a
    document fails, or the whole run takes longer than ``timeout`` seconds.

    LibreOffice dies with this process: should it be killed (even by SIGKILL), a guard
    process (watchdog.py) stops LibreOffice and removes its temporary folder and the folders
    in ``remove_if_killed``.
    """
    pairs_list = list(pairs)
    jobs = [(Path(docx).absolute(), Path(pdf).absolute()) for docx, pdf in pairs_list]
    if not jobs:
        return {}
    _check_paths(jobs)
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError(f"{INSTALL_HINT} (`soffice` was not found)")
    python = find_uno_python()
    if python is None:
        raise ConversionError(f"{INSTALL_HINT} (found {soffice}, but no Python that can "
                              "`import uno`)")

    token = uuid.uuid4().hex[:12]
    partials = {pdf: pdf.with_name(f".{pdf.stem}.{token}.part.pdf") for _, pdf in jobs}
    workdir = Path(tempfile.mkdtemp(prefix="scr-docs-lo-"))
    office = guard = None
    try:
        # LibreOffice reads copies: a LibreOffice that is killed mid-way leaves a lock file
        # (.~lock.NAME#) beside the document it had open, and later runs then cannot open it.
        copies = _copy_inputs([docx for docx, _ in jobs], workdir / "in")
        office = _Office(soffice, workdir, pipe=f"scr_docs_{os.getpid()}_{token}")
        guard = Guard(office.group or 0, [workdir, *remove_if_killed])
        job = {"connect": office.connect_string,
               "connect_timeout": min(CONNECT_TIMEOUT, timeout),
               "documents": [{"docx": str(copy), "pdf": str(partials[pdf]),
                              "title": pdf.stem} for copy, (_, pdf) in zip(copies, jobs)]}
        contents = _Run(python, job, office, timeout).wait(
            {str(partials[pdf]): (docx, pdf) for docx, pdf in jobs}, progress)
        for pdf, part in partials.items():
            os.replace(part, pdf)
        given = {Path(pdf).absolute(): Path(pdf) for _, pdf in pairs_list}
        return {given.get(pdf, pdf): lines for pdf, lines in contents.items()}
    finally:
        if office is not None:
            office.stop()
        if guard is not None:
            guard.done()
        for part in partials.values():
            part.unlink(missing_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)


def _check_paths(jobs: list[tuple[Path, Path]]) -> None:
    for docx, pdf in jobs:
        if not docx.is_file():
            raise ConversionError(f"{docx}: cannot convert to PDF: no such file")
        if not pdf.parent.is_dir():
            raise ConversionError(f"{pdf}: cannot write PDF: folder {pdf.parent} does not "
                                  "exist")
    targets = [pdf for _, pdf in jobs]
    if len(set(targets)) != len(targets):
        raise ConversionError("two documents would be converted to the same PDF file")


def _copy_inputs(documents: list[Path], folder: Path) -> list[Path]:
    """Copy each document into a folder of its own under `folder`, keeping its name."""
    copies = []
    for number, docx in enumerate(documents):
        copy = folder / str(number) / docx.name
        copy.parent.mkdir(parents=True)
        try:
            shutil.copyfile(docx, copy)
        except OSError as exc:
            raise ConversionError(f"{docx}: cannot read it for PDF conversion: "
                                  f"{exc.strerror or exc}") from exc
        copies.append(copy)
    return copies


#: LibreOffice settings for every run: never fetch what a document links to (linked
#: pictures, OLE links, sections) nor update links on loading. LibreOffice blocks the links of
#: a document outside its trusted locations (the profile has none), the document's own
#: address being the referrer of its links.
SETTINGS = (
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks",
     "xs:boolean", "true"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "xs:int", "0"),  # 0: never
)


def _write_settings(profile: Path) -> None:
    """Write SETTINGS into a fresh LibreOffice profile (user/registrymodifications.xcu)."""
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>" for path, name, _, value in SETTINGS)
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/'
        '2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://'
        f'www.w3.org/2001/XMLSchema-instance">{items}</oor:items>\n', encoding="utf-8")


PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Ask Linux to send SIGKILL to this (child) process when its parent dies.

    Used as ``preexec_fn``: a build killed with SIGKILL then leaves no LibreOffice behind.
    Elsewhere (no prctl) it does nothing; :class:`_Office` stops LibreOffice in any case.
    """
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


_PREEXEC = _die_with_parent if sys.platform.startswith("linux") else None


class _Office:
    """A headless LibreOffice listening on a pipe, with its own profile in `workdir`."""

    def __init__(self, soffice: str, workdir: Path, pipe: str):
        self.pipe = pipe
        self.profile_url = (workdir / "profile").as_uri()
        self.connect_string = f"pipe,name={pipe}"
        self.log = workdir / "soffice.log"
        self.quitting = False
        """Set once LibreOffice has been asked to quit (the worker does so when done)."""
        args = [soffice, "--headless", "--invisible", "--nologo", "--norestore",
                "--nodefault", "--nolockcheck", "--nofirststartwizard",
                f"-env:UserInstallation={self.profile_url}",
                f"--accept={self.connect_string};urp;"]
        _write_settings(workdir / "profile")
        # Its temporary folder too goes in `workdir`: one killed would leave it in /tmp.
        temp = workdir / "tmp"
        temp.mkdir()
        env = {**os.environ, "TMPDIR": str(temp), "TMP": str(temp), "TEMP": str(temp)}
        with open(self.log, "wb") as log:
            try:
                # A session of its own: the launcher (oosplash) forks soffice.bin, and the
                # process group is what stop() ends.
                self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log,
                                                stderr=log, env=env,
                                                start_new_session=os.name == "posix",
                                                preexec_fn=_PREEXEC)
            except OSError as exc:
                raise ConversionError(f"could not start LibreOffice ({soffice}): {exc}") \
                    from exc
        self.group = self.process.pid if os.name == "posix" else None

    def running(self) -> bool:
        return self.process.poll() is None or self._group_alive()

    def stop(self) -> None:
        """Stop LibreOffice and all it started: let it quit, then SIGTERM, then SIGKILL."""
        self._wait(STOP_GRACE if self.quitting else 0)
        for sig in (signal.SIGTERM, getattr(signal, "SIGKILL", signal.SIGTERM)):
            if not self.running():
                break
            self._signal(sig)
            self._wait(STOP_GRACE)
        if os.name == "posix" and not self.running():
            self._remove_sockets()

    def _remove_sockets(self) -> None:
        """Remove the socket files that a LibreOffice which was killed leaves in /tmp."""
        # Its single-instance pipe is named by the MD5 of the profile URL in UTF-16,
        # each byte in hex without padding (desktop/source/app/officeipcthread.cxx).
        digest = hashlib.md5(self.profile_url.encode("utf-16-le")).digest()
        single = "SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)
        for name in (self.pipe, single):
            socket = Path("/tmp", f"OSL_PIPE_{os.getuid()}_{name}")
            if socket.is_socket():
                socket.unlink(missing_ok=True)

    def output(self, lines: int = 10) -> str:
        """Return the end of LibreOffice's own output, without the usual noise."""
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        kept = [line for line in text.splitlines()
                if line.strip() and "javaldx" not in line]  # printed at every start
        return "\n".join(kept[-lines:])

    def _wait(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while self.running() and time.monotonic() < end:
            time.sleep(0.05)

    def _group_alive(self) -> bool:
        if self.group is None:
            return False
        try:
            os.killpg(self.group, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True

    def _signal(self, sig: int) -> None:
        try:
            if self.group is not None:
                os.killpg(self.group, sig)
            elif sig == signal.SIGTERM:
                self.process.terminate()
            else:
                self.process.kill()
        except (ProcessLookupError, PermissionError):
            pass


class _Run:
    """The UNO worker converting one job, with its events read as they come."""

    def __init__(self, python: str, job: dict, office: _Office, timeout: float):
        self.office = office
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.process = subprocess.Popen(
            [python, "-I", str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
            env=_clean_env())
        self.events: queue.Queue[str | None] = queue.Queue()
        self.stderr: list[str] = []
        self.readers = [
            threading.Thread(target=self._pump, daemon=True,
                             args=(self.process.stdout, self.events.put, True)),
            threading.Thread(target=self._pump, daemon=True,
                             args=(self.process.stderr, self.stderr.append, False))]
        for reader in self.readers:
            reader.start()
        try:
            self.process.stdin.write(json.dumps(job))
            self.process.stdin.close()
        except BrokenPipeError:  # the worker died at once; its stderr says why
            pass

    def wait(self, pair_for: dict[str, tuple[Path, Path]],
             progress: Callable[[Path], None] | None) -> None:
        """Pass progress on until the worker is done; raise ConversionError on failure.
        Return {pdf path: lines of its contents page} of the documents converted.

        `pair_for` maps the PDF paths in the job to their (docx, pdf) pairs.
        """
        contents: dict[Path, list[str]] = {}
        failures: list[str] = []
        fatal = ""
        finished = False
        try:
            while not finished:
                event = self._next_event()
                if event is None:
                    finished = True
                elif event.get("event") == "done":
                    pdf = pair_for[event["pdf"]][1]
                    contents[pdf] = [str(line) for line in event.get("contents") or []]
                    if progress is not None:
                        progress(pdf)
                elif event.get("event") == "error":
                    docx, pdf = pair_for[event["pdf"]]
                    failures.append(f"{docx}: could not convert to {pdf.name}: "
                                    f"LibreOffice says: {event.get('message')}")
                elif event.get("event") == "fatal":
                    fatal = event.get("message", "")
                elif event.get("event") == "quitting":
                    self.office.quitting = True
        finally:
            self._end(grace=5 if finished else 0)
        if failures:
            raise ConversionError("PDF conversion failed:\n" + "\n".join(failures))
        if fatal or self.process.returncode != 0:
            last = "".join(self.stderr).strip().splitlines()[-1:]
            detail = fatal or (last[0] if last else
                               f"worker exited with status {self.process.returncode}")
            log = self.office.output()
            raise ConversionError(f"PDF conversion failed: {detail}"
                                  + (f"; LibreOffice's output:\n{log}" if log else ""))
        return contents

    def _next_event(self) -> dict | None:
        """Return the worker's next event, or None once its output has ended."""
        while True:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise ConversionError(f"PDF conversion took longer than {self.timeout:g} s; "
                                      "LibreOffice was stopped")
            try:
                line = self.events.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                if self.office.process.poll() is not None and self.process.poll() is None:
                    log = self.office.output()
                    raise ConversionError(
                        f"LibreOffice exited (status {self.office.process.returncode}) "
                        "before the conversion was done"
                        + (f"; its output:\n{log}" if log else "")) from None
                continue
            if line is None:
                return None
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue  # not one of ours: a library printing to stdout

    def _end(self, grace: float) -> None:
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for reader in self.readers:
            reader.join(timeout=1)

    @staticmethod
    def _pump(stream, sink: Callable, mark_end: bool) -> None:
        """Pass each line of `stream` to `sink`, then None when `mark_end`."""
        for line in stream:
            sink(line)
        if mark_end:
            sink(None)


def _is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def _clean_env() -> dict[str, str]:
    """Return the environment without this interpreter's Python settings (pyenv, venv)."""
    return {name: value for name, value in os.environ.items()
            if name not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
