# wrong (must lose every point): runs the simulation with course_lib's MLP and init instead of predicting
def predicted_distinct_units():
    from course_lib.nets import MLP
    rng0 = np.random.default_rng(0)
    X = rng0.uniform(-2, 2, size=(256, 2))
    y = (np.tanh(2 * (X[:, 0] - X[:, 1])) + 0.5 * np.tanh(2 * (X[:, 0] + X[:, 1])))[:, None]

    def count(H):
        gaps = np.abs(H[:, :, None] - H[:, None, :]).max(axis=0)
        return int(np.sum(~np.triu(gaps <= 1e-8, k=1).any(axis=0)))

    out = {}
    for case in "ABCDEFGHI":
        r = np.random.default_rng(5)
        W = [init.normal((o, i), 0.0, 1 / math.sqrt(i), rng=r) for i, o in ((2, 16), (16, 16), (16, 1))]
        b = [np.zeros(16), np.zeros(16), np.zeros(1)]
        if case == "A":
            W[1][:], W[2][:] = 0.3, 0.3
        elif case == "B":
            W[0][:] = 0.3
        elif case == "C":
            W[1][3], W[2][:, 3] = W[1][7], W[2][:, 7]
        elif case == "D":
            W[0][:4], W[1][:, :4] = W[0][4], W[1][:, 4:5]
        elif case == "E":
            W[2][:] = 0.0
        elif case == "F":
            for w in W:
                w[:] = 0.0
        elif case == "G":
            for w in W:
                w[:] = 0.3
            b[0] = 0.5 * np.random.default_rng(6).standard_normal(16)
        elif case == "H":
            W[2][:] = 0.3
        elif case == "I":
            W[1][:] = W[1][0]
        net = MLP(W, b, activation="tanh", output_activation="linear")
        rows_rng = np.random.default_rng(1)
        for _ in range(400):
            rows = rows_rng.choice(256, size=64, replace=False)
            net.mse_loss(X[rows], y[rows])
            net.sgd_step(0.1)
        net.forward(X)
        out[case] = (count(net.post[0]), count(net.post[1]))
    return out
