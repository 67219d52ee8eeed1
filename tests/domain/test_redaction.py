from domain.redaction import redact


def test_personal_data_is_masked_before_publication() -> None:
    text = "企业主要负责人张三（身份证530302198001011234，电话13912345678）对事故负主要责任，作业人员李小明违章作业。"
    published = redact(text)
    assert "张三" not in published and "张某" in published
    assert "李小明" not in published and "李某" in published
    assert "530302198001011234" not in published and "13912345678" not in published
    assert "对事故负主要责任" in published


def test_a_workshop_director_is_named_by_surname_only() -> None:
    assert redact("车间主任王小五未履行安全管理职责") == "车间主任王某未履行安全管理职责"
