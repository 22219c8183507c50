"""Writes about unit reports: units, requests with due dates, submissions with files, the province's
review, and the reminder before / overdue flag after a due date (each once)."""
from __future__ import annotations

import hashlib
from collections import Counter
import re
import secrets
from datetime import timedelta

import sqlalchemy as sa

from ceremony.campaign.i18n import _
from ceremony.core.errors import Conflict, InvalidInput
from ceremony.core.storage import get_storage
from ceremony.core.time import local, now
from ceremony.core.wording import in_sentence
from ceremony.delegates.importing import normalise_text
from ceremony.extensions import db
from ceremony.reports import files as filecheck
from ceremony.reports.models import (ReportFile, ReportOverdue, ReportRequest, ReportStatus, ReportUnit, UnitKind,
                                     UnitReport)
from ceremony.sites.models import Site, Tier

UNIT_PREFIX = {Tier.district: "UBND", Tier.commune: "UBND"}


def ensure_site_units(ceremony) -> int:
    """A district or commune unit for every district and commune point that has none; returns how many."""
    have = set(db.session.scalars(sa.select(ReportUnit.site_id).where(ReportUnit.ceremony_id == ceremony.id,
                                                                      ReportUnit.site_id.is_not(None))))
    added = 0
    sites = list(db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony.id,
                                                          Site.tier.in_([Tier.district, Tier.commune]))
                                    .order_by(Site.position, Site.id)))
    names = Counter(site.name for site in sites)
    for site in sites:
        if site.id in have:
            continue
        kind = UnitKind.district if site.tier is Tier.district else UnitKind.commune
        # Two communes may share a name (Phường Nguyễn Nghiêm of Đức Phổ and of Quảng Ngãi): add the district.
        name = f"UBND {in_sentence(site.name)}" + (f" ({in_sentence(site.parent.name)})" if names[site.name] > 1 and site.parent else "")
        db.session.add(ReportUnit(ceremony_id=ceremony.id, kind=kind, name=name, site_id=site.id,
                                  email=site.operator_email, phone=site.operator_phone, position=1000 + site.position))
        added += 1
    db.session.flush()
    return added


def create_unit(ceremony, *, kind: str, name: str, email: str = "", phone: str = "") -> ReportUnit:
    """A department or sector unit (districts and communes come from the points)."""
    try:
        kind = UnitKind(kind)
    except ValueError:
        raise InvalidInput(_("unknown unit kind “%(value)s”", value=kind), field="kind") from None
    name = normalise_text(name)
    if not name:
        raise InvalidInput(_("the unit needs a name"), field="name")
    if db.session.scalar(sa.select(ReportUnit.id).where(ReportUnit.ceremony_id == ceremony.id, ReportUnit.name == name)):
        raise Conflict(_("the ceremony already has a unit “%(name)s”", name=name), field="name")
    position = db.session.scalar(sa.select(sa.func.count()).select_from(ReportUnit)
                                 .where(ReportUnit.ceremony_id == ceremony.id))
    unit = ReportUnit(ceremony_id=ceremony.id, kind=kind, name=name[:200], email=email.strip()[:200],
                      phone=phone.strip()[:30], position=position)
    db.session.add(unit)
    db.session.flush()
    return unit


def unit_link_nonce(unit: ReportUnit) -> str:
    if not unit.link_nonce:
        unit.link_nonce = secrets.token_urlsafe(16)[:22]
        db.session.flush()
    return unit.link_nonce


def create_request(ceremony, *, code: str, title: str, unit_kinds, due_offset_minutes: int, instructions: str = "",
                   remind_hours_before: int = 48) -> ReportRequest:
    """Ask the units of ``unit_kinds`` for a report due ``due_offset_minutes`` after the ceremony starts."""
    if not re.match(r"^[a-z0-9-]{1,40}$", code or ""):
        raise InvalidInput(_("the code is 1-40 characters a-z, 0-9 or -"), field="code")
    if not (title or "").strip():
        raise InvalidInput(_("a request needs a title"), field="title")
    try:
        kinds = [UnitKind(k).value for k in unit_kinds]
    except ValueError:
        raise InvalidInput(_("unit kinds are department, district, commune or sector"), field="unit_kinds") from None
    if not kinds:
        raise InvalidInput(_("name at least one kind of unit"), field="unit_kinds")
    if not 0 < due_offset_minutes <= 366 * 24 * 60:
        raise InvalidInput(_("a report is due after the ceremony, within a year"), field="due_offset_minutes")
    if not 0 <= remind_hours_before <= 24 * 30:
        raise InvalidInput(_("remind between 0 and 720 hours before"), field="remind_hours_before")
    if db.session.scalar(sa.select(ReportRequest.id).where(ReportRequest.ceremony_id == ceremony.id,
                                                           ReportRequest.code == code)):
        raise Conflict(_("the ceremony already has a request %(code)s", code=code), field="code")
    request = ReportRequest(ceremony_id=ceremony.id, code=code, title=title.strip()[:300], instructions=instructions,
                            unit_kinds="," + ",".join(dict.fromkeys(kinds)) + ",",
                            due_offset_minutes=due_offset_minutes, remind_hours_before=remind_hours_before)
    db.session.add(request)
    db.session.flush()
    return request


