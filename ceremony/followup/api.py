"""JSON API: follow-up tasks and the points' reports."""
import marshmallow as ma
from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import api_user, require_api_roles, user_covers_site
from ceremony.core.errors import Forbidden, InvalidInput
from ceremony.core.paging import id_field
from ceremony.extensions import db
from ceremony.followup import operations, queries
from ceremony.sites.models import Tier
from ceremony.sites.queries import get_site, get_site_by_code

blp = Blueprint("followup_api", __name__, description="Follow-up after the ceremony")


class TaskSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String()
    title = ma.fields.String()
    instructions = ma.fields.String()
    tier = ma.fields.Enum(Tier, by_value=True, metadata={"description": "which points report"})
    due_at = ma.fields.AwareDateTime()
    due_offset_minutes = ma.fields.Integer(metadata={"description": "minutes after the ceremony start"})
    remind_hours_before = ma.fields.Integer()
    remind_at = ma.fields.AwareDateTime()
    site_codes = ma.fields.Function(lambda t: t.codes)
    metric_label = ma.fields.String()
    summary = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())


class TaskListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(TaskSchema))


class ReportIn(ma.Schema):
    site_id = id_field()
    site_code = ma.fields.String(validate=ma.validate.Length(max=10))
    value = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(min=0, max=10**9))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))


class ReportOut(ma.Schema):
    site_id = ma.fields.Integer()
    value = ma.fields.Integer(allow_none=True)
    note = ma.fields.String()
    submitted_at = ma.fields.AwareDateTime()
    is_late = ma.fields.Boolean()


@blp.route("/ceremonies/<int:ceremony_id>/followups")
@blp.response(200, TaskListSchema)
@blp.doc(operationId="listFollowups")
@require_api_roles()
def list_followups(ceremony_id):
    """The ceremony's follow-up tasks with how many points reported, late, missing or overdue."""
    get_ceremony(ceremony_id)
    tasks = queries.list_tasks(ceremony_id)
    for task in tasks:
        task.summary = queries.summary(task)
    return {"items": tasks}


@blp.route("/ceremonies/<int:ceremony_id>/followups/<int:task_id>/reports", methods=["POST"])
@blp.arguments(ReportIn)
@blp.response(200, ReportOut)
@blp.doc(operationId="submitFollowupReport")
@require_api_roles("organizer", "operator")
def submit_report(body, ceremony_id, task_id):
    """Report (or correct) a point's result on a task; operators only for their own points."""
    ceremony = get_ceremony(ceremony_id)
    task = queries.get_task(task_id, ceremony.id)
    if "site_id" in body:
        site = get_site(body["site_id"], ceremony.id)
    elif "site_code" in body:
        site = get_site_by_code(ceremony.id, body["site_code"])
    else:
        raise InvalidInput("give site_id or site_code", field="site_id")
    user = api_user()
    if not user_covers_site(user, site):
        raise Forbidden(f"you do not answer for {site.name}")
    report = operations.submit_report(task, site, value=body.get("value"), note=body["note"],
                                      submitted_by=user.email)
    db.session.commit()
    return report


from ceremony.followup import editing_api  # noqa: E402,F401  (adding and editing tasks)
