# wrong: no offset, the escape step proportional to log(1/eps)
def predicted_escape_step(eps):
    return 3550 * math.log(1 / eps) / math.log(1 / 1e-2)
