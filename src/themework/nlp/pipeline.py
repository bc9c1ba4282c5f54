"""The one place that builds spaCy pipelines: offline, lazily, once per process.

Two pipelines, each built on first use and cached at module level:

- the default pipeline: ``spacy.blank("en")`` + ``sentencizer`` + ``lemmatizer`` in
  ``lookup`` mode, with its table read from ``data/en_lemma_lookup.json.gz``: spacy-lookups-data
  1.0.5's English lemma table, bundled unchanged (205 KB) with its licences beside it, so the
  99 MB package is not installed for one table and nothing is fetched;
- a trained pipeline, used only for named-entity checks, when one is available: a path or
  package name given in the project's settings (``settings[SETTINGS_KEY]``), or else one of
  ``TRAINED_PACKAGES`` when it is installed as a Python package. ``spacy.load`` is called only
  for a directory that exists or a package that is installed: nothing is ever downloaded.

``lemma()`` looks words up in the same table through a plain dict cache keyed by token text.
The table is case-sensitive ("Did" is not in it, "did" is), so a miss is retried in lower
case; the result is always lower case. ``LEMMA_OVERRIDES`` corrects a few of the table's
choices that are wrong for interview talk ("does" -> "doe") and adds forms it lacks
("texted"); the pipeline's own lemmatizer component gets the corrected table too, but stays
case-sensitive, so use ``lemma()`` rather than ``Token.lemma_``.

Importing this module imports neither spaCy nor anything heavy.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "LEMMA_OVERRIDES",
    "SETTINGS_KEY",
    "TRAINED_PACKAGES",
    "PipelineInfo",
    "TrainedSource",
    "default_pipeline",
    "describe_pipeline",
    "lemma",
    "lemma_forms",
    "lemma_table",
    "pipeline_setting",
    "reset_caches",
    "resolve_trained",
    "trained_pipeline",
]

SETTINGS_KEY = "nlp_pipeline"  # project setting: path or package name of a trained pipeline
TRAINED_PACKAGES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg")
DEFAULT_COMPONENTS: tuple[str, ...] = ("sentencizer", "lemmatizer")
TABLE_SOURCE = "spacy-lookups-data 1.0.5 English table"
_TABLE_FILE = Path(__file__).resolve().parent / "data" / "en_lemma_lookup.json.gz"
# Corrections to spacy-lookups-data's English table where its one-lemma-per-form choice is
# wrong for interview talk ("does" is not the plural of "doe"), plus forms it lacks. The
# tokenizer splits "can't"/"won't" into "ca"/"wo" + "n't".
LEMMA_OVERRIDES: dict[str, str] = {
    "does": "do",
    "Does": "do",
    "texted": "text",
    "texting": "text",
    "messaged": "message",
    "messaging": "message",
    "ca": "can",
    "wo": "will",
    "sha": "shall",
}
_LEMMA_CACHE_LIMIT = 500_000  # distinct token texts kept before the cache starts afresh

_lock = threading.Lock()
_default: Language | None = None
_trained: dict[str, Language] = {}
_table: dict[str, str] | None = None
_stop_words: frozenset[str] | None = None
_forms: dict[str, frozenset[str]] | None = None
_lemma_cache: dict[str, str] = {}


@dataclass(frozen=True)
class PipelineInfo:
    """What ``doctor`` shows about the pipeline used for entity checks (and lemmas)."""

    name: str  # "blank:en" or the trained pipeline's "lang_name"
    version: str  # pipeline version (spaCy's version for the blank pipeline)
    components: tuple[str, ...]
    has_ner: bool
    source: str  # "builtin", "path:/abs/dir" or "package:en_core_web_sm"
    spacy_version: str = ""
    lemmatizer: str = ""  # where lemmas come from, e.g. "lookup (spacy-lookups-data 1.0.5)"
    problem: str | None = None  # a configured pipeline that could not be used, and why


@dataclass(frozen=True)
class TrainedSource:
    kind: str  # "path" or "package"
    location: str  # absolute directory or package name

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.location}"


def pipeline_setting(settings: Mapping[str, Any] | None) -> str | None:
    """The trained-pipeline path or package named in a project's settings, if any."""
    if not settings:
        return None
    value = settings.get(SETTINGS_KEY)
    return str(value) if value else None


