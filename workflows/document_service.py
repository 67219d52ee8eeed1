"""Moved to `workflows/kernel/delivery.py`; kept for the services that import these names."""

from workflows.kernel.delivery import SERVE_DOCUMENT, service_summary

__all__ = ["SERVE_DOCUMENT", "service_summary"]
