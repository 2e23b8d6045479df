"""Exceptions raised by :mod:`tasl`.

Every error the Java engine reports reaches Python as a :class:`TaslError` (or a subclass),
with the Java exception attached as ``__cause__`` (so tracebacks show both) and kept in
:attr:`TaslError.java_exception`; :attr:`TaslError.java_class` names its class.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = ["TaslError", "TaslValueError", "TaslIOError", "RunError", "RunCancelled", "NotAvailable"]


class TaslError(Exception):
    """Base class of every error raised by :mod:`tasl`.

    Attributes:
        java_class: fully qualified name of the Java exception behind it, or ``None``.
        java_exception: the Java exception object itself (a foreign object), or ``None``.
    """

    def __init__(self, message: str, java_class: Optional[str] = None, java_exception: Any = None) -> None:
        super().__init__(message)
        self.java_class = java_class
        self.java_exception = java_exception


class TaslValueError(TaslError, ValueError):
    """A bad argument: unknown method, backbone, benchmark or option, or an invalid value."""


class TaslIOError(TaslError, OSError):
    """A file or run directory that is missing, unreadable or malformed."""


class RunError(TaslError):
    """A run failed while training or evaluating."""


class RunCancelled(TaslError):
    """A run was stopped before it finished (``Experiment.cancel()`` or a failing callback)."""


class NotAvailable(TaslError):
    """A feature that is not part of this build or host (e.g. the dashboard module)."""
