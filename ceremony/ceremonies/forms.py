"""Forms for creating and editing a ceremony."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

KINDS = [SelectChoice("movement_launch", _l("Movement launch")), SelectChoice("app_launch", _l("Product launch")),
         SelectChoice("other", _l("Other ceremony"))]


class CeremonyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=KINDS)
    starts_at = DateTimeLocalField(_l("Starts (Vietnam time)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends (Vietnam time)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    venue = StringField(_l("Provincial venue"), validators=[DataRequired(), Length(max=300)])
    venue_address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    host_unit = StringField(_l("Host"), validators=[DataRequired(), Length(max=200)])
    implementing_unit = StringField(_l("Implemented by"), validators=[Optional(), Length(max=300)])
    issuing_unit = StringField(_l("Issues the invitations"), validators=[Optional(), Length(max=200)])
    plan_reference = StringField(_l("Plan"), validators=[Optional(), Length(max=200)])


class NewCeremonyForm(CeremonyForm):
    # "n:<id>" (an imported network) or "<set>:<province>" (built in: 2025 two-tier, 2023 three-tier)
    network = SelectField(_l("Bridge network"), validate_choice=False)  # checked by network_from_choice
