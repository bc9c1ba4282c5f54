"""Language help: word frequencies and keyness, keyword in context, and code suggestions.

Lemma counts are cached per transcript in ``lemma_cache``, keyed by the text's hash and the
pipeline that made them, so a second ``words`` over a large corpus reads counts, not text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from themework.domain.errors import InputError, NotFound
from themework.domain.plural import plural
from themework.services.audit import new_batch, now, record
from themework.services.changes import ChangeSet, image, orm_image
from themework.services.coding import CodingRequest, Target
from themework.services.language_words import INTERVIEWER, group_counts, word_rows
from themework.services.language_words import WordRow as WordRow
from themework.store.bulk import insert_ids
from themework.store.models import (
    Code,
    Suggestion,
    Transcript,
)
from themework.store.repos.codes import CodeIndex
from themework.store.repos.participants import consents
from themework.store.repos.suggestions import human_codings, suggested_spans, suggestions_of
from themework.store.repos.transcripts import (
    all_texts,
    text_hashes,
    transcript_id,
    transcript_names,
)
from themework.store.repos.utterances import (
    cached_counts,
    labelled_turns,
    participant_spans,
    remember_counts,
    texts_of,
    utterances_of,
)

if TYPE_CHECKING:
    from themework.services.coding import CodingService
    from themework.services.context import ServiceContext

CACHE_KEY = "lookup-v1"  # bump when the counting changes, so old caches are not reused
_BATCH = 250  # transcripts whose texts and turns are read in one pair of queries


@dataclass(frozen=True)
class KwicHit:
    transcript: str
    turn: int
    speaker: str
    left: str
    match: str
    right: str
    start: int


@dataclass(frozen=True)
class SuggestionInfo:
    id: int
    transcript: str
    code: str
    start: int
    end: int
    matched: tuple[str, ...]
    status: str
    text: str


class LanguageService:
    def __init__(self, ctx: ServiceContext, *, coding: CodingService) -> None:
        self.ctx = ctx
        self.coding = coding

    # -- word counts -----------------------------------------------------------------------
    def _counts(self) -> list[tuple[str, dict[str, dict[str, int]]]]:
        """Per transcript: lemma counts per speaker (participant pseudonym or interviewer)."""
        with self.ctx.store.read() as s:
            transcripts = [(t.id, t.text_hash) for t in text_hashes(s)]
            cached = cached_counts(s, CACHE_KEY)
        missing: dict[str, str] = {}  # text hash -> the first transcript with that text
        for tid, text_hash in transcripts:
            if text_hash not in cached:
                missing.setdefault(text_hash, tid)
        counted = self._count_texts(list(missing.values()))
        # A transcript deleted meanwhile is neither counted nor remembered.
        fresh = {h: counted[tid] for h, tid in missing.items() if tid in counted}
        if fresh and not self.ctx.store.read_only:  # the cache only saves time: skip it there
            self._remember(fresh)
        known = cached | fresh
        return [(tid, known[h]) for tid, h in transcripts if h in known]

    def _count_texts(self, ids: list[str]) -> dict[str, dict[str, dict[str, int]]]:
        """Lemma counts per speaker of each transcript named, read ``_BATCH`` at a time."""
        from themework.nlp.lemmas import lemma_counts

        out: dict[str, dict[str, dict[str, int]]] = {}
        for i in range(0, len(ids), _BATCH):
            batch = ids[i : i + _BATCH]
            with self.ctx.store.read() as s:
                texts = texts_of(s, batch)
                utterances = utterances_of(s, batch)
            spans: dict[str, dict[str, list[tuple[int, int]]]] = {tid: {} for tid in batch}
            for tid, start, end, role, pseudonym in utterances:
                who = pseudonym if role == "participant" and pseudonym else INTERVIEWER
                spans[tid].setdefault(who, []).append((start, end))
            for tid, text in texts.items():
                out[tid] = {who: dict(lemma_counts(text, sp)) for who, sp in spans[tid].items()}
        return out

    def _remember(self, fresh: dict[str, dict[str, dict[str, int]]]) -> None:
        with self.ctx.store.write() as s:
            remember_counts(s, CACHE_KEY, fresh)

    def words(
        self,
        *,
        by: str | None = None,
        top: int = 20,
        include_interviewer: bool = False,
        reference: str | None = None,
    ) -> list[WordRow]:
        """Top lemmas overall or per attribute group, with keyness (log-likelihood) against
        the rest of the corpus, or against general English with ``reference='english'``."""
        if reference not in (None, "english"):
            raise InputError("the reference is 'english' (or none: the rest of the corpus)")
        attrs: dict[str, dict[str, str]] = {}
        if by is not None:  # one word list over everyone needs no attributes
            with self.ctx.store.read() as s:
                attrs = {p.pseudonym: dict(p.attributes) for p in consents(s)}
        if by is not None and not any(by in a for a in attrs.values()):
            raise InputError(f"no participant has the attribute {by!r}")
        groups = group_counts(self._counts(), attrs, by, include_interviewer)
        return word_rows(groups, by=by, top=top, reference=reference)

    # -- keyword in context ----------------------------------------------------------------
    def kwic(
        self, term: str, *, lemma: bool = False, width: int = 40, include_interviewer: bool = True
    ) -> list[KwicHit]:
        from themework.nlp.lemmas import kwic

        if not term.strip():
            raise InputError("give a word or phrase to look for")
        forms: list[str] | None = None
        if lemma and len(term.split()) == 1:
            # One word: match every form of its lemma as a whole word, without tokenising
            # every utterance (a phrase still goes through the lemmatiser).
            from themework.nlp.pipeline import lemma as to_lemma
            from themework.nlp.pipeline import lemma_forms

            forms = sorted(lemma_forms(to_lemma(term)))
        out: list[KwicHit] = []
        with self.ctx.store.read() as s:
            texts = dict(all_texts(s))
            names = transcript_names(s)
            turns = labelled_turns(s)
        for tid, index, start, end, label, role in turns:
            if role != "participant" and not include_interviewer:
                continue
            text = texts[tid]
            if forms is None:
                hits = kwic(text, [(start, end)], term, lemma=lemma, width=width)
            else:
                lowered = text[start:end].lower()
                hits = [
                    h
                    for form in forms
                    if form in lowered
                    for h in kwic(text, [(start, end)], form, lemma=False, width=width)
                ]
            for hit in hits:
                out.append(
                    KwicHit(names[tid], index, label, hit.left, hit.match, hit.right, hit.offset)
                )
        return sorted(set(out), key=lambda h: (h.transcript.casefold(), h.start, h.match))

    # -- suggestions -----------------------------------------------------------------------
    def suggest(self, *, transcript: str | None = None, code: str | None = None) -> int:
        """Create pending suggestions from codebook keywords; rejected ones never come back."""
        from themework.nlp.suggest import Suggester

        with self.ctx.store.read() as s:
            index = CodeIndex(s)
            codes = _suggesting_codes(index)
            if code is not None:
                wanted = index.get(code)
                codes = [c for c in codes if c.id == wanted.id]
            rules = [(c.key, list(c.keywords), list(c.patterns)) for c in codes]
            key_to_id = {c.key: c.id for c in codes}
            texts = all_texts(s, None if transcript is None else transcript_id(s, transcript))
            utterances = participant_spans(s)
            known = suggested_spans(s)
        if not rules:
            return 0
        found = Suggester(rules).suggest_many(
            (text, sorted(utterances.get(tid, []))) for tid, text in texts
        )
        rows = _new_suggestions(texts, found, key_to_id, known)
        if not rows:
            return 0
        with self.ctx.store.write() as s:
            ids = insert_ids(s, Suggestion.__table__, rows)
            changes = ChangeSet()
            for row, new_id in zip(rows, ids, strict=True):
                changes.inserted("suggestion", image(Suggestion.__table__, {**row, "id": new_id}))
            record(s, self.ctx.coder_id(s), "suggest", f"suggested {plural(len(rows), 'coding')}",
                   changes)
        return len(rows)

    def suggestions(
        self, transcript: str | None = None, status: str = "pending"
    ) -> list[SuggestionInfo]:
        with self.ctx.store.read() as s:
            index = CodeIndex(s)
            tid = None if transcript is None else transcript_id(s, transcript)
            out = [
                SuggestionInfo(
                    sg.id,
                    sg.transcript,
                    index.by_id[sg.code_id].key,
                    sg.start,
                    sg.end,
                    sg.matched,
                    sg.status,
                    sg.text,
                )
                for sg in suggestions_of(s, status, tid)
            ]
        return sorted(out, key=lambda x: (x.transcript.casefold(), x.start, x.code))

    def decide(self, suggestion_id: int, accept: bool) -> int | None:
        """Accept (a coding with origin 'suggestion' by the deciding coder) or reject."""
        with self.ctx.store.read() as s:
            sg = s.get(Suggestion, suggestion_id)
            if sg is None:
                raise NotFound(f"no suggestion {suggestion_id}")
            if sg.status != "pending":
                raise InputError(f"suggestion {suggestion_id} was already {sg.status}")
            name = s.get_one(Transcript, sg.transcript_id).name
            code_key = CodeIndex(s).by_id[sg.code_id].key
            span = (sg.start, sg.end)
        coding_id = None
        if accept:
            coding_id = self.coding.apply_many(
                [CodingRequest(name, code_key, Target(span=span))], origin="suggestion"
            )[0]
        with self.ctx.store.write() as s:
            sg = s.get_one(Suggestion, suggestion_id)
            before = orm_image(sg)
            sg.status = "accepted" if accept else "rejected"
            sg.decided_by_id = self.ctx.coder_id(s)
            sg.decided_at = now()
            sg.coding_id = coding_id
            s.flush()
            changes = ChangeSet()
            changes.updated("suggestion", before, orm_image(sg))
            record(
                s,
                self.ctx.coder_id(s),
                "suggestion." + ("accept" if accept else "reject"),
                f"{'accepted' if accept else 'rejected'} suggestion {suggestion_id}",
                changes,
                batch_id=new_batch(),
            )
        return coding_id

    def evaluate(self) -> list[Any]:
        """Precision and recall of keyword suggestions against the human codings."""
        from themework.nlp.suggest import Suggester, evaluate

        with self.ctx.store.read() as s:
            index = CodeIndex(s)
            codes = _suggesting_codes(index)
            rules = [(c.key, list(c.keywords), list(c.patterns)) for c in codes]
            texts = all_texts(s)
            utterances = participant_spans(s)
            human: dict[str, list[tuple[int, int, str]]] = {}
            for tid, cid, a, b in human_codings(s):
                human.setdefault(tid, []).append((a, b, index.by_id[cid].key))
        if not rules:
            return []
        totals: dict[str, Any] = {}
        found = Suggester(rules).suggest_many(
            (t, sorted(utterances.get(tid, []))) for tid, t in texts
        )
        for (tid, _), hits in zip(texts, found, strict=True):
            for key, score in evaluate(hits, human.get(tid, [])).items():
                totals[key] = totals[key] + score if key in totals else score
        return [totals[k] for k in sorted(totals)]


def _suggesting_codes(index: CodeIndex) -> list[Code]:
    """Active codes with keywords or patterns: the ones suggestions can come from."""
    return [c for c in index.codes if c.status == "active" and (c.keywords or c.patterns)]


def _new_suggestions(
    texts: Sequence[Any],
    found: Iterable[list[Any]],
    key_to_id: dict[str, int],
    known: set[tuple[str, int, int, int]],
) -> list[dict[str, Any]]:
    """Rows for the hits not suggested before (a rejected suggestion is known: it never
    comes back), each span and code once."""
    rows = []
    for (tid, _), hits in zip(texts, found, strict=True):
        for h in hits:
            k = (tid, key_to_id[h.code_key], h.start, h.end)
            if k in known:
                continue
            known.add(k)
            rows.append(
                {
                    "transcript_id": tid,
                    "code_id": k[1],
                    "start": h.start,
                    "end": h.end,
                    "matched": list(h.matched_words),
                    "status": "pending",
                }
            )
    return rows
