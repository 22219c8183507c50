"""Demo data of the invitations domain: each demo ceremony's Giấy mời number, date and signer, so
its letters print as one registered document without warnings (set once; never overwritten)."""
from datetime import timedelta

import sqlalchemy as sa

from ceremony.core.time import local
from ceremony.extensions import db
from ceremony.invitations.models import LetterSettings
from ceremony.invitations.operations import update_letter_settings

# Made-up numbers and signer (the demo's people are made up too); the letters go out a week ahead.
NUMBERS = {"movement_launch": "125", "app_launch": "211"}


def load(ceremony) -> None:
    if db.session.scalar(sa.select(LetterSettings.id).where(LetterSettings.ceremony_id == ceremony.id)):
        return
    update_letter_settings(ceremony.id, {
        "number": NUMBERS.get(ceremony.kind, "1"), "symbol": "GM-UBND",
        "letter_date": local(ceremony.starts_at).date() - timedelta(days=7),
        "signer_authority": "TL. CHỦ TỊCH", "signer_title": "CHÁNH VĂN PHÒNG", "signer_name": "Nguyễn Văn Minh"})
