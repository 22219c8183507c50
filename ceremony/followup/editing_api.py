"""JSON API: adding, changing and removing follow-up tasks (as the page does)."""
import marshmallow as ma

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import require_api_roles
from ceremony.extensions import db
from ceremony.followup import operations, queries
from ceremony.followup.api import TaskSchema, blp

TIERS = ["province", "district", "commune"]


class TaskUpdateSchema(ma.Schema):
    title = ma.fields.String(validate=ma.validate.Length(max=300))
    instructions = ma.fields.String(validate=ma.validate.Length(max=10000))
    metric_label = ma.fields.String(validate=ma.validate.Length(max=200))
    tier = ma.fields.String(validate=ma.validate.OneOf(TIERS))
    site_codes = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=10)),
                                validate=ma.validate.Length(max=5000),
                                metadata={"description": "only these points report (empty: every point of the tier)"})
    due_offset_minutes = ma.fields.Integer(validate=ma.validate.Range(min=1, max=3660 * 24 * 60),
                                           metadata={"description": "minutes after the ceremony start"})
    due_days = ma.fields.Integer(validate=ma.validate.Range(min=0, max=3650),
                                 metadata={"description": "days after the ceremony (with due_time)"})
    due_time = ma.fields.String(validate=ma.validate.Regexp(r"^\d{1,2}:\d{2}$"),
                                metadata={"description": "HH:MM Vietnam time, with due_days"})
    remind_hours_before = ma.fields.Integer(validate=ma.validate.Range(min=0, max=1440))


class TaskCreateSchema(TaskUpdateSchema):
    title = ma.fields.String(required=True, validate=ma.validate.Length(max=300))
    tier = ma.fields.String(required=True, validate=ma.validate.OneOf(TIERS))
    code = ma.fields.String(validate=ma.validate.Length(max=40))


def _out(task):
    task.summary = queries.summary(task)
    return task


@blp.route("/ceremonies/<int:ceremony_id>/followups", methods=["POST"])
@blp.arguments(TaskCreateSchema)
@blp.response(201, TaskSchema)
@blp.doc(operationId="createFollowup")
@require_api_roles("organizer")
def create_followup(body, ceremony_id):
    """Add a task: who reports (a tier, or named points), due as an offset or N days after the ceremony."""
    task = operations.create_task(get_ceremony(ceremony_id), **body)
    db.session.commit()
    return _out(task)


@blp.route("/ceremonies/<int:ceremony_id>/followups/<int:task_id>", methods=["PATCH"])
@blp.arguments(TaskUpdateSchema)
@blp.response(200, TaskSchema)
@blp.doc(operationId="updateFollowup")
@require_api_roles("organizer")
def update_followup(body, ceremony_id, task_id):
    """Change a task's fields."""
    task = operations.update_task(queries.get_task(task_id, get_ceremony(ceremony_id).id), **body)
    db.session.commit()
    return _out(task)


@blp.route("/ceremonies/<int:ceremony_id>/followups/<int:task_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(operationId="deleteFollowup")
@require_api_roles("organizer")
def delete_followup(ceremony_id, task_id):
    """Remove a task no point has reported on."""
    operations.delete_task(queries.get_task(task_id, get_ceremony(ceremony_id).id))
    db.session.commit()