def submit_report(request: ReportRequest, unit: ReportUnit, *, text: str, uploads=(), submitted_by: str = "") -> UnitReport:
    """File (or correct) a unit's report: text and files (every file checked before any is stored).
    A report accepted by the province is closed; one sent back can be submitted again."""
    if unit.ceremony_id != request.ceremony_id or unit.kind not in request.kinds:
        raise InvalidInput(_("%(unit)s is not asked for this report", unit=unit.name), field="unit")
    uploads = list(uploads)
    if len(uploads) > filecheck.MAX_FILES:
        raise InvalidInput(_("at most %(n)s files per report", n=filecheck.MAX_FILES), field="files")
    checked = [(name, data, filecheck.check(name, data)) for name, data in uploads]
    text = (text or "").strip()
    report = db.session.scalar(sa.select(UnitReport).where(UnitReport.request_id == request.id,
                                                           UnitReport.unit_id == unit.id))
    if report is not None and report.status is ReportStatus.accepted:
        raise Conflict(_("the province already accepted this report"), field="status")
    if not text and not checked and not (report and report.files):
        raise InvalidInput(_("write the report or attach a file"), field="text")
    if len(text) > 50_000:
        raise InvalidInput(_("the text is longer than 50,000 characters"), field="text")
    if report is None:
        report = UnitReport(request_id=request.id, unit_id=unit.id, status=ReportStatus.submitted)
        db.session.add(report)
        db.session.flush()
    report.text, report.submitted_by, report.submitted_at = text, submitted_by[:200], now()
    report.status = ReportStatus.submitted
    report.is_late = report.submitted_at > request.due_at
    storage = get_storage()
    for name, data, kind in checked:
        digest = hashlib.sha256(data).hexdigest()
        key = f"reports/{request.ceremony_id}/{report.id}/{secrets.token_hex(8)}.{kind}"
        storage.put(key, data)
        report.files.append(ReportFile(filename=filecheck.safe_filename(name, kind), kind=kind, size=len(data),
                                       sha256=digest, storage_key=key, uploaded_at=report.submitted_at))
    db.session.flush()
    return report


def review_report(report: UnitReport, *, decision: str, comment: str = "", reviewed_by: str = "") -> UnitReport:
    """The province accepts a report or sends it back with a comment (required then)."""
    if decision not in ("accept", "return"):
        raise InvalidInput(_("decide accept or return"), field="decision")
    comment = (comment or "").strip()
    if decision == "return" and not comment:
        raise InvalidInput(_("say what to correct when sending a report back"), field="comment")
    if report.status is not ReportStatus.submitted:
        raise Conflict(_("only a submitted report can be reviewed"), field="status")
    report.status = ReportStatus.accepted if decision == "accept" else ReportStatus.returned
    report.review_comment, report.reviewed_by, report.reviewed_at = comment[:5000], reviewed_by[:200], now()
    db.session.flush()
    from ceremony.notifications.operations import queue_notification

    unit = report.unit
    if unit.email or unit.phone:
        verdict = "đã được tiếp nhận" if decision == "accept" else "bị trả lại để bổ sung"
        queue_notification(f"unitreport:{report.id}:review:{report.reviewed_at.isoformat()}", recipient=unit.name,
                           address=unit.email or unit.phone, subject=f"Báo cáo {verdict}: {report.request.title}",
                           body=f"Báo cáo của {in_sentence(unit.name)} {verdict}." + (f" Ý kiến: {comment}" if comment else ""))
    return report


def remind_and_flag(at=None) -> dict[str, int]:
    """Before a due date remind every unit that has not reported; after it flag each one overdue, once
    (a unique row and a notification dedupe key make reruns and two schedulers harmless)."""
    from ceremony.notifications.operations import insert_ignore, queue_notification
    from ceremony.reports.queries import expected_units

    at = at or now()
    counts = {"reminders": 0, "overdue": 0}
    for request in db.session.scalars(sa.select(ReportRequest)):
        due = request.due_at
        if at < due - timedelta(hours=request.remind_hours_before) or at > due + timedelta(days=30):
            continue
        reported = set(db.session.scalars(sa.select(UnitReport.unit_id).where(UnitReport.request_id == request.id)))
        deadline = local(due).strftime("%H:%M %d/%m/%Y")
        for unit in expected_units(request):
            if unit.id in reported:
                continue
            if at >= due:
                if not insert_ignore(ReportOverdue, dict(request_id=request.id, unit_id=unit.id, flagged_at=at)):
                    continue
                counts["overdue"] += 1
                kind, subject = "overdue", f"Quá hạn báo cáo: {request.title}"
            else:
                kind, subject = "reminder", f"Nhắc báo cáo: {request.title}"
            sent = queue_notification(f"unitreport:{request.id}:{unit.id}:{kind}", recipient=unit.name,
                                      address=unit.email or unit.phone, subject=subject,
                                      body=f"{unit.name} chưa gửi báo cáo “{request.title}”. Hạn chót: {deadline}.")
            if kind == "reminder" and sent:
                counts["reminders"] += 1
    db.session.flush()
    return counts
