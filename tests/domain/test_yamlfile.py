"""Every YAML file themework reads goes through one bounded loader: no aliases, no deep nesting,
a located message; a NUL byte in a codebook is named as such."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def test_libyaml_and_pyyaml_give_the_same_node_tree() -> None:
    """libyaml reads for speed; what the linter sees (values, tags, styles, lines and
    columns) is what PyYAML's own parser gives."""
    from themework.domain import yamlfile

    if yamlfile._fast is None:
        pytest.skip("PyYAML without libyaml")
    text = (
        'codebook: "Study"\ncodes:\n  - name: Trust\n    colour: #2a9d8f\n    keywords: [no, yes]'
        "\n    definition: >\n      Folded\n      text.\n  - {name: 'Safety', id: s1}\n"
    )

    def tree(node: Any) -> Any:
        marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line)
        if isinstance(node.value, list):
            kids = [tuple(map(tree, v)) if isinstance(v, tuple) else tree(v) for v in node.value]
            return (node.tag, marks, node.flow_style, kids)
        return (node.tag, marks, node.style, node.value)

    fast, slow = yamlfile._fast(text), yamlfile._BoundedLoader(text)
    assert tree(fast.get_single_node()) == tree(slow.get_single_node())


def test_a_yaml_error_is_reported_in_pyyaml_words() -> None:
    with pytest.raises(InputError) as info:
        load("codes:\n  - name: [unclosed\n", "f.yaml")
    assert str(info.value) == "f.yaml:3: is not valid YAML"
