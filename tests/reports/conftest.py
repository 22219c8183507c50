"""The dossier and unit-report tests use the campaign fixtures (the 2023 launch, its team and campaign)."""
from tests.campaign.conftest import campaign, movement, team, team_xlsx  # noqa: F401
