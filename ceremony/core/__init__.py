"""Shared building blocks: time, errors, i18n, auth helpers."""
