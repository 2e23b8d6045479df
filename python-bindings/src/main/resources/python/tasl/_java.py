"""The door to Java: the per-context bridge, Java class lookup and exception translation.

Nothing else in the package imports ``java`` or ``polyglot`` directly, so the rules for
crossing the language boundary live here.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Optional, TypeVar

import java
import polyglot

from .errors import NotAvailable, RunCancelled, RunError, TaslError, TaslIOError, TaslValueError

bridge = polyglot.import_value("tasl_bridge")
if bridge is None:  # pragma: no cover - only outside TaslPolyglot contexts
    raise ImportError("tasl must be imported in a context made by org.tasl.polyglot.TaslPolyglot")

ForeignException = polyglot.ForeignException

_VALUE_ERRORS = ("IllegalArgumentException", "NumberFormatException", "NoSuchElementException",
                 "UnsupportedOperationException", "IndexOutOfBoundsException",
                 "ArrayIndexOutOfBoundsException", "DateTimeParseException")
_IO_ERRORS = ("IOException", "UncheckedIOException", "FileNotFoundException", "NoSuchFileException",
              "AccessDeniedException", "JsonParseException", "JsonMappingException",
              "MismatchedInputException")


T = TypeVar("T")


def jtype(name: str) -> Any:
    """The Java class ``name`` (as ``java.type``), or :class:`NotAvailable` if it is missing."""
    try:
        return java.type(name)
    except KeyError as e:
        raise NotAvailable(f"Java class {name} is not available to scripts (not on the classpath, or "
                           "outside the host-access policy)") from e


def from_json(text: Any) -> Any:
    """Parses JSON the bridge produced (NaN allowed) into plain Python values."""
    return None if text is None else json.loads(str(text))


def to_py(value: Any) -> Any:
    """Any engine value (map, list, record, array) as plain Python data, in one crossing."""
    return from_json(bridge.toJson(value))


def _chain(exc: Any) -> list[tuple[Optional[str], Optional[str]]]:
    """[(java class, message)] from the exception to its root cause."""
    try:
        chain = from_json(bridge.describeError(exc))["chain"]
    except BaseException:  # noqa: BLE001 - not a Java exception after all
        chain = []
    return [(c.get("class"), c.get("message")) for c in chain] or [(None, repr(exc))]


def translate(exc: Any, context: Optional[str] = None) -> TaslError:
    """A :class:`TaslError` for a Java exception, with a message naming what was being done.

    The message is the deepest one in the cause chain that says something (the engine wraps
    the user-facing reason, e.g. "unknown method 'x'", in its own exceptions).
    """
    chain = _chain(exc)
    jclass, message = chain[0]
    for c, m in chain:
        if m:
            jclass, message = c, m
    simple = (jclass or "").rsplit(".", 1)[-1]
    if simple in _VALUE_ERRORS:
        kind = TaslValueError
    elif simple in _IO_ERRORS:
        kind = TaslIOError
    elif simple == "NotAvailableException":
        kind = NotAvailable
    elif simple in ("InterruptedException", "CancellationException"):
        kind = RunCancelled
    else:
        kind = RunError if context and context.startswith("run") else TaslError
    text = message or jclass or "Java error"
    if context:
        text = f"{context}: {text}"
    return kind(text, java_class=jclass, java_exception=exc)


def call(context: str, fn: Callable[..., T], *args: Any) -> T:
    """Calls ``fn(*args)``; a Java exception comes out as a :class:`TaslError` from it."""
    try:
        return fn(*args)
    except ForeignException as e:
        raise translate(e, context) from e
