"""The 2025 self-check table as data: loads, matches the published text, validates its structure."""

from __future__ import annotations

import copy
import json

import pytest

from app.domain.checklist import Checklist, Verdict
from app.domain.problems import InputRefused, NotFound
from app.paths import resource
from app.services.checklist import available_versions, load_checklist

# The item rows of the seed's attachment (同市监认证〔2025〕92号 附件), copied
# verbatim; only the table-cell tabs at line starts were removed. Blank lines
# are layout, not content.
SEED_TABLE = """\
1
机构应为依法成立，能承担相应法律责任的法人单位或其他组织。
检查法人证书、营业执照或授权文件：
（1）企业性质的，应取得营业执照；
（2）事业、机关应取得编办批准的事业单位法人证书；
（3）社团法人应取得民政部门批准的社团法人证书；
（4）其他组织应当取得相应管理部门的批准文件；
（5）非独立法人的，应获得所属法人的授权，有授权文件及不干预检验检测活动的声明（或文件）。

（6）机构如果已经依法终止，应向市场监督管理部门申请注销资质认定证书。
（是/否/不适用）


2
机构依法设立的异地分支机构，应通过资质认定。
检验检测机构的异地分支机构应取得资质认定，分场所应纳入资质认定范围。
（是/否/不适用）


3
机构应具备独立性、公正性地位。
（1）机构的业务或经营范围中应包括检验、检测或与之相关的内容。
（2）如机构还从事检验检测以外的活动，应识别潜在的利益冲突，采取措施确保这些活动不影响其检验检测的独立性、公正性。
（3）机构的业务或经营范围不应包含所检验检测对象的生产、销售、研发、维修等影响公正性的内容。
（4）机构的质量手册和程序文件中应有确保检验检测公正性、独立性以及数据、结果和报告真实、客观、准确、完整的规定。
（5）机构是否存在接受影响公正性的资助或者存在影响公正性的行为，如利用“国家中心”牌子或产品质量监督抽查等政策性业务进行有违公正性的不正当市场竞争情况。
（6）机构是否在其官方网站或者以其他公开方式对其遵守法定要求、独立公正从业、履行社会责任、严守诚实信用等情况进行自我声明。
（是/否/不适用）


4
机构应遵守《反垄断法》相关规定
具有竞争关系机构不得达成垄断协议。

具有市场支配地位的机构，不得滥用市场支配地位，排除、限制竞争。
是否具有或者可能具有排除、限制竞争效果的经营者集中。



5
机构应遵守相关保密规定。
机构应在其质量手册或程序文件中规定保密措施，保证检验检测活动中获得的国家秘密、商业秘密、技术秘密不外泄（法律法规有规定的除外）。
（是/否/不适用）


6
在资质认定证书的能力范围内从事检验检测活动。
（1）机构应当按照资质认定能力附表范围内的检验检测标准、方法和项目参数等开展检验检测工作。检查是否存在超出资质认定证书规定能力范围出具检验检测报告的情况。
（2）资质认定证书被撤销、注销或吊销，不得继续为社会出具具有证明作用的数据或者结果。
（是/否/不适用）


7
检验检测过程规范要求。
（1）机构及其人员是否违反国家有关强制性规定的样品管理、仪器设备管理与使用、检验检测规程或者方法、数据传输与保存等要求进行检验检测。
（2）对不涉及国家有关强制性规定的检验检测规程或者方法，检查是否与委托人作出约定。
（是/否/不适用）


8
人员管理要求。
（1）检验检测人员不得同时在两家以上检验检测机构从业。
（2）检验检测人员具备必要的技能、知识和培训经历，满足相关岗位要求；授权签字人具有满足规定要求的技术能力。法律法规对检验检测从业人员有执业资格规定或者禁止从事检验检测活动规定的，依照其规定。
（3）非授权签字人不得签发报告，授权签字人在其授权领域范围内签发报告。
（是/否/不适用）


9
数据和信息管理要求。
机构应当对检验检测活动的原始记录和报告归档留存，保证其具有可追溯性。原始记录和报告的保存期限应不少于6年。法律、法规有专门规定的，依照其规定。
（是/否/不适用）


10
持续符合资质认定条件和技术能力的要求。
现有环境、设施满足通过资质认定的检验检测项目需要。
（2）现有仪器设备满足通过资质认定的检验检测项目需要。
（3）现有人员能够满足检验检测需要。
（4）应定期审查和完善管理体系，保证其基本条件和技术能力能够持续符合资质认定条件和要求，并确保质量管理措施有效实施。

（5）在环境、设施、设备及人员情况发生变化，不能持续符合资质认定要求时，不存在擅自对社会出具具有证明作用数据和结果的行为。
（是/否/不适用）


11
规范出具检验检测报告。
（1）按照相关标准和程序实施检验检测活动。
（2）原始记录与检验检测报告具有可溯源性。
（3）检验检测报告用语规范，依据明确；符合资质认定相关要求，符合合同约定要求。
（是/否/不适用）


12
正确使用资质认定标志、检验检测机构公章或检验检测专用章。
（1）机构应制定资质认定标志、检验检测机构公章或检验检测专用章的使用规定。
（2）在检验检测报告中正确使用资质认定标志以及加盖检验检测机构公章或检验检测专用章。
（3）不转让、出租、出借资质认定证书和标志；不伪造、变造、冒用资质认定证书和标志；不使用已失效、撤销、注销的资质认定证书和标志。
（4）不存在其他错误使用资质认定标志的行为。
（是/否/不适用）


13
不得出具不实检验检测数据、结果和报告的要求。
机构及相关人员是否存在以下出具不实检验检测数据、结果和报告的情形：
（1）样品的采集、标识、分发、流转、制备、保存、处置不符合标准等规定，存在样品污染、混淆、损毁、性状异常改变等情形；
（2）使用未经检定或者校准的仪器、设备、设施；
（3）违反国家有关强制性规定的检验检测规程或者方法；
（4）未按照标准等规定传输、保存原始数据和报告。
（是/否/不适用）


14
不得出具虚假检验检测数据、结果的要求。
机构及相关人员不得存在以下出具虚假检验检测数据、结果和报告的情形：
（1）未经检验检测；
（2）伪造、变造原始数据、记录，或者未按照标准等规定采用原始数据、记录；
（3）减少、遗漏或者变更标准等规定的应当检验检测的项目，或者改变关键检验检测条件；
（4）调换检验检测样品或者改变其原有状态进行检验检测；
（5）伪造检验检测机构公章或者检验检测专用章，或者伪造授权签字人签名或者签发时间。
（是/否/不适用）


15
规范实施分包。
（1）若存在分包需求，应制定有关分包规范实施的管理文件。
（2）实施分包的检验检测项目事先取得委托方的同意，分包给已经取得相关项目资质认定和能力的检验检测机构，并在检验检测报告中注明分包情况和承担分包项目的检验检测机构。
（3）与分包方签署的分包合同、分包方提供的完整报告应当归档，妥善保存。
（是/否/不适用）


16
机构情况发生变化时，及时办理有关变更手续。
（1）机构名称、地址、法人性质、法定代表人、最高管理者、技术负责人、授权签字人等内容发生变化时，是否及时向资质认定管理部门申请变更。
（2）资质认定检验检测项目取消、检验检测标准或方法等内容发生变更时，是否及时申请变更。
（是/否/不适用）


17
按要求上报开展检验检测活动以及统计数据、诚信档案等信息。
（1）制定按期向资质认定部门上报持续符合相应条件和要求、遵守从业规范、开展检验检测活动以及统计数据的制度，并按《检验检测统计调查制度》的要求，及时、准确地上报相关统计信息。
（2）归档保存历年上报的年度报告、统计数据，检查资质认定部门网上系统本机构提交数据的情况。
（是/否/不适用）


18
参加能力验证和技术比对。
制定制度，按要求参加能力验证和技术比对。检查本机构参加能力验证和技术比对的情况和结果。
（是/否/不适用）
"""

