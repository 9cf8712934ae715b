# wrong: linear in 1/eps
def predicted_escape_step(eps):
    return 3550 * (1e-2 / eps)
