# wrong: the release's simulation (linear_round_trip) pasted in: measured variances of random matrices, not exact
def end_to_end_ratios(widths, mode):
    variance_of = {"fan_in": lambda a, b: 1 / a, "fan_out": lambda a, b: 1 / b, "glorot": lambda a, b: 2 / (a + b)}[mode]
    rng = np.random.default_rng(7)
    weights = [init.normal((b, a), 0.0, math.sqrt(variance_of(a, b)), rng=rng) for a, b in zip(widths, widths[1:])]
    h = rng.standard_normal((2000, widths[0]))
    x_var, forward = h.var(), []
    for W in weights:
        h = h @ W.T
        forward.append(h.var() / x_var)
    top = rng.standard_normal((2000, widths[-1]))
    grad, backward = top, []
    for W in reversed(weights):
        grad = grad @ W
        backward.append(grad.var() / top.var())
    return forward[-1], backward[-1]
