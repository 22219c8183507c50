"""API: accounts, and ending every session of one (a lost phone, a colleague who left)."""
import marshmallow as ma
from flask_smorest import Blueprint

from ceremony.core.auth import require_api_roles
from ceremony.extensions import db
from ceremony.users import operations

blp = Blueprint("users_api", __name__, description="Accounts and their sessions")


class UserSchema(ma.Schema):
    id = ma.fields.Integer()
    email = ma.fields.String()
    name = ma.fields.String()
    role = ma.fields.Function(lambda u: u.role.value)
    is_active = ma.fields.Boolean()
    site_codes = ma.fields.Function(lambda u: sorted(u.site_codes))


class EndSessionsArgs(ma.Schema):
    revoke_tokens = ma.fields.Boolean(load_default=False,
                                      metadata={"description": "also revoke every API token of the account"})


class EndSessionsSchema(ma.Schema):
    user_id = ma.fields.Integer()
    tokens_revoked = ma.fields.Integer()


@blp.route("/users")
@blp.response(200, UserSchema(many=True))
@blp.doc(operationId="listUsers")
@require_api_roles("organizer")
def list_users():
    """Every account with its role and the points an operator answers for."""
    return operations.list_users()


@blp.route("/users/<int:user_id>/sessions/end", methods=["POST"])
@blp.arguments(EndSessionsArgs)
@blp.response(200, EndSessionsSchema)
@blp.doc(operationId="endUserSessions")
@require_api_roles("organizer")
def end_user_sessions(args, user_id):
    """End every web session of the account at once (its cookies stop working everywhere)."""
    user = operations.get_user(user_id)
    revoked = operations.end_sessions(user, revoke_tokens=args["revoke_tokens"])
    db.session.commit()
    return {"user_id": user.id, "tokens_revoked": revoked}
