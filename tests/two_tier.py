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


def two_tier_ceremony(slug: str = "qn-2025", **fields):
    """Create (and commit) a ceremony with the 2025 network and a category per tier."""
    defaults = dict(slug=slug, title="Lễ phát động phong trào chuyển đổi số 2026", kind="movement_launch",
                    starts_at=datetime(2026, 7, 15, 8, 0), ends_at=datetime(2026, 7, 15, 10, 0),
                    venue="Trung tâm IOC tỉnh Quảng Ngãi", host_unit="Ủy ban nhân dân tỉnh Quảng Ngãi")
    defaults.update(fields)
    ceremony = create_ceremony(**defaults)
    copy_network(ceremony, network_for(None, "2025", 51), provincial_venue=defaults["venue"])
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
