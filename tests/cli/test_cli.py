"""The command line end to end: the real entry point (``themework.cli.main.run``) in process,
and ``python -m themework`` and the console script in a subprocess."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "transcripts_sample"
SAMPLE_NAMES = {"FG01-site-b", *(f"P0{i}" for i in range(1, 10))}


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


Cli = Callable[..., Result]


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Cli:
    """Run ``themework ARGS`` in this process, as the console script does (errors rendered
    by ``run``, exit code from ``SystemExit``), in an empty working folder."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("THEMEWORK_PROJECT", raising=False)
    monkeypatch.delenv("THEMEWORK_DEBUG", raising=False)
    monkeypatch.setenv("THEMEWORK_CODER", "alice")
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str, stdin: str | None = None) -> Result:
        from themework.cli import main

        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["themework", *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        with pytest.raises(SystemExit) as done:
            main.run()
        out, err = capsys.readouterr()
        code = done.value.code
        return Result(0 if code is None else int(code), out, err)

    return run


def ok(result: Result) -> Result:
    assert result.code == 0, (result.out, result.err)
    return result


def one_error(result: Result, *, code: int = 1) -> str:
    """The command failed with exactly one line on stderr, 'error: ...', and no traceback."""
    assert result.code == code, (result.out, result.err)
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: "), result.err
    assert "Traceback" not in result.out + result.err
    return lines[0]


@pytest.fixture
def project(cli: Cli, backend: str, request: pytest.FixtureRequest,
            monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh project, named by THEMEWORK_PROJECT (a file here, or a PostgreSQL URL)."""
    target = "study.themework" if backend == "sqlite" else request.getfixturevalue("pg_url")
    ok(cli("init", target, "--name", "Trust study", "--approach", "codebook"))
    monkeypatch.setenv("THEMEWORK_PROJECT", target)
    return target


@pytest.fixture
def sample(cli: Cli, project: str) -> str:
    ok(cli("import", str(SAMPLES), "--attributes", str(SAMPLES / "participants.csv")))
    return project


# -- init ------------------------------------------------------------------------------------


def test_init_makes_an_owner_only_file_and_refuses_an_existing_one(cli: Cli) -> None:
    old = os.umask(0o022)
    try:
        r = ok(cli("init", "study.themework", "--approach", "reflexive"))
    finally:
        os.umask(old)
    path = Path("study.themework").resolve()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "created" in r.out and "study.themework" in r.out
    before = path.read_bytes()
    message = one_error(cli("init", "study.themework"))
    assert "already exists" in message
    assert path.read_bytes() == before
    assert "approach" in one_error(cli("init", "other.themework", "--approach", "vibes"))
    assert not Path("other.themework").exists()


def test_init_without_a_name_says_how(cli: Cli) -> None:
    assert "themework init" in one_error(cli("init"))


# -- import and reading ------------------------------------------------------------------------


def test_import_a_folder_takes_only_transcripts(cli: Cli, project: str) -> None:
    r = ok(cli("import", str(SAMPLES), "--attributes", str(SAMPLES / "participants.csv"),
               "--json"))
    report = r.json()
    assert isinstance(report, dict)
    assert {f["name"] for f in report["files"]} == SAMPLE_NAMES  # no README, no make_docx.py
    assert {f["status"] for f in report["files"]} == {"imported"}
    again = ok(cli("import", str(SAMPLES)))
    assert "0 imported, 10 unchanged, 0 failed" in again.out


def test_a_folder_import_takes_the_formats_the_registry_picks_from_folders(
    cli: Cli, project: str, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    interview = "Interviewer: What helps?\nP01: Turning up.\n"
    for name in ("a.txt", "notes.md", "draft.text"):  # all three readable when named
        (folder / name).write_text(interview, encoding="utf-8")
    (folder / "b.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nP02: Hello.\n",
                                  encoding="utf-8")
    shutil.copy(SAMPLES / "P08.docx", folder / "c.docx")
    report = ok(cli("import", str(folder), "--json")).json()
    assert isinstance(report, dict)
    assert sorted(f["name"] for f in report["files"]) == ["a", "b", "c"]
    ok(cli("import", str(folder / "notes.md")))  # named on its own, it is read


def test_a_large_import_lists_only_the_files_that_need_a_look(
    cli: Cli, project: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    from themework.services import importing

    pools: list[int] = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def counting_pool(workers: int, **kwargs: object) -> concurrent.futures.ProcessPoolExecutor:
        pools.append(workers)
        return real_pool(workers, **kwargs)  # type: ignore[arg-type]

    # As a large import does: the command's progress bar must leave it free to fork workers.
    monkeypatch.setattr(importing, "PARALLEL_FROM", 20)
    monkeypatch.setattr(importing, "_cores", lambda: 3)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting_pool)
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(1, 41):
        (folder / f"S{n:02d}.txt").write_text(
            f"Interviewer: What helps?\nS{n:02d}: Turning up, week {n}, every week.\n",
            encoding="utf-8",
        )
    (folder / "S40.txt").write_bytes(b"\x00\x01 not a transcript")  # fails, so it is listed
    out = ok_or_failed(cli("import", str(folder)))
    assert "39 imported, 0 unchanged, 1 failed" in out
    assert "S40" in out and "S07" not in out  # the failure shows; clean imports do not
    assert "39 files imported cleanly are not listed (78 turns" in out
    assert pools == [2]
    listed = ok(cli("transcripts", "--json")).json()
    assert isinstance(listed, list) and len(listed) == 39


def ok_or_failed(result: Result) -> str:
    assert result.code == 1, result.out + result.err  # one file failed: exit 1, rest stored
    return result.out + result.err


def test_a_folder_with_no_transcripts_is_an_error(cli: Cli, project: str, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "README.md").write_text("# notes\n", encoding="utf-8")
    assert "no transcript files" in one_error(cli("import", str(folder)))


def test_transcripts_json(cli: Cli, sample: str) -> None:
    items = ok(cli("transcripts", "--json")).json()
    assert isinstance(items, list)
    by_name = {t["name"]: t for t in items}
    assert set(by_name) == SAMPLE_NAMES
    assert by_name["P01"]["attributes"]["P01"]["site"] == "Site A"
    assert by_name["FG01-site-b"]["participants"] == ["FG1", "FG2", "FG3", "FG4", "FG5"]
    assert by_name["P06"]["format"] == "vtt" and by_name["P08"]["format"] == "docx"
    assert all(t["turns"] > 0 and t["words"] > 0 for t in items)
    assert by_name["P01"]["imported_at"].endswith("+00:00")  # UTC on both backends
    table = ok(cli("transcripts")).out
    assert "10 transcripts" in table and "FG01-site-b" in table


def test_participants_set_and_list(cli: Cli, sample: str) -> None:
    r = ok(cli("participant", "set", "P01", "site=Site Z", "Team = Adolescents",
               "--quote-consent", "no", "--unset", "wave"))
    assert "site=Site Z" in r.out and "team=Adolescents" in r.out
    people = {p["pseudonym"]: p for p in ok(cli("participant", "list", "--json")).json()}  # type: ignore[union-attr]
    assert len(people) == 14
    assert people["P01"]["attributes"]["site"] == "Site Z"
    assert people["P01"]["attributes"]["team"] == "Adolescents"
    assert "wave" not in people["P01"]["attributes"]
    assert people["P01"]["quote_consent"] is False
    assert people["P04"]["quote_consent"] is False and people["P02"]["quote_consent"] is True
    assert people["FG3"]["transcripts"] == ["FG01-site-b"]
    assert "no participant 'P77'" in one_error(cli("participant", "set", "P77", "site=x"))
    assert "key=value" in one_error(cli("participant", "set", "P01", "siteZ"))
    assert "yes or no" in one_error(cli("participant", "set", "P01", "--quote-consent", "maybe"))
    assert "14 participants" in ok(cli("participant", "list")).out


def test_search(cli: Cli, sample: str) -> None:
    hits = ok(cli("search", "turning up", "--json")).json()
    assert isinstance(hits, list) and hits
    assert all(set(h) == {"transcript", "turn", "speaker", "snippet"} for h in hits)
    assert {h["transcript"] for h in hits} <= SAMPLE_NAMES
    assert all("[" in h["snippet"] for h in hits)  # matches marked
    assert ok(cli("search", "xylophonic", "--json")).json() == []
    table = ok(cli("search", "turning", "--limit", "2")).out
    assert "2 turns" in table
    assert "[turning]" in table.replace("\n", " ")  # printed as text, not eaten as markup


def test_phase_and_info(cli: Cli, sample: str, backend: str) -> None:
    assert "phase 1: Familiarise" in ok(cli("phase")).out
    r = ok(cli("phase", "2"))
    assert "phase 2: Generate codes" in r.out
    assert "phase 2" in r.out.splitlines()[-1]
    ok(cli("phase", "--retention", "2030-06-30"))
    assert "1 to 6" in one_error(cli("phase", "7"))
    one_error(cli("phase", "two"), code=2)
    info = ok(cli("info", "--json")).json()
    assert isinstance(info, dict)
    assert info["name"] == "Trust study" and info["approach"] == "codebook"
    assert info["phase"] == 2 and info["retention_date"] == "2030-06-30"
    assert [e["phase"] for e in info["phase_log"]] == [1, 2]
    assert (info["transcripts"], info["participants"], info["codings"]) == (10, 14, 0)
    assert info["backend"] == {"sqlite": "sqlite", "postgres": "postgresql"}[backend]
    assert info["coders"] == ["alice"]
    if backend == "sqlite":
        assert info["location"] == str(Path("study.themework").resolve())
    table = ok(cli("info")).out
    assert "Trust study" in table and "Generate codes" in table


def test_withdraw(cli: Cli, sample: str, backend: str) -> None:
    ok(cli("code", "add", "Honesty"))
    ok(cli("coding", "apply", "FG01-site-b", "Honesty", "--match", "I'd agree with that"))
    before = ok(cli("transcript", "show", "FG01-site-b", "--json")).json()
    # Without --yes it asks; no answer (or "n") changes nothing.
    assert "aborted" in one_error(cli("project", "withdraw", "FG3"))
    assert "nothing was changed" in one_error(cli("project", "withdraw", "FG3", stdin="n\n"))
    assert len(ok(cli("participant", "list", "--json")).json()) == 14  # type: ignore[arg-type]
    r = ok(cli("project", "withdraw", "FG3", "--yes"))
    assert "participant FG3 withdrawn" in r.out and "FG01-site-b" in r.out
    assert "codings deleted: 1" in r.out
    people = [p["pseudonym"] for p in ok(cli("participant", "list", "--json")).json()]  # type: ignore[union-attr]
    assert "FG3" not in people and len(people) == 13
    after = ok(cli("transcript", "show", "FG01-site-b", "--json")).json()
    assert isinstance(before, dict) and isinstance(after, dict)
    assert len(after["turns"]) == len(before["turns"])
    assert after["text"].count("[withdrawn]") == sum(
        t["speaker"] == "FG3" for t in before["turns"]
    )
    listed = {t["name"]: t for t in ok(cli("transcripts", "--json")).json()}  # type: ignore[union-attr]
    assert listed["FG01-site-b"]["participants"] == ["FG1", "FG2", "FG4", "FG5"]
    assert "P01" in listed
    assert "no participant 'FG3'" in one_error(cli("project", "withdraw", "FG3", "--yes"))
    events = ok(cli("log", "--json")).json()
    assert isinstance(events, list)
    assert [e["action"] for e in events].count("participant.withdraw") == 1


def test_undo_redo_log(cli: Cli, sample: str) -> None:
    ok(cli("code", "add", "Turning up"))
    r = ok(cli("coding", "apply", "P01", "Turning up", "--turn", "2"))
    assert r.out.startswith("coding ")
    assert len(ok(cli("extracts", "--json")).json()) == 1  # type: ignore[arg-type]
    assert "undid" in ok(cli("undo")).out
    assert ok(cli("extracts", "--json")).json() == []
    assert "redid" in ok(cli("redo")).out
    assert len(ok(cli("extracts", "--json")).json()) == 1  # type: ignore[arg-type]
    assert "nothing to redo" in one_error(cli("redo"))
    events = ok(cli("log", "--json")).json()
    assert isinstance(events, list)
    actions = [e["action"] for e in events]
    assert actions[0] == "project.create"
    assert actions[-4:] == ["code.add", "coding.apply", "undo", "redo"]
    assert all(e["coder"] == "alice" for e in events)
    assert all(e["at"].endswith("+00:00") for e in events)
    assert [e["action"] for e in ok(cli("log", "--json", "--limit", "2")).json()] == [  # type: ignore[union-attr]
        "undo", "redo"
    ]
    assert ok(cli("log", "--json", "--by", "nobody")).json() == []
    assert ok(cli("log", "--json", "--since", "2999-01-01")).json() == []
    assert "--since" in one_error(cli("log", "--since", "last tuesday"))
    log = ok(cli("log")).out
    assert "coding.apply" in log and "(undone)" not in log
    for _ in range(20):
        r = cli("undo")
        if r.code:
            break
    assert "nothing to undo" in one_error(r)


# -- every read command's --json is JSON ------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("transcripts",),
        ("transcript", "show", "P01"),
        ("participant", "list"),
        ("search", "trust"),
        ("info",),
        ("log",),
        ("code", "list"),
        ("extracts",),
        ("coding", "list"),
        ("memo", "list"),
    ],
)
def test_json_outputs_parse(cli: Cli, sample: str, args: tuple[str, ...]) -> None:
    ok(cli("code", "add", "Trust"))
    ok(cli("coding", "apply", "P01", "Trust", "--turn", "4", "--memo", "a first memo"))
    r = ok(cli(*args, "--json"))
    assert r.err == ""
    assert isinstance(r.json(), list | dict)


# -- errors ----------------------------------------------------------------------------------


def test_errors_are_one_line_without_traceback(cli: Cli, sample: str) -> None:
    assert "no transcript named 'P99'" in one_error(cli("transcript", "show", "P99"))
    assert "no code" in one_error(cli("coding", "apply", "P01", "Nope", "--turn", "1"))
    assert "No such command" in one_error(cli("frobnicate"), code=2)
    assert "--bogus" in one_error(cli("info", "--bogus"), code=2)
    assert "Invalid value" in one_error(cli("search", "x", "--limit", "many"), code=2)
    assert "aborted" not in one_error(cli("coding", "apply", "P01"))


def test_a_service_error_names_the_options_of_the_command_line(cli: Cli, sample: str) -> None:
    """Services speak of what to change in words; the CLI adds its own option names."""
    ok(cli("code", "add", "Trust"))
    assert one_error(cli("coding", "apply", "P01", "Trust")) == (
        "error: say where to code with exactly one of a turn, a span or a text to match "
        "(--turn, --span, --match)"
    )
    message = one_error(cli("coding", "apply", "P01", "Trust", "--match", "the"))
    assert re.fullmatch(
        r"error: the text to match occurs (\d+) times in transcript P01 \(turns [\d, ]+\); "
        r"choose one occurrence, 1 to \1 \(--nth\)", message
    ), message


def test_project_resolution_errors(cli: Cli, tmp_path: Path) -> None:
    message = one_error(cli("info"))
    assert "no project given" in message and "themework init" in message
    missing = one_error(cli("-p", "missing.themework", "info"))
    assert "does not exist" in missing
    Path("a.themework").touch()
    Path("b.themework").touch()
    several = one_error(cli("info"))
    assert "a.themework" in several and "b.themework" in several
    Path("b.themework").unlink()
    assert "not a themework project" in one_error(cli("info"))  # the empty a.themework
    assert Path("a.themework").read_bytes() == b""


def test_passwords_in_urls_are_not_echoed(cli: Cli) -> None:
    r = cli("-p", "postgresql://alice:hunter2-secret@127.0.0.1:1/none", "info")
    message = one_error(r)
    assert "database error" in message
    assert "hunter2" not in r.out + r.err


def test_bad_log_level_is_ignored(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THEMEWORK_LOG", "chatty")
    assert ok(cli("--version")).out.startswith("themework ")


# -- the real processes ------------------------------------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("THEMEWORK_")}
    env["THEMEWORK_CODER"] = "alice"
    return env


def test_python_dash_m_and_the_console_script(tmp_path: Path) -> None:
    env = _env(tmp_path)
    m = subprocess.run(
        [sys.executable, "-m", "themework", "--help"], capture_output=True, text=True,
        env=env, cwd=tmp_path, timeout=60,
    )
    assert m.returncode == 0, m.stderr
    assert "Usage: themework" in m.stdout and "import" in m.stdout
    script = shutil.which("themework", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the console script is not installed in this environment")
    r = subprocess.run(
        [script, "init", "s.themework"], capture_output=True, text=True, env=env,
        cwd=tmp_path, timeout=60,
    )
    assert r.returncode == 0, r.stderr
    bad = subprocess.run(
        [script, "-p", "s.themework", "transcript", "show", "nope"], capture_output=True,
        text=True, env=env, cwd=tmp_path, timeout=60,
    )
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [
        "error: no transcript named 'nope' (see 'themework transcripts')"
    ]
    assert "Traceback" not in bad.stdout + bad.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "themework", "frobnicate"], capture_output=True, text=True,
        env=env, cwd=tmp_path, timeout=60,
    )
    assert usage.returncode == 2
    assert usage.stderr.strip().splitlines() == [
        "error: No such command 'frobnicate'. (see 'themework --help')"
    ]


def test_shell_completion_is_offered() -> None:
    """--install-completion was refused; now the shell asks and themework completes."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "_THEMEWORK_COMPLETE": "complete_bash",
           "COMP_WORDS": "themework cod", "COMP_CWORD": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "themework"], capture_output=True, text=True, check=True,
        env=env, stdin=subprocess.DEVNULL,
    ).stdout.split()
    assert {"code", "codebook", "coding"} <= set(out)


