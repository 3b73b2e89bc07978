"""How many passwords an attacker can try against one reviewer name per minute.

The app runs on ``data/`` with a temporary reviewers file (``alice``) and review state. Each
attacker session speaks Streamlit's websocket protocol as the front end does: it opens the
Review page, then submits the sign-in form (the two text fields and the form's submit trigger)
with the name ``alice`` and a wrong password, again and again; a guess counts when the page
answers "Wrong reviewer name or password." (every answer is checked; a signed-in page would be
an error). Three scenarios, ``WINDOW_S`` each, one after the other on the same app:

- ``sign_in_guesses_per_min_serial``: one session;
- ``sign_in_guesses_per_min_parallel_20``: 20 sessions at once;
- ``sign_in_guesses_per_min_clear_cache``: one session that sends ``BackMsg.clear_cache``
  before every guess (it used to reset the delay).

Each scenario has a fresh state file, so they start equal. Two figures each: the answers the
sessions got within the window, and the passwords the app actually checked for the requests
sent within it (the name's attempt count in the state file once every session has its answer;
an attempt too far back in the name's queue is answered at once, with the same message, and
nothing checked, so the sessions cannot tell the two apart). The checks of the last requests
happen up to ``max_queue`` (16 s) after the window, so with many sessions the second figure
can exceed a single session's by the two or three slots of that tail.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

NAME = "alice"
PASSWORD = "the real password of alice"
WRONG = "Wrong reviewer name or password."
WINDOW_S = 60.0
PARALLEL = 20
STEP_TIMEOUT_S = 120.0


class Attacker:
    """One websocket session on the Review page, submitting the sign-in form."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.fields: dict[str, str] = {}
        self.submit = ""
        self._socket = None

    async def open(self) -> None:
        import websockets

        self._socket = await websockets.connect(
            self.url.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=STEP_TIMEOUT_S,
            ping_interval=None,
        )
        text = await self._run(self._rerun(None))
        if not self.submit or set(self.fields) != {"Reviewer", "Password"}:
            raise RuntimeError(f"no sign-in form on the Review page: {text[:200]!r}")

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

    def _rerun(self, password: str | None) -> bytes:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_name = "review"
        if password is not None:
            states = message.rerun_script.widget_states
            for label, value in (("Reviewer", NAME), ("Password", password)):
                state = states.widgets.add()
                state.id, state.string_value = self.fields[label], value
            trigger = states.widgets.add()
            trigger.id, trigger.trigger_value = self.submit, True
        return message.SerializeToString()

    async def _run(self, payload: bytes) -> str:
        """Send a rerun and read until its run finishes; return the text of its elements."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        await self._socket.send(payload)
        texts: list[str] = []
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(self._socket.recv(), STEP_TIMEOUT_S))
            kind = message.WhichOneof("type")
            if kind == "script_finished" and message.script_finished != 2:  # 2: early, rerun
                return "\n".join(texts)
            if kind != "delta" or message.delta.WhichOneof("type") != "new_element":
                continue
            element = message.delta.new_element
            which = element.WhichOneof("type")
            if which == "text_input":
                self.fields[element.text_input.label] = element.text_input.id
            elif which == "button" and element.button.is_form_submitter:
                self.submit = element.button.id
            elif which == "alert":
                texts.append(element.alert.body)
            elif which == "markdown":
                texts.append(element.markdown.body)

    async def clear_cache(self) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        await self._socket.send(BackMsg(clear_cache=True).SerializeToString())

    async def guess(self, password: str) -> None:
        """Submit one wrong password; raise unless the page says it was wrong."""
        text = await self._run(self._rerun(password))
        if WRONG not in text or "Signed in as" in text:
            raise RuntimeError(f"unexpected answer to a wrong password: {text[:200]!r}")


async def attack(url: str, sessions: int, clear_cache: bool, window_s: float) -> int:
    """Guesses answered within ``window_s`` by ``sessions`` attackers trying at once."""
    attackers = [Attacker(url) for _ in range(sessions)]
    await asyncio.gather(*(attacker.open() for attacker in attackers))
    deadline = time.monotonic() + window_s
    counts = [0] * sessions

    async def keep_guessing(number: int) -> None:
        attacker = attackers[number]
        while True:
            if clear_cache:
                await attacker.clear_cache()
            await attacker.guess(f"guess-{number}-{counts[number]}")
            if time.monotonic() > deadline:
                return
            counts[number] += 1

    try:
        await asyncio.wait_for(
            asyncio.gather(*(keep_guessing(n) for n in range(sessions))),
            window_s + STEP_TIMEOUT_S,
        )
    finally:
        await asyncio.gather(*(attacker.close() for attacker in attackers))
    return sum(counts)


def main() -> None:
    from bench.synthetic import OUT_DIR
    from bluebook.review.reviewers import REVIEWERS_FILE_VARIABLE, add_reviewer
    from bluebook.review.sessions import STATE_FILE_VARIABLE, ReviewState
    from deploy.processes import running_app

    scenarios = (("serial", 1, False), (f"parallel_{PARALLEL}", PARALLEL, False))
    scenarios += (("clear_cache", 1, True),)
    with tempfile.TemporaryDirectory(prefix="bluebook-guesses-") as folder:
        reviewers = Path(folder) / "reviewers.toml"
        add_reviewer(reviewers, NAME, PASSWORD)
        for label, sessions, clear_cache in scenarios:
            environment = {
                REVIEWERS_FILE_VARIABLE: str(reviewers),
                STATE_FILE_VARIABLE: str(Path(folder) / f"state-{label}.sqlite3"),
            }
            log = OUT_DIR / "logs" / f"sign-in-guesses-{label}.log"
            with running_app(None, log, environment) as (url, _pid):
                load = os.getloadavg()[0]
                answers = asyncio.run(attack(url, sessions, clear_cache, WINDOW_S))
            state = ReviewState(Path(environment[STATE_FILE_VARIABLE]))
            checked = state.attempts(NAME, time.time())
            print(
                f"sign_in_guesses_per_min_{label}: {checked * 60 / WINDOW_S:.0f} passwords "
                f"checked ({answers * 60 / WINDOW_S:.0f} answers; {sessions} session(s), "
                f"{WINDOW_S:.0f} s; load {load:.1f})",
                flush=True,
            )
