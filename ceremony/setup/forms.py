"""Forms for starting a ceremony from a past one or from a template."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

PART_LABELS = {
    "network": _l("Bridge points (with their venues and operators)"),
    "categories": _l("Composition categories"),
    "readiness": _l("Check-in windows and checklist"),
    "program": _l("Program segments"),
    "followup": _l("Follow-up tasks"),
}


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class _NewCeremony(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    starts_at = DateTimeLocalField(_l("Starts (Vietnam time)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Ends (Vietnam time)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])


class FromPastForm(_NewCeremony):
    source = SelectField(_l("Copy from"), coerce=int)
    copy = CheckboxesField(_l("What to copy"), choices=[SelectChoice(k, v) for k, v in PART_LABELS.items()],
                           default=list(PART_LABELS))
    # "n:<id>" or "<set>:<province>" as on the new-ceremony page (sites.queries.network_choices); "": none
    network = SelectField(_l("Bridge network (when the points are not copied)"), default="", validate_choice=False)
    venue = StringField(_l("Provincial venue (empty: as before)"), validators=[Optional(), Length(max=300)])


class FromTemplateForm(_NewCeremony):
    template = SelectField(_l("Template"))
    network = SelectField(_l("Bridge network"), validate_choice=False)  # checked by network_from_choice
    venue = StringField(_l("Provincial venue"), validators=[DataRequired(), Length(max=300)])
    venue_address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    host_unit = StringField(_l("Host"), validators=[DataRequired(), Length(max=200)])
    issuing_unit = StringField(_l("Issues the invitations"), validators=[Optional(), Length(max=200)])
