"""The one base of every error flaims raises on purpose.

A `FlaimsError` is a problem the person running flaims can fix (the repository, its
configuration, an argument, git): the CLI prints its message in one line and exits with
`exit_code`. Anything else that escapes is a bug in flaims: the CLI's one error boundary
(cli/__init__.py) exits with `INTERNAL_ERROR` and keeps the traceback in a log to attach to a
report."""

from __future__ import annotations

# Exit statuses, documented in README.md and `flaims --help`.
OK = 0
PROBLEMS = 1  # lint found errors; a check failed; a build failed
USAGE = 2  # usage or configuration error: something the user can fix
INTERNAL_ERROR = 3  # a bug in flaims


class FlaimsError(Exception):
    """A problem the user can fix: one line, no traceback."""

    exit_code = USAGE


class ConfigError(FlaimsError):
    """The repository cannot be read at all: no flaims.yaml, or a broken one."""


class ScaffoldError(FlaimsError):
    """A file could not be created (a value is missing or wrong, it already exists, it cannot
    be written): `flaims new`, `flaims init`, `flaims overflow --scaffold`."""


class GitError(FlaimsError):
    """git could not answer (bad revision, not a repository, git missing)."""


class BuildError(FlaimsError):
    """The handbook build could not finish (MkDocs failed, or a warning under --strict)."""

    exit_code = PROBLEMS

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output
