"""Writes about delegates: import a list (all rows or none), add one delegate."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from ceremony.core.errors import RowError
from ceremony.core.wording import in_sentence
from ceremony.delegates.headers import missing_columns
from ceremony.delegates.importing import Table, clean_row, fold
from ceremony.delegates.problems import problem
from ceremony.delegates.models import CompositionCategory, Delegate, Organisation, Person
from ceremony.extensions import db
from ceremony.sites.models import Site


# The kind of unit before a point's name, dropped when a row names the point without it.
KIND_RE = re.compile(r"^\s*(tỉnh|thành phố|thị xã|thị trấn|huyện|quận|phường|xã|đặc khu)\s+", re.IGNORECASE)


@dataclass
class CheckedRow:
    """A row that passed every check, with the site and category it names."""

    row: int
    values: dict
    site: Site
    category: CompositionCategory | None


@dataclass
class ImportResult:
    rows: list[CheckedRow]
    errors: list[dict]
    ignored_columns: list[str] = field(default_factory=list)
    created: list[Delegate] = field(default_factory=list)
    dry_run: bool = True


def _identity_keys(phone: str, email: str, name: str, unit: str) -> list[tuple[str, str]]:
    keys = []
    if phone:
        keys.append(("phone", phone))
    if email:
        keys.append(("email", email.lower()))
    keys.append(("full_name", f"{name.casefold()}|{unit.casefold()}"))
    return keys


def _existing_identities(ceremony_id: int) -> dict[tuple[str, str], str]:
    """Phone, e-mail and name+unit of the ceremony's delegates → a description of who holds them."""
    rows = db.session.execute(
        sa.select(Person.full_name, Person.phone, Person.email, Organisation.name, Site.code)
        .join(Delegate, Delegate.person_id == Person.id)
        .join(Site, Site.id == Delegate.site_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(Delegate.ceremony_id == ceremony_id)
    )
    held = {}
    for name, phone, email, unit, site_code in rows:
        for key in _identity_keys(phone, email, name, unit or ""):
            held.setdefault(key, f"{name} ({site_code})")
    return held


def _site_finder(ceremony_id: int):
    """A point named in a row: by its code, else by its name ("Phường Đức Phổ", "phuong duc pho"),
    else by its name without the kind ("Đức Phổ") when only one point has it."""
    sites = list(db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony_id)))
    by_code = {s.code: s for s in sites}
    by_name: dict[str, list[Site]] = {}
    for site in sites:
        for key in {fold(site.name), fold(KIND_RE.sub("", site.name))}:
            by_name.setdefault(key, []).append(site)

    def find(text: str) -> Site | None:
        if text in by_code:
            return by_code[text]
        found = by_name.get(fold(text)) or by_name.get(fold(KIND_RE.sub("", text))) or []
        return found[0] if len(found) == 1 else None

    return find


def _category_finder(ceremony_id: int):
    """A category named in a row: by its code, else by its name (offices write "Lãnh đạo UBND xã"),
    the one of the row's tier when several share the name."""
    by_code, by_name = {}, {}
    for c in db.session.scalars(sa.select(CompositionCategory).where(CompositionCategory.ceremony_id == ceremony_id)):
        by_code[fold(c.code)] = c
        by_name.setdefault(fold(c.name), []).append(c)

    def find(text: str, site: Site | None) -> CompositionCategory | None:
        key = fold(text)
        if key in by_code:
            return by_code[key]
        found = by_name.get(key, [])
        if len(found) > 1 and site is not None:
            found = [c for c in found if c.tier == site.tier]
        return found[0] if len(found) == 1 else None

    return find


def header_errors(table: Table, *, need_site: bool) -> list[dict]:
    """Problems of the header line (a column twice, a required column missing), each on its line."""
    errors = list(table.errors)
    if table.columns is not None:
        errors += missing_columns(table.columns, table.header_row, need_site=need_site)
    return errors


