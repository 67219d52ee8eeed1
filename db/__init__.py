"""Persistence: SQLAlchemy models, sessions, migrations and demo data."""
