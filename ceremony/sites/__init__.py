"""Sites: the provincial venue and every bridge point (điểm cầu), from reference networks."""