# -- backups and the integrity check ------------------------------------------------------------


def test_backup_list_with_no_backups_says_so_in_one_line(cli: Cli) -> None:
    ok(cli("init", "fresh.themework"))  # backups are a SQLite project's only
    assert ok(cli("-p", "fresh.themework", "backup", "list")).out == (
        "no backups yet: one is made before each change that deletes or overwrites\n"
    )
    assert ok(cli("-p", "fresh.themework", "backup", "list", "--json")).json() == []


def test_backup_list_and_restore_after_a_pruning_load(cli: Cli, project: str, backend: str) -> None:
    ok(cli("codebook", "load", str(ROOT / "codebooks" / "cse-trust.yaml")))
    Path("one.yaml").write_text("codes:\n  - name: Trust\n    id: trust\n")
    loaded = ok(cli("codebook", "load", "one.yaml", "--prune"))
    doctor = ok(cli("doctor"))
    assert "integrity: ok" in doctor.out
    if backend != "sqlite":
        assert "pg_dump" in one_error(cli("backup", "list"))
        return
    assert "backup before the load" in loaded.out
    [made] = ok(cli("backup", "list", "--json")).json()  # type: ignore[misc]
    assert made["reason"] == "prune"
    assert "restored backup" in ok(cli("backup", "restore", made["id"], "--yes")).out
    assert len(ok(cli("code", "list", "--json")).json()) > 1  # type: ignore[arg-type]


