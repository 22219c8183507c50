"""Migration 0005 turns stored instants into offsets from the ceremony start, and back on downgrade."""
from datetime import datetime, timezone

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade


def _utc(value):
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def test_existing_rows_are_converted_both_ways(app, db):
    db.drop_all()
    upgrade(revision="0004_merge")
    sqlite = db.engine.dialect.name == "sqlite"

    def at(*args):
        value = datetime(*args, tzinfo=timezone.utc)
        return value.replace(tzinfo=None) if sqlite else value

    with db.engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO ceremonies (id, slug, title, kind, starts_at, timezone, venue, venue_address, host_unit, "
            "implementing_unit, issuing_unit, plan_reference, province_code, status, created_at) VALUES "
            "(1, 's', 'Lễ', 'other', :start, 'Asia/Ho_Chi_Minh', 'v', '', 'h', '', '', '', '', 'draft', :start)"),
            {"start": at(2024, 9, 27, 1, 0)})
        conn.execute(sa.text("INSERT INTO readiness_phases (id, ceremony_id, key, name, kind, opens_at, closes_at) "
                             "VALUES (1, 1, 't30', 'T-30', 'window', :o, :c)"),
                     {"o": at(2024, 9, 27, 0, 0), "c": at(2024, 9, 27, 0, 30)})
        conn.execute(sa.text("INSERT INTO followup_tasks (id, ceremony_id, code, title, instructions, tier, due_at, "
                             "metric_label, remind_hours_before) VALUES (1, 1, 'x', 'X', '', 'district', :d, '', 48)"),
                     {"d": at(2024, 10, 4, 10, 0)})
        conn.execute(sa.text("INSERT INTO segments (id, ceremony_id, position, kind, title, planned_minutes, script, "
                             "remote_cue, control_cue, is_fixed_time, fixed_start_at, countdown_seconds, media_url, "
                             "media_file) VALUES (1, 1, 0, 'launch', 'L', 5, '', '', '', :t, :f, 10, '', ''), "
                             "(2, 1, 1, 'closing', 'C', 5, '', '', '', :n, NULL, 10, '', '')"),
                     {"f": at(2024, 9, 27, 1, 40), "t": True, "n": False})
    upgrade()
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT opens_offset_minutes, closes_offset_minutes FROM readiness_phases")).one() \
            == (-60, -30)
        assert conn.execute(sa.text("SELECT due_offset_minutes, site_codes FROM followup_tasks")).one() == (7 * 1440 + 540, "")
        assert conn.execute(sa.text("SELECT fixed_start_offset_minutes FROM segments ORDER BY id")).all() == [(40,), (None,)]
    downgrade(revision="0004_merge")
    with db.engine.connect() as conn:
        opens, closes = conn.execute(sa.text("SELECT opens_at, closes_at FROM readiness_phases")).one()
        assert (_utc(opens), _utc(closes)) == (datetime(2024, 9, 27, 0, 0, tzinfo=timezone.utc),
                                               datetime(2024, 9, 27, 0, 30, tzinfo=timezone.utc))
        due = conn.execute(sa.text("SELECT due_at FROM followup_tasks")).scalar_one()
        assert _utc(due) == datetime(2024, 10, 4, 10, 0, tzinfo=timezone.utc)
        fixed = [row[0] for row in conn.execute(sa.text("SELECT fixed_start_at FROM segments ORDER BY id"))]
        assert _utc(fixed[0]) == datetime(2024, 9, 27, 1, 40, tzinfo=timezone.utc) and fixed[1] is None
    upgrade()
