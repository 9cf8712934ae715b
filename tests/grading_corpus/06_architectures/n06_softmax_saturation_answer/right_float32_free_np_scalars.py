# right: numpy scalars returned, transpose of keys first
def softmax_saturation(q, k, scaled=True):
    """(mean entropy in nats, mean max weight)."""
    kt = k.T
    a = q.dot(kt)
    if scaled:
        a = a * (1.0 / np.sqrt(q.shape[1]))
    a = a - np.max(a, axis=1, keepdims=True)
    e = np.exp(a)
    z = e.sum(axis=1, keepdims=True)
    p = e / z
    ent = np.log(z[:, 0]) - (p * a).sum(axis=1)
    return np.mean(ent), np.mean(np.max(p, axis=1))
