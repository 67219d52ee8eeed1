"""The supervisory processes the system runs, by code, with their Chinese names and statuses."""

from domain.accident import ACCIDENT_STATUS_LABELS
from domain.blacklist import BLACKLIST_STATUS_LABELS
from domain.crime_transfer import CRIME_TRANSFER_STATUS_LABELS
from domain.hazard import STATUS_LABELS as HAZARD_STATUS_LABELS
from domain.public_report import PUBLIC_REPORT_STATUS_LABELS
from domain.rectification import RECTIFICATION_STATUS_LABELS

PROCESS_LABELS = {
    "hazard": "重大事故隐患挂牌督办",
    "accident": "生产安全事故调查",
    "crime_transfer": "涉嫌犯罪案件移送",
    "blacklist": "严重失信主体名单管理",
    "rectification": "责令限期整改及强制执行",
    "public_report": "安全生产举报核查",
}

STATUS_LABELS_BY_PROCESS = {
    "hazard": HAZARD_STATUS_LABELS,
    "accident": ACCIDENT_STATUS_LABELS,
    "blacklist": BLACKLIST_STATUS_LABELS,
    "crime_transfer": CRIME_TRANSFER_STATUS_LABELS,
    "rectification": RECTIFICATION_STATUS_LABELS,
    "public_report": PUBLIC_REPORT_STATUS_LABELS,
}

# Statuses of every process: the case row before its workflow's first write, and a start that failed.
COMMON_STATUS_LABELS = {"starting": "启动中", "start_failed": "启动失败"}

LEVEL_LABELS = {"county": "县级", "city": "市级", "province": "省级"}


def status_label(process: str, status: str) -> str:
    return STATUS_LABELS_BY_PROCESS.get(process, {}).get(status) or COMMON_STATUS_LABELS.get(status, status)
