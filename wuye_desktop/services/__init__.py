"""Use cases: take a unit-of-work factory, validate, apply domain rules, return frozen views."""
