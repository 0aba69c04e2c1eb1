import pytest
from django.db import connection

from boligvei.lib.folding import fold

# What a person types, and what the register spells (or the other way round): both fold alike.
PAIRS = [
    ("Wozniak", "Woźniak"), ("Muller", "Müller"), ("Jose", "José"), ("Sorensen", "Sørensen"),
    ("Baekkelund", "Bækkelund"), ("Asen", "Åsen"), ("Lukasz", "Łukasz"), ("Strasse", "Straße"),
    ("Dordevic", "Đorđević"), ("Bjork", "Björk"), ("Francois", "FRANÇOIS"), ("Ilker", "İlker"),
]


@pytest.mark.parametrize("typed, registered", PAIRS)
def test_a_name_without_its_accents_folds_as_the_name_with_them(typed, registered):
    assert fold(typed) == fold(registered) == typed.lower()


def test_norwegian_letters_fold_and_still_find_themselves():
    assert fold("Sørensen") == fold("SØRENSEN") == "sorensen"
    assert fold("Ærø Åsheim") == "aero asheim"


def test_other_scripts_are_kept_as_written_in_lower_case():
    assert fold("Иван") == "иван" and fold("محمد") == "محمد"


def test_aa_is_not_read_as_the_letter_aa():
    assert fold("Aasen") != fold("Åsen")


NAMES = ["Woźniak", "Müller", "José", "Sørensen", "Bækkelund", "ÆØÅ æøå", "Łukasz", "Straße", "ẞ", "Đorđević",
         "ðÐþÞħĦıœŒ", "İlker", "ﬁne", "Ｆｕｌｌ", "O'Neil", "Aas-Hansen", "Storgata 15 E", "Иван", "Ελένη", "100% _x\\y"]


@pytest.mark.django_db
def test_the_database_folds_as_python_does():
    """PostgreSQL's `boligvei_fold` (from the migration) and SQLite's (Python's, registered on the
    connection) give what `fold` gives."""
    with connection.cursor() as cursor:
        for name in NAMES:
            cursor.execute("SELECT boligvei_fold(%s)", [name])
            assert cursor.fetchone()[0] == fold(name), name
