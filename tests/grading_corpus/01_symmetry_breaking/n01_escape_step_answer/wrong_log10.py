# wrong: log10 where the e-folding time needs the natural log
def predicted_escape_step(eps):
    return 3550 + 1140 * math.log10(1e-2 / eps)