class RowChecker:
    """Checks rows one at a time against the ceremony, remembering the rows already seen (a phone,
    an e-mail or a name+unit twice in one file is named at its second row).

    ``site``: the point of the whole file (an office's own list); without it each row names its point
    (code or name) in a column. Sites, categories and the people already invited are read once."""

    def __init__(self, ceremony_id: int, site: Site | None = None):
        self.fixed = site
        self.find_site = _site_finder(ceremony_id)
        self.find_category = _category_finder(ceremony_id)
        self.existing = _existing_identities(ceremony_id)
        self.seen: dict[tuple[str, str], int] = {}

    def check(self, number: int, values: dict) -> tuple[dict, Site | None, CompositionCategory | None, list[dict]]:
        """The cleaned row, its point and category, and every problem it has."""
        fixed = self.fixed
        row, row_errors = clean_row(number, values, need_site=fixed is None)
        named, column = (row["site_code"], "site_code") if row["site_code"] else (row["site_name"], "site_name")
        if fixed is not None:
            # A point column may repeat the chosen point; another point is a mistake to show.
            if named and self.find_site(named) is not fixed:
                row_errors.append(problem(number, column, "other_site", value=named, site=in_sentence(fixed.name)))
            site, row["site_code"] = fixed, fixed.code
        else:
            site = self.find_site(named) if named else None
            if named and site is None:
                row_errors.append(problem(number, column, "unknown_site", value=named))
            elif site is not None:
                row["site_code"] = site.code
        category = self.find_category(row["category"], site) if row["category"] else None
        if row["category"] and category is None:
            row_errors.append(problem(number, "category", "unknown_category", value=row["category"]))
        elif category is not None and site is not None and category.tier != site.tier:
            row_errors.append(problem(number, "category", "wrong_tier", value=category.code,
                                      category_tier=category.tier.value, site=site.code, site_tier=site.tier.value))
        if row["full_name"]:
            for key in _identity_keys(row["phone"], row["email"], row["full_name"], row["unit"]):
                name = key[0]
                if key in self.existing:
                    row_errors.append(problem(number, name, f"existing_{name}", who=self.existing[key]))
                elif key in self.seen:
                    row_errors.append(problem(number, name, f"duplicate_{name}", other=self.seen[key]))
                else:
                    self.seen[key] = number
        return row, site, category, row_errors


def validate_rows(ceremony_id: int, table: Table, site: Site | None = None) -> tuple[list[CheckedRow], list[dict]]:
    """Check every row against the ceremony; every problem of every row is reported.

    ``site``: the point of the whole file, else each row names its point (see ``RowChecker``). A
    header problem (a required column missing) is reported alone: rows cannot be read without it.
    """
    errors = header_errors(table, need_site=site is None)
    if errors:
        return [], errors
    checker = RowChecker(ceremony_id, site)
    checked, errors = [], []
    for number, values in table.rows:
        row, row_site, category, row_errors = checker.check(number, values)
        errors.extend(row_errors)
        if not row_errors:
            checked.append(CheckedRow(number, row, row_site, category))
    return checked, errors


def _organisation(name: str, cache: dict[str, Organisation]) -> Organisation | None:
    if not name:
        return None
    if name not in cache:
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == name))
        if org is None:
            org = Organisation(name=name)
            db.session.add(org)
        cache[name] = org
    return cache[name]


def add_delegate(ceremony_id: int, values: dict, site: Site, category: CompositionCategory | None,
                 organisations: dict | None = None) -> Delegate:
    """Invite a new person (as written: NFC, never re-cased) at ``site``."""
    org = _organisation(values.get("unit", ""), organisations if organisations is not None else {})
    person = Person(full_name=values["full_name"], title=values.get("title", ""), organisation=org,
                    phone=values.get("phone", ""), email=values.get("email", ""), gender=values.get("gender", ""))
    delegate = Delegate(ceremony_id=ceremony_id, site_id=site.id, person=person,
                        category_id=category.id if category else None, zone=values.get("zone", ""),
                        seat=values.get("seat", ""), is_vip=bool(values.get("vip")), role=values.get("role", ""))
    db.session.add(delegate)
    return delegate


def import_delegates(ceremony_id: int, table: Table, *, dry_run: bool = False,
                     site: Site | None = None) -> ImportResult:
    """Import a list whole or not at all: any bad row raises ``RowError`` naming every bad row.

    ``site``: the point of every row (the file is one office's list), else each row names its point."""
    checked, errors = validate_rows(ceremony_id, table, site)
    if errors:
        raise RowError(f"{len({e['row'] for e in errors})} bad row(s): nothing imported", errors)
    result = ImportResult(checked, [], table.ignored_columns, dry_run=dry_run)
    if dry_run:
        return result
    organisations: dict[str, Organisation] = {}
    for item in checked:
        result.created.append(add_delegate(ceremony_id, item.values, item.site, item.category, organisations))
    db.session.flush()
    return result
