"""Payloads of the crime-transfer process: its input (the agencies involved) and result."""

from dataclasses import dataclass, field

from workflows.contracts import CaseStart


@dataclass
class AgencyOrg:
    org_id: int
    name: str
    jurisdiction_code: str = ""


@dataclass
class TransferOrgs:
    """The transferring agency and its same-level counterparts (art 5: 同级公安机关)."""

    bureau: AgencyOrg
    office: AgencyOrg
    police: AgencyOrg
    procuratorate: AgencyOrg


@dataclass
class CrimeTransferInput:
    start: CaseStart
    title: str
    subject: str  # the enterprise or person the transfer concerns
    category: str
    facts: str
    orgs: TransferOrgs
    # The police of every jurisdiction in the province, where a wrong one may forward the case.
    police_elsewhere: list[AgencyOrg] = field(default_factory=list)
    source_case_no: str = ""


@dataclass
class CrimeTransferResult:
    status: str
