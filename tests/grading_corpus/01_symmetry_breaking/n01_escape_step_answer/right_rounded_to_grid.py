# right: rounded to the grid of 10 steps
def predicted_escape_step(eps):
    return int(round((3550 + 1140 * math.log(1e-2 / eps)) / 10) * 10)
