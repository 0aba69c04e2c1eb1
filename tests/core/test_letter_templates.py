"""Versioned letter templates, shared by outreach and the decision letters."""

import pytest

from boligvei.cases.letters import template_errors
from boligvei.cases.models import DecisionLetterTemplate
from boligvei.core.errors import DomainError
from boligvei.core.letter_templates import template_version_save, templates_in_force
from boligvei.core.models import AuditEvent

SHIPPED = {"nb": {"title": "Vedtak", "body": "Hei, {{ navn }}!"}, "nn": {"title": "Vedtak", "body": "Hei, {{ navn }}!"}}


def _save(actor, **fields):
    return template_version_save(DecisionLetterTemplate, actor=actor, errors_of=template_errors,
                                 action="decision_template.save", **{"kind": "refused", "language": "nb",
                                                                     "title": "Avslag", "body": "Hei.", **fields})


def test_the_shipped_text_is_version_1_and_a_save_is_the_next_version(alice):
    assert {lang: t.number for lang, t in templates_in_force(DecisionLetterTemplate, "refused", SHIPPED).items()} == {
        "nb": 1, "nn": 1}
    version = _save(alice, body="  Hei, {{ navn }}.  ")
    assert (version.number, version.body, version.created_by) == (2, "Hei, {{ navn }}.", alice)
    assert templates_in_force(DecisionLetterTemplate, "refused", SHIPPED)["nb"] == version
    assert AuditEvent.objects.filter(action="decision_template.save").count() == 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"kind": "invitation"}, "Ukjent brevtype"), ({"language": "de"}, "Ukjent brevtype eller språk"),
    ({"body": "  "}, "både overskrift og tekst"), ({"title": "{{ x }}"}, "Ukjent flettefelt"),
])
def test_a_bad_template_is_refused_and_nothing_is_saved(alice, fields, message):
    with pytest.raises(DomainError, match=message):
        _save(alice, **fields)
    assert not DecisionLetterTemplate.objects.exists()
