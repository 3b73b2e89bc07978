"""The review path against an attacker: what a client without an account can send.

- ``BackMsg.clear_cache`` is accepted from any websocket and empties every Streamlit cache; it
  must neither sign a reviewer out nor reset the delay of wrong sign-ins (the attacker here is a
  plain websocket client with no cookie, as any program on the network can be).
- A page on another port of the same host, opened in the reviewer's browser, gets the
  reviewer's cookie on a websocket to the app (cookies ignore ports; Streamlit admits
  127.0.0.1 on any port): it must be shown the sign-in form, never the signed-in page.

The app runs on an ingested copy of ``data/`` with its own reviewers and state files.
"""

from __future__ import annotations

import base64
import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bluebook.review.reviewers import REVIEWERS_FILE_VARIABLE
from bluebook.review.sessions import STATE_FILE_VARIABLE, ReviewState
from deploy.processes import free_port
from tests.browser.conftest import running_app
from tests.browser.test_map_browser import wait_for_heading
from tests.browser.test_review_browser import WAIT_MS, idle, sign_in, wait_for_session_cookie
from tests.review_fixtures import PASSWORDS, build_ingested_copy, write_reviewers

pytestmark = pytest.mark.browser

SOCKET_TIMEOUT_S = 120
WRONG_TRIES = 3
SIGNED_IN_TEXT = "Signed in as"
SIGN_IN_TEXT = "Only reviewers can open this page"

# The attacker's page: opens the app's websocket, asks for a run of the Review page and
# keeps the text of everything the app sends back.
ATTACK_PAGE = """<!doctype html><title>elsewhere</title><script>
window.__seen = "";
const socket = new WebSocket("@@socket@@", ["streamlit"]);
socket.binaryType = "arraybuffer";
socket.onopen = () => {
  socket.send(Uint8Array.from(atob("@@rerun@@"), (c) => c.charCodeAt(0)));
};
socket.onmessage = (event) => {
  window.__seen += new TextDecoder("utf-8", {fatal: false}).decode(event.data);
};
socket.onerror = () => { window.__seen += "[socket error]"; };
</script>"""


@pytest.fixture(scope="module")
def secured_app(chromium_path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """The app on an ingested copy of data/; yields (URL, review state)."""
    folder = tmp_path_factory.mktemp("review-security")
    data = build_ingested_copy(folder / "data")
    state_file = folder / "review-state.sqlite3"
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv(REVIEWERS_FILE_VARIABLE, str(write_reviewers(folder / "reviewers.toml")))
    monkeypatch.setenv(STATE_FILE_VARIABLE, str(state_file))
    try:
        with running_app(folder, data) as url:
            yield url, ReviewState(state_file)
    finally:
        monkeypatch.undo()


def rerun_message(page_name: str = "") -> bytes:
    """A ``rerun_script`` BackMsg for ``page_name`` (the main page when empty)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    message.rerun_script.query_string = ""
    message.rerun_script.page_name = page_name
    return message.SerializeToString()


def send_clear_cache(url: str) -> None:
    """As a client with no account and no cookie: send ``clear_cache`` on a new websocket,
    then a rerun, and wait until the rerun has finished (so the clear was handled first)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    socket_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    with connect(socket_url, subprotocols=["streamlit"], max_size=None) as socket:
        socket.send(BackMsg(clear_cache=True).SerializeToString())
        socket.send(rerun_message())
        deadline = time.monotonic() + SOCKET_TIMEOUT_S
        while time.monotonic() < deadline:
            message = ForwardMsg()
            message.ParseFromString(socket.recv(timeout=SOCKET_TIMEOUT_S))
            if message.WhichOneof("type") == "script_finished":
                return
    raise AssertionError("the app did not finish the run after clear_cache")


def wrong_sign_in(page, url: str, name: str) -> None:
    sign_in(page, url, name, "not-the-password")
    page.get_by_text("Wrong reviewer name or password.").wait_for(timeout=WAIT_MS)
    idle(page)


def test_clear_cache_from_any_client_neither_signs_out_nor_resets_the_delay(
    page, browser, secured_app
) -> None:
    url, state = secured_app
    sign_in(page, url, "alice", PASSWORDS["alice"])
    page.get_by_text("Signed in as alice").wait_for(timeout=WAIT_MS)
    wait_for_session_cookie(page)
    guesser = browser.new_context().new_page()
    try:
        for _ in range(WRONG_TRIES):
            wrong_sign_in(guesser, url, "bob")
    finally:
        guesser.context.close()
    assert state.attempts("bob", time.time()) == WRONG_TRIES

    send_clear_cache(url)

    assert state.attempts("bob", time.time()) == WRONG_TRIES  # the delay still grows from here
    page.get_by_text("Show the neighbouring paragraphs").click()  # any action reruns the page
    idle(page)
    assert page.get_by_text("the session was ended").count() == 0
    page.get_by_text("Signed in as alice").wait_for(timeout=WAIT_MS)
    page.reload()  # the cookie still resolves
    page.get_by_text("Signed in as alice").wait_for(timeout=WAIT_MS)


@pytest.fixture
def attacker_site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A static web server on another port of 127.0.0.1; yields (its folder, its URL)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_a_page_on_another_port_cannot_act_as_the_signed_in_reviewer(
    page, secured_app, attacker_site
) -> None:
    url, _state = secured_app
    folder, elsewhere = attacker_site
    sign_in(page, url, "alice", PASSWORDS["alice"])
    page.get_by_text("Signed in as alice").wait_for(timeout=WAIT_MS)
    wait_for_session_cookie(page)
    page.goto(f"{url}/review")  # the cookie resolves on the app's own page
    page.get_by_text("Signed in as alice").wait_for(timeout=WAIT_MS)

    rerun = base64.b64encode(rerun_message("review")).decode("ascii")
    socket_url = url.replace("http", "ws", 1) + "/_stcore/stream"
    attack = ATTACK_PAGE.replace("@@socket@@", socket_url).replace("@@rerun@@", rerun)
    (folder / "attack.html").write_text(attack, encoding="utf-8")
    other = page.context.new_page()  # the reviewer's browser visits another site
    other.goto(f"{elsewhere}/attack.html")
    other.wait_for_function(
        f"window.__seen.includes({SIGNED_IN_TEXT!r}) || window.__seen.includes({SIGN_IN_TEXT!r})"
        " || window.__seen.includes('[socket error]')",
        timeout=WAIT_MS,
    )
    seen = other.evaluate("window.__seen")
    assert "[socket error]" not in seen  # Streamlit accepted the foreign websocket ...
    assert SIGN_IN_TEXT in seen  # ... and the page asked it to sign in
    assert SIGNED_IN_TEXT not in seen and "unreviewed events" not in seen

    page.reload()  # the reviewer's own tab is still signed in
    wait_for_heading(page, "Review")
    page.get_by_text("Signed in as alice").wait_for(timeout=WAIT_MS)
