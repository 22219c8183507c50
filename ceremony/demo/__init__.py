"""Demo data: the two real Quảng Ngãi ceremonies of shared/reference, with plausible delegates."""
