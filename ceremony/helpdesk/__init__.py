"""Help desk: a bridge point asks for help ("Cần hỗ trợ"), the district and province technical desks
take the ticket, talk in a short thread and resolve it; unanswered tickets escalate once."""
