"""API shapes of readiness."""
import marshmallow as ma

from ceremony.core.paging import PageArgs, page_schema
from ceremony.readiness.models import ItemKind, ItemState, PhaseKind, PointStatus
from ceremony.selftest.schemas import MeasurementOutSchema, MeasurementSchema


class AnswerSchema(ma.Schema):
    item = ma.fields.String(required=True, metadata={"description": "checklist item key"})
    state = ma.fields.Enum(ItemState, by_value=True, load_default=ItemState.unchecked)
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))
    value = ma.fields.String(load_default="", validate=ma.validate.Length(max=120),
                             metadata={"description": "a measured figure with its unit, e.g. '1280×720'"})
    is_measured = ma.fields.Boolean(load_default=False,
                                    metadata={"description": "filled in by the self-test (\"đo tự động\")"})


class CheckInArgs(ma.Schema):
    idempotency_key = ma.fields.String(required=True, validate=ma.validate.Length(min=8, max=64),
                                       metadata={"description": "made by the client once per report; a "
                                                                "resent report with the same key is stored once"})
    answers = ma.fields.List(ma.fields.Nested(AnswerSchema), load_default=list)
    bandwidth_mbps = ma.fields.Float(allow_none=True, load_default=None, validate=ma.validate.Range(min=0))
    headcount = ma.fields.Integer(allow_none=True, load_default=None, validate=ma.validate.Range(min=0))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=4000))
    observed_at = ma.fields.AwareDateTime(load_default=None, allow_none=True,
                                          metadata={"description": "when the operator filled it in (a report "
                                                                   "queued offline arrives later): files it "
                                                                   "in the window of that moment"})
    measurements = ma.fields.Nested(MeasurementSchema, load_default=None, allow_none=True,
                                    metadata={"description": "the self-test's figures (runSelfTest); an item "
                                                             "whose figure misses a threshold of the ceremony "
                                                             "is stored as a problem"})


class AnswerOutSchema(ma.Schema):
    item = ma.fields.String(attribute="item.key")
    label = ma.fields.String(attribute="item.label")
    state = ma.fields.Enum(ItemState, by_value=True)
    note = ma.fields.String()
    value = ma.fields.String()
    is_measured = ma.fields.Boolean()


class CheckInSchema(ma.Schema):
    id = ma.fields.Integer()
    site_id = ma.fields.Integer()
    phase = ma.fields.String(attribute="phase.key")
    status = ma.fields.Enum(PointStatus, by_value=True)
    idempotency_key = ma.fields.String()
    bandwidth_mbps = ma.fields.Float(allow_none=True)
    headcount = ma.fields.Integer(allow_none=True)
    note = ma.fields.String()
    reported_at = ma.fields.DateTime()
    reported_by = ma.fields.String()
    answers = ma.fields.List(ma.fields.Nested(AnswerOutSchema))
    measurement = ma.fields.Nested(MeasurementOutSchema, allow_none=True)


CheckInPageSchema = page_schema(CheckInSchema, "ReadinessCheckInPage")


class HeartbeatSchema(ma.Schema):
    site_id = ma.fields.Integer()
    last_seen_at = ma.fields.DateTime()


class ItemSchema(ma.Schema):
    id = ma.fields.Integer()
    key = ma.fields.String()
    label = ma.fields.String()
    kind = ma.fields.Enum(ItemKind, by_value=True)
    position = ma.fields.Integer()
    is_active = ma.fields.Boolean()


class PhaseSchema(ma.Schema):
    id = ma.fields.Integer()
    key = ma.fields.String()
    name = ma.fields.String()
    kind = ma.fields.Enum(PhaseKind, by_value=True)
    opens_at = ma.fields.DateTime()
    closes_at = ma.fields.DateTime()
    opens_offset_minutes = ma.fields.Integer(metadata={"description": "minutes from the start (T-120: -120)"})
    closes_offset_minutes = ma.fields.Integer()
    closed_at = ma.fields.DateTime(allow_none=True)


OFFSET = dict(validate=ma.validate.Range(min=-60 * 24 * 60, max=60 * 24 * 60))


class WindowUpdateSchema(ma.Schema):
    name = ma.fields.String(validate=ma.validate.Length(max=120))
    kind = ma.fields.String(validate=ma.validate.OneOf(["window", "live"]))
    opens_offset_minutes = ma.fields.Integer(**OFFSET, metadata={"description": "minutes from the start"})
    closes_offset_minutes = ma.fields.Integer(**OFFSET)


class WindowCreateSchema(WindowUpdateSchema):
    key = ma.fields.String(required=True, validate=ma.validate.Length(max=40))
    name = ma.fields.String(required=True, validate=ma.validate.Length(max=120))
    opens_offset_minutes = ma.fields.Integer(required=True, **OFFSET)
    closes_offset_minutes = ma.fields.Integer(required=True, **OFFSET)


