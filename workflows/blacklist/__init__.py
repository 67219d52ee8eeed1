"""Process 4: the serious-dishonesty list (安全生产严重失信主体名单), Decree 11.

`workflow.py` is the procedure, `actions.py` the case actions of the management period,
`listing.py` the state of the listing and its public entry, `documents.py` the notice and the
decision, `contracts.py` the payloads. Rows: `domain/definitions/blacklist.py`.
"""

from domain.definitions.blacklist import BLACKLIST
from workflows.blacklist.workflow import BlacklistWorkflow

PROCESS = BLACKLIST.code

__all__ = ["PROCESS", "BlacklistWorkflow"]
