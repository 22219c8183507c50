"""Forms of the delegate pages (the filters are plain GET forms)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp


class ImportForm(FlaskForm):
    file = FileField(_l("Delegate list (CSV or XLSX)"), validators=[
        FileRequired(_l("Choose a file.")), FileAllowed(["csv", "xlsx"], _l("Upload a .csv or .xlsx file."))])
    # "" = each row names its point in a column; else the id of the point of the whole file.
    site = SelectField(_l("Bridge point of the list"), default="", validate_choice=True)


class ConfirmImportForm(FlaskForm):
    key = HiddenField(validators=[DataRequired(), Regexp(r"^[A-Za-z0-9_-]{16,64}$")])


class IssueForm(FlaskForm):
    """Issue the missing invitations (a button; CSRF only)."""


class LetterSettingsForm(FlaskForm):
    """What every Giấy mời of the ceremony shares: set once, printed on every letter."""

    number = StringField(_l("Letter number (Số)"), validators=[Optional(), Length(max=20)],
                         description=_l("Only the number, e.g. 125; blank leaves room for the clerk."))
    symbol = StringField(_l("Document symbol"), validators=[DataRequired(), Length(max=40)])
    letter_date = DateField(_l("Date on the letters"), validators=[Optional()])
    signer_authority = StringField(_l("Signing authority"), validators=[Length(max=60)])
    signer_title = StringField(_l("Signer's title"), validators=[Length(max=120)])
    signer_name = StringField(_l("Signer's name"), validators=[Length(max=120)])
