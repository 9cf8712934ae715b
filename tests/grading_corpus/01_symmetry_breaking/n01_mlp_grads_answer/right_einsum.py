# right: every contraction written with einsum
def mlp_grads(x, y, W1, b1, W2, b2):
    B = x.shape[0]
    h = np.tanh(np.einsum("bi,hi->bh", x, W1) + b1)
    f = np.einsum("bh,oh->bo", h, W2) + b2
    e = (f - y) / B
    delta = np.einsum("bo,oh->bh", e, W2) * (1 - h * h)
    return (np.einsum("bh,bi->hi", delta, x), np.einsum("bh->h", delta),
            np.einsum("bo,bh->oh", e, h), np.einsum("bo->o", e))
