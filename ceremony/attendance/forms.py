"""Forms of the roll call at remote points."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import DataRequired, InputRequired, NumberRange


class PresentForm(FlaskForm):
    delegate_id = HiddenField(validators=[DataRequired()])


class HeadcountForm(FlaskForm):
    count = IntegerField(_l("People in the hall"), validators=[InputRequired(), NumberRange(min=0, max=100000)])
