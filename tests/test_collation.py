"""Names sort by pinyin, as people expect in a Chinese list (not by Unicode code point)."""

from app.domain.collation import sort_key, sorted_by_pinyin


def test_cities_sort_by_pinyin_not_code_point():
    names = ["浙江省计量院", "北京检测中心", "重庆长安检测", "上海质检院", "安徽检验所"]
    assert sorted_by_pinyin(names) == ["安徽检验所", "北京检测中心", "重庆长安检测", "上海质检院", "浙江省计量院"]


def test_polyphonic_character_read_in_its_phrase():
    # 重庆 is chong qing, so it sorts before 中国 (zhong guo); by single-character reading it would be zhong
    assert sorted_by_pinyin(["中国检测", "重庆检测"]) == ["重庆检测", "中国检测"]


def test_latin_letters_and_digits_sort_with_the_syllables_case_insensitively():
    assert sorted_by_pinyin(["中心", "SGS 通标", "abc实验室", "Bureau Veritas"]) == [
        "abc实验室", "Bureau Veritas", "SGS 通标", "中心"]


def test_same_reading_ordered_by_characters_and_empty_first():
    assert sort_key("") == "" and sort_key(None) == ""
    assert sort_key("张三") < sort_key("张三丰")
    assert sort_key("李力") != sort_key("李立")
