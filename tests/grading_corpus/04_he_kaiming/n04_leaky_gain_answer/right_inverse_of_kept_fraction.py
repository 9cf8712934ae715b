# right: one over the square root of the kept fraction (1 + a^2) / 2
def leaky_relu_gain(a):
    kept = (1 + a**2) / 2          # E[leaky(z)^2] / Var(z)
    return 1 / math.sqrt(kept)
