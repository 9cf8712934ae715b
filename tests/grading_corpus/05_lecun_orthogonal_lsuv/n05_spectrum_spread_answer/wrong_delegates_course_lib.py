# wrong: measures the spread with course_lib.spectra on a simulated wide stack (switched off in the tests)
def predicted_spread(slope, weights, depth):
    """Var(s^2) / mean(s^2)^2 of J's squared singular values, wide limit."""
    from course_lib.activations import leaky_relu
    n = 128
    gain = math.sqrt(2 / (1 + slope**2))
    rngs = np.random.default_rng(0).spawn(depth)
    draw = init.orthogonal if weights == "orthogonal" else init.lecun_normal
    stack = [gain * draw((n, n), rng=r) for r in rngs]
    s = spectra.singular_values(stack, np.random.default_rng(1).standard_normal((2, n)), activation=leaky_relu(slope))
    s2 = np.ravel(s) ** 2
    return float(s2.var() / s2.mean() ** 2)
