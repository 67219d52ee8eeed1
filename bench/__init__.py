"""Benchmarks: scripts that print figures (never timed assertions in tests). See docs/performance.md."""
