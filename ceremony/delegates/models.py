"""Organisations, people, composition categories and delegates."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, now
from ceremony.delegates.sorting import SEARCH_KEY_LENGTH, SORT_KEY_LENGTH, search_key, sort_key
from ceremony.delegates.trigram import INDEX_NAME as TRIGRAM_INDEX, create_trigram_index
from ceremony.extensions import db
from ceremony.sites.models import Tier


def KEY_STRING(length: int) -> sa.types.TypeEngine:
    """A string compared byte by byte: PostgreSQL's "C" collation, SQLite's default (BINARY)."""
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


class Organisation(db.Model):
    """A unit people belong to (Sở Nội vụ, UBND huyện Bình Sơn, Tỉnh đoàn, ...)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    short_name: Mapped[str] = mapped_column(sa.String(60), default="")
    # Protocol order when introducing delegates: Party, People's Council, Fatherland Front,
    # People's Committee, departments, mass organisations; lower comes first.
    protocol_rank: Mapped[int] = mapped_column(default=100)


class Person(db.Model):
    """Someone who can be invited; names kept as written (NFC), never re-cased."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    title: Mapped[str] = mapped_column(sa.String(200), default="")  # chức vụ
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    phone: Mapped[str] = mapped_column(sa.String(30), default="")
    email: Mapped[str] = mapped_column(sa.String(200), default="")
    gender: Mapped[str] = mapped_column(sa.String(1), default="")  # "M"/"F" for Ông/Bà, "" unknown

    organisation: Mapped[Organisation | None] = relationship()

    @property
    def honorific(self) -> str:
        return {"M": "Ông", "F": "Bà"}.get(self.gender, "Ông/Bà")


class CompositionCategory(db.Model):
    """A line of a plan's composition list (thành phần mời) for one tier of one ceremony."""

    __tablename__ = "composition_categories"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    tier: Mapped[Tier] = mapped_column(sa.Enum(Tier, native_enum=False, length=10))
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(300))
    protocol_rank: Mapped[int] = mapped_column(default=100)
    colour: Mapped[str] = mapped_column(sa.String(7), default="#1f4e79")
    position: Mapped[int] = mapped_column(default=0)


class Delegate(db.Model):
    """A person invited to one ceremony at one site, in one composition category."""

    __tablename__ = "delegates"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "person_id"),
                      sa.Index("ix_delegates_ceremony_sort_key", "ceremony_id", "sort_key", "id"),
                      sa.Index("ix_delegates_site_sort_key", "site_id", "sort_key", "id"),
                      sa.Index("ix_delegates_ceremony_search_key", "ceremony_id", "search_key"),
                      # Substring search: a GIN trigram index on PostgreSQL, written by ``trigram``
                      # (after the table); on SQLite an index that never holds a row (WHERE 0), so
                      # both databases carry the same schema and SQLite pays nothing on writes.
                      sa.Index(TRIGRAM_INDEX, "search_key", postgresql_using="gin",
                               postgresql_ops={"search_key": "gin_trgm_ops"},
                               sqlite_where=sa.text("0")).ddl_if(dialect="sqlite"),
                      # Who replaced whom, loaded with every page of a list: the few replaced ones only.
                      sa.Index("ix_delegates_replaced_by", "replaced_by_id",
                               postgresql_where=sa.text("replaced_by_id IS NOT NULL"),
                               sqlite_where=sa.text("replaced_by_id IS NOT NULL")))

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"))
    category_id: Mapped[int | None] = mapped_column(sa.ForeignKey("composition_categories.id"))
    zone: Mapped[str] = mapped_column(sa.String(60), default="")
    seat: Mapped[str] = mapped_column(sa.String(20), default="")
    is_vip: Mapped[bool] = mapped_column(default=False)
    role: Mapped[str] = mapped_column(sa.String(60), default="")  # speaker, launch, mc, ...
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    # The substitute sent in this delegate's place (cử người dự thay): set with the revocation of
    # this delegate's invitation, in the same transaction; such a delegate is never invited again.
    replaced_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("delegates.id", ondelete="SET NULL"))
    # The person's name in Vietnamese order (``sorting.sort_key``, compared bytewise) and their
    # folded name and title (``sorting.search_key``): written with the delegate and whenever the
    # person's name or title changes (events below), so lists are ordered, paged and searched in SQL.
    sort_key: Mapped[str] = mapped_column(KEY_STRING(SORT_KEY_LENGTH), default="")
    search_key: Mapped[str] = mapped_column(KEY_STRING(SEARCH_KEY_LENGTH), default="")

    person: Mapped[Person] = relationship()
    site = relationship("Site")
    category: Mapped[CompositionCategory | None] = relationship()
    replaced_by: Mapped[Delegate | None] = relationship(remote_side="Delegate.id", foreign_keys=[replaced_by_id])
    # The delegate this one stands in for, if they are a substitute (read only: set replaced_by).
    substitute_for: Mapped[Delegate | None] = relationship(foreign_keys=[replaced_by_id], uselist=False,
                                                           viewonly=True)


