# wrong (must lose every point): the release's case_net and train cells pasted into the answer
def predicted_distinct_units():
    data_rng = np.random.default_rng(0)
    X = data_rng.uniform(-2, 2, size=(256, 2))
    y = (np.tanh(2 * (X[:, 0] - X[:, 1])) + 0.5 * np.tanh(2 * (X[:, 0] + X[:, 1])))[:, None]
    WIDTHS = [2, 16, 16, 1]

    def random_net(widths, seed):
        rng = np.random.default_rng(seed)
        weights = [init.normal((n_out, n_in), 0.0, 1 / math.sqrt(n_in), rng=rng)
                   for n_in, n_out in zip(widths, widths[1:])]
        return MLP(weights, activation="tanh", output_activation="linear")

    def distinct_units(H, atol=1e-8):
        gaps = np.abs(H[:, :, None] - H[:, None, :]).max(axis=0)
        same_as_earlier = np.triu(gaps <= atol, k=1).any(axis=0)
        return int(np.sum(~same_as_earlier))

    def case_net(case):
        net = random_net(WIDTHS, seed=5)
        W1_, W2_, W3_ = net.weights
        if case == "A":
            W2_[:], W3_[:] = 0.3, 0.3
        elif case == "B":
            W1_[:] = 0.3
        elif case == "C":
            W2_[3], net.biases[1][3], W3_[:, 3] = W2_[7], net.biases[1][7], W3_[:, 7]
        elif case == "D":
            W1_[:4], W2_[:, :4] = W1_[4], W2_[:, 4:5]
        elif case == "E":
            W3_[:] = 0.0
        elif case == "F":
            W1_[:], W2_[:], W3_[:] = 0.0, 0.0, 0.0
        elif case == "G":
            W1_[:], W2_[:], W3_[:] = 0.3, 0.3, 0.3
            net.biases[0][:] = 0.5 * np.random.default_rng(6).standard_normal(16)
        elif case == "H":
            W3_[:] = 0.3
        elif case == "I":
            W2_[:] = W2_[0]
        return net

    out = {}
    for case in "ABCDEFGHI":
        net = case_net(case)
        rng = np.random.default_rng(1)
        for step in range(400):
            rows = rng.choice(len(X), size=64, replace=False)
            net.mse_loss(X[rows], y[rows])
            net.sgd_step(0.1)
        net.forward(X)
        out[case] = (distinct_units(net.post[0]), distinct_units(net.post[1]))
    return out
