"""Search folds accents and case (boligvei.lib.folding): the street address and postal place
folded, as columns the database computes on every write, with trigram indexes that take over
from those on UPPER(column)."""

from django.db import migrations, models

import boligvei.core.search
from boligvei.core.migrations_support import fold_function, folded_trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("housing", "0009_version")]

    operations = [
        fold_function(),
        migrations.AddField(
            model_name="dwelling",
            name="street_address_folded",
            field=models.GeneratedField(
                db_persist=True,
                expression=boligvei.core.search.Folded("street_address"),
                output_field=models.TextField(),
            ),
        ),
        migrations.AddField(
            model_name="dwelling",
            name="postal_place_folded",
            field=models.GeneratedField(
                db_persist=True,
                expression=boligvei.core.search.Folded("postal_place"),
                output_field=models.TextField(),
            ),
        ),
        folded_trigram_indexes(
            replaces=(
                ("housing_dwelling_street_address_trgm", "housing_dwelling", "street_address"),
                ("housing_dwelling_postal_place_trgm", "housing_dwelling", "postal_place"),
            ),
            indexes=(
                ("housing_dwelling_street_address_fold_trgm", "housing_dwelling", "street_address_folded"),
                ("housing_dwelling_postal_place_fold_trgm", "housing_dwelling", "postal_place_folded"),
            ),
        ),
    ]
