"""Community digital technology teams, their members, and per-member campaigns after the launch."""
