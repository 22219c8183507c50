"""A ceremony on the 2025 two-tier Quảng Ngãi network (province → 96 communes and wards), for every
domain's tests of a two-tier ceremony."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from ceremony.ceremonies.operations import create_ceremony
from ceremony.delegates.models import CompositionCategory
from ceremony.extensions import db
from ceremony.sites.models import Site, Tier
from ceremony.sites.operations import copy_network, network_for

DUC_PHO = "21439"       # Phường Đức Phổ
LY_SON = "21548"        # Đặc khu Lý Sơn
CAM_THANH = "21025"     # Phường Cẩm Thành


def small_network(codes=(DUC_PHO, LY_SON, CAM_THANH)):
    """A two-tier network of the real 2025 province and a few of its communes (imported from CSV)."""
    from ceremony.sites import reference
    from ceremony.sites.operations import import_network_csv

    units = reference.province_units("2025", 51)
    lines = ["code,name,tier,parent_code", f"51,{units[0]['name']},province,"]
    lines += [f"{u['code']},{u['name']},commune,51" for u in units if u["code"] in codes]
    return import_network_csv("\n".join(lines) + "\n", key=f"qn-2025-{len(codes)}")


def two_tier_ceremony(slug: str = "qn-2025", *, small: bool = False, **fields):
    """Create (and commit) a ceremony with the 2025 network (``small``: the province and three
    communes) and a category per tier."""
    defaults = dict(slug=slug, title="Lễ phát động phong trào chuyển đổi số 2026", kind="movement_launch",
                    starts_at=datetime(2026, 7, 15, 8, 0), ends_at=datetime(2026, 7, 15, 10, 0),
                    venue="Trung tâm IOC tỉnh Quảng Ngãi", host_unit="Ủy ban nhân dân tỉnh Quảng Ngãi")
    defaults.update(fields)
    ceremony = create_ceremony(**defaults)
    network = small_network() if small else network_for(None, "2025", 51)
    copy_network(ceremony, network, provincial_venue=defaults["venue"])
    db.session.add_all([
        CompositionCategory(ceremony_id=ceremony.id, tier=Tier.province, code="lanh-dao-tinh",
                            name="Lãnh đạo tỉnh", protocol_rank=1),
        CompositionCategory(ceremony_id=ceremony.id, tier=Tier.commune, code="ubnd-xa",
                            name="Lãnh đạo UBND xã, phường", protocol_rank=10, colour="#7a1f1f"),
    ])
    db.session.commit()
    return ceremony


def site(ceremony, code: str) -> Site:
    return db.session.scalar(sa.select(Site).where(Site.ceremony_id == ceremony.id, Site.code == code))


def invite(ceremony, people):
    """Add and invite delegates: ``people`` = [(full_name, title, site code, category code, vip)]."""
    from ceremony.delegates.models import Delegate, Person
    from ceremony.invitations.operations import issue_invitation

    categories = {c.code: c for c in db.session.scalars(
        sa.select(CompositionCategory).where(CompositionCategory.ceremony_id == ceremony.id))}
    result = []
    for full_name, title, code, category, vip in people:
        delegate = Delegate(ceremony_id=ceremony.id, site_id=site(ceremony, code).id, is_vip=vip,
                            person=Person(full_name=full_name, title=title, phone="0912345678"),
                            category_id=categories[category].id)
        db.session.add(delegate)
        db.session.flush()
        result.append((delegate, issue_invitation(delegate)))
    db.session.commit()
    return result


PEOPLE = [("Nguyễn Thị Ánh Tuyết", "Phó Chủ tịch UBND tỉnh", "51", "lanh-dao-tinh", True),
          ("Võ Minh Quân", "Chủ tịch UBND phường Đức Phổ", DUC_PHO, "ubnd-xa", False),
          ("Huỳnh Thị Lan", "Chủ tịch UBND đặc khu Lý Sơn", LY_SON, "ubnd-xa", False)]
