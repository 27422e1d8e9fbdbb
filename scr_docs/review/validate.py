"""Validate a loaded review: Cerberus for shape, then the cross-field rules of the format."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

import cerberus
import cerberus.schema
from cerberus import errors as cerr

from scr_docs.review import rules
from scr_docs.review.dates import parse_date
from scr_docs.errors import Problems, ValidationError
from scr_docs.review.load import Loaded, child_path
from scr_docs.model.nodes import FieldText, Source
from scr_docs.review.schema import SCHEMA


class ReviewValidator(cerberus.Validator):
    """Cerberus with the review file's own types: ``prose`` and ``partialdate``."""

    types_mapping = cerberus.Validator.types_mapping.copy()
    types_mapping["prose"] = cerberus.TypeDefinition("prose", (str,), ())
    types_mapping["partialdate"] = cerberus.TypeDefinition(
        "partialdate", (str, int, datetime.date), (bool,))

    def _validate_meta(self, constraint, field, value):
        """{'type': 'dict'}"""

    def _check_with_partialdate(self, field, value):
        try:
            parse_date(value)
        except ValueError as exc:
            self._error(field, f"{value!r} is not a possible date: {exc}")

    def _normalize_coerce_year_text(self, value):
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class TrustedSchema(cerberus.schema.DefinitionSchema):
    """SCHEMA as Cerberus uses it, without re-checking it against Cerberus's meta-schema.

    That check costs 60 ms on every run, a tenth of a whole build; the test suite runs it
    instead (``test_schema_is_a_valid_cerberus_schema``).
    """

    def validate(self, schema=None):
        return None

    def copy(self):
        """Return a copy of the schema, already expanded (Cerberus copies the top level's
        schema on every run and would expand all of it again: expanding is idempotent)."""
        copied = type(self).__new__(type(self))
        copied.__dict__.update(self.__dict__)
        copied.schema = self.schema.copy()
        return copied

    def __setitem__(self, key, value):
        """Set one field's rules: Cerberus sets back each field's rules of the copy, as
        expanded already, so neither expanding nor checking them again changes them."""
        self.schema[key] = value


def review_validator() -> ReviewValidator:
    """Return a validator for SCHEMA."""
    validator = ReviewValidator()
    validator.schema = TrustedSchema(validator, SCHEMA)
    return validator


def _path(document_path: tuple) -> str:
    path = ""
    for key in document_path:
        path = child_path(path, key)
    return path


def _leaves(errors) -> Iterator[cerr.ValidationError]:
    for error in errors:
        if error.is_group_error:
            yield from _leaves(error.child_errors)
        else:
            yield error


def _describe(error: cerr.ValidationError) -> tuple[str, bool]:
    """Return a plain reason for a Cerberus error, and whether it is only a warning."""
    code, constraint, value = error.code, error.constraint, error.value
    if code == cerr.UNKNOWN_FIELD.code:
        name = str(error.document_path[-1]) if error.document_path else ""
        if " " in name.strip():
            return ("this is not a field name but text: a comma inside { … } ends a value, so "
                    f"the words after it ('{name}') were read as a new field and are left out; "
                    "put the whole value in quotes"), False
        return "unknown field (a typo?); it is ignored", True
    if code == cerr.REQUIRED_FIELD.code:
        return "required field is missing", False
    if code == cerr.BAD_TYPE.code:
        wanted = {"dict": "a map of fields", "list": "a list", "string": "text",
                  "prose": "text (Markdown) or {file: path.md}", "boolean": "true or false",
                  "partialdate": "a date"}.get(constraint, constraint)
        return f"should be {wanted}, not {_kind(value)}", False
    if code == cerr.UNALLOWED_VALUE.code:
        return f"{value!r} is not allowed; use one of: {', '.join(map(str, constraint))}", False
    if code == cerr.EMPTY_NOT_ALLOWED.code:
        return "must not be empty", False
    if code == cerr.MIN_LENGTH.code:
        return f"needs at least {constraint} entr{'y' if constraint == 1 else 'ies'}", False
    if code == cerr.REGEX_MISMATCH.code:
        return f"{value!r} is not in the expected form ({_regex_hint(constraint)})", False
    if code == cerr.NOT_NULLABLE.code:
        return "has no value; give one or remove the field", False
    return str(error.info[0]) if error.info else f"fails the {error.rule!r} rule", False


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"{type(value).__name__} {value!r}"


