"""Process 2: accident investigation with the procuratorate involved (Decree 493).

`workflow.py` is the procedure, `actions.py` the case actions (extension, casualty changes,
escalation), `documents.py` the publication notice, `state.py` the investigating level and its
organisations, `contracts.py` the input and result. Rows: `domain/definitions/accident.py`.
"""
