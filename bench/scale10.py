"""``bench/run.py --scale 10``: issue 15's figures at ten times the data.

10,000 transcripts x 60 turns (bench/corpus.py, about 96 MB), 200 codes, 20 themes and
500,000 codings, on one SQLite project built by the commands themselves: ``init``, then
``import`` (timed), then ``coding apply --from`` of a 500,000-row CSV (timed). Every other
figure is a whole command on that project, with its CPU time and peak memory (the maximum
resident set of the command and the workers it forks, from ``os.wait4``). The in-process
first call of prevalence by an attribute is timed too, as at scale 1.

The TUI screens are not measured at this scale: see ``TUI_SKIPPED``.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import corpus

if TYPE_CHECKING:
    from run import Bench

TRANSCRIPTS = 10_000
TURNS = 60
CODES = 200
THEMES = 20
CODINGS = 500_000
PEAK_MB = 400.0  # every command's peak memory
TUI_SKIPPED = (
    "TUI screens not measured at scale 10: tui_bench.py opens every screen in turn, and at "
    "1,000 transcripts that already takes minutes of wall time on this shared 2-core machine; "
    "run `bench/tui_bench.py PROJECT` on the project kept by --keep to measure them"
)

# (key, label, target seconds): the targets table of issue 15.
TARGETS = {
    "s10_import_cmd": 25.0,
    "s10_import_cmd_pg": 40.0,
    "s10_bulk_cmd": 20.0,
    "s10_report_cmd": 5.0,
    "s10_prevalence_first": 1.0,
    "s10_prevalence_cmd": None,
    "s10_cooc_cmd": 3.0,
    "s10_extracts_cmd": 1.0,
    "s10_export_csv": 10.0,
    "s10_export_jsonl": 10.0,
    "s10_words_first": 20.0,
    "s10_words_cached": 2.0,
    "s10_search_cmd": 1.0,
    "s10_info_cmd": 0.35,
}


def coding_csv(project: str, out: Path, count: int, seed: int = 7) -> Path:
    """``count`` span codings as the CSV of ``coding apply --from``."""
    from run import coding_requests, open_project

    with open_project(project) as wb:
        requests = coding_requests(wb, count, seed)
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["transcript", "code", "start", "end"])
        for r in requests:
            s, e = r.target.span
            w.writerow([r.transcript, r.code, s, e])
    return out


def make_themes(project: str, count: int) -> None:
    """``count`` themes over the codes, each of an equal share and one code of the next."""
    from run import open_project

    with open_project(project) as wb:
        codes = [c.id for c in wb.codes.list()]
        size = len(codes) // count
        for i in range(count):
            wb.themes.create(f"Theme {i + 1}", codes=codes[i * size: i * size + size + 1])


def run_scale10(b: Bench, tmp: Path, pg: Any) -> None:
    from run import THEMEWORK, Step, corpus_codes, fmt, open_project, remove_sqlite, timed

    exe = str(THEMEWORK)
    args = b.args
    root = tmp / "corpus"
    t_gen, info = timed(lambda: corpus.write_corpus(root, args.transcripts, TURNS, CODES))
    b.codebook60 = Path(info["codebook"])  # type: ignore[attr-defined]
    b.log(f"corpus: {info['files']} x {info['turns']} turns, {info['bytes'] / 1e6:.2f} MB "
          f"in {t_gen:.2f} s")
    b.corpus_info = info  # type: ignore[attr-defined]
    project = str(tmp / "scale10.themework")
    counter = iter(range(100))

    def fresh() -> str:
        path = str(tmp / f"s10-import-{next(counter)}.themework")
        b.cmd([exe, "init", path, "--approach", "codebook"], record=False)
        return path

    def import_argv(path: str) -> list[str]:
        return [exe, "-p", path, "import", str(root / "transcripts"),
                "--attributes", str(root / "participants.csv")]

    b.cmd([exe, "init", project, "--approach", "codebook"], record=False)
    add_cmd(b, "s10_import_cmd", "import, whole command, SQLite", import_argv(project),
            f"{info['files']:,} files, {info['bytes'] / 1e6:.1f} MB",
            Step("cmd", argv=import_argv("{project}"), setup=fresh))
    b.cmd([exe, "-p", project, "codebook", "load", str(b.codebook60)], record=False)
    # The project as imported, for profiling the bulk coding again on the same data.
    before_codings = str(tmp / "s10-before-codings.themework")
    shutil.copyfile(project, before_codings)

    codings_csv = coding_csv(project, tmp / "codings.csv", args.codings)
    copies = iter(range(100))

    def copy_before() -> str:
        path = str(tmp / f"s10-bulk-{next(copies)}.themework")
        shutil.copyfile(before_codings, path)
        return path

    bulk_argv = [exe, "-p", project, "coding", "apply", "--from", str(codings_csv)]
    add_cmd(b, "s10_bulk_cmd", f"{args.codings:,} codings, coding apply --from", bulk_argv,
            f"{CODES} codes; CSV of transcript,code,start,end",
            Step("cmd", argv=[exe, "-p", "{project}", "coding", "apply", "--from",
                              str(codings_csv)], setup=copy_before))
    make_themes(project, THEMES)

    with open_project(project) as wb:
        attr = next(iter(sorted(wb.participants.list()[0].attributes)), None)
        first, _ = timed(lambda: wb.analysis.prevalence("theme", by=attr))

    def prev_again(profiler: Any) -> float:
        with open_project(project) as wb:
            return timed(lambda: wb.analysis.prevalence("theme", by=attr), profiler)[0]

    b.add("s10_prevalence_first", f"prevalence of {THEMES} themes by {attr}, in-process, "
          "first call", [first], TARGETS["s10_prevalence_first"], "",
          Step("inproc", again=prev_again))
    code = sorted(corpus_codes(b.codebook60))[0]
    cmds: list[tuple[str, str, list[str], str]] = [
        ("s10_prevalence_cmd", f"prevalence by {attr}, whole command",
         ["prevalence", "--by", str(attr), "--json"], "for information"),
        ("s10_report_cmd", "report, whole command", ["report", "--date", "2026-01-01"],
         f"{THEMES} themes"),
        ("s10_cooc_cmd", "co-occurrence (overlap), whole command", ["cooccurrence", "--json"],
         f"{CODES} codes"),
        ("s10_extracts_cmd", "extracts of one code, whole command",
         ["extracts", code, "--json"], code),
        ("s10_export_csv", "export codings --csv", ["export", "codings", "--csv",
                                                     str(tmp / "codings-out.csv")], ""),
        ("s10_export_jsonl", "export codings --jsonl", ["export", "codings", "--jsonl",
                                                         str(tmp / "codings-out.jsonl")], ""),
        ("s10_words_first", "words, first run", ["words", "--json"], "lemma cache empty"),
        ("s10_words_cached", "words, cached", ["words", "--json"], "lemma cache filled"),
        ("s10_search_cmd", "search, whole command", ["search", "trust promises", "--json"],
         "two words, 50 best turns"),
    ]
    for key, label, rest, note in cmds:
        argv = [exe, "-p", project, *rest]
        try:
            add_cmd(b, key, label, argv, note, Step("cmd", argv=argv))
        except Exception as exc:  # one failing command must not hide the other figures
            b.fail(key, label, TARGETS[key], exc)
    info_argv = [exe, "-p", project, "info"]
    samples = [b.cmd(info_argv) for _ in range(5)]
    b.add("s10_info_cmd", "info (a read command's start-up)", samples, TARGETS["s10_info_cmd"],
          "median of 5", Step("cmd", argv=info_argv), peak_target=PEAK_MB)
    b.log(TUI_SKIPPED)
    b.notes.append(TUI_SKIPPED)
    b.notes.extend(query_plans(project, code))
    if pg is not None:
        url = pg.create()
        b.cmd([exe, "init", url, "--approach", "codebook"], record=False)
        try:
            add_cmd(b, "s10_import_cmd_pg", "import, whole command, PostgreSQL",
                    import_argv(url), f"{info['files']:,} files", None)
        except Exception as exc:
            b.fail("s10_import_cmd_pg", "import, whole command, PostgreSQL",
                   TARGETS["s10_import_cmd_pg"], exc)
    if args.keep:
        b.log(f"scale-10 project: {project}")
    else:
        remove_sqlite(before_codings)
    b.log(f"scale 10 done; last figure {fmt(b.figures[-1].seconds)}")


def add_cmd(b: Bench, key: str, label: str, argv: list[str], note: str, step: Any) -> None:
    elapsed = b.cmd(argv)
    b.add(key, label, [elapsed], TARGETS[key], note, step, peak_target=PEAK_MB)



def query_plans(project: str, code: str) -> list[str]:
    """SQLite's plans of the hot queries on the large project (tests/store/test_query_plans.py
    checks them on both backends)."""
    from run import open_project
    from sqlalchemy import text

    from themework.store.models import Coding
    from themework.store.repos.analysis_counts import coding_columns_query
    from themework.store.repos.codes import CodeIndex
    from themework.store.repos.extract_rows import export_query, extract_query

    out = []
    with open_project(project) as wb, wb.store.read() as s:
        some = list(s.scalars(text("SELECT id FROM transcript LIMIT 3")))
        queries = {
            f"extracts of {code}":
                extract_query().where(Coding.code_id.in_([CodeIndex(s).get(code).id])),
            "export codings, one chunk of transcripts":
                export_query(some),
            "analysis, every coding folded per transcript": coding_columns_query("sqlite"),
        }
        for what, q in queries.items():
            sql = str(q.compile(dialect=s.get_bind().dialect,
                                compile_kwargs={"literal_binds": True}))
            steps = [r[3] for r in s.execute(text("EXPLAIN QUERY PLAN " + sql))]
            out.append(f"query plan, {what}: " + "; ".join(steps))
    return out
