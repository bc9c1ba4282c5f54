"""The agreement table, laid out once for ``themework agreement`` and the report's methods
appendix: its header and every cell, so the two never word a figure differently.

The command adds per-transcript rows and prints exclusive sets apart with their categories;
the rows both show (pooled, each code, each exclusive set's figures) come from here.
"""

from __future__ import annotations

from collections.abc import Mapping

from themework.analysis.agreement import AgreementReport
from themework.analysis.agreement_report import Agreement
from themework.analysis.agreement_sets import SetAgreement
from themework.analysis.agreement_stats import Alpha, Kappa
from themework.domain.figures import figure
from themework.domain.plural import plural

Row = tuple[str, ...]


def header(report: AgreementReport) -> Row:
    """Column names: which kappa (Cohen's for two coders, Fleiss' for more) and, at character
    level, that each character is a unit."""
    by_character = report.unit == "character"
    kappa = "Cohen's kappa" if len(report.coders) == 2 else "Fleiss' kappa"
    return (
        "Scope",
        "Units",
        "Agreement",
        kappa + (" (per character, as NVivo reports it)" if by_character else ""),
        "PABAK",
        "Krippendorff's alpha (nominal" + (", characters as units)" if by_character else ")"),
        "Landis and Koch",
    )


def kappa_cell(k: Kappa) -> str:
    """A kappa, or why it is undefined."""
    return figure(k.kappa) if k.kappa is not None else f"undefined ({k.undefined_reason})"


def alpha_cell(a: Alpha) -> str:
    return figure(a.alpha, missing="undefined")


def strength(k: Kappa, a: Alpha) -> str:
    """Landis and Koch's word for the kappa, or for the alpha when the kappa is undefined
    (Fleiss' kappa needs every coder to judge every unit; alpha does not)."""
    return (k.label if k.kappa is not None else a.label) or "-"


def figures(a: Agreement | SetAgreement) -> Row:
    """Agreement, kappa, PABAK and alpha of one row, with the kappa's strength."""
    return (figure(a.observed), kappa_cell(a.kappa), figure(a.pabak), alpha_cell(a.alpha),
            strength(a.kappa, a.alpha))  # fmt: skip


def units(report: AgreementReport, n: int) -> str:
    return plural(n, report.unit)


def _pairs(report: AgreementReport, pairs: int, n_units: int) -> str:
    """A pooled row's size: it counts unit x code pairs, and says so."""
    unit = report.unit
    return (f"{pairs} {unit} x code pairs ({plural(n_units, unit)} x "
            f"{plural(len(report.codes), 'code')})")  # fmt: skip


def pooled_row(report: AgreementReport) -> Row:
    whose = "participants' turns" if report.speakers == "participants" else "every speaker's turns"
    label = (f"All codes, pooled present/absent ({plural(len(report.sources), 'transcript')}, "
             f"{whose})")  # fmt: skip
    return (label, _pairs(report, report.pooled.n_units, report.n_units), *figures(report.pooled))


def code_rows(report: AgreementReport, names: Mapping[str, str]) -> list[Row]:
    """One row per code, by name (``names`` by code id), in order of name."""
    return [
        (names.get(c, c), units(report, report.by_code[c].n_units), *figures(report.by_code[c]))
        for c in sorted(report.by_code, key=lambda c: names.get(c, c))
    ]


def transcript_rows(report: AgreementReport) -> list[Row]:
    """One row per transcript, pooled over the codes."""
    rows = []
    for t in sorted(report.by_source):
        a = report.by_source[t]
        rows.append((f"Transcript {t}", _pairs(report, a.n_units, report.source_units[t]),
                     *figures(a)))  # fmt: skip
    return rows


def set_rows(report: AgreementReport, names: Mapping[str, str]) -> list[Row]:
    """One row per exclusive set (by its parent code's name): its codes or none as categories."""
    rows = []
    for key, s in sorted(report.sets.items(), key=lambda kv: names.get(kv[0], kv[0])):
        label = (f"Exclusive set {names.get(key, key)} ({len(s.categories)} categories: "
                 "its codes or none)")  # fmt: skip
        rows.append((label, units(report, s.n_units), *figures(s)))
    return rows


def agreement_table(report: AgreementReport, names: Mapping[str, str]) -> tuple[Row, ...]:
    """The methods appendix's table: header, pooled, each code, each exclusive set."""
    return (header(report), pooled_row(report), *code_rows(report, names),
            *set_rows(report, names))  # fmt: skip
