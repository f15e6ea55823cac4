"""Column headers of the two registry workbooks: the canonical one first, then the variants seen in real sheets.

The seed's self-check table names the basic-information columns (法人单位名称,
单位地址, 组织机构代码/社会信用代码, …); other systems export the same data
under other names. Matching ignores spaces, line breaks, bracketed notes,
'*' markers and letter case (see `sheets.header_key`). Export writes the
first name of each list, so an exported workbook re-imports as it is.
"""

from app.exchange.sheets import HeaderSpec

INSTITUTION_HEADERS = HeaderSpec(
    aliases={
        "name": ("机构名称", "单位名称", "法人单位名称", "检验检测机构名称", "机构全称", "企业名称", "名称"),
        "credit_code": ("统一社会信用代码", "社会信用代码", "组织机构代码/社会信用代码",
                        "社会信用代码/组织机构代码", "信用代码", "统一代码", "USCC"),
        "category": ("机构类别", "类别", "机构类型", "检验检测领域", "领域", "类型", "行业类别", "专业领域"),
        "district": ("所属区县", "区县", "所在区县", "所属区域", "行政区划", "辖区", "所属地区", "区域"),
        "address": ("单位地址", "地址", "机构地址", "注册地址", "住所", "通讯地址", "实验室地址"),
        "cma_cert_no": ("证书编号", "资质认定证书编号", "CMA证书编号", "证书号", "资质证书编号"),
        "cma_issuer": ("发证机关", "发证机关名称", "发证单位", "发证部门"),
        "cma_approved_on": ("批准日期", "发证日期", "颁发日期", "认定日期", "批准时间"),
        "cma_expires_on": ("有效日期", "有效期至", "证书有效期", "有效期", "到期日期", "有效截止日期",
                           "证书有效期至", "有效期截止"),
        "authorized_name": ("被授权机构名称", "被授权机构"),
        "legal_rep": ("法定代表人", "法人代表", "法人", "负责人"),
        "legal_rep_phone": ("法定代表人联系电话", "法定代表人电话", "法人电话", "法人代表电话"),
        "contact": ("联系人",),
        "contact_phone": ("联系电话", "联系人电话", "联系方式", "电话", "联系人联系电话"),
        "top_manager": ("最高管理者",),
        "top_manager_phone": ("最高管理者联系电话", "最高管理者电话"),
        "tech_lead": ("技术负责人",),
        "signatories": ("授权签字人", "授权签字人名单"),
        "risk_class": ("信用风险分类", "风险等级", "风险分类", "信用风险等级", "信用风险分类结果"),
        "flag_complaint": ("涉投诉举报", "投诉举报", "被投诉举报"),
        "flag_pt_no_show": ("无故不参加能力验证", "未参加能力验证", "能力验证未参加", "能力验证无故缺席"),
        "flag_stats_missed": ("未按时完成统计直报", "统计直报未完成", "未完成统计直报", "统计直报逾期"),
        "eco_owned": ("生态环境部门所属", "生态环境部门所属监测机构", "环保部门所属"),
        "allocated_year": ("上级分配年度", "省局分配年度", "分配年度"),
        "notes": ("备注",),
        "id": ("记录ID", "记录标识"),
    },
    required=("name", "credit_code", "category"),
    identity=("name", "credit_code"),
)

INSPECTOR_HEADERS = HeaderSpec(
    aliases={
        "name": ("姓名", "人员姓名", "检查人员姓名", "执法人员姓名"),
        "department": ("所属部门", "部门", "部门类别", "人员类别", "所属系统"),
        "level": ("层级", "级别", "所属层级", "行政层级"),
        "unit": ("工作单位", "单位", "所在单位", "单位名称"),
        "cert_no": ("执法证号", "执法证件号", "执法证编号", "行政执法证号", "执法证件号码", "证件号码", "执法证"),
        "phone": ("联系电话", "电话", "手机", "手机号码", "联系方式"),
        "districts": ("负责区县", "所属区县", "区县", "辖区", "负责区域"),
        "expertise": ("专业领域", "专业", "擅长领域", "专长", "检查领域"),
        "avoid": ("回避机构", "需回避机构", "回避单位"),
        "active": ("在岗", "是否在岗", "在职"),
        "notes": ("备注",),
        "id": ("记录ID", "记录标识"),
    },
    required=("name", "department"),
    identity=("name",),
)

INSTITUTION_EXPORT_ORDER = [
    "name", "credit_code", "category", "district", "address", "cma_cert_no", "cma_issuer",
    "cma_approved_on", "cma_expires_on", "authorized_name", "legal_rep", "legal_rep_phone",
    "contact", "contact_phone", "top_manager", "top_manager_phone", "tech_lead", "signatories",
    "risk_class", "flag_complaint", "flag_pt_no_show", "flag_stats_missed", "eco_owned",
    "allocated_year", "notes", "id",
]

INSPECTOR_EXPORT_ORDER = [
    "name", "department", "level", "unit", "cert_no", "phone", "districts", "expertise",
    "avoid", "active", "notes", "id",
]
