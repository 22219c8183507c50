"""Security fixtures: the delegates' small ceremony with categories, reused."""
from tests.delegates.conftest import ceremony  # noqa: F401  (fixture)
