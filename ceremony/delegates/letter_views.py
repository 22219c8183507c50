"""Pages of the Giấy mời: the ceremony's letter settings (one number, date and signer for every
letter) and the letters as one streamed PDF, which never prints past a warning unseen."""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.errors import DomainError
from ceremony.delegates.forms import LetterSettingsForm
from ceremony.delegates.printing import letter_batch
from ceremony.delegates.views import bp, for_page, print_choices, print_filter
from ceremony.extensions import db
from ceremony.invitations.letter import stream_letters
from ceremony.invitations.operations import update_letter_settings
from ceremony.invitations.queries import letter_settings, letter_warnings

FIELDS = ("number", "symbol", "letter_date", "signer_authority", "signer_title", "signer_name")


def _page(ceremony, form=None, confirm_args=None, status=200):
    settings = letter_settings(ceremony.id)
    if form is None:
        form = LetterSettingsForm(data={f: getattr(settings, f) for f in FIELDS})
    return render_template("invitations/letters_index.html", settings=settings, form=form,
                           warnings=letter_warnings(ceremony, settings), confirm_args=confirm_args,
                           can_edit=current_user.has_role("organizer"), **print_choices(ceremony)), status


@bp.route("/ceremonies/<int:ceremony_id>/letters")
@roles_required("organizer", "operator")
def letters(ceremony_id):
    return _page(get_ceremony(ceremony_id))


@bp.route("/ceremonies/<int:ceremony_id>/letters/settings", methods=["POST"])
@roles_required("organizer")
def letter_settings_page(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    form = LetterSettingsForm()
    if not form.validate_on_submit():
        return _page(ceremony, form, status=422)
    try:
        update_letter_settings(ceremony.id, {f: getattr(form, f).data for f in FIELDS})
    except DomainError as error:
        db.session.rollback()
        getattr(form, error.field or "number").errors = [error.message]
        return _page(ceremony, form, status=error.status)
    db.session.commit()
    flash(_("Letter settings saved: every letter carries this number, date and signer."), "info")
    return redirect(url_for("delegates.letters", ceremony_id=ceremony.id))


@bp.route("/ceremonies/<int:ceremony_id>/letters.pdf")
@roles_required("organizer", "operator")
def letters_pdf(ceremony_id):
    """The Giấy mời of the chosen delegates as one PDF, streamed page by page. With a warning
    (blank signer, date after the event, ...) the page shows it first and prints on confirmation."""
    ceremony = get_ceremony(ceremony_id)
    f, args = print_filter(ceremony)
    try:
        batch = letter_batch(ceremony, f)
    except DomainError as error:
        raise for_page(error) from None
    if batch.warnings and request.args.get("confirm") != "1":
        confirm_args = {k: v for k, v in request.args.items() if k != "confirm"}
        return _page(ceremony, confirm_args=confirm_args, status=409)
    response = Response(stream_letters(batch.head, batch.letters), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="giay-moi-{ceremony.slug}.pdf"'
    if batch.warnings:
        response.headers["X-Letter-Warnings"] = ",".join(w["code"] for w in batch.warnings)
    return response
