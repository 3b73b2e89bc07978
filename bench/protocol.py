"""Readers without browsers: simulated sessions speaking Streamlit's own websocket protocol.

A reader does what the Chromium reader of ``bench.concurrency`` does, but sends the
``BackMsg`` protobufs the front end would send (``streamlit.proto``) over
``ws://host/_stcore/stream`` and reads the ``ForwardMsg`` answers:

1. ``load``: ``GET /?<link>`` (as a browser does; a balancer may set its cookie there), then
   ``rerun_script`` with the link's query string and no widget state. When the map component's
   ``default`` differs from the first value streamlit-folium's front end computes, the front
   end sends that value at once (``setComponentValue``), which reruns the page: the reader does
   the same, with every widget's current value, as the front end does.
2. ``filter``: toggles "Japan involved only" (``f_japan``) and reruns.
3. ``click``: sends the map value of a click on a country (``last_active_drawing``: the
   country's GeoJSON feature with its properties, as streamlit-folium sends it) and waits until
   the page's own rerun (the selection) has finished.

Each interaction is timed from the message sent until a ``script_finished`` that is not
"finished early for a rerun". The client declares the hashes of the cacheable messages it has
kept (``cached_message_hashes``) and resolves the server's ``ref_hash`` answers from them, like
the front end's message cache. Every run is checked, so that the figures count real pages:
no exception or error box, the map component present (its feature group holding every world
unit), the URL the page publishes carrying the filter and the country, and the clicked
country's panel (its name as a heading).

Figures (``main``): ``reader_cpu_ms`` (the app's CPU per reader on ``data/``, readers one after
another, from ``/proc/<pid>/stat``), ``reader_cpu_ms_200k`` (the same on the 200k synthetic
folder), ``protocol_p50_ms_25`` / ``protocol_p95_ms_25`` (25 readers arriving within one second
on one process, over every interaction) and ``protocol_sessions_per_s_x1`` / ``_x2`` (readers in
a closed loop through nginx in front of one and of two app processes, ``deploy.serve``), with
the 1-minute load average before and after each measurement.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import random
import resource
import statistics
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED_LINK = "from=2021&country=CHN"
"""The link every reader opens: a country selected."""
FILTER_WIDGET = "f_japan"
FILTER_URL_PART = "japan=only"
MAP_COMPONENT = "streamlit_folium.st_folium"
MIN_MAP_UNITS = 200
"""The map's feature group must hold at least this many world units."""
STEP_TIMEOUT_S = 180.0
FINISHED_EARLY_FOR_RERUN = 2
FIRST_MAP_VALUE = {
    "last_clicked": None,
    "last_object_clicked_count": 0,
    "last_active_drawing": None,
}
"""What streamlit-folium's front end computes before any click (keys in its order)."""
CONTEXT = {"timezone": "UTC", "timezone_offset": 0, "locale": "en-US", "color_scheme": "light"}
STEPS = ("load", "filter", "click")
SOLO_READERS = 8
BURST_READERS = 25
BURST_WINDOW_S = 1.0
THROUGHPUT_CONCURRENCY = 16
THROUGHPUT_SESSIONS = 96
SCALING_ROUNDS = 3


class ProtocolError(RuntimeError):
    """A run that did not render what a reader must see."""


@dataclass
class Run:
    """What one script run sent: its elements, the query string it published, its status."""

    elements: list[tuple[str, Any]] = field(default_factory=list)
    query_string: str | None = None
    statuses: list[int] = field(default_factory=list)

    def of_type(self, kind: str) -> list[Any]:
        return [element for name, element in self.elements if name == kind]


@dataclass
class ReaderResult:
    """Milliseconds per step of one reader, and the first error if any."""

    timings: dict[str, float] = field(default_factory=dict)
    runs: int = 0
    error: str | None = None


def _first_map_value(default: dict[str, Any], returned: list[str] | None) -> dict[str, Any]:
    keys = [key for key in FIRST_MAP_VALUE if returned is None or key in returned]
    return {key: FIRST_MAP_VALUE[key] for key in keys}


def read_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (and its waited-for children) from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load_average() -> float:
    """The machine's 1-minute load average."""
    return os.getloadavg()[0]