def _installed(name: str) -> bool:
    if not name.isidentifier():
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_trained(
    settings_path: str | Path | None = None,
) -> tuple[TrainedSource | None, str | None]:
    """Where a trained pipeline would come from, and a problem if a configured one is missing.

    A configured value is a directory (a saved pipeline, with ``config.cfg``) or the name of an
    installed package; without one, the first installed of ``TRAINED_PACKAGES``. Never
    downloads, never imports spaCy.
    """
    if settings_path is not None and str(settings_path):
        value = str(settings_path)
        path = Path(value).expanduser()
        if path.is_dir():
            if (path / "config.cfg").is_file():
                return TrainedSource("path", str(path.resolve())), None
            return None, f"{value} is a directory but holds no spaCy pipeline (no config.cfg)"
        if _installed(value):
            return TrainedSource("package", value), None
        return None, f"pipeline {value} is neither a directory nor an installed package"
    for name in TRAINED_PACKAGES:
        if _installed(name):
            return TrainedSource("package", name), None
    return None, None


def _load_table() -> dict[str, str]:
    if _table is not None:
        return _table
    with _lock:
        return _table_unlocked()


def lemma_table() -> Mapping[str, str]:
    """The English lookup table (form -> lemma, case-sensitive), loaded once from disk."""
    return _load_table()


def lemma(word: str) -> str:
    """Lower-case lemma of one token's text: "Did" -> "do", "trusting" -> "trust".

    Looks the text up as written, then in lower case; a word in neither is its own lemma.
    Typographic apostrophes count as straight ones ("we’ve" -> "have" for "’ve").
    """
    cached = _lemma_cache.get(word)
    if cached is not None:
        return cached
    table = _table if _table is not None else _load_table()
    key = word.replace("\u2019", "'") if "\u2019" in word else word
    found = table.get(key)
    if found is None:
        lower = key.lower()
        found = table.get(lower, lower)
    result = found.lower()
    if len(_lemma_cache) >= _LEMMA_CACHE_LIMIT:
        _lemma_cache.clear()
    _lemma_cache[word] = result
    return result


def lemma_forms(lemma_text: str) -> frozenset[str]:
    """Every lower-case form whose lemma is ``lemma_text`` (itself included).

    A token's lower-cased text is always in ``lemma_forms(lemma(token))``, so these forms are
    a safe pre-filter: text that contains none of them cannot hold a token with that lemma.
    """
    global _forms
    if _forms is None:
        table = _load_table()
        inverted: dict[str, set[str]] = {}
        for form, lem in table.items():
            inverted.setdefault(lem.lower(), set()).add(form.lower())
        with _lock:
            _forms = {k: frozenset(v) for k, v in inverted.items()}
    target = lemma_text.lower()
    return _forms.get(target, frozenset()) | {target}


