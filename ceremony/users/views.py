"""Pages: log in and out."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from ceremony.extensions import db
from ceremony.users.forms import LoginForm
from ceremony.users.operations import authenticate

bp = Blueprint("users", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            db.session.commit()
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
    logout_user()
    return redirect(url_for("users.login"))
