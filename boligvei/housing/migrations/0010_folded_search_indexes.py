"""Search folds accents and case (boligvei.lib.folding): trigram indexes on the folded street
address and postal place take over from those on UPPER(column)."""

from django.db import migrations

from boligvei.core.migrations_support import folded_trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("housing", "0009_version")]

    operations = [
        folded_trigram_indexes(
            replaces=(
                ("housing_dwelling_street_address_trgm", "housing_dwelling", "street_address"),
                ("housing_dwelling_postal_place_trgm", "housing_dwelling", "postal_place"),
            ),
            indexes=(
                ("housing_dwelling_street_address_fold_trgm", "housing_dwelling", "street_address"),
                ("housing_dwelling_postal_place_fold_trgm", "housing_dwelling", "postal_place"),
            ),
        ),
    ]
