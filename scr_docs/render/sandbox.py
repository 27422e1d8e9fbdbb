"""Word templates are data: the Jinja sandbox they render in and the tags they may hold.

A board's house template travels between boards and is edited by many hands, so nothing in it
may reach the machine that builds the documents. Two defences, each enough on its own:

- :func:`sandbox` is the only Jinja environment a template is rendered in: Jinja's immutable
  sandbox with no globals (no ``range``, ``lipsum``, ``cycler``, ``joiner``, ``namespace``,
  ``dict``), a short list of filters, no tests, no attribute or item access except
  ``logo.fit(width_cm, height_cm)``, and string repetition and powers bounded. The context holds
  only plain strings, booleans and marker strings (:data:`TEMPLATE_VARIABLES`).
- :func:`tag_problems` is the house-template check: every Jinja tag must be one of the documented
  forms (a variable, a variable through an allowed filter, ``logo.fit(…)`` with two numbers,
  ``if``/``elif``/``else``/``endif`` over variables); anything else (attribute access, calls,
  loops, ``set``, ``include``, ``import``, macros, arithmetic) is refused, naming the tag.

Rendering a template that passed the check is linear in its size: no loops, no arithmetic.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypedDict

LOGO_MARKER = "scr-docs-logo-3f8a2d"
"""What ``{{ logo }}`` prints; the renderer swaps the run holding it for the picture."""

class TemplateContext(TypedDict, total=False):
    """The variables of every Word template (docs/architecture.md): plain text and
    true/false only. ``logo`` is given to the renderer as (image path, alternative text) or
    None and reaches the template as a marker string; ``body`` is placed by the renderer."""

    board_name: str
    review_type_title: str
    doc_title: str
    child: str
    date_text: str
    draft: bool
    marking: str
    subtitle: str
    authors_line: str
    logo: tuple[str, str] | None


TEMPLATE_VARIABLES = frozenset(TemplateContext.__annotations__) | {"body"}
"""The Jinja variables every template may use: :class:`TemplateContext`'s and ``body``."""

ALLOWED_FILTERS = ("upper", "lower", "title", "capitalize", "trim", "default")
"""Filters a template may apply to a variable: ``{{ board_name|upper }}``; arguments must be
plain strings or numbers (``{{ marking|default("OFFICIAL") }}``)."""

MAX_STRING = 100_000
"""Longest string (characters) an operator may make while rendering; beyond it, refused."""

_TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)
_STATEMENTS = ("if", "elif", "else", "endif")


_COMPILED: dict = {}
"""(autoescape, template source) -> compiled Template, shared by the environments below."""
_COMPILED_MAX = 256


def sandbox(autoescape: bool = True):
    """Return the Jinja environment every Word template renders in.

    An ``ImmutableSandboxedEnvironment`` with ``StrictUndefined`` (an unknown name is an
    error, not an empty string), no globals, :data:`ALLOWED_FILTERS` only, no tests, attribute
    and item access refused except ``logo.fit``, and ``*``, ``**`` and ``+`` refused when the
    result would exceed :data:`MAX_STRING` characters or 10**12. Raises nothing itself; a
    template that breaks a rule fails with ``jinja2.exceptions.SecurityError`` when rendered.
    """
    from jinja2 import StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class TemplateSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+"})
        intercepted_unops = frozenset({"-"})

        def is_safe_attribute(self, obj, attr, value) -> bool:
            return False

        def is_safe_callable(self, obj) -> bool:
            return isinstance(obj, _LogoFit)

        def getattr(self, obj, attribute):
            if attribute == "fit" and isinstance(obj, str) and obj in ("", LOGO_MARKER):
                return _LogoFit(obj)
            return self.unsafe_undefined(obj, attribute)

        def getitem(self, obj, argument):
            return self.unsafe_undefined(obj, argument)

        def from_string(self, source, globals=None, template_class=None):
            """Compile ``source`` once a process: every template part that docxtpl hands
            over (headers, footers, properties) is the same text in most documents, and
            every environment made here behaves alike."""
            if globals or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            key = (self.autoescape, source)
            if key not in _COMPILED:
                if len(_COMPILED) >= _COMPILED_MAX:
                    _COMPILED.clear()
                _COMPILED[key] = super().from_string(source)
            return _COMPILED[key]

        def call_binop(self, context, operator, left, right):
            if operator == "**":
                if not all(isinstance(v, (int, float)) for v in (left, right)) \
                        or abs(right) > 64:
                    raise SecurityError("a power in a template is limited to 64")
                value = left ** right
                if abs(value) > 10 ** 12:
                    raise SecurityError("a number in a template is limited to 10**12")
                return value
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                            and len(seq) * max(times, 0) > MAX_STRING:
                        raise SecurityError(f"a template may not make a text longer than "
                                            f"{MAX_STRING:,} characters")
            if operator == "+" and isinstance(left, (str, list)) and isinstance(
                    right, (str, list)) and len(left) + len(right) > MAX_STRING:
                raise SecurityError(f"a template may not make a text longer than "
                                    f"{MAX_STRING:,} characters")
            return super().call_binop(context, operator, left, right)

    env = TemplateSandbox(autoescape=autoescape, undefined=StrictUndefined)
    env.globals.clear()
    env.filters = {name: env.filters[name] for name in ALLOWED_FILTERS}
    env.tests = {}
    return env


