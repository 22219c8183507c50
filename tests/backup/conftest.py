from tests.attendance.conftest import invited, make_invited  # noqa: F401
