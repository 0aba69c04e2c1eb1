from django.db import migrations

from boligvei.core.migrations_support import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("housing", "0001_initial")]

    operations = [
        trigram_indexes(
            ("housing_dwelling_street_address_trgm", "housing_dwelling", "street_address"),
            ("housing_dwelling_postal_place_trgm", "housing_dwelling", "postal_place"),
        )
    ]
