# wrong: uses the variance of the entries (centred, divided by the count)
def effective_lr(lr, weight):
    return float(lr / np.var(weight))
