"""The CMA certificate number (资质认定证书编号): 12 digits, no check digit.

Layout (docs/rules.md, CMA certificate number): YY issue year, AA issuing authority (00 national,
01-31 provinces), FF field, II sector code, NNNN serial. Unknown codes are
warnings, never refusals: the code tables are not published as a standard.
"""

from __future__ import annotations

import re

AUTHORITIES = {
    "00": "国家认监委/市场监管总局", "01": "北京", "02": "天津", "03": "河北", "04": "山西",
    "05": "内蒙古", "06": "辽宁", "07": "吉林", "08": "黑龙江", "09": "上海", "10": "江苏",
    "11": "浙江", "12": "安徽", "13": "福建", "14": "江西", "15": "山东", "16": "河南",
    "17": "湖北", "18": "湖南", "19": "广东", "20": "广西", "21": "海南", "22": "重庆",
    "23": "四川", "24": "贵州", "25": "云南", "26": "西藏", "27": "陕西", "28": "甘肃",
    "29": "青海", "30": "宁夏", "31": "新疆",
}

_PATTERN = re.compile(r"^\d{12}$")


def certificate_warnings(cert_no: str) -> list[str]:
    """Why a certificate number looks unusual (empty list if it looks right or is blank)."""
    if not cert_no:
        return []
    if not _PATTERN.match(cert_no):
        return ["资质认定证书编号通常为12位数字，请核对"]
    if cert_no[2:4] not in AUTHORITIES:
        return [f"证书编号第3-4位（发证机关代码）{cert_no[2:4]} 不在已知代码表中，请核对"]
    return []
