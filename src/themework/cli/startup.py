"""Start-up cost of every command: Typer's text and flag options without pydantic.

Typer (0.2x) coerces each option's value through a pydantic ``TypeAdapter`` built on first
use, so the first text option of any command imports pydantic: about 70 ms of CPU, a fifth
of what a read command such as ``info`` costs on a large project. A ``str`` option whose
value is already text, or a ``bool`` flag whose value is already a bool, needs no adapter
(the adapter would hand the same value back). ``lean_string_options`` gives such options a
pass-through and leaves any other value, any other type and any option with its own parser
to Typer. On a Typer without this machinery it does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def lean_string_options() -> bool:
    """Install the pass-through for plain ``str`` options; False when Typer has no such hook."""
    try:
        from typer import core
        from typer._coercion import RuntimeParam, TypeDescriptor
    except ImportError:  # pragma: no cover - an older or newer Typer: keep its own way
        return False
    original: Any = getattr(core, "build_runtime_param", None)
    if original is None or getattr(original, "_themework_lean", False):
        return original is not None

    @dataclass(frozen=True)
    class _Plain(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if type(value) is self.annotation:
                return value
            # Anything else ("yes" for a flag, bytes) gets Typer's own coercion.
            descriptor = TypeDescriptor(self.annotation, self.parameter_info, None)
            return original(descriptor).coerce(value, param=param, ctx=ctx)

    def build(descriptor: Any) -> Any:
        info = descriptor.parameter_info
        if (
            descriptor.annotation in (str, bool)
            and descriptor.file_annotation is None
            and getattr(info, "parser", None) is None
            and getattr(info, "click_type", None) is None
        ):
            return _Plain(annotation=descriptor.annotation, parameter_info=info)
        return original(descriptor)

    build._themework_lean = True  # type: ignore[attr-defined]
    setattr(core, "build_runtime_param", build)  # noqa: B010 - Typer does not export it
    return True
