"""The audit trail records every change of the registered entities, generically, with its actor."""
from __future__ import annotations

import json

import sqlalchemy as sa

from ceremony.audit.models import AuditEntry
from ceremony.audit.tracking import acting_as


def _entries(db, **where):
    db.session.rollback()
    query = sa.select(AuditEntry).order_by(AuditEntry.id)
    for key, value in where.items():
        query = query.where(getattr(AuditEntry, key) == value)
    return list(db.session.scalars(query))


def test_a_token_creating_changing_and_deleting_a_segment_is_recorded_with_before_and_after(client, db, program,
                                                                                           api_headers, make_user):
    headers = api_headers("organizer")
    base = f"/api/v1/ceremonies/{program.id}/segments"
    created = client.post(base, headers=headers, json={"kind": "clip", "title": "Chiếu clip", "planned_minutes": 7})
    segment_id = created.get_json()["id"]
    assert client.patch(f"{base}/{segment_id}", headers=headers,
                        json={"title": "Chiếu phim tư liệu", "planned_minutes": 8}).status_code == 200
    assert client.delete(f"{base}/{segment_id}", headers=headers).status_code == 204

    trail = _entries(db, entity_type="segment", entity_id=str(segment_id))
    assert [e.action for e in trail] == ["create", "update", "delete"]
    assert {e.actor_kind for e in trail} == {"token"} and all(e.actor_label.endswith("@example.vn") for e in trail)
    assert all(e.ceremony_id == program.id for e in trail)
    update = json.loads(trail[1].changes)
    assert update == {"before": {"planned_minutes": 7, "title": "Chiếu clip"},
                      "after": {"planned_minutes": 8, "title": "Chiếu phim tư liệu"}}
    assert json.loads(trail[0].changes)["after"]["title"] == "Chiếu clip"
    assert json.loads(trail[2].changes)["before"]["title"] == "Chiếu phim tư liệu"
    assert trail[1].entity_label == "Chiếu phim tư liệu"


def test_a_person_logged_in_a_rollback_and_the_scheduler(app, client, db, program, login, csrf_headers):
    from ceremony.program.models import Segment

    user = login("organizer")
    segment = db.session.scalar(sa.select(Segment).where(Segment.ceremony_id == program.id).limit(1))
    response = client.patch(f"/api/v1/ceremonies/{program.id}/segments/{segment.id}", json={"planned_minutes": 11},
                            headers=csrf_headers())
    assert response.status_code == 200
    (entry,) = _entries(db, entity_type="segment", action="update")
    assert (entry.actor_kind, entry.actor_user_id, entry.actor_label) == ("user", user.id, user.email)

    segment = db.session.get(Segment, segment.id)
    segment.title = "đổi rồi hủy"
    db.session.flush()
    db.session.rollback()  # the change and its entry go together
    assert len(_entries(db, entity_type="segment", action="update")) == 1

    with acting_as("scheduler"):
        segment = db.session.get(Segment, segment.id)
        segment.script = "Lời dẫn mới"
        db.session.commit()
    last = _entries(db, entity_type="segment", action="update")[-1]
    assert (last.actor_kind, last.actor_label) == ("scheduler", "scheduler")
    segment.position = segment.position  # no real change: no entry
    db.session.commit()
    assert len(_entries(db, entity_type="segment", action="update")) == 2


def test_check_ins_by_hand_are_recorded_gate_scans_are_not(client, db, invited, api_headers):
    cid = invited.ceremony.id
    client.post(f"/api/v1/ceremonies/{cid}/checkins", headers=api_headers("checker"),
                json={"text": invited.token(0), "gate": "A", "device": "p", "nonce": "1"})
    operator = api_headers("operator", site_codes=["534"])
    assert client.post(f"/api/v1/ceremonies/{cid}/delegates/{invited.remote[0].id}/presence",
                       headers=operator).status_code == 200
    checkins = _entries(db, entity_type="checkin")
    assert len(checkins) == 1
    (entry,) = checkins
    assert entry.ceremony_id == cid and entry.action == "create" and entry.actor_kind == "token"
    assert json.loads(entry.changes)["after"]["method"] == "roster"
    assert json.loads(entry.changes)["after"]["delegate_id"] == invited.remote[0].id


def test_secrets_never_reach_the_trail(db, invited):
    from ceremony.invitations.models import Invitation

    entries = _entries(db, entity_type="invitation")
    assert entries and entries[0].actor_kind == "system"
    after = json.loads(entries[0].changes)["after"]
    assert "token" not in after and "key" not in after and after["delegate_id"] == invited.delegates[0].id
    invitation = db.session.get(Invitation, invited.invitations[0].id)
    assert invitation.token not in "".join(e.changes for e in _entries(db))


def test_every_domain_named_in_the_brief_is_audited(app):
    from ceremony.audit.tracking import REGISTRY

    assert {spec.entity_type for spec in REGISTRY.values()} >= {
        "ceremony", "site", "delegate", "invitation", "category", "window", "checklist", "segment", "checkin"}


def test_claims_by_update_statement_are_recorded_too(client, db, invited, clock):
    """A delegate sends a substitute from their own page (a link, no account): the original invitation is
    revoked by a conditional UPDATE, which bypasses the flush; the scheduler closes a window the same way."""
    from ceremony.readiness.escalation import close_window
    from ceremony.readiness.operations import ensure_defaults
    from ceremony.readiness.queries import phases

    token, original_id = invited.token(1), invited.invitations[1].id
    response = client.post(f"/i/{token}/substitute", data={"full_name": "Trần Văn Thay", "title": "Phó Giám đốc",
                                                           "phone": "0912 345 678"})
    assert response.status_code == 302
    (revoked,) = [e for e in _entries(db, entity_type="invitation", action="update")
                  if e.entity_id == str(original_id)]
    assert revoked.actor_kind == "link" and "/substitute" in revoked.actor_label
    assert revoked.ceremony_id == invited.ceremony.id
    change = json.loads(revoked.changes)
    assert change["before"]["revoked_at"] is None and change["after"]["rsvp_status"] == "substituted"
    assert "Trần Văn Thay" in change["after"]["revoked_reason"]
    heir = [e for e in _entries(db, entity_type="invitation")
            if json.loads(e.changes).get("after", {}).get("substitute_for_id") == original_id]
    assert len(heir) == 1 and heir[0].actor_kind == "link"

    ensure_defaults(invited.ceremony)
    db.session.commit()
    window = phases(invited.ceremony.id)[0]
    with acting_as("scheduler"):
        assert close_window(window, at=clock()) is not None
        db.session.commit()
        close_window(window, at=clock())  # already closed: claims nothing, records nothing
        db.session.commit()
    closed = [e for e in _entries(db, entity_type="window", action="update") if e.entity_id == str(window.id)]
    assert closed, [(e.entity_type, e.entity_id, e.action, e.changes) for e in _entries(db)][-5:]
    assert len(closed) == 1 and closed[0].actor_kind == "scheduler"
    assert json.loads(closed[0].changes)["before"] == {"closed_at": None}
