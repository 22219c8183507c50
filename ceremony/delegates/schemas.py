"""API shapes of delegates."""
import marshmallow as ma

from ceremony.core.paging import PageArgs, page_schema
from ceremony.sites.models import Tier


class DelegateSiteSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String(metadata={"example": "21550"})
    name = ma.fields.String(metadata={"example": "Huyện Đức Phổ"})
    tier = ma.fields.Enum(Tier, by_value=True)


class DelegateCategorySchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    colour = ma.fields.String(metadata={"example": "#c0392b"})


class DelegateSchema(ma.Schema):
    id = ma.fields.Integer()
    ceremony_id = ma.fields.Integer()
    full_name = ma.fields.String(attribute="person.full_name")
    honorific = ma.fields.String(attribute="person.honorific")
    title = ma.fields.String(attribute="person.title")
    unit = ma.fields.Function(lambda d: d.person.organisation.name if d.person.organisation else "",
                              metadata={"type": "string"})
    phone = ma.fields.String(attribute="person.phone")
    email = ma.fields.String(attribute="person.email")
    site = ma.fields.Nested(DelegateSiteSchema)
    category = ma.fields.Nested(DelegateCategorySchema, allow_none=True)
    zone = ma.fields.String()
    seat = ma.fields.String()
    is_vip = ma.fields.Boolean()
    role = ma.fields.String()
    replaced_by = ma.fields.Function(
        lambda d: {"id": d.replaced_by.id, "full_name": d.replaced_by.person.full_name} if d.replaced_by else None,
        metadata={"description": "the substitute sent in this delegate's place (their invitation is revoked)"})
    substitute_for = ma.fields.Function(
        lambda d: {"id": d.substitute_for.id, "full_name": d.substitute_for.person.full_name}
        if d.substitute_for else None, metadata={"description": "the delegate this one stands in for"})


MAX_DELEGATES_PER_PAGE = 500


class DelegateListArgs(PageArgs):
    per_page = ma.fields.Integer(load_default=100, validate=ma.validate.Range(min=1, max=MAX_DELEGATES_PER_PAGE),
                                 metadata={"description": "delegates per page (at most 500)"})
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=(2**31 - 1) // MAX_DELEGATES_PER_PAGE))
    site = ma.fields.String(metadata={"description": "bridge point code (or id)"})
    tier = ma.fields.Enum(Tier, by_value=True)
    category = ma.fields.String(metadata={"description": "composition category code"})
    vip = ma.fields.Boolean()
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=100),
                         metadata={"description": "part of a name or title (tones and case ignored), phone or unit"})
    order = ma.fields.String(load_default="name", validate=ma.validate.OneOf(["name", "site"]),
                             metadata={"description": "name: Vietnamese name order; site: by point, then name"})
    after = ma.fields.String(validate=ma.validate.Length(min=1, max=2000), metadata={
        "description": "keyset paging (name order only): the ``next`` cursor of the page before; the page "
                       "starts right after it, as fast at the end of the list as at its start. Without it: "
                       "offset paging by ``page``."})


class DelegatePageSchema(page_schema(DelegateSchema, "DelegatePageBase")):
    page = ma.fields.Integer(required=True, allow_none=True,
                             metadata={"description": "the page number; null when the page was asked by ``after``"})
    pages = ma.fields.Integer(required=True, metadata={"description": "how many pages of ``per_page`` the "
                                                                      "filtered list makes"})
    next = ma.fields.String(required=True, allow_none=True, metadata={
        "description": "the cursor of the following page in name order (pass it as ``after``); null on the "
                       "last page and when ordered by point"})


SITE_OF_FILE = dict(validate=ma.validate.Length(min=1, max=20), metadata={
    "description": "the bridge point (code or id) of every row: an office's own list without a point "
                   "column. Absent: each row names its point (code or name) in a column."})


class DelegateImportQueryArgs(ma.Schema):
    dry_run = ma.fields.Boolean(load_default=False, metadata={"description": "check only, write nothing"})
    site = ma.fields.String(**SITE_OF_FILE)
    background = ma.fields.Boolean(load_default=False, metadata={
        "description": "import the file by a job (HTTP 202) whatever its size; a file of more rows than the "
                       "server's IMPORT_SYNC_MAX_ROWS (2,000) always is"})


