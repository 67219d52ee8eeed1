"""Process 1: listed supervision of a major hazard (重大事故隐患挂牌督办).

`workflow.py` is the procedure, `actions.py` the case actions (extension, suspension, refusal),
`documents.py` the supervision notice, `contracts.py` the input and result. The rows (steps,
clocks, actions) are declared once in `domain/definitions/hazard.py`.
"""
