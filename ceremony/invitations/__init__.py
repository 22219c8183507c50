"""Invitations: one per delegate, with a signed token printed as a QR code on the letter and badge."""
