# right: the Gaussian expectations as integrals on a fine grid (trapezoid rule on [-12, 12])
def tanh_rnn_chi(sigma, input_var):
    """Mean-field chi of a tanh RNN."""
    z = np.linspace(-12.0, 12.0, 20001)
    density = np.exp(-z * z / 2) / math.sqrt(2 * math.pi)

    def expect(values):
        return float(np.sum((values[1:] + values[:-1]) / 2 * np.diff(z)))

    q = 1.0
    for _ in range(100_000):
        nxt = sigma**2 * expect(density * np.tanh(math.sqrt(q) * z) ** 2) + input_var
        done = abs(nxt - q) < 1e-14
        q = nxt
        if done:
            break
    slope = 1 - np.tanh(math.sqrt(q) * z) ** 2
    return sigma**2 * expect(density * slope**2)
