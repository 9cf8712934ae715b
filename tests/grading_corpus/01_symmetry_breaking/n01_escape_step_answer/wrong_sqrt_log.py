# wrong: square root law (sqrt of log)
def predicted_escape_step(eps):
    return 3550 * math.sqrt(math.log(1e-2 / eps) + 1)
