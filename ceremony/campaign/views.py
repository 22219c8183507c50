"""Pages: the teams of the points (list, add, edit, import), campaigns and their live progress, and the
phone page a member or the point's operator records citizens guided on (works offline)."""
from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ceremony.campaign import access, charts, operations, queries
from ceremony.campaign.models import TeamLevel
from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required, user_covers_site
from ceremony.core.errors import DomainError
from ceremony.core.nav import ceremony_nav, overview_panel
from ceremony.core.paging import paginate
from ceremony.core.time import local, now
from ceremony.extensions import db
from ceremony.live.sse import sse_response
from ceremony.sites.queries import get_site, get_site_by_code, list_sites

bp = Blueprint("campaign", __name__)
ceremony_nav(bp, _l("Teams"), "campaign.teams", order=82)
ceremony_nav(bp, _l("Campaigns"), "campaign.index", order=84)
LEVEL_LABELS = {"province": _l("Province"), "district": _l("District"), "commune": _l("Commune"),
                "village": _l("Village")}


def _panel(ceremony) -> dict:
    rows = []
    for campaign in queries.list_campaigns(ceremony.id):
        rows.append((campaign, queries.progress(campaign)["totals"]))
    return {"rows": rows}


overview_panel(bp, "campaign/_panel.html", _panel, order=82)


def _flash_error(error: DomainError) -> None:
    db.session.rollback()
    flash(error.message, "error")
    for detail in error.details[:50]:
        flash(_("Row %(row)s, %(field)s: %(reason)s", row=detail["row"], field=detail["field"],
                reason=detail["reason"]), "error")


def _covered(site) -> None:
    if not user_covers_site(current_user, site):
        abort(403)


@bp.route("/ceremonies/<int:ceremony_id>/teams")
@roles_required()
def teams(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    visible = access.visible_site_ids(ceremony.id, current_user)
    code = request.args.get("site", "")
    site = get_site_by_code(ceremony.id, code) if code else None
    page = paginate(queries.members_query(ceremony.id, visible, site.id if site else None),
                    max(request.args.get("page", 1, type=int), 1), 200)
    sites = [s for s in list_sites(ceremony.id) if visible is None or s.id in visible]
    return render_template("campaign/teams.html", ceremony=ceremony, members=page["items"], page=page, sites=sites,
                           site=site, levels=[lv.value for lv in TeamLevel], level_labels=LEVEL_LABELS,
                           campaigns=queries.list_campaigns(ceremony.id))


@bp.route("/ceremonies/<int:ceremony_id>/teams/add", methods=["POST"])
@roles_required("organizer", "operator")
def add_member(ceremony_id):
    get_ceremony(ceremony_id)
    form = request.form
    try:
        site = get_site_by_code(ceremony_id, form.get("site_code", ""))
        _covered(site)
        member = operations.create_member(site, full_name=form.get("full_name", ""), phone=form.get("phone", ""),
                                          role=form.get("role", ""), level=form.get("level") or None,
                                          village=form.get("village", ""))
    except DomainError as error:
        _flash_error(error)
    else:
        db.session.commit()
        flash(_("%(name)s added to the team.", name=member.full_name), "success")
    return redirect(url_for("campaign.teams", ceremony_id=ceremony_id, site=form.get("site_code", "")))


@bp.route("/ceremonies/<int:ceremony_id>/teams/<int:member_id>", methods=["POST"])
@roles_required("organizer", "operator")
def edit_member(ceremony_id, member_id):
    member = queries.get_member(ceremony_id, member_id)
    _covered(member.site)
    code = member.site.code
    try:
        if request.form.get("action") == "delete":
            operations.delete_member(member)
            message = _("Member removed.")
        else:
            operations.update_member(member, **{k: request.form.get(k) for k in
                                                ("full_name", "phone", "role", "level", "village")})
            message = _("Member saved.")
    except DomainError as error:
        _flash_error(error)
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("campaign.teams", ceremony_id=ceremony_id, site=code))


