# right: dot product of the flattened weight with itself
def effective_lr(lr, weight):
    w = np.asarray(weight, dtype=float).ravel()
    return float(lr / (w @ w))
