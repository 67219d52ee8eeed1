"""Process 3: transfer of a suspected crime to the police (国务院令第310号).

`workflow.py` is the procedure, `oversight.py` the escalation on the police's and the
procuratorate's own side, `actions.py` the reverse transfer and administrative measures,
`documents.py` the transfer letter and the non-filing notice, `state.py` the agencies and the
transfer's facts, `contracts.py` the payloads. Rows: `domain/definitions/crime_transfer.py`.
"""

from domain.definitions.crime_transfer import CRIME_TRANSFER
from workflows.crime_transfer.contracts import AgencyOrg, CrimeTransferInput, CrimeTransferResult, TransferOrgs
from workflows.crime_transfer.workflow import CrimeTransferWorkflow

PROCESS = CRIME_TRANSFER.code

__all__ = ["PROCESS", "AgencyOrg", "CrimeTransferInput", "CrimeTransferResult", "CrimeTransferWorkflow", "TransferOrgs"]