sa.event.listen(Delegate.__table__, "after_create", lambda _table, connection, **_kw: create_trigram_index(connection))


def _person_values(connection, delegate: Delegate) -> tuple[str, str]:
    person = delegate.__dict__.get("person")
    if person is not None:
        return person.full_name or "", person.title or ""
    people = Person.__table__
    row = connection.execute(sa.select(people.c.full_name, people.c.title)
                             .where(people.c.id == delegate.person_id)).one_or_none()
    return (row[0] or "", row[1] or "") if row else ("", "")


@sa.event.listens_for(Delegate, "before_insert")
@sa.event.listens_for(Delegate, "before_update")
def _delegate_keys(_mapper, connection, delegate: Delegate) -> None:
    """The stored keys of a delegate from its person, when written or moved to another person."""
    state = sa.inspect(delegate)
    if state.persistent and not state.attrs.person_id.history.has_changes() \
            and not state.attrs.person.history.has_changes():
        return
    name, title = _person_values(connection, delegate)
    delegate.sort_key, delegate.search_key = sort_key(name), search_key(name, title)


@sa.event.listens_for(Person, "after_update")
def _person_renamed(_mapper, connection, person: Person) -> None:
    """A person's new name or title reaches the keys of every delegate they are."""
    state = sa.inspect(person)
    if not (state.attrs.full_name.history.has_changes() or state.attrs.title.history.has_changes()):
        return
    connection.execute(sa.update(Delegate.__table__).where(Delegate.__table__.c.person_id == person.id)
                       .values(sort_key=sort_key(person.full_name), search_key=search_key(person.full_name,
                                                                                          person.title)))


class DelegateJob(db.Model):
    """A long piece of delegate work run outside the request: an import of a list (checked whole, then
    moved in by batches) or the issue of the missing invitations; its state is here so any worker can
    report it and the page's progress bar can follow it (``jobs.py``)."""

    __tablename__ = "delegate_jobs"
    __table_args__ = (sa.Index("ix_delegate_jobs_ceremony_status", "ceremony_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(20), default="import")  # import, invitations
    # queued → checking → (checked, when a confirmation is awaited) → importing → done;
    # refused: bad rows, nothing written; failed: an error or a dead worker, its rows removed.
    status: Mapped[str] = mapped_column(sa.String(20), default="queued")
    dry_run: Mapped[bool] = mapped_column(default=False)
    confirm_required: Mapped[bool] = mapped_column(default=False)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sites.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    staged_key: Mapped[str] = mapped_column(sa.String(80), default="")
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_done: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    bad_rows: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list] = mapped_column(sa.JSON(), default=list)  # every problem of every bad row
    message: Mapped[str] = mapped_column(sa.String(500), default="")
    columns: Mapped[dict] = mapped_column(sa.JSON(), default=dict)  # columns taken, ignored, header row
    timings: Mapped[dict] = mapped_column(sa.JSON(), default=dict)  # seconds per phase
    # Ids written so far, as [first, last] runs per table: what a failed job removes.
    written: Mapped[dict] = mapped_column(sa.JSON(), default=dict)
    requested_by: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    ACTIVE = ("queued", "checking", "importing")

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else (100 if self.status == "done" else 0)
