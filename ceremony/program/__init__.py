"""Program (run-of-show): the ordered segments of a ceremony and the people on stage."""
