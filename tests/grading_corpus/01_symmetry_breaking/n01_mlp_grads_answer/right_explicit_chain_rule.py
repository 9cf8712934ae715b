# right: the chain rule written step by step with named intermediate gradients
def mlp_grads(x, y, W1, b1, W2, b2):
    B = len(x)
    z = x @ W1.T + b1
    h = np.tanh(z)
    f = h @ W2.T + b2
    dL_df = (f - y) / B
    dL_dh = dL_df @ W2
    dL_dz = dL_dh / np.cosh(z) ** 2
    return (np.einsum("bi,bj->ij", dL_dz, x), dL_dz.sum(0), np.einsum("bk,bi->ki", dL_df, h), dL_df.sum(0))