class _LogoFit:
    """``logo.fit(width_cm, height_cm)``: the logo marker for a picture fitted in that box."""

    __slots__ = ("marker",)

    def __init__(self, marker: str):
        self.marker = marker

    def __call__(self, width_cm, height_cm) -> str:
        from scr_docs.errors import TemplateError

        if not self.marker:
            return ""
        try:
            width, height = float(width_cm), float(height_cm)
        except (TypeError, ValueError):
            width = height = 0.0
        if not (0.1 <= width <= 50 and 0.1 <= height <= 50):
            raise TemplateError(f"logo.fit({width_cm}, {height_cm}): give the box in cm, "
                                "each side from 0.1 to 50")
        return f"{LOGO_MARKER}-{width:.2f}x{height:.2f}"


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Stop the work inside after ``seconds`` (wall clock) with a ``TemplateError`` naming
    ``what``. Uses SIGALRM, so it only acts in the main thread of the main interpreter;
    elsewhere it does nothing (the tag check is then the bound)."""
    from scr_docs.errors import TemplateError

    if threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum, frame):
        raise TemplateError(f"{what} took longer than {seconds:g} s and was stopped; "
                            "a template must not loop or build long texts")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- the house-template check ----------------------------------------------------------------
def tag_problems(xml: str, part: str, variables=TEMPLATE_VARIABLES) -> list[str]:
    """Return a message for each Jinja tag in ``xml`` (a part docxtpl has patched) that is not
    one of the documented forms; ``part`` names the part in the messages.

    Allowed: ``{{ name }}``, ``{{ name|filter }}`` (filters in :data:`ALLOWED_FILTERS`, plain
    arguments), ``{{ logo.fit(5, 1.8) }}``, ``{% if cond %}`` / ``{% elif cond %}`` /
    ``{% else %}`` / ``{% endif %}`` where ``cond`` combines names with ``not``, ``and``,
    ``or`` and ``==`` / ``!=`` against plain strings. ``{# comments #}`` are ignored.
    """
    problems = []
    for tag, expression, statement in _tags(xml):
        reason = (_expression_problem(expression, variables) if expression is not None
                  else _statement_problem(statement, variables))
        if reason:
            problems.append(f"{part}: the tag {_short(tag)} is not allowed in a template: "
                            f"{reason}")
    return problems


def _tags(xml: str) -> Iterator[tuple[str, str | None, str | None]]:
    for m in _TAG.finditer(xml):
        text = re.sub(r"<[^>]*>", "", m.group(0))
        if m.group(1) is not None:
            yield text, _strip_controls(re.sub(r"<[^>]*>", "", m.group(1))), None
        else:
            yield text, None, _strip_controls(re.sub(r"<[^>]*>", "", m.group(2)))


def _strip_controls(inner: str) -> str:
    """Drop Jinja whitespace control (``-``/``+``) and docxtpl's run/paragraph letters."""
    inner = inner.strip()
    inner = inner.lstrip("-+").rstrip("-+").strip()
    return inner


def _parse_expression(source: str):
    from jinja2 import Environment, nodes
    from jinja2.exceptions import TemplateSyntaxError

    try:
        template = Environment().parse("{{ " + source + " }}")
    except TemplateSyntaxError as exc:
        return None, f"Jinja cannot read it ({exc.message})"
    body = template.body
    if len(body) != 1 or not isinstance(body[0], nodes.Output) or len(body[0].nodes) != 1:
        return None, "it is not a single expression"
    return body[0].nodes[0], None


def _expression_problem(source: str, variables) -> str | None:
    node, error = _parse_expression(source)
    if error:
        return error
    return _unknown_name(node, variables) or _output_problem(node, variables)


def _unknown_name(node, variables) -> str | None:
    """Name the first variable that is not a template variable (``lipsum``, ``self`` …)."""
    from jinja2 import nodes

    for name in node.find_all(nodes.Name):
        if name.name not in variables:
            return _name_problem(name, variables)
    return None


def _output_problem(node, variables) -> str | None:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return _name_problem(node, variables)
    if isinstance(node, nodes.Filter):
        if node.name not in ALLOWED_FILTERS:
            return (f"the filter '{node.name}' is not one of the allowed filters "
                    f"({', '.join(ALLOWED_FILTERS)})")
        if node.kwargs or node.dyn_args or node.dyn_kwargs \
                or not all(_plain_constant(a) for a in node.args):
            return "filter arguments must be plain text or numbers"
        if node.node is None:
            return "a filter must follow a variable"
        return _output_problem(node.node, variables)
    if isinstance(node, nodes.Call):
        target = node.node
        if (isinstance(target, nodes.Getattr) and isinstance(target.node, nodes.Name)
                and target.node.name == "logo" and target.attr == "fit"
                and "logo" in variables and len(node.args) == 2 and not node.kwargs
                and not node.dyn_args and not node.dyn_kwargs
                and all(isinstance(a, nodes.Const) and isinstance(a.value, (int, float))
                        and not isinstance(a.value, bool) for a in node.args)):
            return None
        return "calls are not allowed (only logo.fit(width_cm, height_cm) with two numbers)"
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        return "reading an attribute or item ('.' or '[ ]') is not allowed"
    if isinstance(node, nodes.Const) and isinstance(node.value, str) and len(node.value) < 1000:
        return None
    return f"{_kind(node)} is not allowed; use a variable ({', '.join(sorted(variables))})"


def _condition_problem(node, variables) -> str | None:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return _name_problem(node, variables)
    if isinstance(node, nodes.Not):
        return _condition_problem(node.node, variables)
    if isinstance(node, (nodes.And, nodes.Or)):
        return _condition_problem(node.left, variables) or _condition_problem(node.right,
                                                                               variables)
    if isinstance(node, nodes.Compare) and len(node.ops) == 1 \
            and node.ops[0].op in ("eq", "ne"):
        left, right = node.expr, node.ops[0].expr
        if isinstance(left, nodes.Name) and _plain_constant(right):
            return _name_problem(left, variables)
        if isinstance(right, nodes.Name) and _plain_constant(left):
            return _name_problem(right, variables)
        return "compare a variable with plain text, e.g. marking == \"OFFICIAL\""
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        return "reading an attribute or item ('.' or '[ ]') is not allowed"
    if isinstance(node, nodes.Call):
        return "calls are not allowed in a condition"
    return f"{_kind(node)} is not allowed in a condition"


def _statement_problem(source: str, variables) -> str | None:
    keyword, _, rest = source.partition(" ")
    # docxtpl's paragraph/row/cell/run forms ({%p if %}) are patched to plain tags before this
    if keyword not in _STATEMENTS:
        return (f"'{keyword}' is not allowed: a template may only use if / elif / else / endif"
                " (no loops, set, include, import, macros or blocks)")
    if keyword in ("else", "endif"):
        return f"'{keyword}' takes nothing after it" if rest.strip() else None
    node, error = _parse_expression(rest.strip() or "None")
    if error:
        return error
    return _unknown_name(node, variables) or _condition_problem(node, variables)


def _name_problem(node, variables) -> str | None:
    if node.name in variables:
        return None
    return (f"'{node.name}' is not a template variable "
            f"(known: {', '.join(sorted(variables))})")


def _plain_constant(node) -> bool:
    from jinja2 import nodes

    return isinstance(node, nodes.Const) and isinstance(node.value, (str, int, float)) \
        and not isinstance(node.value, bool) and len(str(node.value)) < 1000


def _kind(node) -> str:
    names = {"BinExpr": "arithmetic", "Mul": "arithmetic", "Pow": "arithmetic",
             "Add": "arithmetic", "Sub": "arithmetic", "Div": "arithmetic",
             "FloorDiv": "arithmetic", "Mod": "arithmetic", "Concat": "joining with '~'",
             "CondExpr": "an inline if", "List": "a list", "Tuple": "a tuple",
             "Dict": "a dict", "Test": "an 'is' test", "Slice": "slicing"}
    return names.get(type(node).__name__, f"this kind of expression ({type(node).__name__})")


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
