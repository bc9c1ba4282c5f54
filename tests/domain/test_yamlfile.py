"""Every YAML file themework reads goes through one bounded loader: no aliases, no deep nesting,
a located message; a NUL byte in a codebook is named as such."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import write
from themework.domain.errors import InputError
from themework.domain.yamlfile import load
from themework.services.codebook import lint_file, read_file
from themework.tui.config import load_keymap

BOMB = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"


def test_plain_yaml_loads() -> None:
    assert load("code.apply: k\nlist: [1, 2]\n", "f.yaml") == {"code.apply": "k", "list": [1, 2]}


def test_an_alias_is_refused_with_its_line() -> None:
    with pytest.raises(InputError) as info:
        load(BOMB, "f.yaml")
    assert str(info.value) == "f.yaml:2: aliases (*a) are not supported: write the value out"


def test_deep_nesting_is_refused_with_its_line_not_a_recursion_error() -> None:
    with pytest.raises(InputError) as info:
        load("x:\n  " + "[" * 5000 + "]" * 5000 + "\n", "f.yaml")
    assert str(info.value) == "f.yaml:2: nested more than 100 levels deep"


def test_the_tui_keys_file_is_read_by_the_bounded_loader(tmp_path: Path) -> None:
    keys = write(tmp_path / "keys.yaml", "k: &k code.apply\nj: *k\n")
    with pytest.raises(InputError, match=r"keys.yaml:2: aliases \(\*k\) are not supported"):
        load_keymap(keys)


def test_a_codebook_with_a_nul_byte_is_called_a_codebook(tmp_path: Path) -> None:
    path = tmp_path / "cb.yaml"
    path.write_bytes(b"codes:\n  - name: A\x00\n")
    with pytest.raises(InputError) as info:
        read_file(path)
    assert str(info.value) == f"{path}:2: looks like a binary file, not a codebook (YAML)"
    with pytest.raises(InputError, match="not a codebook"):
        lint_file(path)
