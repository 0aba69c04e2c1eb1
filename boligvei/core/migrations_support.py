"""Migration helpers for PostgreSQL-only features, so that SQLite (the embedded default) skips them."""

from django.db import migrations


def _create_upper_trigram_index(schema_editor, name: str, table: str, column: str) -> None:
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}::text) gin_trgm_ops)")


def _drop_indexes(schema_editor, indexes) -> None:
    for name, _, _ in indexes:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def trigram_indexes(*indexes: tuple[str, str, str]) -> migrations.RunPython:
    """GIN trigram indexes on UPPER(column), which is what Django's `icontains` compares on
    PostgreSQL; they make substring search of names and addresses use an index.

    `indexes` are (index name, table, column).
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for index in indexes:
            _create_upper_trigram_index(schema_editor, *index)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            _drop_indexes(schema_editor, indexes)

    return migrations.RunPython(forwards, backwards, elidable=False)


def fold_function() -> migrations.RunPython:
    """PostgreSQL's `boligvei_fold` (boligvei.lib.folding), which the folded columns
    (`core.search.folded_column`) are computed with; before the columns are added. SQLite gets
    the function from Python on each connection."""
    from boligvei.lib.folding import FOLD_FUNCTION_SQL

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(FOLD_FUNCTION_SQL)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


def folded_trigram_indexes(*, indexes: tuple[tuple[str, str, str], ...],
                           replaces: tuple[tuple[str, str, str], ...] = ()) -> migrations.RunPython:
    """GIN trigram indexes on folded columns (`core.search.folded_column`), which is what
    `core.search.folded_contains` compares; `replaces` are the UPPER(column) trigram indexes they
    take over from (dropped; made again when the migration is reversed).

    `indexes` are (index name, table, folded column); `replaces` (index name, table, column).
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        _drop_indexes(schema_editor, replaces)
        for name, table, column in indexes:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        _drop_indexes(schema_editor, indexes)
        for index in replaces:
            _create_upper_trigram_index(schema_editor, *index)

    return migrations.RunPython(forwards, backwards, elidable=False)
