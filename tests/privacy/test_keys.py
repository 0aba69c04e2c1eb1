"""`boligvei rotate_keys` with real Fernet and HMAC keys."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command

from boligvei.core.models import AuditEvent
from boligvei.people.models import Person
from boligvei.people.selectors import person_by_identity_number
from tests.people.factories import PersonFactory

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture
def persons(settings, db):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    people = [PersonFactory() for _ in range(5)]
    PersonFactory(with_identity_number=False)  # no number: nothing to rotate
    return people


def _tokens():
    return list(Person.objects.exclude(identity_number_encrypted="").values_list("identity_number_encrypted", flat=True))


def test_every_number_is_re_encrypted_with_the_new_key_and_the_old_key_can_go(settings, persons, capsys):
    numbers = {person.pk: person.identity_number() for person in persons}
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    call_command("rotate_keys", "--batch-size=2")
    assert "Kryptert på nytt med den første nøkkelen: 5" in capsys.readouterr().out
    for token in _tokens():
        Fernet(NEW.encode()).decrypt(token.encode())  # the new key alone reads them
        with pytest.raises(InvalidToken):
            Fernet(OLD.encode()).decrypt(token.encode())
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    assert {p.pk: p.identity_number() for p in Person.objects.filter(pk__in=numbers)} == numbers
    assert AuditEvent.objects.get(action="privacy.rotate_keys").changes == {"numbers": 5, "reencrypted": 5,
                                                                            "rehashed": 0}


def test_a_second_run_and_a_dry_run_change_nothing(settings, persons, capsys):
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    before = _tokens()
    call_command("rotate_keys", "--dry-run")
    assert "5" in capsys.readouterr().out and _tokens() == before
    call_command("rotate_keys")
    after = _tokens()
    capsys.readouterr()
    call_command("rotate_keys")
    assert "Ingenting å gjøre" in capsys.readouterr().out and _tokens() == after
    assert AuditEvent.objects.filter(action="privacy.rotate_keys").count() == 1


def test_a_new_hash_key_is_taken_into_use_with_rehash(settings, persons):
    number = persons[0].identity_number()
    settings.IDENTITY_HASH_KEY = "a-new-hash-key-for-identity-number-search-0123456789"
    assert person_by_identity_number(number) is None  # searches miss until the hashes are renewed
    call_command("rotate_keys", "--rehash")
    assert person_by_identity_number(number) == persons[0]
    assert AuditEvent.objects.get(action="privacy.rotate_keys").changes["rehashed"] == 5
