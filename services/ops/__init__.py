"""Operations: health, metrics, traces, backup and restore, the legal archive (docs/ops/)."""
