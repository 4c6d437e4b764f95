"""Placeholder demo generator (being written)."""
