"""`./scripts/start` runs the Temporal dev server where TEMPORAL_ADDRESS points, so a second instance
or a busy 7233 can be worked around; the Web UI port follows (+1000) unless TEMPORAL_UI_PORT is set."""

from __future__ import annotations

from pathlib import Path

import pytest

from launcher import dev_server_args, stack_from_settings, temporal_ports
from settings import Settings


def _option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def test_the_dev_server_listens_on_the_port_of_temporal_address(tmp_path: Path) -> None:
    stack = stack_from_settings(Settings(temporal_address="127.0.0.1:7301", data_dir=tmp_path))
    args = dev_server_args(stack.temporal_port, tmp_path / "temporal.sqlite3", stack.ui_port)
    assert (_option(args, "--port"), _option(args, "--ui-port"), _option(args, "--ip")) == ("7301", "8301", "127.0.0.1")
    # The worker and the web app it spawns connect to the same address.
    assert stack.env()["TEMPORAL_ADDRESS"] == "127.0.0.1:7301"


def test_the_defaults_stay_7233_and_8233(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEMPORAL_ADDRESS", raising=False)
    monkeypatch.delenv("TEMPORAL_UI_PORT", raising=False)
    stack = stack_from_settings(Settings(_env_file=None, data_dir=tmp_path))  # type: ignore[call-arg]
    assert (stack.temporal_port, stack.ui_port) == (7233, 8233)


def test_the_web_ui_port_can_be_set(tmp_path: Path) -> None:
    stack = stack_from_settings(Settings(temporal_address="localhost:7400", temporal_ui_port=9000, data_dir=tmp_path))
    assert (stack.temporal_port, stack.ui_port) == (7400, 9000)


@pytest.mark.parametrize("address", ["7233", "127.0.0.1", "127.0.0.1:port", "127.0.0.1:70000"])
def test_an_address_without_a_port_is_refused_with_a_message(address: str) -> None:
    with pytest.raises(SystemExit, match="TEMPORAL_ADDRESS must be host:port"):
        temporal_ports(address)


def test_a_ui_port_beyond_the_range_must_be_set(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="TEMPORAL_UI_PORT"):
        temporal_ports("127.0.0.1:65000")


def test_the_launcher_runs_as_many_web_processes_as_web_processes_says(tmp_path: Path) -> None:
    from api.server import uvicorn_command

    one = stack_from_settings(Settings(data_dir=tmp_path))
    assert one.web_processes == 1 and "--workers" not in uvicorn_command(one.web_port, processes=one.web_processes)
    two = stack_from_settings(Settings(data_dir=tmp_path, web_processes=2))
    assert _option(uvicorn_command(two.web_port, processes=two.web_processes), "--workers") == "2"


@pytest.mark.parametrize("name", ["web_threads", "web_processes"])
def test_no_web_threads_or_processes_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        Settings(data_dir=tmp_path, **{name: 0})
