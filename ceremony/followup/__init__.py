"""Follow-up after the ceremony: tasks with deadlines for the bridge points, their reports, reminders."""