def default_pipeline() -> Language:
    """The offline pipeline: blank English, sentencizer, lookup lemmatizer. Built once."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                import spacy
                from spacy.lookups import Lookups
                from spacy.pipeline import Lemmatizer

                table = _table_unlocked()
                nlp = spacy.blank("en")
                nlp.add_pipe("sentencizer")
                lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
                lookups = Lookups()
                lookups.add_table("lemma_lookup", table)
                # Hand the table over directly: initialize() would otherwise load it again.
                assert isinstance(lemmatizer, Lemmatizer)  # add_pipe is typed as any component
                lemmatizer.initialize(lookups=lookups)
                _default = nlp
    return _default


def stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from spaCy's own list without importing spaCy (an
    import of a second and more, which comparing two codebooks' names does not need)."""
    global _stop_words
    if _stop_words is None:
        import sys

        if "spacy.lang.en.stop_words" in sys.modules:
            found: Any = sys.modules["spacy.lang.en.stop_words"].STOP_WORDS
        else:
            spec = importlib.util.find_spec("spacy")  # finds the package, imports nothing
            origin = Path(spec.origin) if spec and spec.origin else None
            path = origin.parent / "lang" / "en" / "stop_words.py" if origin else None
            if path is not None and path.is_file():
                namespace: dict[str, Any] = {}
                exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
                found = namespace["STOP_WORDS"]
            else:  # pragma: no cover - an unusual install: take the slow road
                from spacy.lang.en.stop_words import STOP_WORDS as found
        _stop_words = frozenset(found)
    return _stop_words


def _table_unlocked() -> dict[str, str]:
    """Load the table while ``_lock`` is already held (the loader takes the lock itself)."""
    global _table
    if _table is None:
        import gzip
        import json

        with gzip.open(_TABLE_FILE, "rt", encoding="utf-8") as handle:
            raw = json.load(handle)
        if not isinstance(raw, dict):  # pragma: no cover - a broken install
            raise RuntimeError(f"{_TABLE_FILE.name} is not a table of forms and lemmas")
        merged = {str(k): str(v) for k, v in raw.items()}
        merged.update(LEMMA_OVERRIDES)
        _table = merged
    return _table


def trained_pipeline(settings_path: str | Path | None = None) -> Language | None:
    """The trained pipeline for entity checks, or None when none is configured or installed.

    Loads only an existing directory or an installed package (never downloads) and caches it
    by location. A configured pipeline that cannot be loaded raises ``OSError``/``ValueError``
    from spaCy; a missing one returns None (``describe_pipeline`` says why).
    """
    source, _problem = resolve_trained(settings_path)
    if source is None:
        return None
    key = source.label
    nlp = _trained.get(key)
    if nlp is None:
        with _lock:
            nlp = _trained.get(key)
            if nlp is None:
                import spacy

                target: str | Path = (
                    Path(source.location) if source.kind == "path" else source.location
                )
                nlp = spacy.load(target)
                _trained[key] = nlp
    return nlp


def describe_pipeline(settings_path: str | Path | None = None) -> PipelineInfo:
    """Describe the pipeline entity checks would use: the trained one if any, else the default.

    Loads the trained pipeline (cached) so that a broken one is reported here, not later.
    """
    from importlib.metadata import version

    spacy_version = version("spacy")
    lemmas = f"lookup ({TABLE_SOURCE}, bundled)"
    source, problem = resolve_trained(settings_path)
    if source is not None:
        try:
            nlp = trained_pipeline(settings_path)
        except Exception as exc:  # an unreadable pipeline is a finding for doctor, not a crash
            nlp = None
            problem = f"{source.label} could not be loaded: {type(exc).__name__}"
        if nlp is not None:
            meta = nlp.meta
            names = tuple(nlp.pipe_names)
            return PipelineInfo(
                name=f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}",
                version=str(meta.get("version", "")),
                components=names,
                has_ner="ner" in names or "entity_ruler" in names,
                source=source.label,
                spacy_version=spacy_version,
                lemmatizer=lemmas,
                problem=None,
            )
    nlp = default_pipeline()
    return PipelineInfo(
        name="blank:en",
        version=spacy_version,
        components=tuple(nlp.pipe_names),
        has_ner=False,
        source="builtin",
        spacy_version=spacy_version,
        lemmatizer=lemmas,
        problem=problem,
    )


def reset_caches() -> None:
    """Forget built pipelines and cached lemmas (tests; a changed setting)."""
    global _default
    with _lock:
        _default = None
        _trained.clear()
        _lemma_cache.clear()
