"""Benchmarks of themework's hot paths, against the targets in bench/README.md.

    python bench/run.py            # full: 1000 x 60 corpus, 50,000 codings
    python bench/run.py --quick    # smoke: 100 transcripts, 5,000 codings
    python bench/run.py --json out.json --profile
    python bench/run.py --tui-only  # the project, then only the TUI figures

Everything happens in a temporary directory (and, for PostgreSQL, a temporary database that
is dropped at the end). Times are wall clock from ``time.perf_counter``; "median of N" where
a repeat is cheap, a single run otherwise. With ``--profile``, every in-process figure or
whole command that misses its target is run once more under cProfile (after all timings,
so profiling never disturbs them) and the top 15 functions by cumulative time are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

PYTHON = Path(sys.executable)
THEMEWORK = shutil.which("themework", path=str(PYTHON.parent)) or shutil.which("themework")
HEAVY = ("sqlalchemy", "alembic", "textual", "spacy", "rapidfuzz", "docx", "psycopg", "yaml",
         "rich")
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None  # peak memory
PG_ADMIN = os.environ.get("THEMEWORK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
CODER = "bench"
CPU: list[float] = []  # CPU seconds of each timed call or command, in order
PEAK: list[float] = []  # peak resident MB of each command (and the workers it forked)


@dataclass
class Figure:
    key: str
    label: str
    seconds: float | None
    runs: int
    target: float | None = None  # seconds; None: reported for information
    note: str = ""
    error: str = ""
    samples: list[float] = field(default_factory=list)
    cpu: float | None = None  # median CPU seconds of this process (or of the command)
    peak_mb: float | None = None  # highest peak resident memory of the commands timed
    peak_target: float | None = None

    @property
    def status(self) -> str:
        if self.error:
            return "ERROR"
        if self.peak_target is not None and self.peak_mb is not None \
                and self.peak_mb > self.peak_target:
            return "MISSED"
        if self.target is None or self.seconds is None:
            return ""
        return "ok" if self.seconds < self.target else "MISSED"


@dataclass
class Step:
    """How to run a measured thing again under a profiler."""

    kind: str  # "inproc" or "cmd"
    again: Callable[[cProfile.Profile | None], Any] | None = None
    argv: list[str] | None = None
    setup: Callable[[], Any] | None = None


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.figures: list[Figure] = []
        self.steps: dict[str, Step] = {}
        self.env = {**os.environ, "THEMEWORK_CODER": CODER}
        self.env.pop("THEMEWORK_PROJECT", None)
        # Commands run with their bytecode cached, as an installed copy's is: under
        # PYTHONDONTWRITEBYTECODE (set in the shells the bench is run from) every command
        # compiled themework's own modules from source, 0.09 s CPU of a read command's
        # start-up that no user pays. The caches go where Python keeps them (__pycache__,
        # ignored by git), so the installed packages' own bytecode is used as it is.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.notes: list[str] = []  # printed under the table

    # -- recording ---------------------------------------------------------------------------
    def add(self, key: str, label: str, samples: list[float], target: float | None,
            note: str = "", step: Step | None = None, peak_target: float | None = None) -> Figure:
        cpu = CPU[-len(samples):] if len(CPU) >= len(samples) else []
        CPU.clear()
        peak = max(PEAK) if PEAK else None
        PEAK.clear()
        fig = Figure(key, label, statistics.median(samples), len(samples), target, note,
                     samples=[round(s, 6) for s in samples],
                     cpu=statistics.median(cpu) if cpu else None,
                     peak_mb=round(peak, 1) if peak is not None else None,
                     peak_target=peak_target)
        self.figures.append(fig)
        if step is not None:
            self.steps[key] = step
        mem = f", peak {fig.peak_mb:.0f} MB" if fig.peak_mb is not None else ""
        self.log(f"{label}: {fmt(fig.seconds)}, cpu {fmt(fig.cpu)} ({len(samples)} run(s){mem}) "
                 f"{fig.status}")
        return fig

    def fail(self, key: str, label: str, target: float | None, exc: BaseException) -> None:
        msg = f"{type(exc).__name__}: {exc}"
        self.figures.append(Figure(key, label, None, 0, target, error=msg.splitlines()[0][:200]))
        self.log(f"{label}: ERROR {msg}")

    def log(self, msg: str) -> None:
        print(f"[bench] {msg}", file=sys.stderr, flush=True)

    # -- helpers -------------------------------------------------------------------------------
    def cmd(
        self, argv: list[str], *, stdout: Any = subprocess.DEVNULL, check: bool = True,
        record: bool = True,
    ) -> float:
        # os.wait4 gives this command's own CPU time (and its workers'). Its peak memory
        # comes from GNU time: a child's ru_maxrss starts from the RSS of the process that
        # spawned it (Linux keeps the pre-exec high-water mark), so read directly it would
        # be at least this bench's own size.
        with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
            run_argv = ([GNU_TIME, "-f", "%M", "-o", peak.name, *argv] if GNU_TIME else argv)
            t0 = time.perf_counter()
            proc = subprocess.Popen(run_argv, env=self.env, stdout=stdout, stderr=err)
            _pid, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            stderr = err.read()
            kb = peak.read().strip().splitlines()[-1:] if GNU_TIME else []
        if record:
            CPU.append(usage.ru_utime + usage.ru_stime)
            if kb and kb[0].isdigit():
                PEAK.append(int(kb[0]) / 1024)
        if check and proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: "
                               f"{stderr.decode(errors='replace')[-500:]}")
        return elapsed


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def timed(fn: Callable[[], Any], profiler: cProfile.Profile | None = None) -> tuple[float, Any]:
    if profiler is not None:
        profiler.enable()
    c0 = time.process_time()
    t0 = time.perf_counter()
    try:
        result = fn()
    finally:
        elapsed = time.perf_counter() - t0
        CPU.append(time.process_time() - c0)
        if profiler is not None:
            profiler.disable()
    return elapsed, result


# -- themework helpers (imported lazily so --help timing happens on a cold machine) -------------
def new_project(where: str, name: str = "bench"):  # type: ignore[no-untyped-def]
    from themework.services.workbench import Workbench
    from themework.store.location import from_string

    return Workbench.init(from_string(where), name=name, approach="codebook", coder=CODER)


def open_project(where: str):  # type: ignore[no-untyped-def]
    from themework.services.workbench import Workbench
    from themework.store.location import from_string

    return Workbench.open(from_string(where), coder=CODER)


def coding_requests(wb: Any, count: int, seed: int = 7) -> list[Any]:
    """``count`` span codings on participant turns: a whole utterance or a part of one."""
    from sqlalchemy import select

    from themework.services.coding import CodingRequest, Target
    from themework.store.models import Code, Speaker, Transcript, Turn

    with wb.store.read() as s:
        turns = s.execute(
            select(Transcript.name, Turn.start, Turn.end)
            .join(Turn, Turn.transcript_id == Transcript.id)
            .join(Speaker, Speaker.id == Turn.speaker_id)
            .where(Speaker.role == "participant")
            .order_by(Transcript.name, Turn.index)
        ).all()
        codes = sorted(s.scalars(select(Code.key).where(Code.status == "active")))
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        name, start, end = turns[rng.randrange(len(turns))]
        if rng.random() < 0.3 or end - start < 30:
            span = (start, end)
        else:
            a = rng.randrange(start, end - 20)
            b = rng.randrange(a + 10, min(end, a + 400) + 1)
            span = (a, b)
        out.append(CodingRequest(name, rng.choice(codes), Target(span=span)))
    return out


def transcript_files(root: Path) -> list[Path]:
    return sorted((root / "transcripts").glob("*.txt"))


# -- the benchmarks ----------------------------------------------------------------------------
def bench_help(b: Bench) -> None:
    runs = 15
    samples = [b.cmd([THEMEWORK, "--help"]) for _ in range(runs)]
    probe = (
        "import atexit, sys\n"
        f"heavy = {HEAVY!r}\n"
        "atexit.register(lambda: print(','.join(m for m in heavy if m in sys.modules), "
        "file=sys.stderr))\n"
        "sys.argv = ['themework', '--help']\n"
        "from themework.cli.main import run\n"
        "run()\n"
    )
    proc = subprocess.run([str(PYTHON), "-c", probe], env=b.env, capture_output=True, text=True)
    loaded = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
    heavy = [m for m in loaded.split(",") if m]
    b.heavy_on_help = heavy  # type: ignore[attr-defined]
    note = "heavy modules loaded: " + (", ".join(heavy) if heavy else "none of " + "/".join(HEAVY))
    b.add("help", "themework --help (whole command)", samples, 0.35, note,
          Step("cmd", argv=[THEMEWORK, "--help"]))
    # Import-time breakdown of the CLI module, for the report.
    proc = subprocess.run(
        [str(PYTHON), "-X", "importtime", "-c", "import themework.cli.main"],
        env=b.env, capture_output=True, text=True,
    )
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self_us, cum_us, name = line[len("import time:"):].split("|")
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        rows.append((int(cum_us), "  " * depth + name.strip()))
    rows.sort(reverse=True)
    b.importtime = rows[:12]  # type: ignore[attr-defined]


def bench_import_inproc(b: Bench, root: Path, where: Callable[[], str], key: str, label: str,
                        target: float, cleanup: Callable[[str], None]) -> str | None:
    files = transcript_files(root)
    attrs = root / "participants.csv"

    def once(profiler: cProfile.Profile | None = None, keep: bool = False) -> float:
        loc = where()
        with new_project(loc) as wb:
            elapsed, report = timed(
                lambda: wb.transcripts.import_files(files, attributes=attrs), profiler
            )
        bad = [f for f in report.files if f.status != "imported"]
        if bad:
            raise RuntimeError(f"{len(bad)} files not imported, first: {bad[0].message}")
        if keep:
            b.kept[key] = loc  # type: ignore[attr-defined]
        else:
            cleanup(loc)
        return elapsed

    samples = [once(keep=(i == b.args.repeat - 1)) for i in range(b.args.repeat)]
    mb = sum(f.stat().st_size for f in files) / 1e6
    b.add(key, label, samples, target, f"{len(files)} files, {mb:.1f} MB",
          Step("inproc", again=lambda p: once(p)))
    return b.kept.get(key)  # type: ignore[attr-defined]


def bench_import_cmd(b: Bench, root: Path, tmp: Path) -> None:
    counter = iter(range(1000))

    def setup() -> str:
        path = tmp / f"cmd-import-{next(counter)}.themework"
        b.cmd([THEMEWORK, "init", str(path), "--approach", "codebook"], record=False)
        return str(path)

    def argv(path: str) -> list[str]:
        return [THEMEWORK, "-p", path, "import", str(root / "transcripts"),
                "--attributes", str(root / "participants.csv")]

    samples = []
    for _ in range(b.args.repeat):
        path = setup()
        samples.append(b.cmd(argv(path)))
        remove_sqlite(path)
    b.add("import_cmd_sqlite", "import corpus, whole command, SQLite", samples, 3.0,
          "themework -p FILE import DIR --attributes CSV",
          Step("cmd", argv=argv("{project}"), setup=setup))


def bench_codings(b: Bench, loc: str, key: str, label: str) -> None:
    count = b.args.codings
    with open_project(loc) as wb:
        t_load, _ = timed(lambda: wb.codebook.load(b.codebook60))
        b.log(f"  (codebook of 60 codes loaded into {key} in {fmt(t_load)})")
        requests = coding_requests(wb, count)
        elapsed, ids = timed(lambda: wb.coding.apply_many(requests))
    assert len(ids) == count, len(ids)

    def again(profiler: cProfile.Profile | None) -> float:
        with open_project(loc) as wb:
            reqs = coding_requests(wb, count, seed=99)
            return timed(lambda: wb.coding.apply_many(reqs), profiler)[0]

    b.add(key, label, [elapsed], 5.0, f"{count:,} span codings, 60 codes, one apply_many call",
          Step("inproc", again=again))


def make_themes(loc: str) -> None:
    """8 themes over the 60 codes, overlapping by one code."""
    with open_project(loc) as wb:
        codes = [c.id for c in wb.codes.list()]
        for i in range(8):
            wb.themes.create(f"Theme {i + 1}", codes=codes[i * 7 : i * 7 + 8])


def bench_analysis(b: Bench, loc: str, path: str) -> None:
    """Issue 4's figures: 8 themes over the 60 codes, then prevalence, co-occurrence, report."""
    make_themes(loc)
    with open_project(loc) as wb:
        attr = next(iter(sorted(wb.participants.list()[0].attributes)), None)
        prev_t, _ = timed(lambda: wb.analysis.prevalence("theme", by=attr))
        prev_t2, _ = timed(lambda: wb.analysis.prevalence("theme", by=attr))
        co_t, _ = timed(lambda: wb.analysis.cooccurrence("overlap"))
    b.add("prevalence_by_attr", f"prevalence of 8 themes by {attr}, in-process, first call",
          [prev_t], 0.3, "union of coders; reads 50,000 codings and their turns' speakers")
    b.add("prevalence_by_attr_again", f"prevalence of 8 themes by {attr}, in-process, again",
          [prev_t2], 0.3, "project unchanged since the first call, so its spans are kept")
    b.add("cooc_inproc", "co-occurrence (overlap), in-process", [co_t], None, "60 codes")
    exe = str(THEMEWORK)
    b.add("cooc_cmd", "co-occurrence (overlap), whole command",
          [b.cmd([exe, "-p", path, "cooccurrence", "--json"])], 2.0, "60 codes")
    b.add("report_cmd", "report, whole command",
          [b.cmd([exe, "-p", path, "report", "--date", "2026-01-01"])], 3.0,
          "8 themes, 50,000 codings")


