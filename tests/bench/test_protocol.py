"""The protocol load generator's checks: a run that does not draw the page is an error."""

from __future__ import annotations

import json

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.Components_pb2 import ComponentInstance
from streamlit.proto.Heading_pb2 import Heading

from bench.protocol import MAP_COMPONENT, ProtocolError, Run, check_panel, check_run


def _map(units: int) -> ComponentInstance:
    feature_group = "".join(f'{{"iso3": "A{index:02d}"}}' for index in range(units))
    return ComponentInstance(
        component_name=MAP_COMPONENT, json_args=json.dumps({"feature_group": feature_group})
    )


def test_a_run_with_the_whole_map_passes():
    check_run(Run(elements=[("component_instance", _map(250))]), "load")


@pytest.mark.parametrize(
    "elements",
    [
        [],
        [("component_instance", _map(12))],
        [("component_instance", _map(250)), ("alert", Alert(body="boom", format=Alert.ERROR))],
        [("exception", None), ("component_instance", _map(250))],
    ],
    ids=["no map", "few units", "error box", "exception"],
)
def test_a_run_without_the_map_or_with_an_error_fails(elements):
    if elements and elements[0][0] == "exception":
        from streamlit.proto.Exception_pb2 import Exception as ExceptionProto

        elements = [("exception", ExceptionProto(message="boom")), *elements[1:]]
    with pytest.raises(ProtocolError):
        check_run(Run(elements=elements), "load")


def test_the_panel_is_found_by_its_heading_without_markdown_escapes():
    run = Run(
        elements=[
            ("heading", Heading(body="Republic of Korea")),
            ("heading", Heading(body="Côte d\\'Ivoire")),
        ]
    )
    check_panel(run, "click", "Republic of Korea")
    check_panel(run, "click", "Côte d'Ivoire")
    with pytest.raises(ProtocolError):
        check_panel(run, "click", "China")
