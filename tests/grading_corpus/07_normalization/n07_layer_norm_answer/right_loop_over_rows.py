# right: reshape to 2-D and normalize one row at a time
def layer_norm(x, gamma, beta, eps=1e-5):
    x = np.array(x, dtype=np.float64)
    flat = x.reshape(-1, x.shape[-1])
    out = np.empty_like(flat)
    for i, row in enumerate(flat):
        m = sum(row) / len(row)
        v = sum((t - m) ** 2 for t in row) / len(row)
        out[i] = gamma * (row - m) / math.sqrt(v + eps) + beta
    return out.reshape(x.shape)
