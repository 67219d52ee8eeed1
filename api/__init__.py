"""The HTTP edge: FastAPI app, JSON API, and the mapping of domain errors to HTTP statuses."""