@bp.route("/ceremonies/<int:ceremony_id>/teams/import", methods=["POST"])
@roles_required("organizer", "operator")
def import_members(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    code = request.form.get("site_code", "")
    try:
        site = get_site_by_code(ceremony_id, code) if code else None
        if site is not None:
            _covered(site)
        elif not current_user.has_role("organizer"):
            abort(403)
        upload = request.files.get("file")
        members = operations.import_members(ceremony, upload.read() if upload else b"", site=site)
        for member in members:
            _covered(member.site)
    except DomainError as error:
        _flash_error(error)
    else:
        db.session.commit()
        flash(_("%(n)s members imported.", n=len(members)), "success")
    return redirect(url_for("campaign.teams", ceremony_id=ceremony_id, site=code))


@bp.route("/ceremonies/<int:ceremony_id>/teams/<int:member_id>/link")
@roles_required("organizer", "operator")
def member_link(ceremony_id, member_id):
    """The member's personal recording link (to send by SMS or Zalo)."""
    member = queries.get_member(ceremony_id, member_id)
    _covered(member.site)
    token = access.member_token(member)
    db.session.commit()
    return render_template("campaign/member_link.html", ceremony=get_ceremony(ceremony_id), member=member,
                           link=url_for("campaign.member_page", token=token, _external=True))


@bp.route("/ceremonies/<int:ceremony_id>/campaigns", methods=["GET", "POST"])
@roles_required()
def index(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    if request.method == "POST":
        if not current_user.has_role("organizer"):
            abort(403)
        try:
            from ceremony.followup.queries import get_task

            task_id = request.form.get("followup_task_id", type=int)
            operations.create_campaign(
                ceremony, code=request.form.get("code", ""), title=request.form.get("title", ""),
                target_per_member=request.form.get("target_per_member", 7, type=int),
                opens_offset_minutes=request.form.get("opens_offset_minutes", 0, type=int),
                closes_offset_minutes=request.form.get("closes_offset_minutes", 7 * 24 * 60, type=int),
                reminder_hour=request.form.get("reminder_hour", 17, type=int),
                followup_task=get_task(task_id, ceremony.id) if task_id else None)
        except DomainError as error:
            _flash_error(error)
        else:
            db.session.commit()
            flash(_("Campaign created."), "success")
        return redirect(url_for("campaign.index", ceremony_id=ceremony_id))
    from ceremony.followup.queries import list_tasks

    return render_template("campaign/index.html", ceremony=ceremony, campaigns=queries.list_campaigns(ceremony.id),
                           tasks=list_tasks(ceremony.id))


def _progress_context(ceremony, campaign) -> dict:
    data = queries.progress(campaign, access.visible_site_ids(ceremony.id, current_user))
    return {"ceremony": ceremony, "campaign": campaign, "data": data, "charts": charts.page_charts(data),
            "level_labels": LEVEL_LABELS}


@bp.route("/ceremonies/<int:ceremony_id>/campaigns/<int:campaign_id>")
@roles_required()
def progress(ceremony_id, campaign_id):
    ceremony = get_ceremony(ceremony_id)
    campaign = queries.get_campaign(ceremony.id, campaign_id)
    return render_template("campaign/progress.html", **_progress_context(ceremony, campaign))


@bp.route("/ceremonies/<int:ceremony_id>/campaigns/<int:campaign_id>/fragment")
@roles_required()
def progress_fragment(ceremony_id, campaign_id):
    """The totals, charts and tables alone, for the page to swap in when a record arrives."""
    ceremony = get_ceremony(ceremony_id)
    campaign = queries.get_campaign(ceremony.id, campaign_id)
    return render_template("campaign/_progress.html", **_progress_context(ceremony, campaign))


@bp.route("/ceremonies/<int:ceremony_id>/campaigns/<int:campaign_id>/stream")
@roles_required()
def stream(ceremony_id, campaign_id):
    """Server-sent events: one ``record`` event per record of this ceremony's campaigns."""
    queries.get_campaign(ceremony_id, campaign_id)
    return sse_response([operations.topic(ceremony_id)], initial=[("hello", {"campaign_id": campaign_id})],
                        accept=lambda m: m.data.get("campaign_id") == campaign_id)


@bp.route("/ceremonies/<int:ceremony_id>/campaigns/<int:campaign_id>/settings", methods=["POST"])
@roles_required("organizer")
def settings(ceremony_id, campaign_id):
    campaign = queries.get_campaign(ceremony_id, campaign_id)
    try:
        operations.update_campaign(
            campaign, title=request.form.get("title"),
            target_per_member=request.form.get("target_per_member", type=int),
            opens_offset_minutes=request.form.get("opens_offset_minutes", type=int),
            closes_offset_minutes=request.form.get("closes_offset_minutes", type=int),
            reminder_hour=request.form.get("reminder_hour", type=int))
    except DomainError as error:
        _flash_error(error)
    else:
        db.session.commit()
        flash(_("Campaign saved."), "success")
    return redirect(url_for("campaign.progress", ceremony_id=ceremony_id, campaign_id=campaign_id))


# --- the phone page ------------------------------------------------------------------------------

def _current_campaign(ceremony_id: int, campaign_id: int | None):
    if campaign_id:
        return queries.get_campaign(ceremony_id, campaign_id)
    campaigns = queries.list_campaigns(ceremony_id)
    at = now()
    open_now = [c for c in campaigns if c.opens_at <= at < c.closes_at + operations.GRACE]
    chosen = (open_now or campaigns[-1:] or [None])[0]
    if chosen is None:
        abort(404)
    return chosen


def _record_page(site, members, *, token: str = "", member_token: str = "", signed: str):
    ceremony = get_ceremony(site.ceremony_id)
    campaign = _current_campaign(ceremony.id, request.args.get("campaign", type=int))
    if request.method == "POST":  # without JavaScript: the form posts here
        form = request.form
        member = next((m for m in members if m.id == form.get("member_id", type=int)), None)
        try:
            if member is None:
                abort(400)
            guided_on = date.fromisoformat(form.get("guided_on")) if form.get("guided_on") else None
            operations.record_result(campaign, member, idempotency_key=form.get("idempotency_key", ""),
                                     guided_on=guided_on, count=form.get("count", 1, type=int),
                                     skills=form.getlist("skills"), has_consent=form.get("has_consent") == "on",
                                     citizen_name=form.get("citizen_name", ""),
                                     citizen_phone=form.get("citizen_phone", ""), recorded_by=signed)
        except ValueError:
            flash(_("The date is not valid."), "error")
        except DomainError as error:
            _flash_error(error)
        else:
            db.session.commit()
            flash(_("Recorded."), "success")
        return redirect(request.url)
    totals = queries.member_totals(campaign)
    return render_template("campaign/record.html", ceremony=ceremony, campaign=campaign, site=site, members=members,
                           totals=totals, token=token, member_token=member_token, idempotency_key=uuid.uuid4().hex,
                           today=local(now()).date(), days=operations.window_days(campaign),
                           recent=queries.recent_records(campaign, [m.id for m in members], 10))


@bp.route("/r/<token>/campaign", methods=["GET", "POST"])
def operator_record(token):
    """The point's operator link (the readiness site kit QR): record for any member of the point."""
    site = access.site_from_token(token)
    members = list(db.session.scalars(queries.members_query(site.ceremony_id, site_id=site.id)))
    return _record_page(site, members, token=token, signed=f"token:{site.code}")


@bp.route("/m/<token>", methods=["GET", "POST"])
def member_page(token):
    """A member's own link: record the citizens they guided."""
    member = access.member_from_token(token)
    return _record_page(member.site, [member], member_token=token, signed=f"member:{member.phone}")


@bp.route("/ceremonies/<int:ceremony_id>/campaign/sites/<int:site_id>/record", methods=["GET", "POST"])
@roles_required("organizer", "operator")
def account_record(ceremony_id, site_id):
    site = get_site(site_id, ceremony_id)
    _covered(site)
    members = list(db.session.scalars(queries.members_query(ceremony_id, site_id=site.id)))
    return _record_page(site, members, signed=current_user.email)


@bp.route("/campaign-sw.js")
def service_worker():
    """The recording page's service worker, served from the root so it may control /r/ and /m/ pages."""
    from flask import current_app

    response = current_app.send_static_file("campaign/record-sw.js")
    response.headers["Cache-Control"] = "no-cache"
    response.mimetype = "text/javascript"
    return response


@bp.app_template_filter("chart_svg")
def chart_svg(chart) -> str:
    """Inline SVG of a ``core.charts.BarChart`` (its text is escaped by the renderer)."""
    from markupsafe import Markup

    from ceremony.core.charts import svg

    return Markup(svg(chart))  # noqa: S704 - every label and title is escaped inside svg()