def _regex_hint(pattern: str) -> str:
    return {
        r"\d{4}|not known": "a four-digit year or 'not known'",
        r"[A-Za-z0-9][A-Za-z0-9_-]*": "letters, digits, '-' and '_' only",
        r"https?://\S+": "a web address starting https://",
        r"[^@\s]+@[^@\s]+\.[^@\s]+": "an email address",
    }.get(pattern, pattern)


@dataclass
class Review:
    """A valid review: its normalised data (dates as PartialDate) and where it came from."""

    data: dict
    loaded: Loaded
    problems: Problems
    models: dict = field(default_factory=dict)
    """The document model of each kind (kind name -> Document), once assembled."""
    assembled: dict = field(default_factory=dict)
    """Kind name -> (DocBuilder, template variables), as the assemblers returned them."""

    @property
    def path(self):
        return self.loaded.path

    def __getitem__(self, key: str):
        return self.data[key]

    def get(self, key: str, default=None):
        return self.data.get(key, default)


def check(loaded: Loaded) -> tuple[dict | None, Problems]:
    """Return the normalised data (None when its shape is wrong) and every problem found."""
    problems = Problems(file=str(loaded.path), items=list(loaded.problems.items))
    data = loaded.data
    if not isinstance(data, dict):
        problems.add(f"the review file should be a map of fields, not {_kind(data)}", "", 1)
        return None, problems
    data = rules.clean_control_characters(copy.deepcopy(data), loaded, problems)
    validator = review_validator()
    valid_shape = validator.validate(data)
    for error in _leaves(validator._errors):
        path = _path(error.document_path)
        reason, warning = _describe(error)
        problems.add(reason, path, loaded.line(path), "warning" if warning else "error")
    document = validator.document if validator.document is not None else data
    if not valid_shape and problems.errors:
        rules.cross_field(document, loaded, problems)
        return None, problems
    document = rules.convert_dates(document)
    rules.cross_field(document, loaded, problems)
    return attach_sources(document, loaded), problems


def attach_sources(value, loaded: Loaded, path: str = ""):
    """Return ``value`` with every text wrapped in a ``FieldText`` that knows its field path,
    file and line, so the documents can say where each paragraph came from.

    Text read from an include file starts on its line 1; a multi-line text that ends with a
    newline (a YAML ``|`` or ``>`` block) starts on the line after its field name.
    """
    if isinstance(value, dict):
        return {k: attach_sources(v, loaded, child_path(path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [attach_sources(v, loaded, child_path(path, i)) for i, v in enumerate(value)]
    if isinstance(value, str) and not isinstance(value, FieldText):
        include = loaded.sources.get(path)
        if include is not None:
            return FieldText(value, Source(path, 1, str(include)))
        line = loaded.line(path)
        if line is not None and "\n" in value.rstrip("\n") and value.endswith("\n"):
            line += 1
        return FieldText(value, Source(path, line, str(loaded.path)))
    return value


def validate(loaded: Loaded, strict: bool = False) -> Review:
    """Return the valid Review, or raise ValidationError with every problem found."""
    data, problems = check(loaded)
    problems.items.sort(key=lambda p: p.line or 0)
    failing = problems.errors or (strict and problems.warnings)
    if data is None or failing:
        raise invalid(loaded.path, problems, strict)
    return Review(data, loaded, problems)


def invalid(path, problems: Problems, strict: bool) -> ValidationError:
    """Return the error that refuses a review: every problem, and how many must be fixed
    (its errors, and its warnings too with ``strict``)."""
    count = len(problems.errors) + (len(problems.warnings) if strict else 0)
    return ValidationError(
        f"{path}: {count} problem{'s' if count != 1 else ''} "
        f"{'(warnings count as errors with --strict) ' if strict and problems.warnings else ''}"
        "must be fixed; nothing was written", problems.items)
