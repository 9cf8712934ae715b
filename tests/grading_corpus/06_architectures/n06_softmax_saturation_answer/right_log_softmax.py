# right: log-softmax via logsumexp
def softmax_saturation(q, k, scaled=True):
    """(mean entropy in nats, mean max weight)."""
    a = (q @ k.T) * (q.shape[1] ** -0.5 if scaled else 1)
    m = a.max(axis=1, keepdims=True)
    logp = a - m - np.log(np.exp(a - m).sum(axis=1, keepdims=True))
    p = np.exp(logp)
    return float(np.mean(-(p * logp).sum(axis=1))), float(np.mean(p.max(axis=1)))
