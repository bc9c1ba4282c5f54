"""``themework codebook merge`` as a user runs it: the pairs it finds with default settings,
``--interactive`` answers, and what the merged file keeps of the first side."""

from __future__ import annotations

import io
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

Run = Callable[..., tuple[int, str]]

# The five pairs of issue 12 (and a distinct concept sharing a word), as two coders wrote them.
ALICE = """\
    codebook: Young people and child protection (coder PR)
    codes:
      - name: Child-centred practice
        definition: Practice that keeps the child's wishes, feelings and needs at the centre of decisions.
        keywords: [child's voice, wishes and feelings]
      - name: Building trust
        definition: How workers build trust with young people over time through reliability and honesty.
        keywords: [trust, reliable]
      - name: Honesty about confidentiality
        definition: Workers being upfront about what they can keep confidential and when they must pass information on.
        keywords: [confidential, secret]
      - name: Informed consent
        definition: Young people or parents agreeing to information being shared, knowing what will be shared and with whom.
        keywords: [consent, agree]
      - name: Consistency of worker
        definition: Having the same social worker over time rather than a succession of changes.
      - name: Trust in police
        definition: Whether young people believe the police will act on what they report, or fear being criminalised.
"""  # noqa: E501
BOB = """\
    codebook: Child protection interviews (coder TW)
    codes:
      - name: Consistent worker
        definition: Young people having one worker they know, not a stream of different workers.
      - name: child centred practice
        definition: Keeping the child's needs, wishes and feelings central to every decision made.
        keywords: [child focus]
      - name: Trust building
        definition: Relationship-building between worker and young person; developing trust by being consistent and truthful.
        keywords: [rapport, relationship]
      - name: Being honest about confidentiality
        definition: Telling families honestly what stays confidential and what has to be passed on.
        keywords: [honesty]
      - name: Consent to share information
        definition: Asking for families' agreement before passing information to other agencies, explaining what and why.
        keywords: [permission]
"""  # noqa: E501
UNCERTAIN = [
    "Honesty about confidentiality / Being honest about confidentiality",
    "Consistency of worker / Consistent worker",
    "Informed consent / Consent to share information",
]


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Run:
    """``themework codebook merge alice.yaml bob.yaml -o merged.yaml ARGS`` in tmp_path,
    with ``stdin`` as what the user types; the exit code and stdout."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    Path("alice.yaml").write_text(textwrap.dedent(ALICE), encoding="utf-8")
    Path("bob.yaml").write_text(textwrap.dedent(BOB), encoding="utf-8")

    def go(*args: str, stdin: str = "") -> tuple[int, str]:
        from themework.cli import main

        capsys.readouterr()
        argv = ["codebook", "merge", "alice.yaml", "bob.yaml", "-o", "merged.yaml", *args]
        monkeypatch.setattr(sys, "argv", ["themework", *argv])
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        with pytest.raises(SystemExit) as done:
            main.run()
        return int(done.value.code or 0), capsys.readouterr().out

    return go


def merged() -> dict[str, object]:
    doc: dict[str, object] = yaml.safe_load(Path("merged.yaml").read_text(encoding="utf-8"))
    return doc


def names(doc: dict[str, object]) -> list[str]:
    return [c["name"] for c in doc["codes"]]  # type: ignore[attr-defined]


def aliases(doc: dict[str, object]) -> dict[str, list[str]]:
    return {c["name"]: c.get("aliases", []) for c in doc["codes"]}  # type: ignore[attr-defined]


def test_default_settings_merge_equal_names_and_list_the_lemma_and_definition_pairs(
    run: Run,
) -> None:
    code, out = run()
    assert code == 0, out
    doc = merged()
    # equal after case, hyphen and word order: merged although their keywords differ
    assert aliases(doc)["Child-centred practice"] == ["child centred practice"]
    assert aliases(doc)["Building trust"] == ["Trust building"]
    # equal by lemma, or alike in definition: listed as uncertain, kept apart
    listed = [line for line in out.splitlines() if line.startswith("uncertain, kept apart")]
    assert [line.split(": ", 1)[1].split(" (")[0] for line in listed] == UNCERTAIN
    assert "3 uncertain pairs kept apart: --interactive asks about each" in out
    # a distinct concept that shares a word stays apart and unasked
    assert aliases(doc)["Trust in police"] == []
    assert "Trust in police" not in "".join(listed)


def test_the_merged_file_keeps_the_first_sides_title_and_code_order(run: Run) -> None:
    assert run()[0] == 0
    doc = merged()
    assert doc["codebook"] == "Young people and child protection (coder PR)"
    # the first side's codes in its order, from the first; the second side's codes that
    # joined none after the code they follow there ("Consistent worker" follows none)
    assert names(doc) == [
        "Child-centred practice", "Building trust", "Being honest about confidentiality",
        "Consent to share information", "Honesty about confidentiality", "Informed consent",
        "Consistency of worker", "Trust in police", "Consistent worker",
    ]  # fmt: skip


def test_interactive_asks_about_every_uncertain_pair_and_asks_again_on_a_bad_answer(
    run: Run,
) -> None:
    # three pairs: "maybe" is no answer (asked again), then merge, keep apart, merge; then
    # the title conflict: "c" is no side (asked again), "BOB" keeps bob's; the rest default
    code, out = run("--interactive", stdin="maybe\ny\nskip\nM\nc\nBOB\n" + "\n" * 8)
    assert code == 0, out
    asked = re.findall(r"alice: (.*)  <->  bob: (.*)", out)
    assert [f"{a} / {b}" for a, b in asked] == UNCERTAIN
    assert out.count("answer y, yes, m or merge to merge") == 1
    assert out.count("answer one of: alice, bob") == 1
    doc = merged()
    assert aliases(doc)["Honesty about confidentiality"] == ["Being honest about confidentiality"]
    assert aliases(doc)["Informed consent"] == ["Consent to share information"]
    assert aliases(doc)["Consistency of worker"] == []
    assert "Consistent worker" in names(doc)
    assert doc["codebook"] == "Child protection interviews (coder TW)"  # chosen


@pytest.mark.parametrize(
    ("answer", "merges"),
    [("y", True), ("yes", True), ("Y", True), ("m", True), ("merge", True), ("MERGE", True),
     ("n", False), ("no", False), ("s", False), ("separate", False), ("skip", False),
     ("", False)],
)  # fmt: skip
def test_each_answer_to_a_pair(run: Run, answer: str, merges: bool) -> None:
    # the first pair asked about is Honesty...; the others and the conflicts: Enter
    code, out = run("--interactive", stdin=f"{answer}\n" + "\n" * 10)
    assert code == 0, out
    assert "answer y, yes" not in out  # every one of these is an answer
    got = aliases(merged())["Honesty about confidentiality"]
    assert got == (["Being honest about confidentiality"] if merges else [])


def test_the_merged_codebook_and_its_report_are_written_owner_only(run: Run) -> None:
    """A codebook's examples may quote participants: a merged file others could read before
    is replaced whole and readable by its owner only, as every file themework writes."""
    for old in (Path("merged.yaml"), Path("report.md")):
        old.write_text("old\n", encoding="utf-8")
        old.chmod(0o644)
    assert run("--report", "report.md")[0] == 0
    assert merged()["codebook"] == "Young people and child protection (coder PR)"
    assert "Building trust" in Path("report.md").read_text(encoding="utf-8")
    for new in (Path("merged.yaml"), Path("report.md")):
        assert new.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in Path().iterdir()) == [
        "alice.yaml", "bob.yaml", "merged.yaml", "report.md"
    ]
