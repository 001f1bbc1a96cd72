"""The tests' live server lets one request at a time in while threads share one connection."""

from __future__ import annotations

import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test.testcases import QuietWSGIRequestHandler

from tests.live_server import SerialWhenSharedServer


class _SharedConnection:
    """Stands in for the in-memory SQLite connection the server threads would share."""

    def close(self) -> None:
        pass


def _most_at_once(connections_override: dict[str, object]) -> tuple[int, list[int]]:
    inside = 0
    most = 0
    guard = threading.Lock()

    def app(environ, start_response):
        nonlocal inside, most
        with guard:
            inside += 1
            most = max(most, inside)
        time.sleep(0.2)
        with guard:
            inside -= 1
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]

    server = SerialWhenSharedServer(
        ("localhost", 0),
        QuietWSGIRequestHandler,
        allow_reuse_address=False,
        connections_override=connections_override,
    )
    server.set_app(app)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    url = f"http://localhost:{server.server_address[1]}/"
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(lambda _: urllib.request.urlopen(url, timeout=10).status, range(4)))
    finally:
        server.shutdown()
        server.server_close()
    return most, statuses


@pytest.mark.parametrize("shared", [True, False])
def test_requests_are_serialised_only_on_a_shared_connection(shared):
    override = {"default": _SharedConnection()} if shared else {}
    most, statuses = _most_at_once(override)
    assert statuses == [200, 200, 200, 200]
    assert (most == 1) is shared