def bench_single_apply(b: Bench, loc: str, path: str) -> None:
    with open_project(loc) as wb:
        reqs = coding_requests(wb, 50, seed=11)
        samples = [timed(lambda r=r: wb.coding.apply(r))[0] for r in reqs]

    def again(profiler: cProfile.Profile | None) -> float:
        with open_project(loc) as wb:
            reqs = coding_requests(wb, 20, seed=12)
            return statistics.median(timed(lambda r=r: wb.coding.apply(r), profiler)[0]
                                     for r in reqs)

    b.add("apply_one", "single coding apply, in-process", samples, 0.015,
          "median of 50, project holding the bulk codings", Step("inproc", again=again))

    with open_project(loc) as wb:
        reqs = coding_requests(wb, 5, seed=13)

    def argv(r: Any) -> list[str]:
        s, e = r.target.span
        return [THEMEWORK, "-p", path, "coding", "apply", r.transcript, r.code,
                "--span", f"{s}:{e}"]

    samples = [b.cmd(argv(r)) for r in reqs]
    b.add("apply_one_cmd", "single coding apply, whole command", samples, None,
          "median of 5: themework -p FILE coding apply T CODE --span S:E",
          Step("cmd", argv=argv(reqs[0])))


def bench_extracts(b: Bench, loc: str, path: str | None, suffix: str,
                   targets: tuple[float | None, float | None]) -> None:
    code = sorted(corpus_codes(b.codebook60))[0]
    with open_project(loc) as wb:
        samples = []
        for _ in range(5):
            t, items = timed(lambda: wb.coding.extracts([code]))
            samples.append(t)

    def again(profiler: cProfile.Profile | None) -> float:
        with open_project(loc) as wb:
            return timed(lambda: wb.coding.extracts([code]), profiler)[0]

    where = ", PostgreSQL" if suffix == "_pg" else ""
    b.add(f"extracts{suffix}", f"extracts of one code, in-process{where}",
          samples, targets[0], f"median of 5; {len(items):,} extracts of {code}",
          Step("inproc", again=again))
    if path is None:
        return
    argv = [THEMEWORK, "-p", path, "extracts", code, "--json"]
    samples = [b.cmd(argv) for _ in range(3)]
    b.add(f"extracts_cmd{suffix}", "extracts of one code, whole command", samples, targets[1],
          "median of 3: themework -p FILE extracts CODE --json > /dev/null", Step("cmd", argv=argv))


