from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import NumberRange, Optional


class ReportForm(FlaskForm):
    value = IntegerField(_l("Figure"), validators=[Optional(), NumberRange(min=0)])
    note = TextAreaField(_l("Note"), validators=[Optional()])
