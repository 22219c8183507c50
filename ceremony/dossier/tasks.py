"""Scheduled dossier work: run generations left queued."""
from ceremony.dossier.operations import run_queued
from ceremony.scheduler.registry import periodic


@periodic(seconds=30, name="dossier.run_queued")
def run_queued_dossiers():
    """Build any dossier still queued (its thread never ran); each job is claimed once."""
    run_queued()
