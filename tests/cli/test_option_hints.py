"""A service says in words what the user could change; the command line adds its own option
for it, so a refusal still names the flag to use (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import SAMPLES, Cli, cli, project, sample  # noqa: F401 - fixtures by name

NAMES = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Jane Smith>Hello there.</v>\n"
LEAK = "Interviewer: Hello.\nP09: Write to me at jane@example.com please.\n"


def _failure(run: Cli, *args: str) -> str:
    result = run(*args)
    assert result.code != 0, result.out
    return " ".join(result.err.split())


@pytest.mark.parametrize(
    ("args", "ends"),
    [
        (["import", "call.vtt"], "they can be shown in full (--speaker-map, --show-identifiers)"),
        (["import", "call.vtt", "--show-identifiers"], "such as interviewer) (--speaker-map)"),
        (["import", "P09.txt"],
         "allowing them (recorded in the log); they can be shown in full "
         "(--allow-identifiers, --show-identifiers)"),
        (["import", "P01.txt"], "give this one another name (--replace, --name)"),
        (["memo", "add", "a note", "--on", "code"], "error: say which code, as code:NAME (--on)"),
        (["memo", "add", "a note", "--on", "project", "--turn", "1"],
         "only a note on a transcript (transcript:NAME) can name a turn (--on)"),
    ],
)
def test_a_refusal_names_the_option_that_gets_past_it(
    cli: Cli, sample: str, args: list[str], ends: str  # noqa: F811
) -> None:
    Path("call.vtt").write_text(NAMES, encoding="utf-8")
    Path("P09.txt").write_text(LEAK, encoding="utf-8")
    changed = (SAMPLES / "P01.txt").read_text(encoding="utf-8") + "P01: And one more thing.\n"
    Path("P01.txt").write_text(changed, encoding="utf-8")
    assert _failure(cli, *args).endswith(ends)


def test_import_without_a_trained_pipeline_names_ner(cli: Cli, project: str) -> None:  # noqa: F811
    Path("P09.txt").write_text(LEAK, encoding="utf-8")
    result = cli("import", "P09.txt", "--ner", "--allow-identifiers")
    if result.code == 0:
        pytest.skip("a trained pipeline is installed here")
    assert " ".join(result.err.split()).endswith(
        "import without the named-entity check for the rule-based one (--ner)"
    )


def test_loading_over_changed_codes_names_theirs(cli: Cli, project: str) -> None:  # noqa: F811
    Path("cb.yaml").write_text("codes:\n  - name: Trust\n    id: trust\n    definition: one\n")
    assert cli("codebook", "load", "cb.yaml").code == 0
    assert cli("code", "edit", "Trust", "--definition", "two").code == 0
    Path("cb.yaml").write_text("codes:\n  - name: Trust\n    id: trust\n    definition: three\n")
    assert _failure(cli, "codebook", "load", "cb.yaml").endswith(
        "or load the file's version over the project's (--theirs)"
    )
