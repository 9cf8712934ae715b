# wrong: norm of the first row only
def effective_lr(lr, weight):
    return float(lr / np.sum(np.asarray(weight)[0] ** 2))
