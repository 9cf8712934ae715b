# wrong: multiplies by ||W||^2
def effective_lr(lr, weight):
    return float(lr * np.sum(weight**2))
