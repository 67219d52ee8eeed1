"""What every process's state holds: the workflow's input, kept by `CaseWorkflow.begin`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

Input = TypeVar("Input")


@dataclass
class ProcessState(Generic[Input]):
    input: Input | None = None

    @property
    def inp(self) -> Input:
        """The input, once the workflow has begun (validators run after `run` started)."""
        assert self.input is not None
        return self.input
