"""Users: accounts, roles, the sites an operator covers, API tokens."""