class Reader:
    """One simulated browser tab on the map page."""

    def __init__(self, base_url: str, click_feature: dict[str, Any]) -> None:
        self.base_url = base_url.rstrip("/")
        self.click_feature = click_feature
        self.widgets: dict[str, tuple[str, Any]] = {}
        self.map_id: str | None = None
        self.map_args: dict[str, Any] = {}
        self.map_value: dict[str, Any] | None = None
        self.query_string = ""
        self.page_script_hash = ""
        self.cache: dict[str, Any] = {}
        self.cookie = ""
        self.runs = 0
        self._socket = None

    async def _http_get(self, path: str) -> None:
        def fetch() -> str:
            request = urllib.request.Request(self.base_url + path)
            with urllib.request.urlopen(request, timeout=STEP_TIMEOUT_S) as response:
                response.read()
                cookies = response.headers.get_all("Set-Cookie") or []
            return "; ".join(cookie.split(";", 1)[0] for cookie in cookies)

        self.cookie = await asyncio.to_thread(fetch)

    async def connect(self) -> None:
        import websockets

        headers = {"Cookie": self.cookie} if self.cookie else {}
        self._socket = await websockets.connect(
            self.base_url.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers=headers,
            max_size=None,
            open_timeout=STEP_TIMEOUT_S,
            ping_interval=None,
        )

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

    def _widget_states(self):
        from streamlit.proto.WidgetStates_pb2 import WidgetStates

        states = WidgetStates()
        for widget_id, (kind, value) in self.widgets.items():
            state = states.widgets.add()
            state.id = widget_id
            if kind == "double_array_value":
                state.double_array_value.data.extend(value)
            elif kind == "string_array_value":
                state.string_array_value.data.extend(value)
            else:
                setattr(state, kind, value)
        if self.map_id is not None and self.map_value is not None:
            state = states.widgets.add()
            state.id = self.map_id
            state.json_value = json.dumps(self.map_value, separators=(",", ":"))
        return states

    async def _send_rerun(self, with_widgets: bool) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query_string
        rerun.page_script_hash = self.page_script_hash
        rerun.cached_message_hashes.extend(self.cache)
        for name, value in CONTEXT.items():
            setattr(rerun.context_info, name, value)
        rerun.context_info.url = self.base_url + "/"
        if with_widgets:
            rerun.widget_states.CopyFrom(self._widget_states())
        await self._socket.send(message.SerializeToString())

    def _remember_widget(self, kind: str, element: Any) -> None:
        if kind == "slider":
            values = element.value if element.set_value else element.default
            self.widgets[element.id] = ("double_array_value", list(values))
        elif kind == "multiselect":
            values = (
                element.raw_values
                if element.set_value
                else [element.options[index] for index in element.default]
            )
            self.widgets[element.id] = ("string_array_value", list(values))
        elif kind == "checkbox":
            value = element.value if element.set_value else element.default
            self.widgets[element.id] = ("bool_value", bool(value))
        elif kind == "radio":
            value = element.raw_value if element.set_value else element.options[element.default]
            self.widgets[element.id] = ("string_value", value)
        elif kind == "component_instance" and element.component_name == MAP_COMPONENT:
            self.map_id = element.id
            self.map_args = json.loads(element.json_args)

    def _element_of(self, message) -> tuple[str, Any] | None:
        if message.WhichOneof("type") != "delta":
            return None
        if message.delta.WhichOneof("type") != "new_element":
            return None
        element = message.delta.new_element
        kind = element.WhichOneof("type")
        return kind, getattr(element, kind)

    async def _collect_run(self) -> Run:
        """Read ForwardMsgs until a script run finishes (not early for a rerun)."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        run = Run()
        while True:
            data = await asyncio.wait_for(self._socket.recv(), STEP_TIMEOUT_S)
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "ref_hash":
                if message.ref_hash not in self.cache:
                    raise ProtocolError(f"the server referred to an unknown message {kind}")
                cached = ForwardMsg()
                cached.CopyFrom(self.cache[message.ref_hash])
                cached.metadata.CopyFrom(message.metadata)
                message, kind = cached, cached.WhichOneof("type")
            elif message.metadata.cacheable and message.hash:
                self.cache[message.hash] = message
            if kind == "new_session":
                self.page_script_hash = message.new_session.page_script_hash
            elif kind == "page_info_changed":
                run.query_string = message.page_info_changed.query_string
                self.query_string = run.query_string
            elif kind == "script_finished":
                run.statuses.append(message.script_finished)
                self.runs += 1
                if message.script_finished != FINISHED_EARLY_FOR_RERUN:
                    return run
            element = self._element_of(message)
            if element is not None:
                run.elements.append(element)
                self._remember_widget(*element)

    async def _timed(self, action) -> tuple[Run, float]:
        started = time.perf_counter()
        await action
        run = await self._collect_run()
        return run, (time.perf_counter() - started) * 1000

    async def load(self, link: str) -> tuple[Run, float]:
        """Open ``link``; answer the map's first value like the front end. Returns the last run."""
        started = time.perf_counter()
        await self._http_get("/?" + link)
        await self.connect()
        self.query_string = link
        run, _ = await self._timed(self._send_rerun(with_widgets=False))
        check_run(run, "load")
        default = self.map_args.get("default")
        first = _first_map_value(default, self.map_args.get("returned_objects"))
        self.map_value = default
        if json.dumps(default) != json.dumps(first):  # the front end's own comparison
            self.map_value = first
            run, _ = await self._timed(self._send_rerun(with_widgets=True))
            check_run(run, "load (map's first value)")
        return run, (time.perf_counter() - started) * 1000

    async def toggle(self, key_suffix: str) -> tuple[Run, float]:
        """Flip the sidebar toggle whose key ends with ``key_suffix``."""
        widget_id = next(name for name in self.widgets if name.endswith(f"-{key_suffix}"))
        kind, value = self.widgets[widget_id]
        self.widgets[widget_id] = (kind, not value)
        return await self._timed(self._send_rerun(with_widgets=True))

    async def click(self) -> tuple[Run, float]:
        """Click the country of ``click_feature`` on the map."""
        count = (self.map_value or {}).get("last_object_clicked_count") or 0
        centre = self.click_feature.get("centre", [0.0, 0.0])
        self.map_value = {
            "last_clicked": {"lat": centre[0], "lng": centre[1]},
            "last_object_clicked_count": count + 1,
            "last_active_drawing": self.click_feature["feature"],
        }
        return await self._timed(self._send_rerun(with_widgets=True))


