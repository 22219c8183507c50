"""Ceremonies: the event itself, its time, venue, hosts and lifecycle."""
