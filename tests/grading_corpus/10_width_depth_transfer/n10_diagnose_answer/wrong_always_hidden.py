# wrong: the forgotten hidden 1/m is the usual mistake, so always blames it
def diagnose(check):
    """The mis-parametrized layer kind ("input", "hidden", "output") of a coordinate check, or "none"."""
    return "hidden"
