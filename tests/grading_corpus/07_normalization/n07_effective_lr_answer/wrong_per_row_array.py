# wrong: returns one rate per row (the BatchNorm case), an array
def effective_lr(lr, weight):
    w = np.asarray(weight).reshape(weight.shape[0], -1)
    return lr / np.sum(w**2, axis=1)
