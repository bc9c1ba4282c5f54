"""The pipeline module: lazy, cached, offline; lemmas; describe_pipeline; trained pipelines."""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from themework.nlp import pipeline
from themework.nlp.identifiers import check_with_ner


def _run(code: str) -> None:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr


def test_importing_nlp_imports_no_heavy_library() -> None:
    _run(
        "import sys\n"
        "import themework.nlp, themework.nlp.pipeline, themework.nlp.lemmas\n"
        "import themework.nlp.suggest, themework.nlp.identifiers\n"
        "heavy = {'spacy', 'thinc', 'wordfreq', 'sqlalchemy', 'textual'}\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & heavy)\n"
        "assert not loaded, loaded\n"
    )


def test_identifier_check_runs_without_spacy() -> None:
    _run(
        "import sys\n"
        "from themework.nlp.identifiers import check, pseudonymise\n"
        "text = 'P01: Mrs Patterson rang from 07700 900123.'\n"
        "found = check(text)\n"
        "assert {f.kind for f in found} == {'person', 'phone'}, found\n"
        "pseudonymise(text, found, {})\n"
        "assert 'spacy' not in sys.modules\n"
    )


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Did", "do"),  # not in the case-sensitive table; its lower-case form is
        ("did", "do"),
        ("trusted", "trust"),
        ("trusting", "trust"),
        ("Trusting", "trust"),
        ("does", "do"),  # the table says "doe"; overridden
        ("Turning", "turn"),
        ("children", "child"),
        ("’ve", "have"),  # typographic apostrophe
        ("Zebedee", "zebedee"),  # unknown: itself, lower-cased
    ],
)
def test_lemma(word: str, expected: str) -> None:
    assert pipeline.lemma(word) == expected


def test_lemma_forms_cover_inflections() -> None:
    forms = pipeline.lemma_forms("trust")
    assert {"trust", "trusts", "trusted", "trusting"} <= forms
    assert "does" in pipeline.lemma_forms("do")


def test_default_pipeline_is_built_once(nlp: Any) -> None:
    assert pipeline.default_pipeline() is nlp
    assert nlp.pipe_names == ["sentencizer", "lemmatizer"]
    doc = nlp("Did they trust her? She trusted us")
    # spaCy's own lookup component is case-sensitive ("Did" stays "Did"); pipeline.lemma
    # adds the lower-case retry and is what the nlp package uses.
    assert [t.lemma_ for t in doc][:1] == ["Did"]
    assert doc[6].lemma_ == "trust"
    assert [pipeline.lemma(t.text) for t in doc][:3] == ["do", "they", "trust"]
    assert len(list(doc.sents)) == 2


def test_describe_builtin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "TRAINED_PACKAGES", ())
    info = pipeline.describe_pipeline()
    assert info.source == "builtin"
    assert info.name == "blank:en"
    assert info.components == ("sentencizer", "lemmatizer")
    assert not info.has_ner
    assert info.problem is None
    assert "spacy-lookups-data" in info.lemmatizer


def test_describe_missing_setting_reports_a_problem(tmp_path: Path) -> None:
    info = pipeline.describe_pipeline(tmp_path / "nowhere")
    assert info.source == "builtin"
    assert info.problem and "neither a directory nor an installed package" in info.problem
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no config.cfg" in (pipeline.describe_pipeline(empty).problem or "")
    assert pipeline.describe_pipeline("not_a_real_pipeline_pkg").problem


def test_pipeline_setting() -> None:
    assert pipeline.pipeline_setting({pipeline.SETTINGS_KEY: "/x/y"}) == "/x/y"
    assert pipeline.pipeline_setting({}) is None
    assert pipeline.pipeline_setting(None) is None


def test_trained_pipeline_from_a_path(tiny_ner_path: Path, planted_name: str) -> None:
    info = pipeline.describe_pipeline(tiny_ner_path)
    assert info.source == f"path:{tiny_ner_path.resolve()}"
    assert info.has_ner
    assert "ner" in info.components
    nlp = pipeline.trained_pipeline(str(tiny_ner_path))
    assert nlp is not None and "ner" in nlp.pipe_names
    assert pipeline.trained_pipeline(tiny_ner_path) is nlp  # cached

    text = f"P03: Last week {planted_name} came to the office and talked for an hour."
    findings = check_with_ner(text, nlp)
    hits = [f for f in findings if f.text == planted_name]
    assert hits, findings
    assert hits[0].kind == "person" and hits[0].rule == "NER PERSON"
    assert hits[0].confidence == "review"  # one word: a person should look at it
    assert not any(f.text == "P03" for f in findings)


def test_nothing_is_downloaded(monkeypatch: pytest.MonkeyPatch, tiny_ner_path: Path) -> None:
    import spacy.cli

    download_module = sys.modules["spacy.cli.download"]  # spacy.cli.download is the function
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network or download attempted")

    monkeypatch.setattr(spacy.cli, "download", refuse)
    monkeypatch.setattr(download_module, "download", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(pipeline, "TRAINED_PACKAGES", ("en_core_web_sm", "en_core_web_md"))

    pipeline.reset_caches()
    try:
        from themework.nlp.lemmas import lemma_counts, reference_english
        from themework.nlp.suggest import suggest

        nlp = pipeline.default_pipeline()
        assert nlp("Did they trust us?")[0].text == "Did"
        pipeline.describe_pipeline()  # with or without en_core_web_sm installed
        pipeline.describe_pipeline("en_core_web_lg_not_installed")
        assert pipeline.trained_pipeline(tiny_ner_path) is not None
        text = "They trusted her."
        assert suggest(text, [(0, len(text))], [("trust", ["trust"], [])])
        counts = lemma_counts(text, [(0, len(text))])
        assert reference_english(counts)["trust"] > 0
    finally:
        pipeline.reset_caches()


def test_lemmas_need_no_spacy_lookups_data_package() -> None:
    """The bundled table serves the pipeline with spacy-lookups-data unimportable."""
    code = (
        "import sys\n"
        "sys.modules['spacy_lookups_data'] = None\n"
        "from themework.nlp import pipeline\n"
        "doc = pipeline.default_pipeline()('She was running and they texted.')\n"
        "print(len(pipeline.lemma_table()), pipeline.lemma('running'), pipeline.lemma('texted'),"
        " [t.lemma_ for t in doc][1])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) > 40_000
    assert out[1:] == ["run", "text", "be"]


def test_bundled_table_matches_the_package_when_installed() -> None:
    """Same lemmas as spacy-lookups-data 1.0.5's English table (where that package exists)."""

    lookups = pytest.importorskip("spacy_lookups_data")
    source = Path(lookups.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        upstream = json.load(handle)
    table = pipeline.lemma_table()
    assert {k: v for k, v in table.items() if k not in pipeline.LEMMA_OVERRIDES} == {
        k: v for k, v in upstream.items() if k not in pipeline.LEMMA_OVERRIDES
    }
