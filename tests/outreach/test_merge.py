import pytest

from boligvei.outreach.defaults import DEFAULTS
from boligvei.outreach.merge import FIELDS, fields_used, merge, template_errors


def test_known_fields_are_accepted_and_merged():
    text = "Hei, {{ navn }}! Ring {{saksbehandler}} på {{  saksbehandler_telefon }}."
    assert template_errors(text) == []
    assert fields_used(text) == ["navn", "saksbehandler", "saksbehandler_telefon"]
    assert merge(text, {"navn": "Kari", "saksbehandler": "Ola", "saksbehandler_telefon": "12345678"}) == (
        "Hei, Kari! Ring Ola på 12345678.")


def test_an_unknown_field_is_named_in_the_error():
    errors = template_errors("Hei, {{ nvan }}!")
    assert len(errors) == 1
    assert "«{{ nvan }}»" in errors[0] and "navn" in errors[0]


@pytest.mark.parametrize("text", ["Hei {{ navn }", "Hei {{navn}} og }}", "{{ {{ navn }} }}", "Hei {{"])
def test_stray_braces_are_refused(text):
    assert template_errors(text)


def test_a_value_that_looks_like_a_field_is_not_merged_again():
    assert merge("{{ navn }}", {"navn": "{{ kommune }}", "kommune": "X"}) == "{{ kommune }}"


@pytest.mark.parametrize("kind", sorted(DEFAULTS))
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_shipped_templates_use_only_known_fields(kind, language):
    text = DEFAULTS[kind][language]
    assert template_errors(text["title"]) == [] and template_errors(text["body"]) == []
    assert set(fields_used(text["body"])) <= set(FIELDS)
    assert "navn" in fields_used(text["body"])
