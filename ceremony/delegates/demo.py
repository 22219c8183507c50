"""Demo data of the delegates domain: every demo delegate gets an invitation (idempotent)."""
from ceremony.invitations.operations import issue_invitations


def load(ceremony) -> None:
    """Issue the missing invitations of ``ceremony``, so letters, badges and QR check-ins work at once."""
    issue_invitations(ceremony.id)
