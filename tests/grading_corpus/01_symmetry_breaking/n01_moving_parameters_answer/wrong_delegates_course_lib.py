# wrong (must lose every point): trains the eight networks with course_lib's MLP instead of predicting
def _flat_predictions():
    from course_lib.activations import Activation, get_activation
    from course_lib.nets import MLP
    rng0 = np.random.default_rng(0)
    X = rng0.uniform(-2, 2, size=(256, 2))
    y = (np.tanh(2 * (X[:, 0] - X[:, 1])) + 0.5 * np.tanh(2 * (X[:, 0] + X[:, 1])))[:, None]
    relu = get_activation("relu")
    acts = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid",
            "relu'(0)=1": Activation("r1", relu.f, lambda z: (np.asarray(z) >= 0).astype(float), "relu")}
    out = {}
    for name, act in acts.items():
        for start in ("all zero", "W2 random"):
            w2 = init.normal((1, 16), 0.0, 0.25, rng=0) if start == "W2 random" else np.zeros((1, 16))
            net = MLP([np.zeros((16, 2)), w2], activation=act, output_activation="linear")
            before = [p.copy() for p in (net.weights[0], net.biases[0], net.weights[1], net.biases[1])]
            for _ in range(300):
                net.mse_loss(X, y)
                net.sgd_step(0.1)
            after = (net.weights[0], net.biases[0], net.weights[1], net.biases[1])
            out[(name, start)] = {n for n, a, b in zip(("W1", "b1", "W2", "b2"), after, before) if np.any(a != b)}
    return out


def predicted_moving_parameters():
    nested = {}
    for (activation, start), names in _flat_predictions().items():
        nested.setdefault(activation, {})[start] = sorted(names)
    return nested
