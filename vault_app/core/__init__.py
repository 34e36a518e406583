"""Domain types, errors, events, clock, settings and the service facade. Never imports Qt."""
