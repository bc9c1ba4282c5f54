"""Identifier refusals and listings on the command line: masked unless --show-identifiers."""

from __future__ import annotations

from pathlib import Path

from test_cli import Cli, cli, ok, project  # noqa: F401 - fixtures by name

LEAK = ("Interviewer: Where?\nP02: At Oakfield Academy, e-mail jane@example.com.\n"
        "Interviewer: Thanks.\nP02: Fine.\n")
NAMES = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Jane Smith>Hello there.</v>\n\n"
         "2\n00:00:05.000 --> 00:00:08.000\n<v Sam Jones>Hi, thanks for having me.</v>\n")


def test_check_identifiers_masks_what_it_found_by_default(
    cli: Cli, tmp_path: Path  # noqa: F811
) -> None:
    path = tmp_path / "P02.txt"
    path.write_text(LEAK, encoding="utf-8")
    masked = cli("check-identifiers", str(path))
    assert masked.code == 1
    assert f"{path}:2: email (high): j***@e******.com" in masked.out
    assert "jane@" not in masked.out + masked.err and "Oakfield" not in masked.out
    assert "--show-identifiers shows them in full" in masked.out
    full = cli("check-identifiers", str(path), "--show-identifiers")
    assert f"{path}:2: email (high): jane@example.com" in full.out


def masked_json(cli: Cli, path: Path, show: bool) -> str:  # noqa: F811
    args = ["check-identifiers", str(path), "--json"] + (["--show-identifiers"] if show else [])
    return cli(*args).out


def test_check_identifiers_json_is_masked_too(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "P02.txt"
    path.write_text(LEAK, encoding="utf-8")
    assert "jane@example.com" not in masked_json(cli, path, False)
    assert "j***@e******.com" in masked_json(cli, path, False)
    assert "jane@example.com" in masked_json(cli, path, True)


def test_an_import_refusal_masks_names_and_identifiers(
    cli: Cli, project: str, tmp_path: Path  # noqa: F811
) -> None:
    leak, call = tmp_path / "P02.txt", tmp_path / "call.vtt"
    leak.write_text(LEAK, encoding="utf-8")
    call.write_text(NAMES, encoding="utf-8")
    result = cli("import", str(leak), str(call))
    out = " ".join((result.out + result.err).split())
    assert "j***@e******.com" in out and "J*** S****" in out
    for secret in ("jane@", "Jane Smith", "Sam Jones", "Oakfield"):
        assert secret not in out
    shown = cli("import", str(leak), str(call), "--show-identifiers")
    both = " ".join((shown.out + shown.err).split())
    assert "jane@example.com" in both and "Jane Smith" in both
