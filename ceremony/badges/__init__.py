"""Badges: printable name badges with the invitation QR code, in sheets or one per page."""
