"""Process 7: bulletins (通报, 警示) and the case bulletin (案情通报).

`workflow.py` is the procedure, `state.py` who acts, `documents.py` the issued document,
`contracts.py` the payloads. Rows: `domain/definitions/bulletin.py`.
"""

from domain.definitions.bulletin import BULLETIN
from workflows.bulletin.workflow import BulletinWorkflow

PROCESS = BULLETIN.code

__all__ = ["PROCESS", "BulletinWorkflow"]
