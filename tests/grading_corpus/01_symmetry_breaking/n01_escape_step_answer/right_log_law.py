# right: the reference step plus one e-fold time per factor e of missing spread
def predicted_escape_step(eps):
    return 3550 + 1140 * math.log(1e-2 / eps)
