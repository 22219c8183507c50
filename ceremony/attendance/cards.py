"""Who a scan names, as the gate sees them: the delegate's card and the invitation it was read from.

Read with one Core statement (invitation, delegate, person, unit, point and the substitute's name in
one join): a scan needs a dozen values, and building ORM objects with their joined relationships
costs several times what the database takes to find the row (``bench/checkin_cpu.py``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ceremony.delegates.models import Delegate, Organisation, Person
from ceremony.extensions import db
from ceremony.invitations.models import Invitation
from ceremony.sites.models import Site


@dataclass(frozen=True, slots=True)
class DelegateCard:
    """A delegate as a gate answer shows them (``payload``) and the live boards count them."""

    id: int
    ceremony_id: int
    site_id: int
    category_id: int | None
    is_vip: bool
    zone: str
    seat: str
    replaced_by_id: int | None
    name: str
    title: str
    unit: str
    site_code: str
    site_name: str
    site_tier: str
    substitute_name: str = ""  # the substitute's name when this delegate was replaced

    @classmethod
    def of(cls, delegate: Delegate) -> DelegateCard:
        """The card of an ORM delegate (the roster and a replayed scan already hold one)."""
        person, site = delegate.person, delegate.site
        substitute = delegate.replaced_by if delegate.replaced_by_id is not None else None
        return cls(delegate.id, delegate.ceremony_id, delegate.site_id, delegate.category_id, delegate.is_vip,
                   delegate.zone or "", delegate.seat or "", delegate.replaced_by_id, person.full_name,
                   person.title or "", person.organisation.name if person.organisation else "", site.code,
                   site.name, site.tier.value, substitute.person.full_name if substitute is not None else "")

    def payload(self) -> dict:
        """The delegate in an API answer (``DelegateBriefSchema``)."""
        return {"id": self.id, "name": self.name, "title": self.title, "unit": self.unit, "zone": self.zone,
                "seat": self.seat, "is_vip": self.is_vip,
                "site": {"id": self.site_id, "code": self.site_code, "name": self.site_name, "tier": self.site_tier}}


@dataclass(frozen=True, slots=True)
class InvitationRef:
    """The three values of an invitation a scan is judged by."""

    id: int
    ceremony_id: int
    revoked_at: datetime | None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


_D, _P, _O, _S, _I = (Delegate.__table__, Person.__table__, Organisation.__table__, Site.__table__,
                      Invitation.__table__)
_SUBSTITUTE, _SUBSTITUTE_PERSON = _D.alias("substitute"), _P.alias("substitute_person")
_CARD_COLUMNS = (_D.c.id, _D.c.ceremony_id, _D.c.site_id, _D.c.category_id, _D.c.is_vip, _D.c.zone, _D.c.seat,
                 _D.c.replaced_by_id, _P.c.full_name, _P.c.title, _O.c.name, _S.c.code, _S.c.name, _S.c.tier,
                 _SUBSTITUTE_PERSON.c.full_name)
_CARD_FROM = (_D.join(_P, _P.c.id == _D.c.person_id).outerjoin(_O, _O.c.id == _P.c.organisation_id)
              .join(_S, _S.c.id == _D.c.site_id)
              .outerjoin(_SUBSTITUTE, _SUBSTITUTE.c.id == _D.c.replaced_by_id)
              .outerjoin(_SUBSTITUTE_PERSON, _SUBSTITUTE_PERSON.c.id == _SUBSTITUTE.c.person_id))
_INVITATION_COLUMNS = (_I.c.id, _I.c.ceremony_id, _I.c.revoked_at)
_SCANNED = sa.select(*_INVITATION_COLUMNS, *_CARD_COLUMNS).select_from(_I.join(_CARD_FROM, _D.c.id == _I.c.delegate_id))
# Built once: building a select and its cache key costs more than SQLite takes to run it.
_BY_KEY = _SCANNED.where(_I.c.key == sa.bindparam("key"))
_BY_CODE = _SCANNED.where(_I.c.ceremony_id == sa.bindparam("ceremony_id"), _I.c.short_code == sa.bindparam("code"))
_CARD = sa.select(*_CARD_COLUMNS).select_from(_CARD_FROM).where(_D.c.id == sa.bindparam("delegate_id"))
_INVITATIONS_OF = (sa.select(*_INVITATION_COLUMNS).where(_I.c.delegate_id == sa.bindparam("delegate_id"))
                   .order_by(_I.c.id))


def _card(values) -> DelegateCard:
    (delegate_id, ceremony_id, site_id, category_id, is_vip, zone, seat, replaced_by_id, name, title, unit,
     site_code, site_name, tier, substitute_name) = values
    return DelegateCard(delegate_id, ceremony_id, site_id, category_id, bool(is_vip), zone or "", seat or "",
                        replaced_by_id, name, title or "", unit or "", site_code, site_name, tier.value,
                        substitute_name or "")


def _scanned(statement, params: dict) -> tuple[InvitationRef, DelegateCard] | None:
    row = db.session.connection().execute(statement, params).first()
    if row is None:
        return None
    return InvitationRef(*row[:3]), _card(row[3:])


def by_key(key: str) -> tuple[InvitationRef, DelegateCard] | None:
    """The invitation whose QR token carries ``key``, and its delegate's card."""
    return _scanned(_BY_KEY, {"key": key})


def by_code(ceremony_id: int, code: str) -> tuple[InvitationRef, DelegateCard] | None:
    """The invitation of ``ceremony_id`` with the short code ``code`` (cleaned), and its delegate's card."""
    return _scanned(_BY_CODE, {"ceremony_id": ceremony_id, "code": code})


def card(delegate_id: int) -> DelegateCard | None:
    row = db.session.connection().execute(_CARD, {"delegate_id": delegate_id}).first()
    return _card(row) if row is not None else None


def invitations_of(delegate_id: int) -> list[InvitationRef]:
    """A delegate's invitations, oldest first."""
    return [InvitationRef(*row) for row in db.session.connection().execute(_INVITATIONS_OF,
                                                                          {"delegate_id": delegate_id})]
