"""Widgets and helpers every tab shares: message boxes, background jobs, field errors."""
