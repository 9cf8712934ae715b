# wrong: treats SELU like a scaled ReLU (E[selu^2] = lambda^2 q / 2), which has no positive fixed point but 0 or inf
def selu_fixed_point(gain):
    """The fixed point q* > 0 of q -> gain**2 * E[selu(z)^2], z ~ N(0, q)."""
    q = 1.0
    for _ in range(2000):
        q = gain**2 * SELU_SCALE**2 * q / 2
    return q
