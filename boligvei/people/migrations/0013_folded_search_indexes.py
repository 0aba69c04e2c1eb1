"""Search folds accents and case (boligvei.lib.folding): trigram indexes on the folded names and
postal address take over from those on UPPER(column). The household's name keeps its UPPER
index (nothing searches it folded: members' names cover it)."""

from django.db import migrations

from boligvei.core.migrations_support import folded_trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0012_identity_number_conflicts")]

    operations = [
        folded_trigram_indexes(
            replaces=(
                ("people_person_first_name_trgm", "people_person", "first_name"),
                ("people_person_last_name_trgm", "people_person", "last_name"),
                ("people_household_address_trgm", "people_household", "address_line"),
            ),
            indexes=(
                ("people_person_first_name_fold_trgm", "people_person", "first_name"),
                ("people_person_last_name_fold_trgm", "people_person", "last_name"),
                ("people_household_address_fold_trgm", "people_household", "address_line"),
            ),
        ),
    ]
