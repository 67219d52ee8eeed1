"""The supervisory processes the system runs, by code, with their Chinese names."""

PROCESS_LABELS = {"hazard": "重大事故隐患挂牌督办", "accident": "生产安全事故调查"}
