"""Forms of a delegate's own invitation page."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TelField
from wtforms.validators import AnyOf, DataRequired, Length, Regexp


class RsvpForm(FlaskForm):
    answer = HiddenField(validators=[AnyOf(["attending", "declined"])])


class SubstituteForm(FlaskForm):
    full_name = StringField(_l("Full name of the substitute"), validators=[DataRequired(), Length(max=120)])
    title = StringField(_l("Title (position)"), validators=[Length(max=200)])
    phone = TelField(_l("Phone"), validators=[DataRequired(), Regexp(r"^\+?[0-9 .-]{8,20}$",
                                                                    message=_l("The telephone number is not valid; write it like 0912 345 678."))])
