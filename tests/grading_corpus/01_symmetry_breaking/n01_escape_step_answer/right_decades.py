# right: log10 used correctly (e-folds per decade = ln 10)
def predicted_escape_step(eps):
    decades = math.log10(1e-2 / eps)
    return 3550 + 1140 * math.log(10) * decades
