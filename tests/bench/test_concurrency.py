"""``bench.concurrency.run_in_fresh_loop``: the async measurement runs whether or not the
calling thread already runs an event loop (pytest's thread does once a sync Playwright test has
run), so the order of the browser tests does not matter."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bench.concurrency import run_in_fresh_loop


async def _thread_name_after_sleep() -> str:
    await asyncio.sleep(0)
    return threading.current_thread().name


async def _fail() -> None:
    raise ValueError("inside the loop")


def test_returns_the_result_computed_on_a_worker_thread():
    assert run_in_fresh_loop(_thread_name_after_sleep).startswith("bench-loop")


def test_runs_inside_a_running_loop_where_asyncio_run_refuses():
    async def caller() -> str:
        refused = _thread_name_after_sleep()
        with pytest.raises(RuntimeError, match="running event loop"):
            asyncio.run(refused)
        refused.close()
        return run_in_fresh_loop(_thread_name_after_sleep)

    # The caller's loop runs on a thread of its own: this test's thread may already run one
    # (the session's sync Playwright, after a browser test).
    results: list[str] = []
    caller_thread = threading.Thread(target=lambda: results.append(asyncio.run(caller())))
    caller_thread.start()
    caller_thread.join()
    assert len(results) == 1 and results[0].startswith("bench-loop")


def test_exceptions_of_the_coroutine_reach_the_caller():
    with pytest.raises(ValueError, match="inside the loop"):
        run_in_fresh_loop(_fail)
