# wrong: e-folding time times log(1/eps), without the reference step
def predicted_escape_step(eps):
    return 1140 * math.log(1 / eps)
