"""Import, invite and select 5,000 delegates, on SQLite or, with BENCH_PG=1, on PostgreSQL.

Run: .venv/bin/python bench/delegates.py [rows]   (add BENCH_PG=1 for PostgreSQL: a database of its own
on BENCH_PG_URL's server, default 127.0.0.1:5432, dropped afterwards; it never touches an existing one)

Prints the time to read the XLSX file, to check and insert every row (all or nothing), to issue the
invitations, and to select the delegates with their invitations for printing (Vietnamese order).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import own_postgres  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    if not os.environ.get("BENCH_PG"):
        run(n, f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
        return
    with own_postgres("delegates") as url:
        if url:
            run(n, url)


def run(n: int, url: str) -> None:
    from ceremony import create_app
    from ceremony.extensions import db
    from tests.delegates.conftest import make_rows, to_xlsx
    from tests.factories import SMALL_NETWORK_CSV

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}})
    with app.app_context():
        db.create_all()
        from ceremony.ceremonies.operations import create_ceremony
        from ceremony.delegates.importing import read_table
        from ceremony.delegates.models import CompositionCategory
        from ceremony.delegates.operations import import_delegates
        from ceremony.delegates.printing import badge_for, invited_selection
        from ceremony.delegates.queries import DelegateFilter
        from ceremony.invitations.operations import issue_invitations
        from ceremony.sites.models import Tier
        from ceremony.sites.operations import copy_network, import_network_csv

        ceremony = create_ceremony(slug="bench", title="Lễ khai trương", kind="app_launch",
                                   starts_at=datetime(2024, 9, 27, 8), ends_at=None, venue="Trung tâm IOC",
                                   host_unit="Ủy ban nhân dân tỉnh Quảng Ngãi")
        copy_network(ceremony, import_network_csv(SMALL_NETWORK_CSV, key="bench"), provincial_venue="IOC")
        for tier, code in [(Tier.province, "lanh-dao"), (Tier.district, "ubnd-huyen"), (Tier.commune, "ubnd-xa")]:
            db.session.add(CompositionCategory(ceremony_id=ceremony.id, tier=tier, code=code, name=code))
        db.session.commit()
        data = to_xlsx(make_rows(n))
        t0 = time.perf_counter()
        table = read_table("list.xlsx", data)
        t1 = time.perf_counter()
        import_delegates(ceremony.id, table)
        db.session.commit()
        t2 = time.perf_counter()
        issue_invitations(ceremony.id)
        db.session.commit()
        t3 = time.perf_counter()
        with app.test_request_context():
            badges = [badge_for(d, i) for d, i in invited_selection(DelegateFilter(ceremony.id))]
        t4 = time.perf_counter()
        backend = url.split(":", 1)[0]
        print(f"{n} delegates on {backend}: read XLSX {t1 - t0:.2f} s, check + insert {t2 - t1:.2f} s "
              f"({n / (t2 - t1):.0f} rows/s), issue invitations {t3 - t2:.2f} s, select for printing "
              f"{t4 - t3:.2f} s ({len(badges)} badges)")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
