"""The first-run wizard of a new office (issue 8)."""
