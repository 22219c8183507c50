"""Scheduling: domains declare jobs in their ``tasks.py``; one scheduler per deployment runs them."""
