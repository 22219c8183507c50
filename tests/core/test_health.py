"""The health check a load balancer polls: 200 while the database answers, 503 when it does not."""
from ceremony import create_app


def test_health_answers_ok_without_logging_in(client):
    response = client.get("/healthz")
    assert (response.status_code, response.data, response.headers["Cache-Control"]) == (200, b"ok\n", "no-store")


def test_health_says_503_when_the_database_is_unreachable(tmp_path):
    # A SQLite file in a folder that does not exist: every connection fails, as a lost database would.
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'missing' / 'x.sqlite3'}",
                                 "INSTANCE_PATH": str(tmp_path / "instance")})
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.data) == (503, b"database unreachable\n")
