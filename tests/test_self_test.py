"""`spotcheck self-test`: every part of the installation used once in a temporary folder, each step reported;
and no Qt abort when there is no display to open the window on."""

from __future__ import annotations

import pytest

from tests.cli_helpers import call_main

STEPS = ["检查事项清单", "示例数据库", "签名密钥", "签署的记录 PDF", "验证签名", "Word 记录", "年度工作总结", "拼音排序",
         "界面翻译"]


def test_every_step_passes_on_this_installation(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SPOTCHECK_DATA_DIR", str(tmp_path / "data"))
    run = call_main(capsys, ["self-test", "--json"])
    steps = {s["step"]: s for s in run.json["steps"]}
    assert list(steps) == STEPS
    failed = {name: s["detail"] for name, s in steps.items() if not s["ok"]}
    assert failed == {}, failed
    assert steps["拼音排序"]["detail"] == "北京 < 重庆 < 中国"


def test_a_failing_step_is_named_and_the_others_still_run(capsys, tmp_path, monkeypatch):
    import app.services.summary as summary

    def broken(*args, **kwargs):
        raise RuntimeError("matplotlib 不在安装包中")

    monkeypatch.setenv("SPOTCHECK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(summary, "export", broken)
    run = call_main(capsys, ["self-test"])
    assert run.status == 1
    assert "[失败] 年度工作总结：matplotlib 不在安装包中" in run.stderr
    assert "[通过] 验证签名" in run.stderr and "[通过] 拼音排序" in run.stderr
    assert "自检未通过：年度工作总结" in run.stdout


@pytest.mark.skipif(__import__("sys").platform in ("win32", "darwin"), reason="Windows and macOS always have a display")
def test_no_display_is_said_in_words_not_a_qt_abort(capsys, tmp_path, monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    run = call_main(capsys, ["--db", str(tmp_path / "x.sqlite")])
    assert run.status == 1 and "没有可用的图形显示" in run.stderr
    assert not (tmp_path / "x.sqlite").exists()
