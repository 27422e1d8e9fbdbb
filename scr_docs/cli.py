"""The ``scr-docs`` command: parses options, calls the library, turns errors into exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import ScrDocsError

EXIT_INVALID = 1


def _echo_problems(problems, err: bool = True) -> None:
    for problem in problems:
        colour = "red" if problem.is_error else "yellow"
        click.secho(problem.format(), fg=colour, err=err)


def _fail(exc: ScrDocsError) -> None:
    _echo_problems(exc.problems)
    click.secho(exc.message, fg="red", err=True, bold=True)
    sys.exit(exc.exit_code)


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
def validate(review: Path, strict: bool) -> None:
    """Check REVIEW (a review.yaml) and report every problem at once.

    Exit status: 0 valid (warnings are printed), 1 invalid, 2 wrong usage.
    """
    from .load import load
    from .validate import validate as run

    try:
        result = run(load(review), strict=strict)
    except ScrDocsError as exc:
        _fail(exc)
    _echo_problems(result.problems.items)
    warnings = len(result.problems.warnings)
    click.echo(f"{review}: valid ({warnings} warning{'s' if warnings != 1 else ''})")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new(directory: Path) -> None:
    """Create DIRECTORY with a commented review.yaml to fill in.

    The new file validates as it stands; every section of the format is there, with a
    comment saying what goes in it. An existing review.yaml is never overwritten.
    """
    from .scaffold import scaffold

    try:
        target = scaffold(directory)
    except ScrDocsError as exc:
        _fail(exc)
    click.echo(f"created {target}; fill it in, then run: scr-docs validate {target}")


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the reference to this file instead of standard output.")
def reference(output: Path | None) -> None:
    """Print the reference of the review file format, generated from the schema."""
    from .refdoc import reference_markdown

    page = reference_markdown()
    if output:
        output.write_text(page, encoding="utf-8")
    else:
        click.echo(page, nl=False)


def main() -> None:
    """Run the command line; never show a traceback for a deliberate error."""
    try:
        cli(standalone_mode=True)
    except ScrDocsError as exc:  # pragma: no cover - commands handle their own
        _fail(exc)


if __name__ == "__main__":
    main()