class DelegateImportJsonSchema(ma.Schema):
    rows = ma.fields.List(ma.fields.Dict(), required=True, validate=ma.validate.Length(min=1, max=20_000),
                          metadata={"description": "one object per delegate; keys: full_name (ho_ten), title "
                                                   "(chuc_vu), unit (don_vi), site_code (ma_diem_cau), category "
                                                   "(thanh_phan), phone (dien_thoai), email, zone (khu_vuc), seat "
                                                   "(ghe), vip, gender (gioi_tinh), role (vai_tro)"})
    dry_run = ma.fields.Boolean(load_default=False)
    site = ma.fields.String(**SITE_OF_FILE)


class ColumnTakenSchema(ma.Schema):
    field = ma.fields.String(metadata={"description": "full_name, title, unit, site_code, site_name, category, …"})
    header = ma.fields.String(metadata={"description": "the header as written in the file"})
    column = ma.fields.String(metadata={"description": "the spreadsheet column letter (A, B, …)"})


class DelegateImportResultSchema(ma.Schema):
    dry_run = ma.fields.Boolean()
    rows = ma.fields.Integer(metadata={"description": "rows read and accepted"})
    created = ma.fields.Integer()
    delegate_ids = ma.fields.List(ma.fields.Integer())
    ignored_columns = ma.fields.List(ma.fields.String())
    skipped_columns = ma.fields.List(ma.fields.String(), metadata={"description": "STT: the file's row numbers"})
    header_row = ma.fields.Integer(allow_none=True, metadata={"description": "the file's row holding the headers"})
    columns = ma.fields.List(ma.fields.Nested(ColumnTakenSchema), allow_none=True,
                             metadata={"description": "which column was taken for which field (files only)"})
    site = ma.fields.Dict(allow_none=True, metadata={"description": "the point of the whole file: {id, code, name}"})


class DelegateJobArgs(ma.Schema):
    errors_offset = ma.fields.Integer(load_default=0, validate=ma.validate.Range(min=0, max=2**31 - 1),
                                      metadata={"description": "first problem of `errors` to answer"})
    errors_limit = ma.fields.Integer(load_default=1000, validate=ma.validate.Range(min=0, max=10_000),
                                     metadata={"description": "how many problems of `errors` to answer"})


class DelegateJobSchema(ma.Schema):
    """A job of the delegates domain: an import of a big list, or the issue of the missing invitations."""

    id = ma.fields.Integer()
    ceremony_id = ma.fields.Integer()
    kind = ma.fields.String(metadata={"description": "import or invitations"})
    status = ma.fields.String(metadata={"description": "queued, checking (reading and checking every row), "
                                                       "checked (waiting for confirmDelegateJob), importing "
                                                       "(rows moved in by batches), done, refused (bad rows or "
                                                       "an unreadable file: nothing written), failed (an error "
                                                       "or a stopped worker: what it wrote was removed)"})
    dry_run = ma.fields.Boolean()
    rows_total = ma.fields.Integer(metadata={"description": "rows of the file (an estimate until checked), or "
                                                            "invitations to issue"})
    rows_done = ma.fields.Integer(metadata={"description": "rows checked, then rows written, of the current step"})
    percent = ma.fields.Integer(metadata={"description": "rows_done of rows_total, 0-100"})
    created = ma.fields.Integer(metadata={"description": "delegates (or invitations) written"})
    bad_rows = ma.fields.Integer()
    errors_total = ma.fields.Integer(metadata={"description": "problems found in all (every bad row is named)"})
    errors = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "a page of the problems (errors_offset, errors_limit): {row, field, code, params, reason}"})
    message = ma.fields.String()
    filename = ma.fields.String()
    columns = ma.fields.Dict(metadata={"description": "columns taken {columns, ignored, skipped, header_row}"})
    timings = ma.fields.Dict(metadata={"description": "seconds per step (check_s, insert_s, issue_s, total_s)"})
    created_at = ma.fields.AwareDateTime()
    started_at = ma.fields.AwareDateTime(allow_none=True)
    finished_at = ma.fields.AwareDateTime(allow_none=True)
    url = ma.fields.String(metadata={"description": "where to follow it (getDelegateJob)"})
