# wrong: data-independent: rescales each W to LeCun's variance 1/fan_in instead of measuring z on the batch
def lsuv_rescale(weights, x, phi, tol=0.05, max_iter=10):
    """Rescale each W_l, first to last, until Var(z_l) is within tol of 1."""
    return [w / (np.std(w) * np.sqrt(w.shape[1])) for w in weights]
