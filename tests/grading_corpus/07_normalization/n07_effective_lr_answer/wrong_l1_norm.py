# wrong: squared L1 norm instead of the Frobenius norm
def effective_lr(lr, weight):
    return float(lr / np.sum(np.abs(weight)) ** 2)
