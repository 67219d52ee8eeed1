"""Temporal workflows: one per supervisory process, on the shared case mechanisms."""
