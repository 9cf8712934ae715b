# wrong: mean of the squares instead of their sum
def effective_lr(lr, weight):
    return float(lr / np.mean(weight**2))
