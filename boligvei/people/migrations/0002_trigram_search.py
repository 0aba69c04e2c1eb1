from django.db import migrations

from boligvei.core.migrations_support import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        trigram_indexes(
            ("people_person_first_name_trgm", "people_person", "first_name"),
            ("people_person_last_name_trgm", "people_person", "last_name"),
            ("people_household_name_trgm", "people_household", "name"),
            ("people_household_address_trgm", "people_household", "address_line"),
        )
    ]
