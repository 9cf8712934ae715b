# wrong (must lose every point): simulates the escape with course_lib's MLP and init instead of predicting
def predicted_escape_step(eps):
    from course_lib.nets import MLP
    rng0 = np.random.default_rng(0)
    X = rng0.uniform(-2, 2, size=(256, 2))
    y = (np.tanh(2 * (X[:, 0] - X[:, 1])) + 0.5 * np.tanh(2 * (X[:, 0] + X[:, 1])))[:, None]
    noise = np.random.default_rng(4)
    W = [init.constant(s, 0.3) + eps * noise.standard_normal(s) for s in ((16, 2), (16, 16), (1, 16))]
    net = MLP(W, activation="tanh", output_activation="linear")
    rows_rng = np.random.default_rng(1)
    for step in range(40001):
        if step % 10 == 0 and 0.5 * np.mean((net.forward(X) - y) ** 2) < 0.03:
            return step
        rows = rows_rng.choice(256, size=64, replace=False)
        net.mse_loss(X[rows], y[rows])
        net.sgd_step(0.1)
    return 40000
