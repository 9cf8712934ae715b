# right: a unit is dead when its largest pre-activation is <= 0
def dead_fraction(pre):
    """Share of the columns of pre (batch, units) with pre <= 0 on every row."""
    return float((pre.max(axis=0) <= 0).mean())
