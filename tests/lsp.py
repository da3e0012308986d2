"""A small Language Server Protocol client, enough to drive yaml-language-server as an editor does.

JSON-RPC over the server's stdin/stdout with `Content-Length` framing; a reader thread files each
message as a response (by id), a published diagnostic (by document) or a request from the server,
which it answers: `workspace/configuration` with the `yaml.*` settings of the repository's
`.vscode/settings.json`, as VS Code sends them.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any


class LanguageServer:
    def __init__(self, command: list[str], root: Path, settings: dict[str, Any]) -> None:
        self.root = root
        self.settings = settings  # the `yaml` section
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self._next = 0
        self._responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._versions: dict[str, int] = {}
        self._configured = threading.Event()
        self._published = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {
            "processId": None, "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {
                "workspace": {"configuration": True,
                              "didChangeConfiguration": {"dynamicRegistration": True}},
                "textDocument": {"completion": {"completionItem": {"snippetSupport": True}},
                                 "publishDiagnostics": {}},
            },
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": settings}})
        # The server asks for the settings (workspace/configuration) before it applies them.
        assert self._configured.wait(60), "the server never asked for its settings"

    # framing ---------------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        try:
            self._read_messages()
        except (OSError, ValueError):  # the pipe closed under the reader: the server is gone
            return

    def _read_messages(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(out.read(length))
            self._dispatch(message)

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" not in message:
            with self._lock:
                box = self._responses.get(message["id"])
            if box is not None:
                box.put(message)
        elif message.get("method") == "textDocument/publishDiagnostics":
            with self._published:
                params = message["params"]
                self.diagnostics[params["uri"]] = params["diagnostics"]
                self._published.notify_all()
        elif "id" in message:  # a request from the server
            result: Any = None
            if message["method"] == "workspace/configuration":
                result = [self.settings if item.get("section") == "yaml" else None
                          for item in message["params"]["items"]]
            self._send({"id": message["id"], "result": result})
            if message["method"] == "workspace/configuration":
                self._configured.set()

    # requests --------------------------------------------------------------------------------

    def request(self, method: str, params: dict[str, Any], timeout: float = 60) -> Any:
        with self._lock:
            self._next += 1
            ident = self._next
            box: queue.Queue[dict[str, Any]] = queue.Queue()
            self._responses[ident] = box
        self._send({"id": ident, "method": method, "params": params})
        reply = box.get(timeout=timeout)
        assert "error" not in reply, reply["error"]
        return reply.get("result")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def open(self, rel: str, text: str | None = None) -> str:
        """Open a file as an editor does, or change an open one to `text` (unsaved content)."""
        path = self.root / rel
        uri = path.as_uri()
        content = path.read_text("utf-8") if text is None else text
        with self._published:
            self.diagnostics.pop(uri, None)
        version = self._versions.get(uri)
        if version is None:
            self.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "yaml", "version": 1, "text": content}})
            self._versions[uri] = 1
        else:
            self._versions[uri] = version + 1
            self.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version + 1},
                "contentChanges": [{"text": content}]})
        return uri

    def diagnostics_of(self, uri: str, timeout: float = 60) -> list[dict[str, Any]]:
        """The diagnostics the server publishes for the document (it validates after opening)."""
        deadline = time.monotonic() + timeout
        with self._published:
            while uri not in self.diagnostics:
                left = deadline - time.monotonic()
                assert left > 0, f"no diagnostics published for {uri}"
                self._published.wait(left)
            return self.diagnostics[uri]

    def complete(self, uri: str, line: int, character: int) -> list[str]:
        """Labels offered at a 0-based position."""
        result = self.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        items = result.get("items", []) if isinstance(result, dict) else (result or [])
        return [item["label"] for item in items]

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        finally:
            for pipe in (self.proc.stdin, self.proc.stdout):
                if pipe is not None:
                    pipe.close()