# -- files written into a folder that does not exist -----------------------------------------


def _pseudonymise(tmp_path: Path, target: Path) -> list[str]:
    raw = tmp_path / "P01.txt"
    raw.write_text("Interviewer: Who?\nP01: Sarah Jones helped.\n", encoding="utf-8")
    return ["pseudonymise", str(raw), "--key", str(target), "-o", str(tmp_path / "clean")]


WRITERS = {
    "cooccurrence --csv": lambda tmp, target: ["cooccurrence", "--csv", str(target)],
    "matrix --csv": lambda tmp, target: ["matrix", "--csv", str(target)],
    "export codings": lambda tmp, target: ["export", "codings", "--csv", str(target)],
    "export matrix": lambda tmp, target: ["export", "matrix", str(target)],
    "codebook table": lambda tmp, target: ["codebook", "table", "--format", "csv", "-o",
                                           str(target)],
    "pseudonymise --key": _pseudonymise,
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_a_file_in_a_missing_folder_is_one_error_line(
    cli: Cli, sample: str, tmp_path: Path, command: str
) -> None:
    target = tmp_path / "no such folder" / "out.csv"
    message = one_error(cli(*WRITERS[command](tmp_path, target)))
    assert message == f"error: could not write {target}: No such file or directory"
    assert not target.parent.exists()
