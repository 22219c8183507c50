"""Forms: import a reference network, edit a bridge point."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp


class NetworkImportForm(FlaskForm):
    key = StringField(_l("Network name (key)"), validators=[DataRequired(), Length(max=80),
                                                            Regexp(r"^[a-z0-9-]+$", message=_l("Lowercase letters, digits and hyphens only."))])
    file = FileField(_l("CSV file (code,name,tier,parent_code)"), validators=[FileRequired()])


class SiteForm(FlaskForm):
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    operator_name = StringField(_l("Operator"), validators=[Optional(), Length(max=120)])
    operator_phone = StringField(_l("Operator phone"), validators=[Optional(), Length(max=30)])
    operator_email = EmailField(_l("Operator e-mail"), validators=[Optional(), Email(), Length(max=200)])


class BuiltinNetworkForm(FlaskForm):
    """One province of a built-in set; the choice reads ``<set>:<province code>``."""
    source = SelectField(_l("Province and set"), validators=[DataRequired()])


class ApplyNetworkForm(FlaskForm):
    """The network a ceremony takes its points from: ``n:<id>`` (imported) or ``<set>:<province>``."""
    source = SelectField(_l("Network"), validators=[DataRequired()])
