"""Factory fixtures with sensible defaults, for every domain's tests."""
from __future__ import annotations

from datetime import datetime

import pytest

from ceremony.ceremonies.operations import create_ceremony
from ceremony.sites.operations import copy_network, import_network_csv
from ceremony.users.operations import create_api_token, create_user

SMALL_NETWORK_CSV = """code,name,tier,parent_code
51,Tỉnh Quảng Ngãi,province,
522,Thành phố Quảng Ngãi,district,51
21010,Phường Lê Hồng Phong,commune,522
21013,Phường Trần Phú,commune,522
534,Thị xã Đức Phổ,district,51
21550,Phường Nguyễn Nghiêm,commune,534
21553,Xã Phổ An,commune,534
536,Huyện Lý Sơn,district,51
"""


@pytest.fixture
def make_ceremony(db):
    """Create a ceremony with its own small network (1 province, 3 districts, 4 communes)."""
    counter = {"n": 0}

    def make(network_csv: str = SMALL_NETWORK_CSV, **fields):
        counter["n"] += 1
        defaults = dict(slug=f"test-{counter['n']}", title="Lễ khai trương thử nghiệm", kind="app_launch",
                        starts_at=datetime(2024, 9, 27, 8, 0), ends_at=datetime(2024, 9, 27, 9, 0),
                        venue="Trung tâm IOC", host_unit="Ủy ban nhân dân tỉnh Quảng Ngãi")
        defaults.update(fields)
        ceremony = create_ceremony(**defaults)
        network = import_network_csv(network_csv, key=f"net-{counter['n']}")
        copy_network(ceremony, network, provincial_venue="Trung tâm IOC")
        db.session.commit()
        return ceremony

    return make


@pytest.fixture
def make_user(db):
    counter = {"n": 0}

    def make(role: str = "organizer", site_codes=(), password: str = "correct-horse", email=None):
        counter["n"] += 1
        user = create_user(email or f"user{counter['n']}@example.vn", role=role, password=password,
                           site_codes=site_codes)
        db.session.commit()
        return user

    return make


@pytest.fixture
def api_headers(db, make_user):
    """Bearer headers for a new user of the given role."""
    def make(role: str = "organizer", site_codes=()):
        user = make_user(role, site_codes)
        token = create_api_token(user)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def login(client, make_user):
    """Log a new user of the given role into the test client."""
    def do(role: str = "organizer", site_codes=()):
        user = make_user(role, site_codes)
        response = client.post("/login", data={"email": user.email, "password": "correct-horse"})
        assert response.status_code == 302, response.data
        return user

    return do


@pytest.fixture
def csrf_headers(app, client):
    """The ``X-CSRFToken`` header a page sends with the session cookie (the API refuses cookie writes
    without it)."""
    def make() -> dict:
        import secrets

        from itsdangerous import URLSafeTimedSerializer

        with client.session_transaction() as session:
            raw = session.setdefault("csrf_token", secrets.token_hex(20))
        return {"X-CSRFToken": URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw)}

    return make


@pytest.fixture
def demo(db, app):
    """The full demo (both real ceremonies). The first test of a process loads it and keeps a copy of
    the database (SQLite) or of every table's rows (PostgreSQL); later tests get that copy (the demo is
    the same every time it loads)."""
    import sqlalchemy as sa

    from ceremony.ceremonies.models import Ceremony
    from ceremony.demo import data
    from ceremony.demo.operations import load_demo
    from tests.conftest import _process_schema, restore_sqlite_template, save_sqlite_template, sqlite_path

    path = sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
    db.session.remove()
    if path is not None:
        db.engine.dispose()
    if restore_sqlite_template("demo", path) if path is not None else _process_schema().restore_template("demo"):
        return [db.session.scalar(sa.select(Ceremony).where(Ceremony.slug == spec["slug"]))
                for spec in data.CEREMONIES]
    ceremonies = load_demo()
    db.session.commit()
    if path is not None:
        save_sqlite_template("demo", path)
    else:
        _process_schema().save_template("demo")
    return ceremonies
