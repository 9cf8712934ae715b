# wrong: lr squared (confuses the norm growth lr^2 ||g||^2 with the rate)
def effective_lr(lr, weight):
    return float(lr**2 / np.sum(weight**2))
