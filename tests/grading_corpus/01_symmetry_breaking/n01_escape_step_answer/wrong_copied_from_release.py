# wrong (must lose every point): the release's noisy_constant_net and train_long pasted into the answer
def predicted_escape_step(eps):
    data_rng = np.random.default_rng(0)
    X = data_rng.uniform(-2, 2, size=(256, 2))
    y = (np.tanh(2 * (X[:, 0] - X[:, 1])) + 0.5 * np.tanh(2 * (X[:, 0] + X[:, 1])))[:, None]
    WIDTHS = [2, 16, 16, 1]
    weights = [init.constant((n_out, n_in), 0.3) for n_in, n_out in zip(WIDTHS, WIDTHS[1:])]
    net = MLP(weights, activation="tanh", output_activation="linear")
    noise_rng = np.random.default_rng(4)
    for w in net.weights:
        w += eps * noise_rng.standard_normal(w.shape)
    rng = np.random.default_rng(1)
    for step in range(40001):
        if step % 10 == 0 and float(0.5 * np.mean((net.forward(X) - y) ** 2)) < 0.03:
            return step
        rows = rng.choice(len(X), size=64, replace=False)
        net.mse_loss(X[rows], y[rows])
        net.sgd_step(0.1)
    return 40000
