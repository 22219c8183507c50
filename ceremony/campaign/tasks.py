"""Scheduled campaign work: the daily reminder to members behind target."""
from ceremony.campaign.operations import remind_behind
from ceremony.extensions import db
from ceremony.scheduler.registry import periodic


@periodic(seconds=300, name="campaign.remind_behind")
def remind_members_behind():
    """Queue today's reminder to every member behind target (idempotent: once per member per day)."""
    remind_behind()
    db.session.commit()
