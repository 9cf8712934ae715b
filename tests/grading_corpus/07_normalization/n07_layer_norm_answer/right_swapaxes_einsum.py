# right: moves the feature axis first and uses einsum for the sums
def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[-1]
    mean = np.einsum("...i->...", x) / d
    centred = x - mean[..., np.newaxis]
    var = np.einsum("...i,...i->...", centred, centred) / d
    inv = 1.0 / np.sqrt(var + eps)
    return centred * inv[..., np.newaxis] * gamma + beta
