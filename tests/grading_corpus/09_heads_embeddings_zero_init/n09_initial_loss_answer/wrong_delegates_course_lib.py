# wrong: builds the networks with course_lib's MLP and evaluates them with training.evaluate
def predicted_initial_losses():
    """Expected initial cross-entropy of the digits MLP for six heads (dict: head key -> loss)."""
    d = data.load_digits()
    stds = {"zero": 0.0, "small": 0.01 / math.sqrt(128), "pytorch_default": 1 / math.sqrt(3 * 128),
            "lecun": 1 / math.sqrt(128), "xavier": math.sqrt(2 / 138), "normal": 1.0}
    rng = np.random.default_rng(0)
    out = {k: 0.0 for k in stds}
    for _ in range(50):
        hidden = [rng.normal(0, math.sqrt(2 / 64), (128, 64)), rng.normal(0, math.sqrt(2 / 128), (128, 128))]
        g = rng.standard_normal((10, 128))
        for k, s in stds.items():
            net = MLP([*hidden, s * g], activation="relu", output_activation="linear")
            out[k] += training.evaluate(net, d.x_train, d.y_train)[0] / 50
    return out
