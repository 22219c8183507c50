"""Setting up a ceremony: start one empty, from a past one or from a shipped template, and see what is missing."""
