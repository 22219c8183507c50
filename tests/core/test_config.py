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


def test_live_prefix_and_scheduler_lease_come_from_the_environment(monkeypatch):
    """Two deployments on one Redis need their own channel prefix; a two-node deployment tunes how fast
    a standby takes over the scheduler (docs/deploy.md)."""
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://x/y")
    for name in ("CEREMONY_LIVE_PREFIX", "CEREMONY_SCHEDULER_LEASE_SECONDS", "CEREMONY_SCHEDULER_POLL_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    values = config.load("production")
    assert (values["LIVE_CHANNEL_PREFIX"], values["SCHEDULER_LEASE_SECONDS"], values["SCHEDULER_POLL_SECONDS"]) \
        == ("ceremony:live:", 20.0, 5.0)
    monkeypatch.setenv("CEREMONY_LIVE_PREFIX", "tinh51:live:")
    monkeypatch.setenv("CEREMONY_SCHEDULER_LEASE_SECONDS", "8")
    monkeypatch.setenv("CEREMONY_SCHEDULER_POLL_SECONDS", "1.5")
    values = config.load("production")
    assert (values["LIVE_CHANNEL_PREFIX"], values["SCHEDULER_LEASE_SECONDS"], values["SCHEDULER_POLL_SECONDS"]) \
        == ("tinh51:live:", 8.0, 1.5)
