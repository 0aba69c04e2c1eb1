"""Search folds accents and case (boligvei.lib.folding): names and the postal address folded, as
columns the database computes on every write (a service's save, an import's bulk insert, an
anonymisation's update alike), with trigram indexes that take over from those on UPPER(column).
The household's name keeps its UPPER index (search reads the members' names)."""

from django.db import migrations, models

import boligvei.core.search
from boligvei.core.migrations_support import fold_function, folded_trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0012_identity_number_conflicts")]

    operations = [
        fold_function(),
        migrations.AddField(
            model_name="household",
            name="address_line_folded",
            field=models.GeneratedField(db_persist=True, expression=boligvei.core.search.Folded("address_line"),
                                        output_field=models.TextField()),
        ),
        migrations.AddField(
            model_name="person",
            name="first_name_folded",
            field=models.GeneratedField(db_persist=True, expression=boligvei.core.search.Folded("first_name"),
                                        output_field=models.TextField()),
        ),
        migrations.AddField(
            model_name="person",
            name="last_name_folded",
            field=models.GeneratedField(db_persist=True, expression=boligvei.core.search.Folded("last_name"),
                                        output_field=models.TextField()),
        ),
        folded_trigram_indexes(
            replaces=(
                ("people_person_first_name_trgm", "people_person", "first_name"),
                ("people_person_last_name_trgm", "people_person", "last_name"),
                ("people_household_address_trgm", "people_household", "address_line"),
            ),
            indexes=(
                ("people_person_first_name_fold_trgm", "people_person", "first_name_folded"),
                ("people_person_last_name_fold_trgm", "people_person", "last_name_folded"),
                ("people_household_address_fold_trgm", "people_household", "address_line_folded"),
            ),
        ),
    ]
