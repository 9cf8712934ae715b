# wrong (delegates): measures the spread with course_lib's MLP over 2000 networks (blocked, and not the formula)
def log_std_spread(widths, activation):
    logs = []
    for seed in range(2000):
        net = MLP.initialized(list(widths), "kaiming_normal", activation, rng=seed)
        net.forward(np.random.default_rng([seed, 1]).standard_normal((1, widths[0])))
        logs.append(0.5 * np.log(np.mean(net.pre[-1] ** 2)))
    return float(np.std(logs))
