"""Work on the other cores: forked processes, which start in milliseconds with flaims already
imported and the index already built (nothing is pickled on the way in).

Every use has a plain answer without them: a machine with one core, a platform without fork, or
a process that died all mean the caller does the work itself.
"""

from __future__ import annotations

import marshal
import os
import signal
from collections.abc import Callable
from typing import Any


def workers() -> int:
    """How many processes may work at once (the cores this process may run on, at most 8)."""
    try:
        cpus = len(os.sched_getaffinity(0))  # type: ignore[attr-defined,unused-ignore]
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return min(cpus, 8)


def can_fork() -> bool:
    """Whether a second process is worth starting: two cores or more, and fork."""
    if workers() < 2:
        return False
    import multiprocessing  # only here: 0.01 s of every small lint's start

    return "fork" in multiprocessing.get_all_start_methods()


def ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's alone (each worker once printed its own traceback,
    and a few outlived the command)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Forked:
    """`work(*args)` in a forked process while this one goes on; `result()` is what it returned
    (plain data, marshalled down a pipe), or None when the process failed or was not started.
    A context manager: the process is stopped on the way out, also when its result was never
    asked for."""

    def __init__(self, work: Callable[..., Any], *args: Any, start: bool = True):
        self._conn: Any = None
        self._process: Any = None
        self._result: Any = None
        self._done = True
        self.started = False  # whether the process was started (it may have ended since)
        if not start or not can_fork():
            return
        import multiprocessing

        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(work, args, send), daemon=True)
        self._process.start()
        send.close()
        self._conn = receive
        self._done, self.started = False, True

    def result(self) -> bytes | None:
        """The marshalled result (the caller decodes it, with the cycle collector paused when it
        is large), waiting for it the first time; None when there is none."""
        if not self._done:
            self._done = True
            try:
                self._result = self._conn.recv_bytes()
            except (EOFError, OSError):  # the process died, or failed: the caller does the work
                self._result = None
            self.close()
        return self._result

    def close(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._conn.close()
            self._process = self._conn = None

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _run(work: Callable[..., Any], args: tuple[Any, ...], conn: Any) -> None:
    """In the forked process. A failure sends nothing: the parent then does the same work
    itself, and a bug shows there, once, through the command's own error boundary."""
    ignore_interrupts()
    try:
        payload = marshal.dumps(work(*args))
    except Exception:  # the parent runs the same work, and reports a bug there
        conn.close()
        return
    conn.send_bytes(payload)
    conn.close()
