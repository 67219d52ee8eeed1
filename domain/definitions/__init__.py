"""One definition per process: its steps, case actions, clocks and statuses (domain/process.py)."""
