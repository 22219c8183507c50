"""The checked-in migrations build the schema from nothing and agree with the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from ceremony.core.time import render_migration_item


def test_migrations_build_the_schema_and_match_the_models(app, db):
    db.drop_all()
    upgrade(revision="heads")
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                          "render_item": render_migration_item})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
