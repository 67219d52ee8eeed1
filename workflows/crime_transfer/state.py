"""The agencies of a transfer and what is known of it, shared by the procedure and its actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from domain.definitions.crime_transfer import BUREAU, CRIME_TRANSFER, GOVERNMENT, HEAD, POLICE, PROCURATORATE
    from domain.process import Party
    from workflows.crime_transfer.contracts import AgencyOrg, CrimeTransferInput, TransferOrgs
    from workflows.kernel import TaskSpec
    from workflows.kernel.state import ProcessState
    from workflows.kernel.steps import spec


@dataclass
class TransferState(ProcessState[CrimeTransferInput]):
    police: AgencyOrg | None = None  # the police that has the case now (a wrong one forwards it)
    accepted: bool = False
    settled: bool = False  # filed, sent back or closed: a fine no longer replaces the transfer
    back: dict[str, Any] | None = None  # the reverse transfer (行刑反向衔接), once sent back
    transfer_no: str = ""
    transferred_on: str = ""
    category: str = ""
    # Set once at the start (`workflow.patched`): the paths of issue 18 (audit §3.5) apply.
    fidelity: bool = False
    accepted_on: str = ""  # the day the police accepted the case (their review periods run from it)
    back_by: str = ""  # who sent the case back: police_liaison or procuratorate_liaison

    @property
    def orgs(self) -> TransferOrgs:
        return self.inp.orgs

    @property
    def current_police(self) -> AgencyOrg:
        assert self.police is not None
        return self.police

    def police_in(self, jurisdiction_code: str) -> AgencyOrg | None:
        return next((p for p in self.inp.police_elsewhere if p.jurisdiction_code == jurisdiction_code), None)

    def org_of(self, party: Party) -> int:
        orgs = self.orgs
        return {
            BUREAU: orgs.bureau.org_id,
            HEAD: orgs.bureau.org_id,
            POLICE: self.current_police.org_id,
            PROCURATORATE: orgs.procuratorate.org_id,
            GOVERNMENT: orgs.office.org_id,
        }[party]

    def period(self, code: str, default: str) -> str:
        """A clock's length as the configuration chose it, for a printed document ("3日")."""
        return self.inp.period_labels.get(code, default)

    def task(self, code: str, **options: Any) -> TaskSpec:
        step = CRIME_TRANSFER.step(code)
        return spec(step, self.org_of(step.by), **options)