def corpus_codes(path: Path) -> list[str]:
    return [line.split('"')[1] for line in path.read_text().splitlines()
            if line.strip().startswith("id:")]


def bench_codebook_500(b: Bench, tmp: Path) -> None:
    book = corpus.write_codebook(tmp / "codebook-500.yaml", 500)
    counter = iter(range(1000))

    def once(profiler: cProfile.Profile | None = None) -> float:
        path = str(tmp / f"cb-{next(counter)}.themework")
        with new_project(path) as wb:
            elapsed, report = timed(lambda: wb.codebook.load(book), profiler)
        assert len(report.added) == 500, len(report.added)
        remove_sqlite(path)
        return elapsed

    samples = [once() for _ in range(3)]
    b.add("codebook_500", "codebook load, 500 codes, in-process", samples, 1.0,
          "median of 3, each into a fresh SQLite project", Step("inproc", again=once))
    # Loading the same file again (nothing changes): informational.
    path = str(tmp / "cb-reload.themework")
    with new_project(path) as wb:
        wb.codebook.load(book)
        samples = [timed(lambda: wb.codebook.load(book))[0] for _ in range(3)]
    remove_sqlite(path)
    b.add("codebook_500_reload", "codebook reload, 500 codes unchanged, in-process", samples,
          None, "median of 3")


