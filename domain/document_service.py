"""Service of documents (送达): how a document reaches its addressee, and from when it counts.

Methods follow 民事诉讼法 arts 87–95, which 行政处罚法 art 61 applies to penalty decisions:
直接送达, 留置送达, 邮寄送达, 电子送达 (with the addressee's consent), and 公告送达 when the
addressee cannot be reached, which counts as served once the announcement period ends
(民事诉讼法 art 95: 30 days; configurable under `[service]` in config/process.toml).

Clocks that the law runs "from receipt" (自收到之日起, 自送达之日起) start on the day service
takes effect, not on the day the document was signed:
- the rectification order's period (the order itself says 自本指令书送达之日起);
- the penalty decision's 15-day payment period (行政处罚法 art 67) and the reconsideration and
  litigation windows (行政复议法 art 20, 行政诉讼法 art 46: from knowing of the act, i.e. receipt);
- the statement period after the penalty notice and after the blacklist listing notice;
- the 10 working days after a formal reminder (行政强制法 art 54).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from domain.errors import Conflict, InvalidInput
from domain.forms import OptionalText, StepForm, choice

SERVICE_METHODS = {
    "direct": "直接送达",
    "left": "留置送达",
    "post": "邮寄送达",
    "electronic": "电子送达（经当事人同意）",
    "announcement": "公告送达",
}
ShortOptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
ServiceMethod = Literal["direct", "left", "post", "electronic", "announcement"]

# Documents whose service a process step's form records, with that step's title: the
# `serve_document` action refuses them, and the document page points at the step instead.
SERVED_IN_STEPS = {"rectification_order": "送达责令限期整改指令书"}

# 民事诉讼法 art 95: 公告送达 is deemed served 30 days after the announcement.
DEFAULT_ANNOUNCEMENT_DAYS = 30

PROOF_HINTS = {
    "direct": "送达回证编号或签收人",
    "left": "见证人及留置情况",
    "post": "邮件单号",
    "electronic": "电子送达系统回执编号",
    "announcement": "公告载体及公告编号",
}


class DocumentServiceForm(StepForm):
    """送达登记: one record per issued document."""

    document_id: int = Field(title="文书")
    method: ServiceMethod = choice(SERVICE_METHODS, "送达方式")
    served_on: dt.date = Field(title="送达日期（公告送达为公告发布日期）")
    recipient: ShortOptionalText = Field("", title="受送达人（签收人）")
    proof: OptionalText = Field("", title="送达凭证（回证编号、邮件单号、电子回执或公告编号）", max_length=1000)
    proof_attachment_id: int | None = Field(None, title="送达凭证附件")


def effective_service_day(method: str, served_on: dt.date, announcement_days: int) -> dt.date:
    """The day service takes effect: the service day, or the end of the announcement period."""
    if method == "announcement":
        return served_on + dt.timedelta(days=announcement_days)
    return served_on


def check_service(
    form: DocumentServiceForm, *, issued_on: dt.date | None, already_served: bool, today: dt.date
) -> None:
    """Refuse a service that cannot be true: unknown document, served twice, out of time, no proof."""
    if issued_on is None:
        raise InvalidInput("本案件没有该文书，不能登记送达")
    if already_served:
        raise Conflict("该文书已登记送达，不能重复登记")
    if form.served_on > today:
        raise InvalidInput("送达日期不能晚于今天")
    if form.served_on < issued_on:
        raise InvalidInput(f"送达日期不能早于文书签发日期{issued_on.isoformat()}")
    if form.method in ("direct", "left") and not form.recipient:
        raise InvalidInput("直接送达、留置送达须填写受送达人（签收人）")
    if form.method in ("post", "electronic", "announcement") and not form.proof:
        raise InvalidInput(f"{SERVICE_METHODS[form.method]}须填写送达凭证（{PROOF_HINTS[form.method]}）")
