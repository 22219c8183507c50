from datetime import datetime

import pytest

from ceremony.ceremonies.models import CeremonyStatus
from ceremony.ceremonies.operations import change_status, create_ceremony
from ceremony.core.errors import Conflict, InvalidInput


def test_naive_start_is_vietnam_time_and_stored_utc(db):
    ceremony = create_ceremony(slug="x", title="Lễ", kind="app_launch", starts_at=datetime(2024, 9, 27, 8, 0),
                               venue="IOC", host_unit="UBND tỉnh")
    db.session.commit()
    db.session.expire_all()
    assert ceremony.starts_at.isoformat() == "2024-09-27T01:00:00+00:00"


def test_end_before_start_is_refused(db):
    with pytest.raises(InvalidInput) as caught:
        create_ceremony(slug="x", title="Lễ", kind="app_launch", starts_at=datetime(2024, 9, 27, 8, 0),
                        ends_at=datetime(2024, 9, 27, 7, 0), venue="IOC", host_unit="UBND tỉnh")
    assert caught.value.field == "ends_at"


def test_status_moves_forward_only(db, make_ceremony):
    ceremony = make_ceremony()
    change_status(ceremony, "published")
    change_status(ceremony, CeremonyStatus.live)
    with pytest.raises(Conflict):
        change_status(ceremony, "draft")
    change_status(ceremony, "closed")
    assert ceremony.status is CeremonyStatus.closed
