"""Attendance: check-ins at the gates (exactly once), the scan log, remote points and live counts."""
