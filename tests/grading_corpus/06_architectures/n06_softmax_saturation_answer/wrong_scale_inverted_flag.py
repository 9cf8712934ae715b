# wrong: scales when scaled is False
def softmax_saturation(q, k, scaled=True):
    """(mean entropy in nats, mean max weight)."""
    a = q @ k.T
    if not scaled:
        a = a / math.sqrt(q.shape[1])
    p = np.exp(a - a.max(axis=1, keepdims=True))
    p = p / p.sum(axis=1, keepdims=True)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    return float(np.mean(-plogp.sum(axis=1))), float(np.mean(p.max(axis=1)))
