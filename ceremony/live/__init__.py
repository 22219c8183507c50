"""Live push channel: server-sent events fed by an in-process or Redis broker.

Operations call ``publish_after_commit(topic, event, data)``; the message leaves only when the
transaction commits, so no screen ever shows a state the database rolled back.
"""
from ceremony.live.broker import on_publish, publish_after_commit, publish_now  # noqa: F401
