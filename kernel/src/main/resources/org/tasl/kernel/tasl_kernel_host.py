"""What every part of the kernel's Python half shares: the Java callables and hidden names.

Part of the Python half of the TaSL kernel (see ``tasl_kernel``); loaded first.
``_host`` is filled by ``tasl_kernel._setup`` with the Java callables (publish a display,
track an experiment, start the dashboard); ``_hidden`` holds the names ``%who`` leaves out.
"""

_host = {}
_hidden = set()


def _is_java(e):
    return hasattr(e, "getClass") and hasattr(e, "getStackTrace")
