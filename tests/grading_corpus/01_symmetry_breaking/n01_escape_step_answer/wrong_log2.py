# wrong: log2 (doubling) where the e-folding time needs the natural log
def predicted_escape_step(eps):
    return 3550 + 1140 * math.log2(1e-2 / eps)
