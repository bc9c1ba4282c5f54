"""The sentinel test: transcript text never reaches an error message, stdout, stderr or a log.

A transcript holds SENTINEL; then every error path we can reach through the command line is
triggered (bad spans, unknown codes, ambiguous and missing --match, replace conflicts,
duplicate names, a database that breaks, bad CSV rows, bad codebooks, bad transcript files,
undo refusals...) with logging at DEBUG. SENTINEL must be in no output and no log record.
``--match SENTINEL`` is the user's own input, and even that must not be echoed: terminals,
logs and bug reports are where transcripts must not end up.
"""

from __future__ import annotations

import io
import logging
import os
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support import SENTINEL

WORD = SENTINEL.split("-")[0]  # "QUOKKA": a part of it must not show up either

TRANSCRIPT = f"""Interview S01 - Site A

Interviewer: How do you build trust with young people?
S01: Honestly, {SENTINEL} is how I would put it. Turning up every week matters.
Interviewer: Can you say more?
S01: Again {SENTINEL}, and being straight with them about what I can keep private.
Interviewer: Thank you.
S01: No problem.
"""

OTHER = """Interview S02 - Site B

Interviewer: What helps?
S02: Patience, mostly. And time.
"""


@dataclass
class Step:
    label: str
    args: tuple[str, ...]
    code: int
    out: str
    err: str


