"""Backup and restore of the whole database, in one portable file (``flask backup create|restore``)."""
