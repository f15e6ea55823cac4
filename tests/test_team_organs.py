"""The recusal notice names the organs the team's officers actually come from, not a generic 市场监督管理部门."""

from app.domain.organ import Organ, team_organs
from app.domain.registry import Department, Inspector


def officer(name, department, unit, cert="14020000001"):
    return Inspector(name=name, department=department, unit=unit, cert_no=cert)


ORGAN = Organ(name="大同市市场监督管理局", joint=("大同市公安局", "大同市生态环境局"))


def test_city_market_officers_name_the_organ_once():
    team = [officer("张三", Department.MARKET, "大同市市场监督管理局认证科"),
            officer("李四", Department.MARKET, "大同市市场监督管理局综合行政执法队", "14020000002")]
    assert team_organs(ORGAN, team) == ["大同市市场监督管理局"]


def test_joint_inspection_names_each_organ_in_team_order_organ_first():
    team = [officer("王五", Department.POLICE, "大同市公安局交通警察支队车辆管理所"),
            officer("张三", Department.MARKET, "大同市市场监督管理局认证科", "14020000002"),
            officer("赵六", Department.ECO, "大同市生态环境局监测科", "14020000003"),
            officer("钱七", Department.MARKET, "平城区市场监督管理局", "14021300001")]
    assert team_organs(ORGAN, team) == ["大同市市场监督管理局", "大同市公安局", "大同市生态环境局",
                                        "平城区市场监督管理局"]


def test_experts_are_not_officers_and_units_without_bureau_are_kept_whole():
    team = [Inspector(name="专家", department=Department.EXPERT, unit="山西大同大学化学与化工学院"),
            officer("孙八", Department.ECO, "某市环境监测站", "1")]
    assert team_organs(Organ(), team) == ["某市环境监测站"]


def test_officer_without_unit_belongs_to_the_organ_and_nothing_known_gives_nothing():
    assert team_organs(ORGAN, [officer("张三", Department.MARKET, "")]) == ["大同市市场监督管理局"]
    assert team_organs(Organ(), [officer("张三", Department.MARKET, "")]) == []
    assert team_organs(Organ(), []) == []
