# wrong: the release's simulation cell pasted into the function: simulates with course_lib instead of predicting
def predicted_initial_losses():
    """Expected initial cross-entropy of the digits MLP for six heads (dict: head key -> loss)."""
    d = data.load_digits()
    head_stds = {"zero": 0.0, "small": 0.01 / math.sqrt(128), "pytorch_default": 1 / math.sqrt(3 * 128),
                 "lecun": 1 / math.sqrt(128), "xavier": math.sqrt(2 / 138), "normal": 1.0}
    rng = np.random.default_rng(21)
    initial = {name: [] for name in head_stds}
    for _ in range(100):
        h = d.x_train
        for n_in, n_out in ((64, 128), (128, 128)):
            h = np.maximum(h @ rng.normal(0.0, math.sqrt(2 / n_in), (n_out, n_in)).T, 0.0)
        g = rng.standard_normal((10, 128))
        for name, std in head_stds.items():
            initial[name].append(losses.cross_entropy(h @ (std * g).T, d.y_train))
    return {name: float(np.mean(v)) for name, v in initial.items()}
