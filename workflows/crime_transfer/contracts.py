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
    found_by: str = "bureau"  # who found the crime: the bureau, an accident team, a fire-rescue body
    # The clocks' lengths as configured ("3日", "3个工作日"), printed on the documents (C6).
    period_labels: dict[str, str] = field(default_factory=dict)
    # The police's longer review periods (2019 办法, 7 / 30 日) [U], from the configuration.
    review_days: dict[str, int] = field(default_factory=lambda: {"verification": 7, "complex": 30})


@dataclass
class CrimeTransferResult:
    status: str