def bench_tui(b: Bench, loc: str, tmp: Path) -> None:
    """Issue 11's TUI figures (tui_bench.py), headless, on the bench project plus one
    5,000-turn transcript (imported here: run this after the figures that count turns)."""
    import tui_bench

    long_file = tui_bench.long_transcript(tmp)
    with open_project(loc) as wb:
        wb.transcripts.import_files([long_file])
    try:
        results = tui_bench.measure(loc, long_file.stem)
    except Exception as exc:
        b.fail("tui", "TUI section", None, exc)
        return
    for r in results:
        if not r.samples:
            b.figures.append(Figure(r.key, r.label, None, 0, r.target, error=r.error))
            b.log(f"{r.label}: ERROR {r.error}")
            continue
        CPU.extend(r.cpu)
        fig = b.add(r.key, r.label, r.samples, r.target, r.note)
        fig.error = r.error


def remove_sqlite(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(path + suffix).unlink(missing_ok=True)


# -- PostgreSQL ---------------------------------------------------------------------------------
class PgDatabases:
    def __init__(self, admin_url: str) -> None:
        import psycopg

        self.psycopg = psycopg
        self.admin = admin_url
        self.made: list[str] = []
        self.base = admin_url.rsplit("/", 1)[0]
        with psycopg.connect(admin_url, autocommit=True) as conn:
            self.version = conn.execute("show server_version").fetchone()[0]

    def create(self) -> str:
        name = f"themework_bench_{os.getpid()}_{len(self.made)}"
        with self.psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return f"{self.base}/{name}"

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with self.psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.made:
            self.made.remove(name)

    def drop_all(self) -> None:
        for name in list(self.made):
            self.drop(f"{self.base}/{name}")


# -- main -----------------------------------------------------------------------------------------
def scale_one(b: Bench, tmp: Path, pgs: list[PgDatabases]) -> dict[str, Any]:
    """The figures at today's size (1,000 transcripts, 50,000 codings; --quick: a tenth)."""
    args = b.args
    root = tmp / "corpus"
    t_gen, info = timed(lambda: corpus.write_corpus(root, args.transcripts, args.turns, 60))
    b.codebook60 = Path(info["codebook"])  # type: ignore[attr-defined]
    b.log(f"corpus: {info['files']} x {info['turns']} turns, {info['bytes'] / 1e6:.2f} MB "
          f"in {t_gen:.2f} s")

    if not args.tui_only:
        bench_help(b)

    counter = iter(range(1000))
    sqlite_loc = bench_import_inproc(
        b, root, lambda: str(tmp / f"inproc-{next(counter)}.themework"),
        "import_sqlite", "import corpus, in-process, SQLite", 3.0, remove_sqlite,
    )
    if not args.tui_only:
        bench_import_cmd(b, root, tmp)

    if not args.no_pg and not args.tui_only:
        connect_pg(b, pgs)
    pg = pgs[0] if pgs else None
    pg_loc = None
    if pg is not None:
        pg_loc = bench_import_inproc(b, root, pg.create, "import_pg",
                                     "import corpus, in-process, PostgreSQL", 8.0, pg.drop)

    assert sqlite_loc is not None
    bench_codings(b, sqlite_loc, "codings_sqlite",
                  f"{args.codings:,} codings via apply_many, SQLite")
    if pg_loc is not None:
        bench_codings(b, pg_loc, "codings_pg",
                      f"{args.codings:,} codings via apply_many, PostgreSQL")

    if args.tui_only:
        make_themes(sqlite_loc)
    else:
        bench_analysis(b, sqlite_loc, sqlite_loc)
        bench_single_apply(b, sqlite_loc, sqlite_loc)
        bench_extracts(b, sqlite_loc, sqlite_loc, "", (0.1, 1.0))
        if pg_loc is not None:
            bench_extracts(b, pg_loc, None, "_pg", (None, None))
        bench_codebook_500(b, tmp)
    if not args.no_tui:
        bench_tui(b, sqlite_loc, tmp)

    return info


def connect_pg(b: Bench, pgs: list[PgDatabases]) -> None:
    try:
        pgs.append(PgDatabases(PG_ADMIN))
    except Exception as exc:
        b.log(f"PostgreSQL unavailable ({exc}); skipping")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="100 transcripts, 5,000 codings")
    ap.add_argument("--json", nargs="?", const="-", metavar="FILE",
                    help="also write the figures as JSON (to FILE, or stdout)")
    ap.add_argument("--profile", action="store_true",
                    help="print a cProfile top 15 for every missed target")
    ap.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    ap.add_argument("--repeat", type=int, default=1, help="runs of the corpus imports")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--transcripts", type=int)
    ap.add_argument("--turns", type=int, default=60)
    ap.add_argument("--codings", type=int)
    ap.add_argument("--no-tui", action="store_true", help="skip the TUI figures")
    ap.add_argument("--tui-only", action="store_true",
                    help="build the SQLite project, then only the TUI figures")
    ap.add_argument("--scale", type=int, choices=(1, 10), default=1,
                    help="10: issue 15's figures, 10,000 transcripts and 500,000 codings")
    args = ap.parse_args(argv)
    big = args.scale == 10
    args.transcripts = args.transcripts or (100 if args.quick else 10_000 if big else 1000)
    args.codings = args.codings or (5_000 if args.quick else 500_000 if big else 50_000)
    if THEMEWORK is None:
        sys.exit("no themework command next to this python or on PATH")

    started = time.perf_counter()
    load_start = round(os.getloadavg()[0], 2)
    b = Bench(args)
    b.kept = {}  # type: ignore[attr-defined]
    tmp = Path(tempfile.mkdtemp(prefix="themework-bench-"))
    pgs: list[PgDatabases] = []
    try:
        if big:
            # scale10 imports this module as "run": let it be this one, not a second copy
            # with its own CPU list.
            sys.modules.setdefault("run", sys.modules[__name__])
            import scale10

            if not args.no_pg:
                connect_pg(b, pgs)
            scale10.run_scale10(b, tmp, pgs[0] if pgs else None)
            info = b.corpus_info  # type: ignore[attr-defined]
        else:
            info = scale_one(b, tmp, pgs)
        total = time.perf_counter() - started
        machine = {
            "nproc": os.cpu_count(),
            "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "sqlite": sqlite3.sqlite_version,
            "postgresql": pgs[0].version if pgs else None,
            "corpus_mb": round(info["bytes"] / 1e6, 2),
            "transcripts": args.transcripts,
            "turns": args.turns,
            "codings": args.codings,
            "bench_seconds": round(total, 1),
            "load_start": load_start,
            "load_end": round(os.getloadavg()[0], 2),
        }
        print_table(b, machine)
        if args.profile:
            profile_missed(b)
        if args.json:
            data = {
                "machine": machine,
                "heavy_modules_on_help": getattr(b, "heavy_on_help", []),
                "importtime_top": getattr(b, "importtime", []),
                "figures": [{**asdict(f), "status": f.status} for f in b.figures],
            }
            text = json.dumps(data, indent=2)
            if args.json == "-":
                print(text)
            else:
                Path(args.json).write_text(text + "\n")
    finally:
        for pg in pgs:
            pg.drop_all()
        if args.keep:
            b.log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if any(f.status in ("MISSED", "ERROR") for f in b.figures) else 0


