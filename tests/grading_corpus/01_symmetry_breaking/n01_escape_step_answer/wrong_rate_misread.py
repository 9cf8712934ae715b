# wrong: the e-folding time read as a rate per 1000 steps (uses 1000 instead of 1140)
def predicted_escape_step(eps):
    return 3550 + 1000 * math.log(1e-2 / eps) * 0.7
