import pytest

from ceremony import config


def test_production_requires_a_secret_and_a_database(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://x/y")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        config.load("production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    values = config.load("production")
    assert values["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://x/y"
    assert values["SESSION_COOKIE_SECURE"] is True


def test_development_secret_is_generated_and_kept(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "INSTANCE", tmp_path)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    first = config.load("development")
    second = config.load("development")
    assert first["SECRET_KEY"] == second["SECRET_KEY"] and len(first["SECRET_KEY"]) > 40
    assert first["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'ceremony.sqlite3'}"


def test_unknown_environment_is_refused():
    with pytest.raises(RuntimeError, match="CEREMONY_ENV"):
        config.load("staging")