class ItemUpdateSchema(ma.Schema):
    label = ma.fields.String(validate=ma.validate.Length(max=200))
    kind = ma.fields.String(validate=ma.validate.OneOf(["check", "bandwidth", "headcount", "note"]))
    position = ma.fields.Integer(validate=ma.validate.Range(min=0, max=10000))
    is_active = ma.fields.Boolean()


class ItemCreateSchema(ItemUpdateSchema):
    key = ma.fields.String(required=True, validate=ma.validate.Length(max=40))
    label = ma.fields.String(required=True, validate=ma.validate.Length(max=200))
    kind = ma.fields.String(load_default="check", validate=ma.validate.OneOf(["check", "bandwidth", "headcount", "note"]))


class ItemDeletedSchema(ma.Schema):
    removed = ma.fields.Boolean(metadata={"description": "false: it was answered in reports, so switched off"})


class BoardArgs(ma.Schema):
    phase = ma.fields.String(metadata={"description": "window key (default: the current one)"})
    status = ma.fields.String(validate=ma.validate.OneOf(["ready", "problem", "not_reported", "offline"]),
                              metadata={"description": "only tiles with this status"})
    parent = ma.fields.String(validate=ma.validate.Length(min=1, max=10), metadata={
        "description": "the code of the unit to draw (drill-down: a province, a district); default the root",
        "example": "51"})


class TileSchema(ma.Schema):
    site_id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    tier = ma.fields.String(validate=ma.validate.OneOf(["nation", "province", "district", "commune"]))
    parent_id = ma.fields.Integer(allow_none=True)
    status = ma.fields.String(validate=ma.validate.OneOf(["ready", "problem", "not_reported", "offline"]))
    last_report_at = ma.fields.String(allow_none=True)
    last_seen_at = ma.fields.String(allow_none=True)
    flagged = ma.fields.Boolean()
    figures = ma.fields.Dict(allow_none=True, metadata={"description": "the self-test figures of the latest "
                                                                      "check-in (download_mbps, rtt_ms, …)"})
    below = ma.fields.List(ma.fields.String(), metadata={"description": "figures that miss a threshold"})
    open_tickets = ma.fields.Integer(metadata={"description": "help-desk tickets not yet resolved"})


class GroupSchema(ma.Schema):
    site_id = ma.fields.Integer(allow_none=True)
    code = ma.fields.String()
    name = ma.fields.String()
    tiles = ma.fields.List(ma.fields.Nested(TileSchema))


class BoardUnitSchema(ma.Schema):
    """A unit drawn as its counts (a province on the national board), to drill into with ``parent``."""
    site_id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    tier = ma.fields.String(validate=ma.validate.OneOf(["nation", "province", "district", "commune"]))
    status = ma.fields.String(validate=ma.validate.OneOf(["ready", "problem", "not_reported", "offline"]),
                              metadata={"description": "the unit's own point"})
    points = ma.fields.Integer(metadata={"description": "points in its subtree, itself included"})
    units = ma.fields.Integer(metadata={"description": "units right under it"})
    counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(),
                            metadata={"description": "points of its subtree per status"})


class BoardPathSchema(ma.Schema):
    site_id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    tier = ma.fields.String()


class BoardSchema(ma.Schema):
    ceremony_id = ma.fields.Integer()
    at = ma.fields.String()
    phase = ma.fields.Dict(allow_none=True)
    counts = ma.fields.Dict(metadata={"description": "{total|nation|province|district|commune: {status: n}} over "
                                                     "the unit drawn (the whole network by default); nation only "
                                                     "on a nationwide network"})
    mode = ma.fields.String(validate=ma.validate.OneOf(["tiles", "units"]), metadata={
        "description": "tiles: every point of the unit is in groups; units: the unit is too big to draw, "
                       "its child units are in units with their counts"})
    scope = ma.fields.Nested(BoardUnitSchema, allow_none=True, metadata={"description": "the unit drawn"})
    path = ma.fields.List(ma.fields.Nested(BoardPathSchema), metadata={
        "description": "from the root down to the unit drawn (breadcrumbs)"})
    units = ma.fields.List(ma.fields.Nested(BoardUnitSchema))
    version = ma.fields.Integer(metadata={"description": "the board version this answer reflects; live deltas "
                                                         "carry the version they bring"})
    groups = ma.fields.List(ma.fields.Nested(GroupSchema))
    tiers = ma.fields.List(ma.fields.String(), metadata={
        "description": "the tiers the network has: [province, district, commune], or [province, commune] "
                       "on a two-tier (2025) network, where communes are grouped under the province"})
    heartbeat_timeout = ma.fields.Integer()


class HistoryArgs(PageArgs):
    pass
