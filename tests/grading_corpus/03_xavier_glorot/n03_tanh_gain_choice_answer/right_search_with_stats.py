# right: searches the menu with the mean-field recursion (allowed: only the choices are graded)
import math


def chosen_gains():
    menu = (1.0, 1.1, 1.3, 1.5, 5 / 3, 2.0, 3.0)
    out = {}
    for depth in (3, 5, 8, 15, 25, 40, 75, 150):
        widths = [256] * (depth + 1)
        for gain in menu:
            q = stats.forward_variance(widths, gain**2 / 256, "tanh")
            back = stats.backward_variance(widths, gain**2 / 256, "tanh", 1.0, forward_q=q)
            if all(0.25 <= r <= 4 for r in (math.sqrt(q[-1] / q[0]), math.sqrt(back[0]))):
                out[depth] = gain
    return out
