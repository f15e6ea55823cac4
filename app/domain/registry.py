"""The two registries of 一单两库: institutions (检查对象名录库) and inspectors (执法检查人员名录库).

Plain dataclasses with the fields the registries hold (README.md, docs/cli.md), the enumerations they use
with their Chinese labels, and the stable UUIDs that make the same record the
same in every database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from enum import Enum

# Fixed namespace: uuid5(NAMESPACE, "institution:<credit code>") is the same
# institution id in every database that imports the same registry.
NAMESPACE = "6f1c2a3e-5b8d-4e0f-9a7c-2d4b6e8f0a13"
_NAMESPACE_BYTES = bytes.fromhex(NAMESPACE.replace("-", ""))


class Category(str, Enum):
    VEHICLE = "vehicle"
    ECO_ENV = "eco_env"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.VEHICLE: "机动车检验机构",
    Category.ECO_ENV: "生态环境监测机构",
    Category.OTHER: "其他检验检测机构",
}


class RiskClass(str, Enum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @property
    def label(self) -> str:
        return RISK_LABELS[self]


RISK_LABELS = {
    RiskClass.A: "A类（低风险）",
    RiskClass.B: "B类（一般风险）",
    RiskClass.C: "C类（较高风险）",
    RiskClass.D: "D类（高风险）",
}


class Department(str, Enum):
    MARKET = "market"
    POLICE = "police"
    ECO = "eco"
    EXPERT = "expert"

    @property
    def label(self) -> str:
        return DEPARTMENT_LABELS[self]


DEPARTMENT_LABELS = {
    Department.MARKET: "市场监管",
    Department.POLICE: "公安",
    Department.ECO: "生态环境",
    Department.EXPERT: "技术专家",
}


class Level(str, Enum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS = {Level.PROVINCE: "省级", Level.CITY: "市级", Level.COUNTY: "县级"}

PRIORITY_FLAGS = {
    "flag_complaint": "涉投诉举报",
    "flag_pt_no_show": "无故不参加能力验证",
    "flag_stats_missed": "未按时完成统计直报",
}


@dataclass
class Institution:
    """One inspectable institution. Dates are `date` or None; lists are of names."""

    name: str
    credit_code: str
    category: Category
    id: str = ""
    address: str = ""
    district: str = ""
    authorized_name: str = ""  # 被授权机构名称, when the certificate is held in another name
    cma_cert_no: str = ""
    cma_issuer: str = ""
    cma_approved_on: date | None = None
    cma_expires_on: date | None = None
    legal_rep: str = ""
    legal_rep_phone: str = ""
    contact: str = ""
    contact_phone: str = ""
    top_manager: str = ""
    top_manager_phone: str = ""
    tech_lead: str = ""
    signatories: list[str] = field(default_factory=list)
    risk_class: RiskClass | None = None
    flag_complaint: bool = False
    flag_pt_no_show: bool = False
    flag_stats_missed: bool = False
    eco_owned: bool = False  # run by an eco-environment department: outside the eco draw
    allocated_year: int | None = None  # handed to this bureau by a higher level's draw in that year
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = institution_id(self.credit_code)

    @property
    def priority(self) -> bool:
        return self.flag_complaint or self.flag_pt_no_show or self.flag_stats_missed


@dataclass
class Inspector:
    """One person of the enforcement roster (or an invited expert)."""

    name: str
    department: Department
    id: str = ""
    level: Level | None = None
    unit: str = ""
    cert_no: str = ""  # enforcement certificate number (执法证号); experts may have none
    phone: str = ""
    districts: list[str] = field(default_factory=list)
    expertise: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)  # credit codes of institutions to avoid (回避)
    active: bool = True
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = inspector_id(self.cert_no) if self.cert_no else random_id()

    @property
    def enforcement_officer(self) -> bool:
        """Only credentialed officers inspect; experts assist."""
        return self.department is not Department.EXPERT and bool(self.cert_no)


def random_id() -> str:
    """A new random UUID (version 4), for records with no natural key."""
    import uuid  # imported here: `uuid` pulls in `platform`, which the window's start can do without

    return str(uuid.uuid4())


def _uuid5(name: str) -> str:
    """str(uuid.uuid5(NAMESPACE, name)), built from the SHA-1 hex digest (an import makes 55,000 of them)."""
    import hashlib  # here, not at the top: the window's start makes no ids, and OpenSSL takes 2–3 ms to load

    h = hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).hexdigest()
    # version nibble 5; variant bits 10xx, i.e. the 17th hex digit becomes one of 8 9 a b
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:32]}"


def institution_id(credit_code: str) -> str:
    return _uuid5("institution:" + credit_code)


def inspector_id(cert_no: str) -> str:
    return _uuid5("inspector:" + cert_no)


def field_names(cls) -> list[str]:
    return [f.name for f in fields(cls)]
