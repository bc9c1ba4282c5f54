"""Numbers past what the databases store are refused where they are typed, by name.

A coding id of 2**63 was an OverflowError on SQLite, printed as "internal error".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import Cli, cli, ok, one_error, project, sample  # noqa: F401 - fixtures by name

HUGE = str(2**63)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("coding", "remove", HUGE), f"IDS {HUGE} is too large (at most {2**63 - 1})"),
        (("theme", "exemplar", "Trust", HUGE), f"{HUGE} is too large"),
        (("suggestion", "accept", HUGE), f"{HUGE} is too large"),
        (("log", "--limit", HUGE), f"--limit {HUGE} is too large"),
        (("coding", "apply", "P01", "x", "--turn", HUGE), f"{HUGE} is too large"),
        (("memo", "add", "a memo", "--on", f"coding:{HUGE}"),
         f"coding {HUGE} cannot exist: ids go up to {2**63 - 1}"),
        (("code", "split", "consistency-of-worker", "New", "--codings", f"1,{HUGE}"),
         f"coding {HUGE} cannot exist"),
        (("theme", "narrative", "Trust", f"As {{{{extract:{HUGE}}}}} shows."),
         f"the narrative refers to extracts that do not exist: {HUGE}"),
    ],
    ids=lambda v: v[1] if isinstance(v, tuple) else None,
)
def test_ids_past_64_bits_are_a_clear_error_not_an_internal_one(
    cli: Cli,  # noqa: F811
    sample: str,  # noqa: F811
    args: tuple[str, ...],
    expected: str,
) -> None:
    ok(cli("theme", "create", "Trust"))
    before = ok(cli("log", "--json")).out
    line = one_error(cli(*args))
    assert expected in line
    assert ok(cli("log", "--json")).out == before  # nothing was changed



def test_a_yaml_alias_bomb_is_refused_by_line_in_plain_english(
    cli: Cli, project: str, tmp_path: Path  # noqa: F811
) -> None:
    rows = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(rows) + "\n", encoding="utf-8")
    lint = cli("codebook", "lint", str(bomb))
    assert lint.code == 1
    assert "bomb.yaml:2:" in lint.out and "aliases" in lint.out
    assert lint.err.strip() == "error: 1 problem"
    assert "bomb.yaml:2:" in one_error(cli("codebook", "load", str(bomb)))
