"""The delegate's own invitation page (``/i/<token>``, no login): the ceremony, their point, seat and
zone, the program, RSVP (attend, decline, send a substitute) and an add-to-calendar file."""
from __future__ import annotations

import io
from datetime import timedelta

import qrcode
import qrcode.image.svg
import sqlalchemy as sa
from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from ceremony.core.errors import DomainError
from ceremony.extensions import db
from ceremony.invitations import rsvp
from ceremony.invitations.calendar import invitation_ics
from ceremony.invitations.forms import RsvpForm, SubstituteForm
from ceremony.invitations.tokens import invitation_url
from ceremony.program.models import Segment
from ceremony.sites.models import Tier

bp = Blueprint("invitations", __name__)


def _qr_svg(text: str) -> Markup:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return Markup(svg[svg.index("<svg"):])  # drop the XML declaration: the SVG goes inline


def _program(ceremony) -> list[tuple[Segment, object]]:
    """The segments in order with their planned start."""
    segments = list(db.session.scalars(sa.select(Segment).where(Segment.ceremony_id == ceremony.id)
                                       .order_by(Segment.position, Segment.id)))
    try:
        from ceremony.program.timing import plan
    except ImportError:
        plan = None
    if plan is not None:
        return [(slot.segment, slot.planned_start) for slot in plan(ceremony.starts_at, segments)]
    rows, start = [], ceremony.starts_at
    for segment in segments:
        rows.append((segment, start))
        start += timedelta(minutes=segment.planned_minutes or 0)
    return rows


def _place(invitation) -> tuple[str, str]:
    """(venue, address) where the delegate attends: the provincial venue or their bridge point."""
    ceremony, site = invitation.ceremony, invitation.delegate.site
    if site.tier is Tier.province:
        return ceremony.venue, ceremony.venue_address
    return site.venue or site.name, site.address


@bp.route("/i/<token>")
def public(token):
    invitation = rsvp.invitation_for_page(token)
    url = invitation_url(invitation.token)
    if invitation.is_revoked:
        substitute = rsvp.substitute_of(invitation)
        substitute_url = invitation_url(substitute.token) if substitute and not substitute.is_revoked else None
        return render_template("invitations/public_revoked.html", invitation=invitation, substitute=substitute,
                               substitute_url=substitute_url,
                               substitute_qr=_qr_svg(substitute_url) if substitute_url else None), 410
    venue, address = _place(invitation)
    return render_template("invitations/public_invitation.html", invitation=invitation, ceremony=invitation.ceremony,
                           delegate=invitation.delegate, venue=venue, address=address, url=url, qr=_qr_svg(url),
                           program=_program(invitation.ceremony), form=RsvpForm(),
                           substitute_of=invitation.substitute_for)


@bp.route("/i/<token>/rsvp", methods=["POST"])
def answer(token):
    invitation = rsvp.invitation_for_page(token)
    form = RsvpForm()
    if form.validate_on_submit():
        try:
            rsvp.respond(invitation, form.answer.data)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for(".public", token=invitation.token))
        db.session.commit()
        flash(_("Thank you: you will attend.") if form.answer.data == "attending"
              else _("Thank you: we noted that you cannot attend."), "info")
    else:
        flash(_("Please choose an answer."), "error")
    return redirect(url_for(".public", token=invitation.token))


@bp.route("/i/<token>/substitute", methods=["GET", "POST"])
def substitute(token):
    invitation = rsvp.invitation_for_page(token)
    if invitation.is_revoked:
        return redirect(url_for(".public", token=invitation.token))
    form = SubstituteForm()
    if form.validate_on_submit():
        try:
            rsvp.send_substitute(invitation, form.full_name.data, form.title.data, form.phone.data)
        except DomainError as error:
            db.session.rollback()
            if error.status == 409:  # replaced meanwhile (a double tap) or already checked in
                flash(error.message, "error")
                return redirect(url_for(".public", token=invitation.token))
            if error.status != 422:
                raise
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Your substitute is invited. Send them the link below."), "info")
            return redirect(url_for(".public", token=invitation.token))
    return render_template("invitations/public_substitute.html", invitation=invitation,
                           ceremony=invitation.ceremony, form=form), 200 if not form.errors else 422


@bp.route("/i/<token>/calendar.ics")
def calendar(token):
    invitation = rsvp.invitation_for_page(token)
    if invitation.is_revoked:
        return redirect(url_for(".public", token=invitation.token))
    venue, address = _place(invitation)
    body = invitation_ics(invitation, ", ".join(filter(None, [venue, address])), invitation_url(invitation.token))
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{invitation.ceremony.slug}.ics"'})
