"""Readiness fixtures: a small ceremony with the default checklist and windows, and a reporter."""
from __future__ import annotations

import uuid

import pytest

from ceremony.readiness.defaults import CHECKLIST
from ceremony.readiness.operations import ensure_defaults, record_checkin
from ceremony.sites.queries import get_site_by_code

ALL_OK = [{"item": key, "state": "ok"} for key, _label, kind in CHECKLIST if kind.value != "note"]


@pytest.fixture
def ready_ceremony(db, make_ceremony):
    """The small 1+3+4 network with the default checklist and windows (starts 01:00 UTC)."""
    ceremony = make_ceremony()
    ensure_defaults(ceremony)
    db.session.commit()
    return ceremony


@pytest.fixture
def report(db):
    """Record (and commit) a check-in of the point with ``code``; all items ok unless told."""
    def do(ceremony, code, answers=None, key=None, **fields):
        site = get_site_by_code(ceremony.id, code)
        checkin, created = record_checkin(site, idempotency_key=key or uuid.uuid4().hex,
                                          answers=ALL_OK if answers is None else answers, **fields)
        db.session.commit()
        return checkin, created

    return do
