"""The notice of inspection (检查通知书): how it is given to the institution, and its number.

"在现场检查前24小时内告知" (docs/rules.md): the institution is told within the 24 hours before the visit. The
task records when (`notified_at`, checked by `app.domain.tasks.notice_warning`) and how (`notice_method`,
one of `NoticeMethod`, stored by its English value; '' = not said). The notice itself is numbered like the
on-site record, with the organ's own prefix for notices (同市监检通〔2025〕第 3 号): the number is given once,
when the notice is first issued, and every later print shows the same one.
"""

from __future__ import annotations

from enum import Enum

from app.domain.problems import InputRefused, Problem


class NoticeMethod(str, Enum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    SMS = "sms"
    FAX = "fax"
    EMAIL = "email"
    POST = "post"
    OTHER = "other"

    @property
    def label(self) -> str:
        return METHOD_LABELS[self]


METHOD_LABELS = {
    NoticeMethod.IN_PERSON: "当面送达",
    NoticeMethod.PHONE: "电话",
    NoticeMethod.SMS: "短信",
    NoticeMethod.FAX: "传真",
    NoticeMethod.EMAIL: "电子邮件",
    NoticeMethod.POST: "邮寄",
    NoticeMethod.OTHER: "其他",
}


def notice_method(value) -> str:
    """The stored value of a way of giving notice named by its value (phone) or its label (电话); '' (or None)
    for "not said". Anything else is refused in words, listing the ways there are."""
    text = " ".join(str(value or "").split())
    if not text:
        return ""
    for method in NoticeMethod:
        if text.lower() == method.value or text == method.label:
            return method.value
    choices = "、".join(f"{m.value}（{m.label}）" for m in NoticeMethod)
    raise InputRefused(f"告知方式 {text} 不是可选的方式：{choices}。",
                       [Problem("、".join(m.value for m in NoticeMethod), text, column="notice_method")])


def method_label(value: str | None) -> str:
    """The label of a stored value ('' when not said)."""
    return NoticeMethod(value).label if value else ""
