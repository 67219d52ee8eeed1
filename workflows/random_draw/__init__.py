"""Process 7: the double-random draw (双随机抽查) and the publication of its results.

`workflow.py` is the procedure, `contracts.py` its payloads, `state.py` who acts. The draw is a
pure function (`domain/random_draw.py`) run by the API with a seed from `secrets`; the workflow
records it on the hash-chained timeline and holds the 20-working-day publication clock.
"""

from domain.definitions.random_draw import RANDOM_DRAW
from workflows.random_draw.workflow import RandomDrawWorkflow

PROCESS = RANDOM_DRAW.code

__all__ = ["PROCESS", "RandomDrawWorkflow"]