@dataclass
class Recorder:
    run: Callable[..., Step]
    steps: list[Step] = field(default_factory=list)


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)  # the root logger, as THEMEWORK_LOG=DEBUG sets it
    return caplog


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    debug_log: pytest.LogCaptureFixture,
) -> Recorder:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for key in ("THEMEWORK_PROJECT", "THEMEWORK_DEBUG"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("THEMEWORK_LOG", "DEBUG")
    monkeypatch.setenv("THEMEWORK_CODER", "alice")
    monkeypatch.setenv("COLUMNS", "200")
    rec = Recorder(run=lambda *a, **k: None)  # type: ignore[arg-type,return-value]

    def run(*args: str, label: str = "", stdin: str = "") -> Step:
        from themework.cli import main

        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["themework", *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        with pytest.raises(SystemExit) as done:
            main.run()
        out, err = capsys.readouterr()
        code = done.value.code
        step = Step(label or " ".join(args), args, 0 if code is None else int(code), out, err)
        rec.steps.append(step)
        return step

    rec.run = run
    return rec


def _fail(rec: Recorder, *args: str, label: str = "") -> Step:
    step = rec.run(*args, label=label)
    assert step.code != 0, f"{step.label} was meant to fail: {step.out} {step.err}"
    assert "Traceback" not in step.out + step.err, step.label
    return step


def _ok(rec: Recorder, *args: str) -> Step:
    step = rec.run(*args)
    assert step.code == 0, (step.label, step.out, step.err)
    return step


def _leaks(text: str) -> bool:
    return SENTINEL in text or WORD.casefold() in text.casefold()


def _formatted(records: list[logging.LogRecord]) -> str:
    fmt = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(fmt.format(r) for r in records)


def _break_database(project: str, backend: str) -> None:
    """Constraints the service does not expect: inserts holding SENTINEL will fail."""
    statements_sqlite = [
        "CREATE UNIQUE INDEX ix_boom_quote ON coding (quote)",
        "CREATE TRIGGER boom_memo BEFORE INSERT ON memo WHEN new.text LIKE '%QUOKKA%' "
        "BEGIN SELECT RAISE(ABORT, 'memo refused by trigger'); END",
    ]
    statements_pg = [
        "CREATE UNIQUE INDEX ix_boom_quote ON coding (quote)",
        "ALTER TABLE memo ADD CONSTRAINT ck_boom CHECK (text NOT LIKE '%QUOKKA%') NOT VALID",
    ]
    if backend == "sqlite":
        conn = sqlite3.connect(project)
        with conn:
            for sql in statements_sqlite:
                conn.execute(sql)
        conn.close()
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(project, hide_parameters=True)
    with engine.begin() as conn:
        for sql in statements_pg:
            conn.execute(text(sql))
    engine.dispose()


def _write(path: Path, content: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return str(path)


def test_transcript_text_never_reaches_output_or_logs(
    cli: Recorder,
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    debug_log: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = tmp_path / "files"
    project = "study.themework" if backend == "sqlite" else request.getfixturevalue("pg_url")
    _ok(cli, "init", project, "--approach", "codebook")
    monkeypatch.setenv("THEMEWORK_PROJECT", project)
    s01 = _write(files / "S01.txt", TRANSCRIPT)
    _ok(cli, "import", s01, _write(files / "S02.txt", OTHER))
    _ok(cli, "code", "add", "Honesty")
    _ok(cli, "code", "add", "Turning up")
    _ok(cli, "coding", "apply", "S01", "Honesty", "--match", SENTINEL, "--nth", "1")

    # -- spans, codes and --match ------------------------------------------------------------
    _fail(cli, "coding", "apply", "S01", "Honesty", "--span", "100000:100010")
    _fail(cli, "coding", "apply", "S01", "Honesty", "--span", "30:10")
    _fail(cli, "coding", "apply", "S01", "Honesty", "--turn", "99")
    _fail(cli, "coding", "apply", "S01", "No such code", "--match", SENTINEL)
    _fail(cli, "coding", "apply", "S01", "Honesty", "--match", SENTINEL)  # two hits
    _fail(cli, "coding", "apply", "S01", "Honesty", "--match", f"{SENTINEL} nowhere")
    _fail(cli, "coding", "apply", "S01", "Honesty", "--match", SENTINEL, "--nth", "9")
    _fail(cli, "coding", "apply", "S01", "Honesty", "--match", SENTINEL, "--turn", "2")
    _fail(cli, "coding", "apply", "S01", "Honesty", "--match", SENTINEL, "--nth", SENTINEL)
    _fail(
        cli,
        "coding",
        "remove",
        "--transcript",
        "S01",
        "--code",
        "Turning up",
        "--match",
        SENTINEL,
        "--nth",
        "1",
    )
    _fail(
        cli,
        "coding",
        "remove",
        "--transcript",
        "S01",
        "--code",
        "Honesty",
        "--match",
        f"{SENTINEL} nowhere",
    )
    _fail(cli, "coding", "remove", "999")
    _fail(cli, "code", "split", "Honesty", "Straight talk", "--match", f"{SENTINEL} nowhere")

    # -- replace conflicts and duplicate names -----------------------------------------------
    changed = TRANSCRIPT.replace("No problem.", f"No problem, {SENTINEL} to the end.")
    _write(files / "S01.txt", changed)
    _fail(cli, "import", s01, label="import changed text without --replace")
    _fail(
        cli,
        "import",
        _write(files / "other" / "x.txt", changed),
        "--name",
        "S01",
        label="import under a taken name",
    )
    _fail(
        cli,
        "import",
        s01,
        "--name",
        "S01",
        _write(files / "y.txt", OTHER),
        label="--name with two files",
    )
    _fail(cli, "transcript", "rename", "S02", "S01")
    _fail(cli, "code", "add", "Honesty")
    _fail(cli, "code", "rename", "Turning up", "honesty")
    _ok(cli, "import", s01, "--replace")  # codings re-anchored; the output names no text

    # -- bad transcript files --------------------------------------------------------------
    _fail(cli, "import", _write(files / "plain.txt", f"{SENTINEL} and no speakers at all\n"))
    _fail(cli, "import", _write(files / "binary.txt", b"\x00\x01" + SENTINEL.encode() + b"\x00"))
    _fail(
        cli,
        "import",
        _write(
            files / "names.vtt",
            f"WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Jane Smith>{SENTINEL}</v>\n",
        ),
    )
    _fail(
        cli,
        "import",
        _write(
            files / "bad.vtt",
            f"WEBVTT\n\n1\n00:00:01.000 --> {SENTINEL}\n<v S03>{SENTINEL}</v>\n\n"
            f"2\n{SENTINEL} --> 00:00:02.000\n<v S03>hello</v>\n",
        ),
    )
    _fail(
        cli,
        "import",
        _write(files / "bad.srt", f"1\n00:00:01,000 --> 00:00:0x,000\n{SENTINEL}\n\n{SENTINEL}\n"),
    )
    docx = files / "broken.docx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", f"<w:document>{SENTINEL}</w:body>")
    _fail(cli, "import", str(docx))
    _fail(cli, "import", _write(files / "trunc.docx", b"PK\x03\x04" + SENTINEL.encode()))
    _fail(cli, "import", str(files / "missing.txt"))

    # -- bad CSV rows ------------------------------------------------------------------------
    def csv(name: str, body: str) -> str:
        return _write(files / name, body)

    _fail(
        cli,
        "coding",
        "apply",
        "--from",
        csv("c1.csv", f"transcript,code,match\nS01,Honesty,{SENTINEL} nowhere\n"),
    )
    _fail(cli, "coding", "apply", "--from", csv("c5.csv", f"text\n{SENTINEL}\n"))
    _fail(
        cli,
        "coding",
        "apply",
        "--from",
        csv("c6.csv", f'transcript,code,match\nS01,Honesty,"{SENTINEL}\n'),
    )
    _fail(
        cli,
        "import",
        s01,
        "--attributes",
        csv("a2.csv", f"participant,site\nS01,Site A\nS77,{SENTINEL}\n"),
    )
    _fail(cli, "import", s01, "--attributes", csv("a3.csv", f"{SENTINEL},site\nS01,A\n"))
    _fail(
        cli,
        "import",
        _write(
            files / "call.vtt",
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Jane Smith>Hello.</v>\n",
        ),
        "--speaker-map",
        csv("m1.csv", f"label,pseudonym\n{SENTINEL}\n"),
    )
    _fail(cli, "import", str(files / "call.vtt"), "--speaker-map", csv("m2.csv", f"{SENTINEL}\n"))

    # -- codebooks -------------------------------------------------------------------------
    book = _write(
        files / "book.yaml",
        f"""codebook: Trust
codes:
  - name: Honesty
    examples: ["{SENTINEL}", "{SENTINEL}"]
    examples: ["{SENTINEL} again"]
    colour: #2a9d8f
    aliases: yes
  - name: Honesty
    definition: {SENTINEL}
    parent: Nowhere
""",
    )
    _fail(cli, "codebook", "lint", book)
    _fail(cli, "codebook", "load", book)
    broken = _write(
        files / "broken.yaml",
        f"""codes:
  - name: Honesty
    examples: [{SENTINEL}
  definition: "{SENTINEL}
""",
    )
    _fail(cli, "codebook", "lint", broken)
    _fail(cli, "codebook", "load", broken)
    _fail(cli, "codebook", "load", _write(files / "tabs.yaml", f"codes:\n\t- name: {SENTINEL}\n"))

    # -- memos, participants, dates, phases --------------------------------------------------
    _fail(cli, "memo", "add", f"about {SENTINEL}", "--on", "transcript:Nope")
    _fail(cli, "memo", "add", f"about {SENTINEL}", "--kind", "diary")
    _fail(cli, "participant", "set", "S01", SENTINEL)
    _fail(cli, "participant", "set", "S01", f"site={SENTINEL}", "--quote-consent", SENTINEL)
    _fail(cli, "log", "--since", SENTINEL)
    _fail(cli, "phase", SENTINEL)
    _fail(cli, "transcript", "show", "Nope")
    _fail(cli, "search", "turning", "--limit", SENTINEL)

    # -- an editor that writes nonsense ------------------------------------------------------
    editor = tmp_path / "editor.sh"
    editor.write_text(f"#!/bin/sh\nprintf '{SENTINEL} without any speakers' > \"$1\"\n")
    editor.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    _fail(cli, "transcript", "edit", "S01")
    monkeypatch.setenv("EDITOR", "false")
    _fail(cli, "transcript", "edit", "S01")

    # -- undo refused ----------------------------------------------------------------------
    _ok(cli, "coding", "apply", "S01", "Turning up", "--match", "Turning up every week")
    applied = cli.steps[-1]
    coding_id = applied.out.split()[1].rstrip(":")
    _ok(cli, "--coder", "bob", "memo", "add", "bob's thoughts", "--on", f"coding:{coding_id}")
    _fail(cli, "undo", label="undo refused: bob's memo depends on it")
    _fail(cli, "--coder", "carol", "undo", label="nothing to undo")
    _fail(cli, "--coder", "carol", "redo", label="nothing to redo")

    # -- a database that breaks underneath ---------------------------------------------------
    _break_database(project, backend)
    _fail(
        cli,
        "coding",
        "apply",
        "S01",
        "Turning up",
        "--match",
        SENTINEL,
        "--nth",
        "1",
        label="unique violation on a quote",
    )
    _fail(
        cli,
        "memo",
        "add",
        f"memo quoting {SENTINEL}",
        "--on",
        "transcript:S01",
        label="constraint violation on a memo",
    )
    _fail(
        cli,
        "coding",
        "apply",
        "--from",
        csv("c7.csv", f"transcript,code,match,nth\nS01,Turning up,{SENTINEL},2\n"),
        label="unique violation from a CSV",
    )

    # -- withdrawal of someone unknown, and an aborted one ------------------------------------
    _fail(cli, "project", "withdraw", "S99", "--yes")
    _fail(cli, "project", "withdraw", "S01")

    # Everything said, everything logged: no SENTINEL, not even a part of it.
    leaks = [s.label for s in cli.steps if _leaks(s.out) or _leaks(s.err)]
    assert leaks == []
    log_text = _formatted(debug_log.records)
    assert not _leaks(log_text), [
        r.getMessage()[:200] for r in debug_log.records if _leaks(_formatted([r]))
    ]
    # ...and the errors were errors that say something useful.
    for step in cli.steps:
        if step.code:
            assert step.err.startswith("error: ") or "failed:" in step.err, step.label


def test_a_real_process_at_debug_level(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    """The same promise in a real process with THEMEWORK_LOG=DEBUG (the root logger at
    DEBUG, every library's logging reaching stderr)."""
    project = (
        str(tmp_path / "study.themework")
        if backend == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("THEMEWORK_")}
    env.update(THEMEWORK_LOG="DEBUG", THEMEWORK_CODER="alice", THEMEWORK_PROJECT=project)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "themework", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )

    src = tmp_path / "S01.txt"
    src.write_text(TRANSCRIPT, encoding="utf-8")
    results = [run("init", project), run("import", str(src)), run("code", "add", "Honesty")]
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    _break_database(project, backend)
    failing = [
        run("coding", "apply", "S01", "Honesty", "--match", SENTINEL),
        run("coding", "apply", "S01", "Honesty", "--match", f"{SENTINEL}!"),
        run("coding", "apply", "S01", "Honesty", "--match", SENTINEL, "--nth", "1"),
        run("coding", "apply", "S01", "Honesty", "--match", SENTINEL, "--nth", "2"),  # unique
        run("memo", "add", SENTINEL, "--on", "transcript:S01"),  # constraint
        run("participant", "set", "S01", SENTINEL),
    ]
    assert [r.returncode for r in failing] == [1, 1, 0, 1, 1, 1]
    for r in results + failing:
        assert not _leaks(r.stdout) and not _leaks(r.stderr), r.args
        assert "Traceback" not in r.stderr


# Values typed or read from a CSV may be transcript text: messages never echo them.
@pytest.mark.parametrize(
    ("args", "csv_body"),
    [
        pytest.param(
            ("coding", "apply", "S01", "Honesty", "--span", SENTINEL), None, id="span-option"
        ),
        pytest.param(
            ("coding", "apply", "--from", "{csv}"),
            f"transcript,code,match,nth\nS01,Honesty,{SENTINEL},{SENTINEL}\n",
            id="csv-nth",
        ),
        pytest.param(
            ("coding", "apply", "--from", "{csv}"),
            f"transcript,code,start,end\nS01,Honesty,{SENTINEL},5\n",
            id="csv-start",
        ),
        pytest.param(
            ("coding", "apply", "--from", "{csv}"),
            f"transcript,code,span\nS01,Honesty,{SENTINEL}\n",
            id="csv-span",
        ),
        pytest.param(
            ("import", "{s01}", "--attributes", "{csv}"),
            f"participant,site,quote_consent\nS01,Site A,{SENTINEL}\n",
            id="csv-consent",
        ),
        pytest.param(("memo", "add", "x", "--on", f"coding:{SENTINEL}"), None, id="memo-coding"),
        pytest.param(("memo", "add", "x", "--on", SENTINEL), None, id="memo-target"),
        pytest.param(
            ("memo", "add", "x", "--kind", "journal", "--date", SENTINEL), None, id="memo-date"
        ),
    ],
)
def test_values_typed_or_read_from_csv_are_not_echoed(
    cli: Recorder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    csv_body: str | None,
) -> None:
    _ok(cli, "init", "study.themework")
    monkeypatch.setenv("THEMEWORK_PROJECT", "study.themework")
    s01 = _write(tmp_path / "files" / "S01.txt", TRANSCRIPT)
    _ok(cli, "import", s01)
    _ok(cli, "code", "add", "Honesty")
    table = _write(tmp_path / "files" / "bad.csv", csv_body or "")
    step = _fail(cli, *(a.format(csv=table, s01=s01) for a in args))
    assert step.err.startswith("error: ")
    assert not _leaks(step.out + step.err), step.err
