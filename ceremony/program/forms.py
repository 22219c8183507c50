"""Forms of the program builder and the director's console."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateTimeLocalField, IntegerField, SelectChoice, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ceremony.program.models import SegmentKind

KIND_LABELS = {
    "introduction": _l("Opening and introduction of delegates"), "approval": _l("Approval of the program"),
    "speech": _l("Speech"), "clip": _l("Video clip"), "launch": _l("Launch ritual"),
    "response": _l("Response speech"), "closing": _l("Closing"),
}


class SegmentForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k.value, KIND_LABELS[k.value]) for k in SegmentKind])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    planned_minutes = IntegerField(_l("Planned minutes"), default=5, validators=[NumberRange(0, 600)])
    is_fixed_time = BooleanField(_l("Fixed time"))
    fixed_start_at = DateTimeLocalField(_l("Fixed start (local time)"), format="%Y-%m-%dT%H:%M",
                                        validators=[Optional()])
    script = TextAreaField(_l("MC script"))
    control_cue = StringField(_l("Cue for the control room"), validators=[Length(max=300)])
    remote_cue = StringField(_l("Cue for the bridge points"), validators=[Length(max=300)])
    floor_site_id = SelectField(_l("Bridge point with the floor"), coerce=str, validate_choice=False)
    countdown_seconds = IntegerField(_l("Countdown (seconds)"), default=10, validators=[NumberRange(0, 120)])
    media_url = StringField(_l("Media link"), validators=[Optional(), Length(max=500)])


class DuplicateForm(FlaskForm):
    source_id = SelectField(_l("Copy the program of"), coerce=int, validate_choice=False)
    replace = BooleanField(_l("Replace the current program"))


class MediaForm(FlaskForm):
    media = FileField(_l("Media file"))
