"""The organ that issues the on-site records (检查机关): the bureau that organises the inspection, the same on
every record of that bureau, with the organs it inspects jointly with, the legal basis it cites and the notice
of the year's plan. Set once by the lead in the profile (and, later, carried to the laptops with the
assignments); printed on every record.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.registry import Department, Inspector

ORGAN_DEPARTMENT = Department.MARKET  # the bureau's own officers; police or ecology officers are joint members
DEFAULT_BASIS = "《中华人民共和国行政处罚法》《检验检测机构资质认定管理办法》《检验检测机构监督管理办法》"


def document_number(prefix: str, year: int, serial: int) -> str:
    """A record's number (文书编号) as printed: 同市监检记〔2025〕第 12 号."""
    return f"{prefix}〔{year}〕第 {serial} 号"


def organ_officer(person: Inspector) -> bool:
    """An enforcement officer of the organ that owns the record: one of the two officers a record needs.
    Officers of other departments (police, ecology) take part in a joint inspection as joint members."""
    return person.enforcement_officer and person.department is ORGAN_DEPARTMENT


@dataclass(frozen=True)
class Organ:
    name: str = ""  # 大同市市场监督管理局
    short_name: str = ""  # 大同市市场监管局
    document_prefix: str = ""  # 同市监检记: the record's number is 同市监检记〔2025〕第 12 号
    joint: tuple[str, ...] = ()  # organs inspecting jointly (联合检查), named on the record
    legal_basis: str = ""  # the regulations the inspection rests on
    plan_notice: str = ""  # the notice of the year's plan, e.g. 同市监认证〔2025〕92号
    notice_prefix: str = ""  # 同市监检通: the notice of inspection's number is 同市监检通〔2025〕第 3 号
    result_prefix: str = ""  # 同市监检果: the result notice's number is 同市监检果〔2025〕第 1 号

    @property
    def issuer(self) -> str:
        """Who issues the record: the organ, and the joint organs after it."""
        return "、".join([n for n in (self.name, *self.joint) if n])

    def document_number(self, year: int, serial: int) -> str:
        return document_number(self.document_prefix, year, serial)

    def notice_number(self, year: int, serial: int) -> str:
        """The number of a notice of inspection (检查通知书), numbered like the records with its own prefix."""
        return document_number(self.notice_prefix, year, serial)

    @property
    def basis(self) -> str:
        """The basis printed on the record: the plan's notice and the regulations."""
        regulations = self.legal_basis or DEFAULT_BASIS
        return f"{regulations}；{self.plan_notice}" if self.plan_notice else regulations


def team_organs(organ: Organ, members) -> list[str]:
    """The organs the team's enforcement officers come from, the record's own organ first, each once.

    An officer belongs to the longest of the organ's or its joint organs' names that their unit starts with
    (大同市公安局交通警察支队车辆管理所 → 大同市公安局); otherwise to their unit up to its last 局 (平城区市场监督管理局,
    大同市生态环境局监测科 → 大同市生态环境局), or the unit whole. A market officer with no unit is the organ's own.
    Experts are not officers and name no organ. What the recusal notice reads out: 我们是…的执法人员.
    """
    known = sorted((n for n in (organ.name, *organ.joint) if n), key=len, reverse=True)
    found: list[str] = []
    for person in members:
        person = getattr(person, "inspector", person)  # a team Member or the Inspector itself
        if not person.enforcement_officer:
            continue
        unit = person.unit.strip()
        if not unit:
            name = organ.name if person.department is ORGAN_DEPARTMENT else ""
        else:
            name = next((n for n in known if unit.startswith(n)), "")
            if not name:
                name = unit[:unit.rfind("局") + 1] if "局" in unit else unit
        if name and name not in found:
            found.append(name)
    if organ.name in found:
        found.remove(organ.name)
        found.insert(0, organ.name)
    return found
