"""The audit tests reuse the program and attendance fixtures (a ceremony with segments, invited delegates)."""
from tests.attendance.conftest import invited, make_invited  # noqa: F401
from tests.program.conftest import program  # noqa: F401
