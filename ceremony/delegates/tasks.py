"""Scheduled delegate work: recover the jobs of a worker that died, run jobs left queued."""
from ceremony.delegates.jobs import recover_stale, run_queued
from ceremony.scheduler.registry import periodic


@periodic(seconds=60, name="delegates.recover_jobs")
def recover_delegate_jobs():
    """Mark failed the imports whose worker stopped (removing the rows they wrote), then run any job
    still queued (its thread never started); each job is claimed once."""
    recover_stale()
    run_queued()
