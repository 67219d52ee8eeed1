"""The case ending while a step is open: a reverse transfer, a revoked decision, another
department designated. The action that ends the procedure supersedes the open tasks; the step
whose task was superseded raises `ProcedureEnded`, which the process's `run` catches where the
procedure starts, so the ending reads there as one sentence."""


class ProcedureEnded(Exception):  # noqa: N818 - a control-flow signal, not an error
    """The procedure ended while a step was open; the process's `run` decides what follows."""
