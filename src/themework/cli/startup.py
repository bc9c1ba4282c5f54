"""Start-up cost of every command: Typer's plain options without pydantic.

Typer (0.2x) coerces each option's value through a pydantic ``TypeAdapter`` built on first
use, so the first option of any command imports pydantic: about 70 ms of CPU, a fifth of
what a read command such as ``info`` costs on a large project. An option typed ``str``,
``bool``, ``int``, ``float`` or ``list[str]`` whose value is already of that type (text from
the command line, a flag, a default) needs no adapter: it would hand the same value back.
So does a whole number typed as plain digits for an ``int`` option. ``lean_option_coercion``
gives such options a pass-through and leaves any other value (``"2e3"`` for a number,
``"yes"`` for a flag), any other type and any option with its own parser or bounds to Typer.
On a Typer without this machinery it does nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_PLAIN = (str, bool, int, float)  # annotations whose value may already be what they name
_DIGITS = re.compile(r"[+-]?[0-9]{1,30}")  # an integer as typed: no spaces, "_" or exponent


def lean_option_coercion() -> bool:
    """Install the pass-through for plain options; False when Typer has no such hook."""
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
            if self.annotation == list[str]:
                if isinstance(value, list | tuple) and all(type(v) is str for v in value):
                    return list(value)
            elif type(value) is self.annotation:
                return value
            elif self.annotation is int and isinstance(value, str) and _DIGITS.fullmatch(value):
                return int(value)  # what the adapter makes of "20"; "2e3" or "x" go to it
            # Anything else ("yes" for a flag, "20" for a number) gets Typer's own coercion.
            descriptor = TypeDescriptor(self.annotation, self.parameter_info, None)
            return original(descriptor).coerce(value, param=param, ctx=ctx)

    def build(descriptor: Any) -> Any:
        info = descriptor.parameter_info
        own_rules = (
            descriptor.file_annotation is not None
            or getattr(info, "parser", None) is not None
            or getattr(info, "click_type", None) is not None
            or getattr(info, "min", None) is not None
            or getattr(info, "max", None) is not None
        )
        plain = descriptor.annotation in _PLAIN or descriptor.annotation == list[str]
        if plain and not own_rules:
            return _Plain(annotation=descriptor.annotation, parameter_info=info)
        return original(descriptor)

    build._themework_lean = True  # type: ignore[attr-defined]
    setattr(core, "build_runtime_param", build)  # noqa: B010 - Typer does not export it
    return True
