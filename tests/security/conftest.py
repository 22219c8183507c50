"""Security fixtures: the domains' own small ceremonies, reused."""
from tests.attendance.conftest import invited, make_invited  # noqa: F401  (fixtures)
from tests.delegates.conftest import ceremony  # noqa: F401
from tests.program.conftest import program  # noqa: F401
from tests.readiness.conftest import ready_ceremony  # noqa: F401
