"""The checked-in migrations build the schema from nothing, agree with the models, and go back."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from ceremony.core.time import render_migration_item


def _diff(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                          "render_item": render_migration_item})
        return compare_metadata(context, db.metadata)


def test_migrations_build_the_schema_and_match_the_models(app, db):
    db.drop_all()
    upgrade()
    diff = _diff(db)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_one_head_so_flask_db_upgrade_needs_no_argument(app):
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    assert len(script.get_heads()) == 1, f"merge the heads: {script.get_heads()}"


def test_downgrade_to_nothing_and_up_again(app, db):
    db.drop_all()
    upgrade()
    downgrade(revision="base")
    with db.engine.connect() as conn:
        tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
    assert tables == set()
    upgrade()
    assert _diff(db) == []