def _plain(text: str) -> str:
    return text.replace("\\", "")


def check_run(run: Run, step: str) -> None:
    """Raise ProtocolError unless the run drew the map page without errors."""
    for name, element in run.elements:
        if name == "exception" or (name == "alert" and element.format == 1):  # 1: ERROR
            body = getattr(element, "message", "") or getattr(element, "body", "")
            raise ProtocolError(f"{step}: the page shows an error: {body[:200]}")
    maps = [
        element
        for element in run.of_type("component_instance")
        if element.component_name == MAP_COMPONENT
    ]
    if not maps:
        raise ProtocolError(f"{step}: no map component in the run")
    feature_group = json.loads(maps[-1].json_args).get("feature_group") or ""
    units = feature_group.count('"iso3"')
    if units < MIN_MAP_UNITS:
        raise ProtocolError(f"{step}: the map holds {units} units, fewer than {MIN_MAP_UNITS}")


def check_panel(run: Run, step: str, name: str) -> None:
    headings = [_plain(element.body) for element in run.of_type("heading")]
    if name not in headings:
        raise ProtocolError(f"{step}: no panel heading {name!r} (headings: {headings[:6]})")


async def run_reader(base_url: str, link: str, click: dict[str, Any]) -> ReaderResult:
    """One reader: open ``link``, toggle the Japan filter, click a country; check each run."""
    result = ReaderResult()
    reader = Reader(base_url, click)
    step = "load"
    try:
        run, result.timings[step] = await reader.load(link)
        check_panel(run, step, click["link_country_name"])

        step = "filter"
        run, result.timings[step] = await reader.toggle(FILTER_WIDGET)
        check_run(run, step)
        if FILTER_URL_PART not in (reader.query_string or ""):
            raise ProtocolError(f"{step}: the URL does not carry {FILTER_URL_PART}")

        step = "click"
        run, result.timings[step] = await reader.click()
        check_run(run, step)
        check_panel(run, step, click["name"])
        if f"country={click['iso3']}" not in reader.query_string:
            raise ProtocolError(f"{step}: the URL does not select {click['iso3']}")
    except Exception as error:  # any failure is this reader's error
        result.error = f"{step}: {type(error).__name__}: {str(error)[:300]}"
    finally:
        result.runs = reader.runs
        with contextlib.suppress(Exception):  # closing a broken socket
            await reader.close()
    return result


