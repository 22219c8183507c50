"""Delegates: people invited to a ceremony at a site, in a composition category of its tier."""
