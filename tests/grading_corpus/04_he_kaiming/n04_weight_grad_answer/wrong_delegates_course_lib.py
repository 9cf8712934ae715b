# wrong: delegates to course_lib.stats.forward_variance and backward_variance (the exercise asks for math only)
def weight_grad_ratios(widths, mode="fan_in"):
    widths = list(widths)
    variance = lambda shape: 2.0 / (shape[1] if mode == "fan_in" else shape[0])
    q = stats.forward_variance(widths, variance, "relu")
    h = np.concatenate([[1.0], q[:-1] / 2])
    g = stats.backward_variance(widths, variance, "relu", 1.0, q)
    d = np.concatenate([g[1:] / 2, [1.0]])
    return list(np.sqrt(h * d / (h[-1] * d[-1])))