def click_targets(countries: list[str], link_country: str) -> list[dict[str, Any]]:
    """What a click on each country sends: its world feature, a point inside, its name."""
    from geo.boundaries import load_world_geojson
    from ui.shared import country_names

    world = load_world_geojson(ROOT / ".cache")
    names = country_names()
    by_code = {feature.get("id"): feature for feature in world["features"]}
    targets = []
    for code in countries:
        feature = by_code.get(code)
        if feature is None:
            continue
        ring = _first_ring(feature["geometry"])
        centre = [
            statistics.fmean(point[1] for point in ring),
            statistics.fmean(point[0] for point in ring),
        ]
        targets.append(
            {
                "iso3": code,
                "name": names.get(code, code),
                "link_country_name": names.get(link_country, link_country),
                "centre": centre,
                "feature": {
                    "geometry": feature["geometry"],
                    "id": code,
                    "properties": dict(feature.get("properties") or {}),
                    "type": "Feature",
                },
            }
        )
    return targets


def _first_ring(geometry: dict[str, Any]) -> list[list[float]]:
    coordinates = geometry["coordinates"]
    return coordinates[0][0] if geometry["type"] == "MultiPolygon" else coordinates[0]


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (nearest rank) of ``values``; NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


async def run_burst(base_url: str, targets: list[dict[str, Any]], count: int, window_s: float):
    """``count`` readers, each starting at a random moment within ``window_s`` seconds."""
    rng = random.Random(count)

    async def delayed(number: int) -> ReaderResult:
        await asyncio.sleep(rng.uniform(0, window_s))
        return await run_reader(base_url, SHARED_LINK, targets[number % len(targets)])

    return await asyncio.gather(*(delayed(number) for number in range(count)))


async def run_closed_loop(
    base_url: str, targets: list[dict[str, Any]], concurrency: int, sessions: int
) -> tuple[list[ReaderResult], float]:
    """``sessions`` readers, ``concurrency`` at a time; returns the results and the wall time."""
    queue = list(range(sessions))
    results: list[ReaderResult] = []

    async def worker() -> None:
        while queue:
            number = queue.pop()
            results.append(await run_reader(base_url, SHARED_LINK, targets[number % len(targets)]))

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results, time.perf_counter() - started


def measure_reader_cpu(
    base_url: str, pids: list[int], targets: list[dict[str, Any]], readers: int
) -> tuple[float, list[ReaderResult]]:
    """The app's CPU milliseconds per reader, readers one after another (after one warm-up)."""
    warm = asyncio.run(run_reader(base_url, SHARED_LINK, targets[0]))
    if warm.error:
        raise ProtocolError(f"warm-up reader: {warm.error}")
    before = sum(read_cpu_seconds(pid) for pid in pids)
    results = [
        asyncio.run(run_reader(base_url, SHARED_LINK, targets[(number + 1) % len(targets)]))
        for number in range(readers)
    ]
    spent = sum(read_cpu_seconds(pid) for pid in pids) - before
    return spent * 1000 / readers, results


def partner_targets(data_dir: Path | None, limit: int = 12) -> list[dict[str, Any]]:
    """Click targets: the countries with most events with Japan in the link's view."""
    from bench.concurrency import partner_countries

    codes = [code for code in partner_countries(data_dir, limit=limit + 1) if code != "CHN"]
    return click_targets(codes[:limit] or ["KOR"], "CHN")


def _errors(results: list[ReaderResult]) -> list[str]:
    return [result.error for result in results if result.error]


def _print(name: str, value: str) -> None:
    print(f"{name}: {value}", flush=True)


def _report_errors(label: str, results: list[ReaderResult]) -> None:
    errors = _errors(results)
    _print(f"protocol_errors_{label}", str(len(errors)))
    for error in errors[:3]:
        print(f"# error ({label}): {error}", flush=True)


@dataclass
class ThroughputRun:
    """One closed-loop run through nginx: sessions completed, wall time, CPU seconds."""

    complete: int
    wall_s: float
    app_cpu_s: list[float]
    client_cpu_s: float
    load: tuple[float, float]
    errors: list[str]

    @property
    def rate(self) -> float:
        return self.complete / self.wall_s


def run_throughput(url: str, pids: list[int], targets: list[dict[str, Any]]) -> ThroughputRun:
    """``THROUGHPUT_SESSIONS`` readers through ``url``, ``THROUGHPUT_CONCURRENCY`` at a time."""
    load = load_average()
    before = [read_cpu_seconds(pid) for pid in pids]
    own_before = _own_cpu_seconds()
    results, wall = asyncio.run(
        run_closed_loop(url, targets, THROUGHPUT_CONCURRENCY, THROUGHPUT_SESSIONS)
    )
    spent = [read_cpu_seconds(pid) - first for pid, first in zip(pids, before, strict=True)]
    return ThroughputRun(
        complete=sum(result.error is None for result in results),
        wall_s=wall,
        app_cpu_s=spent,
        client_cpu_s=_own_cpu_seconds() - own_before,
        load=(load, load_average()),
        errors=_errors(results),
    )


