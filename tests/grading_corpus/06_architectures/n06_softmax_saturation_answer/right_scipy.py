# right: scipy.special softmax and entr
def softmax_saturation(q, k, scaled=True):
    """(mean entropy in nats, mean max weight)."""
    from scipy.special import entr, softmax
    a = q @ k.T / (np.sqrt(q.shape[-1]) if scaled else 1.0)
    p = softmax(a, axis=1)
    return float(entr(p).sum(axis=1).mean()), float(p.max(axis=1).mean())
