"""Every Flask extension, created unbound; ``create_app`` binds them."""
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
import marshmallow as ma
from flask_smorest import Api
from flask_smorest.error_handler import ErrorSchema as _SmorestErrorSchema
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from ceremony.core import sqlite as _sqlite_settings  # noqa: F401  (registers the PRAGMAs)
from ceremony.core.time import render_migration_item

# Stable constraint names, so Alembic can alter and drop them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(compare_type=True, render_as_batch=True, render_item=render_migration_item)
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
class ErrorSchema(_SmorestErrorSchema):
    """Every error answer of the API: ``field`` names the input at fault; ``errors`` is webargs'
    messages per field, or the list of bad rows of an import."""

    field = ma.fields.String(metadata={"description": "the field, parameter or header at fault"})
    errors = ma.fields.Raw(metadata={"description": "messages per field, or every bad row"})


class CeremonyApi(Api):
    ERROR_SCHEMA = ErrorSchema


api = CeremonyApi()
