"""Work on the other cores: forked processes, which start in milliseconds with flaims already
imported and the index already built (nothing is pickled on the way in).

Every use has a plain answer without them: a machine with one core, a platform without fork, or
a process that died all mean the caller does the work itself.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import struct
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
    return workers() >= 2 and hasattr(os, "fork")


def ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's alone (each worker once printed its own traceback,
    and a few outlived the command)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Forked:
    """`work(*args)` in a forked process while this one goes on; `result()` is what it returned
    (plain data, marshalled down a pipe), or None when the process failed or was not started.
    With `inbox`, the work is also given a `receive` (its last argument), which waits for what
    this process `send`s it once, later (None when nothing is sent). A context manager: the
    process is stopped on the way out, also when its result was never asked for. A bare
    os.fork and pipes: multiprocessing cost 0.008 s of every lint that forks, to import and to
    start a process."""

    def __init__(self, work: Callable[..., Any], *args: Any, start: bool = True,
                 inbox: bool = False):
        self.pid: int | None = None
        self._read: int | None = None
        self._inbox: int | None = None  # where `send` writes, until it has
        self._result: bytes | None = None
        self.started = False  # whether the process was started (it may have ended since)
        if not start or not can_fork():
            return
        read, write = os.pipe()
        inbox_read, inbox_write = os.pipe() if inbox else (None, None)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child: coverage is not measured there
            os.close(read)
            if inbox_read is not None and inbox_write is not None:
                os.close(inbox_write)  # else reading the inbox would never end
                args = (*args, _Receive(inbox_read))
            _run(work, args, write)
        os.close(write)
        if inbox_read is not None:
            os.close(inbox_read)
        self.pid, self._read, self._inbox, self.started = pid, read, inbox_write, True

    def send(self, value: Any) -> bool:
        """`value` (plain data) to the process's `receive`; once only, and before any other
        process is forked (each would hold the inbox open, and `receive` would wait on it).
        False when it was not sent: no inbox, sent already, or the process is gone."""
        if self._inbox is None:
            return False
        fd, self._inbox = self._inbox, None
        try:
            with os.fdopen(fd, "wb") as pipe:
                pipe.write(marshal.dumps(value))
        except OSError:
            return False
        return True

    def _close_inbox(self) -> None:
        if self._inbox is not None:  # nothing will be sent: `receive` gives None
            os.close(self._inbox)
            self._inbox = None

    def result(self) -> bytes | None:
        """The marshalled result (the caller decodes it, with the cycle collector paused when it
        is large), waiting for it the first time; None when there is none."""
        if self._read is not None:
            self._close_inbox()  # the process may be waiting for it
            with os.fdopen(self._read, "rb") as pipe:
                self._read = None
                header = pipe.read(_HEADER.size)
                size = _HEADER.unpack(header)[0] if len(header) == _HEADER.size else -1
                payload = pipe.read(size) if size >= 0 else b""
            self._result = payload if size >= 0 and len(payload) == size else None
            self.close()
        return self._result

    def close(self) -> None:
        self._close_inbox()
        if self._read is not None:  # never read: the work is not needed
            os.close(self._read)
            self._read = None
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):  # gone already
                os.kill(self.pid, signal.SIGKILL)  # it has nothing to tidy: it only computes
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Receive:
    """In the forked process: what the parent sent (Forked.send), waiting for it; None when it
    sent nothing."""

    def __init__(self, fd: int):
        self._fd = fd

    def __call__(self) -> Any:
        with os.fdopen(self._fd, "rb") as pipe:
            sent = pipe.read()
        return marshal.loads(sent) if sent else None


_HEADER = struct.Struct("<q")  # the payload's length: a process that died mid-write sent less


def _run(work: Callable[..., Any], args: tuple[Any, ...], write: int) -> None:
    """In the forked process, which ends here (os._exit: nothing of the parent's, such as its
    buffered output or exit handlers, runs twice). A failure sends nothing: the parent then does
    the same work itself, and a bug shows there, once, through the command's own error
    boundary."""
    ignore_interrupts()
    code = 1
    try:
        payload = marshal.dumps(work(*args))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(_HEADER.pack(len(payload)))
            pipe.write(payload)
        code = 0
    except BaseException:  # the parent runs the same work, and reports a bug there
        pass
    finally:
        os._exit(code)
