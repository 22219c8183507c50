"""Limits on what a request may upload, so one hostile file cannot exhaust a worker.

* the request body: ``MAX_CONTENT_LENGTH`` (default 10 MiB; ``CEREMONY_MAX_UPLOAD_MB``), larger only for
  the views marked ``@large_upload`` (program media: ``MAX_MEDIA_LENGTH``, ``CEREMONY_MAX_MEDIA_MB``);
  a bigger body is a 413 with a Vietnamese message;
* delegate lists (``@list_upload``): up to ``MAX_LIST_LENGTH`` (100 MiB; ``CEREMONY_MAX_LIST_MB``), a
  big one staged on disk and read by a background job;
* spreadsheet imports read rows through ``guarded_rows``: it counts every row *read*, blank ones too,
  refuses a NUL character or an oversize cell naming the row and column, and stops when the import's
  time budget is spent;
* an XLSX file is a zip: ``check_xlsx`` looks at its members (count, sizes, compression ratio) before
  openpyxl inflates anything.

Every refusal is an ``InvalidInput`` (422) or a 413 in the reader's language; nothing is kept.
"""
from __future__ import annotations

import csv
import io
import time
import zipfile

from flask import current_app, has_app_context, jsonify, render_template, request
from flask_babel import gettext as _

from ceremony.core.errors import InvalidInput

DEFAULTS = {
    "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
    "MAX_MEDIA_LENGTH": 500 * 1024 * 1024,
    "MAX_LIST_LENGTH": 100 * 1024 * 1024,   # a list of 300,000 delegates, read by a background job
    "IMPORT_MAX_LINES": 25_000,         # rows read, blank ones included (at most 20,000 delegates are kept)
    "IMPORT_MAX_CELL_CHARS": 2_000,     # the longest real field is 200 characters
    "IMPORT_TIME_BUDGET_SECONDS": 30,
    "XLSX_MAX_MEMBERS": 500,
    "XLSX_MAX_MEMBER_BYTES": 40 * 1024 * 1024,   # one inflated part (a sheet, the shared strings)
    "XLSX_MAX_TOTAL_BYTES": 80 * 1024 * 1024,
    "XLSX_MAX_RATIO": 100,              # inflated / compressed, for parts over 1 MiB inflated
}
clock = time.monotonic  # tests replace it: no sleeps


def setting(name: str) -> int:
    if has_app_context():
        return int(current_app.config.get(name) or DEFAULTS[name])
    return DEFAULTS[name]


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def guarded_rows(records, *, start: int = 1, max_lines: int | None = None, budget: float | None = None):
    """Yield the rows of ``records`` (lists of cells) while checking the limits of an import.

    ``max_lines`` and ``budget`` default to the limits of a request; a background import job (which
    reads a staged file, not a request body) passes its own."""
    max_lines = max_lines or setting("IMPORT_MAX_LINES")
    max_cell = setting("IMPORT_MAX_CELL_CHARS")
    budget = budget or setting("IMPORT_TIME_BUDGET_SECONDS")
    started = clock()
    number = start - 1
    records = iter(records)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. a field over the csv module's 131,072-character limit
            raise InvalidInput(_("Row %(row)s cannot be read (%(reason)s): the file is refused.",
                                 row=number + 1, reason=str(error)), field="file") from None
        number += 1
        if number - start + 1 > max_lines:
            raise InvalidInput(_("The file has more than %(n)s rows (blank rows count too): split it.",
                                 n=max_lines), field="file")
        if number % 500 == 0 and clock() - started > budget:
            raise InvalidInput(_("Reading the file took longer than %(s)s seconds: the file is refused.", s=budget),
                               field="file")
        for index, cell in enumerate(record):
            if isinstance(cell, str):
                if "\x00" in cell:
                    raise InvalidInput(_("Row %(row)s, column %(column)s: contains a NUL character (\\0).",
                                         row=number, column=_column(index)), field="file")
                if len(cell) > max_cell:
                    raise InvalidInput(_("Row %(row)s, column %(column)s: a cell of %(length)s characters "
                                         "(at most %(limit)s).", row=number, column=_column(index),
                                         length=len(cell), limit=max_cell), field="file")
        yield record


def check_xlsx(data: bytes) -> None:
    """Refuse an XLSX whose parts would inflate into too much memory, before openpyxl reads it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InvalidInput(_("The file is not a readable XLSX workbook."), field="file") from None
    if len(members) > setting("XLSX_MAX_MEMBERS"):
        raise InvalidInput(_("The XLSX file has too many parts (%(n)s).", n=len(members)), field="file")
    max_member, max_ratio = setting("XLSX_MAX_MEMBER_BYTES"), setting("XLSX_MAX_RATIO")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > max_member or (member.file_size > 1024 * 1024 and ratio > max_ratio):
            raise InvalidInput(_("The XLSX file inflates to %(mb)s MB in %(part)s (compressed %(ratio)s times): "
                                 "too large to read, the file is refused.", mb=member.file_size // (1024 * 1024),
                                 part=member.filename, ratio=int(ratio)), field="file")
    if total > setting("XLSX_MAX_TOTAL_BYTES"):
        raise InvalidInput(_("The XLSX file inflates to %(mb)s MB: too large to read, the file is refused.",
                             mb=total // (1024 * 1024)), field="file")


def large_upload(view):
    """Mark a view that takes files larger than ``MAX_CONTENT_LENGTH`` (up to ``MAX_MEDIA_LENGTH``)."""
    view.large_upload = True
    return view


def list_upload(view):
    """Mark a view that takes a list file of national size (up to ``MAX_LIST_LENGTH``): its rows are read
    by a background job from the staged file, never held as a request's table."""
    view.list_upload = True
    return view


def apply_request_limits() -> None:
    """Before anything reads the body (the CSRF check reads the form): the limit of this view."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "large_upload", False):
        request.max_content_length = setting("MAX_MEDIA_LENGTH")
    elif getattr(view, "list_upload", False):
        request.max_content_length = setting("MAX_LIST_LENGTH")


def too_large(error):
    limit = request.max_content_length or setting("MAX_CONTENT_LENGTH")
    message = _("The upload is too large: at most %(mb)s MB per request.", mb=round(limit / (1024 * 1024), 1))
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify({"code": 413, "status": "Request Entity Too Large", "message": message,
                        "field": "file"}), 413
    return render_template("errors/error.html", status=413, message=message), 413


def init_app(app) -> None:
    """Registered before the CSRF check, which reads the form."""
    if not app.config.get("MAX_CONTENT_LENGTH"):  # Flask's own default is no limit at all
        app.config["MAX_CONTENT_LENGTH"] = DEFAULTS["MAX_CONTENT_LENGTH"]
    app.before_request(apply_request_limits)
    app.register_error_handler(413, too_large)
