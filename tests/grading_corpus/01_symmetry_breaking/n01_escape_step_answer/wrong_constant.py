# wrong: the escape time does not depend on eps
def predicted_escape_step(eps):
    return 3550.0
