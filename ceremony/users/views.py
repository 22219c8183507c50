"""Pages: log in and out, change one's password, and (organizers) end every session of an account."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ceremony.core.auth import roles_required
from ceremony.core.errors import DomainError
from ceremony.extensions import db
from ceremony.users import operations
from ceremony.users.forms import EndSessionsForm, LoginForm, PasswordForm
from ceremony.users.throttle import TooManyAttempts

bp = Blueprint("users", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = operations.authenticate(form.email.data, form.password.data, request.remote_addr or "")
        except TooManyAttempts as error:
            db.session.commit()
            flash(error.message, "error")
            return render_template("users/login.html", form=form), 429, {"Retry-After": str(error.retry_after)}
        db.session.commit()  # the failure (or the forgiven failures) is kept either way
        if user is not None:
            login_user(user)
            target = request.args.get("next", "")
            # Only same-site paths: never bounce to another host.
            if not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
                target = url_for("ceremonies.index")
            return redirect(target)
        flash(_("Wrong e-mail or password."), "error")
    return render_template("users/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Ends the session here and every copy of its cookie (the account's session version moves on)."""
    operations.end_sessions(current_user._get_current_object())
    db.session.commit()
    logout_user()
    return redirect(url_for("users.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            operations.change_password(user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            login_user(user)  # this session goes on with the new version; every other one has ended
            flash(_("Password changed. Every other session of this account has ended."), "info")
            return redirect(url_for("ceremonies.index"))
    return render_template("users/password.html", form=form)


@bp.route("/users")
@roles_required("organizer")
def index():
    return render_template("users/index.html", users=operations.list_users(), form=EndSessionsForm())


@bp.route("/users/<int:user_id>/sessions/end", methods=["POST"])
@roles_required("organizer")
def end_sessions(user_id):
    user = operations.get_user(user_id)
    form = EndSessionsForm()
    if form.validate_on_submit():
        revoked = operations.end_sessions(user, revoke_tokens=form.revoke_tokens.data)
        db.session.commit()
        flash(_("Every session of %(email)s has ended (%(n)s API tokens revoked).", email=user.email, n=revoked),
              "info")
    if user.id == current_user.id:
        return redirect(url_for("users.login"))
    return redirect(url_for("users.index"))
