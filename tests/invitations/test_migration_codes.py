"""The 0005 migration gives every existing invitation a short code (unique per ceremony) and records
who replaced whom from the substitutions made before it."""
from datetime import datetime, timezone

import sqlalchemy as sa
from flask_migrate import upgrade

from ceremony.invitations.codes import is_valid

AT = datetime(2024, 9, 1, tzinfo=timezone.utc)


def _insert(conn, table_name: str, **values) -> None:
    """A row of the schema as it stands, with plain values for the required columns not given."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=conn)
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key:
            continue
        kind = column.type.python_type if hasattr(column.type, "python_type") else str
        values[column.name] = {bool: False, int: 0, datetime: AT}.get(kind, "")
    conn.execute(table.insert().values(**values))


def test_upgrade_fills_codes_and_substitutions(app, db):
    db.drop_all()
    upgrade(revision="0004_merge")
    with db.engine.begin() as conn:
        _insert(conn, "ceremonies", id=1, slug="c", title="Lễ", kind="app_launch", starts_at=AT, venue="IOC",
                host_unit="UBND", status="draft")
        _insert(conn, "sites", id=1, ceremony_id=1, code="51", name="Tỉnh", tier="province")
        for i in range(1, 4):
            _insert(conn, "people", id=i, full_name=f"Người {i}")
            _insert(conn, "delegates", id=i, ceremony_id=1, site_id=1, person_id=i)
        for i, (revoked, substitute_for) in enumerate([(True, None), (False, None), (False, 1)], 1):
            _insert(conn, "invitations", id=i, ceremony_id=1, delegate_id=i, serial=i, key=f"k{i}", token=f"t{i}",
                    rsvp_status="substituted" if revoked else "pending", revoked_at=AT if revoked else None,
                    substitute_for_id=substitute_for)
    upgrade()
    with db.engine.connect() as conn:
        found = conn.execute(sa.text("SELECT short_code FROM invitations ORDER BY id")).scalars().all()
        replaced = dict(conn.execute(sa.text("SELECT id, replaced_by_id FROM delegates ORDER BY id")).all())
    assert len(found) == len(set(found)) == 3 and all(is_valid(code) for code in found)
    assert replaced == {1: 3, 2: None, 3: None}
