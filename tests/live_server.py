"""The live server of the browser and HTTP-client tests, safe on the in-memory SQLite database.

Django's live server answers each browser connection on its own thread. Under SQLite the tests
use one in-memory database, which only exists inside one connection, so every thread shares that
connection. Two requests at once (the intake form asks for suggestions while a picker loads) then
open two transactions on one connection and SQLite refuses the second ("cannot start a
transaction within a transaction"): the page gets a 500 and the test waits for it in vain.

``SerialWhenSharedServer`` keeps a thread per connection, so idle keep-alive connections block
nobody, but lets one request at a time into the application while the connection is shared: the
lock is taken when the request enters and released when the server closes its response. On
PostgreSQL nothing is shared and requests run side by side as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.core.servers.basehttp import ThreadedWSGIServer


class _ReleaseOnClose:
    """The application's response, which gives the lock back once the server has closed it."""

    def __init__(self, result: Iterable[bytes], release: Callable[[], None]) -> None:
        self._result = result
        self._release = release
        self._open = True

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._result)

    def close(self) -> None:
        if not self._open:
            return
        self._open = False
        try:
            close = getattr(self._result, "close", None)
            if close is not None:
                close()  # Django's request_finished work runs here, still under the lock.
        finally:
            self._release()


class SerialWhenSharedServer(ThreadedWSGIServer):
    def set_app(self, application: Callable[..., Any]) -> None:
        if not self.connections_override:
            super().set_app(application)
            return
        lock = threading.Lock()

        def one_at_a_time(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            lock.acquire()
            try:
                result = application(environ, start_response)
            except BaseException:
                lock.release()
                raise
            return _ReleaseOnClose(result, lock.release)

        super().set_app(one_at_a_time)
