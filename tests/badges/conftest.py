"""Badge fixtures: the delegates' ceremony fixture, and a ceremony with invited delegates."""
from tests.delegates.conftest import ceremony  # noqa: F401  (a fixture)
from tests.delegates.helpers import invited_ceremony  # noqa: F401  (a fixture)
