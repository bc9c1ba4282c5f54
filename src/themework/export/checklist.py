"""Braun and Clarke's (2006) 15-point checklist for good thematic analysis."""

from __future__ import annotations

CHECKLIST: tuple[tuple[str, str], ...] = (
    ("Transcription", "The data have been transcribed to an appropriate level of detail, and "
     "the transcripts have been checked against the recordings for accuracy."),
    ("Coding", "Each data item has been given equal attention in the coding process."),
    ("Coding", "Themes have not been generated from a few vivid examples (an anecdotal "
     "approach); the coding process has been thorough, inclusive and comprehensive."),
    ("Coding", "All relevant extracts for each theme have been collated."),
    ("Coding", "Themes have been checked against each other and back to the original data set."),
    ("Coding", "Themes are internally coherent, consistent, and distinctive."),
    ("Analysis", "Data have been analysed (interpreted, made sense of) rather than just "
     "paraphrased or described."),
    ("Analysis", "Analysis and data match each other: the extracts illustrate the analytic "
     "claims."),
    ("Analysis", "Analysis tells a convincing and well-organised story about the data and topic."),
    ("Analysis", "A good balance between analytic narrative and illustrative extracts is "
     "provided."),
    ("Overall", "Enough time has been allocated to complete all phases of the analysis "
     "adequately, without rushing a phase or giving it a once-over-lightly."),
    ("Written report", "The assumptions about, and specific approach to, thematic analysis are "
     "clearly explicated."),
    ("Written report", "There is a good fit between what you claim you do, and what you show "
     "you have done: described method and reported analysis are consistent."),
    ("Written report", "The language and concepts used in the report are consistent with the "
     "epistemological position of the analysis."),
    ("Written report", "The researcher is positioned as active in the research process; "
     "themes do not just 'emerge'."),
)
