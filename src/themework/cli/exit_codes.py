"""The command line's exit codes, in one place (the README's "Exit codes" table lists them)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    # Refused input, a domain or database error, or a check that found something: an import
    # with files that failed, check-identifiers with a high-confidence finding.
    PROBLEM = 1
    # The command line itself was wrong (an unknown option, a missing argument), or an
    # internal error (a bug: THEMEWORK_DEBUG=1 shows the traceback).
    USAGE = 2
    INTERRUPTED = 130  # ctrl+c: the transaction in progress was rolled back