def print_table(b: Bench, machine: dict[str, Any]) -> None:
    print(f"machine: nproc={machine['nproc']} python={machine['python']} "
          f"sqlite={machine['sqlite']} postgresql={machine['postgresql']}")
    print(f"corpus: {machine['transcripts']} transcripts x {machine['turns']} turns, "
          f"{machine['corpus_mb']} MB; {machine['codings']:,} codings; "
          f"bench took {machine['bench_seconds']} s")
    print(f"load average (1 min) at start {machine['load_start']}, at end {machine['load_end']}"
          " (figures are wall clock; cpu is this process's, or the command's, CPU time;"
          " peak MB: the command's peak resident memory, its forked workers included)")
    rows = [("figure", "value", "cpu", "peak MB", "runs", "target", "status", "note")]
    for f in b.figures:
        rows.append((f.label, fmt(f.seconds) if not f.error else "ERROR", fmt(f.cpu),
                     f"{f.peak_mb:.0f}" if f.peak_mb is not None else "-",
                     str(f.runs), f"< {fmt(f.target)}" if f.target else "-", f.status,
                     f.error or f.note))
    n = len(rows[0]) - 1
    widths = [max(len(r[i]) for r in rows) for i in range(n)]
    for i, r in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(r[:n], widths, strict=True)) + "  " + r[n])
        if i == 0:
            print("  ".join("-" * w for w in widths) + "  " + "-" * 4)
    for note in b.notes:
        print(note)
    if getattr(b, "importtime", None):
        print("\nimport themework.cli.main: heaviest imports by cumulative time (-X importtime;"
              " indented = imported by the line above it)")
        for us, name in b.importtime:  # type: ignore[attr-defined]
            print(f"  {us / 1000:8.1f} ms  {name}")


