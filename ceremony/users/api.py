"""JSON API: accounts and bearer tokens (an organizer creates an operator account or a token), and ending
every session of an account at once (a lost phone, a colleague who left)."""
from __future__ import annotations

from datetime import timedelta

import marshmallow as ma
from flask_smorest import Blueprint

from ceremony.core.auth import api_user, require_api_roles, require_scope
from ceremony.core.errors import Forbidden, InvalidInput
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.users import operations
from ceremony.users.models import Role, Scope

blp = Blueprint("users_api", __name__, description="Accounts and API tokens")
SCOPE_HELP = ("read: GET operations; write: every change; admin: accounts, tokens and webhook endpoints. "
              "A token never does more than its user's role allows.")


class UserSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True, metadata={"example": "ducpho@quangngai.gov.vn"})
    name = ma.fields.String(required=True, metadata={"example": "Nguyễn Văn An"})
    role = ma.fields.Enum(Role, by_value=True, required=True)
    site_codes = ma.fields.Function(lambda u: sorted(u.site_codes), required=True, metadata={
        "type": "array", "items": {"type": "string"}, "description": "admin-unit codes an operator answers for"})
    is_active = ma.fields.Boolean(required=True)
    created_at = ma.fields.AwareDateTime(required=True)


class UserListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(UserSchema), required=True)


class UserCreateArgs(ma.Schema):
    email = ma.fields.String(required=True, validate=ma.validate.Length(min=3, max=200))
    name = ma.fields.String(load_default="", validate=ma.validate.Length(max=120))
    role = ma.fields.Enum(Role, by_value=True, required=True)
    password = ma.fields.String(required=True, load_only=True, validate=ma.validate.Length(min=8, max=200))
    site_codes = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=10)), load_default=list,
                                validate=ma.validate.Length(max=500),
                                metadata={"description": "required for an operator: the points (or districts) "
                                                         "they answer for"})


class EndSessionsArgs(ma.Schema):
    revoke_tokens = ma.fields.Boolean(load_default=False,
                                      metadata={"description": "also revoke every API token of the account"})


class EndSessionsSchema(ma.Schema):
    user_id = ma.fields.Integer(required=True)
    tokens_revoked = ma.fields.Integer(required=True)


class TokenSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    user_id = ma.fields.Integer(required=True)
    user_email = ma.fields.String(attribute="user.email", required=True)
    label = ma.fields.String(required=True)
    scopes = ma.fields.Function(lambda t: t.scope_list, required=True, metadata={
        "type": "array", "items": {"type": "string", "enum": [s.value for s in Scope]}})
    created_at = ma.fields.AwareDateTime(required=True)
    expires_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    revoked_at = ma.fields.AwareDateTime(required=True, allow_none=True)


class TokenListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(TokenSchema), required=True)


class IssuedTokenSchema(TokenSchema):
    token = ma.fields.String(required=True, metadata={"description": "the bearer token: shown once, never again",
                                                      "example": "cer_3q2-…"})


class TokenCreateArgs(ma.Schema):
    user_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1), metadata={
        "description": "whose token (organizers only; default: the caller)"})
    label = ma.fields.String(load_default="", validate=ma.validate.Length(max=100),
                             metadata={"example": "cổng tỉnh – máy quét 2"})
    scopes = ma.fields.List(ma.fields.Enum(Scope, by_value=True), load_default=lambda: list(Scope),
                            validate=ma.validate.Length(min=1), metadata={"description": SCOPE_HELP})
    expires_in_days = ma.fields.Integer(load_default=None, allow_none=True,
                                        validate=ma.validate.Range(min=1, max=operations.MAX_TOKEN_DAYS),
                                        metadata={"description": "the token stops working after this many days "
                                                                 "(default: until revoked)"})


@blp.route("/users")
@blp.response(200, UserListSchema)
@blp.doc(operationId="listUsers")
@require_api_roles("organizer")
@require_scope("admin")
def list_users():
    """Every account with its role and site scope."""
    return {"items": operations.list_users()}


@blp.route("/users", methods=["POST"])
@blp.arguments(UserCreateArgs)
@blp.response(201, UserSchema)
@blp.alt_response(409, description="an account with this e-mail exists")
@blp.doc(operationId="createUser")
@require_api_roles("organizer")
@require_scope("admin")
def create_user(args):
    """Create an account, e.g. a commune operator bound to their point's code."""
    user = operations.create_user(args["email"], role=args["role"], password=args["password"], name=args["name"],
                                  site_codes=args["site_codes"])
    db.session.commit()
    return user


@blp.route("/users/<int:user_id>/sessions/end", methods=["POST"])
@blp.arguments(EndSessionsArgs)
@blp.response(200, EndSessionsSchema)
@blp.doc(operationId="endUserSessions")
@require_api_roles("organizer")
@require_scope("admin")
def end_user_sessions(args, user_id):
    """End every web session of the account at once (its cookies stop working everywhere); optionally
    revoke its API tokens too."""
    user = operations.get_user(user_id)
    revoked = operations.end_sessions(user, revoke_tokens=args["revoke_tokens"])
    db.session.commit()
    return {"user_id": user.id, "tokens_revoked": revoked}


@blp.route("/tokens")
@blp.response(200, TokenListSchema)
@blp.doc(operationId="listApiTokens")
@require_api_roles()
@require_scope("admin")
def list_api_tokens():
    """Bearer tokens, newest first: an organizer sees everyone's, others their own (never the token)."""
    user = api_user()
    return {"items": operations.list_tokens(None if user.has_role("organizer") else user)}


@blp.route("/tokens", methods=["POST"])
@blp.arguments(TokenCreateArgs)
@blp.response(201, IssuedTokenSchema)
@blp.doc(operationId="createApiToken")
@require_api_roles()
@require_scope("admin")
def create_api_token(args):
    """Issue a bearer token with scopes and an expiry, for the caller or (organizers) another account.
    The token is in this answer only."""
    caller = api_user()
    user = caller
    if args.get("user_id") and args["user_id"] != caller.id:
        if not caller.has_role("organizer"):
            raise Forbidden("only an organizer issues tokens for another account", field="user_id")
        user = operations.get_user(args["user_id"])
    if not user.is_active:
        raise InvalidInput(f"the account {user.email} is deactivated", field="user_id")
    expires_at = now() + timedelta(days=args["expires_in_days"]) if args.get("expires_in_days") else None
    row, token = operations.issue_api_token(user, label=args["label"], scopes=[s.value for s in args["scopes"]],
                                            expires_at=expires_at)
    db.session.commit()
    row.token = token
    return row


@blp.route("/tokens/<int:token_id>", methods=["DELETE"])
@blp.response(200, TokenSchema)
@blp.doc(operationId="revokeApiToken")
@require_api_roles()
@require_scope("admin")
def revoke_api_token(token_id):
    """Revoke a token at once (an organizer any token, others their own); idempotent."""
    caller = api_user()
    row = operations.get_token(token_id)
    if row.user_id != caller.id and not caller.has_role("organizer"):
        raise Forbidden("this token belongs to another account", field="token_id")
    operations.revoke_token(row)
    db.session.commit()
    return row
