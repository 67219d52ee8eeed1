"""Pure rules of work-safety supervision: no database, no Temporal, no clock reads."""
