# wrong: sign error, smaller eps escapes earlier
def predicted_escape_step(eps):
    return max(10.0, 3550 - 1140 * math.log(1e-2 / eps))
