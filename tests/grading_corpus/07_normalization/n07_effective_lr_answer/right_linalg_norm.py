# right: Frobenius norm of the flattened array, squared
def effective_lr(lr, weight):
    return lr / np.linalg.norm(np.ravel(weight)) ** 2