def profile_missed(b: Bench) -> None:
    for f in b.figures:
        if f.status != "MISSED" or f.key not in b.steps:
            continue
        step = b.steps[f.key]
        print(f"\n== cProfile, top 15 by cumulative time: {f.label} ==", flush=True)
        stats_out = io.StringIO()
        if step.kind == "inproc" and step.again is not None:
            prof = cProfile.Profile()
            elapsed = step.again(prof)
            stats = pstats.Stats(prof, stream=stats_out)
            print(f"(profiled run: {fmt(elapsed)}, with profiler overhead)")
        else:
            assert step.argv is not None
            argv = list(step.argv)
            if step.setup is not None:
                project = step.setup()
                argv = [project if a == "{project}" else a for a in argv]
            with tempfile.NamedTemporaryFile(suffix=".prof", delete=False) as fh:
                out = fh.name
            b.cmd([str(PYTHON), "-m", "cProfile", "-o", out, *argv])
            stats = pstats.Stats(out, stream=stats_out)
            os.unlink(out)
        if step.kind == "cmd":
            # A command's top by cumulative time is start-up and typer; show themework's own
            # functions, and the functions that spent the time themselves.
            stats.sort_stats("cumulative").print_stats(r"themework/(?!cli/main|cli/common)", 15)
            stats_out.write("\n-- top 12 by own time --\n")
            stats.sort_stats("tottime").print_stats(12)
        else:
            stats.sort_stats("cumulative").print_stats(15)
        print(_trim_stats(stats_out.getvalue()))


def _trim_stats(text: str) -> str:
    lines = text.strip().splitlines()
    start = next((i for i, ln in enumerate(lines) if "ncalls" in ln), 0)
    head = [ln for ln in lines[:start] if "function calls" in ln]
    body = [ln for ln in lines[start:]
            if ln.strip() and "Ordered by" not in ln and "List reduced" not in ln
            and "function calls" not in ln]
    return "\n".join(head + body)


if __name__ == "__main__":
    sys.exit(main())