def measure_scaling(log_dir: Path, rounds: int = SCALING_ROUNDS) -> dict[int, ThroughputRun]:
    """Sessions per second through nginx in front of one and of two app processes (``data/``).

    Both set-ups run at once (an idle process costs almost nothing); every process is warmed
    first (one reader per click target, straight to the process). Then ``rounds`` times, one
    after the other, ``THROUGHPUT_SESSIONS`` readers go through each nginx. On a machine shared
    with other work the load changes from one run to the next, so the best run of each set-up
    is kept; every run is printed.
    """
    from deploy.serve import serving

    targets = partner_targets(None)
    best: dict[int, ThroughputRun] = {}
    with (
        serving(1, log_dir=log_dir / "serve-x1") as one,
        serving(2, log_dir=log_dir / "serve-x2") as two,
    ):
        for served in (one, two):
            for worker_url, _pid in served.workers:
                for target in targets:
                    warm = asyncio.run(run_reader(worker_url, SHARED_LINK, target))
                    if warm.error:
                        raise ProtocolError(f"warm-up reader: {warm.error}")
        for number in range(rounds):
            for workers, served in ((1, one), (2, two)):
                run = run_throughput(served.url, [pid for _url, pid in served.workers], targets)
                shares = ", ".join(f"{seconds:.1f}" for seconds in run.app_cpu_s)
                print(
                    f"# x{workers} run {number + 1}: {run.rate:.2f} sessions/s ({run.complete} "
                    f"in {run.wall_s:.1f} s; app CPU s per process {shares}; client CPU "
                    f"{run.client_cpu_s * 1000 / THROUGHPUT_SESSIONS:.0f} ms per session; "
                    f"load {run.load[0]:.1f}→{run.load[1]:.1f}; errors {len(run.errors)})",
                    flush=True,
                )
                for error in run.errors[:3]:
                    print(f"# error (x{workers}): {error}", flush=True)
                if workers not in best or run.rate > best[workers].rate:
                    best[workers] = run
    for workers, run in best.items():
        _print(
            f"protocol_sessions_per_s_x{workers}",
            f"{run.rate:.2f} sessions/s (best of {rounds}; load {run.load[0]:.1f}→"
            f"{run.load[1]:.1f})",
        )
    _print("protocol_scaling_x2_over_x1", f"{best[2].rate / best[1].rate:.2f}")
    return best


def main() -> None:
    from bench.concurrency import running_app
    from bench.synthetic import OUT_DIR, ensure_data_dir, raise_table_limit

    log_dir = OUT_DIR / "logs"
    extra_env = raise_table_limit()
    for label, data_dir in (("", None), ("_200k", ensure_data_dir("200k"))):
        targets = partner_targets(data_dir)
        with running_app(data_dir, log_dir / f"protocol{label}.log", extra_env) as (url, pid):
            load = load_average()
            cpu_ms, results = measure_reader_cpu(url, [pid], targets, SOLO_READERS)
            _print(
                f"reader_cpu_ms{label}", f"{cpu_ms:.0f} ms (load {load:.1f}→{load_average():.1f})"
            )
            timings = [value for result in results for value in result.timings.values()]
            _print(f"reader_step_ms_median{label}", f"{statistics.median(timings):.0f} ms")
            _print(f"reader_runs{label}", f"{statistics.mean(r.runs for r in results):.1f} runs")
            _report_errors(f"solo{label}", results)
            if label:
                continue
            load = load_average()
            started = time.perf_counter()
            results = asyncio.run(run_burst(url, targets, BURST_READERS, BURST_WINDOW_S))
            wall = time.perf_counter() - started
            timings = [value for result in results for value in result.timings.values()]
            note = f"(load {load:.1f}→{load_average():.1f}, {wall:.1f} s wall)"
            _print(f"protocol_p50_ms_{BURST_READERS}", f"{percentile(timings, 0.5):.0f} ms {note}")
            _print(f"protocol_p95_ms_{BURST_READERS}", f"{percentile(timings, 0.95):.0f} ms")
            _report_errors(f"burst_{BURST_READERS}", results)
    measure_scaling(log_dir)
