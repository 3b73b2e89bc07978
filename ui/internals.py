"""Every private Streamlit and streamlit-folium name the app uses, and the versions checked.

Neither package promises these names: a new version may rename them, change what they take or
return, or drop them, and the app would then break in ways no error names. They are used for
speed (the map component's strings built once, the charts' specs written directly) and to end
Streamlit's first multipage style early (``forget_pages_directory``). Every use is here, behind
one small function each; nothing else in the app imports a private name
(``tests/test_architecture.py`` checks it).

``check_internal_versions`` compares the installed versions with ``CHECKED_VERSIONS``;
``app.py`` calls it (through ``ui.shared.stop_on_unchecked_internals``) before anything uses
these names, so a changed version stops the app at start-up with a message in the log. After
upgrading either package: re-read each function below against the new source, run
``tests/ui/test_internals.py``, ``tests/ui/test_map_component.py``, ``tests/ui/test_charts.py``
and the browser tests, then change ``CHECKED_VERSIONS`` and the pin in ``constraints.txt`` together
(``tests/ui/test_internals.py`` fails when they differ).

The private names are looked up when a function is called, not on import, so a version that
dropped one still gets as far as the version check and its clear message.
"""

from __future__ import annotations

import functools
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import folium
import pandas as pd
import streamlit_folium

CHECKED_VERSIONS = {"streamlit": "1.67.0", "streamlit-folium": "0.27.4"}
"""The versions whose source each function below was read against (pinned in constraints.txt)."""
MODULE = "ui/internals.py"


class InternalsVersionError(RuntimeError):
    """An installed Streamlit or streamlit-folium is not the version checked here."""


@functools.cache
def installed_version(package: str) -> str | None:
    """The installed version of ``package`` (None if missing), read once per process: the
    modules already loaded stay those of the version read at start-up."""
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def check_internal_versions() -> None:
    """Raise ``InternalsVersionError`` naming each package whose installed version differs
    from the one this module's private names were checked against."""
    changed = [
        (package, installed_version(package), checked)
        for package, checked in CHECKED_VERSIONS.items()
        if installed_version(package) != checked
    ]
    if changed:
        found = "; ".join(
            f"{package} {installed or '(not installed)'} is installed, but {MODULE} was checked "
            f"against {package} {checked}"
            for package, installed, checked in changed
        )
        raise InternalsVersionError(
            f"{found}: the private names used there may have changed. Either install the pinned "
            "versions (pip install -r requirements.txt -c constraints.txt), or re-check every "
            f"function in {MODULE} against the installed source, run "
            "tests/ui/test_internals.py, tests/ui/test_map_component.py, tests/ui/test_charts.py "
            "and tests/browser, then update CHECKED_VERSIONS there and the pins in "
            "constraints.txt."
        )


# ------------------------------------------------------------------------------------ Streamlit


def forget_pages_directory() -> None:
    """Stop treating ``pages/`` as a folder of pages (Streamlit's first multipage style).

    Clears ``PagesManager.uses_pages_directory``, the class flag ``st.navigation`` itself
    clears on its first run in the process (``streamlit/runtime/pages_manager.py``).
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def arrow_dataset(data: pd.DataFrame) -> tuple[str, bytes]:
    """``data`` as ``st.altair_chart`` attaches it to a spec: its name (the hash of its bytes)
    and its Arrow bytes (``streamlit.dataframe_util``, ``streamlit.util.calc_hash``)."""
    from streamlit import dataframe_util
    from streamlit.util import calc_hash

    data_bytes = dataframe_util.convert_anything_to_arrow_bytes(data)
    return calc_hash(data_bytes), data_bytes


# ------------------------------------------------------------------------------ streamlit-folium


def map_html(world_map: folium.Map) -> str:
    """The map's HTML as ``st_folium`` sends it (``_get_html``)."""
    return streamlit_folium._get_html(world_map)


def map_header(world_map: folium.Map) -> str:
    """The map's header (styles; scripts stripped) as ``st_folium`` sends it (``_get_header``)."""
    return streamlit_folium._get_header(world_map)


def map_script(world_map: folium.Map) -> str:
    """The map's JavaScript as ``st_folium`` sends it (``_get_map_string``)."""
    return streamlit_folium._get_map_string(world_map)


def map_id(world_map: folium.Map) -> str:
    """The id of the map's element, as ``st_folium`` sends it (``get_full_id``)."""
    return streamlit_folium.get_full_id(world_map)


def feature_group_script(group: folium.FeatureGroup, scratch: folium.Map, index: int) -> str:
    """The JavaScript ``st_folium`` makes of one ``feature_group_to_add``
    (``_get_feature_group_string``), rendered on the throwaway map ``scratch``."""
    return streamlit_folium._get_feature_group_string(group, map=scratch, idx=index)


def component_key(script: str, key: str) -> str:
    """The component's key ``st_folium`` derives from the map's script and ``key``
    (``generate_js_hash``, without return on hover)."""
    return streamlit_folium.generate_js_hash(script, key, False)


def call_map_component(**arguments: Any) -> Any:
    """Draw streamlit-folium's component with ``arguments`` and return its value
    (``_component_func``, looked up on each call)."""
    return streamlit_folium._component_func(**arguments)
