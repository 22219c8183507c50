"""Forms of the delegate pages (the filters are plain GET forms)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired, Regexp


class ImportForm(FlaskForm):
    file = FileField(_l("Delegate list (CSV or XLSX)"), validators=[
        FileRequired(_l("Choose a file.")), FileAllowed(["csv", "xlsx"], _l("Upload a .csv or .xlsx file."))])
    # "" = each row names its point in a column; else the id of the point of the whole file.
    site = SelectField(_l("Bridge point of the list"), default="", validate_choice=True)


class ConfirmImportForm(FlaskForm):
    key = HiddenField(validators=[DataRequired(), Regexp(r"^[A-Za-z0-9_-]{16,64}$")])


class IssueForm(FlaskForm):
    """Issue the missing invitations (a button; CSRF only)."""
