# right: scipy.special.xlogy for 0 log 0 = 0
def softmax_saturation(q, k, scaled=True):
    """(mean entropy in nats, mean max weight)."""
    from scipy.special import xlogy
    a = np.einsum("id,jd->ij", q, k)
    if scaled:
        a /= np.sqrt(k.shape[1])
    a -= a.max(axis=-1)[:, None]
    p = np.exp(a)
    p /= p.sum(axis=-1)[:, None]
    return float(-xlogy(p, p).sum(axis=-1).mean()), float(p.max(axis=-1).mean())
