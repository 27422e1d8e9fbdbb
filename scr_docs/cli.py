"""The ``scr-docs`` command: parses options, calls the library, turns errors into exit codes."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from pathlib import Path

import click

from scr_docs.version import __version__
from scr_docs.errors import ScrDocsError

EXIT_INVALID = 1


def _echo_problems(problems, err: bool = True, verbose: bool = True,
                   summarised: bool = True) -> None:
    """Print the problems (grouped unless ``verbose``) and, when ``summarised`` and there
    are warnings, the "N warnings from M rules" line (``check`` prints its own summary)."""
    from scr_docs.grouped import grouped_lines, summary

    problems = list(problems)
    for line, is_error in grouped_lines(problems, verbose):
        click.secho(line, fg="red" if is_error else "yellow", err=err)
    if summarised and not verbose and any(not p.is_error for p in problems):
        click.secho(summary(problems), err=err)


VERBOSE = click.option("--verbose", is_flag=True,
                       help="List every place of every warning (grouped by rule otherwise).")


def _fail(exc: ScrDocsError, writes: bool = True) -> None:
    """Print the problems and the error, and exit with its code; a command that never
    writes (``validate``) does not say "nothing was written"."""
    _echo_problems(exc.problems)
    message = exc.message if writes else exc.message.replace("; nothing was written", "")
    click.secho(message, fg="red", err=True, bold=True)
    sys.exit(exc.exit_code)


def _name_max(path: Path) -> int:
    """Return the longest file name the file system under ``path`` allows (255 if unknown)."""
    for folder in (path, *path.parents):
        try:
            if folder.is_dir():
                return os.pathconf(folder, "PC_NAME_MAX")
        except (OSError, ValueError, AttributeError):
            break
    return 255


def _check_names(path: Path, what: str) -> None:
    """Refuse a path with a name too long for the file system, before anything is written."""
    longest = _name_max(Path(path).absolute().parent)
    for part in Path(path).parts:
        if len(part.encode("utf-8", "surrogateescape")) > longest:
            _fail(ScrDocsError(f"{what} name '{part[:40]}…' is {len(part)} characters long; the "
                               f"most a file or folder name may have here is {longest}. "
                               "Nothing was written"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scr-docs")
def cli() -> None:
    """Assemble the documents of a child safeguarding case review from one YAML review file.

    Typical flow: `scr-docs new DIR`, edit DIR/review.yaml, `scr-docs validate`, then
    `scr-docs build REVIEW.yaml -o OUTDIR`.
    """


@cli.command()
@click.argument("review", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@VERBOSE
def validate(review: Path, strict: bool, verbose: bool) -> None:
    """Check REVIEW (a review.yaml) and report every problem at once.

    Exit status: 0 valid (warnings are printed), 1 invalid, 2 wrong usage.
    """
    from scr_docs.pipeline import validate_review

    _imports_done()

    try:
        result = validate_review(review, strict=strict)
    except ScrDocsError as exc:
        _fail(exc, writes=False)
    _echo_problems(result.problems.items, verbose=verbose)
    warnings = len(result.problems.warnings)
    click.echo(f"{review}: valid ({warnings} warning{'s' if warnings != 1 else ''})")


_OWN_PROCESS = False
"""Set by main(): the command line runs as its own process."""


def _imports_done(render: bool = False) -> None:
    """Leave what the imports made (modules, classes, compiled patterns: objects that live as
    long as the process) out of later garbage collections, which walked them all again each
    time: about 50 ms of a 0.5 s build (benchmarks/bench.py). A command calls it once the
    pipeline is imported; with ``render`` (``build``, which always renders unless the review
    is refused) the Word writer's libraries are imported first, so that theirs are left out
    too. Only when the command line owns the process (``main()``): a program or test that
    calls ``cli`` itself keeps its own collector, and nothing of it is frozen."""
    if not _OWN_PROCESS:
        return
    if render:
        import docxtpl  # noqa: F401  (the Word writer imports it on first use)

        import scr_docs.render.word  # noqa: F401
    gc.freeze()


def _read_sensitive(path: Path | None) -> list[str]:
    if path is None:
        return []
    from scr_docs.check import load_sensitive

    return load_sensitive(path)


@cli.command()
@click.argument("review", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Folder to write the documents to.")
@click.option("--only", metavar="KIND[,KIND]", multiple=True,
              help="Build only these kinds: overview-report, executive-summary, press-release, "
                   "learning-summary, action-plan (its .docx and .xlsx); comma-separated, or "
                   "--only given more than once.")
@click.option("--pdf", is_flag=True, help="Also write a PDF of each document (needs LibreOffice).")
@click.option("--pack", is_flag=True,
              help="Also write <slug>-publication-pack.zip with the files and a manifest.")
@click.option("--html", is_flag=True,
              help="Also write each document as one accessible, self-contained web page "
                   "(<slug>-<kind>.html).")
@click.option("--force", is_flag=True, help="Replace output files that exist already.")
@click.option("--strict", is_flag=True, help="Treat warnings (review and checks) as errors.")
@click.option("--sensitive", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="File of real names, places and dates (one per line) that must not appear "
                   "in any output.")
@click.option("--templates", "house", type=click.Path(file_okay=False, exists=True,
                                                      path_type=Path),
              help="Folder of the board's own templates (<kind>.docx, started from "
                   "`scr-docs templates`); other kinds use the shipped ones.")
@VERBOSE
def build(review: Path, outdir: Path, only: tuple[str, ...], pdf: bool, pack: bool,
          html: bool, force: bool, strict: bool, sensitive: Path | None, house: Path | None,
          verbose: bool) -> None:
    """Validate REVIEW and build its Word documents into the output folder.

    Documents are checked for anonymity, accessibility and consistency before anything is
    written; on an error nothing is written and existing files are left untouched.
    """
    from scr_docs.pipeline import build as run

    _imports_done(render=True)

    only = ",".join(only) or None  # "--only a --only b" and "--only a,b" alike

    from scr_docs.documents import select

    _check_names(outdir, "output folder")
    if house is not None:
        from scr_docs.documents import house_template_warnings

        _echo_problems(house_template_warnings(house))
    try:
        bar = (click.progressbar(length=len(select(only)), file=sys.stderr, show_pos=True,
                                 label="Converting to PDF with LibreOffice")
               if pdf else contextlib.nullcontext())
        with bar:
            built = run(review, outdir, only=only, pdf=pdf, pack=pack, force=force,
                        strict=strict, sensitive=_read_sensitive(sensitive),
                        progress=(lambda name: bar.update(1)) if pdf else None,
                        templates=house, html=html)
    except ScrDocsError as exc:
        _fail(exc)
    _echo_problems(built.problems, verbose=verbose)
    for path in built.written:
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--sensitive", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="File of real names, places and dates (one per line) to search for.")
@click.option("--strict", is_flag=True, help="Count warnings as errors (exit 1).")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every finding to this report (.md or .html).")
@VERBOSE
def check(paths: tuple[Path, ...], sensitive: Path | None, strict: bool,
          report: Path | None, verbose: bool) -> None:
    """Check review files, .docx files, HTML pages or folders for publication safety.

    Anonymity (names from --sensitive, identifying metadata, comments, tracked changes; in
    HTML pages, the names from --sensitive in their text and attributes),
    accessibility (title, language, headings, tables, alt text, links, contrast) and
    consistency (pseudonym, age, board, agencies, recommendation count, quotes, glossary).
    Exit status: 0 when no finding is an error, 1 otherwise.
    """
    from scr_docs.check import summarise, write_report
    from scr_docs.pipeline import run_check

    _imports_done()

    try:
        problems, checked = run_check(list(paths), _read_sensitive(sensitive))
        if report:
            write_report(problems, report, checked=checked)
    except ScrDocsError as exc:
        _fail(exc)
    _echo_problems(problems, err=False, verbose=verbose, summarised=False)
    click.echo(summarise(problems, len(checked)))  # one summary line, naming the documents
    if any(p.is_error or strict and p.is_warning for p in problems):
        sys.exit(EXIT_INVALID)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new(directory: Path) -> None:
    """Create DIRECTORY with a commented review.yaml to fill in.

    The new file validates as it stands; every section of the format is there, with a
    comment saying what goes in it. An existing review.yaml is never overwritten.
    """
    from scr_docs.review.scaffold import scaffold

    _check_names(directory, "folder")
    try:
        target = scaffold(directory)
    except ScrDocsError as exc:
        _fail(exc)
    click.echo(f"created {target}; fill it in, then run: scr-docs validate {target}")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def templates(directory: Path) -> None:
    """Copy the shipped Word templates into DIRECTORY to make a house style.

    Change fonts, colours, margins, the title page and headers in Word, keeping the style
    names and the {{ tags }}; then build with `--templates DIRECTORY`. Existing files are
    never overwritten.
    """
    import shutil

    from scr_docs.documents import KINDS

    _check_names(directory, "folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for kind in KINDS.values():
            target = directory / kind.template
            if target.is_symlink() and not target.exists():
                click.echo(f"left {target} alone: it is a symbolic link to a missing file, "
                           "and files are never written through a link")
                continue
            if target.exists():
                click.echo(f"kept {target} (exists already)")
                continue
            with open(target, "xb") as out, open(kind.shipped_template(), "rb") as shipped:
                shutil.copyfileobj(shipped, out)  # "x": never through a link made meanwhile
            click.echo(f"wrote {target}")
    except OSError as exc:
        _fail(ScrDocsError(f"cannot write templates to {directory}: {exc.strerror or exc}"))
    except ScrDocsError as exc:
        _fail(exc)


@cli.command()
@click.argument("workbook", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("review", required=False,
                type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--at", "at", metavar="YYYY-MM-DD",
              help="Date at which actions are overdue (default: today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (.md, .html or .docx) instead of printing it.")
def progress(workbook: Path, review: Path | None, at: str | None, output: Path | None) -> None:
    """Report progress on an action plan WORKBOOK (<slug>-action-plan.xlsx) for the board.

    Counts actions by status and agency, lists those overdue at --at, the recommendations with
    no action and, given the REVIEW file, what changed since it. Every row of the sheet is
    read; a sheet whose columns were renamed, removed or reordered is refused, naming the
    column.
    """
    import datetime as dt

    from scr_docs.output.progress import read_plan, report, write_report

    try:
        when = dt.date.today()
        if at:
            try:
                when = dt.date.fromisoformat(at)
            except ValueError:
                raise ScrDocsError(f"--at '{at}' is not a date; write it YYYY-MM-DD")
        rows, problems = read_plan(workbook)
        before, title = None, "Action plan progress"
        if review:
            from scr_docs.assemble.action_plan import rows as plan_rows
            from scr_docs.assemble.facts import Facts
            from scr_docs.review.load import load
            from scr_docs.review.validate import validate as run

            facts = Facts(run(load(review)).data)
            before = plan_rows(facts)
            title = f"Action plan progress: {facts.review_type_title} concerning {facts.child}"
        page = report(rows, when, before, title)
        _echo_problems(problems)
        if output:
            write_report(page, output, title)
            click.echo(f"wrote {output}")
        else:
            click.echo(page, nl=False)
    except ScrDocsError as exc:
        _fail(exc)


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the reference to this file instead of standard output.")
@click.option("--cli", "of_cli", is_flag=True,
              help="Print the command-line reference (every command's help) instead.")
def reference(output: Path | None, of_cli: bool) -> None:
    """Print the reference of the review file format, generated from the schema."""
    from scr_docs.review.reference import reference_markdown

    page = cli_markdown() if of_cli else reference_markdown()
    if output:
        output.write_text(page, encoding="utf-8")
    else:
        click.echo(page, nl=False)


def cli_markdown() -> str:
    """Return the command-line reference: every command's ``--help``, as Markdown."""
    out = ["# Command-line reference", "",
           "<!-- Generated by `scr-docs reference --cli -o docs/cli.md`; a test fails when it"
           " is out of date. -->", ""]
    top = click.Context(cli, info_name="scr-docs", terminal_width=100, **cli.context_settings)
    pages = [("scr-docs", cli.get_help(top))]
    for name, command in sorted(cli.commands.items()):
        context = click.Context(command, info_name=name, parent=top)
        pages.append((f"scr-docs {name}", command.get_help(context)))
    for name, text in pages:
        out += [f"## `{name}`", "", "```", text.rstrip(), "```", ""]
    return "\n".join(out)


def main() -> None:
    """Run the command line; never show a traceback for a deliberate error."""
    global _OWN_PROCESS
    _OWN_PROCESS = True
    try:
        cli(standalone_mode=True)
    except ScrDocsError as exc:  # pragma: no cover - commands handle their own
        _fail(exc)
    except OSError as exc:  # a last guard: a file problem is a message, never a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(ScrDocsError(f"{where}{exc.strerror or exc}; the command stopped"))


if __name__ == "__main__":
    main()