OPTION_TEXT = "（是/否/不适用）"


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist("2025")


def _seed_lines() -> list[str]:
    return [line for line in SEED_TABLE.split("\n") if line.strip()]


def test_file_is_utf8_json_and_newest_version():
    path = resource("checklists", "2025.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == "2025"
    assert "2025" in available_versions()
    assert load_checklist().version == available_versions()[-1]


def test_header(checklist):
    assert checklist.title == "2025年度资质认定检验检测机构自查表"
    assert checklist.source.notice == "同市监认证〔2025〕92号"
    assert checklist.source.attachment == "附件"
    assert checklist.source.date == "2025-09-09"
    assert checklist.question == "是否发现问题"
    assert checklist.answers_text == OPTION_TEXT
    assert len(checklist.notes) >= 3


def test_eighteen_items_numbered_in_order(checklist):
    assert [i.number for i in checklist.items] == list(range(1, 19))


def test_spot_checked_texts(checklist):
    assert checklist.item(1).content == "机构应为依法成立，能承担相应法律责任的法人单位或其他组织。"
    assert checklist.item(1).method_lines[0] == "检查法人证书、营业执照或授权文件："
    assert checklist.item(1).method_lines[-1] == "（6）机构如果已经依法终止，应向市场监督管理部门申请注销资质认定证书。"
    assert len(checklist.item(1).method_lines) == 7
    assert "不少于6年" in checklist.item(9).method
    assert checklist.item(4).content == "机构应遵守《反垄断法》相关规定"
    assert checklist.item(4).method_lines == [
        "具有竞争关系机构不得达成垄断协议。",
        "具有市场支配地位的机构，不得滥用市场支配地位，排除、限制竞争。",
        "是否具有或者可能具有排除、限制竞争效果的经营者集中。",
    ]
    assert checklist.item(10).method_lines[0] == "现有环境、设施满足通过资质认定的检验检测项目需要。"
    assert checklist.item(10).method_lines[1].startswith("（2）")
    assert len(checklist.item(10).method_lines) == 5
    assert checklist.item(18).content == "参加能力验证和技术比对。"
    assert checklist.item(18).method == "制定制度，按要求参加能力验证和技术比对。检查本机构参加能力验证和技术比对的情况和结果。"
    assert "“国家中心”" in checklist.item(3).method


def test_every_item_matches_the_seed_row_by_row(checklist):
    """Number, content, each method line and the option text, in the seed's order."""
    seed = _seed_lines()
    expected: list[str] = []
    for item in checklist.items:
        expected += [str(item.number), item.content, *item.method_lines]
        if item.answers_printed:
            expected.append(OPTION_TEXT)
    assert expected == seed


def test_answers_printed_everywhere_but_item_4(checklist):
    assert [i.number for i in checklist.items if not i.answers_printed] == [4]


def test_no_blank_or_padded_lines(checklist):
    for item in checklist.items:
        for line in [item.content, *item.method_lines]:
            assert line and line == line.strip(), (item.number, line)


def test_legal_basis_only_where_confirmed(checklist):
    with_basis = {i.number: [b.article for b in i.legal_basis] for i in checklist.items if i.legal_basis}
    assert with_basis == {7: ["第八条"], 8: ["第七条"], 13: ["第十三条"], 14: ["第十四条", "第二十六条"]}
    for item in checklist.items:
        for basis in item.legal_basis:
            assert "检验检测机构监督管理办法" in basis.law and "第39号" in basis.law


def test_answer_set(checklist):
    assert [(a.code, a.label, a.meaning) for a in checklist.answers] == [
        ("problem", "是", "发现问题"),
        ("no_problem", "否", "未发现问题"),
        ("na", "不适用", "不适用"),
    ]


def test_verdict_labels():
    assert [(v.value, v.label) for v in Verdict] == [
        ("problem", "发现问题"),
        ("no_problem", "未发现问题"),
        ("na", "不适用"),
        ("not_checked", "未检查"),
    ]
    assert Verdict("problem") is Verdict.PROBLEM


def test_info_fields(checklist):
    assert [(f.key, f.label) for f in checklist.basic_info] == [
        ("name", "法人单位名称"),
        ("address", "单位地址"),
        ("credit_code", "组织机构代码/社会信用代码"),
        ("legal_rep", "法定代表人"),
        ("legal_rep_phone", "法定代表人联系电话"),
        ("contact", "联系人"),
        ("contact_phone", "联系电话"),
    ]
    assert checklist.basic_info[0].note == "必须与营业执照或法人证书一致"
    assert [(f.key, f.label, f.type) for f in checklist.cma_info] == [
        ("authorized_name", "被授权机构名称", "text"),
        ("cma_cert_no", "证书编号", "text"),
        ("cma_issuer", "发证机关名称", "text"),
        ("cma_approved_on", "批准日期", "date"),
        ("cma_expires_on", "有效日期", "date"),
        ("top_manager", "最高管理者", "text"),
        ("top_manager_phone", "最高管理者联系电话", "phone"),
        ("tech_lead", "技术负责人", "text"),
        ("signatories", "授权签字人", "list"),
    ]


def test_info_keys_are_institution_fields(checklist):
    from dataclasses import fields

    from app.domain.registry import Institution

    names = {f.name for f in fields(Institution)}
    for field in checklist.basic_info + checklist.cma_info:
        assert field.key in names


def test_round_trip(checklist):
    data = checklist.to_json()
    assert Checklist.from_dict(data) == checklist
    on_disk = json.loads(resource("checklists", "2025.json").read_text(encoding="utf-8"))
    assert data == on_disk


def _refused(data, *words):
    with pytest.raises(InputRefused) as caught:
        Checklist.from_dict(data)
    for word in words:
        assert word in caught.value.message
    return caught.value


def test_refuses_missing_items(checklist):
    data = checklist.to_json()
    del data["items"]
    _refused(data, "items")
    data["items"] = []
    _refused(data, "items")


def test_refuses_gap_in_numbering(checklist):
    data = checklist.to_json()
    del data["items"][4]
    _refused(data, "number", "连续")


def test_refuses_unknown_answer_code(checklist):
    data = checklist.to_json()
    data["answers"][2]["code"] = "maybe"
    _refused(data, "answers")


def test_refuses_empty_method_and_missing_content(checklist):
    data = checklist.to_json()
    data["items"][0]["method"] = "  "
    _refused(data, "第 1 项", "method")
    data = checklist.to_json()
    del data["items"][2]["content"]
    _refused(data, "第 3 项", "content")


def test_refuses_bad_field_type_and_non_object():
    _refused([], "对象")
    data = copy.deepcopy(load_checklist("2025").to_json())
    data["cma_info"][0]["type"] = "colour"
    _refused(data, "cma_info", "type")


def test_unknown_version_lists_available():
    with pytest.raises(NotFound) as caught:
        load_checklist("1999")
    assert "1999" in caught.value.message
    assert "2025" in caught.value.message
