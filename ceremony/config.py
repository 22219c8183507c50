"""Configuration: one class per environment, every setting from an environment variable.

Variables: ``DATABASE_URL``, ``SECRET_KEY``, ``CEREMONY_ENV`` (development/production/testing),
``REDIS_URL`` (live push fan-out across workers and hosts), ``CEREMONY_LIVE_PREFIX`` (the Redis channel
prefix: deployments sharing one Redis each need their own), ``CEREMONY_PUBLIC_URL`` (base of links
printed in QR codes), ``CEREMONY_SCHEDULER`` (``on`` to run the in-process scheduler),
``CEREMONY_SCHEDULER_LEASE_SECONDS`` / ``CEREMONY_SCHEDULER_POLL_SECONDS`` (the leader lease and how
often it is renewed or tried: a dead leader is replaced within lease + poll).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("CEREMONY_INSTANCE", ROOT / "instance"))


def _development_secret() -> str:
    """A secret kept in instance/ so sessions survive restarts on a developer machine."""
    INSTANCE.mkdir(parents=True, exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(url: str | None) -> str:
    if not url:
        INSTANCE.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{INSTANCE / 'ceremony.sqlite3'}"
    # psycopg 3 is the driver we ship; accept the usual spellings of a PostgreSQL URL.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    ENV_NAME = "development"
    SQLALCHEMY_DATABASE_URI = ""
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    DB_PING_IDLE_SECONDS = 10.0  # a pooled connection unused this long is pinged before use (core.pool)
    SECRET_KEY = ""
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    DISPLAY_TIMEZONE = "Asia/Ho_Chi_Minh"
    WTF_CSRF_TIME_LIMIT = None
    API_TITLE = "ceremony"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {
        "info": {"description": "Hybrid launch ceremonies: bridge points, delegates, run-of-show."},
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}
        },
        "security": [{"bearerAuth": []}],
    }
    # Request bodies larger than this are refused with 413 before they are read (core/uploads.py);
    # the program media views take up to MAX_MEDIA_LENGTH.
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    MAX_MEDIA_LENGTH = 500 * 1024 * 1024
    REDIS_URL = ""
    PUBLIC_URL = ""
    SCHEDULER_ENABLED = False
    SCHEDULER_LEASE_SECONDS = 20.0  # a standby takes over a leader that stopped renewing after this
    SCHEDULER_POLL_SECONDS = 5.0  # the leader renews (a standby tries) this often; well under the lease
    LIVE_CHANNEL_PREFIX = "ceremony:live:"  # Redis pub/sub ignores database numbers: one prefix per deployment
    PROXY_FIX = False  # trust X-Forwarded-For/-Proto/-Host from one reverse proxy
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    PREFERRED_URL_SCHEME = "http"
    SELFTEST_MEDIA_PEER_URL = "http://127.0.0.1:8765"  # `flask selftest media-peer` (aiortc)
    SELFTEST_ICE_SERVERS = ""  # JSON list of RTCIceServer for the page, e.g. the province's TURN server
    SELFTEST_MEDIA_TIMEOUT = 10.0  # seconds the page waits for the WebRTC loopback to connect
    HELPDESK_ESCALATE_AFTER_MINUTES = 5  # an untaken ticket goes up one level once after this

    @classmethod
    def from_environment(cls) -> dict:
        env = os.environ
        return {
            "SQLALCHEMY_DATABASE_URI": _database_url(env.get("DATABASE_URL")),
            "SECRET_KEY": env.get("SECRET_KEY") or _development_secret(),
            "REDIS_URL": env.get("REDIS_URL", ""),
            "PUBLIC_URL": env.get("CEREMONY_PUBLIC_URL", "").rstrip("/"),
            "SCHEDULER_ENABLED": env.get("CEREMONY_SCHEDULER", "").lower() in ("1", "on", "true"),
            "SCHEDULER_LEASE_SECONDS": float(env.get("CEREMONY_SCHEDULER_LEASE_SECONDS", cls.SCHEDULER_LEASE_SECONDS)),
            "SCHEDULER_POLL_SECONDS": float(env.get("CEREMONY_SCHEDULER_POLL_SECONDS", cls.SCHEDULER_POLL_SECONDS)),
            "LIVE_CHANNEL_PREFIX": env.get("CEREMONY_LIVE_PREFIX") or cls.LIVE_CHANNEL_PREFIX,
            # request bodies: imports and forms; program media (video clips) may be larger
            "MAX_CONTENT_LENGTH": int(float(env.get("CEREMONY_MAX_UPLOAD_MB", "10")) * 1024 * 1024),
            "MAX_MEDIA_LENGTH": int(float(env.get("CEREMONY_MAX_MEDIA_MB", "500")) * 1024 * 1024),
            "MAX_LIST_LENGTH": int(float(env.get("CEREMONY_MAX_LIST_MB", "100")) * 1024 * 1024),
            "CONTENT_SECURITY_POLICY": env.get("CEREMONY_CSP", ""),
            "SELFTEST_MEDIA_PEER_URL": env.get("CEREMONY_MEDIA_PEER_URL", cls.SELFTEST_MEDIA_PEER_URL),
            "SELFTEST_ICE_SERVERS": env.get("CEREMONY_ICE_SERVERS", ""),
        }


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    PROXY_FIX = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def from_environment(cls) -> dict:
        env = os.environ
        if not env.get("SECRET_KEY"):
            raise RuntimeError("SECRET_KEY must be set when CEREMONY_ENV=production")
        if not env.get("DATABASE_URL"):
            raise RuntimeError("DATABASE_URL must be set when CEREMONY_ENV=production")
        values = super().from_environment()
        values["SECRET_KEY"] = env["SECRET_KEY"]
        # Behind TLS (the normal case) cookies are Secure; a closed LAN without TLS may turn it off.
        values["SESSION_COOKIE_SECURE"] = env.get("CEREMONY_COOKIE_SECURE", "1") != "0"
        values["PROXY_FIX"] = env.get("CEREMONY_PROXY_FIX", "1") != "0"
        return values


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # tests create many users; production keeps scrypt
    WTF_CSRF_ENABLED = False
    SERVER_NAME = "ceremony.test"

    @classmethod
    def from_environment(cls) -> dict:
        return {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": "test-secret",
            "PUBLIC_URL": "https://ceremony.test",
        }


CONFIGS = {"development": Config, "production": ProductionConfig, "testing": TestConfig}


def load(name: str | None = None) -> dict:
    """Return the settings of the named environment (default: CEREMONY_ENV or development)."""
    name = name or os.environ.get("CEREMONY_ENV", "development")
    try:
        cls = CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"CEREMONY_ENV={name!r} is not one of {sorted(CONFIGS)}") from None
    values = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
    values.update(cls.from_environment())
    return values
